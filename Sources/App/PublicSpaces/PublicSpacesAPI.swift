import Fluent
import OpenAPIKit30
import Vapor

/// Public spaces in the JSON API (篇2). Same service functions as the pages.
enum PublicSpacesAPI {
    struct SpaceDTO: Content {
        let id: UUID; let name: String; let kind: SpaceKind; let areaM2: Double; let feeRule: FeeRule; let feeFen: Int; let maxOccupancy: Int?
        let fireRoute: Bool; let note: String?
    }
    struct UseDTO: Content {
        let id: UUID; let spaceName: String; let customerID: UUID?; let applicant: String; let purpose: String; let areaM2: Double
        let startsOn: String; let endsOn: String; let status: SpaceUseStatus; let fireSafe: Bool?; let tidy: Bool?; let feeFen: Int?
        let paidAt: Date?; let receiptNo: String?
    }

    static func space(_ s: SpaceQueries.SpaceRow) -> SpaceDTO {
        SpaceDTO(id: s.id, name: s.name, kind: s.kind, areaM2: s.areaM2, feeRule: s.feeRule, feeFen: s.feeFen, maxOccupancy: s.maxOccupancy, fireRoute: s.fireRoute, note: s.note)
    }

    static func use(_ u: SpaceQueries.UseRow) -> UseDTO {
        UseDTO(id: u.id, spaceName: u.spaceName, customerID: u.customerID, applicant: u.applicant, purpose: u.purpose, areaM2: u.areaM2, startsOn: u.startsOn,
               endsOn: u.endsOn, status: u.status, fireSafe: u.fireSafe, tidy: u.tidy, feeFen: u.feeFen, paidAt: u.paidAt, receiptNo: u.receiptNo)
    }

    static func use(_ id: UUID?, on req: Request) async throws -> UseDTO {
        guard let id, let row = try await SpaceQueries.use(id, on: req.db) else { throw WuyeError.notFound(PublicSpaces.useNoun, field: "useID") }
        return use(row)
    }

    enum Query {
        static let from = InputField(.date, label: Text("开始日期", "from"), description: "First day (default: 30 days before today)")
        static let to = InputField(.date, label: Text("结束日期", "to"), description: "Last day, inclusive (default: 60 days after today)")
    }

