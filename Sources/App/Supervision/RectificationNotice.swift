import Fluent
import Foundation

/// 整改通知单 — a rectification notice (SH-31, SH-32): issued to a
/// department with the finding, what is required and a deadline; the
/// department records its action and evidence; the issuer (never the
/// department) verifies it and closes it, or sends it back. An extension is
/// asked for and granted with reasons. Past its deadline and not yet answered
/// it is overdue, and stands out wherever it is listed.
public final class RectificationNotice: Model, @unchecked Sendable {
    public static let schema = "rectification_notices"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "reference_no") public var referenceNo: String
    @Field(key: "category") public var category: RectificationCategory
    @Field(key: "department") public var department: DepartmentCode
    @OptionalParent(key: "show_house_id") public var showHouse: ShowHouse?
    /// The inspection item it was raised from, if any (SH-30).
    @OptionalParent(key: "inspection_id") public var inspection: Inspection?
    @OptionalField(key: "inspection_item") public var inspectionItem: Int?
    @Field(key: "finding") public var finding: String
    /// 整改要求 / 整改建议 (SH-32).
    @Field(key: "requirement") public var requirement: String
    @Field(key: "deadline") public var deadline: Date
    @Field(key: "status") public var status: RectificationStatus
    @Parent(key: "issued_by_id") public var issuedBy: Staff
    @Field(key: "issued_at") public var issuedAt: Date
    @OptionalField(key: "action") public var action: String?
    @OptionalParent(key: "responded_by_id") public var respondedBy: Staff?
    @OptionalField(key: "responded_at") public var respondedAt: Date?
    @Field(key: "returned_count") public var returnedCount: Int
    @OptionalField(key: "return_note") public var returnNote: String?
    @OptionalField(key: "extension_to") public var extensionTo: Date?
    @OptionalField(key: "extension_reason") public var extensionReason: String?
    @OptionalParent(key: "extension_by_id") public var extensionBy: Staff?
    @OptionalParent(key: "verified_by_id") public var verifiedBy: Staff?
    @OptionalField(key: "verified_at") public var verifiedAt: Date?
    @OptionalField(key: "verification_note") public var verificationNote: String?
    /// When the overdue alert went out, so it goes out once.
    @OptionalField(key: "overdue_alerted_at") public var overdueAlertedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $referenceNo, $category, $department, $showHouse, $inspection, $inspectionItem, $finding, $requirement, $deadline, $status, $issuedBy, $issuedAt,
         $action, $respondedBy, $respondedAt, $returnedCount, $returnNote, $extensionTo, $extensionReason, $extensionBy, $verifiedBy, $verifiedAt, $verificationNote,
         $overdueAlertedAt]
    }

    /// SH-31: still with the department past its deadline.
    public func isOverdue(at now: Date) -> Bool { RectificationRules.isOverdue(status: status, deadline: deadline, now: now) }
}

extension RectificationNotice: Audited {
    public static let auditType = "rectification_notice"
    public struct Snapshot: Encodable {
        let property: UUID, referenceNo: String, category: RectificationCategory, department: DepartmentCode, showHouse: UUID?, inspection: UUID?, inspectionItem: Int?
        let finding: String, requirement: String, deadline: Date, status: RectificationStatus, issuedBy: UUID, issuedAt: Date, action: String?, respondedBy: UUID?
        let respondedAt: Date?, returnedCount: Int, returnNote: String?, extensionTo: Date?, extensionReason: String?, extensionBy: UUID?, verifiedBy: UUID?
        let verifiedAt: Date?, verificationNote: String?, overdueAlertedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, referenceNo: referenceNo, category: category, department: department, showHouse: $showHouse.id, inspection: $inspection.id,
                 inspectionItem: inspectionItem, finding: finding, requirement: requirement, deadline: deadline, status: status, issuedBy: $issuedBy.id, issuedAt: issuedAt,
                 action: action, respondedBy: $respondedBy.id, respondedAt: respondedAt, returnedCount: returnedCount, returnNote: returnNote, extensionTo: extensionTo,
                 extensionReason: extensionReason, extensionBy: $extensionBy.id, verifiedBy: $verifiedBy.id, verifiedAt: verifiedAt, verificationNote: verificationNote,
                 overdueAlertedAt: overdueAlertedAt)
    }
}

public enum RectificationCategory: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 服务与管理 (SH-31).
    case service
    /// 工程质量与功能问题 (SH-32).
    case construction

    public var title: Text {
        switch self {
        case .service: Text("服务管理", "Service")
        case .construction: Text("工程质量与功能", "Construction and function")
        }
    }
}

public enum RectificationStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 待整改: with the department (also after it was sent back).
    case issued
    /// 待验证: the department has answered; the issuer checks.
    case responded
    /// 已验证关闭.
    case closed

    public var title: Text {
        switch self {
        case .issued: Text("待整改", "With the department")
        case .responded: Text("待验证", "To verify")
        case .closed: Text("已关闭", "Closed")
        }
    }
}
