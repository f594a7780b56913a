import Fluent
import SQLKit
import Vapor

// The key cabinet's actions (篇4). Pages and API both call these; each runs
// request → policy → rules → one transaction with its audit events.

/// Notices the key cabinet sends; every kind leads to a page its recipient may open.
enum KeyNotice: String, CaseIterable {
    /// The borrower (staff): a key was issued to you; confirm it.
    case issuedToYou = "key.issued_to_you"
    /// The borrower: your key is due back within the hour.
    case dueSoon = "key.due_soon"
    /// The issuer: a key you issued is overdue.
    case overdue = "key.overdue"
    /// The borrower: the cabinet asks for the key back (催还).
    case chased = "key.chased"
    /// Manager, leadership, security foreman: a key was lost (KY-5).
    case lost = "key.lost"
    /// Engineering: a lock is to be changed (KY-5).
    case lockChangeOpened = "lock_change.opened"
    /// Security: a spare key waits for its procedure (KY-6).
    case spareRequested = "spare_key.requested"
    /// The requester: security has cleared the spare key (KY-6).
    case spareConfirmed = "spare_key.confirmed"

    /// Notices about a loan that its return settles.
    static let aboutALoan: [String] = [issuedToYou, dueSoon, overdue, chased].map(\.rawValue)
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

    /// A loan as the ledger records it, checked before any key is touched.
    struct Loan: Sendable {
        let borrower: KeyRules.Borrower
        let borrowerName: String
        let purpose: String
        let expectedReturn: Date
        let signature: String?
    }

    /// Reads and checks the ledger's fields: who, why, until when, signed how (KY-2).
    static func loan(_ input: IssueKeyInput, at property: PropertyInfo, by actor: Actor, now: Date, on db: any Database) async throws -> Loan {
        let purpose = Input.text(input.purpose) ?? ""
        guard let expectedText = Input.text(input.expectedReturnAt) else {
            throw WuyeError.missing("expectedReturnAt", Text("预计归还时间", "the expected return"), rule: "KY-2")
        }
        guard let expectedReturn = property.localTime.parseDateTime(expectedText) else {
            throw WuyeError(.badRequest, Text("预计归还时间格式应为 2026-11-29T15:00", "expectedReturnAt must look like 2026-11-29T15:00 or ISO 8601"), field: "expectedReturnAt")
        }
        try KeyRules.checkLoan(purpose: purpose, expectedReturn: expectedReturn, now: now)

        let staffID = try Input.uuid(input.borrowerStaffID, field: "borrowerStaffID")
        let kind = Input.text(input.borrowerKind) ?? (staffID != nil ? "staff" : "outsider")
        let borrower: KeyRules.Borrower
        let borrowerName: String
        switch kind {
        case "staff":
            guard let staffID else { throw WuyeError.missing("borrowerStaffID", Text("领用员工", "the borrower"), choose: true, rule: "KY-2") }
            guard let staff = try await Staff.find(staffID, on: db), staff.isActive else {
                throw WuyeError.notFound(Text("领用人", "borrower"), field: "borrowerStaffID")
            }
            let assigned = try await StaffProperty.query(on: db).filter(\.$staff.$id == staffID).filter(\.$property.$id == property.id).count() > 0
            guard assigned else {
                throw WuyeError.invalid("borrowerStaffID", Text("领用人不在本项目任职", "The borrower does not work at this property"), rule: "ORG-4")
            }
            borrower = .staff(id: staffID)
            borrowerName = staff.name
        case "outsider":
            let name = Input.text(input.borrowerName) ?? ""
            borrower = .outsider(name: name, phone: Input.text(input.borrowerPhone) ?? "", idNumber: Input.text(input.borrowerIDNumber)?.uppercased() ?? "",
                                 company: Input.text(input.borrowerCompany))
            borrowerName = name
        default:
            throw WuyeError(.badRequest, Text("领用人类别应为 staff 或 outsider", "borrowerKind must be staff or outsider"), field: "borrowerKind")
        }
        try KeyRules.checkBorrower(borrower, issuer: actor.id)
        let signature = Input.text(input.signature)
        try KeyRules.checkConfirmation(borrower: borrower, signature: signature)
        return Loan(borrower: borrower, borrowerName: borrowerName.trimmed(newlines: false), purpose: purpose,
                    expectedReturn: expectedReturn, signature: signature)
    }

