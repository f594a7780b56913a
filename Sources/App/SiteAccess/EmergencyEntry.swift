import Fluent
import Foundation

/// 紧急进入 (SH-1, SH-2, SH-54): guards go into a show house only in an
/// emergency, with a supervisor or above present — who confirms it in their
/// own session before anyone goes in. Time in and out are kept, it is
/// written into the shift's handover, breaking the seal on security's key
/// set is part of it, and it stays open until the supervisor's written
/// report exists.
public final class EmergencyEntry: Model, @unchecked Sendable {
    public static let schema = "emergency_entries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "emergency") public var emergency: Emergency
    @Field(key: "reason") public var reason: String
    /// The guards going in, in words (names).
    @Field(key: "guards") public var guards: String
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date
    @Parent(key: "supervisor_id") public var supervisor: Staff
    /// When the supervisor confirmed being there; the entry starts then.
    @OptionalField(key: "entered_at") public var enteredAt: Date?
    /// Security's sealed set, opened for this entry (SH-54).
    @OptionalParent(key: "key_set_id") public var keySet: KeySet?
    @OptionalField(key: "exited_at") public var exitedAt: Date?
    @OptionalParent(key: "exited_by_id") public var exitedBy: Staff?
    @OptionalField(key: "report") public var report: String?
    @OptionalField(key: "reported_at") public var reportedAt: Date?
    /// When the watch said the report is missing, so it says it once.
    @OptionalField(key: "report_alerted_at") public var reportAlertedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $emergency, $reason, $guards, $recordedBy, $recordedAt, $supervisor, $enteredAt, $keySet, $exitedAt, $exitedBy,
         $report, $reportedAt, $reportAlertedAt]
    }

    public var stage: EmergencyStage { SiteAccessRules.stage(entered: enteredAt, exited: exitedAt, reported: reportedAt) }
}

extension EmergencyEntry: Audited {
    public static let auditType = "emergency_entry"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, emergency: Emergency, reason: String, guards: String, recordedBy: UUID, recordedAt: Date, supervisor: UUID
        let enteredAt: Date?, keySet: UUID?, exitedAt: Date?, exitedBy: UUID?, report: String?, reportedAt: Date?, reportAlertedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, emergency: emergency, reason: reason, guards: guards, recordedBy: $recordedBy.id,
                 recordedAt: recordedAt, supervisor: $supervisor.id, enteredAt: enteredAt, keySet: $keySet.id, exitedAt: exitedAt, exitedBy: $exitedBy.id,
                 report: report, reportedAt: reportedAt, reportAlertedAt: reportAlertedAt)
    }
}

/// Where an emergency entry stands (SH-2).
public enum EmergencyStage: String, Codable, Sendable, CaseIterable {
    case awaitingSupervisor = "awaiting_supervisor"
    case inside
    case awaitingReport = "awaiting_report"
    case closed

    public var title: Text {
        switch self {
        case .awaitingSupervisor: Text("待主管到场确认", "Waiting for the supervisor")
        case .inside: Text("已进入", "Inside")
        case .awaitingReport: Text("待书面报告", "Waiting for the report")
        case .closed: Text("已报告关闭", "Reported and closed")
        }
    }
}

/// 非接待时间进入审批 (SH-3): outside reception hours only the show house's
/// staff and people leadership approved come in; each approval is recorded,
/// and security admits against it.
public final class AfterHoursPass: Model, @unchecked Sendable {
    public static let schema = "after_hours_passes"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    /// Who comes in, and from where.
    @Field(key: "visitor") public var visitor: String
    @Field(key: "purpose") public var purpose: String
    @Field(key: "valid_from") public var validFrom: Date
    @Field(key: "valid_until") public var validUntil: Date
    @Parent(key: "requested_by_id") public var requestedBy: Staff
    @Field(key: "requested_at") public var requestedAt: Date
    @OptionalParent(key: "decided_by_id") public var decidedBy: Staff?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "approved") public var approved: Bool?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    @OptionalParent(key: "admitted_by_id") public var admittedBy: Staff?
    @OptionalField(key: "admitted_at") public var admittedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $visitor, $purpose, $validFrom, $validUntil, $requestedBy, $requestedAt, $decidedBy, $decidedAt, $approved, $decisionNote,
         $admittedBy, $admittedAt]
    }
}

extension AfterHoursPass: Audited {
    public static let auditType = "after_hours_pass"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, visitor: String, purpose: String, validFrom: Date, validUntil: Date, requestedBy: UUID, requestedAt: Date
        let decidedBy: UUID?, decidedAt: Date?, approved: Bool?, decisionNote: String?, admittedBy: UUID?, admittedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, visitor: visitor, purpose: purpose, validFrom: validFrom, validUntil: validUntil,
                 requestedBy: $requestedBy.id, requestedAt: requestedAt, decidedBy: $decidedBy.id, decidedAt: decidedAt, approved: approved,
                 decisionNote: decisionNote, admittedBy: $admittedBy.id, admittedAt: admittedAt)
    }
}
