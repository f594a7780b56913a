import Fluent
import OpenAPIKit30
import Vapor

/// Public-space violations in the JSON API (篇2 PS-4, PS-5). Same service functions as the pages.
enum ViolationsAPI {
    struct ViolationDTO: Content {
        let id: UUID; let referenceNo: String; let place: String; let spaceName: String?; let kind: ViolationKind; let description: String
        let reportedAt: Date; let reportedBy: String; let status: ViolationStatus; let customerID: UUID?; let party: String?
        let restoreBy: String?; let failedChecks: Int; let closedAt: Date?; let closingNote: String?
        let penaltyFen: Int?; let penaltyBasis: String?; let penaltyPaidAt: Date?; let penaltyReceipt: String?
        /// Paths of the photos, for `GET` with the same token.
        let photos: [String]
    }

    static func dto(_ v: ViolationQueries.Row, photos: [UUID]) -> ViolationDTO {
        ViolationDTO(id: v.id, referenceNo: v.referenceNo, place: v.place, spaceName: v.spaceName, kind: v.kind, description: v.description,
                     reportedAt: v.reportedAt, reportedBy: v.reportedByName, status: v.status, customerID: v.customerID, party: v.party,
                     restoreBy: v.restoreBy, failedChecks: v.failedChecks, closedAt: v.closedAt, closingNote: v.closingNote, penaltyFen: v.penaltyFen,
                     penaltyBasis: v.penaltyBasis, penaltyPaidAt: v.penaltyPaidAt, penaltyReceipt: v.penaltyReceipt,
                     photos: photos.map { "/api/v1/space-violations/\(v.id)/photos/\($0)" })
    }

    static func view(_ id: UUID?, on req: Request) async throws -> ViolationDTO {
        guard let id, let row = try await ViolationQueries.one(id, on: req.db) else { throw WuyeError.notFound(SpaceViolations.noun, field: "violationID") }
        return dto(row, photos: try await Attachments.ids(of: SpaceViolation.auditType, id, on: req.db))
    }