    public static func issue(keyID: UUID?, _ input: IssueKeyInput, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let key = try await KeyQueries.keyPlace(keyID, on: req.db)
        let property = try await KeyQueries.property(key.propertyID, for: actor, action: .issueKey, on: req)
        let now = req.now
        let loan = try await loan(input, at: property, by: actor, now: now, on: req.db)
        return try await raceSafe(tag: key.tag) {
            try await req.write { db in try await lend(key.id, loan, property: property, by: actor, now: now, on: db) }
        }
    }

    /// Several keys to one borrower in one ledger action: one transaction,
    /// one ledger row a key, all or none (KY-2, KY-7).
    public static func issueMany(propertyID: UUID?, _ input: BatchIssueInput, on req: Request) async throws -> [KeyCheckout] {
        let actor = try req.actor
        let property = try await KeyQueries.property(propertyID, for: actor, action: .issueKey, on: req)
        let keyIDs = try (input.keyIDs ?? []).compactMap { try Input.uuid($0, field: "keyIDs") }
        try KeyRules.checkBatch(count: keyIDs.count, distinct: Set(keyIDs).count, field: "keyIDs")
        let keys = try await RoomKey.query(on: req.db).filter(\.$id ~~ keyIDs).all()
        guard keys.count == keyIDs.count, keys.allSatisfy({ $0.$property.id == property.id }) else {
            throw WuyeError.notFound(keyNoun, field: "keyIDs")
        }
        let now = req.now
        let loan = try await loan(input.loan, at: property, by: actor, now: now, on: req.db)
        return try await raceSafe(tag: keys.map(\.tag).sorted().joined(separator: "、")) {
            try await req.write { db in
                var checkouts: [KeyCheckout] = []
                for id in keyIDs.sortedByText() { checkouts.append(try await lend(id, loan, property: property, by: actor, now: now, on: db)) }
                return checkouts
            }
        }
    }

