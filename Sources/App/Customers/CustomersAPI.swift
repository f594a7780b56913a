import Fluent
import Vapor

/// The customer files' JSON API (篇5). Same service functions as the pages.
/// Phones and ID numbers are masked in every answer but the audited reveal.
enum CustomersAPI {
    struct TieDTO: Content {
        let id: UUID; let unitID: UUID; let unitLabel: String; let relation: CustomerRelation; let since: String; let endedOn: String?
    }
    struct CustomerDTO: Content {
        let id: UUID; let propertyID: UUID; let name: String
        /// Masked: the whole numbers need the reveal endpoint (audited).
        let phone: String?; let idType: IDDocumentType?; let idNumber: String?
        let units: [TieDTO]
    }
    struct DocumentDTO: Content {
        let id: UUID; let kind: DocumentKind; let title: String; let referenceNo: String?; let dated: String; let amountFen: Int?
        let retainUntil: String?; let note: String?; let correctsID: UUID?; let registeredAt: Date
        /// Paths of the scans; each showing is audited and needs the right to see whole numbers.
        let scans: [String]
    }

    static func scanPaths(_ document: UUID, _ ids: [UUID]) -> [String] { ids.map { "/api/v1/customer-documents/\(document)/scans/\($0)" } }
    struct CustomerFileDTO: Content {
        let id: UUID; let propertyID: UUID; let name: String; let version: Int
        let phone: String?; let otherContact: String?; let mailingAddress: String?
        let idType: IDDocumentType?; let idNumber: String?; let idExpiry: String?
        let emergencyName: String?; let emergencyPhone: String?; let emergencyRelation: String?; let note: String?
        let units: [TieDTO]; let documents: [DocumentDTO]; let history: [AuditEventDTO]
    }
    struct PersonalDataDTO: Content {
        let phone: String?; let otherContact: String?; let mailingAddress: String?; let idNumber: String?; let emergencyPhone: String?
    }

    struct MappedColumn: Content { let field: String; let column: Int?; let heading: String? }
    struct ImportDTO: Content {
        let id: UUID; let propertyID: UUID; let fileName: String; let encoding: String; let status: ImportStatus
        let rowCount: Int; let rowsDone: Int; let imported: Int; let skipped: Int; let failed: Int
        let headings: [String]; let mapping: [MappedColumn]; let preview: [[String]]; let problems: [ImportProblem]
    }

    /// An import as its page and the API show it: the mapping beside the file's headings, the first rows, the refused ones.
    /// `masked`: the preview's phone, ID, contact and address columns as the
    /// rest of the app shows them, for those who may not see them whole.
    static func importView(_ record: CustomerImport, masked: Bool, previewRows: Int = 10) -> ImportDTO {
        let rows = CSV.rows(record.content)
        let headings = rows.first ?? []
        let mapping = CustomerImports.decode(record.mapping)
        var preview = Array(rows.dropFirst().prefix(previewRows))
        if masked {
            let masks: [(String, (String?) -> String?)] = [("phone", Mask.phone), ("emergencyPhone", Mask.phone), ("idNumber", Mask.idNumber),
                                                           ("otherContact", Mask.contact), ("mailingAddress", Mask.address)]
            for (field, mask) in masks {
                guard let column = mapping[field] else { continue }
                for index in preview.indices where column < preview[index].count && !preview[index][column].isEmpty {
                    preview[index][column] = mask(preview[index][column]) ?? ""
                }
            }
        }
        return ImportDTO(id: record.id!, propertyID: record.$property.id, fileName: record.fileName, encoding: record.encoding, status: record.status,
                         rowCount: record.rowCount, rowsDone: record.rowsDone, imported: record.imported, skipped: record.skipped, failed: record.failed,
                         headings: headings,
                         mapping: CustomerImportRules.fields.map { field in
                             let column = mapping[field.field]
                             return MappedColumn(field: field.field, column: column, heading: column.flatMap { $0 < headings.count ? headings[$0] : nil })
                         },
                         preview: preview, problems: CustomerImports.problems(record))
    }

    static func tie(_ t: CustomerQueries.TieRow) -> TieDTO {
        TieDTO(id: t.id, unitID: t.unitID, unitLabel: t.unitLabel, relation: t.relation, since: t.since, endedOn: t.endedOn)
    }

