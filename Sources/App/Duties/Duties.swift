import Fluent
import SQLKit
import Vapor

/// 职责 (X-2): the procedure's duties installed per show house and
/// property, written and edited by managers, and the reasons given for
/// misses. Pages and API call these same functions.
public enum Duties {
    static let noun = Text("职责", "duty")
    /// Who the procedure's defaults are by, when no person wrote them.
    static let procedureDefaults = AuditActor.system("流程默认设置")

    static func find(_ id: UUID?, on db: any Database) async throws -> Duty {
        guard let id, let duty = try await Duty.find(id, on: db) else { throw WuyeError.notFound(noun, field: "dutyID") }
        return duty
    }

    /// A duty by its series (the id pages and the API use): the version in force, or the last one if it was stopped.
    static func current(_ seriesID: UUID?, on db: any Database) async throws -> Duty {
        guard let seriesID, let duty = try await Duty.query(on: db).filter(\.$seriesID == seriesID).sort(\.$effectiveFrom, .descending).first() else {
            throw WuyeError.notFound(noun, field: "dutyID")
        }
        return duty
    }

    /// Writes one duty from a draft; a new series unless `series` is given.
    @discardableResult
    static func write(_ draft: DutyDraft, property: UUID, house: UUID?, post: UUID? = nil, series: UUID = UUID(), weekday: Int? = nil, monthDay: Int? = nil,
                      from: Date, by who: AuditActor, editor: UUID?, on db: any Database) async throws -> Duty {
        let duty = Duty()
        duty.$property.id = property; duty.seriesID = series; duty.kind = draft.kind; duty.$showHouse.id = house; duty.$post.id = post
        duty.department = draft.department; duty.minimumRank = draft.rank; duty.cadence = draft.cadence; duty.windows = draft.windows
        duty.everyMinutes = draft.every; duty.weekday = weekday; duty.monthDay = monthDay; duty.graceMinutes = draft.grace
        duty.effectiveFrom = from; duty.$editedBy.id = editor; duty.editedAt = from
        try await AuditLog.create("duty.created", duty, by: who, property: property, at: from, on: db)
        return duty
    }

    /// The procedure's duties a show house does not have yet (SH-10, SH-18, SH-19, SH-20, SH-30).
    static func installDefaults(for house: ShowHouse, from: Date, by who: AuditActor, on db: any Database) async throws {
        let have = Set(try await Duty.query(on: db).filter(\.$showHouse.$id == house.id!).all().map(\.kind))
        for draft in DutyRules.defaults(opensAt: house.opensAt, closesAt: house.closesAt) where !have.contains(draft.kind) {
            try await write(draft, property: house.$property.id, house: house.id, from: from, by: who, editor: nil, on: db)
        }
        try await installWeekly(property: house.$property.id, from: from, by: who, on: db)
    }

    /// A property with show houses reviews fire safety and audits its departments weekly (SH-6, SH-37).
    static func installWeekly(property: UUID, from: Date, by who: AuditActor, on db: any Database) async throws {
        let have = Set(try await Duty.query(on: db).filter(\.$property.$id == property).filter(\.$showHouse.$id == nil).all().map(\.kind))
        for (draft, weekday) in DutyRules.weekly where !have.contains(draft.kind) {
            try await write(draft, property: property, house: nil, weekday: weekday, from: from, by: who, editor: nil, on: db)
        }
    }

