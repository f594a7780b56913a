import Fluent
import OpenAPIKit30
import Vapor

/// The service desk in the JSON API (SH-33, SH-11, HO-7). Same service functions as the pages.
enum ServiceDeskAPI {
    struct NoteDTO: Content { let text: String; let writtenBy: String; let writtenAt: Date }

    struct ItemDTO: Content {
        let id: UUID; let referenceNo: String; let kind: ServiceKind; let source: ServiceSource; let urgent: Bool; let description: String
        let customerID: UUID?; let customerName: String?; let unitID: UUID?; let unit: String?; let guestName: String?
        /// Masked (139****5678); `POST …/phone` shows it whole, and is recorded.
        let guestPhone: String?
        let raisedBy: String; let raisedAt: Date; let department: DepartmentCode; let pendingDepartment: DepartmentCode?
        let status: ServiceStatus; let ownerID: UUID?; let owner: String?; let dueAt: Date?; let overdue: Bool
        let severity: ComplaintSeverity?; let plan: String?; let doneBy: String?; let doneAt: Date?; let doneNote: String?
        let checkedBy: String?; let checkedAt: Date?; let outcome: ServiceOutcome?; let checkNote: String?; let reopenCount: Int; let closedAt: Date?
        let notes: [NoteDTO]
        /// Paths of the photos, for `GET` with the same token.
        let photos: [String]
    }

    static func dto(_ i: ServiceQueries.Row, now: Date, notes: [ServiceQueries.Note] = [], photos: [UUID] = []) -> ItemDTO {
        ItemDTO(id: i.id, referenceNo: i.referenceNo, kind: i.kind, source: i.source, urgent: i.urgent, description: i.description,
                customerID: i.customerID, customerName: i.customerName, unitID: i.unitID, unit: i.unitLabel, guestName: i.guestName,
                guestPhone: Mask.phone(i.guestPhone), raisedBy: i.raisedByName, raisedAt: i.raisedAt, department: i.department,
                pendingDepartment: i.pendingDepartment, status: i.status, ownerID: i.ownerID, owner: i.ownerName, dueAt: i.dueAt,
                overdue: i.isOverdue(at: now), severity: i.severity, plan: i.plan, doneBy: i.doneByName, doneAt: i.doneAt, doneNote: i.doneNote,
                checkedBy: i.checkedByName, checkedAt: i.checkedAt, outcome: i.outcome, checkNote: i.checkNote, reopenCount: i.reopenCount, closedAt: i.closedAt,
                notes: notes.map { NoteDTO(text: $0.text, writtenBy: $0.writtenByName, writtenAt: $0.writtenAt) },
                photos: photos.map { "/api/v1/service-items/\(i.id)/photos/\($0)" })
    }

    static func view(_ id: UUID?, on req: Request) async throws -> ItemDTO {
        guard let id, let row = try await ServiceQueries.one(id, on: req.db) else { throw WuyeError.notFound(ServiceDesk.noun, field: "itemID") }
        return dto(row, now: req.now, notes: try await ServiceQueries.notes(of: id, on: req.db), photos: try await Attachments.ids(of: ServiceItem.auditType, id, on: req.db))
    }

    struct HandoverDTO: Content {
        let id: UUID; let day: String; let slot: DeskSlot; let from: DepartmentCode; let to: DepartmentCode; let offeredBy: String; let offeredAt: Date
        let note: String?; let itemCount: Int; let urgentCount: Int; let acceptedBy: String?; let acceptedAt: Date?; let acceptedCount: Int?
        let items: [HandoverItemDTO]
    }
    struct HandoverItemDTO: Content { let itemID: UUID; let referenceNo: String; let urgent: Bool; let accepted: Bool?; let department: DepartmentCode }

