import Fluent
import OpenAPIKit30
import Vapor

/// Site access in the JSON API (SH-1…SH-5, SH-40…SH-46). Same service functions as the pages.
enum SiteAccessAPI {
    static let statusQuery = InputField.choice(WorkFormStatus.allCases.map(\.rawValue), label: Text("状态", "status"), rule: "SH-41")
    static let contractorQuery = InputField(.uuid, label: Text("施工单位", "contractorID"), rule: "SH-46")
    static let dayQuery = InputField(.date, label: Text("日期", "day"), rule: "SH-44")

    static func id(_ req: Request, _ name: String) throws -> UUID? { try Input.uuid(req.parameters.get(name), field: name) }

    static func today(_ req: Request, _ property: PropertyInfo) -> String { property.localTime.day(req.now) }

    static func form(_ id: UUID, on req: Request) async throws -> SiteAccessQueries.FormView {
        let found = try await WorkLiaisonForms.find(id, for: try req.actor, action: .viewSiteAccess, on: req)
        return try await SiteAccessQueries.form(id, today: today(req, found.1), on: req.db)
    }

    static func register(_ api: any RoutesBuilder) {
        // Contractors (SH-46, ORG-4).
        api.get("properties", ":propertyID", "contractors") { req async throws -> [SiteAccessQueries.ContractorView] in
            let actor = try req.actor
            let property = try await req.property(try id(req, "propertyID"), for: actor, action: .viewSiteAccess)
            return try await SiteAccessQueries.contractors(propertyID: property.id, only: actor.contractorID, on: req.db)
        }
        api.post("properties", ":propertyID", "contractors") { req async throws -> Response in
            let made = try await Contractors.register(propertyID: try id(req, "propertyID"), try req.input(ContractorInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.contractorViews([made], on: req.db)[0])
        }
        api.get("contractors", ":contractorID") { req async throws -> SiteAccessQueries.ContractorView in
            let (found, _) = try await Contractors.find(try id(req, "contractorID"), for: try req.actor, action: .viewSiteAccess, on: req)
            return try await SiteAccessQueries.contractorViews([found], on: req.db)[0]
        }
        api.post("contractors", ":contractorID", "accounts") { req async throws -> Response in
            let staff = try await Contractors.openAccount(contractorID: try id(req, "contractorID"), try req.input(ContractorAccountInput.self), on: req)
            return try KeysAPI.created(SiteAccessQueries.AccountView(staffID: staff.id!, username: staff.username, name: staff.name, active: staff.isActive))
        }
        api.post("contractors", ":contractorID", "incidents") { req async throws -> Response in
            let made = try await SiteGate.recordIncident(contractorID: try id(req, "contractorID"), try req.input(ContractorIncidentInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.incidentViews([made], on: req.db)[0])
        }
        api.get("properties", ":propertyID", "site-access-settings") { req async throws -> SiteAccessQueries.SettingsView in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewSiteAccess)
            let settings = try await Contractors.settings(of: property.id, on: req.db)
            return SiteAccessQueries.SettingsView(leadDays: settings.leadDays, longestDays: settings.longestDays)
        }
        api.post("properties", ":propertyID", "site-access-settings") { req async throws -> SiteAccessQueries.SettingsView in
            let saved = try await Contractors.saveSettings(propertyID: try id(req, "propertyID"), try req.input(SiteAccessSettingsInput.self), on: req)
            return SiteAccessQueries.SettingsView(leadDays: saved.leadDays, longestDays: saved.longestDays)
        }
        // Work liaison forms (SH-40…SH-43).
        api.get("properties", ":propertyID", "work-forms") { req async throws -> Page<SiteAccessQueries.FormView> in
            let actor = try req.actor
            let property = try await req.property(try id(req, "propertyID"), for: actor, action: .viewSiteAccess)
            let paging = try Paging.from(req)
            let filter = SiteAccessQueries.FormFilter(status: try req.queryValue("status", statusQuery).flatMap(WorkFormStatus.init(rawValue:)),
                                                      contractorID: try actor.contractorID ?? Input.uuid(try req.queryValue("contractorID", contractorQuery), field: "contractorID"))
            let (items, total) = try await SiteAccessQueries.forms(propertyID: property.id, filter: filter, paging: paging, today: today(req, property), on: req.db)
            return Page(items: items, paging: paging, total: total)
        }
        api.on(.POST, "properties", ":propertyID", "work-forms", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            _ = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .fileWorkForm)
            let input = try req.input(WorkFormInput.self)
            let drawings = try (input.drawings ?? []).enumerated().map { try Upload.dataURL($1, field: "drawings.\($0)", allowPDF: true, rule: "SH-40") }
            let made = try await WorkLiaisonForms.file(propertyID: try id(req, "propertyID"), input, drawings: drawings, on: req)
            return try KeysAPI.created(try await form(made.id!, on: req))
        }
        api.get("work-forms", ":formID") { req async throws -> SiteAccessQueries.FormView in try await form(try id(req, "formID") ?? UUID(), on: req) }
        api.get("work-forms", ":formID", "drawings", ":attachmentID") { req async throws -> Response in
            let (found, _) = try await WorkLiaisonForms.find(try id(req, "formID"), for: try req.actor, action: .viewSiteAccess, on: req)
            return try await Attachments.response(try id(req, "attachmentID"), of: WorkLiaisonForm.auditType, found.id!, on: req.db)
        }
        api.post("work-forms", ":formID", "approval") { req async throws -> SiteAccessQueries.FormView in
            try await form(try await WorkLiaisonForms.approve(formID: try id(req, "formID"), try req.input(WorkFormStepInput.self), on: req).id!, on: req)
        }
        api.post("work-forms", ":formID", "extra-approval") { req async throws -> SiteAccessQueries.FormView in
            try await form(try await WorkLiaisonForms.approveExtra(formID: try id(req, "formID"), try req.input(WorkFormNoteInput.self), on: req).id!, on: req)
        }
        api.post("work-forms", ":formID", "refusal") { req async throws -> SiteAccessQueries.FormView in
            try await form(try await WorkLiaisonForms.refuse(formID: try id(req, "formID"), try req.input(WorkFormNoteInput.self), on: req).id!, on: req)
        }
        api.post("work-forms", ":formID", "close") { req async throws -> SiteAccessQueries.FormView in
            try await form(try await WorkLiaisonForms.close(formID: try id(req, "formID"), on: req).id!, on: req)
        }
        api.post("work-form-workers", ":workerID", "certificate") { req async throws -> SiteAccessQueries.FormView in
            try await form(try await WorkLiaisonForms.recordCertificate(workerID: try id(req, "workerID"), try req.input(WorkerCertificateInput.self), on: req).$form.id, on: req)
        }
        // The gate (SH-44) and the site (SH-45).
        api.get("work-forms", ":formID", "entries") { req async throws -> [SiteAccessQueries.EntryView] in
            let (found, _) = try await WorkLiaisonForms.find(try id(req, "formID"), for: try req.actor, action: .viewSiteAccess, on: req)
            return try await SiteAccessQueries.entries(formID: found.id!, on: req.db)
        }
        api.post("work-forms", ":formID", "entries") { req async throws -> Response in
            let made = try await SiteGate.enter(formID: try id(req, "formID"), try req.input(SiteEntryInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.entryViews([made], on: req.db)[0])
        }
        api.post("site-entries", ":siteEntryID", "exit") { req async throws -> SiteAccessQueries.EntryView in
            try await SiteAccessQueries.entryViews([try await SiteGate.exit(entryID: try id(req, "siteEntryID"), try req.input(SiteExitInput.self), on: req)], on: req.db)[0]
        }
        api.get("work-forms", ":formID", "checks") { req async throws -> [SiteAccessQueries.CheckView] in
            let (found, _) = try await WorkLiaisonForms.find(try id(req, "formID"), for: try req.actor, action: .viewSiteAccess, on: req)
            return try await SiteAccessQueries.checks(formID: found.id!, on: req.db)
        }
        api.post("work-forms", ":formID", "checks") { req async throws -> Response in
            let made = try await SiteGate.check(formID: try id(req, "formID"), try req.input(SiteCheckInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.checks(formID: made.$form.id, on: req.db).first { $0.id == made.id }!)
        }
        api.get("properties", ":propertyID", "on-site") { req async throws -> [SiteAccessQueries.EntryView] in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewShowHouses)
            return try await SiteAccessQueries.onSite(propertyID: property.id, on: req.db)
        }
        api.get("properties", ":propertyID", "site-entries") { req async throws -> [SiteAccessQueries.EntryView] in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewShowHouses)
            let day = try req.queryValue("day", dayQuery) ?? property.localTime.day(req.now)
            guard let from = property.localTime.startOfDay(day) else { throw WuyeError.invalid("day", Text("日期不正确", "is not a day"), rule: "SH-44") }
            return try await SiteAccessQueries.entries(propertyID: property.id, from: from, to: from.addingTimeInterval(86_400), on: req.db)
        }
        // Emergency entries (SH-1, SH-2, SH-54).
        api.get("properties", ":propertyID", "emergency-entries") { req async throws -> [SiteAccessQueries.EmergencyView] in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewShowHouses)
            return try await SiteAccessQueries.emergencies(propertyID: property.id, openOnly: false, on: req.db)
        }
        api.post("properties", ":propertyID", "emergency-entries") { req async throws -> Response in
            let made = try await EmergencyEntries.record(propertyID: try id(req, "propertyID"), try req.input(EmergencyEntryInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.emergencyViews([made], on: req.db)[0])
        }
        api.get("emergency-entries", ":emergencyID") { req async throws -> SiteAccessQueries.EmergencyView in
            let (found, _, _) = try await EmergencyEntries.find(try id(req, "emergencyID"), for: try req.actor, action: .viewShowHouses, on: req)
            return try await SiteAccessQueries.emergencyViews([found], on: req.db)[0]
        }
        api.post("emergency-entries", ":emergencyID", "confirmation") { req async throws -> SiteAccessQueries.EmergencyView in
            try await SiteAccessQueries.emergencyViews([try await EmergencyEntries.confirm(entryID: try id(req, "emergencyID"), on: req)], on: req.db)[0]
        }
        api.post("emergency-entries", ":emergencyID", "exit") { req async throws -> SiteAccessQueries.EmergencyView in
            try await SiteAccessQueries.emergencyViews([try await EmergencyEntries.leave(entryID: try id(req, "emergencyID"), on: req)], on: req.db)[0]
        }
        api.post("emergency-entries", ":emergencyID", "report") { req async throws -> SiteAccessQueries.EmergencyView in
            try await SiteAccessQueries.emergencyViews([try await EmergencyEntries.report(entryID: try id(req, "emergencyID"), try req.input(EmergencyReportInput.self), on: req)], on: req.db)[0]
        }
        // After-hours passes (SH-3).
        api.get("properties", ":propertyID", "after-hours-passes") { req async throws -> [SiteAccessQueries.PassView] in
            let property = try await req.property(try id(req, "propertyID"), for: try req.actor, action: .viewShowHouses)
            return try await SiteAccessQueries.passes(propertyID: property.id, since: req.now.addingTimeInterval(-7 * 86_400), on: req.db)
        }
        api.post("properties", ":propertyID", "after-hours-passes") { req async throws -> Response in
            let made = try await AfterHoursPasses.request(propertyID: try id(req, "propertyID"), try req.input(AfterHoursPassInput.self), on: req)
            return try KeysAPI.created(try await SiteAccessQueries.passViews([made], on: req.db)[0])
        }
        api.post("after-hours-passes", ":passID", "decision") { req async throws -> SiteAccessQueries.PassView in
            try await SiteAccessQueries.passViews([try await AfterHoursPasses.decide(passID: try id(req, "passID"), try req.input(PassDecisionInput.self), on: req)], on: req.db)[0]
        }
        api.post("after-hours-passes", ":passID", "admission") { req async throws -> SiteAccessQueries.PassView in
            try await SiteAccessQueries.passViews([try await AfterHoursPasses.admit(passID: try id(req, "passID"), on: req)], on: req.db)[0]
        }
    }

