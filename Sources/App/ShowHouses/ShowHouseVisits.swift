import Fluent
import Vapor

/// 参观接待 — visitor batches between the lobby and the show house (SH-14,
/// SH-15), visitors turned away (SH-4), and what guests say (SH-16).
public enum ShowHouseVisits {
    static let batchNoun = Text("参观批次", "visitor batch")

    /// 送梯登记: the lobby counts a batch into the lift with its sales person.
    /// No sales person, no batch: the visitors are turned away instead (SH-4).
    public static func send(showHouseID: UUID?, _ input: BatchInput, on req: Request) async throws -> VisitorBatch {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        guard let sales = Input.text(input.salesName) else {
            throw WuyeError.missing("salesName", Text("陪同销售（无销售陪同的客人请劝离并登记）", "The accompanying sales person (visitors without one are turned away and counted)"), rule: "SH-4")
        }
        guard let headcount = input.headcount else { throw WuyeError.missing("headcount", Text("人数", "Headcount"), rule: "SH-14") }
        let now = req.now
        let day = property.localTime.day(now)
        return try await req.write { db in
            // Numbers through the day in turns: the unique key refuses a second batch with one number.
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            try await ShowHouseDays.requireOpen(house: house, day: day, on: db)
            let last = try await VisitorBatch.query(on: db).filter(\.$showHouse.$id == house.id!).filter(\.$day == day).sort(\.$number, .descending).first()?.number ?? 0
            let batch = VisitorBatch()
            batch.$property.id = property.id; batch.$showHouse.id = house.id!; batch.day = day; batch.number = last + 1
            batch.salesName = sales; batch.headcount = headcount; batch.$sentBy.id = actor.id; batch.sentAt = now
            try await AuditLog.create("visitor_batch.sent", batch, by: .person(actor), property: property.id, at: now, on: db)
            return batch
        }
    }

    /// 到达确认, 离开登记 (with the batch's notes), 返回确认 — each by the
    /// other post than the count before it (SH-14, SH-15).
    public static func step(_ step: ShowHouseRules.BatchStep, batchID: UUID?, _ input: BatchCountInput, on req: Request) async throws -> VisitorBatch {
        let actor = try req.actor
        let (found, property) = try await batch(batchID, for: actor, action: .keepShowHouse, on: req)
        guard let count = input.count else { throw WuyeError.missing("count", Text("人数", "Headcount"), rule: "SH-14") }
        let notes = (input.notes ?? []).compactMap(BatchNote.init(rawValue:))
        if step != .departure, !notes.isEmpty || Input.text(input.note) != nil {
            throw WuyeError.invalid("notes", Text("情况记录在样板房登记离开时填写", "notes are recorded when the show house counts the batch out"), rule: "SH-15")
        }
        let now = req.now
        guard let house = try await ShowHouse.find(found.$showHouse.id, on: req.db) else { throw WuyeError.notFound(ShowHouses.noun) }
        return try await req.write { db in
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            try await ShowHouseDays.requireOpen(house: house, day: found.day, on: db)
            guard let locked = try await AuditLog.lock(VisitorBatch.self, found.id, on: db) else { throw WuyeError.notFound(batchNoun) }
            let batch = locked.record
            try ShowHouseRules.checkStep(step, of: batch)
            switch step {
            case .arrival: try ShowHouseRules.checkOtherPost(previous: batch.$sentBy.id, actor: actor.id, step: step)
            case .return: try ShowHouseRules.checkOtherPost(previous: batch.$leftBy.id, actor: actor.id, step: step)
            case .departure: break
            }
            return try await AuditLog.update("visitor_batch.\(step.rawValue)", locked, by: .person(actor), property: property.id, at: now, on: db) {
                switch step {
                case .arrival: $0.arrivedCount = count; $0.$arrivedBy.id = actor.id; $0.arrivedAt = now
                case .departure:
                    $0.leftCount = count; $0.$leftBy.id = actor.id; $0.leftAt = now
                    $0.notes = notes.isEmpty ? nil : AuditLog.canonicalJSON(BatchNote.allCases.filter(notes.contains))
                    $0.note = Input.text(input.note)
                case .return: $0.returnedCount = count; $0.$returnedBy.id = actor.id; $0.returnedAt = now
                }
            }
        }
    }

    /// 劝离: visitors with no sales person are sent to the sales centre and counted (SH-4).
    public static func turnAway(showHouseID: UUID?, _ input: RefusalInput, on req: Request) async throws -> VisitorRefusal {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        guard let headcount = input.headcount else { throw WuyeError.missing("headcount", Text("人数", "Headcount"), rule: "SH-4") }
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            try await ShowHouseDays.requireOpen(house: house, day: property.localTime.day(now), on: db)
            let refusal = VisitorRefusal()
            refusal.$property.id = property.id; refusal.$showHouse.id = house.id!; refusal.day = property.localTime.day(now)
            refusal.headcount = headcount; refusal.note = Input.text(input.note); refusal.$recordedBy.id = actor.id; refusal.recordedAt = now
            try await AuditLog.create("visitor_refusal.recorded", refusal, by: .person(actor), property: property.id, at: now, on: db)
            return refusal
        }
    }

    /// 意见、建议、评价 per show house and unit type (SH-16); a complaint is
    /// also recorded at the service desk for the callback (SH-33).
    public static func feedback(showHouseID: UUID?, _ input: FeedbackInput, on req: Request) async throws -> GuestFeedback {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        guard let kind = Input.text(input.kind).flatMap(FeedbackKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("类别", "Kind"), choose: true, rule: "SH-16") }
        guard let text = Input.text(input.text) else { throw WuyeError.missing("text", Text("内容", "What the guest said"), rule: "SH-16") }
        let guestName = Input.text(input.guestName), guestPhone = Input.text(input.guestPhone)
        try ShowHouseRules.checkFeedback(kind: kind, rating: input.rating, guestPhone: guestPhone)
        let batchID = try Input.uuid(input.batchID, field: "batchID")
        if let batchID, try await VisitorBatch.query(on: req.db).filter(\.$id == batchID).filter(\.$showHouse.$id == house.id!).count() != 1 {
            throw WuyeError.notFound(batchNoun, field: "batchID")
        }
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            try await ShowHouseDays.requireOpen(house: house, day: property.localTime.day(now), on: db)
            let feedback = GuestFeedback()
            feedback.$property.id = property.id; feedback.$showHouse.id = house.id!; feedback.unitType = house.unitType; feedback.day = property.localTime.day(now)
            feedback.kind = kind; feedback.rating = input.rating; feedback.text = text; feedback.guestName = guestName; feedback.guestPhone = guestPhone
            feedback.$batch.id = batchID; feedback.$recordedBy.id = actor.id; feedback.recordedAt = now
            if kind == .complaint {
                let item = try await ServiceDesk.raise(.complaint, source: .showHouse, property: property, department: .customerService,
                                                       description: "\(house.name)（\(house.unitType)）：\(text)", guestName: guestName, guestPhone: guestPhone,
                                                       by: actor, at: now, on: db)
                feedback.$serviceItem.id = item.id
            }
            try await AuditLog.create("guest_feedback.recorded", feedback, by: .person(actor), property: property.id, at: now, on: db)
            return feedback
        }
    }

    static func batch(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (VisitorBatch, PropertyInfo) {
        guard let id, let batch = try await VisitorBatch.find(id, on: req.db) else { throw WuyeError.notFound(batchNoun, field: "batchID") }
        return (batch, try await req.property(batch.$property.id, for: actor, action: action))
    }
}
