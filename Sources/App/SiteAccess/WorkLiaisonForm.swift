import Fluent
import Foundation

/// 《工作联络单》 — a work liaison form (SH-40…SH-42): a contractor's
/// project in the show houses, filed at least two days ahead with its scope,
/// window, team and named workers, the leader's signature and the drawings;
/// then approved in the procedure's order: property-service leadership, the
/// engineering lead for the drawings, property service registers it and
/// issues the reply slip (回复单), security registers it for supervision.
/// Work that cuts power, water or equipment, or crosses areas, also needs
/// leadership's extra approval before it may start.
public final class WorkLiaisonForm: Model, @unchecked Sendable {
    public static let schema = "work_liaison_forms"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "reference_no") public var referenceNo: String
    @Parent(key: "contractor_id") public var contractor: Contractor
    @Field(key: "project") public var project: String
    @Field(key: "scope") public var scope: String
    @OptionalParent(key: "show_house_id") public var showHouse: ShowHouse?
    /// 施工区域: the rooms or places, in words.
    @Field(key: "area") public var area: String
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "ends_at") public var endsAt: Date
    @Field(key: "headcount") public var headcount: Int
    @Field(key: "team_leader") public var teamLeader: String
    @Field(key: "leader_phone") public var leaderPhone: String
    /// 施工队负责人签字 — a PNG data URL.
    @Field(key: "leader_signature") public var leaderSignature: String
    @Field(key: "description") public var description: String
    /// SH-42: what the work cuts (停电、停水、停机电设备) or whether it crosses areas.
    @Field(key: "cuts_power") public var cutsPower: Bool
    @Field(key: "cuts_water") public var cutsWater: Bool
    @Field(key: "cuts_equipment") public var cutsEquipment: Bool
    @Field(key: "crosses_areas") public var crossesAreas: Bool
    @Field(key: "status") public var status: WorkFormStatus
    @Parent(key: "filed_by_id") public var filedBy: Staff
    @Field(key: "filed_at") public var filedAt: Date
    @OptionalParent(key: "leadership_by_id") public var leadershipBy: Staff?
    @OptionalField(key: "leadership_at") public var leadershipAt: Date?
    @OptionalField(key: "leadership_note") public var leadershipNote: String?
    @OptionalParent(key: "engineering_by_id") public var engineeringBy: Staff?
    @OptionalField(key: "engineering_at") public var engineeringAt: Date?
    @OptionalField(key: "engineering_note") public var engineeringNote: String?
    @OptionalParent(key: "registered_by_id") public var registeredBy: Staff?
    @OptionalField(key: "registered_at") public var registeredAt: Date?
    /// 回复单 number, issued when property service registers the form.
    @OptionalField(key: "reply_no") public var replyNo: String?
    @OptionalParent(key: "security_by_id") public var securityBy: Staff?
    @OptionalField(key: "security_at") public var securityAt: Date?
    @OptionalParent(key: "extra_by_id") public var extraBy: Staff?
    @OptionalField(key: "extra_at") public var extraAt: Date?
    @OptionalField(key: "extra_note") public var extraNote: String?
    @OptionalParent(key: "refused_by_id") public var refusedBy: Staff?
    @OptionalField(key: "refused_at") public var refusedAt: Date?
    @OptionalField(key: "refusal_reason") public var refusalReason: String?
    @OptionalParent(key: "closed_by_id") public var closedBy: Staff?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    /// When the watch last said night work here went unsupervised, so it says it once per lapse.
    @OptionalField(key: "night_alerted_at") public var nightAlertedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $referenceNo, $contractor, $project, $scope, $showHouse, $area, $startsAt, $endsAt, $headcount, $teamLeader, $leaderPhone, $leaderSignature,
         $description, $cutsPower, $cutsWater, $cutsEquipment, $crossesAreas, $status, $filedBy, $filedAt, $leadershipBy, $leadershipAt, $leadershipNote,
         $engineeringBy, $engineeringAt, $engineeringNote, $registeredBy, $registeredAt, $replyNo, $securityBy, $securityAt, $extraBy, $extraAt, $extraNote,
         $refusedBy, $refusedAt, $refusalReason, $closedBy, $closedAt, $nightAlertedAt]
    }

    /// SH-42: the work needs leadership's extra approval.
    public var needsExtraApproval: Bool { SiteAccessRules.needsExtraApproval(cutsPower: cutsPower, cutsWater: cutsWater, cutsEquipment: cutsEquipment, crossesAreas: crossesAreas) }
}

