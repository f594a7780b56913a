import Fluent
import SQLKit
import Vapor

/// Loans as the ledger, the key's history, the overdue list, a loan's page
/// and the API show them: one statement a view, rows straight into
/// `CheckoutRow` (see `ReadQuery`).
extension KeyQueries {
    /// A checkout with its key's tag and unit and the names of who issued and received it.
    struct CheckoutRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let keyID: UUID
        let tag: String
        let kind: KeyKind
        let unitNumber: String
        let buildingName: String
        let borrowerStaffID: UUID?
        let borrowerName: String
        /// Whole: lists mask them (`Mask`); only the issuer and `revealPersonalData` see them whole.
        let borrowerPhone: String?
        let borrowerIDNumber: String?
        let borrowerCompany: String?
        let purpose: String
        let issuedByID: UUID
        let issuedByName: String
        let issuedAt: Date
        let expectedReturnAt: Date
        let returnedAt: Date?
        let receivedByID: UUID?
        let receivedByName: String?
        let outcome: CheckoutOutcome?
        let returnNote: String?
        let confirmedAt: Date?
        let confirmation: BorrowerConfirmation?
        let openKeyID: UUID?
        /// The drawn signature; read only for views that show it (it can be 200 KB).
        let signature: String?

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); keyID = try row.next("key_id"); tag = try row.next("tag")
            kind = try row.next("kind"); unitNumber = try row.next("unit_number"); buildingName = try row.next("building_name")
            borrowerStaffID = try row.next("borrower_staff_id"); borrowerName = try row.next("borrower_name"); borrowerPhone = try row.next("borrower_phone")
            borrowerIDNumber = try row.next("borrower_id_number"); borrowerCompany = try row.next("borrower_company"); purpose = try row.next("purpose")
            issuedByID = try row.next("issued_by_id"); issuedByName = try row.next("issued_by_name"); issuedAt = try row.next("issued_at")
            expectedReturnAt = try row.next("expected_return_at"); returnedAt = try row.next("returned_at")
            receivedByID = try row.next("received_by_id"); receivedByName = try row.next("received_by_name"); outcome = try row.next("outcome")
            returnNote = try row.next("return_note"); confirmedAt = try row.next("confirmed_at"); confirmation = try row.next("confirmation")
            openKeyID = try row.next("open_key_id"); signature = try row.next("signature")
        }

        var isOpen: Bool { openKeyID != nil }
        var isOutsider: Bool { borrowerStaffID == nil }
        var unitLabel: String { buildingName + " " + unitNumber }
        func isOverdue(at now: Date) -> Bool { KeyRules.isOverdue(expectedReturn: expectedReturnAt, isOpen: isOpen, now: now) }
    }

    private static func checkoutSelect(signatures: Bool) -> SQLQueryString {
        """
        SELECT c.id, c.property_id, c.key_id, k.tag, k.kind, u.number AS unit_number, b.name AS building_name,
               c.borrower_staff_id, c.borrower_name, c.borrower_phone, c.borrower_id_number, c.borrower_company, c.purpose,
               c.issued_by_id, i.name AS issued_by_name, c.issued_at, c.expected_return_at, c.returned_at,
               c.received_by_id, r.name AS received_by_name, c.outcome, c.return_note, c.confirmed_at, c.confirmation, c.open_key_id,
               \(unsafeRaw: signatures ? "c.signature" : "NULL AS signature")
        FROM key_checkouts c JOIN room_keys k ON k.id = c.key_id JOIN units u ON u.id = k.unit_id JOIN buildings b ON b.id = u.building_id
        JOIN staff i ON i.id = c.issued_by_id LEFT JOIN staff r ON r.id = c.received_by_id
        """
    }

    /// The ledger 《钥匙领用登记表》 for checkouts issued in [from, to): oldest
    /// first as the paper form runs, or newest first on screen.
    static func ledger(propertyID: UUID, from: Date, to: Date, paging: Paging, newestFirst: Bool = false, signatures: Bool = false,
                       on db: any Database) async throws -> (rows: [CheckoutRow], total: Int) {
        let order = newestFirst ? "DESC" : "ASC"
        let clause: SQLQueryString = " WHERE c.property_id = \(bind: propertyID) AND c.issued_at >= \(bind: from) AND c.issued_at < \(bind: to)"
        return try await db.sql.page(CheckoutRow.self, checkoutSelect(signatures: signatures) + clause + " ORDER BY c.issued_at \(unsafeRaw: order), c.id",
                                     paging: paging, count: "SELECT COUNT(*) AS n FROM key_checkouts c" + clause)
    }

    /// Every loan of one key, newest first.
    static func keyHistory(keyID: UUID, on db: any Database) async throws -> [CheckoutRow] {
        try await db.sql.rows(CheckoutRow.self, checkoutSelect(signatures: false) + " WHERE c.key_id = \(bind: keyID) ORDER BY c.issued_at DESC, c.id")
    }

    /// Loans past their return time and not back, the longest overdue first.
    static func overdue(propertyID: UUID, now: Date, on db: any Database) async throws -> [CheckoutRow] {
        try await db.sql.rows(CheckoutRow.self, checkoutSelect(signatures: false)
            + " WHERE c.property_id = \(bind: propertyID) AND c.open_key_id IS NOT NULL AND c.expected_return_at < \(bind: now) ORDER BY c.expected_return_at, c.id")
    }

    /// The loans among `ids` that are open at the property (for taking several back at once).
    static func openCheckouts(ids: [UUID], propertyID: UUID, on db: any Database) async throws -> [CheckoutRow] {
        guard !ids.isEmpty else { return [] }
        return try await db.sql.rows(CheckoutRow.self, checkoutSelect(signatures: false)
            + " WHERE c.id IN (\(binds: ids)) AND c.property_id = \(bind: propertyID) AND c.open_key_id IS NOT NULL ORDER BY k.tag")
    }

    /// One loan, signature and all, for its page and the API.
    static func checkout(_ id: UUID?, signature: Bool, on db: any Database) async throws -> CheckoutRow {
        guard let id, let row = try await db.sql.row(CheckoutRow.self, checkoutSelect(signatures: signature) + " WHERE c.id = \(bind: id)") else {
            throw WuyeError.notFound(KeyCabinet.checkoutNoun, field: "checkoutID")
        }
        return row
    }

    /// The ledger as CSV (X-3): UTF-8 with BOM so spreadsheet programs read Chinese.
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
                    time.dateTime(row.issuedAt), row.tag, row.unitLabel, row.kind.title.in(language), row.borrowerName,
                    row.borrowerCompany, Mask.phone(row.borrowerPhone), Mask.idNumber(row.borrowerIDNumber), row.purpose,
                    time.dateTime(row.expectedReturnAt), row.returnedAt.map(time.dateTime), row.outcome?.title.in(language),
                    row.issuedByName, row.receivedByName, row.confirmedAt.map(time.dateTime), row.returnNote,
                ]
                csv += CSV.row(line)
            }
            if rows.count < 2000 { break }
            page += 1
        }
        return csv
    }
}
