import Fluent
import SQLKit
import Vapor

/// 客户资料导出 — the property's customer files as a spreadsheet (CA-3 使用).
/// Phones and ID numbers come whole only for those allowed to export
/// personal data, and such an export is an audit event; everyone else who
/// may read the files gets them masked. Written while it is sent, so a
/// property of a million customers exports in flat memory.
enum CustomerExport {
    static let chunk = 2_000

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "customers.csv") { req -> Response in
            let actor = try req.actor
            let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewCustomers)
            let whole = Policy.allows(actor, .exportPersonalData, at: property.id)
            if whole {
                let now = req.now
                try await req.write { db in
                    try await AuditLog.note("personal_data.exported", recordType: Property.auditType, recordID: property.id,
                                            by: .person(actor), property: property.id, at: now, on: db)
                }
            }
            let db = req.application.db, language = req.language
            let stamp = property.localTime.day(req.now)
            return CSV.streamedDownload(filename: "customers-\(property.code)-\(stamp).csv") { write in
                try await rows(propertyID: property.id, whole: whole, language: language, on: db, write)
            }
        }
    }

    /// A unit a customer is at, its building and number apart (building names may hold spaces).
    struct UnitRow: ReadRow {
        let customerID: UUID; let building: String; let number: String; let relation: CustomerRelation; let since: String
        init(_ row: RowReader) throws {
            customerID = try row.next("customer_id"); building = try row.next("building"); number = try row.next("number")
            relation = try row.next("relation"); since = try row.next("since")
        }
    }

    static func units(of customers: [UUID], on db: any Database) async throws -> [UnitRow] {
        try await db.sql.rows(UnitRow.self, """
            SELECT cu.customer_id, b.name AS building, u.number, cu.relation, cu.since
            FROM customer_units cu JOIN units u ON u.id = cu.unit_id JOIN buildings b ON b.id = u.building_id
            WHERE cu.customer_id IN (\(binds: customers)) AND cu.ended_on IS NULL ORDER BY cu.since, cu.id
            """)
    }

    struct Row: ReadRow {
        let id: UUID; let name: String; let phone: String?; let otherContact: String?; let mailingAddress: String?
        let idType: IDDocumentType?; let idNumber: String?; let idExpiry: String?
        let emergencyName: String?; let emergencyPhone: String?; let emergencyRelation: String?; let note: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); name = try row.next("name"); phone = try row.next("phone"); otherContact = try row.next("other_contact")
            mailingAddress = try row.next("mailing_address"); idType = try row.next("id_type"); idNumber = try row.next("id_number"); idExpiry = try row.next("id_expiry")
            emergencyName = try row.next("emergency_name"); emergencyPhone = try row.next("emergency_phone"); emergencyRelation = try row.next("emergency_relation")
            note = try row.next("note")
        }
    }

    /// The heading row uses the import's headings, so an export can be edited and imported again.
    static func rows(propertyID: UUID, whole: Bool, language: Language, on db: any Database, _ write: @Sendable (String) async throws -> Void) async throws {
        func t(_ zh: String, _ en: String) -> String { language == .en ? en : zh }
        try await write(CSV.row([t("姓名", "name"), t("楼栋", "building"), t("房号", "unit"), t("身份", "relation"), t("入住日期", "since"),
                                 t("联系电话", "phone"), t("其他联系方式", "otherContact"), t("通讯地址", "mailingAddress"), t("证件类型", "idType"),
                                 t("证件号码", "idNumber"), t("证件有效期", "idExpiry"), t("紧急联系人", "emergencyName"), t("紧急联系电话", "emergencyPhone"),
                                 t("与客户关系", "emergencyRelation"), t("备注", "note")]))
        var after: UUID?
        while true {
            var query: SQLQueryString = """
                SELECT id, name, phone, other_contact, mailing_address, id_type, id_number, id_expiry, emergency_name, emergency_phone, emergency_relation, note
                FROM customers WHERE property_id = \(bind: propertyID)
                """
            if let after { query += " AND id > \(bind: after)" }
            let page = try await db.sql.rows(Row.self, query + " ORDER BY id LIMIT \(literal: chunk)")
            guard let last = page.last else { return }
            let ties = Dictionary(grouping: try await units(of: page.map(\.id), on: db), by: \.customerID)
            var text = ""
            for row in page {
                let shown = whole ? (row.phone, row.otherContact, row.mailingAddress, row.idNumber, row.emergencyPhone)
                    : (Mask.phone(row.phone), Mask.contact(row.otherContact), Mask.address(row.mailingAddress), Mask.idNumber(row.idNumber), Mask.phone(row.emergencyPhone))
                let details: [String?] = [shown.0, shown.1, shown.2, row.idType.map { t($0.title.zh, $0.title.en) }, shown.3, row.idExpiry,
                                          row.emergencyName, shown.4, row.emergencyRelation, row.note]
                // One line per unit they are at (the import reads them back the same way); one without a unit when none.
                for tie in ties[row.id].map({ $0.map(Optional.some) }) ?? [nil] {
                    text += CSV.row([row.name, tie?.building, tie?.number, tie.map { t($0.relation.title.zh, $0.relation.title.en) }, tie?.since] + details)
                }
            }
            try await write(text)
            after = last.id
        }
    }
}
