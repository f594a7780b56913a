import Fluent
import Foundation

/// 运行记录 — the other records 篇1 keeps and has reviewed: fire-safety
/// checks and the weekly review of the extinguishers' monthly checks (SH-6),
/// emergency plans and their drills per show house (SH-7), the day's weather preparation and
/// the night post layout (SH-5), cleaning and floor maintenance (SH-20),
/// vendor assessments (SH-35), management audits, training and staff
/// assessments (SH-37), negligence against the person responsible (SH-38).
/// Each kind says what it needs and who reviews it (`OperationsRules`).
/// Reviewed, a record is frozen.
public final class OperationsRecord: Model, @unchecked Sendable {
    public static let schema = "operations_records"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "kind") public var kind: OperationsKind
    @Field(key: "day") public var day: String
    @OptionalParent(key: "show_house_id") public var showHouse: ShowHouse?
    /// The department audited (SH-37).
    @OptionalField(key: "department") public var department: DepartmentCode?
    /// The person assessed, trained or held responsible (SH-37, SH-38).
    @OptionalParent(key: "subject_id") public var subject: Staff?
    /// The outsourced vendor (SH-35).
    @OptionalField(key: "vendor") public var vendor: String?
    @Field(key: "title") public var title: String
    /// The kind's checklist as marked, as JSON.
    @Field(key: "checks") public var checks: String
    @Field(key: "summary") public var summary: String
    /// A score out of 100 where the kind keeps one (SH-35, SH-37).
    @OptionalField(key: "score") public var score: Int?
    /// What is to follow: the fire rectification opinion, the vendor's follow-up, the loss (SH-6, SH-35, SH-38).
    @OptionalField(key: "follow_up") public var followUp: String?
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalParent(key: "reviewed_by_id") public var reviewedBy: Staff?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    @OptionalField(key: "approved") public var approved: Bool?
    @OptionalField(key: "review_note") public var reviewNote: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $kind, $day, $showHouse, $department, $subject, $vendor, $title, $checks, $summary, $score, $followUp, $recordedBy, $recordedAt,
         $reviewedBy, $reviewedAt, $approved, $reviewNote]
    }

    public var checkList: [RecordCheck] { JSONColumn.list(checks) }
}

extension OperationsRecord: Audited {
    public static let auditType = "operations_record"
    public struct Snapshot: Encodable {
        let property: UUID, kind: OperationsKind, day: String, showHouse: UUID?, department: DepartmentCode?, subject: UUID?, vendor: String?, title: String, checks: String
        let summary: String, score: Int?, followUp: String?, recordedBy: UUID, recordedAt: Date, reviewedBy: UUID?, reviewedAt: Date?, approved: Bool?, reviewNote: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, kind: kind, day: day, showHouse: $showHouse.id, department: department, subject: $subject.id, vendor: vendor, title: title,
                 checks: checks, summary: summary, score: score, followUp: followUp, recordedBy: $recordedBy.id, recordedAt: recordedAt, reviewedBy: $reviewedBy.id,
                 reviewedAt: reviewedAt, approved: approved, reviewNote: reviewNote)
    }
}

/// One line of a record's checklist.
public struct RecordCheck: Codable, Sendable, Equatable {
    public var item: String
    public var ok: Bool
    public var note: String?
}

public enum OperationsKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 消防检查 (SH-6).
    case fireCheck = "fire_check"
    /// 灭火器月检的每周复核 (SH-6).
    case extinguisherReview = "extinguisher_review"
    /// 应急预案 (SH-7): a show house's plan, approved by leadership.
    case emergencyPlan = "emergency_plan"
    /// 应急预案演练 (SH-7).
    case emergencyDrill = "emergency_drill"
    /// 天气防范准备 (SH-5).
    case weatherPreparation = "weather_preparation"
    /// 夜间岗位分布图 (SH-5).
    case nightPostLayout = "night_post_layout"
    /// 日常清洁 (SH-20).
    case cleaning
    /// 地面石材周期性保养 (SH-20).
    case floorMaintenance = "floor_maintenance"
    /// 外包单位评估 (SH-35).
    case vendorAssessment = "vendor_assessment"
    /// 管理检查 (SH-37).
    case managementAudit = "management_audit"
    /// 员工培训 (SH-37).
    case staffTraining = "staff_training"
    /// 员工考核 (SH-37).
    case staffAssessment = "staff_assessment"
    /// 失职记录 (SH-38).
    case negligence

    public var title: Text {
        switch self {
        case .fireCheck: Text("消防检查", "Fire-safety check")
        case .extinguisherReview: Text("灭火器检查周复核", "Extinguisher checks, weekly review")
        case .emergencyPlan: Text("应急预案", "Emergency plan")
        case .emergencyDrill: Text("应急预案演练", "Emergency drill")
        case .weatherPreparation: Text("天气防范准备", "Weather preparation")
        case .nightPostLayout: Text("夜间岗位分布图", "Night post layout")
        case .cleaning: Text("日常清洁", "Daily cleaning")
        case .floorMaintenance: Text("地面石材保养", "Floor and stone maintenance")
        case .vendorAssessment: Text("外包单位评估", "Vendor assessment")
        case .managementAudit: Text("管理检查", "Management audit")
        case .staffTraining: Text("员工培训", "Staff training")
        case .staffAssessment: Text("员工考核", "Staff assessment")
        case .negligence: Text("失职记录", "Negligence record")
        }
    }
}
