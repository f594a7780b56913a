import Fluent
import Vapor

/// 公共场地 — the register of spaces and their paid use (篇2 PS-1…PS-3).
/// Pages and API call these same functions.
public enum PublicSpaces {
    static let spaceNoun = Text("场地", "space")
    static let useNoun = Text("场地使用申请", "space application")

    // MARK: The register (PS-1)

    public static func register(propertyID: UUID?, _ input: NewSpaceInput, on req: Request) async throws -> PublicSpace {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .managePublicSpaces)
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("场地名称", "Name"), rule: "PS-1") }
        guard let kind = Input.text(input.kind).flatMap(SpaceKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("类别", "Kind"), choose: true, rule: "PS-1") }
        guard let area = Input.text(input.areaM2).flatMap(Double.init), area > 0 else { throw WuyeError.missing("areaM2", Text("面积", "Area"), rule: "PS-1") }
        let fireRoute = input.fireRoute ?? false
        let rule = Input.text(input.feeRule).flatMap(FeeRule.init(rawValue:)) ?? .perDay
        let fee = try Input.text(input.feeYuan).map { text in
            guard let fen = CustomerRules.fen(fromYuan: text) else { throw WuyeError.invalid("feeYuan", Text("单价应为元，最多两位小数", "must be yuan with up to two decimals"), rule: "PS-2") }
            return fen
        }
        guard fireRoute || fee != nil else { throw WuyeError.missing("feeYuan", Text("单价", "Price"), rule: "PS-2") }
        let now = req.now
        return try await req.write { db in
            let space = PublicSpace()
            space.id = UUID()
            space.$property.id = property.id
            space.name = name; space.kind = kind; space.areaM2 = area; space.feeRule = rule; space.feeFen = fee ?? 0
            space.maxOccupancy = Input.text(input.maxOccupancy).flatMap { Int($0) }; space.fireRoute = fireRoute; space.note = Input.text(input.note)
            space.active = true; space.version = 1
            do {
                try await AuditLog.create("public_space.registered", space, by: .person(actor), property: property.id, at: now, on: db)
            } catch where isUniqueViolation(error) {
                throw WuyeError.conflict(Text("已有名为“\(name)”的场地", "There is already a space named “\(name)”"), rule: "PS-1", field: "name")
            }
            return space
        }
    }

    // MARK: Applications (PS-2, PS-3)

    /// The customer's written application, recorded by staff.
    public static func apply(propertyID: UUID?, _ input: SpaceApplicationInput, on req: Request) async throws -> SpaceUse {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .recordSpaceUse)
        guard let spaceID = try Input.uuid(input.spaceID, field: "spaceID") else { throw WuyeError.missing("spaceID", spaceNoun, choose: true, rule: "PS-2") }
        guard let space = try await PublicSpace.query(on: req.db).filter(\.$id == spaceID).filter(\.$property.$id == property.id).first(), space.active else {
            throw WuyeError.notFound(spaceNoun, field: "spaceID")
        }
        try SpaceRules.checkNotAFireRoute(space.fireRoute, name: space.name)
        var applicant = Input.text(input.applicant)
        let customerID = try Input.uuid(input.customerID, field: "customerID")
        if let customerID {
            guard let customer = try await Customer.query(on: req.db).filter(\.$id == customerID).filter(\.$property.$id == property.id).first() else {
                throw WuyeError.notFound(CustomerFiles.customerNoun, field: "customerID")
            }
            applicant = applicant ?? customer.name
        }
        guard let applicant else { throw WuyeError.missing("applicant", Text("申请人", "Applicant"), rule: "PS-2") }
        guard let purpose = Input.text(input.purpose) else { throw WuyeError.missing("purpose", Text("用途", "Purpose"), rule: "PS-2") }
        guard let area = Input.text(input.areaM2).flatMap(Double.init) else { throw WuyeError.missing("areaM2", Text("使用面积", "Area"), rule: "PS-2") }
        try SpaceRules.checkArea(area, of: space.areaM2)
        guard let start = Input.text(input.startsOn) else { throw WuyeError.missing("startsOn", Text("开始日期", "First day"), rule: "PS-2") }
        let end = Input.text(input.endsOn) ?? start
        _ = try SpaceRules.days(from: start, to: end)
        let today = property.localTime.day(req.now)
        guard start >= today else { throw WuyeError.invalid("startsOn", Text("不能申请已过去的日期", "cannot be in the past"), rule: "PS-2") }
        let now = req.now
        return try await req.write { db in
            let use = SpaceUse()
            use.id = UUID()
            use.$property.id = property.id
            use.$space.id = spaceID
            use.$customer.id = customerID
            use.applicant = applicant; use.purpose = purpose; use.areaM2 = area; use.startsOn = start; use.endsOn = end
            use.status = .applied
            use.$recordedBy.id = actor.id
            use.recordedAt = now
            try await AuditLog.create("space_use.applied", use, by: .person(actor), property: property.id, at: now, on: db)
            return use
        }
    }

    /// Staff check fire safety and appearance on the spot (PS-2).
    public static func check(useID: UUID?, _ input: SpaceCheckInput, on req: Request) async throws -> SpaceUse {
        let actor = try req.actor
        let found = try await findUse(useID, on: req.db)
        try Policy.authorize(actor, .recordSpaceUse, at: found.$property.id)
        guard let fireSafe = input.fireSafe else { throw WuyeError.missing("fireSafe", Text("是否符合消防安全", "Fire safety"), choose: true, rule: "PS-2") }
        guard let tidy = input.tidy else { throw WuyeError.missing("tidy", Text("是否影响美观", "Appearance"), choose: true, rule: "PS-2") }
        let note = Input.text(input.note)
        if (!fireSafe || !tidy) && note == nil { throw WuyeError.missing("note", Text("未通过的原因", "Why it fails"), rule: "PS-2") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceUse.self, found.id, on: db) else { throw WuyeError.notFound(useNoun) }
            guard locked.status == .applied else { throw SpaceRules.notAt(.applied, but: locked.status) }
            return try await AuditLog.update("space_use.checked", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.fireSafe = fireSafe; $0.tidy = tidy; $0.checkNote = note
                $0.$checkedBy.id = actor.id; $0.checkedAt = now
                // A failed check ends it: there is nothing to approve.
                $0.status = fireSafe && tidy ? .checked : .refused
                if !(fireSafe && tidy) { $0.decidedAt = now; $0.$decidedBy.id = actor.id; $0.decisionNote = note }
            }
        }
    }

    /// 统一规划 — approve (the fee set by the space's rule) or refuse. The
    /// space is locked while its other approved uses are compared, so two
    /// approvals of overlapping days cannot both pass (PS-3).
    public static func decide(useID: UUID?, _ input: SpaceDecisionInput, on req: Request) async throws -> SpaceUse {
        let actor = try req.actor
        let found = try await findUse(useID, on: req.db)
        try Policy.authorize(actor, .approveSpaceUse, at: found.$property.id)
        guard let approve = input.approve else { throw WuyeError.missing("approve", Text("批准与否", "The decision"), choose: true, rule: "PS-2") }
        let note = Input.text(input.note)
        if !approve && note == nil { throw WuyeError.missing("note", Text("不批准的原因", "Why it is refused"), rule: "PS-2") }
        try Policy.requireDifferentPeople(requester: found.$recordedBy.id, approver: actor.id, rule: "PS-2", what: Text("审批", "approve"))
        if let checker = found.$checkedBy.id, checker == actor.id {
            throw WuyeError.forbidden(Text("核查人不能审批同一申请", "The one who checked it may not decide it"), rule: "PS-2")
        }
        let now = req.now
        return try await req.write { db in
            guard let space = try await AuditLog.lock(PublicSpace.self, found.$space.id, on: db),
                  let locked = try await AuditLog.lock(SpaceUse.self, found.id, on: db) else { throw WuyeError.notFound(useNoun) }
            try SpaceRules.checkApprovable(status: locked.status, fireSafe: locked.fireSafe, tidy: locked.tidy)
            var fee: Int?
            if approve {
                try SpaceRules.checkNotAFireRoute(space.fireRoute, name: space.name)
                let others = try await SpaceUse.query(on: db).filter(\.$space.$id == space.record.id!).filter(\.$status == .approved)
                    .filter(\.$startsOn <= locked.endsOn).filter(\.$endsOn >= locked.startsOn).all()
                if let clash = others.first(where: { SpaceRules.overlaps(locked.startsOn, locked.endsOn, with: ($0.startsOn, $0.endsOn)) }) {
                    throw WuyeError.conflict(Text("\(space.name) \(clash.startsOn)–\(clash.endsOn) 已批准给\(clash.applicant)使用，时间重叠",
                                                  "\(space.name) is already approved for \(clash.applicant) from \(clash.startsOn) to \(clash.endsOn)"), rule: "PS-3", field: "startsOn")
                }
                fee = SpaceRules.fee(rule: space.feeRule, price: space.feeFen, area: locked.areaM2, days: try SpaceRules.days(from: locked.startsOn, to: locked.endsOn))
            }
            return try await AuditLog.update(approve ? "space_use.approved" : "space_use.refused", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.status = approve ? .approved : .refused
                $0.$decidedBy.id = actor.id; $0.decidedAt = now; $0.decisionNote = note
                $0.feeFen = fee
            }
        }
    }

    /// The fee paid, with its receipt (PS-2).
    public static func pay(useID: UUID?, _ input: SpacePaymentInput, on req: Request) async throws -> SpaceUse {
        let actor = try req.actor
        let found = try await findUse(useID, on: req.db)
        try Policy.authorize(actor, .recordSpaceUse, at: found.$property.id)
        guard let receipt = Input.text(input.receiptNo) else { throw WuyeError.missing("receiptNo", Text("收据编号", "Receipt number"), rule: "PS-2") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SpaceUse.self, found.id, on: db) else { throw WuyeError.notFound(useNoun) }
            guard locked.status == .approved else { throw WuyeError.conflict(Text("批准后才收费", "A fee is paid once it is approved"), rule: "PS-2", field: "status") }
            guard locked.paidAt == nil else { throw WuyeError.conflict(Text("已收费（收据 \(locked.receiptNo ?? "")）", "Already paid"), rule: "PS-2", field: "receiptNo") }
            return try await AuditLog.update("space_use.paid", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.paidAt = now; $0.receiptNo = receipt
            }
        }
    }

    static func findUse(_ id: UUID?, on db: any Database) async throws -> SpaceUse {
        guard let id, let found = try await SpaceUse.find(id, on: db) else { throw WuyeError.notFound(useNoun, field: "useID") }
        return found
    }
}
