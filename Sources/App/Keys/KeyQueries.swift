import Fluent
import SQLKit
import Vapor

/// The cabinet's read side: what pages and API list.
enum KeyQueries {
    static func property(_ id: UUID?, for actor: Actor, action: Action = .viewKeys, on req: Request) async throws -> PropertyInfo {
        try await req.property(id, for: actor, action: action)
    }

    /// A key as an action on it first needs it: which it is and where.
    struct KeyPlace: ReadRow {
        let id: UUID
        let propertyID: UUID
        let tag: String

        init(_ row: RowReader) throws { id = try row.next("id"); propertyID = try row.next("property_id"); tag = try row.next("tag") }
    }

    static func keyPlace(_ id: UUID?, on db: any Database) async throws -> KeyPlace {
        guard let id, let key = try await db.sql.row(KeyPlace.self, "SELECT id, property_id, tag FROM room_keys WHERE id = \(bind: id)") else {
            throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyID")
        }
        return key
    }

    /// A key as its own page shows it.
    struct KeyRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let tag: String
        let hook: String
        let kind: KeyKind
        let status: KeyStatus
        let lockNo: Int
        let statusChangedAt: Date
        let note: String?
        let unitID: UUID
        let unitNumber: String
        let buildingName: String

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); tag = try row.next("tag"); hook = try row.next("hook")
            kind = try row.next("kind"); status = try row.next("status"); lockNo = try row.next("lock_no"); statusChangedAt = try row.next("status_changed_at")
            note = try row.next("note"); unitID = try row.next("unit_id"); unitNumber = try row.next("unit_number"); buildingName = try row.next("building_name")
        }

        var unitLabel: String { buildingName + " " + unitNumber }
    }

    static func key(_ id: UUID?, on db: any Database) async throws -> KeyRow {
        guard let id, let key = try await db.sql.row(KeyRow.self, """
            SELECT k.id, k.property_id, k.tag, k.hook, k.kind, k.status, k.lock_no, k.status_changed_at, k.note, k.unit_id, u.number AS unit_number, b.name AS building_name
            FROM room_keys k JOIN units u ON u.id = k.unit_id JOIN buildings b ON b.id = u.building_id WHERE k.id = \(bind: id)
            """) else {
            throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyID")
        }
        return key
    }

    /// A spare key's procedure (KY-6) not yet used by a checkout: asked for, and perhaps cleared.
    struct SpareReleaseRow: ReadRow {
        let id: UUID
        let reason: String
        let requestedAt: Date
        let requestedByName: String
        let confirmedAt: Date?

        init(_ row: RowReader) throws {
            id = try row.next("id"); reason = try row.next("reason"); requestedAt = try row.next("requested_at")
            requestedByName = try row.next("requested_by_name"); confirmedAt = try row.next("confirmed_at")
        }
    }

    static func unusedSpareReleases(keyID: UUID, on db: any Database) async throws -> [SpareReleaseRow] {
        try await db.sql.rows(SpareReleaseRow.self, """
            SELECT r.id, r.reason, r.requested_at, s.name AS requested_by_name, r.confirmed_at
            FROM spare_key_releases r JOIN staff s ON s.id = r.requested_by_id
            WHERE r.key_id = \(bind: keyID) AND r.used_by_checkout_id IS NULL ORDER BY r.requested_at
            """)
    }

    /// Someone a key can be issued to: an active colleague at the property.
    struct Colleague: ReadRow {
        let id: UUID
        let name: String
        let rank: Rank
        let departmentCode: DepartmentCode

        init(_ row: RowReader) throws {
            id = try row.next("id"); name = try row.next("name"); rank = try row.next("rank"); departmentCode = try row.next("department_code")
        }
    }

    static func colleagues(at propertyID: UUID, besides me: UUID, on db: any Database) async throws -> [Colleague] {
        try await db.sql.rows(Colleague.self, """
            SELECT s.id, s.name, s.rank, d.code AS department_code FROM staff s
            JOIN staff_properties sp ON sp.staff_id = s.id JOIN departments d ON d.id = s.department_id
            WHERE sp.property_id = \(bind: propertyID) AND s.is_active = TRUE AND s.id <> \(bind: me)
            """)
    }

    struct Counts: Sendable {
        var byStatus: [KeyStatus: Int] = [:]
        var overdue = 0
    }

    static func counts(propertyID: UUID, now: Date, on db: any Database) async throws -> Counts {
        var counts = Counts()
        // One statement: a GROUP BY for the statuses and the overdue count beside it.
        struct Row: ReadRow {
            let status: String; let n: Int
            init(_ row: RowReader) throws { status = try row.next("status"); n = try row.next("n") }
        }
        let rows = try await db.sql.rows(Row.self, """
            SELECT status, COUNT(*) AS n FROM room_keys WHERE property_id = \(bind: propertyID) AND key_set_id IS NULL GROUP BY status
            UNION ALL SELECT 'overdue', COUNT(*) FROM key_checkouts
            WHERE property_id = \(bind: propertyID) AND open_key_id IS NOT NULL AND expected_return_at < \(bind: now)
            """)
        for row in rows {
            if row.status == "overdue" { counts.overdue = row.n } else if let status = KeyStatus(rawValue: row.status) { counts.byStatus[status] = row.n }
        }
        return counts
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
}
