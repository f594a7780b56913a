import Fluent
import SQLKit
import Vapor

/// Notices' read side: the register of notices with their counts, one notice's households.
enum NoticeQueries {
    struct NoticeRow: ReadRow {
        let id: UUID; let referenceNo: String; let title: String; let issuedAt: Date; let issuedByName: String
        let households: Int; let delivered: Int; let read: Int
        init(_ row: RowReader) throws {
            id = try row.next("id"); referenceNo = try row.next("reference_no"); title = try row.next("title"); issuedAt = try row.next("issued_at")
            issuedByName = try row.next("issued_by_name"); households = try row.next("households"); delivered = try row.next("delivered"); read = try row.next("read")
        }
    }

    static let noticeColumns: SQLQueryString = """
        SELECT n.id, n.reference_no, n.title, n.issued_at, s.name AS issued_by_name,
               COUNT(d.id) AS households, COUNT(d.delivered_at) AS delivered, COUNT(d.read_at) AS read
        FROM customer_notices n JOIN staff s ON s.id = n.issued_by_id LEFT JOIN notice_deliveries d ON d.notice_id = n.id
        """

    /// 通知登记 — the property's notices, newest first, with how many households have them and have read them.
    static func register(propertyID: UUID, paging: Paging, on db: any Database) async throws -> (rows: [NoticeRow], total: Int) {
        try await db.sql.page(NoticeRow.self, noticeColumns + " WHERE n.property_id = \(bind: propertyID) GROUP BY n.id, n.reference_no, n.title, n.issued_at, s.name ORDER BY n.issued_at DESC, n.reference_no DESC",
                              paging: paging, count: "SELECT COUNT(*) AS n FROM customer_notices WHERE property_id = \(bind: propertyID)")
    }

    struct DeliveryRow: ReadRow {
        let id: UUID; let unitID: UUID; let unitLabel: String; let addressedTo: String; let deliveredAt: Date?; let method: DeliveryMethod?
        let deliveredByName: String?; let readAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); unitID = try row.next("unit_id"); unitLabel = try row.next("unit_label"); addressedTo = try row.next("addressed_to")
            deliveredAt = try row.next("delivered_at"); method = try row.next("delivery_method"); deliveredByName = try row.next("delivered_by_name"); readAt = try row.next("read_at")
        }
    }

    static func deliveries(noticeID: UUID, on db: any Database) async throws -> [DeliveryRow] {
        try await db.sql.rows(DeliveryRow.self, """
            SELECT d.id, d.unit_id, b.name || ' ' || u.number AS unit_label, d.addressed_to, d.delivered_at, d.delivery_method,
                   s.name AS delivered_by_name, d.read_at
            FROM notice_deliveries d JOIN units u ON u.id = d.unit_id JOIN buildings b ON b.id = u.building_id
            LEFT JOIN staff s ON s.id = d.delivered_by_id
            WHERE d.notice_id = \(bind: noticeID) ORDER BY b.name, u.number
            """)
    }

    struct FileNotice: ReadRow {
        let noticeID: UUID; let referenceNo: String; let title: String; let issuedAt: Date; let unitLabel: String; let deliveredAt: Date?; let readAt: Date?
        init(_ row: RowReader) throws {
            noticeID = try row.next("notice_id"); referenceNo = try row.next("reference_no"); title = try row.next("title"); issuedAt = try row.next("issued_at")
            unitLabel = try row.next("unit_label"); deliveredAt = try row.next("delivered_at"); readAt = try row.next("read_at")
        }
    }

    /// Notices sent to the units a customer is at, while they are there (CA-2 [3.6] correspondence).
    static func notices(toUnits unitIDs: [UUID], limit: Int, on db: any Database) async throws -> [FileNotice] {
        guard !unitIDs.isEmpty else { return [] }
        return try await db.sql.rows(FileNotice.self, """
            SELECT d.notice_id, n.reference_no, n.title, n.issued_at, b.name || ' ' || u.number AS unit_label, d.delivered_at, d.read_at
            FROM notice_deliveries d JOIN customer_notices n ON n.id = d.notice_id JOIN units u ON u.id = d.unit_id JOIN buildings b ON b.id = u.building_id
            WHERE d.unit_id IN (\(binds: unitIDs)) ORDER BY n.issued_at DESC LIMIT \(literal: limit)
            """)
    }
}
