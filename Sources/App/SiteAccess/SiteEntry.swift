import Fluent
import Foundation

/// 出入登记 (SH-44): one worker's entry at the gate against an active form
/// and its window, and the exit: people, tools and materials checked before
/// the worker is released. An entry outside reception hours is night work,
/// which security supervises.
public final class SiteEntry: Model, @unchecked Sendable {
    public static let schema = "site_entries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "form_id") public var form: WorkLiaisonForm
    @Parent(key: "worker_id") public var worker: WorkFormWorker
    @Field(key: "entered_at") public var enteredAt: Date
    @Parent(key: "entered_by_id") public var enteredBy: Staff
    @Field(key: "night") public var night: Bool
    @OptionalField(key: "exited_at") public var exitedAt: Date?
    @OptionalParent(key: "exited_by_id") public var exitedBy: Staff?
    /// What left with the worker (携带物品、施工工具), in words.
    @OptionalField(key: "carried_out") public var carriedOut: String?
    @OptionalField(key: "exit_note") public var exitNote: String?
    /// When the watch said the worker is still inside past the form's end, so it says it once.
    @OptionalField(key: "overstay_alerted_at") public var overstayAlertedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $form, $worker, $enteredAt, $enteredBy, $night, $exitedAt, $exitedBy, $carriedOut, $exitNote, $overstayAlertedAt] }
}

extension SiteEntry: Audited {
    public static let auditType = "site_entry"
    public struct Snapshot: Encodable {
        let property: UUID, form: UUID, worker: UUID, enteredAt: Date, enteredBy: UUID, night: Bool, exitedAt: Date?, exitedBy: UUID?, carriedOut: String?, exitNote: String?
        let overstayAlertedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, form: $form.id, worker: $worker.id, enteredAt: enteredAt, enteredBy: $enteredBy.id, night: night, exitedAt: exitedAt,
                 exitedBy: $exitedBy.id, carriedOut: carriedOut, exitNote: exitNote, overstayAlertedAt: overstayAlertedAt)
    }
}

/// 成品保护与完工清场 (SH-45): before a session, surfaces covered; after it,
/// the site cleaned, waste taken away and things back in place — checked by
/// the show house's staff.
public final class WorkSiteCheck: Model, @unchecked Sendable {
    public static let schema = "work_site_checks"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "form_id") public var form: WorkLiaisonForm
    @Field(key: "stage") public var stage: SiteCheckStage
    /// Each line of the stage's checklist: `[{"item":…,"ok":true,"note":…}]`.
    @Field(key: "lines") public var lines: String
    @Field(key: "all_ok") public var allOK: Bool
    @Parent(key: "checked_by_id") public var checkedBy: Staff
    @Field(key: "checked_at") public var checkedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $form, $stage, $lines, $allOK, $checkedBy, $checkedAt] }
}

extension WorkSiteCheck: Audited {
    public static let auditType = "work_site_check"
    public struct Snapshot: Encodable { let property: UUID, form: UUID, stage: SiteCheckStage, lines: String, allOK: Bool, checkedBy: UUID, checkedAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, form: $form.id, stage: stage, lines: lines, allOK: allOK, checkedBy: $checkedBy.id, checkedAt: checkedAt)
    }
}

public enum SiteCheckStage: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 施工前: 成品保护.
    case before
    /// 施工后: 清场、清运垃圾、物品复位.
    case after
    /// 夜间施工监护 [5.7(3)]: security looks in on night work (SH-44).
    case night

    public var title: Text {
        switch self {
        case .before: Text("施工前成品保护", "Before: surfaces protected")
        case .after: Text("完工清场", "After: site cleared")
        case .night: Text("夜间施工监护", "Night work supervised")
        }
    }

    /// Who checks: the show house's staff before and after, security at night.
    public var action: Action { self == .night ? .keepSiteGate : .checkWorkSite }

    /// The procedure's lines for the stage [10.4, 10.5].
    public var items: [String] {
        switch self {
        case .before: ["地面已遮盖保护", "家具物品已遮盖或移开", "施工区域已隔离"]
        case .after: ["施工现场已清理干净", "施工垃圾已清走", "物品已恢复原位", "门窗水电已关闭"]
        case .night: ["施工人员均在批准区域内", "无跨区域或超范围施工", "用电用火安全措施到位"]
        }
    }
}
