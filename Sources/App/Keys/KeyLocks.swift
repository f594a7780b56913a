import Fluent
import Vapor

// Damage, loss, lock changes and registration (篇4 KY-1, KY-4, KY-5).
extension KeyCabinet {
    // MARK: Damage (KY-4)

    public static func withdraw(keyID: UUID?, _ input: ReasonInput, on req: Request) async throws -> RoomKey {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        try Policy.authorize(actor, .withdrawKey, at: key.$property.id)
        let reason = try Input.reason(input.reason, rule: "KY-4")
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            try KeyRules.checkWithdrawable(tag: current.tag, status: current.status)
            return try await AuditLog.update("key.withdrawn_damaged", current, by: .person(actor), property: current.record.$property.id, at: now, on: db) { current in
                current.status = .withdrawnDamaged
                current.statusChangedAt = now
                current.note = reason
            }
        }
    }

    // MARK: Loss and lock change (KY-5)

    /// 如发现钥匙丢失，应立即报告领入（经理）及保安部，尽快更换门锁.
    static let lossAudience = Notifier.Audience(grants: [.department(.customerService, .manager), .anyDepartment(.leadership), .department(.security, .foreman)])

    public static func reportLoss(keyID: UUID?, _ input: ReasonInput, as action: Action = .reportKeyLoss, on req: Request) async throws -> LockChange {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        let propertyID = key.$property.id
        try Policy.authorize(actor, action, at: propertyID)
        let note = try Input.reason(input.reason, rule: "KY-5")
        let now = req.now
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            try KeyRules.checkLossReportable(tag: current.tag, status: current.status)

            if let open = try await AuditLog.lockAll(KeyCheckout.query(on: db).filter(\.$openKeyID == current.record.id), on: db).first {
                try await AuditLog.update("key.lost_while_out", open, by: .person(actor), property: propertyID, at: now, on: db) { open in
                    open.returnedAt = now
                    open.outcome = .lost
                    open.returnNote = note
                    open.openKeyID = nil
                }
            }
            try await AuditLog.update("key.reported_lost", current, by: .person(actor), property: propertyID, at: now, on: db) { current in
                current.status = .lost
                current.statusChangedAt = now
                current.note = note
            }

            // A show house's set with a key lost is retired; the lock core is changed (SH-53).
            if let setID = current.keySetID { try await KeySets.retire(setID, note: note, by: actor, now: now, on: db) }
            let task = try await openLockChangeIfNone(for: current.record, note: note, actor: actor, unitLabel: unitLabel, now: now, on: db)
            try await Notifier.notify(
                lossAudience, at: propertyID, kind: KeyNotice.lost.rawValue,
                message: Text("钥匙 \(current.tag)（\(unitLabel)）报失：\(note)。请尽快更换门锁。", "Key \(current.tag) (\(unitLabel)) reported lost: \(note). Change the lock as soon as possible."),
                link: "/lock-changes/\(task.id!)", subject: task.id, except: actor.id, now: now, on: db)
            try await Alerts.enqueue(.lostKey, property: propertyID, text: "钥匙 \(current.tag)（\(unitLabel)）报失：\(note)。报告人：\(actor.name)。须尽快更换门锁。",
                                     subject: task.id, now: now, on: db)
            return task
        }
    }

    /// Engineering changes the locks (KY-5): its foremen and above hear of every new lock change.
    static let engineeringAudience = Notifier.Audience(grants: [.department(.engineering, .foreman)])

    /// The unit's open lock change, or a new one that `key` triggered; a new one is engineering's to do.
    static func openLockChangeIfNone(for key: RoomKey, note: String, actor: Actor, unitLabel: String, now: Date, on db: any Database) async throws -> LockChange {
        if let existing = try await LockChange.query(on: db).filter(\.$unit.$id == key.$unit.id).filter(\.$completedAt == nil).first() {
            return existing
        }
        let task = LockChange()
        task.id = UUID()
        task.$property.id = key.$property.id
        task.$unit.id = key.$unit.id
        task.$lostKey.id = key.id!
        task.$reportedBy.id = actor.id
        task.reportedAt = now
        task.note = note
        task.oldLockNo = key.lockNo
        try await AuditLog.create("lock_change.opened", task, by: .person(actor), property: key.$property.id, at: now, on: db)
        try await Notifier.notify(
            engineeringAudience, at: key.$property.id, kind: KeyNotice.lockChangeOpened.rawValue,
            message: Text("\(unitLabel) 须更换门锁：\(note)。换锁后请在系统中登记新钥匙。", "The lock of \(unitLabel) is to be changed: \(note). Record the new keys here when it is done."),
            link: "/lock-changes/\(task.id!)", subject: task.id, except: actor.id, now: now, on: db)
        return task
    }

    /// New keys for a unit whose keys were withdrawn as damaged come only with
    /// a new lock too (KY-4, KY-5: copies are never made).
    public static func requestLockChange(keyID: UUID?, _ input: ReasonInput, on req: Request) async throws -> LockChange {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        try Policy.authorize(actor, .requestLockChange, at: key.$property.id)
        let note = try Input.reason(input.reason, rule: "KY-5")
        let now = req.now
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            let open = try await LockChange.query(on: db).filter(\.$unit.$id == current.record.$unit.id).filter(\.$completedAt == nil).count()
            try KeyRules.checkLockChangeRequestable(tag: current.tag, status: current.status, unitHasOpenLockChange: open > 0)
            return try await openLockChangeIfNone(for: current.record, note: note, actor: actor, unitLabel: unitLabel, now: now, on: db)
        }
    }

    public static func completeLockChange(taskID: UUID?, _ input: NewKeysInput, on req: Request) async throws -> [RoomKey] {
        let actor = try req.actor
        guard let taskID, let task = try await LockChange.find(taskID, on: req.db) else {
            throw WuyeError.notFound(Text("换锁任务", "lock change"), field: "lockChangeID")
        }
        let propertyID = task.$property.id
        try Policy.authorize(actor, .completeLockChange, at: propertyID)
        if input.keys?.isEmpty ?? true { throw WuyeError.missing("keys", Text("新锁的钥匙", "the new lock's keys"), rule: "KY-5") }
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(LockChange.self, task.id, on: db) else { throw WuyeError.notFound(Text("换锁任务", "lock change")) }
            let unitKeys = try await AuditLog.lockAll(RoomKey.query(on: db).filter(\.$unit.$id == current.record.$unit.id), on: db)
            try KeyRules.checkLockChangeCompletable(isOpen: current.isOpen, tagsStillOut: unitKeys.filter { $0.status == .out }.map(\.tag))
            let tagsInUse = try await tags(at: propertyID, on: db)
            let newKeys = try KeyRules.checkNewKeys(input.keys, tagsInUse: tagsInUse)
            let newLockNo = (unitKeys.map(\.lockNo).max() ?? 0) + 1

            for key in unitKeys where key.status != .retired {
                try await AuditLog.update("key.retired_by_lock_change", key, by: .person(actor), property: propertyID, at: now, on: db) { key in
                    key.status = .retired
                    key.statusChangedAt = now
                }
            }
            let registered = try await register(newKeys, unitID: current.record.$unit.id, propertyID: propertyID, lockNo: newLockNo, actor: actor, now: now, on: db)
            try await AuditLog.update("lock_change.completed", current, by: .person(actor), property: propertyID, at: now, on: db) { current in
                current.completedAt = now
                current.$completedBy.id = actor.id
            }
            try await Notifier.settle([KeyNotice.lost.rawValue, KeyNotice.lockChangeOpened.rawValue], about: current.record.id!, now: now, on: db)
            return registered
        }
    }

    // MARK: Registration (KY-1, KY-5)

    public static func registerKeys(unitID: UUID?, _ input: NewKeysInput, on req: Request) async throws -> [RoomKey] {
        let actor = try req.actor
        guard let unitID, let unit = try await Unit.find(unitID, on: req.db) else {
            throw WuyeError.notFound(Text("房号", "unit"), field: "unitID")
        }
        let propertyID = unit.$property.id
        try Policy.authorize(actor, .registerKeys, at: propertyID)
        if input.keys?.isEmpty ?? true { throw WuyeError.missing("keys", Text("钥匙", "keys"), rule: "KY-1") }
        let now = req.now
        return try await req.write { db in
            let unitKeys = try await RoomKey.query(on: db).filter(\.$unit.$id == unitID).all()
            try KeyRules.checkRegistration(unitHasKeysInUse: unitKeys.contains { $0.status != .retired })
            let newKeys = try KeyRules.checkNewKeys(input.keys, tagsInUse: try await tags(at: propertyID, on: db))
            let lockNo = (unitKeys.map(\.lockNo).max() ?? 0) + 1
            return try await register(newKeys, unitID: unitID, propertyID: propertyID, lockNo: lockNo, actor: actor, now: now, on: db)
        }
    }

    static func tags(at propertyID: UUID, on db: any Database) async throws -> Set<String> {
        Set(try await RoomKey.query(on: db).filter(\.$property.$id == propertyID).field(\.$tag).all().map(\.tag))
    }

    static func register(_ keys: [(tag: String, hook: String, kind: KeyKind)], unitID: UUID, propertyID: UUID, lockNo: Int, actor: Actor, now: Date, on db: any Database) async throws -> [RoomKey] {
        var created: [RoomKey] = []
        for new in keys {
            let key = RoomKey(id: UUID(), propertyID: propertyID, unitID: unitID, tag: new.tag, hook: new.hook, kind: new.kind, lockNo: lockNo, at: now)
            try await AuditLog.create("key.registered", key, by: .person(actor), property: propertyID, at: now, on: db)
            created.append(key)
        }
        return created
    }
}
