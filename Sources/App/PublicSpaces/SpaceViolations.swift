import Fluent
import Vapor

/// 违章处理 — violations of public spaces from the report on patrol to the
/// place restored and the penalty paid (篇2 PS-4, PS-5). Pages and API call
/// these same functions.
public enum SpaceViolations {
    static let noun = Text("违章记录", "violation")

    /// 发现即报告: anyone on patrol reports what they saw, with photos (PS-5 [1.3–1.5, 2.5]).
    public static func report(propertyID: UUID?, _ input: ViolationReportInput, photos: [Upload], on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .reportViolation)
        var place = Input.text(input.place)
        let spaceID = try Input.uuid(input.spaceID, field: "spaceID")
        if let spaceID {
            guard let space = try await PublicSpace.query(on: req.db).filter(\.$id == spaceID).filter(\.$property.$id == property.id).first() else {
                throw WuyeError.notFound(PublicSpaces.spaceNoun, field: "spaceID")
            }
            place = place ?? space.name
        }
        guard let place else { throw WuyeError.missing("place", Text("地点", "Place"), rule: "PS-4") }
        guard let kind = Input.text(input.kind).flatMap(ViolationKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("违章类别", "Kind"), choose: true, rule: "PS-4") }
        guard let description = Input.text(input.description) else { throw WuyeError.missing("description", Text("情况说明", "What was seen"), rule: "PS-4") }
        // 有据可查: each violation is recorded with evidence (PS-4).
        guard !photos.isEmpty else { throw WuyeError.missing("photos", Text("现场照片", "A photo"), choose: true, rule: "PS-4") }
        try Upload.checkPhotoCount(photos, rule: "PS-4")
        let now = req.now
        return try await req.write { db in
            let violation = SpaceViolation()
            violation.id = UUID()
            // The photos first: the number is taken last, so others numbering at this property wait the least.
            try await Attachments.add(photos, to: SpaceViolation.auditType, violation.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
            violation.$property.id = property.id
            violation.referenceNo = try await ReferenceNumber.next("WZ", in: SpaceViolation.schema, property: property, now: now, on: db)
            violation.$space.id = spaceID
            violation.place = place; violation.kind = kind; violation.description = description
            violation.$reportedBy.id = actor.id; violation.reportedAt = now
            violation.status = .reported
            violation.failedChecks = 0
            try await AuditLog.create("space_violation.reported", violation, by: .person(actor), property: property.id, at: now, on: db)
            return violation
        }
    }

    /// 责令其拆除…恢复原状: the party told to put it right by a day (PS-4 [2.3]).
    public static func order(violationID: UUID?, _ input: ViolationOrderInput, on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let found = try await find(violationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .handleViolation)
        let customerID = try Input.uuid(input.customerID, field: "customerID")
        var party = Input.text(input.party)
        if let customerID {
            guard let customer = try await Customer.query(on: req.db).filter(\.$id == customerID).filter(\.$property.$id == property.id).first() else {
                throw WuyeError.notFound(CustomerFiles.customerNoun, field: "customerID")
            }
            party = party ?? customer.name
        }
        try ViolationRules.checkParty(customer: customerID, party: party)
        let named = party
        guard let restoreBy = Input.text(input.restoreBy) else { throw WuyeError.missing("restoreBy", Text("整改期限", "Restore by"), rule: "PS-4") }
        let now = req.now
        try ViolationRules.checkRestoreBy(restoreBy, today: property.localTime.day(now))
        let note = Input.text(input.note)
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceViolation.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .reported else { throw ViolationRules.notAt(.reported, but: locked.status) }
            return try await AuditLog.update("space_violation.ordered", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .ordered
                $0.$customer.id = customerID; $0.party = named
                $0.$orderedBy.id = actor.id; $0.orderedAt = now; $0.orderNote = note
                $0.restoreBy = restoreBy; $0.restoreDueAt = property.localTime.endOfDay(restoreBy)
            }
        }
    }

    /// 复查: restored closes it; not yet sets a new day and counts the failed check (PS-4).
    public static func check(violationID: UUID?, _ input: ViolationCheckInput, on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let found = try await find(violationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .handleViolation)
        guard let restored = input.restored else { throw WuyeError.missing("restored", Text("是否已恢复原状", "Restored or not"), choose: true, rule: "PS-4") }
        let note = Input.text(input.note)
        let now = req.now
        if restored, Input.text(input.restoreBy) != nil {
            throw WuyeError.invalid("restoreBy", Text("已恢复原状时不需要新的整改期限", "is not needed when it is restored"), rule: "PS-4")
        }
        let newDay: String? = try restored ? nil : {
            guard note != nil else { throw WuyeError.missing("note", Text("未恢复的情况", "What is still wrong"), rule: "PS-4") }
            guard let day = Input.text(input.restoreBy) else { throw WuyeError.missing("restoreBy", Text("新的整改期限", "A new day to restore by"), rule: "PS-4") }
            try ViolationRules.checkRestoreBy(day, today: property.localTime.day(now))
            return day
        }()
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceViolation.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .ordered else { throw ViolationRules.notAt(.ordered, but: locked.status) }
            if let newDay {
                return try await AuditLog.update("space_violation.not_restored", locked, by: .person(actor), property: property.id, at: now, on: db) {
                    $0.failedChecks += 1
                    $0.restoreBy = newDay; $0.restoreDueAt = property.localTime.endOfDay(newDay)
                    $0.orderNote = note
                }
            }
            return try await AuditLog.update("space_violation.restored", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .restored
                $0.$closedBy.id = actor.id; $0.closedAt = now; $0.closingNote = note
            }
        }
    }

    /// Looked into and found in order: an approved use, say, or nothing there (PS-4).
    public static func dismiss(violationID: UUID?, _ input: ViolationDismissInput, on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let found = try await find(violationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .handleViolation)
        guard let note = Input.text(input.note) else { throw WuyeError.missing("note", Text("不属违章的理由", "Why it is not a violation"), rule: "PS-4") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceViolation.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .reported else { throw ViolationRules.notAt(.reported, but: locked.status) }
            return try await AuditLog.update("space_violation.dismissed", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .dismissed
                $0.$closedBy.id = actor.id; $0.closedAt = now; $0.closingNote = note
            }
        }
    }

    /// 根据有关规定做出相应处罚: the amount and the rule it follows, set once (PS-4 [2.3]).
    public static func penalise(violationID: UUID?, _ input: ViolationPenaltyInput, on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let found = try await find(violationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .penaliseViolation)
        guard let text = Input.text(input.penaltyYuan) else { throw WuyeError.missing("penaltyYuan", Text("处罚金额", "The penalty"), rule: "PS-4") }
        guard let fen = CustomerRules.fen(fromYuan: text) else {
            throw WuyeError.invalid("penaltyYuan", Text("金额应为元，最多两位小数", "must be yuan with up to two decimals"), rule: "PS-4")
        }
        guard let basis = Input.text(input.basis) else { throw WuyeError.missing("basis", Text("处罚依据", "The rule it follows"), rule: "PS-4") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceViolation.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try ViolationRules.checkPenalty(fen: fen, status: locked.status, already: locked.penaltyFen)
            return try await AuditLog.update("space_violation.penalised", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.penaltyFen = fen; $0.penaltyBasis = basis; $0.$penaltyBy.id = actor.id
            }
        }
    }

    /// The penalty paid, with its receipt; until then it is the party's arrears.
    public static func pay(violationID: UUID?, _ input: ViolationPaymentInput, on req: Request) async throws -> SpaceViolation {
        let actor = try req.actor
        let found = try await find(violationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .handleViolation)
        guard let receipt = Input.text(input.receiptNo) else { throw WuyeError.missing("receiptNo", Text("收据编号", "Receipt number"), rule: "PS-4") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceViolation.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.penaltyFen != nil else { throw WuyeError.conflict(Text("尚未记录处罚", "No penalty is recorded"), rule: "PS-4", field: "receiptNo") }
            guard locked.penaltyPaidAt == nil else {
                throw WuyeError.conflict(Text("罚款已收（收据 \(locked.penaltyReceipt ?? "")）", "The penalty is already paid (receipt \(locked.penaltyReceipt ?? ""))"), rule: "PS-4", field: "receiptNo")
            }
            return try await AuditLog.update("space_violation.penalty_paid", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.penaltyPaidAt = now; $0.penaltyReceipt = receipt
            }
        }
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> SpaceViolation {
        guard let id, let found = try await SpaceViolation.find(id, on: db) else { throw WuyeError.notFound(noun, field: "violationID") }
        return found
    }

    /// Who may look at a violation and its photos: those who watch public
    /// spaces, and whoever reported it (a guard follows their own report).
    static func authorizeView(_ violation: SpaceViolation, on req: Request) async throws -> PropertyInfo {
        let actor = try req.actor
        if violation.$reportedBy.id == actor.id { return try await req.property(violation.$property.id, for: actor, action: .reportViolation) }
        return try await req.property(violation.$property.id, for: actor, action: .viewPublicSpaces)
    }
}