    static var section: APISection {
        let nullableString = Schema.nullable(.string), nullableTime = Schema.nullable(Schema.dateTime), nullableUUID = Schema.nullable(Schema.uuid)
        let trade = Schema.nullable(Schema.enumeration(SpecialTrade.allCases.map(\.rawValue)))
        let worker = Schema.object([
            ("id", Schema.uuid), ("position", .integer), ("name", .string), ("trade", trade), ("certificateNo", nullableString), ("certificateExpires", nullableString),
            ("certificateValid", .boolean), ("expelled", .boolean), ("onSiteEntryID", nullableUUID),
        ], optional: ["trade", "certificateNo", "certificateExpires", "onSiteEntryID"])
        let formOptional: Set<String> = ["showHouseID", "showHouse", "extraApprovedBy", "extraApprovedAt", "extraNote", "nextStep", "leadershipBy", "leadershipAt", "leadershipNote",
                            "engineeringBy", "engineeringAt", "engineeringNote", "registeredBy", "registeredAt", "replyNo", "securityBy", "securityAt", "refusedBy",
                            "refusedAt", "refusalReason", "closedBy", "closedAt"]
        let form = Schema.object([
            ("id", Schema.uuid), ("referenceNo", .string), ("contractorID", Schema.uuid), ("contractor", .string), ("project", .string), ("scope", .string),
            ("showHouseID", nullableUUID), ("showHouse", nullableString), ("area", .string), ("startsAt", Schema.dateTime), ("endsAt", Schema.dateTime),
            ("headcount", .integer), ("teamLeader", .string), ("leaderPhone", .string), ("description", .string), ("cutsPower", .boolean), ("cutsWater", .boolean),
            ("cutsEquipment", .boolean), ("crossesAreas", .boolean), ("needsExtraApproval", .boolean), ("extraApprovedBy", nullableString),
            ("extraApprovedAt", nullableTime), ("extraNote", nullableString), ("status", Schema.enumeration(WorkFormStatus.allCases.map(\.rawValue))),
            ("nextStep", Schema.nullable(Schema.enumeration(SiteAccessRules.Step.allCases.map(\.rawValue)))), ("filedBy", .string), ("filedByID", Schema.uuid),
            ("filedAt", Schema.dateTime), ("leadershipBy", nullableString), ("leadershipAt", nullableTime), ("leadershipNote", nullableString),
            ("engineeringBy", nullableString), ("engineeringAt", nullableTime), ("engineeringNote", nullableString), ("registeredBy", nullableString),
            ("registeredAt", nullableTime), ("replyNo", nullableString), ("securityBy", nullableString), ("securityAt", nullableTime), ("refusedBy", nullableString),
            ("refusedAt", nullableTime), ("refusalReason", nullableString), ("closedBy", nullableString), ("closedAt", nullableTime),
            ("workers", Schema.array(Schema.ref("WorkFormWorker"))), ("drawings", Schema.array(Schema.uuid)), ("onSite", .integer),
        ], optional: formOptional)
        let entry = Schema.object([
            ("id", Schema.uuid), ("formID", Schema.uuid), ("referenceNo", .string), ("contractor", .string), ("area", .string), ("workerID", Schema.uuid),
            ("worker", .string), ("trade", trade), ("enteredAt", Schema.dateTime), ("enteredBy", .string), ("night", .boolean), ("exitedAt", nullableTime),
            ("exitedBy", nullableString), ("carriedOut", nullableString), ("note", nullableString),
        ], optional: ["trade", "exitedAt", "exitedBy", "carriedOut", "note"])
        let mark = Schema.object([("item", .string), ("ok", .boolean), ("note", nullableString)], optional: ["note"])
        let check = Schema.object([
            ("id", Schema.uuid), ("formID", Schema.uuid), ("stage", Schema.enumeration(SiteCheckStage.allCases.map(\.rawValue))), ("lines", Schema.array(mark)),
            ("allOK", .boolean), ("checkedBy", .string), ("checkedAt", Schema.dateTime),
        ])
        let incident = Schema.object([
            ("id", Schema.uuid), ("contractorID", Schema.uuid), ("contractor", .string), ("formID", nullableUUID), ("referenceNo", nullableString),
            ("workerID", nullableUUID), ("worker", nullableString), ("kind", Schema.enumeration(ContractorIncidentKind.allCases.map(\.rawValue))),
            ("description", .string), ("compensation", nullableString), ("workStopped", .boolean), ("serviceItemID", nullableUUID), ("recordedBy", .string),
            ("recordedAt", Schema.dateTime),
        ], optional: ["formID", "referenceNo", "workerID", "worker", "compensation", "serviceItemID"])
        let account = Schema.object([("staffID", Schema.uuid), ("username", .string), ("name", .string), ("active", .boolean)])
        let contractor = Schema.object([
            ("id", Schema.uuid), ("name", .string), ("contact", .string), ("phone", .string), ("registeredAt", Schema.dateTime), ("expelledAt", nullableTime),
            ("expelledReason", nullableString), ("forms", .integer), ("incidents", Schema.array(Schema.ref("ContractorIncident"))),
            ("accounts", Schema.array(Schema.ref("ContractorAccount"))), ("compensation", .string),
        ], optional: ["expelledAt", "expelledReason"])
        let emergency = Schema.object([
            ("id", Schema.uuid), ("showHouseID", Schema.uuid), ("showHouse", .string), ("emergency", Schema.enumeration(Emergency.allCases.map(\.rawValue))),
            ("reason", .string), ("guards", .string), ("recordedBy", .string), ("recordedAt", Schema.dateTime), ("supervisorID", Schema.uuid), ("supervisor", .string),
            ("stage", Schema.enumeration(EmergencyStage.allCases.map(\.rawValue))), ("enteredAt", nullableTime), ("keySetID", nullableUUID), ("exitedAt", nullableTime),
            ("exitedBy", nullableString), ("report", nullableString), ("reportedAt", nullableTime),
        ], optional: ["enteredAt", "keySetID", "exitedAt", "exitedBy", "report", "reportedAt"])
        let pass = Schema.object([
            ("id", Schema.uuid), ("showHouseID", Schema.uuid), ("showHouse", .string), ("visitor", .string), ("purpose", .string), ("validFrom", Schema.dateTime),
            ("validUntil", Schema.dateTime), ("requestedBy", .string), ("requestedByID", Schema.uuid), ("requestedAt", Schema.dateTime),
            ("approved", Schema.nullable(.boolean)), ("decidedBy", nullableString), ("decidedAt", nullableTime), ("decisionNote", nullableString),
            ("admittedBy", nullableString), ("admittedAt", nullableTime),
        ], optional: ["approved", "decidedBy", "decidedAt", "decisionNote", "admittedBy", "admittedAt"])
        let settings = Schema.object([("leadDays", .integer), ("longestDays", .integer)])
        let page = Schema.object([("items", Schema.array(Schema.ref("WorkLiaisonForm"))), ("page", .integer), ("per", .integer), ("total", .integer)])
        let schemas: [String: JSONSchema] = [
            "WorkLiaisonForm": form, "WorkFormWorker": worker, "WorkFormPage": page, "SiteEntry": entry, "WorkSiteCheck": check, "ContractorIncident": incident,
            "ContractorAccount": account, "Contractor": contractor, "EmergencyEntry": emergency, "AfterHoursPass": pass, "SiteAccessSettings": settings,
        ]
        let tag = "site access"
        let one = Schema.ref("WorkLiaisonForm")
        let pageQuery: [(String, InputField)] = [("page", InputFields.page), ("per", InputFields.per)]
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/contractors", "contractors", tag: tag, returns: Schema.array(Schema.ref("Contractor")), rules: "SH-46"),
            .post("/api/v1/properties/{propertyID}/contractors", "register contractor", tag: tag, body: ContractorInput.self, status: 201, returns: Schema.ref("Contractor"), rules: "SH-40"),
            .get("/api/v1/contractors/{contractorID}", "contractor", tag: tag, returns: Schema.ref("Contractor"), rules: "SH-46"),
            .post("/api/v1/contractors/{contractorID}/accounts", "open contractor account", tag: tag, body: ContractorAccountInput.self, status: 201,
                  returns: Schema.ref("ContractorAccount"), rules: "ORG-4"),
            .post("/api/v1/contractors/{contractorID}/incidents", "record contractor incident", tag: tag, body: ContractorIncidentInput.self, status: 201,
                  returns: Schema.ref("ContractorIncident"), rules: "SH-44, SH-46"),
            .get("/api/v1/properties/{propertyID}/site-access-settings", "site access settings", tag: tag, returns: Schema.ref("SiteAccessSettings"), rules: "SH-40"),
            .post("/api/v1/properties/{propertyID}/site-access-settings", "save site access settings", tag: tag, body: SiteAccessSettingsInput.self,
                  returns: Schema.ref("SiteAccessSettings"), rules: "SH-40"),
            .get("/api/v1/properties/{propertyID}/work-forms", "work liaison forms", tag: tag,
                 query: [("status", statusQuery), ("contractorID", contractorQuery)] + pageQuery, returns: Schema.ref("WorkFormPage"), rules: "SH-40, SH-41"),
            .post("/api/v1/properties/{propertyID}/work-forms", "file work liaison form", tag: tag, body: WorkFormInput.self, status: 201, returns: one, rules: "SH-40, SH-42, SH-43"),
            .get("/api/v1/work-forms/{formID}", "work liaison form", tag: tag, returns: one, rules: "SH-40"),
            .get("/api/v1/work-forms/{formID}/drawings/{attachmentID}", "work form drawing", tag: tag, returns: nil, rules: "SH-40")
                .returningFile(["image/jpeg", "image/png", "image/webp", "application/pdf"]),
            .post("/api/v1/work-forms/{formID}/approval", "approve work form step", tag: tag, body: WorkFormStepInput.self, returns: one, rules: "SH-41"),
            .post("/api/v1/work-forms/{formID}/extra-approval", "approve outage or crossing", tag: tag, body: WorkFormNoteInput.self, returns: one, rules: "SH-42"),
            .post("/api/v1/work-forms/{formID}/refusal", "refuse work form", tag: tag, body: WorkFormNoteInput.self, returns: one, rules: "SH-41"),
            .post("/api/v1/work-forms/{formID}/close", "close work form", tag: tag, returns: one, rules: "SH-44, SH-45"),
            .post("/api/v1/work-form-workers/{workerID}/certificate", "record worker certificate", tag: tag, body: WorkerCertificateInput.self, returns: one, rules: "SH-43"),
            .get("/api/v1/work-forms/{formID}/entries", "work form gate register", tag: tag, returns: Schema.array(Schema.ref("SiteEntry")), rules: "SH-44"),
            .post("/api/v1/work-forms/{formID}/entries", "let worker in", tag: tag, body: SiteEntryInput.self, status: 201, returns: Schema.ref("SiteEntry"), rules: "SH-43, SH-44"),
            .post("/api/v1/site-entries/{siteEntryID}/exit", "check and release worker", tag: tag, body: SiteExitInput.self, returns: Schema.ref("SiteEntry"), rules: "SH-44"),
            .get("/api/v1/work-forms/{formID}/checks", "work site checks", tag: tag, returns: Schema.array(Schema.ref("WorkSiteCheck")), rules: "SH-45"),
            .post("/api/v1/work-forms/{formID}/checks", "record work site check", tag: tag, body: SiteCheckInput.self, status: 201, returns: Schema.ref("WorkSiteCheck"), rules: "SH-45"),
            .get("/api/v1/properties/{propertyID}/on-site", "who is on site", tag: tag, returns: Schema.array(Schema.ref("SiteEntry")), rules: "SH-44"),
            .get("/api/v1/properties/{propertyID}/site-entries", "gate register of a day", tag: tag, query: [("day", dayQuery)], returns: Schema.array(Schema.ref("SiteEntry")), rules: "SH-44"),
            .get("/api/v1/properties/{propertyID}/emergency-entries", "emergency entries", tag: tag, returns: Schema.array(Schema.ref("EmergencyEntry")), rules: "SH-2"),
            .post("/api/v1/properties/{propertyID}/emergency-entries", "record emergency entry", tag: tag, body: EmergencyEntryInput.self, status: 201,
                  returns: Schema.ref("EmergencyEntry"), rules: "SH-1, SH-2, SH-54"),
            .get("/api/v1/emergency-entries/{emergencyID}", "emergency entry", tag: tag, returns: Schema.ref("EmergencyEntry"), rules: "SH-2"),
            .post("/api/v1/emergency-entries/{emergencyID}/confirmation", "supervisor confirms presence", tag: tag, returns: Schema.ref("EmergencyEntry"), rules: "SH-2, SH-54"),
            .post("/api/v1/emergency-entries/{emergencyID}/exit", "emergency entry left", tag: tag, returns: Schema.ref("EmergencyEntry"), rules: "SH-2"),
            .post("/api/v1/emergency-entries/{emergencyID}/report", "emergency entry report", tag: tag, body: EmergencyReportInput.self, returns: Schema.ref("EmergencyEntry"), rules: "SH-2"),
            .get("/api/v1/properties/{propertyID}/after-hours-passes", "after-hours passes", tag: tag, returns: Schema.array(Schema.ref("AfterHoursPass")), rules: "SH-3"),
            .post("/api/v1/properties/{propertyID}/after-hours-passes", "ask after-hours pass", tag: tag, body: AfterHoursPassInput.self, status: 201,
                  returns: Schema.ref("AfterHoursPass"), rules: "SH-3"),
            .post("/api/v1/after-hours-passes/{passID}/decision", "decide after-hours pass", tag: tag, body: PassDecisionInput.self, returns: Schema.ref("AfterHoursPass"), rules: "SH-3"),
            .post("/api/v1/after-hours-passes/{passID}/admission", "admit on after-hours pass", tag: tag, returns: Schema.ref("AfterHoursPass"), rules: "SH-3"),
        ])
    }
}
