import Fluent
import SQLKit
import Vapor

/// The customer files' read side: the search list and one customer's file.
enum CustomerQueries {
    /// The most a search lists: enough to choose from, few enough to stay fast at any size.
    static let searchCap = 200

    struct ListRow: ReadRow {
        let id: UUID; let propertyID: UUID; let name: String; let phone: String?; let idType: IDDocumentType?; let idNumber: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); name = try row.next("name"); phone = try row.next("phone")
            idType = try row.next("id_type"); idNumber = try row.next("id_number")
        }
    }

    /// A customer at a unit, now or before.
    struct TieRow: ReadRow {
        let id: UUID; let customerID: UUID; let unitID: UUID; let unitLabel: String; let relation: CustomerRelation; let since: String; let endedOn: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); customerID = try row.next("customer_id"); unitID = try row.next("unit_id"); unitLabel = try row.next("unit_label")
            relation = try row.next("relation"); since = try row.next("since"); endedOn = try row.next("ended_on")
        }
    }

    struct Listed { let row: ListRow; let ties: [TieRow] }

    static let listColumns: SQLQueryString = "SELECT id, property_id, name, phone, id_type, id_number FROM customers"

    /// What the customer owes for public spaces (CA-2 [3.7] 欠费): penalties
    /// not paid and fees of approved uses not paid, in fen (PostgreSQL sums
    /// to NUMERIC: cast back to an integer).
    static func arrearsFen(of customerID: UUID, on db: any Database) async throws -> Int {
        try await db.sql.count("""
            SELECT CAST((SELECT COALESCE(SUM(penalty_fen), 0) FROM space_violations WHERE customer_id = \(bind: customerID) AND penalty_fen > 0 AND penalty_paid_at IS NULL)
                 + (SELECT COALESCE(SUM(fee_fen), 0) FROM space_uses WHERE customer_id = \(bind: customerID) AND status = \(bind: SpaceUseStatus.approved.rawValue) AND paid_at IS NULL) AS BIGINT) AS n
            """)
    }

    /// One page of the property's customers: those a search finds (at most
    /// `searchCap`, found through the search index), or everyone in pinyin order.
    static func list(propertyID: UUID, query: String?, paging: Paging, on db: any Database) async throws -> (items: [Listed], total: Int) {
        let columns = listColumns
        let rows: [ListRow], total: Int
        if let query {
            let ids = try await CustomerFiles.searchIndex.find(query, propertyID: propertyID, limit: searchCap, on: db)
            let shown = Array(ids.dropFirst(paging.offset).prefix(paging.per))
            let found = shown.isEmpty ? [] : try await db.sql.rows(ListRow.self, columns + " WHERE id IN (\(binds: shown))")
            let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0) })
            rows = shown.compactMap { byID[$0] }
            total = ids.count
        } else {
            (rows, total) = try await db.sql.page(ListRow.self, columns + " WHERE property_id = \(bind: propertyID) ORDER BY name_initials, name, id",
                                                  paging: paging, count: "SELECT COUNT(*) AS n FROM customers WHERE property_id = \(bind: propertyID)")
        }
        let ties = try await openTies(of: rows.map(\.id), on: db)
        return (rows.map { row in Listed(row: row, ties: ties.filter { $0.customerID == row.id }) }, total)
    }

    static let tieColumns: SQLQueryString = """
        SELECT cu.id, cu.customer_id, cu.unit_id, b.name || ' ' || u.number AS unit_label, cu.relation, cu.since, cu.ended_on
        FROM customer_units cu JOIN units u ON u.id = cu.unit_id JOIN buildings b ON b.id = u.building_id
        """

    static func openTies(of customerIDs: [UUID], on db: any Database) async throws -> [TieRow] {
        guard !customerIDs.isEmpty else { return [] }
        return try await db.sql.rows(TieRow.self, tieColumns + " WHERE cu.customer_id IN (\(binds: customerIDs)) AND cu.ended_on IS NULL ORDER BY cu.since, cu.id")
    }

    /// Every tie of one customer, the household's history (CA-2 [3.5.4]).
    static func ties(of customerID: UUID, on db: any Database) async throws -> [TieRow] {
        try await db.sql.rows(TieRow.self, tieColumns + " WHERE cu.customer_id = \(bind: customerID) ORDER BY cu.ended_on IS NOT NULL, cu.since DESC, cu.id")
    }

    struct Resident: ReadRow {
        let customerID: UUID; let customerName: String; let relation: CustomerRelation
        init(_ row: RowReader) throws { customerID = try row.next("customer_id"); customerName = try row.next("name"); relation = try row.next("relation") }
    }

    /// The people at a unit now, owners first: whose room and spare keys these are (KY-6).
    static func residents(ofUnit unitID: UUID, on db: any Database) async throws -> [Resident] {
        try await db.sql.rows(Resident.self, """
            SELECT cu.customer_id, c.name, cu.relation FROM customer_units cu JOIN customers c ON c.id = cu.customer_id
            WHERE cu.unit_id = \(bind: unitID) AND cu.ended_on IS NULL
            ORDER BY CASE cu.relation WHEN 'owner' THEN 0 WHEN 'tenant' THEN 1 ELSE 2 END, cu.since, c.name
            """)
    }

    struct DocumentRow: ReadRow {
        let id: UUID; let kind: DocumentKind; let title: String; let referenceNo: String?; let dated: String; let amountFen: Int?
        let retainUntil: String?; let note: String?; let correctsID: UUID?; let registeredByName: String; let registeredAt: Date
        init(_ row: RowReader) throws {
            id = try row.next("id"); kind = try row.next("kind"); title = try row.next("title"); referenceNo = try row.next("reference_no")
            dated = try row.next("dated"); amountFen = try row.next("amount_fen"); retainUntil = try row.next("retain_until"); note = try row.next("note")
            correctsID = try row.next("corrects_id"); registeredByName = try row.next("registered_by_name"); registeredAt = try row.next("registered_at")
        }
    }

    static func documents(of customerID: UUID, on db: any Database) async throws -> [DocumentRow] {
        try await db.sql.rows(DocumentRow.self, """
            SELECT d.id, d.kind, d.title, d.reference_no, d.dated, d.amount_fen, d.retain_until, d.note, d.corrects_id,
                   s.name AS registered_by_name, d.registered_at
            FROM customer_documents d JOIN staff s ON s.id = d.registered_by_id
            WHERE d.customer_id = \(bind: customerID) ORDER BY d.dated DESC, d.registered_at DESC
            """)
    }

    /// Keys of the units the customer is at now, and who had them (KY-6: the customer's spare keys).
    struct UnitKeyLoan: ReadRow {
        let checkoutID: UUID; let keyID: UUID; let tag: String; let kind: KeyKind; let borrowerName: String; let purpose: String
        let issuedAt: Date; let returnedAt: Date?
        init(_ row: RowReader) throws {
            checkoutID = try row.next("id"); keyID = try row.next("key_id"); tag = try row.next("tag"); kind = try row.next("kind")
            borrowerName = try row.next("borrower_name"); purpose = try row.next("purpose"); issuedAt = try row.next("issued_at"); returnedAt = try row.next("returned_at")
        }
    }

    static func keyLoans(ofUnits unitIDs: [UUID], limit: Int, on db: any Database) async throws -> [UnitKeyLoan] {
        guard !unitIDs.isEmpty else { return [] }
        return try await db.sql.rows(UnitKeyLoan.self, """
            SELECT c.id, c.key_id, k.tag, k.kind, c.borrower_name, c.purpose, c.issued_at, c.returned_at
            FROM key_checkouts c JOIN room_keys k ON k.id = c.key_id
            WHERE k.unit_id IN (\(binds: unitIDs)) ORDER BY c.issued_at DESC LIMIT \(literal: limit)
            """)
    }

    /// The file's history: the customer's events, their units' and their documents'.
    static func history(of customerID: UUID, ties: [TieRow], documents: [DocumentRow], on db: any Database) async throws -> [AuditEvent] {
        try await AuditLog.history(of: [(Customer.auditType, customerID)] + ties.map { (CustomerUnit.auditType, $0.id) }
                                       + documents.map { (CustomerDocument.auditType, $0.id) }, on: db)
    }
}