    /// The ledger's days: uses touching [from, to].
    static func range(_ req: Request, time: LocalTime) throws -> (from: String, to: String) {
        let from = try req.queryValue("from", Query.from) ?? time.day(req.now.addingTimeInterval(-30 * 86_400))
        let to = try req.queryValue("to", Query.to) ?? time.day(req.now.addingTimeInterval(60 * 86_400))
        guard from <= to else { throw WuyeError(.badRequest, Text("开始日期不能晚于结束日期", "from must not be after to"), field: "from", rule: "PS-2") }
        return (from, to)
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "public-spaces") { req async throws -> [SpaceDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewPublicSpaces)
            return try await SpaceQueries.spaces(propertyID: property.id, on: req.db).map(space)
        }
        api.post("properties", ":propertyID", "public-spaces") { req async throws -> Response in
            let made = try await PublicSpaces.register(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(NewSpaceInput.self), on: req)
            return try KeysAPI.created(SpaceDTO(id: made.id!, name: made.name, kind: made.kind, areaM2: made.areaM2, feeRule: made.feeRule, feeFen: made.feeFen,
                                                maxOccupancy: made.maxOccupancy, fireRoute: made.fireRoute, note: made.note))
        }
        api.get("properties", ":propertyID", "space-uses") { req async throws -> Page<UseDTO> in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewPublicSpaces)
            let (from, to) = try range(req, time: property.localTime)
            let paging = try Paging.from(req)
            let (rows, total) = try await SpaceQueries.ledger(propertyID: property.id, from: from, to: to, paging: paging, oldestFirst: true, on: req.db)
            return Page(items: rows.map(use), paging: paging, total: total)
        }
        api.post("properties", ":propertyID", "space-uses") { req async throws -> Response in
            let made = try await PublicSpaces.apply(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(SpaceApplicationInput.self), on: req)
            return try KeysAPI.created(try await use(made.id, on: req))
        }
        api.get("space-uses", ":useID") { req async throws -> UseDTO in
            let found = try await PublicSpaces.findUse(try Input.uuid(req.parameters.get("useID"), field: "useID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewPublicSpaces)
            return try await use(found.id, on: req)
        }
        api.post("space-uses", ":useID", "check") { req async throws -> UseDTO in
            let done = try await PublicSpaces.check(useID: try Input.uuid(req.parameters.get("useID"), field: "useID"), try req.input(SpaceCheckInput.self), on: req)
            return try await use(done.id, on: req)
        }
        api.post("space-uses", ":useID", "decision") { req async throws -> UseDTO in
            let done = try await PublicSpaces.decide(useID: try Input.uuid(req.parameters.get("useID"), field: "useID"), try req.input(SpaceDecisionInput.self), on: req)
            return try await use(done.id, on: req)
        }
        api.post("space-uses", ":useID", "payment") { req async throws -> UseDTO in
            let done = try await PublicSpaces.pay(useID: try Input.uuid(req.parameters.get("useID"), field: "useID"), try req.input(SpacePaymentInput.self), on: req)
            return try await use(done.id, on: req)
        }
    }

    static var section: APISection {
        let schemas: [String: JSONSchema] = [
            "PublicSpace": Schema.object([("id", Schema.uuid), ("name", .string), ("kind", Schema.enumeration(SpaceKind.allCases.map(\.rawValue))), ("areaM2", .number),
                                          ("feeRule", Schema.enumeration(FeeRule.allCases.map(\.rawValue))), ("feeFen", .integer), ("maxOccupancy", Schema.nullable(.integer)),
                                          ("fireRoute", .boolean), ("note", Schema.nullable(.string))]),
            "SpaceUse": Schema.object([("id", Schema.uuid), ("spaceName", .string), ("customerID", Schema.nullable(Schema.uuid)), ("applicant", .string),
                                       ("purpose", .string), ("areaM2", .number), ("startsOn", .string), ("endsOn", .string),
                                       ("status", Schema.enumeration(SpaceUseStatus.allCases.map(\.rawValue))), ("fireSafe", Schema.nullable(.boolean)),
                                       ("tidy", Schema.nullable(.boolean)), ("feeFen", Schema.nullable(.integer)), ("paidAt", Schema.nullable(Schema.dateTime)),
                                       ("receiptNo", Schema.nullable(.string))]),
            "SpaceUsePage": Schema.object([("items", Schema.array(Schema.ref("SpaceUse"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
        ]
        let tag = "public spaces"
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/public-spaces", "list public spaces", tag: tag, returns: Schema.array(Schema.ref("PublicSpace")), rules: "PS-1"),
            .post("/api/v1/properties/{propertyID}/public-spaces", "register public space", tag: tag, body: NewSpaceInput.self, status: 201,
                  returns: Schema.ref("PublicSpace"), rules: "PS-1"),
            .get("/api/v1/properties/{propertyID}/space-uses", "public space usage ledger", tag: tag,
                 query: [("from", Query.from), ("to", Query.to), ("page", InputFields.page), ("per", InputFields.per)], returns: Schema.ref("SpaceUsePage"), rules: "PS-2, X-3"),
            .post("/api/v1/properties/{propertyID}/space-uses", "apply to use a public space", tag: tag, body: SpaceApplicationInput.self, status: 201,
                  returns: Schema.ref("SpaceUse"), rules: "PS-1, PS-2")
                .linking("Check", to: "check_space_use", parameter: "useID"),
            .get("/api/v1/space-uses/{useID}", "space use", tag: tag, returns: Schema.ref("SpaceUse"), rules: "PS-2"),
            .post("/api/v1/space-uses/{useID}/check", "check space use", tag: tag, body: SpaceCheckInput.self, returns: Schema.ref("SpaceUse"), rules: "PS-2"),
            .post("/api/v1/space-uses/{useID}/decision", "decide space use", tag: tag, body: SpaceDecisionInput.self, returns: Schema.ref("SpaceUse"), rules: "PS-2, PS-3"),
            .post("/api/v1/space-uses/{useID}/payment", "space use paid", tag: tag, body: SpacePaymentInput.self, returns: Schema.ref("SpaceUse"), rules: "PS-2"),
        ])
    }
}
