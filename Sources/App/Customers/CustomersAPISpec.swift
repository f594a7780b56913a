import OpenAPIKit30

// The customer files' part of /openapi.json (篇5).
extension CustomersAPI {
    static var section: APISection {
        let tie = Schema.object([("id", Schema.uuid), ("unitID", Schema.uuid), ("unitLabel", .string),
                                 ("relation", Schema.enumeration(CustomerRelation.allCases.map(\.rawValue))), ("since", .string), ("endedOn", Schema.nullable(.string))])
        let idType = Schema.nullable(Schema.enumeration(IDDocumentType.allCases.map(\.rawValue)))
        let schemas: [String: JSONSchema] = [
            "CustomerUnit": tie,
            "Customer": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("name", .string), ("phone", Schema.nullable(.string)),
                                       ("idType", idType), ("idNumber", Schema.nullable(.string)), ("units", Schema.array(Schema.ref("CustomerUnit")))]),
            "CustomerPage": Schema.object([("items", Schema.array(Schema.ref("Customer"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
            "CustomerDocumentEntry": Schema.object([("id", Schema.uuid), ("kind", Schema.enumeration(DocumentKind.allCases.map(\.rawValue))), ("title", .string),
                                                    ("referenceNo", Schema.nullable(.string)), ("dated", .string), ("amountFen", Schema.nullable(.integer)),
                                                    ("retainUntil", Schema.nullable(.string)), ("note", Schema.nullable(.string)),
                                                    ("correctsID", Schema.nullable(Schema.uuid)), ("registeredAt", Schema.dateTime),
                                                    ("scans", Schema.array(.string))]),
            "CustomerFile": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("name", .string), ("version", .integer),
                                           ("phone", Schema.nullable(.string)), ("otherContact", Schema.nullable(.string)), ("mailingAddress", Schema.nullable(.string)),
                                           ("idType", idType), ("idNumber", Schema.nullable(.string)), ("idExpiry", Schema.nullable(.string)),
                                           ("emergencyName", Schema.nullable(.string)), ("emergencyPhone", Schema.nullable(.string)),
                                           ("emergencyRelation", Schema.nullable(.string)), ("note", Schema.nullable(.string)),
                                           ("units", Schema.array(Schema.ref("CustomerUnit"))), ("documents", Schema.array(Schema.ref("CustomerDocumentEntry"))),
                                           ("history", Schema.array(Schema.ref("AuditEvent")))]),
            "CustomerPersonalData": Schema.object([("phone", Schema.nullable(.string)), ("otherContact", Schema.nullable(.string)),
                                                   ("mailingAddress", Schema.nullable(.string)), ("idNumber", Schema.nullable(.string)),
                                                   ("emergencyPhone", Schema.nullable(.string))]),
            "ImportProblem": Schema.object([("row", .integer), ("column", .string), ("reason", .string)]),
            "CustomerImport": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("fileName", .string), ("encoding", .string),
                                             ("status", Schema.enumeration(ImportStatus.allCases.map(\.rawValue))), ("rowCount", .integer), ("rowsDone", .integer),
                                             ("imported", .integer), ("skipped", .integer), ("failed", .integer), ("headings", Schema.array(.string)),
                                             ("mapping", Schema.array(Schema.object([("field", .string), ("column", Schema.nullable(.integer)), ("heading", Schema.nullable(.string))],
                                                                                    optional: ["column", "heading"]))),
                                             ("preview", Schema.array(Schema.array(.string))), ("problems", Schema.array(Schema.ref("ImportProblem")))]),
        ]
        let tag = "customers"
        let paging: [(String, InputField)] = [("page", InputFields.page), ("per", InputFields.per)]
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/customers", "find customers", tag: tag, query: [("q", Query.search)] + paging,
                 returns: Schema.ref("CustomerPage"), rules: "CA-3"),
            .post("/api/v1/properties/{propertyID}/customers", "register customer", tag: tag, body: NewCustomerInput.self, status: 201,
                  returns: Schema.ref("CustomerFile"), rules: "CA-1, CA-2")
                .linking("File", to: "customer_file", parameter: "customerID")
                .linking("Documents", to: "register_customer_document", parameter: "customerID"),
            .get("/api/v1/customers/{customerID}", "customer file", tag: tag, returns: Schema.ref("CustomerFile"), rules: "CA-2, CA-3"),
            APIOperation(method: .patch, path: "/api/v1/customers/{customerID}", summary: "edit customer", tag: tag, body: CustomerDetailsInput.self,
                         returns: Schema.ref("CustomerFile"), rules: "CA-2, X-1"),
            .post("/api/v1/customers/{customerID}/units", "customer moves in", tag: tag, body: CustomerUnitInput.self, status: 201,
                  returns: Schema.ref("CustomerUnit"), rules: "CA-1")
                .linking("End", to: "customer_moves_out", parameter: "tieID"),
            .post("/api/v1/customer-units/{tieID}/end", "customer moves out", tag: tag, body: EndTieInput.self, returns: Schema.ref("CustomerUnit"), rules: "CA-2"),
            .post("/api/v1/customers/{customerID}/documents", "register customer document", tag: tag, body: CustomerDocumentInput.self, status: 201,
                  returns: Schema.ref("CustomerDocumentEntry"), rules: "CA-2, CA-3"),
            .get("/api/v1/customer-documents/{documentID}/scans/{attachmentID}", "customer document scan", tag: tag, returns: nil, rules: "CA-2, X-1")
                .returningFile(["image/jpeg", "image/png", "image/webp", "application/pdf"]),
            .post("/api/v1/properties/{propertyID}/customer-imports", "upload customer spreadsheet", tag: tag, body: NewImportInput.self, status: 201,
                  returns: Schema.ref("CustomerImport"), rules: "CA-3")
                .linking("Start", to: "start_customer_import", parameter: "importID"),
            .get("/api/v1/customer-imports/{importID}", "customer import progress", tag: tag, returns: Schema.ref("CustomerImport"), rules: "CA-3"),
            .post("/api/v1/customer-imports/{importID}/mapping", "map customer import columns", tag: tag, body: ImportMappingInput.self,
                  returns: Schema.ref("CustomerImport"), rules: "CA-3"),
            .post("/api/v1/customer-imports/{importID}/start", "start customer import", tag: tag, returns: Schema.ref("CustomerImport"), rules: "CA-3"),
            .post("/api/v1/customers/{customerID}/personal-data", "show customer personal data (audited)", tag: tag,
                  returns: Schema.ref("CustomerPersonalData"), rules: "X-1"),
        ])
    }
}