    /// Every show house and property has the procedure's duties: what was
    /// registered before a duty existed gets it now.
    static func installMissingDefaults(app: Application, now: Date) async throws {
        let kinds = DutyRules.defaults(opensAt: "09:00", closesAt: "18:00").map(\.kind.rawValue)
        let houses = try await app.db.sql.raw("""
            SELECT h.id FROM show_houses h WHERE (SELECT COUNT(DISTINCT d.kind) FROM duties d WHERE d.show_house_id = h.id AND d.kind IN (\(binds: kinds))) < \(bind: kinds.count)
               OR (SELECT COUNT(DISTINCT d.kind) FROM duties d WHERE d.property_id = h.property_id AND d.show_house_id IS NULL AND d.kind <> \(bind: DutyKind.deskHandover.rawValue)) < \(bind: DutyRules.weekly.count)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in houses {
            try await app.write { db in
                guard let house = try await ShowHouse.find(id, on: db) else { return }
                try await SQLLock.takeTurns(on: Property.schema, id: house.$property.id, in: db.sql)
                try await installDefaults(for: house, from: now, by: DutyWatch.actor, on: db)
            }
        }
        // The control-room handover is a duty where the property has set its handover times (HO-7).
        let properties = try await app.db.sql.raw("""
            SELECT s.property_id AS id FROM shift_settings s WHERE NOT EXISTS (SELECT 1 FROM duties d WHERE d.property_id = s.property_id AND d.kind = \(bind: DutyKind.deskHandover.rawValue))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in properties {
            try await app.write { db in try await installDeskHandover(property: id, from: now, on: db) }
        }
        // Each post that keeps a handover checklist hands over at the shift changes (HO-1).
        let posts = try await app.db.sql.raw("""
            SELECT DISTINCT t.post_id AS id FROM handover_templates t WHERE NOT EXISTS (SELECT 1 FROM duties d WHERE d.post_id = t.post_id AND d.kind = \(bind: DutyKind.postHandover.rawValue))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in posts {
            try await app.write { db in try await installPostHandover(post: id, from: now, by: DutyWatch.actor, on: db) }
        }
    }

    static func installPostHandover(post postID: UUID, from: Date, by who: AuditActor, on db: any Database) async throws {
        guard let post = try await Post.query(on: db).filter(\.$id == postID).with(\.$department).first() else { return }
        try await SQLLock.takeTurns(on: Property.schema, id: post.$property.id, in: db.sql)
        guard try await Duty.query(on: db).filter(\.$post.$id == postID).filter(\.$kind == .postHandover).count() == 0 else { return }
        let settings = try await ShiftSettings.query(on: db).filter(\.$property.$id == post.$property.id).first()
        let draft = DutyRules.postHandover(morning: settings?.morningHandover ?? ShiftSettings.defaults.morning, evening: settings?.eveningHandover ?? ShiftSettings.defaults.evening,
                                           department: post.department.code)
        try await write(draft, property: post.$property.id, house: nil, post: postID, from: from, by: who, editor: nil, on: db)
    }

    static func installDeskHandover(property: UUID, from: Date, on db: any Database) async throws {
        try await SQLLock.takeTurns(on: Property.schema, id: property, in: db.sql)
        guard try await Duty.query(on: db).filter(\.$property.$id == property).filter(\.$kind == .deskHandover).count() == 0 else { return }
        let settings = try await ShiftSettings.query(on: db).filter(\.$property.$id == property).first()
        let draft = DutyRules.deskHandover(morning: settings?.morningHandover ?? ShiftSettings.defaults.morning, evening: settings?.eveningHandover ?? ShiftSettings.defaults.evening)
        try await write(draft, property: property, house: nil, from: from, by: DutyWatch.actor, editor: nil, on: db)
    }

    /// A duty as someone writes it, checked (X-2).
    static func draft(_ input: DutyInput, kind: DutyKind) throws -> (DutyDraft, weekday: Int?, monthDay: Int?) {
        guard let department = Input.text(input.department).flatMap(DepartmentCode.init(rawValue:)) else {
            throw WuyeError.missing("department", Text("负责部门", "The department"), choose: true, rule: "X-2")
        }
        let rank = Input.text(input.minimumRank).flatMap(Rank.init(rawValue:)) ?? .staff
        guard let cadence = Input.text(input.cadence).flatMap(DutyCadence.init(rawValue:)) else {
            throw WuyeError.missing("cadence", Text("周期", "How often"), choose: true, rule: "X-2")
        }
        guard let windows = Input.text(input.windows) else { throw WuyeError.missing("windows", Text("时间", "The times"), rule: "X-2") }
        let plan = try DutyRules.plan(cadence: cadence, windows: windows, everyMinutes: input.everyMinutes, weekday: input.weekday, monthDay: input.monthDay,
                                      graceMinutes: input.graceMinutes)
        let canonical = plan.windows.map { cadence == .weekly || cadence == .monthly ? DutyRules.hhmm($0.to) : "\(DutyRules.hhmm($0.from))-\(DutyRules.hhmm($0.to))" }
            .joined(separator: ",")
        return (DutyDraft(kind: kind, department: department, rank: rank, cadence: cadence, windows: canonical, every: cadence == .every ? plan.everyMinutes : nil,
                          grace: plan.graceMinutes),
                cadence == .weekly ? plan.weekday : nil, cadence == .monthly ? plan.monthDay : nil)
    }

    /// A new duty at a property, of a show house or of the whole property.
    public static func create(propertyID: UUID?, _ input: DutyInput, on req: Request) async throws -> Duty {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageDuties)
        guard let kind = Input.text(input.kind).flatMap(DutyKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("职责类别", "What the duty is"), choose: true, rule: "X-2") }
        let houseID = try Input.uuid(input.showHouseID, field: "showHouseID")
        let postID = try Input.uuid(input.postID, field: "postID")
        if kind.perPost {
            guard let postID else { throw WuyeError.missing("postID", Text("岗位", "The post"), choose: true, rule: kind.rule) }
            guard try await Post.query(on: req.db).filter(\.$id == postID).filter(\.$property.$id == property.id).count() == 1 else {
                throw WuyeError.notFound(Text("岗位", "post"), field: "postID")
            }
        }
        if kind.perShowHouse {
            guard let houseID else { throw WuyeError.missing("showHouseID", Text("样板房", "The show house"), choose: true, rule: kind.rule) }
            guard try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).count() == 1 else {
                throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
            }
        } else if houseID != nil {
            throw WuyeError.invalid("showHouseID", Text("这项职责属于整个项目，不属于某个样板房", "is not asked: this duty is the whole property's"), rule: kind.rule)
        }
        let (draft, weekday, monthDay) = try draft(input, kind: kind)
        let now = req.now
        return try await req.write { db in
            try await write(draft, property: property.id, house: kind.perShowHouse ? houseID : nil, post: kind.perPost ? postID : nil, weekday: weekday, monthDay: monthDay, from: now,
                            by: .person(actor), editor: actor.id, on: db)
        }
    }

    /// 修改: a new version of the same series that applies from the next
    /// occurrence; the old one stops now, so what was due under it stays so.
    public static func revise(dutyID: UUID?, _ input: DutyInput, on req: Request) async throws -> Duty {
        let actor = try req.actor
        let found = try await current(dutyID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .manageDuties)
        let (draft, weekday, monthDay) = try draft(input, kind: found.kind)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(Duty.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.retiredAt == nil else { throw WuyeError.conflict(Text("这项职责已停用", "This duty is stopped"), rule: "X-2", field: "dutyID") }
            try await AuditLog.update("duty.superseded", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.retiredAt = now }
            return try await write(draft, property: property.id, house: found.$showHouse.id, post: found.$post.id, series: found.seriesID, weekday: weekday, monthDay: monthDay, from: now,
                                   by: .person(actor), editor: actor.id, on: db)
        }
    }

    /// 停用: the duty stops from now; its past stays.
    public static func retire(dutyID: UUID?, on req: Request) async throws -> Duty {
        let actor = try req.actor
        let found = try await current(dutyID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .manageDuties)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(Duty.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.retiredAt == nil else { throw WuyeError.conflict(Text("已停用", "Already stopped"), rule: "X-2", field: "dutyID") }
            return try await AuditLog.update("duty.retired", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.retiredAt = now }
        }
    }

    /// 说明原因: why an occurrence was missed, by someone answerable for the duty, once.
    public static func explain(missID: UUID?, _ input: DutyMissInput, on req: Request) async throws -> DutyMiss {
        let actor = try req.actor
        guard let missID, let miss = try await DutyMiss.find(missID, on: req.db) else { throw WuyeError.notFound(Text("未完成记录", "missed occurrence"), field: "missID") }
        let property = try await req.property(miss.$property.id, for: actor, action: .explainDutyMiss)
        let duty = try await find(miss.$duty.id, on: req.db)
        guard actor.department == duty.department || actor.rank >= .manager else {
            throw WuyeError.forbidden(Text("应由\(duty.department.title.zh)或经理说明", "Only \(duty.department.title.en) or a manager explains it"), rule: "X-2")
        }
        guard let text = Input.text(input.explanation) else { throw WuyeError.missing("explanation", Text("未完成的原因", "Why it was missed"), rule: "X-2") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(DutyMiss.self, miss.id, on: db) else { throw WuyeError.notFound(Text("未完成记录", "missed occurrence")) }
            guard locked.explanation == nil else { throw WuyeError.conflict(Text("已说明原因", "Already explained"), rule: "X-2", field: "explanation") }
            let done = try await AuditLog.update("duty_miss.explained", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.explanation = text; $0.$explainedBy.id = actor.id; $0.explainedAt = now
            }
            try await Notifier.settle([DutyWatch.missedNotice], about: done.id!, now: now, on: db)
            return done
        }
    }
}

/// 职责 as a manager writes it (X-2). `kind` and `showHouseID` are read when it is created.
public struct DutyInput: CheckedInput, Content {
    public var kind: String?
    public var showHouseID: String?
    public var postID: String?
    public var department: String?
    public var minimumRank: String?
    public var cadence: String?
    public var windows: String?
    public var everyMinutes: Int?
    public var weekday: Int?
    public var monthDay: Int?
    public var graceMinutes: Int?

    public static let schema = InputSchema("DutyInput", [
        ("kind", .choice(DutyKind.allCases.map(\.rawValue), label: Text("职责类别", "kind"), rule: "X-2")),
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "X-2")),
        ("postID", InputField(.uuid, label: Text("岗位", "postID"), rule: "HO-1")),
        ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("负责部门", "department"), rule: "X-2")),
        ("minimumRank", .choice(Rank.allCases.map(\.rawValue), label: Text("职级", "minimumRank"), rule: "X-2")),
        ("cadence", .choice(DutyCadence.allCases.map(\.rawValue), label: Text("周期", "cadence"), rule: "X-2")),
        ("windows", .text(200, pattern: #"^[0-9:, -]*$"#, label: Text("时间", "windows"), rule: "X-2")),
        ("everyMinutes", .integer(DutyRules.leastEvery...DutyRules.mostEvery, label: Text("间隔分钟", "everyMinutes"))),
        ("weekday", .integer(1...7, label: Text("星期", "weekday"))),
        ("monthDay", .integer(1...28, label: Text("每月几号", "monthDay"))),
        ("graceMinutes", .integer(0...DutyRules.mostGrace, label: Text("宽限分钟", "graceMinutes"))),
    ])
}

/// 未完成原因 (X-2).
public struct DutyMissInput: CheckedInput, Content {
    public var explanation: String?

    public static let schema = InputSchema("DutyMissExplanationInput", [("explanation", .text(500, multiline: true, label: Text("原因", "explanation"), rule: "X-2"))])
}
