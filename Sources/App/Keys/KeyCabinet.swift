import Fluent
import Vapor

// The key cabinet's actions (篇4). Pages and API both call these; each runs
// request → policy → rules → one transaction with its audit events.

/// What the issuer fills in on the ledger 《钥匙领用登记表》. Everything is
/// optional here so that a missing field gets our message, naming it.
public struct IssueKeyInput: CheckedInput, Content {
    /// "staff" or "outsider"; inferred from the other fields when absent.
    public var borrowerKind: String?
    public var borrowerStaffID: String?
    public var borrowerName: String?
    public var borrowerPhone: String?
    public var borrowerIDNumber: String?
    public var borrowerCompany: String?
    public var purpose: String?
    public var expectedReturnAt: String?
    public var signature: String?

    public static let schema = InputSchema("IssueKey", [
        ("borrowerKind", .choice(["staff", "outsider"], label: Text("领用人类别", "borrowerKind"), rule: "KY-2")),
        ("borrowerStaffID", InputField(.uuid, label: Text("领用员工", "borrowerStaffID"), rule: "KY-2")),
        ("borrowerName", .text(60, label: Text("领用人姓名", "borrowerName"), rule: "KY-2")),
        ("borrowerPhone", .text(20, pattern: #"^[0-9+\- ]{1,20}$"#, label: Text("电话", "borrowerPhone"), rule: "KY-2")),
        ("borrowerIDNumber", .text(20, pattern: "^[A-Za-z0-9]{1,20}$", label: Text("证件号码", "borrowerIDNumber"), rule: "KY-2")),
        ("borrowerCompany", .text(60, label: Text("单位", "borrowerCompany"), rule: "KY-2")),
        ("purpose", .text(200, label: Text("事由", "purpose"), rule: "KY-2")),
        ("expectedReturnAt", InputField(.dateTime, label: Text("预计归还时间", "expectedReturnAt"), rule: "KY-2",
                                   description: "ISO 8601, or local time at the property (2026-11-29T15:00)")),
        ("signature", InputField(.signature, label: Text("领用人签字", "signature"), rule: "X-1", description: "data:image/png;base64,… (a PNG up to 2000×1000)")),
    ])
}

public struct ReturnKeyInput: CheckedInput, Content {
    public var condition: String?
    public var note: String?

    public static let schema = InputSchema("ReturnKey", [
        ("condition", .choice(KeyRules.ReturnCondition.allCases.map(\.rawValue), label: Text("钥匙状况", "condition"), rule: "KY-4")),
        ("note", .text(500, multiline: true, label: Text("备注", "note"), rule: "KY-4")),
    ])
}

public struct ReasonInput: CheckedInput, Content {
    public var reason: String?

    public static let schema = InputSchema("Reason", [("reason", InputFields.reason)])
}

public struct NewKeysInput: CheckedInput, Content {
    public var keys: [KeyRules.NewKey]?

    public static let schema = InputSchema("NewKeys", [
        ("keys", .list(InputField(.object(KeyRules.NewKey.schema)), maxItems: 20, label: Text("钥匙", "keys"), rule: "KY-1")),
    ])
}

extension KeyRules.NewKey: CheckedInput {
    public static let schema = InputSchema("NewKey", [
        ("tag", .text(40, label: Text("钥匙编号", "tag"), rule: "KY-1")),
        ("hook", .text(40, label: Text("挂钩", "hook"), rule: "KY-1")),
        ("kind", .choice(KeyKind.allCases.map(\.rawValue), label: Text("钥匙类型", "kind"), rule: "KY-5")),
    ])
}

public enum KeyCabinet {
    static let keyNoun = Text("钥匙", "key")
    static let checkoutNoun = Text("领用记录", "checkout")

    static func findKey(_ id: UUID?, on db: any Database) async throws -> RoomKey {
        guard let id, let key = try await RoomKey.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw WuyeError.notFound(keyNoun, field: "keyID")
        }
        return key
    }

    static func findCheckout(_ id: UUID?, on db: any Database) async throws -> KeyCheckout {
        guard let id, let checkout = try await KeyCheckout.query(on: db).filter(\.$id == id).with(\.$key).first() else {
            throw WuyeError.notFound(checkoutNoun, field: "checkoutID")
        }
        return checkout
    }

    // MARK: Issue (KY-2, KY-6, KY-7)

    public static func issue(keyID: UUID?, _ input: IssueKeyInput, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        let propertyID = key.$property.id
        try Policy.authorize(actor, .issueKey, at: propertyID)
        let property = try await Property.find(propertyID, on: req.db)!
        let now = req.now

        let purpose = Input.text(input.purpose) ?? ""
        guard let expectedText = Input.text(input.expectedReturnAt) else { throw WuyeError.missing("expectedReturnAt", rule: "KY-2") }
        guard let expectedReturn = property.localTime.parseDateTime(expectedText) else {
            throw WuyeError(.badRequest, Text("预计归还时间格式应为 2026-11-29T15:00", "expectedReturnAt must look like 2026-11-29T15:00 or ISO 8601"), field: "expectedReturnAt")
        }
        try KeyRules.checkLoan(purpose: purpose, expectedReturn: expectedReturn, now: now)

        let staffID = try Input.uuid(input.borrowerStaffID, field: "borrowerStaffID")
        let kind = Input.text(input.borrowerKind) ?? (staffID != nil ? "staff" : "outsider")
        let borrower: KeyRules.Borrower
        var borrowerName: String
        switch kind {
        case "staff":
            guard let staffID else { throw WuyeError.missing("borrowerStaffID", rule: "KY-2") }
            guard let staff = try await Staff.find(staffID, on: req.db), staff.isActive else {
                throw WuyeError.notFound(Text("领用人", "borrower"), field: "borrowerStaffID")
            }
            let assigned = try await StaffProperty.query(on: req.db).filter(\.$staff.$id == staffID).filter(\.$property.$id == propertyID).count() > 0
            guard assigned else {
                throw WuyeError.invalid("borrowerStaffID", Text("领用人不在本项目任职", "The borrower does not work at this property"), rule: "ORG-4")
            }
            borrower = .staff(id: staffID)
            borrowerName = staff.name
        case "outsider":
            let name = Input.text(input.borrowerName) ?? ""
            borrower = .outsider(name: name, phone: Input.text(input.borrowerPhone) ?? "", idNumber: Input.text(input.borrowerIDNumber)?.uppercased() ?? "", company: Input.text(input.borrowerCompany))
            borrowerName = name
        default:
            throw WuyeError(.badRequest, Text("borrowerKind 应为 staff 或 outsider", "borrowerKind must be staff or outsider"), field: "borrowerKind")
        }
        try KeyRules.checkBorrower(borrower, issuer: actor.id)
        if borrowerName.count > 60 {
            throw WuyeError.invalid("borrowerName", Text("姓名不能超过 60 字", "The name may be at most 60 characters"), rule: "KY-2")
        }
        let signature = Input.text(input.signature)
        try KeyRules.checkConfirmation(borrower: borrower, signature: signature)
        let finalBorrowerName = borrowerName.trimmingCharacters(in: .whitespaces)

        do {
            return try await req.write { db in
                guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
                var release: Locked<SpareKeyRelease>?
                let clearance: KeyRules.SpareKeyClearance
                if current.kind == .spare {
                    let releases = try await AuditLog.lockAll(SpareKeyRelease.query(on: db).filter(\.$key.$id == current.record.id!).filter(\.$usedByCheckoutID == nil), on: db)
                    release = releases.first { $0.confirmedAt != nil }
                    clearance = release != nil ? .confirmedBySecurity : (releases.isEmpty ? .notRequested : .awaitingSecurity)
                } else {
                    clearance = .notASpareKey
                }
                try KeyRules.checkIssuable(tag: current.tag, status: current.status, clearance: clearance)

                let checkout = KeyCheckout()
                checkout.id = UUID()
                checkout.$property.id = propertyID
                checkout.$key.id = current.record.id!
                checkout.openKeyID = current.record.id
                checkout.borrowerName = finalBorrowerName
                switch borrower {
                case let .staff(id):
                    checkout.$borrowerStaff.id = id
                case let .outsider(_, phone, idNumber, company):
                    checkout.borrowerPhone = phone
                    checkout.borrowerIDNumber = idNumber
                    checkout.borrowerCompany = company
                }
                checkout.purpose = purpose
                checkout.$issuedBy.id = actor.id
                checkout.issuedAt = now
                checkout.expectedReturnAt = expectedReturn
                if let signature {
                    checkout.signature = signature
                    checkout.confirmedAt = now
                    checkout.confirmation = .signature
                }
                checkout.$spareRelease.id = release?.record.id
                try await AuditLog.create("key.issued", checkout, by: .person(actor), property: propertyID, at: now, on: db)

                try await AuditLog.update("key.issued", current, by: .person(actor), property: propertyID, at: now, on: db) { key in
                    key.status = .out
                    key.statusChangedAt = now
                }

                if let release {
                    try await AuditLog.update("spare_key.used", release, by: .person(actor), property: propertyID, at: now, on: db) { release in
                        release.usedByCheckoutID = checkout.id
                    }
                }
                return checkout
            }
        } catch where isUniqueViolation(error) {
            // Another issuer won the race for this key (KY-7).
            throw WuyeError.conflict(Text("钥匙 \(key.tag) 刚刚已被发放给他人", "Key \(key.tag) was just issued to someone else"), rule: "KY-7", field: "keyID")
        }
    }

    // MARK: Return (KY-2, KY-4)

    public static func receiveReturn(checkoutID: UUID?, _ input: ReturnKeyInput, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let checkout = try await findCheckout(checkoutID, on: req.db)
        let propertyID = checkout.$property.id
        try Policy.authorize(actor, .receiveKey, at: propertyID)
        let conditionText = Input.text(input.condition) ?? KeyRules.ReturnCondition.good.rawValue
        guard let condition = KeyRules.ReturnCondition(rawValue: conditionText) else {
            throw WuyeError(.badRequest, Text("condition 应为 good 或 damaged", "condition must be good or damaged"), field: "condition", rule: "KY-4")
        }
        if condition == .damaged, Input.text(input.note) == nil {
            throw WuyeError.missing("note", rule: "KY-4")
        }
        let note = try Input.text(input.note).map { try Input.reason($0, field: "note", rule: "KY-2") }
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(KeyCheckout.self, checkout.id, on: db),
                  let key = try await AuditLog.lock(RoomKey.self, current.record.$key.id, on: db) else {
                throw WuyeError.notFound(checkoutNoun, field: "checkoutID")
            }
            try KeyRules.checkReturnable(tag: key.tag, isOpen: current.isOpen)
            let (status, outcome) = KeyRules.afterReturn(condition)
            try await AuditLog.update("key.returned", current, by: .person(actor), property: propertyID, at: now, on: db) { current in
                current.returnedAt = now
                current.$receivedBy.id = actor.id
                current.outcome = outcome
                current.returnNote = note
                current.openKeyID = nil
            }

            try await AuditLog.update(condition == .damaged ? "key.withdrawn_damaged" : "key.returned", key, by: .person(actor), property: propertyID, at: now, on: db) { key in
                key.status = status
                key.statusChangedAt = now
                if condition == .damaged { key.note = note }
            }
            return current.record
        }
    }

