import Fluent
import OpenAPIKit30
import Vapor

/// Inspections, patrol rounds, checklists and rectification notices in the
/// JSON API (SH-19, SH-30…SH-32). Same service functions as the pages.
enum SupervisionAPI {
    static let statusQuery = InputField.choice(RectificationStatus.allCases.map(\.rawValue), label: Text("状态", "status"), rule: "SH-31")
    static let departmentQuery = InputField.choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("部门", "department"), rule: "SH-31")
    static let overdueQuery = InputField.choice(["true", "false"], label: Text("只看逾期", "overdue"), rule: "SH-31")
    static let dayQuery = InputField(.date, label: Text("日期", "day"), rule: "SH-30")

    static func id(_ req: Request, _ name: String) throws -> UUID? { try Input.uuid(req.parameters.get(name), field: name) }

    static func kind(_ req: Request) throws -> ChecklistKind {
        guard let kind = req.parameters.get("kind").flatMap(ChecklistKind.init(rawValue:)) else { throw WuyeError.notFound(Text("检查表", "checklist"), field: "kind") }
        return kind
    }

    static func notice(_ id: UUID, on req: Request) async throws -> SupervisionQueries.NoticeView {
        let view = try await SupervisionQueries.notice(id, now: req.now, on: req.db)
        return view
    }

    static func filter(_ req: Request) throws -> SupervisionQueries.NoticeFilter {
        SupervisionQueries.NoticeFilter(status: try req.queryValue("status", statusQuery).flatMap(RectificationStatus.init(rawValue:)),
                                        department: try req.queryValue("department", departmentQuery).flatMap(DepartmentCode.init(rawValue:)),
                                        overdueOnly: try req.queryValue("overdue", overdueQuery) == "true")
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "checklists", ":kind") { req async throws -> SupervisionQueries.ChecklistView in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewDuties)
            return try await SupervisionQueries.checklist(try kind(req), propertyID: property.id, on: req.db)
        }
        api.post("properties", ":propertyID", "checklists", ":kind") { req async throws -> Response in
            let made = try await Inspections.saveChecklist(propertyID: try id(req, "propertyID"), kind: try kind(req), try req.input(ChecklistInput.self), on: req)
            return try KeysAPI.created(try await SupervisionQueries.checklist(made.kind, propertyID: made.$property.id, on: req.db))
        }
        api.get("show-houses", ":showHouseID", "inspections") { req async throws -> [SupervisionQueries.InspectionView] in
            let (house, _) = try await ShowHouses.house(try id(req, "showHouseID"), for: try req.actor, action: .viewShowHouses, on: req)
            return try await SupervisionQueries.inspections(houseID: house.id!, day: try req.queryValue("day", dayQuery), on: req.db)
        }
        api.on(.POST, "show-houses", ":showHouseID", "inspections", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            // Who may inspect is settled before megabytes of photos are decoded.
            _ = try await ShowHouses.house(try id(req, "showHouseID"), for: try req.actor, action: .inspectShowHouse, on: req)
            let input = try req.input(InspectionInput.self)
            let photos = try (input.photos ?? []).enumerated().map { try Upload.dataURL($1, field: "photos.\($0)", rule: "SH-30") }
            let made = try await Inspections.record(showHouseID: try id(req, "showHouseID"), input, photos: photos, on: req)
            return try KeysAPI.created(try await SupervisionQueries.inspectionViews([made], on: req.db)[0])
        }
        api.get("inspections", ":inspectionID") { req async throws -> SupervisionQueries.InspectionView in
            let found = try await Inspections.find(try id(req, "inspectionID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewShowHouses)
            return try await SupervisionQueries.inspectionViews([found], on: req.db)[0]
        }
        api.get("inspections", ":inspectionID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await Inspections.find(try id(req, "inspectionID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewShowHouses)
            return try await Attachments.response(try id(req, "attachmentID"), of: Inspection.auditType, found.id!, on: req.db)
        }
        api.post("inspections", ":inspectionID", "notices") { req async throws -> Response in
            let made = try await Inspections.raiseNotice(inspectionID: try id(req, "inspectionID"), try req.input(InspectionNoticeInput.self), on: req)
            return try KeysAPI.created(try await notice(made.id!, on: req))
        }
        api.get("show-houses", ":showHouseID", "patrols") { req async throws -> [SupervisionQueries.RoundView] in
            let (house, _) = try await ShowHouses.house(try id(req, "showHouseID"), for: try req.actor, action: .viewShowHouses, on: req)
            return try await SupervisionQueries.rounds(houseID: house.id!, day: try req.queryValue("day", dayQuery), on: req.db)
        }
        api.post("show-houses", ":showHouseID", "patrols") { req async throws -> Response in
            let made = try await PatrolRounds.record(showHouseID: try id(req, "showHouseID"), try req.input(PatrolInput.self), on: req)
            return try KeysAPI.created(try await SupervisionQueries.roundViews([made], on: req.db)[0])
        }
        api.get("properties", ":propertyID", "rectification-notices") { req async throws -> [SupervisionQueries.NoticeView] in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewRectifications)
            return try await SupervisionQueries.notices(propertyID: property.id, filter: try filter(req), now: req.now, on: req.db)
        }
        api.post("properties", ":propertyID", "rectification-notices") { req async throws -> Response in
            let made = try await RectificationNotices.issue(propertyID: try id(req, "propertyID"), try req.input(RectificationInput.self), on: req)
            return try KeysAPI.created(try await notice(made.id!, on: req))
        }
        api.get("rectification-notices", ":rectificationID") { req async throws -> SupervisionQueries.NoticeView in
            let found = try await RectificationNotices.find(try id(req, "rectificationID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewRectifications)
            return try await notice(found.id!, on: req)
        }
        api.get("rectification-notices", ":rectificationID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await RectificationNotices.find(try id(req, "rectificationID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewRectifications)
            return try await Attachments.response(try id(req, "attachmentID"), of: RectificationNotice.auditType, found.id!, on: req.db)
        }
        api.on(.POST, "rectification-notices", ":rectificationID", "response", body: .collect(maxSize: "48mb")) { req async throws -> SupervisionQueries.NoticeView in
            let found = try await RectificationNotices.find(try id(req, "rectificationID"), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .respondRectification)
            try RectificationRules.checkResponder(try req.actor, department: found.department)
            let input = try req.input(RectificationResponseInput.self)
            let photos = try (input.photos ?? []).enumerated().map { try Upload.dataURL($1, field: "photos.\($0)", rule: "SH-31") }
            return try await notice(try await RectificationNotices.respond(rectificationID: found.id, input, photos: photos, on: req).id!, on: req)
        }
        api.post("rectification-notices", ":rectificationID", "verification") { req async throws -> SupervisionQueries.NoticeView in
            try await notice(try await RectificationNotices.verify(rectificationID: try id(req, "rectificationID"), try req.input(RectificationVerificationInput.self), on: req).id!, on: req)
        }
        api.post("rectification-notices", ":rectificationID", "extension") { req async throws -> SupervisionQueries.NoticeView in
            try await notice(try await RectificationNotices.requestExtension(rectificationID: try id(req, "rectificationID"), try req.input(ExtensionRequestInput.self), on: req).id!, on: req)
        }
        api.post("rectification-notices", ":rectificationID", "extension-decision") { req async throws -> SupervisionQueries.NoticeView in
            try await notice(try await RectificationNotices.decideExtension(rectificationID: try id(req, "rectificationID"), try req.input(ExtensionDecisionInput.self), on: req).id!, on: req)
        }
    }

    static var section: APISection {
        let nullableString = Schema.nullable(.string), nullableTime = Schema.nullable(Schema.dateTime), nullableUUID = Schema.nullable(Schema.uuid)
        let departments = Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))
        let notice = Schema.object([
            ("id", Schema.uuid), ("referenceNo", .string), ("category", Schema.enumeration(RectificationCategory.allCases.map(\.rawValue))), ("department", departments),
            ("showHouseID", nullableUUID), ("showHouse", nullableString), ("inspectionID", nullableUUID), ("inspectionItem", Schema.nullable(.integer)),
            ("finding", .string), ("requirement", .string), ("deadline", Schema.dateTime), ("status", Schema.enumeration(RectificationStatus.allCases.map(\.rawValue))),
            ("overdue", .boolean), ("issuedByID", Schema.uuid), ("issuedBy", .string), ("issuedAt", Schema.dateTime), ("action", nullableString),
            ("respondedBy", nullableString), ("respondedAt", nullableTime), ("returnedCount", .integer), ("returnNote", nullableString), ("extensionTo", nullableTime),
            ("extensionReason", nullableString), ("verifiedBy", nullableString), ("verifiedAt", nullableTime), ("verificationNote", nullableString),
            ("photos", Schema.array(Schema.uuid)),
        ], optional: ["showHouseID", "showHouse", "inspectionID", "inspectionItem", "action", "respondedBy", "respondedAt", "returnNote", "extensionTo", "extensionReason",
                      "verifiedBy", "verifiedAt", "verificationNote"])
        let result = Schema.object([("item", .string), ("result", Schema.enumeration(InspectionMark.allCases.map(\.rawValue))), ("note", nullableString),
                                    ("rectificationID", nullableUUID), ("noticeNo", nullableString)], optional: ["note", "rectificationID", "noticeNo"])
        let inspection = Schema.object([
            ("id", Schema.uuid), ("showHouseID", Schema.uuid), ("showHouse", .string), ("day", .string), ("inspectedBy", .string), ("inspectedAt", Schema.dateTime),
            ("checklistVersion", .integer), ("results", Schema.array(result)), ("note", nullableString), ("photos", Schema.array(Schema.uuid)),
        ], optional: ["note"])
        let checkpoint = Schema.object([("item", .string), ("ok", .boolean), ("note", nullableString)], optional: ["note"])
        let round = Schema.object([
            ("id", Schema.uuid), ("showHouseID", Schema.uuid), ("showHouse", .string), ("day", .string), ("patrolledBy", .string), ("patrolledAt", Schema.dateTime),
            ("anomaly", .boolean), ("checkpoints", Schema.array(checkpoint)), ("serviceItemID", nullableUUID),
        ], optional: ["serviceItemID"])
        let checklist = Schema.object([("kind", Schema.enumeration(ChecklistKind.allCases.map(\.rawValue))), ("version", .integer), ("items", Schema.array(.string))])
        let schemas: [String: JSONSchema] = ["RectificationNotice": notice, "Inspection": inspection, "PatrolRound": round, "SupervisionChecklist": checklist]
        let tag = "supervision"
        let one = Schema.ref("RectificationNotice")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/checklists/{kind}", "supervision checklist", tag: tag, returns: Schema.ref("SupervisionChecklist"), rules: "SH-19, SH-30"),
            .post("/api/v1/properties/{propertyID}/checklists/{kind}", "save supervision checklist", tag: tag, body: ChecklistInput.self, status: 201,
                  returns: Schema.ref("SupervisionChecklist"), rules: "SH-19, SH-30"),
            .get("/api/v1/show-houses/{showHouseID}/inspections", "show house inspections", tag: tag, query: [("day", dayQuery)], returns: Schema.array(Schema.ref("Inspection")), rules: "SH-30"),
            .post("/api/v1/show-houses/{showHouseID}/inspections", "record inspection", tag: tag, body: InspectionInput.self, status: 201, returns: Schema.ref("Inspection"), rules: "SH-30"),
            .get("/api/v1/inspections/{inspectionID}", "inspection", tag: tag, returns: Schema.ref("Inspection"), rules: "SH-30"),
            .get("/api/v1/inspections/{inspectionID}/photos/{attachmentID}", "inspection photo", tag: tag, returns: nil, rules: "SH-30").returningFile(["image/jpeg", "image/png", "image/webp"]),
            .post("/api/v1/inspections/{inspectionID}/notices", "raise notice from inspection", tag: tag, body: InspectionNoticeInput.self, status: 201, returns: one, rules: "SH-30, SH-31"),
            .get("/api/v1/show-houses/{showHouseID}/patrols", "show house patrol rounds", tag: tag, query: [("day", dayQuery)], returns: Schema.array(Schema.ref("PatrolRound")), rules: "SH-19"),
            .post("/api/v1/show-houses/{showHouseID}/patrols", "record patrol round", tag: tag, body: PatrolInput.self, status: 201, returns: Schema.ref("PatrolRound"), rules: "SH-19"),
            .get("/api/v1/properties/{propertyID}/rectification-notices", "rectification notices", tag: tag,
                 query: [("status", statusQuery), ("department", departmentQuery), ("overdue", overdueQuery)], returns: Schema.array(one), rules: "SH-31"),
            .post("/api/v1/properties/{propertyID}/rectification-notices", "issue rectification notice", tag: tag, body: RectificationInput.self, status: 201, returns: one, rules: "SH-31, SH-32"),
            .get("/api/v1/rectification-notices/{rectificationID}", "rectification notice", tag: tag, returns: one, rules: "SH-31"),
            .get("/api/v1/rectification-notices/{rectificationID}/photos/{attachmentID}", "rectification photo", tag: tag, returns: nil, rules: "SH-31").returningFile(["image/jpeg", "image/png", "image/webp"]),
            .post("/api/v1/rectification-notices/{rectificationID}/response", "answer rectification notice", tag: tag, body: RectificationResponseInput.self, returns: one, rules: "SH-31"),
            .post("/api/v1/rectification-notices/{rectificationID}/verification", "verify rectification notice", tag: tag, body: RectificationVerificationInput.self, returns: one, rules: "SH-31"),
            .post("/api/v1/rectification-notices/{rectificationID}/extension", "ask rectification extension", tag: tag, body: ExtensionRequestInput.self, returns: one, rules: "SH-31"),
            .post("/api/v1/rectification-notices/{rectificationID}/extension-decision", "decide rectification extension", tag: tag, body: ExtensionDecisionInput.self, returns: one, rules: "SH-31"),
        ])
    }
}
