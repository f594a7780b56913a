import Fluent
import Foundation

/// 违章 — a public space used against the rules (PS-4, PS-5): occupied
/// without leave, a sign or advert on a window or glass, graffiti, posters,
/// damage. Anyone on patrol reports it with photos (security reports to
/// customer service); customer service orders the party to remove it and
/// restore the place by a day, verifies the restoration, and records the
/// penalty the rules set. An unpaid penalty is the party's arrears.
public final class SpaceViolation: Model, @unchecked Sendable {
    public static let schema = "space_violations"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// WZ-2026-0001, numbered per property and year.
    @Field(key: "reference_no") public var referenceNo: String
    /// The registered space, when it happened on one.
    @OptionalParent(key: "space_id") public var space: PublicSpace?
    /// Where, in words: "3栋电梯厅玻璃门".
    @Field(key: "place") public var place: String
    @Field(key: "kind") public var kind: ViolationKind
    @Field(key: "description") public var description: String
    @Parent(key: "reported_by_id") public var reportedBy: Staff
    @Field(key: "reported_at") public var reportedAt: Date
    @Field(key: "status") public var status: ViolationStatus
    /// The party, once known: a customer on file, or in words ("2栋商铺 老王烟酒").
    @OptionalParent(key: "customer_id") public var customer: Customer?
    @OptionalField(key: "party") public var party: String?
    @OptionalParent(key: "ordered_by_id") public var orderedBy: Staff?
    @OptionalField(key: "ordered_at") public var orderedAt: Date?
    /// 责令拆除、恢复原状 by this day (the property's calendar).
    @OptionalField(key: "restore_by") public var restoreBy: String?
    /// The end of that day, when a check becomes late: what the to-do list compares.
    @OptionalField(key: "restore_due_at") public var restoreDueAt: Date?
    @OptionalField(key: "order_note") public var orderNote: String?
    /// Inspections that found it not yet restored.
    @Field(key: "failed_checks") public var failedChecks: Int
    @OptionalParent(key: "closed_by_id") public var closedBy: Staff?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "closing_note") public var closingNote: String?
    /// 处罚, in fen, with the rule it follows.
    @OptionalField(key: "penalty_fen") public var penaltyFen: Int?
    @OptionalField(key: "penalty_basis") public var penaltyBasis: String?
    @OptionalParent(key: "penalty_by_id") public var penaltyBy: Staff?
    @OptionalField(key: "penalty_paid_at") public var penaltyPaidAt: Date?
    @OptionalField(key: "penalty_receipt") public var penaltyReceipt: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $referenceNo, $space, $place, $kind, $description, $reportedBy, $reportedAt, $status, $customer, $party, $orderedBy, $orderedAt,
         $restoreBy, $restoreDueAt, $orderNote, $failedChecks, $closedBy, $closedAt, $closingNote, $penaltyFen, $penaltyBasis, $penaltyBy, $penaltyPaidAt, $penaltyReceipt]
    }

    /// A penalty set and not yet paid: arrears in the party's file (CA-2 [3.7]).
    public var owes: Bool { (penaltyFen ?? 0) > 0 && penaltyPaidAt == nil }
}

/// What was done wrong, in the procedure's words [2.1, 2.3, 2.4].
public enum ViolationKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 私自使用公共场地
    case occupation
    /// 在窗外和玻璃上悬挂、张贴招牌及广告
    case signage
    /// 乱涂、乱画
    case graffiti
    /// 乱贴
    case posters
    /// 损坏公共场地设施、设备
    case damage
    case other

    public var title: Text {
        switch self {
        case .occupation: Text("私自占用公共场地", "Occupied without leave")
        case .signage: Text("窗外/玻璃悬挂张贴招牌广告", "Sign or advert on a window or glass")
        case .graffiti: Text("乱涂乱画", "Graffiti")
        case .posters: Text("乱贴", "Posters")
        case .damage: Text("损坏设施设备", "Damage")
        case .other: Text("其他", "Other")
        }
    }
}

public enum ViolationStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 已报告: on record, waiting for customer service.
    case reported
    /// 已责令整改: the party is told to remove and restore by a day.
    case ordered
    /// 已恢复: staff saw it restored.
    case restored
    /// 不属违章: looked into and found in order (an approved use, say).
    case dismissed

    public var title: Text {
        switch self {
        case .reported: Text("待处理", "Reported")
        case .ordered: Text("整改中", "Ordered")
        case .restored: Text("已恢复", "Restored")
        case .dismissed: Text("不属违章", "Dismissed")
        }
    }

    public var isOpen: Bool { self == .reported || self == .ordered }
}

extension SpaceViolation: Audited {
    public static let auditType = "space_violation"
    public struct Snapshot: Encodable {
        let property: UUID, referenceNo: String, space: UUID?, place: String, kind: ViolationKind, description: String, reportedBy: UUID, reportedAt: Date
        let status: ViolationStatus, customer: UUID?, party: String?, orderedBy: UUID?, orderedAt: Date?, restoreBy: String?, restoreDueAt: Date?, orderNote: String?
        let failedChecks: Int, closedBy: UUID?, closedAt: Date?, closingNote: String?, penaltyFen: Int?, penaltyBasis: String?, penaltyBy: UUID?
        let penaltyPaidAt: Date?, penaltyReceipt: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, referenceNo: referenceNo, space: $space.id, place: place, kind: kind, description: description,
                 reportedBy: $reportedBy.id, reportedAt: reportedAt, status: status, customer: $customer.id, party: party, orderedBy: $orderedBy.id,
                 orderedAt: orderedAt, restoreBy: restoreBy, restoreDueAt: restoreDueAt, orderNote: orderNote, failedChecks: failedChecks, closedBy: $closedBy.id, closedAt: closedAt,
                 closingNote: closingNote, penaltyFen: penaltyFen, penaltyBasis: penaltyBasis, penaltyBy: $penaltyBy.id, penaltyPaidAt: penaltyPaidAt,
                 penaltyReceipt: penaltyReceipt)
    }
}
