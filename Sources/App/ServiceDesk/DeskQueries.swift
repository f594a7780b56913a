import Fluent
import SQLKit
import Vapor

/// The control-room handovers' read side (HO-7).
enum DeskQueries {
    struct Handover: ReadRow {
        let id: UUID; let propertyID: UUID; let day: String; let slot: DeskSlot; let offeredByName: String; let offeredAt: Date; let note: String?
        let itemCount: Int; let urgentCount: Int; let acceptedByName: String?; let acceptedAt: Date?; let acceptedCount: Int?; let acceptanceNote: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); day = try row.next("day"); slot = try row.next("slot")
            offeredByName = try row.next("offered_by_name"); offeredAt = try row.next("offered_at"); note = try row.next("note")
            itemCount = try row.next("item_count"); urgentCount = try row.next("urgent_count"); acceptedByName = try row.next("accepted_by_name")
            acceptedAt = try row.next("accepted_at"); acceptedCount = try row.next("accepted_count"); acceptanceNote = try row.next("acceptance_note")
        }
    }

    static let columns: SQLQueryString = """
        SELECT h.id, h.property_id, h.day, h.slot, o.name AS offered_by_name, h.offered_at, h.note, h.item_count, h.urgent_count,
               a.name AS accepted_by_name, h.accepted_at, h.accepted_count, h.acceptance_note
        FROM desk_handovers h JOIN staff o ON o.id = h.offered_by_id LEFT JOIN staff a ON a.id = h.accepted_by_id
        """

    static func one(_ id: UUID, on db: any Database) async throws -> Handover? {
        try await db.sql.row(Handover.self, columns + " WHERE h.id = \(bind: id)")
    }

    /// The latest handovers at a property, newest first.
    static func recent(propertyID: UUID, limit: Int = 14, on db: any Database) async throws -> [Handover] {
        try await db.sql.rows(Handover.self, columns + " WHERE h.property_id = \(bind: propertyID) ORDER BY h.offered_at DESC LIMIT \(literal: limit)")
    }

    struct Line: ReadRow {
        let itemID: UUID; let referenceNo: String; let kind: ServiceKind; let urgent: Bool; let description: String; let status: ServiceStatus
        let department: DepartmentCode; let accepted: Bool?
        init(_ row: RowReader) throws {
            itemID = try row.next("item_id"); referenceNo = try row.next("reference_no"); kind = try row.next("kind"); urgent = try row.next("urgent")
            description = try row.next("description"); status = try row.next("status"); department = try row.next("department"); accepted = try row.next("accepted")
        }
    }

    static func items(of handoverID: UUID, on db: any Database) async throws -> [Line] {
        try await db.sql.rows(Line.self, """
            SELECT l.item_id, i.reference_no, i.kind, i.urgent, i.description, i.status, i.department, l.accepted
            FROM desk_handover_items l JOIN service_items i ON i.id = l.item_id WHERE l.handover_id = \(bind: handoverID) ORDER BY i.urgent DESC, i.raised_at
            """)
    }
}
