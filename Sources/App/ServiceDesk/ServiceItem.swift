import Fluent
import Foundation

/// 客服工单 — one thing a guest or a colleague brought to the service desk:
/// a complaint (投诉), a service request (服务需求), a repair (报修), an
/// opinion (意见), or an incident another record raised (a missing item at a
/// count, SH-11). It always has an owning department and, once assigned, one
/// person who follows it up by a due time; it closes only the way its kind
/// allows: a complaint after the guest is called back (SH-33), a repair when
/// someone other than the one who did it has seen it done.
public final class ServiceItem: Model, @unchecked Sendable {
    public static let schema = "service_items"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// KF-2026-0001, numbered per property and year.
    @Field(key: "reference_no") public var referenceNo: String
    @Field(key: "kind") public var kind: ServiceKind
    @Field(key: "source") public var source: ServiceSource
    @Field(key: "urgent") public var urgent: Bool
    @Field(key: "description") public var description: String
    /// Who raised it: a customer on file, a unit, or a walk-in guest by name and phone.
    @OptionalParent(key: "customer_id") public var customer: Customer?
    @OptionalParent(key: "unit_id") public var unit: Unit?
    @OptionalField(key: "guest_name") public var guestName: String?
    @OptionalField(key: "guest_phone") public var guestPhone: String?
    @Parent(key: "raised_by_id") public var raisedBy: Staff
    @Field(key: "raised_at") public var raisedAt: Date
    /// The department that owns it now; it changes only when a handover is accepted (HO-7).
    @Field(key: "department") public var department: DepartmentCode
    /// Offered to this department at a control-room handover and not yet accepted: still the old owner's (HO-7).
    @OptionalField(key: "pending_department") public var pendingDepartment: DepartmentCode?
    @Field(key: "status") public var status: ServiceStatus
    /// The one person who follows it up, and by when.
    @OptionalParent(key: "owner_id") public var owner: Staff?
    @OptionalField(key: "due_at") public var dueAt: Date?
    /// A complaint's handling plan by severity, set by a supervisor or above (SH-33).
    @OptionalField(key: "severity") public var severity: ComplaintSeverity?
    @OptionalField(key: "plan") public var plan: String?
    @OptionalParent(key: "assigned_by_id") public var assignedBy: Staff?
    @OptionalField(key: "assigned_at") public var assignedAt: Date?
    /// Who did the work and what they said when it was done.
    @OptionalParent(key: "done_by_id") public var doneBy: Staff?
    @OptionalField(key: "done_at") public var doneAt: Date?
    @OptionalField(key: "done_note") public var doneNote: String?
    /// 回访 (complaints) or 验收 (repairs): the last word on whether it is put right.
    @OptionalParent(key: "checked_by_id") public var checkedBy: Staff?
    @OptionalField(key: "checked_at") public var checkedAt: Date?
    @OptionalField(key: "outcome") public var outcome: ServiceOutcome?
    @OptionalField(key: "check_note") public var checkNote: String?
    /// Times it came back: a guest not satisfied, a repair not accepted.
    @Field(key: "reopen_count") public var reopenCount: Int
    @OptionalField(key: "closed_at") public var closedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $referenceNo, $kind, $source, $urgent, $description, $customer, $unit, $guestName, $guestPhone, $raisedBy, $raisedAt,
         $department, $pendingDepartment, $status, $owner, $dueAt, $severity, $plan, $assignedBy, $assignedAt, $doneBy, $doneAt, $doneNote,
         $checkedBy, $checkedAt, $outcome, $checkNote, $reopenCount, $closedAt]
    }
}

/// 工单类别, in the procedure's words.
public enum ServiceKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case complaint, request, repair, opinion, incident

    public var title: Text {
        switch self {
        case .complaint: Text("投诉", "Complaint")
        case .request: Text("服务需求", "Service request")
        case .repair: Text("报修", "Repair")
        case .opinion: Text("意见建议", "Opinion")
        case .incident: Text("事件", "Incident")
        }
    }
}

/// How it reached the desk.
public enum ServiceSource: String, TextColumn, Codable, Sendable, CaseIterable {
    case phone
    case walkIn = "walk_in"
    case showHouse = "show_house"
    /// 非工作时间由安管部接报 — taken by security after hours (HO-7).
    case afterHours = "after_hours"
    /// Raised by a record elsewhere: a count, a patrol (SH-11).
    case record

    public var title: Text {
        switch self {
        case .phone: Text("电话", "Phone")
        case .walkIn: Text("来访", "Walk-in")
        case .showHouse: Text("样板房", "Show house")
        case .afterHours: Text("非工作时间（安管接报）", "After hours (via security)")
        case .record: Text("系统记录", "Raised by a record")
        }
    }
}

