import Fluent
import Vapor

/// 闭馆与当日记录 — the closing routine, the keys to the security post, and
/// the foreman's signature that closes the day (SH-17, SH-18).
public enum ShowHouseDays {
    static let noun = Text("当日记录", "day record")

    /// 闭馆: after the closing count and with every batch counted out, each
    /// item of the routine confirmed, the day's work written, and the keys
    /// handed to a named guard of a security post, who is asked to confirm.
    public static func close(showHouseID: UUID?, _ input: ClosingInput, on req: Request) async throws -> ShowHouseDay {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        let checks = Set((input.checks ?? []).compactMap(ClosingCheck.init(rawValue:)))
        guard let workLog = Input.text(input.workLog) else { throw WuyeError.missing("workLog", Text("当日工作记录", "The day's work"), rule: "SH-17") }
        guard let postID = try Input.uuid(input.keysPostID, field: "keysPostID") else {
            throw WuyeError.missing("keysPostID", Text("钥匙交接的安管岗位（如 005岗）", "The security post the keys go to (e.g. 005岗)"), choose: true, rule: "SH-17")
        }
        guard let post = try await Post.query(on: req.db).filter(\.$id == postID).filter(\.$property.$id == property.id).with(\.$department).first() else {
            throw WuyeError.notFound(Text("岗位", "post"), field: "keysPostID")
        }
        guard post.department.code == .security else {
            throw WuyeError.invalid("keysPostID", Text("钥匙应交安管岗位", "must be a security post"), rule: "SH-17")
        }
        guard let guardID = try Input.uuid(input.keysGuardID, field: "keysGuardID") else {
            throw WuyeError.missing("keysGuardID", Text("接钥匙的安管员", "The guard who takes the keys"), choose: true, rule: "SH-17")
        }
        let guardian = try await ServiceDesk.colleague(guardID, at: property.id, on: req.db, field: "keysGuardID")
        guard guardian.department.code == .security else {
            throw WuyeError.invalid("keysGuardID", Text("接钥匙的人应为安管部员工", "must be of security"), rule: "SH-17")
        }
        let now = req.now
        let day = property.localTime.day(now)
        do {
            return try await req.write { db in
                try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
                let counted = try await ShowHouseCount.query(on: db).filter(\.$showHouse.$id == house.id!).filter(\.$day == day).filter(\.$kind == .closing).count() == 1
                let inside = try await VisitorBatch.query(on: db).filter(\.$showHouse.$id == house.id!).filter(\.$day == day)
                    .filter(\.$arrivedAt != nil).filter(\.$leftAt == nil).count()
                try ShowHouseRules.checkClosing(checks: checks, closingCounted: counted, batchesInside: inside)
                let record = ShowHouseDay()
                record.$property.id = property.id; record.$showHouse.id = house.id!; record.day = day
                record.$closedBy.id = actor.id; record.closedAt = now
                record.checks = AuditLog.canonicalJSON(ClosingCheck.allCases.map(\.rawValue)); record.workLog = workLog
                record.$keysPost.id = postID; record.$keysGuard.id = guardID
                try await AuditLog.create("show_house_day.closed", record, by: .person(actor), property: property.id, at: now, on: db)
                try await Notifier.notify(guardID, at: property.id, kind: DayNotice.keys.rawValue,
                                          message: Text("\(actor.name)将\(house.name)的钥匙交到\(post.name)，请确认接收", "\(actor.name) handed \(house.name)'s keys to \(post.name): please confirm"),
                                          link: "/show-house-days/\(record.id!)", subject: record.id, now: now, on: db)
                return record
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(house.name)今天已闭馆", "\(house.name) is already closed today"), rule: "SH-17", field: "checks")
        }
    }

    /// 接钥匙: the named guard confirms in their own session (SH-17).
    public static func receiveKeys(dayID: UUID?, on req: Request) async throws -> ShowHouseDay {
        let actor = try req.actor
        let (found, property) = try await record(dayID, for: actor, action: .receiveShowHouseKeys, on: req)
        guard found.$keysGuard.id == actor.id else { throw WuyeError.forbidden(Text("只有被指定的安管员可以确认接钥匙", "Only the named guard confirms the keys"), rule: "SH-17") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ShowHouseDay.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.keysReceivedAt == nil else { throw WuyeError.conflict(Text("已确认接钥匙", "The keys are already confirmed"), rule: "SH-17", field: "status") }
            let day = try await AuditLog.update("show_house_day.keys_received", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.keysReceivedAt = now }
            try await Notifier.settle([DayNotice.keys.rawValue], about: day.id!, now: now, on: db)
            return day
        }
    }

    /// 审核签字: the foreman or supervisor on duty, not the one who closed,
    /// signs; the day is then closed and frozen (SH-18).
    public static func review(dayID: UUID?, _ input: DayReviewInput, on req: Request) async throws -> ShowHouseDay {
        let actor = try req.actor
        let (found, property) = try await record(dayID, for: actor, action: .reviewShowHouseDay, on: req)
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "X-1") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ShowHouseDay.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try ShowHouseRules.checkReview(locked.record, reviewer: actor.id)
            return try await AuditLog.update("show_house_day.reviewed", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$reviewedBy.id = actor.id; $0.reviewedAt = now; $0.reviewNote = Input.text(input.note); $0.reviewSignature = signature
            }
        }
    }

    /// SH-17: once a show house is closed for the day, nothing more is recorded in that day.
    static func requireOpen(house: ShowHouse, day: String, on db: any Database) async throws {
        guard try await ShowHouseDay.query(on: db).filter(\.$showHouse.$id == house.id!).filter(\.$day == day).count() == 0 else {
            throw WuyeError.conflict(Text("\(house.name)当天已闭馆，不能再登记", "\(house.name) is closed for the day; nothing more can be recorded"), rule: "SH-17", field: "day")
        }
    }

    static func record(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (ShowHouseDay, PropertyInfo) {
        guard let id, let day = try await ShowHouseDay.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "dayID") }
        return (day, try await req.property(day.$property.id, for: actor, action: action))
    }
}

enum DayNotice: String {
    case keys = "show_house_day.keys"
}
