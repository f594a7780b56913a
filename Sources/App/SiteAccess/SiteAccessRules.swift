import Foundation

/// 样板间施工管理规定 (篇1 10.0) and security's access rules (5.1, 5.2,
/// 5.7, 5.10, 11.7) as checks on plain values: no database, no HTTP.
public enum SiteAccessRules {
    /// The most workers one form names.
    static let mostWorkers = 50
    /// The longest an after-hours pass runs.
    static let longestPassHours = 24

    // MARK: Filing (SH-40)

    /// 施工人员须提前 2 天申报 [10.2(1)]: the work starts at least `leadDays`
    /// calendar days after the day it is filed, ends after it starts, and
    /// covers at most `longestDays`.
    public static func checkWindow(startsAt: Date, endsAt: Date, now: Date, leadDays: Int, longestDays: Int, time: LocalTime) throws {
        let earliest = LocalTime.day(time.day(now), plus: leadDays)
        guard time.day(startsAt) >= earliest else {
            throw WuyeError.invalid("startsAt", Text("须提前 \(leadDays) 天申报：最早 \(earliest) 开工", "must be filed \(leadDays) days ahead: work starts \(earliest) at the earliest"), rule: "SH-40")
        }
        guard endsAt > startsAt else { throw WuyeError.invalid("endsAt", Text("应晚于开工时间", "must be after the start"), rule: "SH-40") }
        guard endsAt.timeIntervalSince(startsAt) <= TimeInterval(longestDays) * 86_400 else {
            throw WuyeError.invalid("endsAt", Text("一张联络单最长 \(longestDays) 天", "one form covers at most \(longestDays) days"), rule: "SH-40")
        }
    }

    /// 施工人数 matches the workers named, each named once.
    public static func checkWorkers(headcount: Int, names: [String]) throws {
        guard !names.isEmpty else { throw WuyeError.missing("workers", Text("施工人员名单", "The workers' names"), rule: "SH-40") }
        guard names.count == headcount else {
            throw WuyeError.invalid("headcount", Text("施工人数 \(headcount) 与名单 \(names.count) 人不符", "says \(headcount) but \(names.count) workers are named"), rule: "SH-40")
        }
        var seen = Set<String>()
        for (index, name) in names.enumerated() where !seen.insert(name).inserted {
            throw WuyeError.invalid("workers.\(index).name", Text("“\(name)”重复", "“\(name)” is named twice"), rule: "SH-40")
        }
    }

    /// SH-42: 停电、停水、停机电设备 or 跨越、更换施工区域.
    public static func needsExtraApproval(cutsPower: Bool, cutsWater: Bool, cutsEquipment: Bool, crossesAreas: Bool) -> Bool {
        cutsPower || cutsWater || cutsEquipment || crossesAreas
    }

    // MARK: Approvals in order (SH-41, SH-42)

    /// The procedure's approvals, in its order [10.1, 10.2].
    public enum Step: String, Sendable, CaseIterable {
        /// 物业服务部领导批准.
        case leadership
        /// 工程负责人审批图纸.
        case engineering
        /// 物业服务部登记，发回复单.
        case registration
        /// 安管部登记监管.
        case security

        public var title: Text {
            switch self {
            case .leadership: Text("物业服务部领导审批", "Property-service leadership approval")
            case .engineering: Text("工程负责人审图", "Engineering review of the drawings")
            case .registration: Text("物业服务部登记并发回复单", "Property service registers and replies")
            case .security: Text("安管部登记监管", "Security registers it")
            }
        }

        /// Who takes the step.
        public var grants: [Grant] {
            switch self {
            case .leadership: SiteAccessRules.leadershipGrants
            case .engineering: [.department(.engineering, .foreman)]
            case .registration: [.department(.propertyService, .staff)]
            case .security: [.department(.security, .staff)]
            }
        }

        /// The form's state once the step is taken.
        var after: WorkFormStatus {
            switch self {
            case .leadership: .leadershipApproved
            case .engineering: .drawingsApproved
            case .registration: .registered
            case .security: .active
            }
        }
    }

    /// 物业服务部（主管）领导: property service's managers, or leadership.
    static let leadershipGrants: [Grant] = [.department(.propertyService, .manager), .anyDepartment(.leadership)]

    /// The step a form waits for, if any.
    public static func nextStep(_ status: WorkFormStatus) -> Step? {
        switch status {
        case .filed: .leadership
        case .leadershipApproved: .engineering
        case .drawingsApproved: .registration
        case .registered: .security
        case .active, .refused, .closed: nil
        }
    }

    /// SH-41: each step in its turn, by the people it belongs to, never by whoever filed the form.
    public static func checkStep(_ step: Step, status: WorkFormStatus, actor: Actor, filedBy: UUID) throws {
        guard let next = nextStep(status) else {
            throw WuyeError.conflict(Text("联络单现为“\(status.title.zh)”，不再审批", "The form is \(status.title.en.lowercased()); nothing is left to approve"), rule: "SH-41", field: "step")
        }
        guard step == next else {
            let before = Step.allCases.firstIndex(of: step)! > Step.allCases.firstIndex(of: next)!
            throw WuyeError.conflict(before ? Text("须先完成“\(next.title.zh)”", "“\(next.title.en)” comes first")
                                            : Text("“\(step.title.zh)”已完成", "“\(step.title.en)” is done"), rule: "SH-41", field: "step")
        }
        try Policy.require(step.grants, of: actor, rule: "SH-41", what: step.title)
        try Policy.requireDifferentPeople(requester: filedBy, approver: actor.id, rule: "SH-41", what: Text("审批", "approve"))
    }

