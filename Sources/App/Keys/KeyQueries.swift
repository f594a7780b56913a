import Fluent
import SQLKit
import Vapor

/// The cabinet's read side: what pages and API list.
enum KeyQueries {
    static func property(_ id: UUID?, for actor: Actor, action: Action = .viewKeys, on req: Request) async throws -> PropertyInfo {
        guard let id, let property = try await req.application.propertyDirectory.info(id, on: req.db) else {
            throw WuyeError.notFound(Text("项目", "property"), field: "propertyID")
        }
        try Policy.authorize(actor, action, at: id)
        return property
    }

    /// A key as an action on it first needs it: which it is and where.
    struct KeyPlace: Decodable, Sendable {
        let id: UUID
        let propertyID: UUID
        let tag: String
    }

    static func keyPlace(_ id: UUID?, on db: any Database) async throws -> KeyPlace {
        guard let id, let key = try await db.sql.row(KeyPlace.self, "SELECT id, property_id, tag FROM room_keys WHERE id = \(bind: id)") else {
            throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyID")
        }
        return key
    }

    /// Someone a key can be issued to: an active colleague at the property.
    struct Colleague: Decodable, Sendable {
        let id: UUID
        let name: String
        let rank: Rank
        let departmentCode: DepartmentCode
    }

    static func colleagues(at propertyID: UUID, besides me: UUID, on db: any Database) async throws -> [Colleague] {
        try await db.sql.rows(Colleague.self, """
            SELECT s.id, s.name, s.rank, d.code AS department_code FROM staff s
            JOIN staff_properties sp ON sp.staff_id = s.id JOIN departments d ON d.id = s.department_id
            WHERE sp.property_id = \(bind: propertyID) AND s.is_active = \(bind: true) AND s.id <> \(bind: me)
            """)
    }

    struct Counts: Sendable {
        var byStatus: [KeyStatus: Int] = [:]
        var overdue = 0
    }

    static func counts(propertyID: UUID, now: Date, on db: any Database) async throws -> Counts {
        var counts = Counts()
        // One statement: a GROUP BY for the statuses and the overdue count beside it.
        struct Row: Decodable, Sendable { let status: String; let n: Int }
        let rows = try await db.sql.rows(Row.self, """
            SELECT status, COUNT(*) AS n FROM room_keys WHERE property_id = \(bind: propertyID) GROUP BY status
            UNION ALL SELECT 'overdue', COUNT(*) FROM key_checkouts
            WHERE property_id = \(bind: propertyID) AND open_key_id IS NOT NULL AND expected_return_at < \(bind: now)
            """)
        for row in rows {
            if row.status == "overdue" { counts.overdue = row.n } else if let status = KeyStatus(rawValue: row.status) { counts.byStatus[status] = row.n }
        }
        return counts
    }

    /// The ledger 《钥匙领用登记表》 for checkouts issued in [from, to): oldest
    /// first as the paper form runs, or newest first on screen.
    static func ledger(propertyID: UUID, from: Date, to: Date, paging: Paging, newestFirst: Bool = false, on db: any Database) async throws -> (rows: [KeyCheckout], total: Int) {
        let query = KeyCheckout.query(on: db).filter(\.$property.$id == propertyID)
            .filter(\.$issuedAt >= from).filter(\.$issuedAt < to)
        let total = try await query.count()
        let ranged = query.copy().sort(\.$issuedAt, newestFirst ? .descending : .ascending).sort(\.$id)
        ranged.offset(paging.offset).limit(paging.per)
        let rows = try await ranged
            .with(\.$key) { $0.with(\.$unit) { $0.with(\.$building) } }
            .with(\.$issuedBy)
            .with(\.$receivedBy)
            .all()
        return (rows, total)
    }

    static func keyHistory(keyID: UUID, on db: any Database) async throws -> [KeyCheckout] {
        try await KeyCheckout.query(on: db).filter(\.$key.$id == keyID)
            .sort(\.$issuedAt, .descending).with(\.$issuedBy).with(\.$receivedBy).all()
    }

    /// The date range a ledger view asks for, in the property's days; the
    /// default is the last 7 days including today.
    static func range(from: String?, to: String?, time: LocalTime, now: Date) throws -> (from: Date, to: Date, fromText: String, toText: String) {
        let today = time.startOfDay(containing: now)
        let toDay: Date
        if let to = Input.text(to) {
            guard let day = time.startOfDay(to) else {
                throw WuyeError(.badRequest, Text("to 应为日期，如 2026-11-29", "to must be a date like 2026-11-29"), field: "to")
            }
            toDay = day
        } else {
            toDay = today
        }
        let fromDay: Date
        if let from = Input.text(from) {
            guard let day = time.startOfDay(from) else {
                throw WuyeError(.badRequest, Text("from 应为日期，如 2026-11-01", "from must be a date like 2026-11-01"), field: "from")
            }
            fromDay = day
        } else {
            fromDay = toDay.addingTimeInterval(-6 * 86400)
        }
        guard fromDay <= toDay else {
            throw WuyeError.invalid("from", Text("开始日期不能晚于结束日期", "from must not be after to"))
        }
        guard toDay.timeIntervalSince(fromDay) <= 366 * 86400 else {
            throw WuyeError.invalid("from", Text("一次最多查询一年", "A range may cover at most one year"))
        }
        // `to` is inclusive for people: run to the start of the next day.
        return (fromDay, toDay.addingTimeInterval(86400), time.day(fromDay), time.day(toDay))
    }

    /// The ledger as CSV: UTF-8 with BOM so spreadsheet programs read Chinese.
    static func ledgerCSV(propertyID: UUID, from: Date, to: Date, time: LocalTime, language: Language, on db: any Database) async throws -> String {
        let t = { (zh: String, en: String) in language == .en ? en : zh }
        var csv = CSV.byteOrderMark + CSV.row([t("领用时间", "Issued"), t("钥匙编号", "Tag"), t("房号", "Unit"), t("类型", "Kind"), t("领用人", "Borrower"),
                                t("单位", "Company"), t("电话", "Phone"), t("证件号", "ID number"), t("事由", "Purpose"), t("预计归还", "Expected return"),
                                t("实际归还", "Returned"), t("结果", "Outcome"), t("发放人", "Issued by"), t("接收人", "Received by"), t("领用人确认", "Borrower confirmed"), t("备注", "Note")])
        var page = 1
        while true {
            let (rows, _) = try await ledger(propertyID: propertyID, from: from, to: to, paging: Paging(page: page, per: 2000), on: db)
            for row in rows {
                let line: [String?] = [
                    time.dateTime(row.issuedAt), row.key.tag, UnitLabel.of(row.key.unit), row.key.kind.title.in(language), row.borrowerName,
                    row.borrowerCompany, Mask.phone(row.borrowerPhone), Mask.idNumber(row.borrowerIDNumber), row.purpose,
                    time.dateTime(row.expectedReturnAt), row.returnedAt.map(time.dateTime), row.outcome?.title.in(language),
                    row.issuedBy.name, row.receivedBy?.name, row.confirmedAt.map(time.dateTime), row.returnNote,
                ]
                csv += CSV.row(line)
            }
            if rows.count < 2000 { break }
            page += 1
        }
        return csv
    }
}
