import Fluent
import Foundation

/// 职责 — a duty with a clock: what is to be done (an inspection, a
/// patrol round, a count…), where (the property or one show house), who
/// answers for it (a department at a rank), when (daily in windows, every N
/// minutes inside a window, weekly, monthly) and how late it may be before
/// it is missed. A duty is data: edited, it is a new row of the same series
/// that applies from the next occurrence, so past occurrences keep the rule
/// they were due under.
public final class Duty: Model, @unchecked Sendable {
    public static let schema = "duties"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// The same duty across its edits.
    @Field(key: "series_id") public var seriesID: UUID
    @Field(key: "kind") public var kind: DutyKind
    @OptionalParent(key: "show_house_id") public var showHouse: ShowHouse?
    /// The post whose shifts hand over (HO-1).
    @OptionalParent(key: "post_id") public var post: Post?
    @Field(key: "department") public var department: DepartmentCode
    @Field(key: "minimum_rank") public var minimumRank: Rank
    @Field(key: "cadence") public var cadence: DutyCadence
    /// "08:30-09:00,13:00-18:00" (daily), "18:00-08:30" (every N minutes), "09:00" (weekly, monthly).
    @Field(key: "windows") public var windows: String
    @OptionalField(key: "every_minutes") public var everyMinutes: Int?
    /// 1 = Monday … 7 = Sunday.
    @OptionalField(key: "weekday") public var weekday: Int?
    @OptionalField(key: "month_day") public var monthDay: Int?
    @Field(key: "grace_minutes") public var graceMinutes: Int
    @Field(key: "effective_from") public var effectiveFrom: Date
    @OptionalField(key: "retired_at") public var retiredAt: Date?
    /// Nil for the procedure's defaults, installed by the system.
    @OptionalParent(key: "edited_by_id") public var editedBy: Staff?
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $seriesID, $kind, $showHouse, $post, $department, $minimumRank, $cadence, $windows, $everyMinutes, $weekday, $monthDay, $graceMinutes,
         $effectiveFrom, $retiredAt, $editedBy, $editedAt]
    }

    var plan: DutyPlan {
        DutyPlan(cadence: cadence, windows: (try? DutyRules.windows(windows, cadence: cadence)) ?? [], everyMinutes: everyMinutes ?? 0,
                 weekday: weekday ?? 1, monthDay: monthDay ?? 1, graceMinutes: graceMinutes)
    }
}

extension Duty: Audited {
    public static let auditType = "duty"
    public struct Snapshot: Encodable {
        let property: UUID, seriesID: UUID, kind: DutyKind, showHouse: UUID?, post: UUID?, department: DepartmentCode, minimumRank: Rank, cadence: DutyCadence, windows: String
        let everyMinutes: Int?, weekday: Int?, monthDay: Int?, graceMinutes: Int, effectiveFrom: Date, retiredAt: Date?, editedBy: UUID?, editedAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, seriesID: seriesID, kind: kind, showHouse: $showHouse.id, post: $post.id, department: department, minimumRank: minimumRank, cadence: cadence,
                 windows: windows, everyMinutes: everyMinutes, weekday: weekday, monthDay: monthDay, graceMinutes: graceMinutes, effectiveFrom: effectiveFrom,
                 retiredAt: retiredAt, editedBy: $editedBy.id, editedAt: editedAt)
    }
}