    /// SH-42: leadership agrees to the outage or crossing before that work starts; once.
    public static func checkExtraApproval(form: (status: WorkFormStatus, needed: Bool, given: Bool), actor: Actor, filedBy: UUID) throws {
        guard form.needed else { throw WuyeError.conflict(Text("此联络单不涉及停电停水或跨区域施工", "This form cuts nothing and crosses no areas"), rule: "SH-42", field: "step") }
        guard !form.given else { throw WuyeError.conflict(Text("已经同意过", "Already agreed"), rule: "SH-42", field: "step") }
        guard form.status != .filed else { throw WuyeError.conflict(Text("须先由物业服务部领导审批联络单", "Leadership approves the form first"), rule: "SH-42", field: "step") }
        guard form.status != .refused, form.status != .closed else {
            throw WuyeError.conflict(Text("联络单现为“\(form.status.title.zh)”", "The form is \(form.status.title.en.lowercased())"), rule: "SH-42", field: "step")
        }
        try Policy.require(leadershipGrants, of: actor, rule: "SH-41", what: Text("同意停电停水或跨区域施工", "agree to the outage or crossing"))
        try Policy.requireDifferentPeople(requester: filedBy, approver: actor.id, rule: "SH-42", what: Text("审批", "approve"))
    }

    // MARK: The gate (SH-43, SH-44, SH-46)

    /// What the gate knows about a worker asking to come in.
    public struct EntryCheck: Sendable {
        public var status: WorkFormStatus
        public var startsAt: Date, endsAt: Date
        public var extraNeeded: Bool, extraGiven: Bool
        public var contractorExpelled: Bool
        public var workerExpelled: Bool
        public var trade: SpecialTrade?
        public var certificateNo: String?
        public var certificateExpires: String?
        public var alreadyInside: Bool
    }

    /// 凭联络单进场 [5.7(2), 10.1]: an active form, inside its window, the
    /// outage agreed, a special trade's valid certificate, nobody expelled,
    /// and not already inside.
    public static func checkEntry(_ c: EntryCheck, worker: String, now: Date, today: String) throws {
        guard c.status == .active else {
            throw WuyeError.conflict(Text("联络单现为“\(c.status.title.zh)”，不得进场", "The form is \(c.status.title.en.lowercased()); nobody comes in on it"), rule: "SH-44", field: "formID")
        }
        guard now >= c.startsAt, now < c.endsAt else {
            throw WuyeError.conflict(Text("不在联络单的施工时间内", "Outside the form's working window"), rule: "SH-44", field: "formID")
        }
        guard !c.extraNeeded || c.extraGiven else {
            throw WuyeError.conflict(Text("停电停水或跨区域施工尚未经物业服务部领导同意", "Leadership has not agreed to the outage or crossing yet"), rule: "SH-42", field: "formID")
        }
        guard !c.contractorExpelled else { throw WuyeError.conflict(Text("施工单位已被驱逐出场", "The contractor was expelled from site"), rule: "SH-46", field: "workerID") }
        guard !c.workerExpelled else { throw WuyeError.conflict(Text("\(worker)已被驱逐出场", "\(worker) was expelled from site"), rule: "SH-46", field: "workerID") }
        if let trade = c.trade {
            guard c.certificateNo != nil, let expires = c.certificateExpires else {
                throw WuyeError.conflict(Text("\(worker)为特殊工种（\(trade.title.zh)），无上岗证不得进场", "\(worker) works as \(trade.title.en.lowercased()) and has no certificate"), rule: "SH-43", field: "workerID")
            }
            guard expires >= today else {
                throw WuyeError.conflict(Text("\(worker)的上岗证已于 \(expires) 过期", "\(worker)'s certificate expired on \(expires)"), rule: "SH-43", field: "workerID")
            }
        }
        guard !c.alreadyInside else { throw WuyeError.conflict(Text("\(worker)已在场内", "\(worker) is already on site"), rule: "SH-44", field: "workerID") }
    }

    /// 离场检查 [5.7(4)]: people, tools and materials carried out checked before release.
    public static func checkExit(peopleChecked: Bool?, toolsChecked: Bool?, materialsChecked: Bool?) throws {
        guard peopleChecked == true else { throw WuyeError.missing("peopleChecked", Text("作业人员核对", "The people check"), choose: true, rule: "SH-44") }
        guard toolsChecked == true else { throw WuyeError.missing("toolsChecked", Text("施工工具检查", "The tool check"), choose: true, rule: "SH-44") }
        guard materialsChecked == true else { throw WuyeError.missing("materialsChecked", Text("携带物品检查", "The check of what is carried out"), choose: true, rule: "SH-44") }
    }

