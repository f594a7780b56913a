import OpenAPIKit30

// The key cabinet's part of /openapi.json (篇4).
extension KeysAPI {
    /// Query parameters of the key lists, declared once for the check and the document.
    enum Query {
        static let status = InputField.choice(KeyStatus.allCases.map(\.rawValue), label: Text("状态", "status"),
                                              description: "Keys of this status; without it every key but the retired ones")
        static let view = InputField.choice(KeyQueries.QuickView.allCases.map(\.rawValue), label: Text("快捷筛选", "view"),
                                            description: "mine (issued to or by me, out), overdue, outsiders (out to an outside person), today (issued today)")
        static let from = InputField(.date, label: Text("开始日期", "from"), description: "First day, at the property (default: 6 days before `to`)")
        static let to = InputField(.date, label: Text("结束日期", "to"), description: "Last day, inclusive (default: today)")
    }

    static var section: APISection {
        let checkout = Schema.object([
            ("id", Schema.uuid), ("propertyID", Schema.uuid), ("keyID", Schema.uuid), ("keyTag", Schema.nullable(.string)),
            ("borrowerStaffID", Schema.nullable(Schema.uuid)), ("borrowerName", .string), ("borrowerCompany", Schema.nullable(.string)),
            ("borrowerPhone", Schema.nullable(.string)), ("borrowerIDNumber", Schema.nullable(.string)), ("purpose", .string),
            ("issuedByID", Schema.uuid), ("issuedAt", Schema.dateTime), ("expectedReturnAt", Schema.dateTime),
            ("returnedAt", Schema.nullable(Schema.dateTime)), ("receivedByID", Schema.nullable(Schema.uuid)),
            ("outcome", Schema.nullable(Schema.enumeration(CheckoutOutcome.allCases.map(\.rawValue)))), ("returnNote", Schema.nullable(.string)),
            ("confirmedAt", Schema.nullable(Schema.dateTime)), ("confirmation", Schema.nullable(Schema.enumeration(["session", "signature"]))),
            ("open", .boolean), ("overdue", .boolean),
        ])
        let schemas: [String: JSONSchema] = [
            "KeyStatus": Schema.enumeration(KeyStatus.allCases.map(\.rawValue)),
            "KeyKind": Schema.enumeration(KeyKind.allCases.map(\.rawValue)),
            "Holder": Schema.object([("checkoutID", Schema.uuid), ("name", .string), ("isOutsider", .boolean), ("since", Schema.dateTime),
                                     ("expectedReturnAt", Schema.dateTime), ("overdue", .boolean)]),
            "UnitRef": Schema.object([("id", Schema.uuid), ("label", .string)]),
            "Key": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("tag", .string), ("hook", .string), ("kind", Schema.ref("KeyKind")),
                                  ("status", Schema.ref("KeyStatus")), ("lockNo", .integer), ("unit", Schema.nullable(Schema.ref("UnitRef"))),
                                  ("holder", Schema.nullable(Schema.ref("Holder")))], optional: ["unit", "holder"]),
            "Checkout": checkout,
            "KeyPage": Schema.object([("items", Schema.array(Schema.ref("Key"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
            "CheckoutPage": Schema.object([("items", Schema.array(Schema.ref("Checkout"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
            "AuditEvent": Schema.object([("seq", .integer), ("occurredAt", Schema.dateTime), ("actorID", Schema.nullable(Schema.uuid)), ("actorName", .string),
                                         ("action", .string), ("recordType", .string), ("recordID", .string), ("before", Schema.nullable(.string)),
                                         ("after", Schema.nullable(.string)), ("hash", .string)]),
            "KeyDetail": Schema.object([("key", Schema.ref("Key")), ("checkouts", Schema.array(Schema.ref("Checkout"))), ("history", Schema.array(Schema.ref("AuditEvent")))]),
            "LockChange": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("unitID", Schema.uuid), ("lostKeyID", Schema.uuid),
                                         ("reportedByID", Schema.uuid), ("reportedAt", Schema.dateTime), ("note", .string), ("oldLockNo", .integer),
                                         ("completedAt", Schema.nullable(Schema.dateTime)), ("completedByID", Schema.nullable(Schema.uuid))]),
            "SpareRelease": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("keyID", Schema.uuid), ("requestedByID", Schema.uuid),
                                           ("reason", .string), ("requestedAt", Schema.dateTime), ("confirmedByID", Schema.nullable(Schema.uuid)),
                                           ("confirmedAt", Schema.nullable(Schema.dateTime)), ("usedByCheckoutID", Schema.nullable(Schema.uuid))]),
            "PersonalData": Schema.object([("borrowerPhone", Schema.nullable(.string)), ("borrowerIDNumber", Schema.nullable(.string))]),
        ]
        let paging: [(String, InputField)] = [("page", InputFields.page), ("per", InputFields.per)]
        let tag = "keys"
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/keys", "list keys", tag: tag, query: [("status", Query.status), ("view", Query.view), ("q", InputFields.search)] + paging,
                 returns: Schema.ref("KeyPage"), rules: "KY-1, KY-7"),
            .get("/api/v1/properties/{propertyID}/keys/overdue", "list overdue checkouts", tag: tag, returns: Schema.array(Schema.ref("Checkout")), rules: "KY-2"),
            .get("/api/v1/properties/{propertyID}/checkouts", "key checkout ledger", tag: tag, query: [("from", Query.from), ("to", Query.to)] + paging,
                 returns: Schema.ref("CheckoutPage"), rules: "KY-2, X-3"),
            .get("/api/v1/properties/{propertyID}/lock-changes", "list lock changes", tag: tag, returns: Schema.array(Schema.ref("LockChange")), rules: "KY-5"),
            .post("/api/v1/properties/{propertyID}/checkouts", "issue several keys", tag: tag, body: BatchIssueInput.self, status: 201,
                  returns: Schema.array(Schema.ref("Checkout")), rules: "KY-2, KY-6, KY-7"),
            .post("/api/v1/properties/{propertyID}/returns", "take several keys back", tag: tag, body: BatchReturnInput.self,
                  returns: Schema.array(Schema.ref("Checkout")), rules: "KY-2, KY-4"),
            .get("/api/v1/properties/{propertyID}/spare-releases", "list spare key releases", tag: tag, returns: Schema.array(Schema.ref("SpareRelease")), rules: "KY-6"),
            .post("/api/v1/units/{unitID}/keys", "register keys", tag: tag, body: NewKeysInput.self, status: 201,
                  returns: Schema.array(Schema.ref("Key")), rules: "KY-1, KY-5"),
            .get("/api/v1/keys/{keyID}", "key with history", tag: tag, returns: Schema.ref("KeyDetail"), rules: "KY-7, X-1"),
            .post("/api/v1/keys/{keyID}/checkouts", "issue key", tag: tag, body: IssueKeyInput.self, status: 201, returns: Schema.ref("Checkout"),
                  rules: "KY-2, KY-4, KY-5, KY-6, KY-7")
                .linking("ReturnKey", to: "return_key", parameter: "checkoutID")
                .linking("GetCheckout", to: "get_checkout", parameter: "checkoutID"),
            .post("/api/v1/keys/{keyID}/withdraw", "withdraw damaged key", tag: tag, body: ReasonInput.self, returns: Schema.ref("Key"), rules: "KY-4"),
            .post("/api/v1/keys/{keyID}/report-loss", "report key lost", tag: tag, body: ReasonInput.self, status: 201, returns: Schema.ref("LockChange"), rules: "KY-5")
                .linking("CompleteLockChange", to: "complete_lock_change", parameter: "lockChangeID"),
            .post("/api/v1/keys/{keyID}/lock-changes", "request lock change for a damaged key", tag: tag, body: ReasonInput.self, status: 201,
                  returns: Schema.ref("LockChange"), rules: "KY-4, KY-5")
                .linking("CompleteLockChange", to: "complete_lock_change", parameter: "lockChangeID"),
            .post("/api/v1/keys/{keyID}/spare-releases", "request spare key release", tag: tag, body: ReasonInput.self, status: 201,
                  returns: Schema.ref("SpareRelease"), rules: "KY-6")
                .linking("Confirm", to: "security_confirms_spare_key_release", parameter: "releaseID"),
            .post("/api/v1/spare-releases/{releaseID}/confirm", "security confirms spare key release", tag: tag, returns: Schema.ref("SpareRelease"), rules: "KY-6"),
            .get("/api/v1/checkouts/{checkoutID}", "get checkout", tag: tag, returns: Schema.ref("Checkout")),
            .post("/api/v1/checkouts/{checkoutID}/return", "return key", tag: tag, body: ReturnKeyInput.self, returns: Schema.ref("Checkout"), rules: "KY-2, KY-4, KY-7"),
            .post("/api/v1/checkouts/{checkoutID}/confirm", "borrower confirms", tag: tag, returns: Schema.ref("Checkout"), rules: "X-1"),
            .post("/api/v1/checkouts/{checkoutID}/chase", "chase an overdue key", tag: tag, returns: Schema.ref("Checkout"), rules: "KY-2"),
            .post("/api/v1/checkouts/{checkoutID}/personal-data", "show borrower personal data (audited)", tag: tag, returns: Schema.ref("PersonalData"), rules: "X-1"),
            .post("/api/v1/lock-changes/{lockChangeID}/complete", "complete lock change", tag: tag, body: NewKeysInput.self,
                  returns: Schema.array(Schema.ref("Key")), rules: "KY-5"),
        ])
    }
}