public enum ServiceStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 待处理: recorded, nobody named yet.
    case open
    /// 处理中: a person follows it up by a due time.
    case assigned
    /// 待回访 / 待验收: done, waiting for the callback or the check.
    case done
    case closed

    public var title: Text {
        switch self {
        case .open: Text("待处理", "Open")
        case .assigned: Text("处理中", "In hand")
        case .done: Text("待回访/验收", "Awaiting check")
        case .closed: Text("已关闭", "Closed")
        }
    }

    func title(for kind: ServiceKind) -> Text {
        guard self == .done else { return title }
        return switch kind {
        case .complaint: Text("待回访", "Awaiting callback")
        case .repair: Text("待验收", "Awaiting check")
        default: title
        }
    }
}

/// 投诉的严重程度: decides who plans the handling and how fast (SH-33).
public enum ComplaintSeverity: String, TextColumn, Codable, Sendable, CaseIterable {
    case minor, ordinary, serious

    public var title: Text {
        switch self {
        case .minor: Text("轻微", "Minor")
        case .ordinary: Text("一般", "Ordinary")
        case .serious: Text("严重", "Serious")
        }
    }
}

/// 回访结果 / 验收结果.
public enum ServiceOutcome: String, TextColumn, Codable, Sendable, CaseIterable {
    case satisfied
    case notSatisfied = "not_satisfied"

    public var title: Text {
        switch self {
        case .satisfied: Text("满意", "Satisfied")
        case .notSatisfied: Text("不满意", "Not satisfied")
        }
    }
}

extension ServiceItem: Audited {
    public static let auditType = "service_item"
    public struct Snapshot: Encodable {
        let property: UUID, referenceNo: String, kind: ServiceKind, source: ServiceSource, urgent: Bool, description: String
        let customer: UUID?, unit: UUID?, guestName: String?, guestPhone: String?, raisedBy: UUID, raisedAt: Date
        let department: DepartmentCode, pendingDepartment: DepartmentCode?, status: ServiceStatus, owner: UUID?, dueAt: Date?
        let severity: ComplaintSeverity?, plan: String?, assignedBy: UUID?, assignedAt: Date?, doneBy: UUID?, doneAt: Date?, doneNote: String?
        let checkedBy: UUID?, checkedAt: Date?, outcome: ServiceOutcome?, checkNote: String?, reopenCount: Int, closedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, referenceNo: referenceNo, kind: kind, source: source, urgent: urgent, description: description,
                 customer: $customer.id, unit: $unit.id, guestName: guestName, guestPhone: guestPhone, raisedBy: $raisedBy.id, raisedAt: raisedAt,
                 department: department, pendingDepartment: pendingDepartment, status: status, owner: $owner.id, dueAt: dueAt,
                 severity: severity, plan: plan, assignedBy: $assignedBy.id, assignedAt: assignedAt, doneBy: $doneBy.id, doneAt: doneAt, doneNote: doneNote,
                 checkedBy: $checkedBy.id, checkedAt: checkedAt, outcome: outcome, checkNote: checkNote, reopenCount: reopenCount, closedAt: closedAt)
    }
}

/// 处理记录 — one thing the follow-up person did or said about an item.
/// Written once, never edited: the item's story, in order.
public final class ServiceItemNote: Model, @unchecked Sendable {
    public static let schema = "service_item_notes"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "item_id") public var item: ServiceItem
    @Field(key: "text") public var text: String
    @Parent(key: "written_by_id") public var writtenBy: Staff
    @Field(key: "written_at") public var writtenAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $item, $text, $writtenBy, $writtenAt] }
}

extension ServiceItemNote: Audited {
    public static let auditType = "service_item_note"
    public struct Snapshot: Encodable { let property: UUID, item: UUID, text: String, writtenBy: UUID, writtenAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, item: $item.id, text: text, writtenBy: $writtenBy.id, writtenAt: writtenAt) }
}

/// 投诉月度评审 — a month's complaints by outcome and how well they were
/// handled, signed by leadership (篇1 9.2, SH-33). The figures are kept as
/// signed, so a later correction to an item does not change what was signed.
public final class ComplaintReview: Model, @unchecked Sendable {
    public static let schema = "complaint_reviews"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// "2026-11".
    @Field(key: "month") public var month: String
    @Field(key: "figures") public var figures: String
    @Field(key: "note") public var note: String
    @Parent(key: "signed_by_id") public var signedBy: Staff
    @Field(key: "signed_at") public var signedAt: Date
    @OptionalField(key: "signature") public var signature: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $month, $figures, $note, $signedBy, $signedAt, $signature] }
}

extension ComplaintReview: Audited {
    public static let auditType = "complaint_review"
    public struct Snapshot: Encodable { let property: UUID, month: String, figures: String, note: String, signedBy: UUID, signedAt: Date, signature: String? }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, month: month, figures: figures, note: note, signedBy: $signedBy.id, signedAt: signedAt, signature: signature)
    }
}
