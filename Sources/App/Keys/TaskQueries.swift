import Fluent
import SQLKit
import Vapor

/// The cabinet's other lists — lock changes (KY-5) and spare-key releases
/// (KY-6) — read one statement a view, rows straight into what the pages
/// and the API show (see `ReadQuery`).
extension KeyQueries {
    /// 换锁任务 with the unit, the lost or damaged key and the people's names.
    struct LockChangeRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let unitID: UUID
        let unitNumber: String
        let buildingName: String
        let lostKeyID: UUID
        let lostKeyTag: String
        let lostKeyStatus: KeyStatus
        let reportedByID: UUID
        let reportedByName: String
        let reportedAt: Date
        let note: String
        let oldLockNo: Int
        let completedAt: Date?
        let completedByID: UUID?
        let completedByName: String?

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); unitID = try row.next("unit_id"); unitNumber = try row.next("unit_number")
            buildingName = try row.next("building_name"); lostKeyID = try row.next("lost_key_id"); lostKeyTag = try row.next("lost_key_tag")
            lostKeyStatus = try row.next("lost_key_status"); reportedByID = try row.next("reported_by_id"); reportedByName = try row.next("reported_by_name")
            reportedAt = try row.next("reported_at"); note = try row.next("note"); oldLockNo = try row.next("old_lock_no")
            completedAt = try row.next("completed_at"); completedByID = try row.next("completed_by_id"); completedByName = try row.next("completed_by_name")
        }

        var isOpen: Bool { completedAt == nil }
        var unitLabel: String { buildingName + " " + unitNumber }
    }

    private static let lockChangeSelect: SQLQueryString = """
        SELECT t.id, t.property_id, t.unit_id, u.number AS unit_number, b.name AS building_name, t.lost_key_id, k.tag AS lost_key_tag,
               k.status AS lost_key_status, t.reported_by_id, s.name AS reported_by_name, t.reported_at, t.note, t.old_lock_no,
               t.completed_at, t.completed_by_id, c.name AS completed_by_name
        FROM lock_changes t JOIN units u ON u.id = t.unit_id JOIN buildings b ON b.id = u.building_id JOIN room_keys k ON k.id = t.lost_key_id
        JOIN staff s ON s.id = t.reported_by_id LEFT JOIN staff c ON c.id = t.completed_by_id
        """

    /// The property's lock changes, newest first (the latest `limit`).
    static func lockChanges(propertyID: UUID, limit: Int, on db: any Database) async throws -> [LockChangeRow] {
        try await db.sql.rows(LockChangeRow.self, lockChangeSelect
            + " WHERE t.property_id = \(bind: propertyID) ORDER BY t.reported_at DESC, t.id LIMIT \(literal: limit)")
    }

    static func lockChange(_ id: UUID?, on db: any Database) async throws -> LockChangeRow {
        guard let id, let row = try await db.sql.row(LockChangeRow.self, lockChangeSelect + " WHERE t.id = \(bind: id)") else {
            throw WuyeError.notFound(Text("换锁任务", "lock change"))
        }
        return row
    }

    /// A key of one unit's door, as the lock change lists them.
    struct UnitKeyRow: ReadRow {
        let id: UUID
        let tag: String
        let lockNo: Int
        let status: KeyStatus

        init(_ row: RowReader) throws { id = try row.next("id"); tag = try row.next("tag"); lockNo = try row.next("lock_no"); status = try row.next("status") }
    }

    static func unitKeys(unitID: UUID, on db: any Database) async throws -> [UnitKeyRow] {
        try await db.sql.rows(UnitKeyRow.self, "SELECT id, tag, lock_no, status FROM room_keys WHERE unit_id = \(bind: unitID) ORDER BY lock_no, tag")
    }

    /// 备用钥匙手续 with the key, its unit and the people's names.
    struct SpareReleaseListRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let keyID: UUID
        let tag: String
        let unitNumber: String
        let buildingName: String
        let requestedByID: UUID
        let requestedByName: String
        let reason: String
        let requestedAt: Date
        let confirmedByID: UUID?
        let confirmedByName: String?
        let confirmedAt: Date?
        let usedByCheckoutID: UUID?

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); keyID = try row.next("key_id"); tag = try row.next("tag")
            unitNumber = try row.next("unit_number"); buildingName = try row.next("building_name"); requestedByID = try row.next("requested_by_id")
            requestedByName = try row.next("requested_by_name"); reason = try row.next("reason"); requestedAt = try row.next("requested_at")
            confirmedByID = try row.next("confirmed_by_id"); confirmedByName = try row.next("confirmed_by_name"); confirmedAt = try row.next("confirmed_at")
            usedByCheckoutID = try row.next("used_by_checkout_id")
        }

        var unitLabel: String { buildingName + " " + unitNumber }
    }

    /// The property's spare-key releases, newest first (the latest `limit`).
    static func spareReleases(propertyID: UUID, limit: Int, on db: any Database) async throws -> [SpareReleaseListRow] {
        try await db.sql.rows(SpareReleaseListRow.self, """
            SELECT r.id, r.property_id, r.key_id, k.tag, u.number AS unit_number, b.name AS building_name, r.requested_by_id,
                   s.name AS requested_by_name, r.reason, r.requested_at, r.confirmed_by_id, c.name AS confirmed_by_name, r.confirmed_at, r.used_by_checkout_id
            FROM spare_key_releases r JOIN room_keys k ON k.id = r.key_id JOIN units u ON u.id = k.unit_id JOIN buildings b ON b.id = u.building_id
            JOIN staff s ON s.id = r.requested_by_id LEFT JOIN staff c ON c.id = r.confirmed_by_id
            WHERE r.property_id = \(bind: propertyID) ORDER BY r.requested_at DESC, r.id LIMIT \(literal: limit)
            """)
    }
}