    static func handoverView(_ id: UUID, on req: Request) async throws -> HandoverDTO {
        guard let h = try await DeskQueries.one(id, on: req.db) else { throw WuyeError.notFound(DeskHandovers.noun, field: "handoverID") }
        let items = try await DeskQueries.items(of: id, on: req.db)
        return HandoverDTO(id: h.id, day: h.day, slot: h.slot, from: h.slot.from, to: h.slot.to, offeredBy: h.offeredByName, offeredAt: h.offeredAt, note: h.note,
                           itemCount: h.itemCount, urgentCount: h.urgentCount, acceptedBy: h.acceptedByName, acceptedAt: h.acceptedAt, acceptedCount: h.acceptedCount,
                           items: items.map { HandoverItemDTO(itemID: $0.itemID, referenceNo: $0.referenceNo, urgent: $0.urgent, accepted: $0.accepted, department: $0.department) })
    }

    struct TimesDTO: Content { let morningHandover: String; let eveningHandover: String }
    struct PhoneDTO: Content { let phone: String? }
    struct ReviewDTO: Content {
        let month: String; let figures: ComplaintReviews.Figures; let note: String?; let signedBy: String?; let signedAt: Date?
    }

    static let statusQuery = InputField.choice(ServiceQueries.StatusFilter.allCases.map(\.rawValue), label: Text("状态", "status"),
                                               description: "open (default): not closed; unassigned, assigned, done, closed, pending (offered at a handover, not accepted), all")
    static let kindQuery = InputField.choice(ServiceKind.allCases.map(\.rawValue), label: Text("类别", "kind"))
    static let departmentQuery = InputField.choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("部门", "department"))
    static let ownerQuery = InputField(.uuid, label: Text("跟进人", "owner"))
    static let overdueQuery = InputField.choice(["true", "false"], label: Text("已逾期", "overdue"))
    static let searchQuery = InputField.text(60, label: Text("搜索", "q"))

    /// The list's filters from the query string; unknown values are a 400 naming the parameter.
    static func filter(_ req: Request) throws -> ServiceQueries.Filter {
        var filter = ServiceQueries.Filter()
        filter.status = try req.queryValue("status", statusQuery).flatMap(ServiceQueries.StatusFilter.init(rawValue:)) ?? .open
        filter.kind = try req.queryValue("kind", kindQuery).flatMap(ServiceKind.init(rawValue:))
        filter.department = try req.queryValue("department", departmentQuery).flatMap(DepartmentCode.init(rawValue:))
        filter.ownerID = try Input.uuid(try req.queryValue("owner", ownerQuery), field: "owner")
        filter.overdue = try req.queryValue("overdue", overdueQuery) == "true"
        filter.search = Input.text(try req.queryValue("q", searchQuery))
        return filter
    }

    static func itemID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("itemID"), field: "itemID") }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "service-items") { req async throws -> Page<ItemDTO> in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewServiceDesk)
            let paging = try Paging.from(req)
            let now = req.now
            let (rows, total) = try await ServiceQueries.list(propertyID: property.id, filter: try filter(req), now: now, paging: paging, on: req.db)
            return Page(items: rows.map { dto($0, now: now) }, paging: paging, total: total)
        }
        // Photos come inside the JSON, so the body may be large.
        api.on(.POST, "properties", ":propertyID", "service-items", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .recordServiceItem)
            let input = try req.input(NewServiceItemInput.self)
            let photos = try (input.photos ?? []).enumerated().map { try Upload.dataURL($1, field: "photos.\($0)", rule: "SH-33") }
            let made = try await ServiceDesk.record(propertyID: property.id, input, photos: photos, on: req)
            return try KeysAPI.created(try await view(made.id, on: req))
        }
        api.get("service-items", ":itemID") { req async throws -> ItemDTO in
            let found = try await ServiceDesk.find(try itemID(req), on: req.db)
            _ = try await ServiceDesk.authorizeView(found, on: req)
            return try await view(found.id, on: req)
        }
        api.get("service-items", ":itemID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await ServiceDesk.find(try itemID(req), on: req.db)
            _ = try await ServiceDesk.authorizeView(found, on: req)
            return try await Attachments.response(try Input.uuid(req.parameters.get("attachmentID"), field: "attachmentID"), of: ServiceItem.auditType, found.id!, on: req.db)
        }
        api.post("service-items", ":itemID", "phone") { req async throws -> PhoneDTO in
            PhoneDTO(phone: try await ServiceDesk.revealPhone(itemID: try itemID(req), on: req))
        }
        api.post("service-items", ":itemID", "assignment") { req async throws -> ItemDTO in
            try await view(try await ServiceDesk.assign(itemID: try itemID(req), try req.input(ServiceAssignInput.self), on: req).id, on: req)
        }
        api.post("service-items", ":itemID", "notes") { req async throws -> Response in
            let note = try await ServiceDesk.note(itemID: try itemID(req), try req.input(ServiceNoteInput.self), on: req)
            return try KeysAPI.created(try await view(note.$item.id, on: req))
        }
        api.post("service-items", ":itemID", "done") { req async throws -> ItemDTO in
            try await view(try await ServiceDesk.complete(itemID: try itemID(req), try req.input(ServiceDoneInput.self), on: req).id, on: req)
        }
        api.post("service-items", ":itemID", "callback") { req async throws -> ItemDTO in
            try await view(try await ServiceDesk.callback(itemID: try itemID(req), try req.input(ServiceCallbackInput.self), on: req).id, on: req)
        }
        api.post("service-items", ":itemID", "verification") { req async throws -> ItemDTO in
            try await view(try await ServiceDesk.verify(itemID: try itemID(req), try req.input(ServiceVerifyInput.self), on: req).id, on: req)
        }
        api.post("properties", ":propertyID", "desk-handovers") { req async throws -> Response in
            let made = try await DeskHandovers.offer(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(DeskHandoverInput.self), on: req)
            return try KeysAPI.created(try await handoverView(made.id!, on: req))
        }
        api.get("desk-handovers", ":handoverID") { req async throws -> HandoverDTO in
            guard let id = try Input.uuid(req.parameters.get("handoverID"), field: "handoverID"), let found = try await DeskHandover.find(id, on: req.db) else {
                throw WuyeError.notFound(DeskHandovers.noun, field: "handoverID")
            }
            _ = try await req.property(found.$property.id, for: try req.actor, action: .deskHandover)
            return try await handoverView(id, on: req)
        }
        api.post("desk-handovers", ":handoverID", "acceptance") { req async throws -> HandoverDTO in
            let done = try await DeskHandovers.accept(handoverID: try Input.uuid(req.parameters.get("handoverID"), field: "handoverID"), try req.input(DeskAcceptInput.self), on: req)
            return try await handoverView(done.id!, on: req)
        }
        api.get("properties", ":propertyID", "complaint-reviews", ":month") { req async throws -> ReviewDTO in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewComplaintReview)
            let month = try req.parameters.require("month")
            guard Patterns.matches(ComplaintReviews.monthPattern, month) else { throw WuyeError.invalid("month", Text("月份格式应为 2026-11", "must look like 2026-11"), rule: "SH-33") }
            if let signed = try await ComplaintReview.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$month == month).with(\.$signedBy).first() {
                let figures = try JSONDecoder().decode(ComplaintReviews.Figures.self, from: Data(signed.figures.utf8))
                return ReviewDTO(month: month, figures: figures, note: signed.note, signedBy: signed.signedBy.name, signedAt: signed.signedAt)
            }
            let figures = try await ComplaintReviews.figures(propertyID: property.id, month: month, time: property.localTime, now: req.now, on: req.db)
            return ReviewDTO(month: month, figures: figures, note: nil, signedBy: nil, signedAt: nil)
        }
        api.post("properties", ":propertyID", "complaint-reviews", ":month") { req async throws -> Response in
            let review = try await ComplaintReviews.sign(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), month: req.parameters.get("month"),
                                                         try req.input(ComplaintReviewInput.self), on: req)
            let figures = try JSONDecoder().decode(ComplaintReviews.Figures.self, from: Data(review.figures.utf8))
            return try KeysAPI.created(ReviewDTO(month: review.month, figures: figures, note: review.note, signedBy: try req.actor.name, signedAt: review.signedAt))
        }
        api.get("properties", ":propertyID", "shift-settings") { req async throws -> TimesDTO in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .deskHandover)
            let times = try await DeskHandovers.times(property.id, on: req.db)
            return TimesDTO(morningHandover: times.morning, eveningHandover: times.evening)
        }
        api.post("properties", ":propertyID", "shift-settings") { req async throws -> TimesDTO in
            let set = try await DeskHandovers.setTimes(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(ShiftSettingsInput.self), on: req)
            return TimesDTO(morningHandover: set.morningHandover, eveningHandover: set.eveningHandover)
        }
    }

    static var section: APISection {
        let item = Schema.object([
            ("id", Schema.uuid), ("referenceNo", .string), ("kind", Schema.enumeration(ServiceKind.allCases.map(\.rawValue))),
            ("source", Schema.enumeration(ServiceSource.allCases.map(\.rawValue))), ("urgent", .boolean), ("description", .string),
            ("customerID", Schema.nullable(Schema.uuid)), ("customerName", Schema.nullable(.string)), ("unitID", Schema.nullable(Schema.uuid)),
            ("unit", Schema.nullable(.string)), ("guestName", Schema.nullable(.string)), ("guestPhone", Schema.nullable(.string)),
            ("raisedBy", .string), ("raisedAt", Schema.dateTime), ("department", Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))),
            ("pendingDepartment", Schema.nullable(Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue)))),
            ("status", Schema.enumeration(ServiceStatus.allCases.map(\.rawValue))), ("ownerID", Schema.nullable(Schema.uuid)), ("owner", Schema.nullable(.string)),
            ("dueAt", Schema.nullable(Schema.dateTime)), ("overdue", .boolean),
            ("severity", Schema.nullable(Schema.enumeration(ComplaintSeverity.allCases.map(\.rawValue)))), ("plan", Schema.nullable(.string)),
            ("doneBy", Schema.nullable(.string)), ("doneAt", Schema.nullable(Schema.dateTime)), ("doneNote", Schema.nullable(.string)),
            ("checkedBy", Schema.nullable(.string)), ("checkedAt", Schema.nullable(Schema.dateTime)),
            ("outcome", Schema.nullable(Schema.enumeration(ServiceOutcome.allCases.map(\.rawValue)))), ("checkNote", Schema.nullable(.string)),
            ("reopenCount", .integer), ("closedAt", Schema.nullable(Schema.dateTime)),
            ("notes", Schema.array(Schema.object([("text", .string), ("writtenBy", .string), ("writtenAt", Schema.dateTime)]))),
            ("photos", Schema.array(.string)),
        ])
        let departments = Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))
        let schemas: [String: JSONSchema] = [
            "ServiceItem": item,
            "ServiceItemPage": Schema.object([("items", Schema.array(Schema.ref("ServiceItem"))), ("page", .integer), ("per", .integer), ("total", .integer)]),
            "DeskHandover": Schema.object([
                ("id", Schema.uuid), ("day", .string), ("slot", Schema.enumeration(DeskSlot.allCases.map(\.rawValue))), ("from", departments), ("to", departments),
                ("offeredBy", .string), ("offeredAt", Schema.dateTime), ("note", Schema.nullable(.string)), ("itemCount", .integer), ("urgentCount", .integer),
                ("acceptedBy", Schema.nullable(.string)), ("acceptedAt", Schema.nullable(Schema.dateTime)), ("acceptedCount", Schema.nullable(.integer)),
                ("items", Schema.array(Schema.object([("itemID", Schema.uuid), ("referenceNo", .string), ("urgent", .boolean), ("accepted", Schema.nullable(.boolean)),
                                                      ("department", departments)]))),
            ]),
            "ShiftTimes": Schema.object([("morningHandover", .string), ("eveningHandover", .string)]),
            "RevealedPhone": Schema.object([("phone", Schema.nullable(.string))]),
            "ComplaintReview": Schema.object([
                ("month", .string), ("note", Schema.nullable(.string)), ("signedBy", Schema.nullable(.string)), ("signedAt", Schema.nullable(Schema.dateTime)),
                ("figures", Schema.object([("total", .integer), ("satisfied", .integer), ("satisfiedFirstTime", .integer), ("reopened", .integer), ("open", .integer),
                                           ("late", .integer), ("bySeverity", JSONSchema.object(additionalProperties: .init(JSONSchema.integer)))])),
            ]),
        ]
        let tag = "service desk"
        let one = Schema.ref("ServiceItem")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/service-items", "list service items", tag: tag,
                 query: [("status", statusQuery), ("kind", kindQuery), ("department", departmentQuery), ("owner", ownerQuery), ("overdue", overdueQuery),
                         ("q", searchQuery), ("page", InputFields.page), ("per", InputFields.per)],
                 returns: Schema.ref("ServiceItemPage"), rules: "SH-33"),
            .post("/api/v1/properties/{propertyID}/service-items", "record service item", tag: tag, body: NewServiceItemInput.self, status: 201, returns: one, rules: "SH-33, SH-11")
                .linking("Assign", to: "assign_service_item", parameter: "itemID"),
            .get("/api/v1/service-items/{itemID}", "service item", tag: tag, returns: one, rules: "SH-33"),
            .get("/api/v1/service-items/{itemID}/photos/{attachmentID}", "service item photo", tag: tag, returns: nil, rules: "SH-33")
                .returningFile(["image/jpeg", "image/png", "image/webp"]),
            .post("/api/v1/service-items/{itemID}/phone", "reveal service item phone", tag: tag, returns: Schema.ref("RevealedPhone"), rules: "SH-33"),
            .post("/api/v1/service-items/{itemID}/assignment", "assign service item", tag: tag, body: ServiceAssignInput.self, returns: one, rules: "SH-33"),
            .post("/api/v1/service-items/{itemID}/notes", "note on service item", tag: tag, body: ServiceNoteInput.self, status: 201, returns: one, rules: "SH-33"),
            .post("/api/v1/service-items/{itemID}/done", "service item done", tag: tag, body: ServiceDoneInput.self, returns: one, rules: "SH-33"),
            .post("/api/v1/service-items/{itemID}/callback", "call back complaint", tag: tag, body: ServiceCallbackInput.self, returns: one, rules: "SH-33"),
            .post("/api/v1/service-items/{itemID}/verification", "verify repair", tag: tag, body: ServiceVerifyInput.self, returns: one, rules: "SH-11"),
            .post("/api/v1/properties/{propertyID}/desk-handovers", "offer desk handover", tag: tag, body: DeskHandoverInput.self, status: 201,
                  returns: Schema.ref("DeskHandover"), rules: "HO-7, HO-8"),
            .get("/api/v1/desk-handovers/{handoverID}", "desk handover", tag: tag, returns: Schema.ref("DeskHandover"), rules: "HO-7"),
            .post("/api/v1/desk-handovers/{handoverID}/acceptance", "accept desk handover", tag: tag, body: DeskAcceptInput.self, returns: Schema.ref("DeskHandover"), rules: "HO-7"),
            .get("/api/v1/properties/{propertyID}/complaint-reviews/{month}", "complaint review", tag: tag, returns: Schema.ref("ComplaintReview"), rules: "SH-33"),
            .post("/api/v1/properties/{propertyID}/complaint-reviews/{month}", "sign complaint review", tag: tag, body: ComplaintReviewInput.self, status: 201,
                  returns: Schema.ref("ComplaintReview"), rules: "SH-33"),
            .get("/api/v1/properties/{propertyID}/shift-settings", "shift settings", tag: tag, returns: Schema.ref("ShiftTimes"), rules: "HO-7"),
            .post("/api/v1/properties/{propertyID}/shift-settings", "set shift settings", tag: tag, body: ShiftSettingsInput.self, returns: Schema.ref("ShiftTimes"), rules: "HO-7, KY-3"),
        ])
    }
}
