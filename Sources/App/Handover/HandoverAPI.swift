import Fluent
import OpenAPIKit30
import Vapor

/// Shift handover in the JSON API (HO-1…HO-6, KY-3). Same service functions as the pages.
enum HandoverAPI {
    struct LineDTO: Content { let title: String; let hint: String?; let ok: Bool?; let note: String? }
    struct EntryDTO: Content { let kind: HandoverEntryKind; let text: String; let writtenBy: String; let writtenAt: Date }
    struct CarriedDTO: Content { let kind: String; let label: String; let detail: String; let link: String }

    struct SheetDTO: Content {
        let id: UUID; let postID: UUID; let post: String; let department: DepartmentCode; let templateVersion: Int; let day: String; let shift: ShiftName
        let status: HandoverStatus; let outgoingID: UUID; let outgoing: String; let incomingID: UUID?; let incoming: String?
        let checklist: [LineDTO]; let workLog: String?; let carried: [CarriedDTO]
        let cabinetExpected: Int?; let cabinetCounted: Int?; let cabinetDifference: Int?
        let offeredAt: Date?; let acceptedAt: Date?; let refusalCount: Int; let refusalReason: String?; let reviewedBy: String?; let reviewedAt: Date?
        let entries: [EntryDTO]
    }

    static func dto(_ s: HandoverQueries.Sheet, entries: [HandoverQueries.Entry]) -> SheetDTO {
        let marks = s.markList
        let lines = s.checklist.enumerated().map { index, item in
            LineDTO(title: item.title, hint: item.hint, ok: index < marks.count ? marks[index].ok : nil, note: index < marks.count ? marks[index].note : nil)
        }
        return SheetDTO(id: s.id, postID: s.postID, post: s.postName, department: s.department, templateVersion: s.templateVersion, day: s.day, shift: s.shift,
                        status: s.status, outgoingID: s.outgoingID, outgoing: s.outgoingName, incomingID: s.incomingID, incoming: s.incomingName,
                        checklist: lines, workLog: s.workLog, carried: s.carriedList.map { CarriedDTO(kind: $0.kind, label: $0.label, detail: $0.detail, link: $0.link) },
                        cabinetExpected: s.cabinetExpected, cabinetCounted: s.cabinetCounted, cabinetDifference: s.cabinetDifference,
                        offeredAt: s.offeredAt, acceptedAt: s.acceptedAt, refusalCount: s.refusalCount, refusalReason: s.refusalReason,
                        reviewedBy: s.reviewedByName, reviewedAt: s.reviewedAt,
                        entries: entries.map { EntryDTO(kind: $0.kind, text: $0.text, writtenBy: $0.writtenByName, writtenAt: $0.writtenAt) })
    }

    static func view(_ id: UUID?, on req: Request) async throws -> SheetDTO {
        guard let id, let row = try await HandoverQueries.one(id, on: req.db) else { throw WuyeError.notFound(Handovers.noun, field: "sheetID") }
        return dto(row, entries: try await HandoverQueries.entries(of: id, on: req.db))
    }

    struct PostDTO: Content { let id: UUID; let name: String; let department: DepartmentCode; let templateVersion: Int?; let checklist: [ChecklistItem] }
    struct SheetsDTO: Content { let day: String; let items: [SheetDTO] }

    static let dayQuery = InputField(.date, label: Text("日期", "day"))

