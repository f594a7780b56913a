import Fluent
import SQLKit
import Vapor

/// Public spaces' read side: the register and the usage ledger.
enum SpaceQueries {
    struct SpaceRow: ReadRow {
        let id: UUID; let name: String; let kind: SpaceKind; let areaM2: Double; let feeRule: FeeRule; let feeFen: Int; let maxOccupancy: Int?
        let fireRoute: Bool; let note: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); name = try row.next("name"); kind = try row.next("kind"); areaM2 = try row.next("area_m2"); feeRule = try row.next("fee_rule")
            feeFen = try row.next("fee_fen"); maxOccupancy = try row.next("max_occupancy"); fireRoute = try row.next("fire_route"); note = try row.next("note")
        }
    }

    static func spaces(propertyID: UUID, on db: any Database) async throws -> [SpaceRow] {
        try await db.sql.rows(SpaceRow.self, """
            SELECT id, name, kind, area_m2, fee_rule, fee_fen, max_occupancy, fire_route, note FROM public_spaces
            WHERE property_id = \(bind: propertyID) AND active = \(bind: true) ORDER BY fire_route, name
            """)
    }

    /// One row of 《公用场地使用登记表》.
    struct UseRow: ReadRow {
        let id: UUID; let spaceName: String; let customerID: UUID?; let applicant: String; let purpose: String; let areaM2: Double
        let startsOn: String; let endsOn: String; let status: SpaceUseStatus; let recordedAt: Date; let recordedByName: String
        let fireSafe: Bool?; let tidy: Bool?; let checkNote: String?; let decidedByName: String?; let decisionNote: String?
        let feeFen: Int?; let paidAt: Date?; let receiptNo: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); spaceName = try row.next("space_name"); customerID = try row.next("customer_id"); applicant = try row.next("applicant")
            purpose = try row.next("purpose"); areaM2 = try row.next("area_m2"); startsOn = try row.next("starts_on"); endsOn = try row.next("ends_on")
            status = try row.next("status"); recordedAt = try row.next("recorded_at"); recordedByName = try row.next("recorded_by_name")
            fireSafe = try row.next("fire_safe"); tidy = try row.next("tidy"); checkNote = try row.next("check_note"); decidedByName = try row.next("decided_by_name")
            decisionNote = try row.next("decision_note"); feeFen = try row.next("fee_fen"); paidAt = try row.next("paid_at"); receiptNo = try row.next("receipt_no")
        }
    }

    static let useColumns: SQLQueryString = """
        SELECT u.id, s.name AS space_name, u.customer_id, u.applicant, u.purpose, u.area_m2, u.starts_on, u.ends_on, u.status, u.recorded_at,
               r.name AS recorded_by_name, u.fire_safe, u.tidy, u.check_note, d.name AS decided_by_name, u.decision_note, u.fee_fen, u.paid_at, u.receipt_no
        FROM space_uses u JOIN public_spaces s ON s.id = u.space_id JOIN staff r ON r.id = u.recorded_by_id LEFT JOIN staff d ON d.id = u.decided_by_id
        """

    /// The usage ledger: every use of the property's spaces whose days touch the range, by first day.
    static func ledger(propertyID: UUID, from: String, to: String, paging: Paging, oldestFirst: Bool, on db: any Database) async throws -> (rows: [UseRow], total: Int) {
        let filter: SQLQueryString = " WHERE u.property_id = \(bind: propertyID) AND u.starts_on <= \(bind: to) AND u.ends_on >= \(bind: from)"
        return try await db.sql.page(UseRow.self, useColumns + filter + " ORDER BY u.starts_on \(unsafeRaw: oldestFirst ? "ASC" : "DESC"), u.recorded_at, u.id",
                                     paging: paging, count: "SELECT COUNT(*) AS n FROM space_uses u" + filter)
    }

    static func use(_ id: UUID, on db: any Database) async throws -> UseRow? {
        try await db.sql.row(UseRow.self, useColumns + " WHERE u.id = \(bind: id)")
    }

    /// A customer's uses, for their file: unpaid approved fees are arrears (CA-2 [3.7]).
    static func uses(ofCustomer customerID: UUID, on db: any Database) async throws -> [UseRow] {
        try await db.sql.rows(UseRow.self, useColumns + " WHERE u.customer_id = \(bind: customerID) ORDER BY u.starts_on DESC LIMIT 50")
    }
}