/// What a duty is, and which records fulfil it.
public enum DutyKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 主管/领班巡查 (SH-30): an inspection of the show house.
    case inspection
    /// 闭馆后巡视 (SH-19): a patrol round of the show house.
    case patrol
    /// 开馆清点 (SH-10).
    case openingCount = "opening_count"
    /// 闭馆清点 (SH-10).
    case closingCount = "closing_count"
    /// 当日记录审核签字 (SH-18).
    case dayReview = "day_review"
    /// 监控室交接 08:00 / 18:00 (HO-7).
    case deskHandover = "desk_handover"
    /// 岗位交接班 (HO-1): each post's sheets handed over at the shift changes.
    case postHandover = "post_handover"
    /// 开馆前清洁 (SH-20): before 08:30, a setting (the source also says 09:00).
    case cleaning
    /// 地面石材保养计划 (SH-20): a show house's periodic maintenance plan, kept by its runs.
    case floorMaintenance = "floor_maintenance"
    /// 每周消防复核 (SH-6): the weekly review of the extinguishers' monthly checks.
    case fireReview = "fire_review"
    /// 每周管理检查 (SH-37).
    case managementAudit = "management_audit"

    public var title: Text {
        switch self {
        case .inspection: Text("样板房巡查", "Inspection")
        case .patrol: Text("闭馆巡视", "Patrol round")
        case .openingCount: Text("开馆清点", "Opening count")
        case .closingCount: Text("闭馆清点", "Closing count")
        case .dayReview: Text("当日记录审核", "Day record signed")
        case .deskHandover: Text("监控室交接", "Control-room handover")
        case .postHandover: Text("岗位交接班", "Shift handover")
        case .cleaning: Text("开馆前清洁", "Cleaning before opening")
        case .floorMaintenance: Text("地面石材保养计划", "Floor maintenance plan")
        case .fireReview: Text("每周消防复核", "Weekly fire-safety review")
        case .managementAudit: Text("每周管理检查", "Weekly management audit")
        }
    }

    public var rule: String {
        switch self {
        case .inspection: "SH-30"
        case .patrol: "SH-19"
        case .openingCount, .closingCount: "SH-10"
        case .dayReview: "SH-18"
        case .deskHandover: "HO-7"
        case .postHandover: "HO-1"
        case .cleaning, .floorMaintenance: "SH-20"
        case .fireReview: "SH-6"
        case .managementAudit: "SH-37"
        }
    }

    /// Whether the duty is one show house's (or the property's).
    public var perShowHouse: Bool { ![.deskHandover, .postHandover, .fireReview, .managementAudit].contains(self) }
    /// Whether the duty is one post's.
    public var perPost: Bool { self == .postHandover }
}

/// How often a duty falls due.
public enum DutyCadence: String, TextColumn, Codable, Sendable, CaseIterable {
    /// Once in each window of the day ("08:30-09:00,13:00-18:00").
    case daily
    /// Every N minutes inside one window, which may run past midnight ("18:00-08:30").
    case every
    /// On one weekday, by a time.
    case weekly
    /// On one day of the month, by a time.
    case monthly

    public var title: Text {
        switch self {
        case .daily: Text("每天", "Daily")
        case .every: Text("每隔若干分钟", "Every N minutes")
        case .weekly: Text("每周", "Weekly")
        case .monthly: Text("每月", "Monthly")
        }
    }
}

/// 未完成记录 — an occurrence of a duty that passed its grace with no record
/// to fulfil it. Written once by the duty watch, which alerts once;
/// someone answerable can say why, once.
public final class DutyMiss: Model, @unchecked Sendable {
    public static let schema = "duty_misses"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "duty_id") public var duty: Duty
    @Field(key: "due_at") public var dueAt: Date
    @Field(key: "missed_at") public var missedAt: Date
    @Field(key: "detected_at") public var detectedAt: Date
    @OptionalField(key: "explanation") public var explanation: String?
    @OptionalParent(key: "explained_by_id") public var explainedBy: Staff?
    @OptionalField(key: "explained_at") public var explainedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $duty, $dueAt, $missedAt, $detectedAt, $explanation, $explainedBy, $explainedAt] }
}

extension DutyMiss: Audited {
    public static let auditType = "duty_miss"
    public struct Snapshot: Encodable {
        let property: UUID, duty: UUID, dueAt: Date, missedAt: Date, detectedAt: Date, explanation: String?, explainedBy: UUID?, explainedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, duty: $duty.id, dueAt: dueAt, missedAt: missedAt, detectedAt: detectedAt, explanation: explanation,
                 explainedBy: $explainedBy.id, explainedAt: explainedAt)
    }
}