    /// Night work: an entry outside the show house's reception hours [5.7(3)].
    public static func isNight(_ now: Date, opens: String, closes: String, time: LocalTime) -> Bool {
        let clock = String(time.dateTime(now).suffix(5))
        return clock < opens || clock >= closes
    }

    /// 照价赔偿: an amount in yuan with at most two decimals, as fen.
    public static func fen(_ text: String?) throws -> Int? {
        guard let text = Input.text(text) else { return nil }
        guard Patterns.matches(#"^\d{1,7}(\.\d{1,2})?$"#, text), let value = Decimal(string: text) else {
            throw WuyeError.invalid("compensation", Text("应为金额（元，最多两位小数，不超过 9999999.99）", "must be an amount in yuan with at most two decimals"), rule: "SH-46")
        }
        return NSDecimalNumber(decimal: value * 100).intValue
    }

    // MARK: Emergency entry (SH-1, SH-2, SH-54)

    /// 主管以上人员在场 [5.2 1)]: the supervising person is a supervisor or
    /// above and not the one recording it — two people, each in their own session.
    public static func checkSupervisor(rank: Rank?, supervisor: UUID?, recorder: UUID) throws {
        guard let supervisor, let rank else {
            throw WuyeError.missing("supervisorID", Text("在场监护的主管以上人员", "The supervisor or above present"), choose: true, rule: "SH-2")
        }
        guard rank >= .supervisor else { throw WuyeError.invalid("supervisorID", Text("应为主管以上人员", "must be a supervisor or above"), rule: "SH-2") }
        guard supervisor != recorder else {
            throw WuyeError.invalid("supervisorID", Text("监护人不能是记录人本人：由安管员记录，主管本人确认到场", "cannot be the one recording it: the guard records, the supervisor confirms"), rule: "SH-2")
        }
    }

    /// SH-54: security's sealed set is opened by security, and by one entry at a time.
    public static func checkSealToOpen(opener: DepartmentCode, sealed: Bool, waitingEntries: Int) throws {
        guard opener == .security else {
            throw WuyeError.forbidden(Text("安管钥匙组只能由安管部启封", "Only security opens its sealed set"), rule: "SH-54")
        }
        guard sealed else { throw WuyeError.conflict(Text("钥匙组未封存（已启封）", "The set is not sealed"), rule: "SH-54", field: "keySetID") }
        guard waitingEntries == 0 else {
            throw WuyeError.conflict(Text("已有一条紧急进入记录待主管确认后启封此钥匙组", "Another emergency entry waits to open this set"), rule: "SH-54", field: "keySetID")
        }
    }

    public static func stage(entered: Date?, exited: Date?, reported: Date?) -> EmergencyStage {
        if reported != nil { return .closed }
        if exited != nil { return .awaitingReport }
        return entered == nil ? .awaitingSupervisor : .inside
    }

    public static func notAt(_ expected: EmergencyStage, but stage: EmergencyStage) -> WuyeError {
        WuyeError.conflict(Text("紧急进入记录现为“\(stage.title.zh)”（应为“\(expected.title.zh)”）", "The entry is \(stage.title.en.lowercased()), not \(expected.title.en.lowercased())"),
                           rule: "SH-2", field: "stage")
    }

    /// Only the supervisor named confirms being there, in their own session, and writes the report.
    public static func checkIsSupervisor(_ actor: Actor, supervisor: UUID, what: Text) throws {
        guard actor.id == supervisor else {
            throw WuyeError.forbidden(Text("只能由在场监护的主管本人\(what.zh)", "Only the supervisor named may \(what.en)"), rule: "SH-2")
        }
    }

    // MARK: After hours (SH-3)

    public static func checkPassWindow(from: Date, until: Date, now: Date) throws {
        guard until > now else { throw WuyeError.invalid("validUntil", Text("应晚于现在", "must be later than now"), rule: "SH-3") }
        guard until > from else { throw WuyeError.invalid("validUntil", Text("应晚于开始时间", "must be after the start"), rule: "SH-3") }
        guard until.timeIntervalSince(from) <= TimeInterval(longestPassHours * 3600) else {
            throw WuyeError.invalid("validUntil", Text("一次审批最长 \(longestPassHours) 小时", "a pass covers at most \(longestPassHours) hours"), rule: "SH-3")
        }
    }

    /// 经领导批准 [5.10]: security admits only on an approved pass, in its window, once.
    public static func checkAdmission(approved: Bool?, from: Date, until: Date, admitted: Bool, now: Date) throws {
        guard approved == true else {
            throw WuyeError.conflict(approved == false ? Text("领导未批准，不得进入", "Leadership refused; nobody comes in") : Text("尚未经领导批准，不得进入", "Not approved by leadership yet; nobody comes in"),
                                     rule: "SH-3", field: "passID")
        }
        guard now >= from, now < until else { throw WuyeError.conflict(Text("不在批准的时间内", "Outside the approved time"), rule: "SH-3", field: "passID") }
        guard !admitted else { throw WuyeError.conflict(Text("已凭此审批进入过", "Already admitted on this pass"), rule: "SH-3", field: "passID") }
    }
}