    // MARK: Borrower confirms in their own session (X-1)

    public static func confirmBorrowing(checkoutID: UUID?, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let checkout = try await findCheckout(checkoutID, on: req.db)
        guard checkout.$borrowerStaff.id == actor.id else {
            throw WuyeError.forbidden(Text("只有领用人本人可以确认", "Only the borrower can confirm this checkout"), rule: "X-1")
        }
        guard checkout.confirmedAt == nil else {
            throw WuyeError.conflict(Text("这次领用已确认过", "This checkout is already confirmed"), rule: "X-1")
        }
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(KeyCheckout.self, checkout.id, on: db) else { throw WuyeError.notFound(checkoutNoun) }
            guard current.confirmedAt == nil else {
                throw WuyeError.conflict(Text("这次领用已确认过", "This checkout is already confirmed"), rule: "X-1")
            }
            return try await AuditLog.update("key.borrowing_confirmed", current, by: .person(actor), property: current.record.$property.id, at: now, on: db) { current in
                current.confirmedAt = now
                current.confirmation = .session
            }
        }
    }

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

    public static func reportLoss(keyID: UUID?, _ input: ReasonInput, on req: Request) async throws -> LockChange {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        let propertyID = key.$property.id
        try Policy.authorize(actor, .reportKeyLoss, at: propertyID)
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

            let task = try await openLockChangeIfNone(for: current.record, note: note, actor: actor, now: now, on: db)
            try await Notifier.notify(
                lossAudience, at: propertyID, kind: "key.lost",
                message: Text("钥匙 \(current.tag)（\(unitLabel)）报失：\(note)。请尽快更换门锁。", "Key \(current.tag) (\(unitLabel)) reported lost: \(note). Change the lock as soon as possible."),
                link: "/lock-changes/\(task.id!)", except: actor.id, now: now, on: db)
            return task
        }
    }

    /// The unit's open lock change, or a new one that `key` triggered.
    static func openLockChangeIfNone(for key: RoomKey, note: String, actor: Actor, now: Date, on db: any Database) async throws -> LockChange {
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
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            let open = try await LockChange.query(on: db).filter(\.$unit.$id == current.record.$unit.id).filter(\.$completedAt == nil).count()
            try KeyRules.checkLockChangeRequestable(tag: current.tag, status: current.status, unitHasOpenLockChange: open > 0)
            return try await openLockChangeIfNone(for: current.record, note: note, actor: actor, now: now, on: db)
        }
    }

    public static func completeLockChange(taskID: UUID?, _ input: NewKeysInput, on req: Request) async throws -> [RoomKey] {
        let actor = try req.actor
        guard let taskID, let task = try await LockChange.find(taskID, on: req.db) else {
            throw WuyeError.notFound(Text("换锁任务", "lock change"), field: "lockChangeID")
        }
        let propertyID = task.$property.id
        try Policy.authorize(actor, .completeLockChange, at: propertyID)
        if input.keys?.isEmpty ?? true { throw WuyeError.missing("keys", rule: "KY-5") }
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
        if input.keys?.isEmpty ?? true { throw WuyeError.missing("keys", rule: "KY-1") }
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

    // MARK: Spare keys (KY-6)

    static let securityAudience = Notifier.Audience(grants: [.department(.security, .staff)])

    public static func requestSpareRelease(keyID: UUID?, _ input: ReasonInput, on req: Request) async throws -> SpareKeyRelease {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        let propertyID = key.$property.id
        try Policy.authorize(actor, .requestSpareKey, at: propertyID)
        let reason = try Input.reason(input.reason, rule: "KY-6")
        let now = req.now
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            let pending = try await SpareKeyRelease.query(on: db).filter(\.$key.$id == current.id!).filter(\.$usedByCheckoutID == nil).count()
            try KeyRules.checkSpareRequest(tag: current.tag, kind: current.kind, status: current.status, hasPendingRelease: pending > 0)
            let release = SpareKeyRelease()
            release.id = UUID()
            release.$property.id = propertyID
            release.$key.id = current.id!
            release.$requestedBy.id = actor.id
            release.reason = reason
            release.requestedAt = now
            try await AuditLog.create("spare_key.requested", release, by: .person(actor), property: propertyID, at: now, on: db)
            try await Notifier.notify(
                securityAudience, at: propertyID, kind: "spare_key.requested",
                message: Text("客服部申请使用备用钥匙 \(current.tag)（\(unitLabel)）：\(reason)。请确认。", "Customer service asks to use spare key \(current.tag) (\(unitLabel)): \(reason). Please confirm."),
                link: "/spare-releases", except: actor.id, now: now, on: db)
            return release
        }
    }

    public static func confirmSpareRelease(releaseID: UUID?, on req: Request) async throws -> SpareKeyRelease {
        let actor = try req.actor
        guard let releaseID, let release = try await SpareKeyRelease.find(releaseID, on: req.db) else {
            throw WuyeError.notFound(Text("备用钥匙手续", "spare key release"), field: "releaseID")
        }
        try Policy.authorize(actor, .confirmSpareKey, at: release.$property.id)
        try Policy.requireDifferentPeople(requester: release.$requestedBy.id, approver: actor.id, rule: "KY-6", what: Text("确认", "confirm"))
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(SpareKeyRelease.self, release.id, on: db) else { throw WuyeError.notFound(Text("备用钥匙手续", "spare key release")) }
            try KeyRules.checkSpareConfirmable(alreadyConfirmed: current.confirmedAt != nil)
            return try await AuditLog.update("spare_key.confirmed_by_security", current, by: .person(actor), property: current.record.$property.id, at: now, on: db) { current in
                current.$confirmedBy.id = actor.id
                current.confirmedAt = now
            }
        }
    }

    // MARK: Personal data (DESIGN: shown whole only with permission, audited)

    public static func revealBorrower(checkoutID: UUID?, on req: Request) async throws -> (phone: String?, idNumber: String?) {
        let actor = try req.actor
        let checkout = try await findCheckout(checkoutID, on: req.db)
        try Policy.authorize(actor, .revealPersonalData, at: checkout.$property.id)
        let now = req.now
        try await req.write { db in
            try await AuditLog.note("personal_data.shown", recordType: KeyCheckout.auditType, recordID: checkout.id!,
                                    by: .person(actor), property: checkout.$property.id, at: now, on: db)
        }
        return (checkout.borrowerPhone, checkout.borrowerIDNumber)
    }
}

/// "1栋 0101" — how people name a unit.
enum UnitLabel {
    static func of(unitID: UUID, on db: any Database) async throws -> String {
        guard let unit = try await Unit.query(on: db).filter(\.$id == unitID).with(\.$building).first() else { return "?" }
        return of(unit)
    }

    static func of(_ unit: Unit) -> String {
        guard let building = unit.$building.value else { return unit.number }
        return building.name + " " + unit.number
    }
}
