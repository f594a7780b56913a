import Fluent
import Foundation

/// 施工单位 — a contracting company working at a property. Its forms, its
/// violations, the damage it paid for and its expulsions make its history
/// (SH-46); an expelled contractor files no more forms and none of its
/// workers come in.
public final class Contractor: Model, @unchecked Sendable {
    public static let schema = "contractors"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String
    @Field(key: "contact") public var contact: String
    @Field(key: "phone") public var phone: String
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date
    @OptionalField(key: "expelled_at") public var expelledAt: Date?
    @OptionalField(key: "expelled_reason") public var expelledReason: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $name, $contact, $phone, $registeredBy, $registeredAt, $expelledAt, $expelledReason] }
}

extension Contractor: Audited {
    public static let auditType = "contractor"
    public struct Snapshot: Encodable {
        let property: UUID, name: String, contact: String, phone: String, registeredBy: UUID, registeredAt: Date, expelledAt: Date?, expelledReason: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, name: name, contact: contact, phone: phone, registeredBy: $registeredBy.id, registeredAt: registeredAt,
                 expelledAt: expelledAt, expelledReason: expelledReason)
    }
}

/// A contractor's own sign-in (ORG-4): a staff row of the contractor
/// "department", tied here to the one contractor it acts for.
public final class ContractorAccount: Model, @unchecked Sendable {
    public static let schema = "contractor_accounts"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "contractor_id") public var contractor: Contractor
    @Parent(key: "staff_id") public var staff: Staff
    @Parent(key: "created_by_id") public var createdBy: Staff
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $contractor, $staff, $createdBy, $createdAt] }
}

extension ContractorAccount: Audited {
    public static let auditType = "contractor_account"
    public struct Snapshot: Encodable { let property: UUID, contractor: UUID, staff: UUID, createdBy: UUID, createdAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, contractor: $contractor.id, staff: $staff.id, createdBy: $createdBy.id, createdAt: createdAt)
    }
}

/// 违规与损坏 (SH-44, SH-46): a violation stopped on site, damage to be
/// paid for at price, or an expulsion — each against the contractor, who
/// answers for its workers, and each an item at the service desk.
public final class ContractorIncident: Model, @unchecked Sendable {
    public static let schema = "contractor_incidents"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "contractor_id") public var contractor: Contractor
    @OptionalParent(key: "form_id") public var form: WorkLiaisonForm?
    @OptionalParent(key: "worker_id") public var worker: WorkFormWorker?
    @Field(key: "kind") public var kind: ContractorIncidentKind
    @Field(key: "description") public var description: String
    /// 照价赔偿, in fen (分).
    @OptionalField(key: "compensation_fen") public var compensationFen: Int?
    /// The work was stopped on the spot (SH-44: 跨区域、违规施工及时制止).
    @Field(key: "work_stopped") public var workStopped: Bool
    @OptionalParent(key: "service_item_id") public var serviceItem: ServiceItem?
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $contractor, $form, $worker, $kind, $description, $compensationFen, $workStopped, $serviceItem, $recordedBy, $recordedAt]
    }
}

extension ContractorIncident: Audited {
    public static let auditType = "contractor_incident"
    public struct Snapshot: Encodable {
        let property: UUID, contractor: UUID, form: UUID?, worker: UUID?, kind: ContractorIncidentKind, description: String, compensationFen: Int?
        let workStopped: Bool, serviceItem: UUID?, recordedBy: UUID, recordedAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, contractor: $contractor.id, form: $form.id, worker: $worker.id, kind: kind, description: description,
                 compensationFen: compensationFen, workStopped: workStopped, serviceItem: $serviceItem.id, recordedBy: $recordedBy.id, recordedAt: recordedAt)
    }
}

public enum ContractorIncidentKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 违规施工 (跨区域、超范围、不文明行为…).
    case violation
    /// 损坏物品、设施设备 — compensated at price.
    case damage
    /// 驱逐出场: a worker, or the whole team.
    case expulsion

    public var title: Text {
        switch self {
        case .violation: Text("违规施工", "Violation")
        case .damage: Text("损坏赔偿", "Damage")
        case .expulsion: Text("驱逐出场", "Expulsion")
        }
    }
}

/// The property's own numbers for the procedure's construction rules (SH-40):
/// how many days ahead a form is filed, and the longest window one covers.
public final class SiteAccessSettings: Model, @unchecked Sendable {
    public static let schema = "site_access_settings"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "lead_days") public var leadDays: Int
    @Field(key: "longest_days") public var longestDays: Int
    @Parent(key: "edited_by_id") public var editedBy: Staff
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $leadDays, $longestDays, $editedBy, $editedAt] }

    /// 提前 2 天申报 [10.2(1)]; a month's window unless the property says otherwise.
    static let defaults = (leadDays: 2, longestDays: 30)
}

extension SiteAccessSettings: Audited {
    public static let auditType = "site_access_settings"
    public struct Snapshot: Encodable { let property: UUID, leadDays: Int, longestDays: Int, editedBy: UUID, editedAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, leadDays: leadDays, longestDays: longestDays, editedBy: $editedBy.id, editedAt: editedAt)
    }
}
