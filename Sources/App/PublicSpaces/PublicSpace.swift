import Fluent
import Foundation

/// 公共场地 — a public space of a property that customers may apply to use
/// (PS-1): a lobby, a plaza, a corridor, a wall or window. Fire lanes and
/// exits are registered too, so that they can be refused by name.
public final class PublicSpace: Model, @unchecked Sendable {
    public static let schema = "public_spaces"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: SpaceKind
    /// Square metres that may be used.
    @Field(key: "area_m2") public var areaM2: Double
    @Field(key: "fee_rule") public var feeRule: FeeRule
    /// The rule's price in fen (分): a day, a square metre a day, or an event.
    @Field(key: "fee_fen") public var feeFen: Int
    @OptionalField(key: "max_occupancy") public var maxOccupancy: Int?
    /// 消防通道、安全出口: never occupied, whatever is asked (PS-1).
    @Field(key: "fire_route") public var fireRoute: Bool
    @OptionalField(key: "note") public var note: String?
    @Field(key: "active") public var active: Bool
    @Field(key: "version") public var version: Int

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $name, $kind, $areaM2, $feeRule, $feeFen, $maxOccupancy, $fireRoute, $note, $active, $version] }
}

extension PublicSpace: Versioned {}

public enum SpaceKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case lobby, corridor, plaza, wall, window, other

    public var title: Text {
        switch self {
        case .lobby: Text("大堂", "Lobby")
        case .corridor: Text("通道", "Corridor")
        case .plaza: Text("广场", "Plaza")
        case .wall: Text("墙面", "Wall")
        case .window: Text("窗户/玻璃", "Window or glass")
        case .other: Text("其他", "Other")
        }
    }
}

/// 有偿使用 — how a use is charged (PS-2).
public enum FeeRule: String, TextColumn, Codable, Sendable, CaseIterable {
    case perDay = "per_day"
    case perSquareMetreDay = "per_m2_day"
    case perEvent = "per_event"

    public var title: Text {
        switch self {
        case .perDay: Text("按天", "per day")
        case .perSquareMetreDay: Text("按平方米·天", "per m² a day")
        case .perEvent: Text("按次", "per event")
        }
    }
}

/// 公用场地使用 — one application to use a space, from the customer's
/// written application to its approval, fee and payment: a row of the
/// usage ledger 《公用场地使用登记表》 (PS-2, PS-3).
public final class SpaceUse: Model, @unchecked Sendable {
    public static let schema = "space_uses"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "space_id") public var space: PublicSpace
    @OptionalParent(key: "customer_id") public var customer: Customer?
    /// The applicant as on the written application.
    @Field(key: "applicant") public var applicant: String
    @Field(key: "purpose") public var purpose: String
    @Field(key: "area_m2") public var areaM2: Double
    /// Calendar days, "2026-12-05"; both inclusive.
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    @Field(key: "status") public var status: SpaceUseStatus
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date
    /// 消防安全 and 美观整齐 checked by staff (PS-2).
    @OptionalField(key: "fire_safe") public var fireSafe: Bool?
    @OptionalField(key: "tidy") public var tidy: Bool?
    @OptionalField(key: "check_note") public var checkNote: String?
    @OptionalParent(key: "checked_by_id") public var checkedBy: Staff?
    @OptionalField(key: "checked_at") public var checkedAt: Date?
    @OptionalParent(key: "decided_by_id") public var decidedBy: Staff?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    /// Set by the space's rule at approval.
    @OptionalField(key: "fee_fen") public var feeFen: Int?
    @OptionalField(key: "paid_at") public var paidAt: Date?
    @OptionalField(key: "receipt_no") public var receiptNo: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $space, $customer, $applicant, $purpose, $areaM2, $startsOn, $endsOn, $status, $recordedBy, $recordedAt,
         $fireSafe, $tidy, $checkNote, $checkedBy, $checkedAt, $decidedBy, $decidedAt, $decisionNote, $feeFen, $paidAt, $receiptNo]
    }
}

public enum SpaceUseStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 已申请: the written application is on record.
    case applied
    /// 已核查: fire safety and appearance checked and passed.
    case checked
    case approved
    case refused
    /// Withdrawn by the customer before it started.
    case cancelled

    public var title: Text {
        switch self {
        case .applied: Text("待核查", "Applied")
        case .checked: Text("待审批", "Checked")
        case .approved: Text("已批准", "Approved")
        case .refused: Text("不批准", "Refused")
        case .cancelled: Text("已撤销", "Cancelled")
        }
    }
}

extension PublicSpace: Audited {
    public static let auditType = "public_space"
    public struct Snapshot: Encodable {
        let property: UUID, name: String, kind: SpaceKind, areaM2: Double, feeRule: FeeRule, feeFen: Int, maxOccupancy: Int?
        let fireRoute: Bool, note: String?, active: Bool, version: Int
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, name: name, kind: kind, areaM2: areaM2, feeRule: feeRule, feeFen: feeFen, maxOccupancy: maxOccupancy,
                 fireRoute: fireRoute, note: note, active: active, version: version)
    }
}

extension SpaceUse: Audited {
    public static let auditType = "space_use"
    public struct Snapshot: Encodable {
        let property: UUID, space: UUID, customer: UUID?, applicant: String, purpose: String, areaM2: Double, startsOn: String, endsOn: String
        let status: SpaceUseStatus, recordedBy: UUID, recordedAt: Date, fireSafe: Bool?, tidy: Bool?, checkNote: String?, checkedBy: UUID?, checkedAt: Date?
        let decidedBy: UUID?, decidedAt: Date?, decisionNote: String?, feeFen: Int?, paidAt: Date?, receiptNo: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, space: $space.id, customer: $customer.id, applicant: applicant, purpose: purpose, areaM2: areaM2,
                 startsOn: startsOn, endsOn: endsOn, status: status, recordedBy: $recordedBy.id, recordedAt: recordedAt, fireSafe: fireSafe, tidy: tidy,
                 checkNote: checkNote, checkedBy: $checkedBy.id, checkedAt: checkedAt, decidedBy: $decidedBy.id, decidedAt: decidedAt,
                 decisionNote: decisionNote, feeFen: feeFen, paidAt: paidAt, receiptNo: receiptNo)
    }
}