    static func sheetID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("sheetID"), field: "sheetID") }
    static func postID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("postID"), field: "postID") }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "handover-posts") { req async throws -> [PostDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewHandovers)
            return try await HandoverQueries.posts(propertyID: property.id, on: req.db).map {
                PostDTO(id: $0.id, name: $0.name, department: $0.department, templateVersion: $0.templateVersion, checklist: $0.checklist)
            }
        }
        api.get("properties", ":propertyID", "handover-sheets") { req async throws -> SheetsDTO in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewHandovers)
            let day = try req.queryValue("day", dayQuery) ?? property.localTime.day(req.now)
            let rows = try await HandoverQueries.sheets(propertyID: property.id, day: day, on: req.db)
            return SheetsDTO(day: day, items: rows.map { dto($0, entries: []) })
        }
        api.post("posts", ":postID", "handover-template") { req async throws -> Response in
            let made = try await Handovers.saveTemplate(postID: try postID(req), try req.input(HandoverTemplateInput.self), on: req)
            let response = Response(status: .created)
            try response.content.encode(PostDTO(id: made.$post.id, name: (try await Post.find(made.$post.id, on: req.db))?.name ?? "",
                                                department: (try await Handovers.post(made.$post.id, for: try req.actor, action: .viewHandovers, on: req)).department,
                                                templateVersion: made.version, checklist: made.checklist), as: .json)
            return response
        }
        api.post("posts", ":postID", "handover-sheets") { req async throws -> Response in
            let made = try await Handovers.start(postID: try postID(req), try req.input(HandoverStartInput.self), on: req)
            return try KeysAPI.created(try await view(made.id, on: req))
        }
        api.get("handover-sheets", ":sheetID") { req async throws -> SheetDTO in
            let (found, _) = try await Handovers.sheet(try sheetID(req), for: try req.actor, action: .viewHandovers, on: req)
            return try await view(found.id, on: req)
        }
        api.post("handover-sheets", ":sheetID", "sign-out") { req async throws -> SheetDTO in
            try await view(try await Handovers.signOut(sheetID: try sheetID(req), try req.input(HandoverSignOutInput.self), on: req).id, on: req)
        }
        for (path, kind) in [("questions", HandoverEntryKind.question), ("answers", .answer), ("addenda", .addendum)] {
            api.post("handover-sheets", ":sheetID", .constant(path)) { req async throws -> Response in
                let entry = try await Handovers.addWords(sheetID: try sheetID(req), kind: kind, try req.input(HandoverWordsInput.self), on: req)
                return try KeysAPI.created(try await view(entry.$sheet.id, on: req))
            }
        }
        api.post("handover-sheets", ":sheetID", "acceptance") { req async throws -> SheetDTO in
            try await view(try await Handovers.accept(sheetID: try sheetID(req), try req.input(HandoverSignatureInput.self), on: req).id, on: req)
        }
        api.post("handover-sheets", ":sheetID", "refusal") { req async throws -> SheetDTO in
            try await view(try await Handovers.refuse(sheetID: try sheetID(req), try req.input(HandoverRefusalInput.self), on: req).id, on: req)
        }
        api.post("handover-sheets", ":sheetID", "resolution") { req async throws -> SheetDTO in
            try await view(try await Handovers.resolve(sheetID: try sheetID(req), try req.input(HandoverWordsInput.self), on: req).id, on: req)
        }
        api.post("handover-sheets", ":sheetID", "review") { req async throws -> SheetDTO in
            try await view(try await Handovers.review(sheetID: try sheetID(req), on: req).id, on: req)
        }
    }

    static var section: APISection {
        let departments = Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))
        let line = Schema.object([("title", .string), ("hint", Schema.nullable(.string))], optional: ["hint"])
        let schemas: [String: JSONSchema] = [
            "HandoverSheet": Schema.object([
                ("id", Schema.uuid), ("postID", Schema.uuid), ("post", .string), ("department", departments), ("templateVersion", .integer), ("day", .string),
                ("shift", Schema.enumeration(ShiftName.allCases.map(\.rawValue))), ("status", Schema.enumeration(HandoverStatus.allCases.map(\.rawValue))),
                ("outgoingID", Schema.uuid), ("outgoing", .string), ("incomingID", Schema.nullable(Schema.uuid)), ("incoming", Schema.nullable(.string)),
                ("checklist", Schema.array(Schema.object([("title", .string), ("hint", Schema.nullable(.string)), ("ok", Schema.nullable(.boolean)), ("note", Schema.nullable(.string))]))),
                ("workLog", Schema.nullable(.string)),
                ("carried", Schema.array(Schema.object([("kind", .string), ("label", .string), ("detail", .string), ("link", .string)]))),
                ("cabinetExpected", Schema.nullable(.integer)), ("cabinetCounted", Schema.nullable(.integer)), ("cabinetDifference", Schema.nullable(.integer)),
                ("offeredAt", Schema.nullable(Schema.dateTime)), ("acceptedAt", Schema.nullable(Schema.dateTime)), ("refusalCount", .integer),
                ("refusalReason", Schema.nullable(.string)), ("reviewedBy", Schema.nullable(.string)), ("reviewedAt", Schema.nullable(Schema.dateTime)),
                ("entries", Schema.array(Schema.object([("kind", Schema.enumeration(HandoverEntryKind.allCases.map(\.rawValue))), ("text", .string),
                                                        ("writtenBy", .string), ("writtenAt", Schema.dateTime)]))),
            ]),
            "HandoverSheets": Schema.object([("day", .string), ("items", Schema.array(Schema.ref("HandoverSheet")))]),
            "HandoverPost": Schema.object([("id", Schema.uuid), ("name", .string), ("department", departments), ("templateVersion", Schema.nullable(.integer)),
                                           ("checklist", Schema.array(line))]),
        ]
        let tag = "shift handover"
        let one = Schema.ref("HandoverSheet")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/handover-posts", "handover posts", tag: tag, returns: Schema.array(Schema.ref("HandoverPost")), rules: "HO-1"),
            .get("/api/v1/properties/{propertyID}/handover-sheets", "handover sheets of a day", tag: tag, query: [("day", dayQuery)], returns: Schema.ref("HandoverSheets"), rules: "HO-6"),
            .post("/api/v1/posts/{postID}/handover-template", "save handover checklist", tag: tag, body: HandoverTemplateInput.self, status: 201,
                  returns: Schema.ref("HandoverPost"), rules: "HO-1"),
            .post("/api/v1/posts/{postID}/handover-sheets", "start handover sheet", tag: tag, body: HandoverStartInput.self, status: 201, returns: one, rules: "HO-6")
                .linking("SignOut", to: "sign_out_handover_sheet", parameter: "sheetID"),
            .get("/api/v1/handover-sheets/{sheetID}", "handover sheet", tag: tag, returns: one, rules: "HO-6"),
            .post("/api/v1/handover-sheets/{sheetID}/sign-out", "sign out handover sheet", tag: tag, body: HandoverSignOutInput.self, returns: one, rules: "HO-1, HO-2, HO-4, KY-3"),
            .post("/api/v1/handover-sheets/{sheetID}/questions", "ask on handover sheet", tag: tag, body: HandoverWordsInput.self, status: 201, returns: one, rules: "HO-3"),
            .post("/api/v1/handover-sheets/{sheetID}/answers", "answer on handover sheet", tag: tag, body: HandoverWordsInput.self, status: 201, returns: one, rules: "HO-3"),
            .post("/api/v1/handover-sheets/{sheetID}/addenda", "addendum to handover sheet", tag: tag, body: HandoverWordsInput.self, status: 201, returns: one, rules: "HO-6"),
            .post("/api/v1/handover-sheets/{sheetID}/acceptance", "accept handover sheet", tag: tag, body: HandoverSignatureInput.self, returns: one, rules: "HO-4, HO-6, KY-3"),
            .post("/api/v1/handover-sheets/{sheetID}/refusal", "refuse handover sheet", tag: tag, body: HandoverRefusalInput.self, returns: one, rules: "HO-5"),
            .post("/api/v1/handover-sheets/{sheetID}/resolution", "resolve handover refusal", tag: tag, body: HandoverWordsInput.self, returns: one, rules: "HO-5"),
            .post("/api/v1/handover-sheets/{sheetID}/review", "review handover sheet", tag: tag, returns: one, rules: "HO-6"),
        ])
    }
}
