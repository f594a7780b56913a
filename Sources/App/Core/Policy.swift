import Vapor

/// The person acting on a request, resolved once from their session or API
/// token: what the policy needs to know, nothing more.
public struct Actor: Sendable, Authenticatable, Equatable {
    public let id: UUID
    public let username: String
    public let name: String
    public let rank: Rank
    public let department: DepartmentCode
    public let propertyIDs: Set<UUID>
    public let isAdmin: Bool
    /// A contractor's account acts for this contractor only (ORG-4, SH-40).
    public let contractorID: UUID?

    public init(id: UUID, username: String, name: String, rank: Rank, department: DepartmentCode, propertyIDs: Set<UUID>, isAdmin: Bool, contractorID: UUID? = nil) {
        self.id = id; self.username = username; self.name = name; self.rank = rank
        self.department = department; self.propertyIDs = propertyIDs; self.isAdmin = isAdmin; self.contractorID = contractorID
    }
}

/// Everything a person can ask to do. Each action names who may do it in
/// `Policy.requirement(for:)`.
public enum Action: String, CaseIterable, Sendable {
    case viewKeys
    /// The lock changes: the cabinet's people, and engineering, who change the locks (KY-5).
    case viewLockChanges
    case printKeyLabels
    case registerKeys
    case issueKey
    case receiveKey
    case withdrawKey
    case reportKeyLoss
    case requestLockChange
    case completeLockChange
    case requestSpareKey
    case confirmSpareKey
    /// 催还 — chase an overdue key.
    case chaseKey
    case revealPersonalData
    /// 客户档案: find customers and read their files (CA-3 use).
    case viewCustomers
    /// Collect and organise: register customers, their units and documents (CA-3).
    case editCustomers
    /// Take the files away whole: phones and ID numbers unmasked in a spreadsheet.
    case exportPersonalData
    /// 公共场地: the register and the usage ledger (PS-1, PS-2).
    case viewPublicSpaces
    /// Register a space, with its fee rule and fire-safety limits (PS-1).
    case managePublicSpaces
    /// Record a customer's written application, the check, the payment (PS-2).
    case recordSpaceUse
    /// 统一规划 — approve or refuse a use (PS-2, PS-3).
    case approveSpaceUse
    /// 发现违章即报告 — anyone on patrol (PS-5).
    case reportViolation
    /// Order a violation put right, check it, dismiss it, take the penalty (PS-4).
    case handleViolation
    /// 处罚 — set the penalty the rules call for (PS-4).
    case penaliseViolation
    /// 客服工单: see the desk's items (everyone on duty may).
    case viewServiceDesk
    /// Record a complaint, request, repair, opinion or incident: anyone on duty.
    case recordServiceItem
    /// Name the person who follows an item up, by when; a complaint's plan needs a supervisor (SH-33).
    case assignServiceItem
    /// Record what was done, and say it is done: the follow-up person and their department.
    case followServiceItem
    /// 回访 — call the guest back (SH-33).
    case callbackComplaint
    /// 验收 — check a repair (SH-11): its requester, or customer service for a customer.
    case verifyRepair
    /// The month's complaints by outcome (SH-33 [9.2]).
    case viewComplaintReview
    /// Sign the month's complaint review: leadership.
    case signComplaintReview
    /// Hand the desk over to (or take it from) the control room (HO-7).
    case deskHandover
    /// The times the desk changes hands (HO-7, KY-3).
    case manageShiftSettings
    /// 交接班: see the posts' sheets.
    case viewHandovers
    /// Write a post's checklist: its foreman or above (HO-1).
    case editHandoverTemplate
    /// Start, sign out, ask, answer, accept, refuse, add to a sheet: the post's people (HO-1…HO-6).
    case keepHandoverSheet
    /// Resolve a refusal, review the day's sheets: the foreman or supervisor on duty (HO-5, HO-6).
    case superviseHandover
    /// 样板房: see the show houses and their days.
    case viewShowHouses
    /// Register a show house and keep its inventory list (SH-10).
    case manageShowHouses
    /// Counts, visitor batches, refusals, feedback, closing: the show house's and lobby's people (SH-10…SH-17).
    case keepShowHouse
    /// Take the show house's keys at the security post (005岗) (SH-17).
    case receiveShowHouseKeys
    /// Review and sign the day's record: the foreman or supervisor on duty (SH-18).
    case reviewShowHouseDay
    /// 日报: submitted by the property-service supervisor (SH-34).
    case submitShowHouseSummary
    /// 日报: approved by leadership (SH-34).
    case approveShowHouseSummary
    /// 《样板房钥匙持用人登记表》: the show houses' key sets (SH-50).
    case viewKeySets
    /// Register a set with its holder, or a transfer, at the property centre: 主管或领班 (SH-50, SH-52 [11.5]).
    case registerKeySet
    /// Hand property service's set out for a shift and take it back (SH-51).
    case keepKeySet
    /// Open security's sealed set in an emergency, and reseal it (SH-54).
    case breakKeySeal
    /// Report a set's key lost, at once (SH-53).
    case reportKeySetLoss
    /// 职责与执行情况: everyone on duty sees what is due and what was missed.
    case viewDuties
    /// Write and edit the duties with a clock.
    case manageDuties
    /// Say why an occurrence was missed: someone answerable for it.
    case explainDutyMiss
    /// 巡查: supervisors and foremen inspect the show houses (SH-30).
    case inspectShowHouse
    /// 闭馆巡视: the lobby post's rounds after closing (SH-19).
    case patrolShowHouse
    /// The inspection and patrol checklists (SH-19, SH-30).
    case manageChecklists
    /// 整改通知单: see them (SH-31).
    case viewRectifications
    /// Issue one to a department (SH-31, SH-32).
    case issueRectification
    /// Answer one, or ask for more time: the department's people (the service checks which).
    case respondRectification
    /// Verify and close, send back, decide an extension: the issuer or leadership (the service checks who).
    case verifyRectification
    /// 群机器人: the property's WeCom and DingTalk alert channels and what was sent.
    case manageAlertChannels
    /// 运行记录: see the fire checks, drills, weather, night posts, cleaning, vendor and staff records (SH-5…SH-38).
    case viewOperationsRecords
    /// Fire checks, extinguisher reviews, drills, weather preparation, the night post layout: security (SH-5, SH-6, SH-7).
    case recordSecurityRecord
    /// Cleaning and floor maintenance: the cleaning department (SH-20).
    case recordCleaningRecord
    /// Vendor assessments, management audits, training, staff assessments, negligence: supervisors and up (SH-35, SH-37, SH-38).
    case recordManagementRecord
    /// Review or approve a record: supervisors and up (the service checks the kind's rank).
    case reviewOperationsRecord
    /// 施工管理: the work liaison forms, the gate, who is on site (SH-40…SH-46); a contractor sees its own.
    case viewSiteAccess
    /// 申报工作联络单: the contractor's account, or staff on its behalf (SH-40).
    case fileWorkForm
    /// An approval step of a form: the service checks which step is whose (SH-41, SH-42).
    case approveWorkForm
    /// Register contractors, open their accounts, set the filing rules (SH-40, ORG-4).
    case manageContractors
    /// 出入登记: security at the gate (SH-44).
    case keepSiteGate
    /// 违规、损坏、驱逐: whoever supervises the work (SH-44, SH-46).
    case recordContractorIncident
    /// 成品保护与清场检查: the show house's staff (SH-45).
    case checkWorkSite
    /// 紧急进入: security's guards, or the supervisor themselves (SH-1, SH-2).
    case recordEmergencyEntry
    /// Confirm being present, and write the report: the supervisor named (SH-2).
    case superviseEmergencyEntry
    /// Ask for someone to come in after hours (SH-3).
    case requestAfterHoursPass
    /// 领导批准 (SH-3).
    case decideAfterHoursPass
    case manageOrganisation
}

