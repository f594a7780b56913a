import Fluent
import Vapor

/// 紧急进入 (SH-1, SH-2, SH-54): recorded by the guard with the supervisor
/// named; nobody goes in until that supervisor confirms, in their own
/// session, that they are there. Security's sealed set is opened then. The
/// guard records leaving; the supervisor writes the report, which closes it.
public enum EmergencyEntries {
    static let noun = Text("紧急进入记录", "emergency entry")

    enum Notice: String {
        case confirm = "emergency_entry.confirm"
        case report = "emergency_entry.report"
    }

    static func link(_ id: UUID) -> String { "/emergency-entries/\(id)" }

    static func find(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (EmergencyEntry, ShowHouse, PropertyInfo) {
        guard let id, let found = try await EmergencyEntry.find(id, on: req.db), let house = try await ShowHouse.find(found.$showHouse.id, on: req.db) else {
            throw WuyeError.notFound(noun, field: "emergencyID")
        }
        return (found, house, try await req.property(found.$property.id, for: actor, action: action))
    }

    /// 记录: the emergency, why, the guards, the supervisor present, and security's set if it is to be opened.
    public static func record(propertyID: UUID?, _ input: EmergencyEntryInput, on req: Request) async throws -> EmergencyEntry {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .recordEmergencyEntry)
        guard let houseID = try Input.uuid(input.showHouseID, field: "showHouseID") else {
            throw WuyeError.missing("showHouseID", Text("样板房", "The show house"), choose: true, rule: "SH-2")
        }
        guard let house = try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).first() else {
            throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
        }
        guard let emergency = Input.text(input.emergency).flatMap(Emergency.init(rawValue:)) else {
            throw WuyeError.missing("emergency", Text("紧急情况（火灾、台风、暴雨水浸、门窗未锁等）", "The emergency (fire, typhoon, flooding, unlocked…)"), choose: true, rule: "SH-1")
        }
        guard let reason = Input.text(input.reason) else { throw WuyeError.missing("reason", Text("进入原因", "Why"), rule: "SH-2") }
        guard let guards = Input.text(input.guards) else { throw WuyeError.missing("guards", Text("进入的安管员", "The guards going in"), rule: "SH-2") }
        let supervisorID = try Input.uuid(input.supervisorID, field: "supervisorID")
        var rank: Rank?
        if let supervisorID { rank = try await ServiceDesk.colleague(supervisorID, at: property.id, on: req.db, field: "supervisorID").rank }
        try SiteAccessRules.checkSupervisor(rank: rank, supervisor: supervisorID, recorder: actor.id)
        let keySetID = try Input.uuid(input.keySetID, field: "keySetID")
        if let keySetID {
            guard let set = try await KeySet.query(on: req.db).filter(\.$id == keySetID).filter(\.$showHouse.$id == house.id!).filter(\.$retiredAt == nil).first(),
                  set.keeper == .security else {
                throw WuyeError.notFound(Text("该样板房的安管钥匙组", "security's set of this show house"), field: "keySetID")
            }
            let waiting = try await EmergencyEntry.query(on: req.db).filter(\.$keySet.$id == keySetID).filter(\.$enteredAt == nil).count()
            try SiteAccessRules.checkSealToOpen(opener: actor.department, sealed: set.sealNo != nil, waitingEntries: waiting)
        }
        let supervisor = supervisorID!
        let now = req.now
        return try await req.write { db in
            let entry = EmergencyEntry()
            entry.id = UUID(); entry.$property.id = property.id; entry.$showHouse.id = house.id!; entry.emergency = emergency; entry.reason = reason
            entry.guards = guards; entry.$recordedBy.id = actor.id; entry.recordedAt = now; entry.$supervisor.id = supervisor; entry.$keySet.id = keySetID
            try await AuditLog.create("emergency_entry.recorded", entry, by: .person(actor), property: property.id, at: now, on: db)
            _ = try await Handovers.writeIntoShift("紧急进入\(house.name)（\(emergency.title.zh)）：\(reason)；进入人员 \(guards)", by: actor, property: property.id,
                                                   department: actor.department, at: now, on: db)
            try await Notifier.notify(supervisor, at: property.id, kind: Notice.confirm.rawValue,
                                      message: Text("\(house.name)紧急进入（\(emergency.title.zh)），请到场监护并确认", "Emergency entry to \(house.name) (\(emergency.title.en)): be there and confirm"),
                                      link: link(entry.id!), subject: entry.id, now: now, on: db)
            return entry
        }
    }

    /// 主管到场确认 (SH-2): only the supervisor named, in their own session; the entry starts now.
    public static func confirm(entryID: UUID?, on req: Request) async throws -> EmergencyEntry {
        let actor = try req.actor
        let (found, house, property) = try await find(entryID, for: actor, action: .superviseEmergencyEntry, on: req)
        try SiteAccessRules.checkIsSupervisor(actor, supervisor: found.$supervisor.id, what: Text("确认到场", "confirm being there"))
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(EmergencyEntry.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.stage == .awaitingSupervisor else { throw SiteAccessRules.notAt(.awaitingSupervisor, but: locked.record.stage) }
            let entry = try await AuditLog.update("emergency_entry.supervisor_present", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.enteredAt = now }
            try await breakSeal(of: entry, house: house, property: property.id, by: actor, at: now, on: db)
            try await Notifier.settle([Notice.confirm.rawValue], about: entry.id!, now: now, on: db)
            return entry
        }
    }

    /// SH-54: security's set opened with the supervisor there, as part of the entry.
    /// Already open (another emergency opened it meanwhile), the entry goes on with it open.
    static func breakSeal(of entry: EmergencyEntry, house: ShowHouse, property: UUID, by actor: Actor, at now: Date, on db: any Database) async throws {
        guard let setID = entry.$keySet.id else { return }
        guard let locked = try await AuditLog.lock(KeySet.self, setID, on: db) else { throw WuyeError.notFound(KeySets.noun, field: "keySetID") }
        guard locked.record.sealNo != nil else { return }
        _ = try await KeySets.recordSealBreak(locked, house: house, property: property, emergency: entry.emergency, reason: "紧急进入：" + entry.reason,
                                              witness: entry.$supervisor.id, by: actor, at: now, on: db)
    }

    /// 离开: time out, written into the shift; the supervisor owes the report.
    public static func leave(entryID: UUID?, on req: Request) async throws -> EmergencyEntry {
        let actor = try req.actor
        let (found, house, property) = try await find(entryID, for: actor, action: .recordEmergencyEntry, on: req)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(EmergencyEntry.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.stage == .inside else { throw SiteAccessRules.notAt(.inside, but: locked.record.stage) }
            let entry = try await AuditLog.update("emergency_entry.left", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.exitedAt = now; $0.$exitedBy.id = actor.id
            }
            _ = try await Handovers.writeIntoShift("离开\(house.name)（紧急进入，\(property.localTime.dateTime(entry.enteredAt!).suffix(5))–\(property.localTime.dateTime(now).suffix(5))）",
                                                   by: actor, property: property.id, department: actor.department, at: now, on: db)
            try await Notifier.notify(entry.$supervisor.id, at: property.id, kind: Notice.report.rawValue,
                                      message: Text("\(house.name)紧急进入已结束，请提交书面报告", "The emergency entry to \(house.name) is over: write the report"),
                                      link: link(entry.id!), subject: entry.id, now: now, on: db)
            return entry
        }
    }

    /// 书面报告 (SH-2): the supervisor's, after leaving; it closes the entry.
    public static func report(entryID: UUID?, _ input: EmergencyReportInput, on req: Request) async throws -> EmergencyEntry {
        let actor = try req.actor
        let (found, _, property) = try await find(entryID, for: actor, action: .superviseEmergencyEntry, on: req)
        try SiteAccessRules.checkIsSupervisor(actor, supervisor: found.$supervisor.id, what: Text("提交书面报告", "write the report"))
        guard let report = Input.text(input.report) else { throw WuyeError.missing("report", Text("书面报告", "The report"), rule: "SH-2") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(EmergencyEntry.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.stage == .awaitingReport else { throw SiteAccessRules.notAt(.awaitingReport, but: locked.record.stage) }
            let entry = try await AuditLog.update("emergency_entry.reported", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.report = report; $0.reportedAt = now
            }
            try await Notifier.settle([Notice.report.rawValue], about: entry.id!, now: now, on: db)
            return entry
        }
    }
}

