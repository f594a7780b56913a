import Fluent
import OpenAPIKit30
import Vapor

/// The show houses' daily summary in the JSON API (SH-34). Same service functions as the page.
enum ShowHouseSummaryAPI {
    struct SummaryDTO: Content {
        let id: UUID?; let day: String; let status: String; let figures: [SummaryFigures]; let note: String?
        let submittedBy: String?; let submittedAt: Date?; let approvedBy: String?; let approvedAt: Date?; let approvalNote: String?
    }

    static func dto(_ v: ShowHouseSummaryPage.View) -> SummaryDTO {
        SummaryDTO(id: v.summary?.id, day: v.day, status: v.status, figures: v.figures, note: v.summary?.note, submittedBy: v.submittedBy, submittedAt: v.summary?.submittedAt,
                   approvedBy: v.approvedBy, approvedAt: v.summary?.approvedAt, approvalNote: v.summary?.approvalNote)
    }

    static func view(_ propertyID: UUID, day: String, on req: Request) async throws -> SummaryDTO {
        let property = try await req.property(propertyID, for: try req.actor, action: .viewShowHouses)
        return dto(try await ShowHouseSummaryPage.view(property: property, day: day, on: req.db))
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "show-house-summaries") { req async throws -> SummaryDTO in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewShowHouses)
            return try await view(property.id, day: try req.queryValue("day", HandoverAPI.dayQuery) ?? property.localTime.day(req.now), on: req)
        }
        api.post("properties", ":propertyID", "show-house-summaries") { req async throws -> Response in
            let made = try await ShowHouseSummaries.submit(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(SummaryInput.self), on: req)
            return try KeysAPI.created(try await view(made.$property.id, day: made.day, on: req))
        }
        api.post("show-house-summaries", ":summaryID", "approval") { req async throws -> SummaryDTO in
            let made = try await ShowHouseSummaries.approve(summaryID: try Input.uuid(req.parameters.get("summaryID"), field: "summaryID"), try req.input(SummaryApprovalInput.self), on: req)
            return try await view(made.$property.id, day: made.day, on: req)
        }
    }

    static var section: APISection {
        let nullableString = Schema.nullable(.string), nullableTime = Schema.nullable(Schema.dateTime)
        let figures = Schema.object([
            ("showHouse", .string), ("unitType", .string), ("batches", .integer), ("visitors", .integer), ("turnedAway", .integer), ("mismatches", .integer),
            ("feedback", .integer), ("complaints", .integer), ("ratingTenths", Schema.nullable(.integer)), ("findings", .integer), ("openItems", .integer),
            ("closed", .boolean), ("signed", .boolean),
        ], optional: ["ratingTenths"])
        let schemas: [String: JSONSchema] = [
            "ShowHouseDailySummary": Schema.object([
                ("id", Schema.nullable(Schema.uuid)), ("day", .string), ("status", Schema.enumeration(["draft", "submitted", "approved"])), ("figures", Schema.array(figures)),
                ("note", nullableString), ("submittedBy", nullableString), ("submittedAt", nullableTime), ("approvedBy", nullableString), ("approvedAt", nullableTime),
                ("approvalNote", nullableString),
            ]),
        ]
        let tag = "show houses"
        let one = Schema.ref("ShowHouseDailySummary")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/show-house-summaries", "show houses daily summary", tag: tag, query: [("day", HandoverAPI.dayQuery)], returns: one, rules: "SH-34"),
            .post("/api/v1/properties/{propertyID}/show-house-summaries", "submit show houses daily summary", tag: tag, body: SummaryInput.self, status: 201, returns: one, rules: "SH-34"),
            .post("/api/v1/show-house-summaries/{summaryID}/approval", "approve show houses daily summary", tag: tag, body: SummaryApprovalInput.self, returns: one, rules: "SH-34"),
        ])
    }
}