    static func tie(_ t: CustomerUnit, label: String) -> TieDTO {
        TieDTO(id: t.id!, unitID: t.$unit.id, unitLabel: label, relation: t.relation, since: t.since, endedOn: t.endedOn)
    }

    static func document(_ d: CustomerDocument, scans: [UUID]) -> DocumentDTO {
        DocumentDTO(id: d.id!, kind: d.kind, title: d.title, referenceNo: d.referenceNo, dated: d.dated, amountFen: d.amountFen,
                    retainUntil: d.retainUntil, note: d.note, correctsID: d.correctsID, registeredAt: d.registeredAt, scans: scanPaths(d.id!, scans))
    }

    static func document(_ d: CustomerQueries.DocumentRow, scans: [UUID]) -> DocumentDTO {
        DocumentDTO(id: d.id, kind: d.kind, title: d.title, referenceNo: d.referenceNo, dated: d.dated, amountFen: d.amountFen,
                    retainUntil: d.retainUntil, note: d.note, correctsID: d.correctsID, registeredAt: d.registeredAt, scans: scanPaths(d.id, scans))
    }

    /// The whole file, masked.
    static func file(_ customerID: UUID?, on req: Request) async throws -> CustomerFileDTO {
        let c = try await CustomerFiles.find(customerID, on: req.db)
        let actor = try req.actor
        _ = try await req.property(c.$property.id, for: actor, action: .viewCustomers)
        let withStates = Policy.allows(actor, .revealPersonalData, at: c.$property.id)
        let ties = try await CustomerQueries.ties(of: c.id!, on: req.db)
        let documents = try await CustomerQueries.documents(of: c.id!, on: req.db)
        let history = try await CustomerQueries.history(of: c.id!, ties: ties, documents: documents, on: req.db)
        let scans = try await Attachments.ids(of: CustomerDocument.auditType, documents.map(\.id), on: req.db)
        return CustomerFileDTO(id: c.id!, propertyID: c.$property.id, name: c.name, version: c.version,
                               phone: Mask.phone(c.phone), otherContact: Mask.contact(c.otherContact), mailingAddress: Mask.address(c.mailingAddress),
                               idType: c.idType, idNumber: Mask.idNumber(c.idNumber), idExpiry: c.idExpiry,
                               emergencyName: c.emergencyName, emergencyPhone: Mask.phone(c.emergencyPhone), emergencyRelation: c.emergencyRelation, note: c.note,
                               units: ties.map(tie), documents: documents.map { document($0, scans: scans[$0.id] ?? []) }, history: history.map { AuditEventDTO($0, withStates: withStates) })
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "customers") { req async throws -> Page<CustomerDTO> in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewCustomers)
            let paging = try Paging.from(req)
            let (items, total) = try await CustomerQueries.list(propertyID: property.id, query: try req.queryValue("q", Query.search), paging: paging, on: req.db)
            return Page(items: items.map { listed in
                let row = listed.row
                return CustomerDTO(id: row.id, propertyID: row.propertyID, name: row.name, phone: Mask.phone(row.phone), idType: row.idType,
                                   idNumber: Mask.idNumber(row.idNumber), units: listed.ties.map(tie))
            }, paging: paging, total: total)
        }
        api.post("properties", ":propertyID", "customers") { req async throws -> Response in
            let customer = try await CustomerFiles.register(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"),
                                                            try req.input(NewCustomerInput.self), on: req)
            return try KeysAPI.created(try await file(customer.id, on: req))
        }
        api.get("customers", ":customerID") { req async throws -> CustomerFileDTO in
            try await file(try Input.uuid(req.parameters.get("customerID"), field: "customerID"), on: req)
        }
        api.patch("customers", ":customerID") { req async throws -> CustomerFileDTO in
            let customer = try await CustomerFiles.edit(customerID: try Input.uuid(req.parameters.get("customerID"), field: "customerID"),
                                                        try req.input(CustomerDetailsInput.self), on: req)
            return try await file(customer.id, on: req)
        }
        api.post("customers", ":customerID", "units") { req async throws -> Response in
            let made = try await CustomerFiles.tie(customerID: try Input.uuid(req.parameters.get("customerID"), field: "customerID"),
                                                   try req.input(CustomerUnitInput.self), on: req)
            return try KeysAPI.created(tie(made, label: try await UnitLabel.of(unitID: made.$unit.id, on: req.db)))
        }
        api.post("customer-units", ":tieID", "end") { req async throws -> TieDTO in
            let ended = try await CustomerFiles.endTie(tieID: try Input.uuid(req.parameters.get("tieID"), field: "tieID"), try req.input(EndTieInput.self), on: req)
            return tie(ended, label: try await UnitLabel.of(unitID: ended.$unit.id, on: req.db))
        }
        // Scans come inside the JSON, so the body may be large.
        api.on(.POST, "customers", ":customerID", "documents", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            // Who may file is settled before megabytes of scans are decoded.
            let customer = try await CustomerFiles.find(try Input.uuid(req.parameters.get("customerID"), field: "customerID"), on: req.db)
            try Policy.authorize(try req.actor, .editCustomers, at: customer.$property.id)
            let input = try req.input(CustomerDocumentInput.self)
            let scans = try (input.scans ?? []).enumerated().map { try Upload.dataURL($1, field: "scans.\($0)", allowPDF: true, rule: "CA-2") }
            let made = try await CustomerFiles.registerDocument(customerID: try Input.uuid(req.parameters.get("customerID"), field: "customerID"), input, scans: scans, on: req)
            return try KeysAPI.created(document(made, scans: try await Attachments.ids(of: CustomerDocument.auditType, made.id!, on: req.db)))
        }
        api.get("customer-documents", ":documentID", "scans", ":attachmentID") { req async throws -> Response in
            try await CustomerFiles.scan(documentID: try Input.uuid(req.parameters.get("documentID"), field: "documentID"),
                                         attachmentID: try Input.uuid(req.parameters.get("attachmentID"), field: "attachmentID"), on: req)
        }
        api.on(.POST, "properties", ":propertyID", "customer-imports", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            let input = try req.input(NewImportInput.self)
            let bytes: [UInt8], encoding: CSV.Encoding?
            if let encoded = Input.text(input.contentBase64) {
                guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                    throw WuyeError.invalid("contentBase64", Text("不是有效的 Base64", "is not valid base64"), rule: "CA-3")
                }
                (bytes, encoding) = ([UInt8](data), nil)
            } else {
                (bytes, encoding) = (Array((input.content ?? "").utf8), .utf8)
            }
            let made = try await CustomerImports.upload(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), fileName: input.fileName,
                                                        bytes: bytes, encoding: encoding, on: req)
            return try KeysAPI.created(importView(made, masked: !Policy.allows(try req.actor, .revealPersonalData, at: made.$property.id)))
        }
        api.get("customer-imports", ":importID") { req async throws -> ImportDTO in
            let found = try await CustomerImports.find(try Input.uuid(req.parameters.get("importID"), field: "importID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewCustomers)
            return importView(found, masked: !Policy.allows(try req.actor, .revealPersonalData, at: found.$property.id))
        }
        api.post("customer-imports", ":importID", "mapping") { req async throws -> ImportDTO in
            let made = try await CustomerImports.remap(importID: try Input.uuid(req.parameters.get("importID"), field: "importID"), try req.input(ImportMappingInput.self), on: req)
            return importView(made, masked: !Policy.allows(try req.actor, .revealPersonalData, at: made.$property.id))
        }
        api.post("customer-imports", ":importID", "start") { req async throws -> ImportDTO in
            let made = try await CustomerImports.start(importID: try Input.uuid(req.parameters.get("importID"), field: "importID"), on: req)
            return importView(made, masked: !Policy.allows(try req.actor, .revealPersonalData, at: made.$property.id))
        }
        api.post("customers", ":customerID", "personal-data") { req async throws -> PersonalDataDTO in
            let c = try await CustomerFiles.reveal(customerID: try Input.uuid(req.parameters.get("customerID"), field: "customerID"), on: req)
            return PersonalDataDTO(phone: c.phone, otherContact: c.otherContact, mailingAddress: c.mailingAddress, idNumber: c.idNumber, emergencyPhone: c.emergencyPhone)
        }
    }

    enum Query {
        static let search = InputField.text(40, label: Text("搜索", "q"),
                                            description: "Name or part of it, pinyin or its initials (zl), the phone's or ID number's last digits, or a unit number; several words narrow (丽 5678)")
    }
}
