import Fluent
import Vapor

/// 样板房钥匙组 — the show houses' key sets (篇1 11.0: SH-50…SH-54): each
/// set registered with its holder, issued and returned for a shift on the
/// ledger, transferred only by a registered transfer, security's sealed and
/// opened only in an emergency with a witness, retired when a key is lost.
/// Pages and API call these same functions.
public enum KeySets {
    static let noun = Text("钥匙组", "key set")

    static func set(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (KeySet, ShowHouse, PropertyInfo) {
        guard let id, let set = try await KeySet.find(id, on: req.db), let house = try await ShowHouse.find(set.$showHouse.id, on: req.db) else {
            throw WuyeError.notFound(noun, field: "keySetID")
        }
        return (set, house, try await req.property(set.$property.id, for: actor, action: action))
    }

    /// 持用人登记 (SH-50): keys of the show house's unit, in the cabinet and in
    /// no set, grouped under a holder who signs; security's set sealed (SH-54).
    /// One set in use per department per show house.
    public static func register(showHouseID: UUID?, _ input: KeySetInput, on req: Request) async throws -> KeySet {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .registerKeySet, on: req)
        guard let keeper = Input.text(input.keeper).flatMap(DepartmentCode.init(rawValue:)) else {
            throw WuyeError.missing("keeper", Text("钥匙组（安管部、物业服务部、清洁部）", "Whose set (security, property service, cleaning)"), choose: true, rule: "SH-50")
        }
        guard let holderID = try Input.uuid(input.holderID, field: "holderID") else { throw WuyeError.missing("holderID", Text("持用人", "The holder"), choose: true, rule: "SH-50") }
        let holder = try await ServiceDesk.colleague(holderID, at: property.id, on: req.db, field: "holderID")
        try KeySetRules.checkHolder(keeper: keeper, department: holder.department.code, rank: holder.rank, field: "holderID")
        let sealNo = Input.text(input.sealNo)
        try KeySetRules.checkSeal(keeper: keeper, sealNo: sealNo)
        var keyIDs: [UUID] = []
        for (index, text) in (input.keyIDs ?? []).enumerated() {
            guard let id = try Input.uuid(text, field: "keyIDs.\(index)") else { continue }
            keyIDs.append(id)
        }
        guard !keyIDs.isEmpty else { throw WuyeError.missing("keyIDs", Text("这组的钥匙", "The keys of the set"), choose: true, rule: "SH-50") }
        try KeyRules.checkBatch(count: keyIDs.count, distinct: Set(keyIDs).count, field: "keyIDs")
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "SH-50") }
        let now = req.now
        let ids = keyIDs
        return try await req.write { db in
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            let inUse = try await KeySet.query(on: db).filter(\.$showHouse.$id == house.id!).filter(\.$keeper == keeper).filter(\.$retiredAt == nil).count()
            guard inUse == 0 else {
                throw WuyeError.conflict(Text("\(house.name)已有\(keeper.title.zh)的钥匙组；换人请登记移交", "\(house.name) already has \(keeper.title.en)'s set; register a transfer instead"), rule: "SH-52", field: "keeper")
            }
            let set = KeySet()
            set.id = UUID(); set.$property.id = property.id; set.$showHouse.id = house.id!; set.keeper = keeper; set.$holder.id = holderID
            set.holderSignature = signature; set.sealNo = sealNo; set.$registeredBy.id = actor.id; set.registeredAt = now
            try await AuditLog.create("key_set.registered", set, by: .person(actor), property: property.id, at: now, on: db)
            for (index, id) in ids.enumerated() {
                guard let key = try await AuditLog.lock(RoomKey.self, id, on: db), key.$property.id == property.id else { throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyIDs.\(index)") }
                guard key.$unit.id == house.$unit.id, key.status == .inCabinet, key.keySetID == nil else {
                    throw WuyeError.invalid("keyIDs.\(index)", Text("钥匙 \(key.tag) 应为本样板房、在柜且未分组的钥匙", "key \(key.tag) must be this show house's, in the cabinet and in no set"), rule: "SH-50")
                }
                try await AuditLog.update("key.grouped_in_set", key, by: .person(actor), property: property.id, at: now, on: db) { $0.keySetID = set.id }
            }
            return set
        }
    }

    /// 移交 (SH-52): registered before it happens; the new holder signs.
    public static func transfer(keySetID: UUID?, _ input: KeySetTransferInput, on req: Request) async throws -> KeySet {
        let actor = try req.actor
        let (found, _, property) = try await set(keySetID, for: actor, action: .registerKeySet, on: req)
        guard let holderID = try Input.uuid(input.holderID, field: "holderID") else { throw WuyeError.missing("holderID", Text("新持用人", "The new holder"), choose: true, rule: "SH-52") }
        let holder = try await ServiceDesk.colleague(holderID, at: property.id, on: req.db, field: "holderID")
        try KeySetRules.checkHolder(keeper: found.keeper, department: holder.department.code, rank: holder.rank, field: "holderID")
        let reason = try Input.reason(input.reason, rule: "SH-52")
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "SH-50") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(KeySet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.retiredAt == nil else { throw WuyeError.conflict(Text("钥匙组已作废", "The set is retired"), rule: "SH-53", field: "keySetID") }
            guard locked.record.$holder.id != holderID else { throw WuyeError.invalid("holderID", Text("已是现持用人", "is the holder already"), rule: "SH-52") }
            try await event(.transfer, on: locked.record, reason: reason, from: locked.record.$holder.id, to: holderID, signature: signature, by: actor, at: now, on: db)
            return try await AuditLog.update("key_set.transferred", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$holder.id = holderID; $0.holderSignature = signature
            }
        }
    }

    /// 当班领用 (SH-51): property service's set to the show house's staff on
    /// duty, by its holder or a property-service supervisor, on the ledger.
    public static func issue(keySetID: UUID?, _ input: KeySetIssueInput, on req: Request) async throws -> [KeyCheckout] {
        let actor = try req.actor
        let (found, house, property) = try await set(keySetID, for: actor, action: .keepKeySet, on: req)
        try mayHandOut(actor, holder: found.$holder.id)
        guard let staffID = try Input.uuid(input.staffID, field: "staffID") else { throw WuyeError.missing("staffID", Text("领用人", "Who takes it"), choose: true, rule: "SH-51") }
        try KeyRules.checkBorrower(.staff(id: staffID), issuer: actor.id)
        let taker = try await ServiceDesk.colleague(staffID, at: property.id, on: req.db, field: "staffID")
        try KeySetRules.checkTaker(department: taker.department.code)
        guard let dueText = Input.text(input.expectedReturnAt) else { throw WuyeError.missing("expectedReturnAt", Text("交还时间", "Back by"), rule: "SH-51") }
        guard let due = property.localTime.parseDateTime(dueText) else { throw WuyeError.invalid("expectedReturnAt", Text("时间格式不正确", "is not a time"), rule: "SH-51") }
        let now = req.now
        try KeyRules.checkLoan(purpose: "样板房当班领用", expectedReturn: due, now: now)
        let loan = KeyCabinet.Loan(borrower: .staff(id: staffID), borrowerName: taker.name, purpose: "样板房当班领用（\(house.name)）", expectedReturn: due, signature: nil)
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(KeySet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            let keys = try await RoomKey.query(on: db).filter(\.$keySetID == found.id!).filter(\.$status ~~ [.inCabinet, .out]).sort(\.$tag).all()
            try KeySetRules.checkIssuable(keeper: locked.record.keeper, retired: locked.record.retiredAt != nil, sealed: locked.record.sealNo != nil,
                                          keysOut: keys.filter { $0.status == .out }.count)
            var checkouts: [KeyCheckout] = []
            for key in keys { checkouts.append(try await KeyCabinet.lend(key.id!, loan, property: property, by: actor, now: now, forSet: true, on: db)) }
            return checkouts
        }
    }

    /// 用后交还 (SH-51): the set comes back whole to its holder or a property-service supervisor.
    public static func receive(keySetID: UUID?, on req: Request) async throws -> [KeyCheckout] {
        let actor = try req.actor
        let (found, _, _) = try await set(keySetID, for: actor, action: .keepKeySet, on: req)
        try mayHandOut(actor, holder: found.$holder.id)
        let now = req.now
        return try await req.write { db in
            guard try await AuditLog.lock(KeySet.self, found.id, on: db) != nil else { throw WuyeError.notFound(noun) }
            let keys = try await RoomKey.query(on: db).filter(\.$keySetID == found.id!).all().compactMap(\.id)
            let open = keys.isEmpty ? [] : try await KeyCheckout.query(on: db).filter(\.$openKeyID ~~ keys).all().compactMap(\.id)
            guard !open.isEmpty else { throw WuyeError.conflict(Text("钥匙组不在外借中", "The set is not out"), rule: "SH-51", field: "keySetID") }
            var returned: [KeyCheckout] = []
            for id in open.sortedByText() { returned.append(try await KeyCabinet.takeBack(id, condition: .good, note: nil, by: actor, now: now, as: .keepKeySet, on: db)) }
            return returned
        }
    }

    /// 紧急启封 (SH-54): a guard opens security's set in an emergency with a
    /// key holder or supervisor present; security's supervisors are told.
    public static func breakSeal(keySetID: UUID?, _ input: KeySetSealBreakInput, on req: Request) async throws -> KeySet {
        let actor = try req.actor
        let (found, house, property) = try await set(keySetID, for: actor, action: .breakKeySeal, on: req)
        let emergency = Input.text(input.emergency).flatMap(Emergency.init(rawValue:))
        let reason = Input.text(input.reason)
        let witnessID = try Input.uuid(input.witnessID, field: "witnessID")
        var rank: Rank?, holds = false
        if let witnessID {
            rank = try await ServiceDesk.colleague(witnessID, at: property.id, on: req.db, field: "witnessID").rank
            holds = try await KeySet.query(on: req.db).filter(\.$showHouse.$id == house.id!).filter(\.$holder.$id == witnessID).filter(\.$retiredAt == nil).count() > 0
        }
        let witnessRank = rank, witnessIsHolder = holds
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(KeySet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try KeySetRules.checkSealBreak(sealed: locked.record.sealNo != nil, emergency: emergency, reason: reason, opener: actor.id, witness: witnessID,
                                           witnessIsHolder: witnessIsHolder, witnessRank: witnessRank)
            return try await recordSealBreak(locked, house: house, property: property.id, emergency: emergency!, reason: reason!, witness: witnessID!, by: actor, at: now, on: db)
        }
    }

    /// The seal broken, once checked: the event, the set unsealed, security's supervisors told.
    /// An emergency entry (SH-2) breaks it the same way, inside its own transaction.
    static func recordSealBreak(_ locked: Locked<KeySet>, house: ShowHouse, property: UUID, emergency: Emergency, reason: String, witness: UUID,
                                by actor: Actor, at now: Date, on db: any Database) async throws -> KeySet {
        try await event(.sealBroken, on: locked.record, reason: reason, emergency: emergency, witness: witness, sealNo: locked.record.sealNo, by: actor, at: now, on: db)
        let set = try await AuditLog.update("key_set.seal_broken", locked, by: .person(actor), property: property, at: now, on: db) { $0.sealNo = nil }
        try await Notifier.notify(Notifier.Audience(grants: [.department(.security, .supervisor)]), at: property, kind: "key_set.seal_broken",
                                  message: Text("\(house.name)安管钥匙组紧急启封（\(emergency.title.zh)）：\(reason)", "\(house.name): security's set opened (\(emergency.title.en)): \(reason)"),
                                  link: "/show-houses/\(house.id!)/key-sets", subject: set.id, except: actor.id, now: now, on: db)
        return set
    }

    /// 重新封存 (SH-54), with a new seal.
    public static func reseal(keySetID: UUID?, _ input: KeySetResealInput, on req: Request) async throws -> KeySet {
        let actor = try req.actor
        let (found, _, property) = try await set(keySetID, for: actor, action: .breakKeySeal, on: req)
        let sealNo = Input.text(input.sealNo)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(KeySet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            let last = try await KeySetEvent.query(on: db).filter(\.$keySet.$id == found.id!).filter(\.$kind == .sealBroken).sort(\.$at, .descending).first()?.sealNo
            try KeySetRules.checkReseal(sealed: locked.record.sealNo != nil, old: last, new: sealNo)
            try await event(.resealed, on: locked.record, reason: "重新封存", sealNo: sealNo, by: actor, at: now, on: db)
            return try await AuditLog.update("key_set.resealed", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.sealNo = sealNo }
        }
    }

    /// 钥匙遗失 (SH-53): reported at once by whoever lost or found it missing;
    /// the key is lost, the set retired, engineering changes the lock core.
    public static func reportLoss(keySetID: UUID?, _ input: KeySetLossInput, on req: Request) async throws -> LockChange {
        let actor = try req.actor
        let (found, _, _) = try await set(keySetID, for: actor, action: .reportKeySetLoss, on: req)
        guard let keyID = try Input.uuid(input.keyID, field: "keyID") else { throw WuyeError.missing("keyID", Text("遗失的钥匙", "Which key"), choose: true, rule: "SH-53") }
        guard try await RoomKey.query(on: req.db).filter(\.$id == keyID).filter(\.$keySetID == found.id!).count() == 1 else {
            throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyID")
        }
        var reason = ReasonInput()
        reason.reason = input.reason
        return try await KeyCabinet.reportLoss(keyID: keyID, reason, as: .reportKeySetLoss, on: req)
    }

    /// A set with a key lost is retired, in the loss's transaction (SH-53).
    static func retire(_ id: UUID, note: String, by actor: Actor, now: Date, on db: any Database) async throws {
        guard let locked = try await AuditLog.lock(KeySet.self, id, on: db), locked.record.retiredAt == nil else { return }
        try await AuditLog.update("key_set.retired", locked, by: .person(actor), property: locked.record.$property.id, at: now, on: db) {
            $0.retiredAt = now; $0.retireNote = note
        }
    }

    /// SH-51: the holder hands out and takes back; so may a property-service supervisor or any manager.
    static func mayHandOut(_ actor: Actor, holder: UUID) throws {
        guard holder == actor.id || (actor.department == .propertyService && actor.rank >= .supervisor) || actor.rank >= .manager else {
            throw WuyeError.forbidden(Text("由持用人或物业服务部主管发放和收回", "The holder or a property-service supervisor hands it out and takes it back"), rule: "SH-51")
        }
    }

    private static func event(_ kind: KeySetEventKind, on set: KeySet, reason: String, from: UUID? = nil, to: UUID? = nil, emergency: Emergency? = nil, witness: UUID? = nil,
                              sealNo: String? = nil, signature: String? = nil, by actor: Actor, at now: Date, on db: any Database) async throws {
        let e = KeySetEvent()
        e.$property.id = set.$property.id; e.$keySet.id = set.id!; e.kind = kind; e.$fromHolder.id = from; e.$toHolder.id = to; e.emergency = emergency
        e.reason = reason; e.$witness.id = witness; e.sealNo = sealNo; e.signature = signature; e.$by.id = actor.id; e.at = now
        try await AuditLog.create("key_set_event.\(kind.rawValue)", e, by: .person(actor), property: set.$property.id, at: now, on: db)
    }
}
