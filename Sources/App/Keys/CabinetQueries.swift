import Fluent
import SQLKit
import Vapor

/// The cabinet as people look for keys in it: by tag, by "1栋0201" however
/// it is typed, by who holds it; quick views for mine, overdue, outsiders and
/// issued today. One SQL statement a page (and a count when there are more
/// pages), rows straight into `CabinetRow`.
extension KeyQueries {
    /// 快捷筛选 — the quick views above the cabinet.
    enum QuickView: String, CaseIterable, Sendable {
        case mine, overdue, outsiders, today

        var title: Text {
            switch self {
            case .mine: Text("我经手的", "Mine")
            case .overdue: Text("逾期", "Overdue")
            case .outsiders: Text("外来人员", "Outsiders")
            case .today: Text("今天发放", "Issued today")
            }
        }
    }

    struct CabinetFilter: Sendable {
        var status: KeyStatus?
        var search: String?
        var view: QuickView?
    }

    /// A key with its unit and, while it is out, its one holder (KY-7).
    struct CabinetRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let tag: String
        let hook: String
        let kind: KeyKind
        let status: KeyStatus
        let lockNo: Int
        let unitID: UUID
        let unitNumber: String
        let buildingName: String
        let checkoutID: UUID?
        let borrowerName: String?
        let borrowerStaffID: UUID?
        let issuedByID: UUID?
        let issuedAt: Date?
        let expectedReturnAt: Date?

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); tag = try row.next("tag"); hook = try row.next("hook")
            kind = try row.next("kind"); status = try row.next("status"); lockNo = try row.next("lock_no"); unitID = try row.next("unit_id")
            unitNumber = try row.next("unit_number"); buildingName = try row.next("building_name"); checkoutID = try row.next("checkout_id")
            borrowerName = try row.next("borrower_name"); borrowerStaffID = try row.next("borrower_staff_id"); issuedByID = try row.next("issued_by_id")
            issuedAt = try row.next("issued_at"); expectedReturnAt = try row.next("expected_return_at")
        }

        var unitLabel: String { buildingName + " " + unitNumber }
        var isOut: Bool { checkoutID != nil }
        func isOverdue(at now: Date) -> Bool { expectedReturnAt.map { KeyRules.isOverdue(expectedReturn: $0, isOpen: true, now: now) } ?? false }
    }

    static let cabinetColumns: SQLQueryString = """
        SELECT k.id, k.property_id, k.tag, k.hook, k.kind, k.status, k.lock_no, k.unit_id, u.number AS unit_number, b.name AS building_name,
               c.id AS checkout_id, c.borrower_name, c.borrower_staff_id, c.issued_by_id, c.issued_at, c.expected_return_at
        """
    static let cabinetFrom: SQLQueryString = """
         FROM room_keys k JOIN units u ON u.id = k.unit_id JOIN buildings b ON b.id = u.building_id
         LEFT JOIN key_checkouts c ON c.open_key_id = k.id
        """

    /// The WHERE clause of a cabinet view. Retired keys (已作废) show only when asked for by status.
    static func cabinetWhere(propertyID: UUID, filter: CabinetFilter, actorID: UUID, today: Date, now: Date) -> SQLQueryString {
        // A show house's set is its holder's, not the cabinet's (SH-50).
        var clause: SQLQueryString = " WHERE k.property_id = \(bind: propertyID) AND k.key_set_id IS NULL"
        if let status = filter.status {
            clause += " AND k.status = \(bind: status.rawValue)"
        } else {
            clause += " AND k.status <> \(bind: KeyStatus.retired.rawValue)"
        }
        if let search = filter.search {
            // "1栋 0201", "1栋0201", "0201", a tag or a holder's name: spaces do not matter.
            let pattern = SQLText.contains(search.filter { !$0.isWhitespace })
            clause += " AND (LOWER(k.tag) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(REPLACE(b.name || u.number, ' ', '')) LIKE \(bind: pattern) ESCAPE '\\'"
            clause += " OR LOWER(REPLACE(COALESCE(c.borrower_name, ''), ' ', '')) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        switch filter.view {
        case .mine: clause += " AND (c.issued_by_id = \(bind: actorID) OR c.borrower_staff_id = \(bind: actorID))"
        case .overdue: clause += " AND c.expected_return_at < \(bind: now)"
        case .outsiders: clause += " AND c.id IS NOT NULL AND c.borrower_staff_id IS NULL"
        case .today: clause += " AND c.issued_at >= \(bind: today)"
        case nil: break
        }
        return clause
    }

    /// One page of the cabinet and how many keys the view has in all.
    static func cabinet(propertyID: UUID, filter: CabinetFilter, actorID: UUID, time: LocalTime, now: Date, paging: Paging,
                        on db: any Database) async throws -> (rows: [CabinetRow], total: Int) {
        let clause = cabinetWhere(propertyID: propertyID, filter: filter, actorID: actorID, today: time.startOfDay(containing: now), now: now)
        // Every key has a unit in a building: without a search or a quick view the keys alone give the count.
        let countFrom: SQLQueryString = filter.search == nil && filter.view == nil ? " FROM room_keys k" : cabinetFrom
        return try await db.sql.page(CabinetRow.self, cabinetColumns + cabinetFrom + clause + " ORDER BY k.tag", paging: paging,
                                     count: "SELECT COUNT(*) AS n" + countFrom + clause)
    }

    /// Keys by id, as the cabinet shows them (for batch actions).
    static func cabinetRows(ids: [UUID], on db: any Database) async throws -> [CabinetRow] {
        guard !ids.isEmpty else { return [] }
        return try await db.sql.rows(CabinetRow.self, cabinetColumns + cabinetFrom + " WHERE k.id IN (\(binds: ids)) ORDER BY k.tag")
    }
}

extension KeyQueries.CabinetFilter {
    /// The filter a cabinet request asks for: `status`, `view`, `q`.
    init(_ req: Request) throws {
        status = try req.queryValue("status", KeysAPI.Query.status).flatMap(KeyStatus.init(rawValue:))
        view = try req.queryValue("view", KeysAPI.Query.view).flatMap(KeyQueries.QuickView.init(rawValue:))
        search = try req.queryValue("q", InputFields.search)
    }
}