/// 非接待时间进入 (SH-3): asked for, approved or refused by leadership, and
/// admitted by security only on an approval, inside its time.
public enum AfterHoursPasses {
    static let noun = Text("非接待时间进入审批", "after-hours pass")

    static func find(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (AfterHoursPass, PropertyInfo) {
        guard let id, let found = try await AfterHoursPass.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "passID") }
        return (found, try await req.property(found.$property.id, for: actor, action: action))
    }

    public static func request(propertyID: UUID?, _ input: AfterHoursPassInput, on req: Request) async throws -> AfterHoursPass {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .requestAfterHoursPass)
        guard let houseID = try Input.uuid(input.showHouseID, field: "showHouseID") else {
            throw WuyeError.missing("showHouseID", Text("样板房", "The show house"), choose: true, rule: "SH-3")
        }
        guard try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).count() > 0 else {
            throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
        }
        guard let visitor = Input.text(input.visitor) else { throw WuyeError.missing("visitor", Text("进入人员", "Who comes in"), rule: "SH-3") }
        guard let purpose = Input.text(input.purpose) else { throw WuyeError.missing("purpose", Text("事由", "Why"), rule: "SH-3") }
        let time = property.localTime
        guard let fromText = Input.text(input.validFrom) else { throw WuyeError.missing("validFrom", Text("开始时间", "From"), rule: "SH-3") }
        guard let from = time.parseDateTime(fromText) else { throw WuyeError.invalid("validFrom", Text("时间格式不正确", "is not a time"), rule: "SH-3") }
        guard let untilText = Input.text(input.validUntil) else { throw WuyeError.missing("validUntil", Text("结束时间", "Until"), rule: "SH-3") }
        guard let until = time.parseDateTime(untilText) else { throw WuyeError.invalid("validUntil", Text("时间格式不正确", "is not a time"), rule: "SH-3") }
        let now = req.now
        try SiteAccessRules.checkPassWindow(from: from, until: until, now: now)
        return try await req.write { db in
            let pass = AfterHoursPass()
            pass.id = UUID(); pass.$property.id = property.id; pass.$showHouse.id = houseID; pass.visitor = visitor; pass.purpose = purpose
            pass.validFrom = from; pass.validUntil = until; pass.$requestedBy.id = actor.id; pass.requestedAt = now
            try await AuditLog.create("after_hours_pass.requested", pass, by: .person(actor), property: property.id, at: now, on: db)
            try await Notifier.notify(Notifier.Audience(grants: [.anyDepartment(.leadership)]), at: property.id, kind: "after_hours_pass.requested",
                                      message: Text("非接待时间进入申请：\(visitor)，\(time.dateTime(from))，\(purpose.prefix(40))", "After-hours pass asked for \(visitor) at \(time.dateTime(from))"),
                                      link: "/properties/\(property.id)/site-gate", subject: pass.id, except: actor.id, now: now, on: db)
            return pass
        }
    }

    /// 领导批复 (SH-3): once, never the one who asked.
    public static func decide(passID: UUID?, _ input: PassDecisionInput, on req: Request) async throws -> AfterHoursPass {
        let actor = try req.actor
        let (found, property) = try await find(passID, for: actor, action: .decideAfterHoursPass, on: req)
        guard let approve = input.approve else { throw WuyeError.missing("approve", Text("是否批准", "Approve or refuse"), choose: true, rule: "SH-3") }
        let note = Input.text(input.note)
        if !approve, note == nil { throw WuyeError.missing("note", Text("不批准的理由", "Why it is refused"), rule: "SH-3") }
        try Policy.requireDifferentPeople(requester: found.$requestedBy.id, approver: actor.id, rule: "SH-3", what: Text("批准", "approve"))
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(AfterHoursPass.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.approved == nil else { throw WuyeError.conflict(Text("已经批复过", "Already decided"), rule: "SH-3", field: "approve") }
            guard locked.validUntil > now else { throw WuyeError.conflict(Text("申请的时间已过，无需批复", "Its time has passed"), rule: "SH-3", field: "approve") }
            try await Notifier.settle(["after_hours_pass.requested"], about: locked.record.id!, now: now, on: db)
            return try await AuditLog.update(approve ? "after_hours_pass.approved" : "after_hours_pass.refused", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.approved = approve; $0.$decidedBy.id = actor.id; $0.decidedAt = now; $0.decisionNote = note
            }
        }
    }

    /// 放行 (SH-3): security admits on the approval, inside its time, once.
    public static func admit(passID: UUID?, on req: Request) async throws -> AfterHoursPass {
        let actor = try req.actor
        let (found, property) = try await find(passID, for: actor, action: .keepSiteGate, on: req)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(AfterHoursPass.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try SiteAccessRules.checkAdmission(approved: locked.approved, from: locked.validFrom, until: locked.validUntil, admitted: locked.admittedAt != nil, now: now)
            return try await AuditLog.update("after_hours_pass.admitted", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.admittedAt = now; $0.$admittedBy.id = actor.id
            }
        }
    }
}
