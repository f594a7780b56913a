import Fluent
import Foundation

/// 检查表 — what an inspection (SH-30) or a patrol round (SH-19) goes
/// through, item by item, per property. Versioned like the inventory list:
/// a new version applies from the next round, and each record names the
/// version it was made on.
public final class SupervisionChecklist: Model, @unchecked Sendable {
    public static let schema = "supervision_checklists"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "kind") public var kind: ChecklistKind
    @Field(key: "version") public var version: Int
    /// The items, as JSON `["门窗已锁好", …]`.
    @Field(key: "items") public var items: String
    @OptionalParent(key: "edited_by_id") public var editedBy: Staff?
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $kind, $version, $items, $editedBy, $editedAt] }

    public var itemList: [String] { JSONColumn.list(items) }
}

extension SupervisionChecklist: Audited {
    public static let auditType = "supervision_checklist"
    public struct Snapshot: Encodable { let property: UUID, kind: ChecklistKind, version: Int, items: String, editedBy: UUID?, editedAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, kind: kind, version: version, items: items, editedBy: $editedBy.id, editedAt: editedAt) }
}

public enum ChecklistKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 样板房巡查 (SH-30).
    case inspection
    /// 闭馆巡视 (SH-19): the checkpoints of a round.
    case patrol

    public var title: Text {
        switch self {
        case .inspection: Text("样板房巡查检查表", "Inspection checklist")
        case .patrol: Text("闭馆巡视检查点", "Patrol checkpoints")
        }
    }

    /// What the procedure looks at, until someone writes their own.
    var defaults: [String] {
        switch self {
        case .inspection:
            ["物品摆放整齐、到位", "地面、台面、玻璃洁净", "空调温度与除湿符合要求", "灯光照明正常", "接待人员仪容仪表与服务规范",
             "门窗、电器、消防通道无安全隐患", "宣传资料与指示标识齐全", "大堂鞋套、雨伞套袋等物料充足"]
        case .patrol:
            ["入户门已锁好", "窗户已关闭", "灯光已关闭", "空调已关闭", "电源总闸已关闭", "无异响、异味、渗漏", "无人员滞留"]
        }
    }
}

/// 巡查记录 — a supervisor's or foreman's inspection of a show house
/// (SH-30): each item of the checklist passed, failed or flagged, with notes
/// and photos. A failed item raises a rectification notice in one step.
public final class Inspection: Model, @unchecked Sendable {
    public static let schema = "inspections"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Parent(key: "checklist_id") public var checklist: SupervisionChecklist
    @Field(key: "day") public var day: String
    /// Each item's result, as JSON, in the checklist's order.
    @Field(key: "results") public var results: String
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "inspected_by_id") public var inspectedBy: Staff
    @Field(key: "inspected_at") public var inspectedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $showHouse, $checklist, $day, $results, $note, $inspectedBy, $inspectedAt] }

    public var resultList: [InspectionResult] { JSONColumn.list(results) }
}

extension Inspection: Audited {
    public static let auditType = "inspection"
    public struct Snapshot: Encodable { let property: UUID, showHouse: UUID, checklist: UUID, day: String, results: String, note: String?, inspectedBy: UUID, inspectedAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, checklist: $checklist.id, day: day, results: results, note: note, inspectedBy: $inspectedBy.id, inspectedAt: inspectedAt)
    }
}

/// One item of an inspection.
public struct InspectionResult: Codable, Sendable, Equatable {
    public var item: String
    public var result: InspectionMark
    public var note: String?
}

public enum InspectionMark: String, Codable, Sendable, CaseIterable {
    case pass, fail
    /// 提醒: not a failure, but to be watched.
    case flag

    public var title: Text {
        switch self {
        case .pass: Text("合格", "Pass")
        case .fail: Text("不合格", "Fail")
        case .flag: Text("提醒关注", "Flag")
        }
    }
}

/// 闭馆巡视记录 — one patrol round of a show house after closing (SH-19):
/// who, when, each checkpoint found in order or not. Anything not in order is
/// escalated to security's foreman on duty and opens an incident at the
/// service desk.
public final class PatrolRound: Model, @unchecked Sendable {
    public static let schema = "patrol_rounds"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Parent(key: "checklist_id") public var checklist: SupervisionChecklist
    @Field(key: "day") public var day: String
    /// Each checkpoint's state, as JSON, in the checklist's order.
    @Field(key: "checkpoints") public var checkpoints: String
    @Field(key: "anomaly") public var anomaly: Bool
    @OptionalParent(key: "service_item_id") public var serviceItem: ServiceItem?
    @Parent(key: "patrolled_by_id") public var patrolledBy: Staff
    @Field(key: "patrolled_at") public var patrolledAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $showHouse, $checklist, $day, $checkpoints, $anomaly, $serviceItem, $patrolledBy, $patrolledAt] }

    public var checkpointList: [PatrolCheckpoint] { JSONColumn.list(checkpoints) }
}

extension PatrolRound: Audited {
    public static let auditType = "patrol_round"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, checklist: UUID, day: String, checkpoints: String, anomaly: Bool, serviceItem: UUID?, patrolledBy: UUID, patrolledAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, checklist: $checklist.id, day: day, checkpoints: checkpoints, anomaly: anomaly,
                 serviceItem: $serviceItem.id, patrolledBy: $patrolledBy.id, patrolledAt: patrolledAt)
    }
}

public struct PatrolCheckpoint: Codable, Sendable, Equatable {
    public var item: String
    public var ok: Bool
    public var note: String?
}
