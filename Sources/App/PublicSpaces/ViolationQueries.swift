import Fluent
import SQLKit
import Vapor

/// Violations' read side: the register, one violation, a customer's.
enum ViolationQueries {
    /// One row of the violation register.
    struct Row: ReadRow {
        let id: UUID; let propertyID: UUID; let referenceNo: String; let place: String; let spaceName: String?; let kind: ViolationKind; let description: String
        let reportedAt: Date; let reportedByID: UUID; let reportedByName: String; let status: ViolationStatus; let customerID: UUID?; let party: String?
        let orderedByName: String?; let orderedAt: Date?; let restoreBy: String?; let restoreDueAt: Date?; let orderNote: String?; let failedChecks: Int
        let closedByName: String?; let closedAt: Date?; let closingNote: String?
        let penaltyFen: Int?; let penaltyBasis: String?; let penaltyPaidAt: Date?; let penaltyReceipt: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); referenceNo = try row.next("reference_no"); place = try row.next("place"); spaceName = try row.next("space_name")
            kind = try row.next("kind"); description = try row.next("description"); reportedAt = try row.next("reported_at")
            reportedByID = try row.next("reported_by_id"); reportedByName = try row.next("reported_by_name"); status = try row.next("status")
            customerID = try row.next("customer_id"); party = try row.next("party"); orderedByName = try row.next("ordered_by_name")
            orderedAt = try row.next("ordered_at"); restoreBy = try row.next("restore_by"); restoreDueAt = try row.next("restore_due_at")
            orderNote = try row.next("order_note"); failedChecks = try row.next("failed_checks"); closedByName = try row.next("closed_by_name")
            closedAt = try row.next("closed_at"); closingNote = try row.next("closing_note"); penaltyFen = try row.next("penalty_fen")
            penaltyBasis = try row.next("penalty_basis"); penaltyPaidAt = try row.next("penalty_paid_at"); penaltyReceipt = try row.next("penalty_receipt")
        }

        var owes: Bool { (penaltyFen ?? 0) > 0 && penaltyPaidAt == nil }
        /// Ordered, and the day to restore by is over.
        func isLate(at now: Date) -> Bool { status == .ordered && (restoreDueAt.map { $0 <= now } ?? false) }
    }

    static let columns: SQLQueryString = """
        SELECT v.id, v.property_id, v.reference_no, v.place, s.name AS space_name, v.kind, v.description, v.reported_at, v.reported_by_id, r.name AS reported_by_name,
               v.status, v.customer_id, v.party, o.name AS ordered_by_name, v.ordered_at, v.restore_by, v.restore_due_at, v.order_note, v.failed_checks,
               c.name AS closed_by_name, v.closed_at, v.closing_note, v.penalty_fen, v.penalty_basis, v.penalty_paid_at, v.penalty_receipt
        FROM space_violations v JOIN staff r ON r.id = v.reported_by_id LEFT JOIN public_spaces s ON s.id = v.space_id
        LEFT JOIN staff o ON o.id = v.ordered_by_id LEFT JOIN staff c ON c.id = v.closed_by_id
        """

    /// Still needing someone: reported or ordered. Written out (not bound)
    /// so both databases use the partial index over exactly these rows, and
    /// a page's to-do count never walks the years of closed ones.
    static let openPredicate = "status IN ('\(ViolationStatus.reported.rawValue)', '\(ViolationStatus.ordered.rawValue)')"

    /// Which violations the register lists.
    enum Filter: String, CaseIterable, Sendable {
        /// Reported or ordered: what still needs someone.
        case open
        /// Penalty set and not paid.
        case unpaid
        case all
    }

    /// The register, newest report first.
    /// `reportedBy`: only that person's reports.
    static func list(propertyID: UUID, filter: Filter, reportedBy: UUID? = nil, paging: Paging, on db: any Database) async throws -> (rows: [Row], total: Int) {
        var condition: SQLQueryString = " WHERE v.property_id = \(bind: propertyID)"
        if let reportedBy { condition += " AND v.reported_by_id = \(bind: reportedBy)" }
        switch filter {
        case .open: condition += " AND v.\(unsafeRaw: openPredicate)"
        case .unpaid: condition += " AND v.penalty_fen > 0 AND v.penalty_paid_at IS NULL"
        case .all: break
        }
        return try await db.sql.page(Row.self, columns + condition + " ORDER BY v.reported_at DESC, v.id", paging: paging,
                                     count: "SELECT COUNT(*) AS n FROM space_violations v" + condition)
    }

    static func one(_ id: UUID, on db: any Database) async throws -> Row? {
        try await db.sql.row(Row.self, columns + " WHERE v.id = \(bind: id)")
    }

    /// A customer's violations, for their file: unpaid penalties are arrears (CA-2 [3.7]).
    static func ofCustomer(_ customerID: UUID, on db: any Database) async throws -> [Row] {
        try await db.sql.rows(Row.self, columns + " WHERE v.customer_id = \(bind: customerID) ORDER BY v.reported_at DESC LIMIT 50")
    }
}
