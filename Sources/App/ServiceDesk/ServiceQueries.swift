import Fluent
import SQLKit
import Vapor

/// The service desk's read side: the list with its filters, one item, its
/// notes, a customer's or a unit's items (CA-2).
enum ServiceQueries {
    struct Row: ReadRow {
        let id: UUID; let propertyID: UUID; let referenceNo: String; let kind: ServiceKind; let source: ServiceSource; let urgent: Bool; let description: String
        let customerID: UUID?; let customerName: String?; let unitID: UUID?; let unitLabel: String?; let guestName: String?; let guestPhone: String?
        let raisedByID: UUID; let raisedByName: String; let raisedAt: Date; let department: DepartmentCode; let pendingDepartment: DepartmentCode?
        let status: ServiceStatus; let ownerID: UUID?; let ownerName: String?; let dueAt: Date?; let severity: ComplaintSeverity?; let plan: String?
        let assignedByName: String?; let assignedAt: Date?; let doneByID: UUID?; let doneByName: String?; let doneAt: Date?; let doneNote: String?
        let checkedByName: String?; let checkedAt: Date?; let outcome: ServiceOutcome?; let checkNote: String?; let reopenCount: Int; let closedAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); referenceNo = try row.next("reference_no"); kind = try row.next("kind")
            source = try row.next("source"); urgent = try row.next("urgent"); description = try row.next("description")
            customerID = try row.next("customer_id"); customerName = try row.next("customer_name"); unitID = try row.next("unit_id"); unitLabel = try row.next("unit_label")
            guestName = try row.next("guest_name"); guestPhone = try row.next("guest_phone"); raisedByID = try row.next("raised_by_id")
            raisedByName = try row.next("raised_by_name"); raisedAt = try row.next("raised_at"); department = try row.next("department")
            pendingDepartment = try row.next("pending_department"); status = try row.next("status"); ownerID = try row.next("owner_id")
            ownerName = try row.next("owner_name"); dueAt = try row.next("due_at"); severity = try row.next("severity"); plan = try row.next("plan")
            assignedByName = try row.next("assigned_by_name"); assignedAt = try row.next("assigned_at"); doneByID = try row.next("done_by_id")
            doneByName = try row.next("done_by_name"); doneAt = try row.next("done_at"); doneNote = try row.next("done_note")
            checkedByName = try row.next("checked_by_name"); checkedAt = try row.next("checked_at"); outcome = try row.next("outcome")
            checkNote = try row.next("check_note"); reopenCount = try row.next("reopen_count"); closedAt = try row.next("closed_at")
        }

        /// Not yet done and past its due time.
        func isOverdue(at now: Date) -> Bool { (status == .open || status == .assigned) && (dueAt.map { $0 <= now } ?? false) }
        /// Who raised it, as a list shows it: the customer, else the guest, else the unit.
        var raisedFor: String? { customerName ?? guestName ?? unitLabel }
    }

    static let columns: SQLQueryString = """
        SELECT i.id, i.property_id, i.reference_no, i.kind, i.source, i.urgent, i.description, i.customer_id, c.name AS customer_name,
               i.unit_id, b.name || u.number AS unit_label, i.guest_name, i.guest_phone, i.raised_by_id, r.name AS raised_by_name, i.raised_at,
               i.department, i.pending_department, i.status, i.owner_id, o.name AS owner_name, i.due_at, i.severity, i.plan,
               a.name AS assigned_by_name, i.assigned_at, i.done_by_id, d.name AS done_by_name, i.done_at, i.done_note,
               k.name AS checked_by_name, i.checked_at, i.outcome, i.check_note, i.reopen_count, i.closed_at
        FROM service_items i JOIN staff r ON r.id = i.raised_by_id LEFT JOIN customers c ON c.id = i.customer_id
        LEFT JOIN units u ON u.id = i.unit_id LEFT JOIN buildings b ON b.id = u.building_id LEFT JOIN staff o ON o.id = i.owner_id
        LEFT JOIN staff a ON a.id = i.assigned_by_id LEFT JOIN staff d ON d.id = i.done_by_id LEFT JOIN staff k ON k.id = i.checked_by_id
        """

    /// Not closed. Written out (not bound) so both databases use the partial
    /// index over exactly these rows, and the to-do counts never walk the
    /// years of closed items.
    static let openPredicate = "status IN ('\(ServiceStatus.open.rawValue)', '\(ServiceStatus.assigned.rawValue)', '\(ServiceStatus.done.rawValue)')"

    /// Which items a list shows.
    enum StatusFilter: String, CaseIterable, Sendable {
        /// Not closed (the default).
        case open
        /// Waiting for a follow-up person.
        case unassigned
        case assigned
        /// Done, waiting for the callback or the check.
        case done
        case closed
        /// Offered at a control-room handover and not accepted (HO-7).
        case pending
        case all
    }

    struct Filter: Sendable {
        var status: StatusFilter = .open
        var kind: ServiceKind?
        var department: DepartmentCode?
        var ownerID: UUID?
        var overdue = false
        var search: String?
    }

    static func condition(propertyID: UUID, _ filter: Filter, now: Date) -> SQLQueryString {
        var clause: SQLQueryString = " WHERE i.property_id = \(bind: propertyID)"
        switch filter.status {
        case .open: clause += " AND i.\(unsafeRaw: openPredicate)"
        case .unassigned: clause += " AND i.status = \(bind: ServiceStatus.open.rawValue)"
        case .assigned: clause += " AND i.status = \(bind: ServiceStatus.assigned.rawValue)"
        case .done: clause += " AND i.status = \(bind: ServiceStatus.done.rawValue)"
        case .closed: clause += " AND i.status = \(bind: ServiceStatus.closed.rawValue)"
        case .pending: clause += " AND i.\(unsafeRaw: openPredicate) AND i.pending_department IS NOT NULL"
        case .all: break
        }
        if let kind = filter.kind { clause += " AND i.kind = \(bind: kind.rawValue)" }
        if let department = filter.department { clause += " AND i.department = \(bind: department.rawValue)" }
        if let owner = filter.ownerID { clause += " AND i.owner_id = \(bind: owner)" }
        if filter.overdue {
            clause += " AND i.status IN (\(bind: ServiceStatus.open.rawValue), \(bind: ServiceStatus.assigned.rawValue)) AND i.due_at <= \(bind: now)"
        }
        if let search = filter.search {
            let pattern = SQLText.contains(search)
            clause += " AND (LOWER(i.reference_no) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(i.description) LIKE \(bind: pattern) ESCAPE '\\'"
            clause += " OR LOWER(COALESCE(i.guest_name, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(c.name, '')) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        return clause
    }

    /// The list, newest first.
    static func list(propertyID: UUID, filter: Filter, now: Date, paging: Paging, on db: any Database) async throws -> (rows: [Row], total: Int) {
        let clause = condition(propertyID: propertyID, filter, now: now)
        return try await db.sql.page(Row.self, columns + clause + " ORDER BY i.raised_at DESC, i.id", paging: paging,
                                     // The customer's name is searched, so only a search needs the join to count.
                                     count: (filter.search == nil ? "SELECT COUNT(*) AS n FROM service_items i" : "SELECT COUNT(*) AS n FROM service_items i LEFT JOIN customers c ON c.id = i.customer_id") + clause)
    }

    static func one(_ id: UUID, on db: any Database) async throws -> Row? {
        try await db.sql.row(Row.self, columns + " WHERE i.id = \(bind: id)")
    }

    /// A customer's items, for their file: complaints, repairs (CA-2).
    static func ofCustomer(_ customerID: UUID, on db: any Database) async throws -> [Row] {
        try await db.sql.rows(Row.self, columns + " WHERE i.customer_id = \(bind: customerID) ORDER BY i.raised_at DESC LIMIT 50")
    }

    struct Note: ReadRow {
        let id: UUID; let text: String; let writtenByName: String; let writtenAt: Date
        init(_ row: RowReader) throws { id = try row.next("id"); text = try row.next("text"); writtenByName = try row.next("written_by_name"); writtenAt = try row.next("written_at") }
    }

    static func notes(of itemID: UUID, on db: any Database) async throws -> [Note] {
        try await db.sql.rows(Note.self, """
            SELECT n.id, n.text, s.name AS written_by_name, n.written_at FROM service_item_notes n JOIN staff s ON s.id = n.written_by_id
            WHERE n.item_id = \(bind: itemID) ORDER BY n.written_at, n.id
            """)
    }
}

extension ServiceQueries {
    struct Colleague: ReadRow {
        let id: UUID; let name: String; let department: DepartmentCode; let rank: Rank
        init(_ row: RowReader) throws { id = try row.next("id"); name = try row.next("name"); department = try row.next("code"); rank = try row.next("rank") }
    }

    /// The active staff of a property, of one department when given: who an item can be given to.
    /// Contractors' accounts are not staff here (ORG-4).
    static func colleagues(propertyID: UUID, department: DepartmentCode?, on db: any Database) async throws -> [Colleague] {
        var query: SQLQueryString = """
            SELECT s.id, s.name, d.code, s.rank FROM staff s JOIN departments d ON d.id = s.department_id
            JOIN staff_properties p ON p.staff_id = s.id AND p.property_id = \(bind: propertyID)
            WHERE s.is_active = \(bind: true) AND d.code <> \(bind: DepartmentCode.contractor.rawValue)
            """
        if let department { query += " AND d.code = \(bind: department.rawValue)" }
        return try await db.sql.rows(Colleague.self, query + " ORDER BY d.code, s.name")
    }
}