extension WorkLiaisonForm: Audited {
    public static let auditType = "work_liaison_form"
    public struct Snapshot: Encodable {
        let property: UUID, referenceNo: String, contractor: UUID, project: String, scope: String, showHouse: UUID?, area: String, startsAt: Date, endsAt: Date
        let headcount: Int, teamLeader: String, leaderPhone: String, leaderSignature: String, description: String, cutsPower: Bool, cutsWater: Bool
        let cutsEquipment: Bool, crossesAreas: Bool, status: WorkFormStatus, filedBy: UUID, filedAt: Date, leadershipBy: UUID?, leadershipAt: Date?
        let leadershipNote: String?, engineeringBy: UUID?, engineeringAt: Date?, engineeringNote: String?, registeredBy: UUID?, registeredAt: Date?
        let replyNo: String?, securityBy: UUID?, securityAt: Date?, extraBy: UUID?, extraAt: Date?, extraNote: String?, refusedBy: UUID?, refusedAt: Date?
        let refusalReason: String?, closedBy: UUID?, closedAt: Date?, nightAlertedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, referenceNo: referenceNo, contractor: $contractor.id, project: project, scope: scope, showHouse: $showHouse.id, area: area,
                 startsAt: startsAt, endsAt: endsAt, headcount: headcount, teamLeader: teamLeader, leaderPhone: leaderPhone, leaderSignature: leaderSignature,
                 description: description, cutsPower: cutsPower, cutsWater: cutsWater, cutsEquipment: cutsEquipment, crossesAreas: crossesAreas, status: status,
                 filedBy: $filedBy.id, filedAt: filedAt, leadershipBy: $leadershipBy.id, leadershipAt: leadershipAt, leadershipNote: leadershipNote,
                 engineeringBy: $engineeringBy.id, engineeringAt: engineeringAt, engineeringNote: engineeringNote, registeredBy: $registeredBy.id,
                 registeredAt: registeredAt, replyNo: replyNo, securityBy: $securityBy.id, securityAt: securityAt, extraBy: $extraBy.id, extraAt: extraAt,
                 extraNote: extraNote, refusedBy: $refusedBy.id, refusedAt: refusedAt, refusalReason: refusalReason, closedBy: $closedBy.id, closedAt: closedAt,
                 nightAlertedAt: nightAlertedAt)
    }
}

/// Where a form stands in the approval order (SH-41).
public enum WorkFormStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 已申报: waiting for property-service leadership.
    case filed
    /// 领导已批准: waiting for the engineering lead's review of the drawings.
    case leadershipApproved = "leadership_approved"
    /// 图纸已审批: waiting for property service to register it and issue the reply slip.
    case drawingsApproved = "drawings_approved"
    /// 已登记回复: waiting for security to register it for supervision.
    case registered
    /// 安管已登记: the workers may come in, within the window.
    case active
    /// 不予批准.
    case refused
    /// 已完工关闭.
    case closed

    public var title: Text {
        switch self {
        case .filed: Text("待领导审批", "Waiting for leadership")
        case .leadershipApproved: Text("待工程审图", "Waiting for engineering")
        case .drawingsApproved: Text("待物业登记", "Waiting for registration")
        case .registered: Text("待安管登记", "Waiting for security")
        case .active: Text("已许可施工", "Permitted")
        case .refused: Text("不予批准", "Refused")
        case .closed: Text("已关闭", "Closed")
        }
    }
}

/// 施工人员 — a worker named on a form, with the certificate a special
/// trade needs (特殊工种上岗证, SH-43).
public final class WorkFormWorker: Model, @unchecked Sendable {
    public static let schema = "work_form_workers"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "form_id") public var form: WorkLiaisonForm
    @Field(key: "position") public var position: Int
    @Field(key: "name") public var name: String
    @OptionalField(key: "trade") public var trade: SpecialTrade?
    @OptionalField(key: "certificate_no") public var certificateNo: String?
    /// The last day the certificate is valid, `yyyy-MM-dd` in the property's zone.
    @OptionalField(key: "certificate_expires") public var certificateExpires: String?
    /// 驱逐出场 (SH-46): never let in again on this form.
    @OptionalField(key: "expelled_at") public var expelledAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $form, $position, $name, $trade, $certificateNo, $certificateExpires, $expelledAt] }
}

extension WorkFormWorker: Audited {
    public static let auditType = "work_form_worker"
    public struct Snapshot: Encodable {
        let property: UUID, form: UUID, position: Int, name: String, trade: SpecialTrade?, certificateNo: String?, certificateExpires: String?, expelledAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, form: $form.id, position: position, name: name, trade: trade, certificateNo: certificateNo,
                 certificateExpires: certificateExpires, expelledAt: expelledAt)
    }
}

/// 特殊工种 — trades that need a certificate to work (SH-43).
public enum SpecialTrade: String, TextColumn, Codable, Sendable, CaseIterable {
    case electrician, welder, heights, gas, lifting

    public var title: Text {
        switch self {
        case .electrician: Text("电工", "Electrician")
        case .welder: Text("电焊工", "Welder")
        case .heights: Text("高处作业", "Work at heights")
        case .gas: Text("燃气作业", "Gas work")
        case .lifting: Text("起重作业", "Lifting")
        }
    }
}
