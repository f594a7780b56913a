import Fluent
import Foundation

/// 样板房施工交接 (SH-21): the show house's furnishings counted line by line
/// and handed over to the construction side, then counted again when they
/// hand it back; both sides sign — staff in their own session, the
/// contractor's representative with a drawn signature (《样板房交接班记录表》).
public final class ConstructionHandover: Model, @unchecked Sendable {
    public static let schema = "construction_handovers"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Parent(key: "inventory_id") public var inventory: ShowHouseInventory
    @Field(key: "direction") public var direction: HandoverDirection
    @Field(key: "day") public var day: String
    /// 施工单位 and its representative, who signs.
    @Field(key: "contractor") public var contractor: String
    @Field(key: "representative") public var representative: String
    @Field(key: "representative_signature") public var representativeSignature: String
    /// One mark per line of the list, as JSON, as counts have them.
    @Field(key: "marks") public var marks: String
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "by_id") public var by: Staff
    @Field(key: "at") public var at: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $inventory, $direction, $day, $contractor, $representative, $representativeSignature, $marks, $note, $by, $at]
    }

    public var markList: [CountMark] { JSONColumn.list(marks) }
}

public enum HandoverDirection: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 交施工方.
    case handedOver = "handed_over"
    /// 施工方交回.
    case takenBack = "taken_back"

    public var title: Text {
        switch self {
        case .handedOver: Text("交施工方", "Handed to construction")
        case .takenBack: Text("施工方交回", "Taken back from construction")
        }
    }
}

extension ConstructionHandover: Audited {
    public static let auditType = "construction_handover"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, inventory: UUID, direction: HandoverDirection, day: String, contractor: String, representative: String
        let representativeSignature: String, marks: String, note: String?, by: UUID, at: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, inventory: $inventory.id, direction: direction, day: day, contractor: contractor, representative: representative,
                 representativeSignature: representativeSignature, marks: marks, note: note, by: $by.id, at: at)
    }
}
