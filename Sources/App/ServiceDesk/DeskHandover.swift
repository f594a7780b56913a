import Fluent
import Foundation

/// 监控室交接 — the desk changing hands with the security control room
/// (篇3 3.1–3.3, HO-7): at 08:00 security hands the night's complaints and
/// requests to customer service; at 18:00 customer service hands its open
/// items to security. An item changes owner only when the receiving side
/// accepts it; what it does not accept stays with the old owner, pending.
public final class DeskHandover: Model, @unchecked Sendable {
    public static let schema = "desk_handovers"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// The property's calendar day.
    @Field(key: "day") public var day: String
    @Field(key: "slot") public var slot: DeskSlot
    @Parent(key: "offered_by_id") public var offeredBy: Staff
    @Field(key: "offered_at") public var offeredAt: Date
    @OptionalField(key: "note") public var note: String?
    /// The items offered, and how many of them were urgent (HO-8).
    @Field(key: "item_count") public var itemCount: Int
    @Field(key: "urgent_count") public var urgentCount: Int
    @OptionalParent(key: "accepted_by_id") public var acceptedBy: Staff?
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "accepted_count") public var acceptedCount: Int?
    @OptionalField(key: "acceptance_note") public var acceptanceNote: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $day, $slot, $offeredBy, $offeredAt, $note, $itemCount, $urgentCount, $acceptedBy, $acceptedAt, $acceptedCount, $acceptanceNote]
    }
}

/// 早交接 (08:00, security → customer service) and 晚交接 (18:00, the other way).
public enum DeskSlot: String, TextColumn, Codable, Sendable, CaseIterable {
    case morning, evening

    public var title: Text {
        switch self {
        case .morning: Text("早交接（安管部→客服部）", "Morning (security → customer service)")
        case .evening: Text("晚交接（客服部→安管部）", "Evening (customer service → security)")
        }
    }

    public var from: DepartmentCode { self == .morning ? .security : .customerService }
    public var to: DepartmentCode { self == .morning ? .customerService : .security }
}

extension DeskHandover: Audited {
    public static let auditType = "desk_handover"
    public struct Snapshot: Encodable {
        let property: UUID, day: String, slot: DeskSlot, offeredBy: UUID, offeredAt: Date, note: String?, itemCount: Int, urgentCount: Int
        let acceptedBy: UUID?, acceptedAt: Date?, acceptedCount: Int?, acceptanceNote: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, day: day, slot: slot, offeredBy: $offeredBy.id, offeredAt: offeredAt, note: note, itemCount: itemCount,
                 urgentCount: urgentCount, acceptedBy: $acceptedBy.id, acceptedAt: acceptedAt, acceptedCount: acceptedCount, acceptanceNote: acceptanceNote)
    }
}

/// One item offered at a control-room handover, and whether it was taken.
public final class DeskHandoverItem: Model, @unchecked Sendable {
    public static let schema = "desk_handover_items"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "handover_id") public var handover: DeskHandover
    @Parent(key: "item_id") public var item: ServiceItem
    @OptionalField(key: "accepted") public var accepted: Bool?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $handover, $item, $accepted] }
}

extension DeskHandoverItem: Audited {
    public static let auditType = "desk_handover_item"
    public struct Snapshot: Encodable { let property: UUID, handover: UUID, item: UUID, accepted: Bool? }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, handover: $handover.id, item: $item.id, accepted: accepted) }
}

/// 交接时间 — when the desk changes hands each day (HO-7). Customer
/// service's working hours run from the morning handover to the evening one;
/// outside them the security control room holds the key cabinet (KY-3).
public final class ShiftSettings: Model, @unchecked Sendable {
    public static let schema = "shift_settings"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "morning_handover") public var morningHandover: String
    @Field(key: "evening_handover") public var eveningHandover: String
    @Parent(key: "edited_by_id") public var editedBy: Staff
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $morningHandover, $eveningHandover, $editedBy, $editedAt] }

    /// The procedure's times when a property has set none: 08:00 and 18:00 [3.1, 3.2].
    static let defaults = (morning: "08:00", evening: "18:00")
}

extension ShiftSettings: Audited {
    public static let auditType = "shift_settings"
    public struct Snapshot: Encodable { let property: UUID, morningHandover: String, eveningHandover: String, editedBy: UUID, editedAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, morningHandover: morningHandover, eveningHandover: eveningHandover, editedBy: $editedBy.id, editedAt: editedAt)
    }
}