/// One way to be allowed: a department (or any) at a minimum rank.
public struct Grant: Sendable {
    public let department: DepartmentCode?
    public let minimumRank: Rank

    static func department(_ department: DepartmentCode, _ rank: Rank) -> Grant { Grant(department: department, minimumRank: rank) }
    static func anyDepartment(_ rank: Rank) -> Grant { Grant(department: nil, minimumRank: rank) }

    /// "Any department" is any of the company's own: a contractor's account
    /// is admitted only where a grant names contractors (ORG-4).
    func admits(_ actor: Actor) -> Bool {
        guard let department else { return actor.department != .contractor && actor.rank >= minimumRank }
        return department == actor.department && actor.rank >= minimumRank
    }

    var description: Text {
        let rank = minimumRank == .staff ? Text("", "") : Text("\(minimumRank.title.zh)以上", " \(minimumRank.title.en) or above")
        if let department {
            return Text(department.title.zh + rank.zh, department.title.en + rank.en)
        }
        return Text("任一部门" + rank.zh, "any department" + rank.en)
    }
}

public struct Requirement: Sendable {
    public let grants: [Grant]
    public let adminOnly: Bool
    /// The requirement the rule comes from, for the error body.
    public let rule: String
}

/// The one place that answers "may this person do this action on this record
/// at this property" (DESIGN: permission = department + rank + assigned
/// properties). Pure: no database, no Vapor.
public enum Policy {
    public static func requirement(for action: Action) -> Requirement {
        switch action {
        case .viewKeys:
            // Customer service keeps the cabinet; security follows lost and spare keys; managers oversee.
            Requirement(grants: [.department(.customerService, .staff), .department(.security, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "KY-1")
        case .viewLockChanges:
            Requirement(grants: [.department(.customerService, .staff), .department(.security, .staff), .department(.engineering, .foreman), .anyDepartment(.manager)], adminOnly: false, rule: "KY-5")
        case .printKeyLabels:
            Requirement(grants: [.department(.customerService, .foreman)], adminOnly: false, rule: "KY-1")
        case .registerKeys:
            Requirement(grants: [.department(.customerService, .supervisor)], adminOnly: false, rule: "KY-1")
        case .issueKey, .receiveKey, .chaseKey:
            // 由当班经理领班发放 — issued by the manager or foreman on duty (KY-2, KY-3).
            Requirement(grants: [.department(.customerService, .foreman)], adminOnly: false, rule: "KY-2")
        case .withdrawKey:
            // Whoever finds a damaged key stops its use at once (KY-4).
            Requirement(grants: [.department(.customerService, .staff)], adminOnly: false, rule: "KY-4")
        case .reportKeyLoss:
            Requirement(grants: [.department(.customerService, .staff), .department(.security, .staff)], adminOnly: false, rule: "KY-5")
        case .requestLockChange:
            Requirement(grants: [.department(.customerService, .supervisor)], adminOnly: false, rule: "KY-5")
        case .completeLockChange:
            Requirement(grants: [.department(.customerService, .supervisor), .department(.engineering, .foreman)], adminOnly: false, rule: "KY-5")
        case .requestSpareKey:
            Requirement(grants: [.department(.customerService, .foreman)], adminOnly: false, rule: "KY-6")
        case .confirmSpareKey:
            // 须及时通知保安部办理相关手续 — security completes its procedure (KY-6).
            Requirement(grants: [.department(.security, .staff)], adminOnly: false, rule: "KY-6")
        case .revealPersonalData:
            Requirement(grants: [.department(.customerService, .supervisor), .anyDepartment(.manager)], adminOnly: false, rule: "X-1")
        case .viewCustomers:
            // Customer service keeps the files; property service and managers use them (CA-3 [2.2] 利用).
            Requirement(grants: [.department(.customerService, .staff), .department(.propertyService, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "CA-3")
        case .editCustomers:
            // 客服部负责客户档案的收集、整理、归档 (CA-3).
            Requirement(grants: [.department(.customerService, .staff)], adminOnly: false, rule: "CA-3")
        case .exportPersonalData:
            // Whole personal data leaves the system only with a manager's say (DESIGN: personal data).
            Requirement(grants: [.department(.customerService, .manager), .anyDepartment(.leadership)], adminOnly: false, rule: "X-1")
        case .viewPublicSpaces:
            // Customer service runs them; security patrols them (PS-5); property service and managers oversee.
            Requirement(grants: [.department(.customerService, .staff), .department(.security, .staff), .department(.propertyService, .staff),
                                 .anyDepartment(.manager)], adminOnly: false, rule: "PS-2")
        case .managePublicSpaces, .approveSpaceUse:
            Requirement(grants: [.department(.customerService, .supervisor)], adminOnly: false, rule: "PS-2")
        case .recordSpaceUse:
            // 项目客服部员工应请客户写出书面申请…做好记录 (PS-2).
            Requirement(grants: [.department(.customerService, .staff)], adminOnly: false, rule: "PS-2")
        case .reportViolation:
            // 保安员及其他工作人员均有责任对公共场所不规范使用现象进行制止和纠正 (PS-5 [2.5]).
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "PS-5")
        case .handleViolation:
            // 项目客服部员工…责令其拆除…恢复原状 (PS-4 [2.3]).
            Requirement(grants: [.department(.customerService, .staff)], adminOnly: false, rule: "PS-4")
        case .penaliseViolation:
            Requirement(grants: [.department(.customerService, .supervisor)], adminOnly: false, rule: "PS-4")
        case .viewServiceDesk, .recordServiceItem, .followServiceItem:
            // 客服无小事: whoever is on duty takes what comes, and the follow-up person records it (SH-33).
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-33")
        case .assignServiceItem:
            // Items are given out by a foreman or above of the owning department (the service checks which).
            Requirement(grants: [.anyDepartment(.foreman)], adminOnly: false, rule: "SH-33")
        case .callbackComplaint:
            Requirement(grants: [.department(.customerService, .staff)], adminOnly: false, rule: "SH-33")
        case .verifyRepair:
            // The requester checks (the service checks who asked and who did it).
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-11")
        case .viewComplaintReview:
            Requirement(grants: [.department(.customerService, .supervisor), .anyDepartment(.manager)], adminOnly: false, rule: "SH-33")
        case .signComplaintReview:
            // 投诉处理效果每月由领导评审 [9.2].
            Requirement(grants: [.anyDepartment(.leadership)], adminOnly: false, rule: "SH-33")
        case .deskHandover:
            // 监控室 and 客服部 hand the desk to each other (HO-7).
            Requirement(grants: [.department(.security, .staff), .department(.customerService, .staff)], adminOnly: false, rule: "HO-7")
        case .manageShiftSettings:
            Requirement(grants: [.department(.customerService, .manager), .department(.security, .manager), .anyDepartment(.leadership)], adminOnly: false, rule: "HO-7")
        case .viewHandovers, .keepHandoverSheet:
            // Every post hands over; the service checks it is the post's department.
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "HO-6")
        case .editHandoverTemplate, .superviseHandover:
            Requirement(grants: [.anyDepartment(.foreman)], adminOnly: false, rule: "HO-6")
        case .viewShowHouses:
            // Security takes the keys, engineering the repairs a count raises: everyone on duty may look.
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-10")
        case .manageShowHouses:
            Requirement(grants: [.department(.customerService, .supervisor), .department(.propertyService, .supervisor), .anyDepartment(.manager)], adminOnly: false, rule: "SH-10")
        case .keepShowHouse:
            // 样板房接待岗 and 大堂岗: customer service and property service staff.
            Requirement(grants: [.department(.customerService, .staff), .department(.propertyService, .staff)], adminOnly: false, rule: "SH-10")
        case .receiveShowHouseKeys:
            // 钥匙交安管岗（005岗）.
            Requirement(grants: [.department(.security, .staff)], adminOnly: false, rule: "SH-17")
        case .reviewShowHouseDay:
            // 当班领班或主管审核签字 (SH-18).
            Requirement(grants: [.department(.customerService, .foreman), .department(.propertyService, .foreman), .anyDepartment(.manager)], adminOnly: false, rule: "SH-18")
        case .submitShowHouseSummary:
            Requirement(grants: [.department(.propertyService, .supervisor)], adminOnly: false, rule: "SH-34")
        case .approveShowHouseSummary:
            Requirement(grants: [.anyDepartment(.leadership)], adminOnly: false, rule: "SH-34")
        case .viewKeySets, .reportKeySetLoss:
            // The holders are of security, property service and cleaning; anyone who finds a key gone reports it at once (SH-53).
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-50")
        case .registerKeySet:
            // 到物业中心（主管或领班）进行登记 (SH-52 [11.5]): customer service, who keeps the keys' records, or property service.
            Requirement(grants: [.department(.customerService, .foreman), .department(.propertyService, .foreman), .anyDepartment(.manager)], adminOnly: false, rule: "SH-50")
        case .keepKeySet:
            Requirement(grants: [.department(.propertyService, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "SH-51")
        case .breakKeySeal:
            Requirement(grants: [.department(.security, .staff)], adminOnly: false, rule: "SH-54")
        case .viewDuties, .viewRectifications:
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "X-2")
        case .manageDuties, .manageChecklists:
            Requirement(grants: [.department(.customerService, .supervisor), .department(.propertyService, .supervisor), .anyDepartment(.manager)], adminOnly: false, rule: "X-2")
        case .explainDutyMiss:
            Requirement(grants: [.anyDepartment(.foreman)], adminOnly: false, rule: "X-2")
        case .inspectShowHouse, .issueRectification:
            // 主管、领班巡查，发现问题开出整改通知单 (SH-30, SH-31 [8.1]).
            Requirement(grants: [.department(.customerService, .foreman), .department(.propertyService, .foreman), .anyDepartment(.manager)], adminOnly: false, rule: "SH-30")
        case .patrolShowHouse:
            // 大堂岗每 30 分钟巡视 (SH-19): property service's lobby post; security and customer service may stand in.
            Requirement(grants: [.department(.propertyService, .staff), .department(.security, .staff), .department(.customerService, .staff)], adminOnly: false, rule: "SH-19")
        case .respondRectification:
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-31")
        case .verifyRectification:
            Requirement(grants: [.anyDepartment(.foreman)], adminOnly: false, rule: "SH-31")
        case .manageAlertChannels:
            Requirement(grants: [.anyDepartment(.manager)], adminOnly: false, rule: "X-2")
        case .viewOperationsRecords:
            Requirement(grants: [.anyDepartment(.staff)], adminOnly: false, rule: "SH-6")
        case .recordSecurityRecord:
            // 安管部负责消防检查、天气防范与夜间岗位 (SH-5, SH-6, SH-7 [5.3, 5.8, 5.9]).
            Requirement(grants: [.department(.security, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "SH-6")
        case .recordCleaningRecord:
            Requirement(grants: [.department(.cleaning, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "SH-20")
        case .recordManagementRecord, .reviewOperationsRecord:
            Requirement(grants: [.anyDepartment(.supervisor)], adminOnly: false, rule: "SH-37")
        case .viewSiteAccess:
            Requirement(grants: [.anyDepartment(.staff), .department(.contractor, .staff)], adminOnly: false, rule: "SH-40")
        case .fileWorkForm:
            // 施工人员须提前向物业服务部申报 [10.2(1)]: the contractor, or property or customer service taking it down.
            Requirement(grants: [.department(.contractor, .staff), .department(.propertyService, .staff), .department(.customerService, .staff), .anyDepartment(.manager)],
                        adminOnly: false, rule: "SH-40")
        case .approveWorkForm:
            Requirement(grants: SiteAccessRules.Step.allCases.flatMap(\.grants), adminOnly: false, rule: "SH-41")
        case .manageContractors:
            Requirement(grants: [.department(.propertyService, .foreman), .anyDepartment(.manager)], adminOnly: false, rule: "SH-40")
        case .keepSiteGate:
            // 安管部对施工人员进行出入、施工时间的登记 [10.2(3)].
            Requirement(grants: [.department(.security, .staff)], adminOnly: false, rule: "SH-44")
        case .recordContractorIncident:
            Requirement(grants: [.department(.security, .staff), .department(.propertyService, .staff), .department(.customerService, .staff), .anyDepartment(.manager)],
                        adminOnly: false, rule: "SH-46")
        case .checkWorkSite:
            Requirement(grants: [.department(.customerService, .staff), .department(.propertyService, .staff), .anyDepartment(.manager)], adminOnly: false, rule: "SH-45")
        case .recordEmergencyEntry:
            Requirement(grants: [.department(.security, .staff), .anyDepartment(.supervisor)], adminOnly: false, rule: "SH-2")
        case .superviseEmergencyEntry:
            Requirement(grants: [.anyDepartment(.supervisor)], adminOnly: false, rule: "SH-2")
        case .requestAfterHoursPass:
            Requirement(grants: [.department(.customerService, .staff), .department(.propertyService, .staff), .department(.security, .staff), .anyDepartment(.manager)],
                        adminOnly: false, rule: "SH-3")
        case .decideAfterHoursPass:
            Requirement(grants: [.anyDepartment(.leadership)], adminOnly: false, rule: "SH-3")
        case .manageOrganisation:
            Requirement(grants: [], adminOnly: true, rule: "ORG-1")
        }
    }

    /// Throws 403 with the reason when the actor may not do `action` at `propertyID`.
    public static func authorize(_ actor: Actor, _ action: Action, at propertyID: UUID?) throws {
        let requirement = requirement(for: action)
        if requirement.adminOnly {
            guard actor.isAdmin else {
                throw WuyeError.forbidden(Text("只有系统管理员可以这样做", "Only an administrator may do this"), rule: requirement.rule)
            }
            return
        }
        if let propertyID, !actor.propertyIDs.contains(propertyID) {
            throw WuyeError.forbidden(Text("你未被分配到这个项目", "You are not assigned to this property"), rule: "ORG-4")
        }
        try require(requirement.grants, of: actor, rule: requirement.rule)
    }

    /// Throws 403 naming who may, when none of `grants` admits the actor; `what` names the step when it is narrower than the action.
    public static func require(_ grants: [Grant], of actor: Actor, rule: String, what: Text? = nil) throws {
        guard !grants.contains(where: { $0.admits(actor) }) else { return }
        let who = grants.map(\.description)
        let step = what.map { Text("“\($0.zh)”", "“\($0.en)” ") } ?? Text("", "")
        throw WuyeError.forbidden(Text(step.zh + "需要" + who.map(\.zh).joined(separator: "或"), step.en + (what == nil ? "Needs " : "needs ") + who.map(\.en).joined(separator: " or ")),
                                  rule: rule)
    }

    public static func allows(_ actor: Actor, _ action: Action, at propertyID: UUID?) -> Bool {
        (try? authorize(actor, action, at: propertyID)) != nil
    }

    /// The requester may not approve their own request.
    public static func requireDifferentPeople(requester: UUID, approver: UUID, rule: String, what: Text) throws {
        guard requester != approver else {
            throw WuyeError.forbidden(Text("不能由申请人本人\(what.zh)", "The requester may not \(what.en) their own request"), rule: rule)
        }
    }
}