    /// Another issuer won the race for a key (KY-7): the database's UNIQUE(open_key_id) said so.
    static func raceSafe<T>(tag: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("钥匙 \(tag) 刚刚已被发放给他人", "Key \(tag) was just issued to someone else"), rule: "KY-7", field: "keyID")
        }
    }

    /// One key out to the borrower, inside the caller's transaction.
    static func lend(_ keyID: UUID, _ loan: Loan, property: PropertyInfo, by actor: Actor, now: Date, forSet: Bool = false, on db: any Database) async throws -> KeyCheckout {
        let propertyID = property.id
        guard let current = try await AuditLog.lock(RoomKey.self, keyID, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
        var release: Locked<SpareKeyRelease>?
        let clearance: KeyRules.SpareKeyClearance
        if current.kind == .spare {
            let releases = try await AuditLog.lockAll(SpareKeyRelease.query(on: db).filter(\.$key.$id == keyID).filter(\.$usedByCheckoutID == nil), on: db)
            release = releases.first { $0.confirmedAt != nil }
            clearance = release != nil ? .confirmedBySecurity : (releases.isEmpty ? .notRequested : .awaitingSecurity)
        } else {
            clearance = .notASpareKey
        }
        try KeyRules.checkIssuable(tag: current.tag, status: current.status, clearance: clearance)
        // A show house's set goes out whole, from its holder (SH-51, SH-52), never key by key from the cabinet.
        guard current.keySetID == nil || forSet else {
            throw WuyeError.conflict(Text("钥匙 \(current.tag) 属样板房钥匙组，由持用人按组发放", "Key \(current.tag) belongs to a show-house set; its holder issues the set"), rule: "SH-52", field: "keyID")
        }

        let checkout = KeyCheckout()
        checkout.id = UUID()
        checkout.$property.id = propertyID
        checkout.$key.id = keyID
        checkout.openKeyID = keyID
        checkout.borrowerName = loan.borrowerName
        switch loan.borrower {
        case let .staff(id):
            checkout.$borrowerStaff.id = id
        case let .outsider(_, phone, idNumber, company):
            checkout.borrowerPhone = phone
            checkout.borrowerIDNumber = idNumber
            checkout.borrowerCompany = company
        }
        checkout.purpose = loan.purpose
        checkout.$issuedBy.id = actor.id
        checkout.issuedAt = now
        checkout.expectedReturnAt = loan.expectedReturn
        if let signature = loan.signature {
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
        if case let .staff(borrowerID) = loan.borrower, checkout.confirmedAt == nil {
            try await Notifier.notify(borrowerID, at: propertyID, kind: KeyNotice.issuedToYou.rawValue,
                                      message: Text("\(actor.name) 把钥匙 \(current.tag) 发放给你（\(loan.purpose)），请确认已领取，并于 \(property.localTime.dateTime(loan.expectedReturn)) 前归还。",
                                                    "\(actor.name) issued key \(current.tag) to you (\(loan.purpose)); confirm you took it and return it by \(property.localTime.dateTime(loan.expectedReturn))."),
                                      link: "/checkouts/\(checkout.id!)", subject: checkout.id, now: now, on: db)
        }
        return checkout
    }

    // MARK: Return (KY-2, KY-4)

    public static func receiveReturn(checkoutID: UUID?, _ input: ReturnKeyInput, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        guard let checkoutID else { throw WuyeError.notFound(checkoutNoun, field: "checkoutID") }
        let (condition, note) = try returnCondition(input)
        let now = req.now
        // The checkout is first read under its lock: who may take it back is checked there.
        return try await req.write { db in
            try await takeBack(checkoutID, condition: condition, note: note, by: actor, now: now, on: db)
        }
    }

    /// Several keys back in one action, all in the same condition.
    public static func receiveReturns(propertyID: UUID?, _ input: BatchReturnInput, on req: Request) async throws -> [KeyCheckout] {
        let actor = try req.actor
        let property = try await KeyQueries.property(propertyID, for: actor, action: .receiveKey, on: req)
        let ids = try (input.checkoutIDs ?? []).compactMap { try Input.uuid($0, field: "checkoutIDs") }
        try KeyRules.checkBatch(count: ids.count, distinct: Set(ids).count, field: "checkoutIDs")
        let found = try await KeyCheckout.query(on: req.db).filter(\.$id ~~ ids).all()
        guard found.count == ids.count, found.allSatisfy({ $0.$property.id == property.id }) else {
            throw WuyeError.notFound(checkoutNoun, field: "checkoutIDs")
        }
        let (condition, note) = try returnCondition(input.taking)
        let now = req.now
        return try await req.write { db in
            var returned: [KeyCheckout] = []
            for id in ids.sortedByText() { returned.append(try await takeBack(id, condition: condition, note: note, by: actor, now: now, on: db)) }
            return returned
        }
    }

    static func returnCondition(_ input: ReturnKeyInput) throws -> (KeyRules.ReturnCondition, String?) {
        let text = Input.text(input.condition) ?? KeyRules.ReturnCondition.good.rawValue
        guard let condition = KeyRules.ReturnCondition(rawValue: text) else {
            throw WuyeError(.badRequest, Text("钥匙状况应为完好或损坏", "condition must be good or damaged"), field: "condition", rule: "KY-4")
        }
        if condition == .damaged, Input.text(input.note) == nil {
            throw WuyeError.missing("note", Text("损坏情况", "what is damaged"), rule: "KY-4")
        }
        return (condition, try Input.text(input.note).map { try Input.reason($0, field: "note", rule: "KY-2") })
    }

    /// One key back in the cabinet, or withdrawn if damaged (KY-4), inside the caller's transaction.
    static func takeBack(_ checkoutID: UUID, condition: KeyRules.ReturnCondition, note: String?, by actor: Actor, now: Date, as action: Action = .receiveKey,
                         on db: any Database) async throws -> KeyCheckout {
        guard let current = try await AuditLog.lock(KeyCheckout.self, checkoutID, on: db) else {
            throw WuyeError.notFound(checkoutNoun, field: "checkoutID")
        }
        let propertyID = current.record.$property.id
        try Policy.authorize(actor, action, at: propertyID)
        guard let key = try await AuditLog.lock(RoomKey.self, current.record.$key.id, on: db) else {
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
        if KeyRules.mayHaveNotices(borrowerIsStaff: current.record.$borrowerStaff.id != nil, expectedReturn: current.expectedReturnAt, now: now) {
            try await Notifier.settle(KeyNotice.aboutALoan, about: checkoutID, now: now, on: db)
        }
        return current.record
    }

    // MARK: Borrower confirms in their own session

    public static func confirmBorrowing(checkoutID: UUID?, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let checkout = try await findCheckout(checkoutID, on: req.db)
        guard checkout.$borrowerStaff.id == actor.id else {
            throw WuyeError.forbidden(Text("只有领用人本人可以确认", "Only the borrower can confirm this checkout"), rule: "X-1")
        }
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(KeyCheckout.self, checkout.id, on: db) else { throw WuyeError.notFound(checkoutNoun) }
            guard current.confirmedAt == nil else {
                throw WuyeError.conflict(Text("这次领用已确认过", "This checkout is already confirmed"), rule: "X-1")
            }
            let confirmed = try await AuditLog.update("key.borrowing_confirmed", current, by: .person(actor), property: current.record.$property.id, at: now, on: db) { current in
                current.confirmedAt = now
                current.confirmation = .session
            }
            try await Notifier.settle([KeyNotice.issuedToYou.rawValue], about: checkout.id!, now: now, on: db)
            return confirmed
        }
    }

    // MARK: 催还 — chasing an overdue key (KY-2)

    /// Asks the borrower for an overdue key: a staff borrower gets a notice;
    /// either way the chase is written on the loan's record.
    public static func chase(checkoutID: UUID?, on req: Request) async throws -> KeyCheckout {
        let actor = try req.actor
        let checkout = try await findCheckout(checkoutID, on: req.db)
        try Policy.authorize(actor, .chaseKey, at: checkout.$property.id)
        let now = req.now
        try KeyRules.checkChaseable(tag: checkout.key.tag, isOpen: checkout.isOpen, expectedReturn: checkout.expectedReturnAt, now: now)
        try await req.write { db in
            try await AuditLog.note("key.chased", recordType: KeyCheckout.auditType, recordID: checkout.id!, by: .person(actor),
                                    property: checkout.$property.id, at: now, on: db)
            if let borrower = checkout.$borrowerStaff.id {
                try await Notifier.notify(borrower, at: checkout.$property.id, kind: KeyNotice.chased.rawValue,
                                          message: Text("\(actor.name) 催还钥匙 \(checkout.key.tag)：已过预计归还时间，请尽快交回钥匙柜。",
                                                        "\(actor.name) asks for key \(checkout.key.tag): it is past its return time; please bring it back."),
                                          link: "/checkouts/\(checkout.id!)", subject: checkout.id, now: now, on: db)
            }
        }
        return checkout
    }

    // MARK: Reminders, run by the background job

    /// Tells borrowers their key is due within the hour, and issuers that a
    /// key they issued is overdue; each once.
    static func sendReminders(app: Application, now: Date) async throws -> Int {
        struct LoanRow: ReadRow {
            let id: UUID
            let propertyID: UUID
            let tag: String
            let borrowerName: String
            let borrowerStaffID: UUID?
            let issuedByID: UUID

            init(_ row: RowReader) throws {
                id = try row.next("id"); propertyID = try row.next("property_id"); tag = try row.next("tag")
                borrowerName = try row.next("borrower_name"); borrowerStaffID = try row.next("borrower_staff_id"); issuedByID = try row.next("issued_by_id")
            }
        }
        // Only loans nobody was told about yet, so the job costs little when nothing changed.
        func unsent(_ kind: KeyNotice, _ condition: SQLQueryString) async throws -> [LoanRow] {
            try await app.db.sql.rows(LoanRow.self, """
                SELECT c.id, c.property_id, k.tag, c.borrower_name, c.borrower_staff_id, c.issued_by_id
                FROM key_checkouts c JOIN room_keys k ON k.id = c.key_id WHERE c.open_key_id IS NOT NULL AND
                """ + " " + condition
                + " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.subject_id = c.id AND n.kind = \(bind: kind.rawValue))")
        }
        let soon = try await unsent(.dueSoon, "c.borrower_staff_id IS NOT NULL AND c.expected_return_at >= \(bind: now) AND c.expected_return_at <= \(bind: now.addingTimeInterval(KeyRules.reminderBefore))")
        let late = try await unsent(.overdue, "c.expected_return_at < \(bind: now)")
        var sent = 0
        for loan in soon {
            guard let borrower = loan.borrowerStaffID else { continue }
            sent += try await app.write { db in
                guard try await !Notifier.wasSent(KeyNotice.dueSoon.rawValue, about: loan.id, on: db) else { return 0 }
                try await Notifier.notify(borrower, at: loan.propertyID, kind: KeyNotice.dueSoon.rawValue,
                                          message: Text("钥匙 \(loan.tag) 一小时内到期，请按时归还。", "Key \(loan.tag) is due back within the hour."),
                                          link: "/checkouts/\(loan.id)", subject: loan.id, now: now, on: db)
                return 1
            }
        }
        for loan in late {
            sent += try await app.write { db in
                guard try await !Notifier.wasSent(KeyNotice.overdue.rawValue, about: loan.id, on: db) else { return 0 }
                try await Notifier.notify(loan.issuedByID, at: loan.propertyID, kind: KeyNotice.overdue.rawValue,
                                          message: Text("你发放的钥匙 \(loan.tag)（\(loan.borrowerName)）已逾期未还。", "Key \(loan.tag), which you issued to \(loan.borrowerName), is overdue."),
                                          link: "/checkouts/\(loan.id)", subject: loan.id, now: now, on: db)
                return 1
            }
        }
        return sent
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
