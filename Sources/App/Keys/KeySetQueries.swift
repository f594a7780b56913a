import Fluent
import SQLKit
import Vapor

/// The key sets' read side: a show house's sets with their holders, keys
/// (and who has them out) and register lines.
enum KeySetQueries {
    struct Set: ReadRow {
        let id: UUID; let showHouseID: UUID; let keeper: DepartmentCode; let holderID: UUID; let holderName: String; let holderSignature: String?; let sealNo: String?
        let registeredByName: String; let registeredAt: Date; let retiredAt: Date?; let retireNote: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); showHouseID = try row.next("show_house_id"); keeper = try row.next("keeper"); holderID = try row.next("holder_id")
            holderName = try row.next("holder_name"); holderSignature = try row.next("holder_signature"); sealNo = try row.next("seal_no")
            registeredByName = try row.next("registered_by_name"); registeredAt = try row.next("registered_at"); retiredAt = try row.next("retired_at"); retireNote = try row.next("retire_note")
        }
    }

    struct Key: ReadRow {
        let id: UUID; let setID: UUID; let tag: String; let status: KeyStatus; let checkoutID: UUID?; let borrowerName: String?; let expectedReturnAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); setID = try row.next("key_set_id"); tag = try row.next("tag"); status = try row.next("status"); checkoutID = try row.next("checkout_id")
            borrowerName = try row.next("borrower_name"); expectedReturnAt = try row.next("expected_return_at")
        }
    }

    struct Event: ReadRow {
        let setID: UUID; let kind: KeySetEventKind; let fromName: String?; let toName: String?; let emergency: Emergency?; let reason: String; let witnessName: String?
        let sealNo: String?; let byName: String; let at: Date
        init(_ row: RowReader) throws {
            setID = try row.next("key_set_id"); kind = try row.next("kind"); fromName = try row.next("from_name"); toName = try row.next("to_name"); emergency = try row.next("emergency")
            reason = try row.next("reason"); witnessName = try row.next("witness_name"); sealNo = try row.next("seal_no"); byName = try row.next("by_name"); at = try row.next("at")
        }
    }

    static func sets(houseID: UUID, setID: UUID? = nil, on db: any Database) async throws -> (sets: [Set], keys: [Key], events: [Event]) {
        let sql = db.sql
        var query: SQLQueryString = """
            SELECT s.id, s.show_house_id, s.keeper, s.holder_id, h.name AS holder_name, s.holder_signature, s.seal_no, r.name AS registered_by_name, s.registered_at,
                   s.retired_at, s.retire_note
            FROM key_sets s JOIN staff h ON h.id = s.holder_id JOIN staff r ON r.id = s.registered_by_id WHERE s.show_house_id = \(bind: houseID)
            """
        if let setID { query += " AND s.id = \(bind: setID)" }
        let sets = try await sql.rows(Set.self, query + " ORDER BY s.retired_at IS NOT NULL, s.keeper, s.registered_at")
        let ids = sets.map(\.id)
        guard !ids.isEmpty else { return ([], [], []) }
        let keys = try await sql.rows(Key.self, """
            SELECT k.id, k.key_set_id, k.tag, k.status, c.id AS checkout_id, c.borrower_name, c.expected_return_at
            FROM room_keys k LEFT JOIN key_checkouts c ON c.open_key_id = k.id WHERE k.key_set_id IN (\(binds: ids)) ORDER BY k.tag
            """)
        let events = try await sql.rows(Event.self, """
            SELECT e.key_set_id, e.kind, f.name AS from_name, t.name AS to_name, e.emergency, e.reason, w.name AS witness_name, e.seal_no, b.name AS by_name, e.at
            FROM key_set_events e LEFT JOIN staff f ON f.id = e.from_holder_id LEFT JOIN staff t ON t.id = e.to_holder_id LEFT JOIN staff w ON w.id = e.witness_id
            JOIN staff b ON b.id = e.by_id WHERE e.key_set_id IN (\(binds: ids)) ORDER BY e.at
            """)
        return (sets, keys, events)
    }

    /// The show house's keys a new set may take: in the cabinet and in no set.
    static func freeKeys(unitID: UUID, on db: any Database) async throws -> [(id: UUID, tag: String)] {
        try await RoomKey.query(on: db).filter(\.$unit.$id == unitID).filter(\.$status == .inCabinet).filter(\.$keySetID == nil).sort(\.$tag).all().map { ($0.id!, $0.tag) }
    }
}