    static let statusQuery = InputField.choice(ViolationQueries.Filter.allCases.map(\.rawValue), label: Text("状态", "status"),
                                               description: "open (default): reported or ordered; unpaid: penalty not paid; all")

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "space-violations") { req async throws -> Page<ViolationDTO> in
            // As the page: the register for those who watch public spaces, their own reports for anyone else on staff.
            let (property, filter, reporter) = try await ViolationListPage.scope(req)
            let paging = try Paging.from(req)
            let (rows, total) = try await ViolationQueries.list(propertyID: property.id, filter: filter, reportedBy: reporter, paging: paging, on: req.db)
            return Page(items: rows.map { dto($0, photos: []) }, paging: paging, total: total)
        }
        // Photos come inside the JSON, so the body may be large.
        api.on(.POST, "properties", ":propertyID", "space-violations", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            // Who may report is settled before megabytes of photos are decoded.
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .reportViolation)
            let input = try req.input(ViolationReportInput.self)
            let photos = try (input.photos ?? []).enumerated().map { try Upload.dataURL($1, field: "photos.\($0)", rule: "PS-4") }
            let made = try await SpaceViolations.report(propertyID: property.id, input, photos: photos, on: req)
            return try KeysAPI.created(try await view(made.id, on: req))
        }
        api.get("space-violations", ":violationID") { req async throws -> ViolationDTO in
            let found = try await SpaceViolations.find(try Input.uuid(req.parameters.get("violationID"), field: "violationID"), on: req.db)
            _ = try await SpaceViolations.authorizeView(found, on: req)
            return try await view(found.id, on: req)
        }
        api.get("space-violations", ":violationID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await SpaceViolations.find(try Input.uuid(req.parameters.get("violationID"), field: "violationID"), on: req.db)
            _ = try await SpaceViolations.authorizeView(found, on: req)
            return try await Attachments.response(try Input.uuid(req.parameters.get("attachmentID"), field: "attachmentID"), of: SpaceViolation.auditType, found.id!, on: req.db)
        }
        api.post("space-violations", ":violationID", "order") { req async throws -> ViolationDTO in
            let done = try await SpaceViolations.order(violationID: try Input.uuid(req.parameters.get("violationID"), field: "violationID"), try req.input(ViolationOrderInput.self), on: req)
            return try await view(done.id, on: req)
        }
        api.post("space-violations", ":violationID", "check") { req async throws -> ViolationDTO in
            let done = try await SpaceViolations.check(violationID: try Input.uuid(req.parameters.get("violationID"), field: "violationID"), try req.input(ViolationCheckInput.self), on: req)
            return try await view(done.id, on: req)
        }
        api.post("space-violations", ":violationID", "dismissal") { req async throws -> ViolationDTO in
            let done = try await SpaceViolations.dismiss(violationID: try Input.uuid(req.parameters.get("violationID"), field: "violationID"), try req.input(ViolationDismissInput.self), on: req)
            return try await view(done.id, on: req)
        }
        api.post("space-violations", ":violationID", "penalty") { req async throws -> ViolationDTO in
            let done = try await SpaceViolations.penalise(violationID: try Input.uuid(req.parameters.get("violationID"), field: "violationID"), try req.input(ViolationPenaltyInput.self), on: req)
            return try await view(done.id, on: req)
        }
        api.post("space-violations", ":violationID", "payment") { req async throws -> ViolationDTO in
            let done = try await SpaceViolations.pay(violationID: try Input.uuid(req.parameters.get("violationID"), field: "violationID"), try req.input(ViolationPaymentInput.self), on: req)
            return try await view(done.id, on: req)
        }
    }

    static var section: APISection {
        let schemas: [String: JSONSchema] = [
            "SpaceViolation": Schema.object([
                ("id", Schema.uuid), ("referenceNo", .string), ("place", .string), ("spaceName", Schema.nullable(.string)),
                ("kind", Schema.enumeration(ViolationKind.allCases.map(\.rawValue))), ("description", .string), ("reportedAt", Schema.dateTime),
                ("reportedBy", .string), ("status", Schema.enumeration(ViolationStatus.allCases.map(\.rawValue))), ("customerID", Schema.nullable(Schema.uuid)),
                ("party", Schema.nullable(.string)), ("restoreBy", Schema.nullable(.string)), ("failedChecks", .integer),
                ("closedAt", Schema.nullable(Schema.dateTime)), ("closingNote", Schema.nullable(.string)), ("penaltyFen", Schema.nullable(.integer)),
                ("penaltyBasis", Schema.nullable(.string)), ("penaltyPaidAt", Schema.nullable(Schema.dateTime)), ("penaltyReceipt", Schema.nullable(.string)),
                ("photos", Schema.array(.string)),
            ]),
            "SpaceViolationPage": Schema.object([("items", Schema.array(Schema.ref("SpaceViolation"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
        ]
        let tag = "public spaces"
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/space-violations", "list space violations", tag: tag,
                 query: [("status", statusQuery), ("page", InputFields.page), ("per", InputFields.per)], returns: Schema.ref("SpaceViolationPage"), rules: "PS-4"),
            .post("/api/v1/properties/{propertyID}/space-violations", "report space violation", tag: tag, body: ViolationReportInput.self, status: 201,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4, PS-5")
                .linking("Order", to: "order_space_violation", parameter: "violationID"),
            .get("/api/v1/space-violations/{violationID}", "space violation", tag: tag, returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
            .get("/api/v1/space-violations/{violationID}/photos/{attachmentID}", "space violation photo", tag: tag, returns: nil, rules: "PS-4")
                .returningFile(["image/jpeg", "image/png", "image/webp"]),
            .post("/api/v1/space-violations/{violationID}/order", "order space violation", tag: tag, body: ViolationOrderInput.self,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
            .post("/api/v1/space-violations/{violationID}/check", "check space violation", tag: tag, body: ViolationCheckInput.self,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
            .post("/api/v1/space-violations/{violationID}/dismissal", "dismiss space violation", tag: tag, body: ViolationDismissInput.self,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
            .post("/api/v1/space-violations/{violationID}/penalty", "penalise space violation", tag: tag, body: ViolationPenaltyInput.self,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
            .post("/api/v1/space-violations/{violationID}/payment", "space violation penalty paid", tag: tag, body: ViolationPaymentInput.self,
                  returns: Schema.ref("SpaceViolation"), rules: "PS-4"),
        ])
    }
}
