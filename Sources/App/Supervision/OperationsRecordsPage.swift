import Fluent
import OpenAPIKit30
import Vapor

/// 运行记录 — a property's records of one kind (fire checks, drills, the
/// weather, the night posts, cleaning, vendors, audits, training,
/// assessments, negligence), the form for the kind, and each record with its
/// review; the same in the API (SH-5, SH-6, SH-7, SH-20, SH-35, SH-37, SH-38).
enum OperationsRecordsPage {
    /// What the page's form sends: the score as typed.
    struct Sent: CheckedInput, Content {
        var kind: String?, showHouseID: String?, department: String?, subjectID: String?, vendor: String?, title: String?
        var checks: [OperationsRecordInput.Check]?, summary: String?, score: String?, followUp: String?

        static let schema = InputSchema("OperationsRecordForm", OperationsRecordInput.schema.fields.map { name, field in
            name == "score" ? (name, .text(3, pattern: "^[0-9]{0,3}$", label: field.label, rule: "SH-35")) : (name, field)
        })

        var input: OperationsRecordInput {
            OperationsRecordInput(kind: kind, showHouseID: showHouseID, department: department, subjectID: subjectID, vendor: vendor, title: title, checks: checks,
                                  summary: summary, score: Input.text(score).flatMap(Int.init), followUp: followUp)
        }
    }

    static func register(pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "operations-records") { req in try await list(req, form: .blank) }
        pages.post("properties", ":propertyID", "operations-records") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let made = try await OperationsRecords.record(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(Sent.self).input, on: req)
                return (Text("已登记\(made.kind.title.zh)", "\(made.kind.title.en) recorded"), "/operations-records/\(made.id!)")
            }
        }
        pages.get("operations-records", ":recordID") { req in try await show(req, form: .blank) }
        pages.post("operations-records", ":recordID", "review") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await OperationsRecords.review(recordID: req.parameters.get("recordID", as: UUID.self), try req.input(OperationsReviewInput.self), on: req)
                return (Text("已审阅", "Reviewed"), "/operations-records/\(made.id!)")
            }
        }
    }

    static func register(api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "operations-records") { req async throws -> [OperationsRecordQueries.View] in
            let actor = try req.actor
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: actor, action: .viewOperationsRecords)
            let kind = try req.queryValue("kind", OperationsRecordQueries.kindQuery).flatMap(OperationsKind.init(rawValue:))
            return try await OperationsRecordQueries.list(propertyID: property.id, kind: kind, actor: actor, on: req.db)
        }
        api.post("properties", ":propertyID", "operations-records") { req async throws -> Response in
            let made = try await OperationsRecords.record(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(OperationsRecordInput.self), on: req)
            return try KeysAPI.created(try await OperationsRecordQueries.views([made], on: req.db)[0])
        }
        api.get("operations-records", ":recordID") { req async throws -> OperationsRecordQueries.View in
            let (found, _) = try await OperationsRecordQueries.one(try Input.uuid(req.parameters.get("recordID"), field: "recordID"), actor: try req.actor, on: req)
            return try await OperationsRecordQueries.views([found], on: req.db)[0]
        }
        api.post("operations-records", ":recordID", "review") { req async throws -> OperationsRecordQueries.View in
            let made = try await OperationsRecords.review(recordID: try Input.uuid(req.parameters.get("recordID"), field: "recordID"), try req.input(OperationsReviewInput.self), on: req)
            return try await OperationsRecordQueries.views([made], on: req.db)[0]
        }
    }

    static func reviewBadge(_ ctx: ViewContext, _ v: OperationsRecordQueries.View) -> Node {
        switch v.review {
        case "waiting": H.span(.class("badge s-out")) { ctx.t("待审阅", "To review") }
        case "approved": H.span(.class("badge h-accepted")) { ctx.t("已审阅通过", "Approved") }
        case "not_approved": H.span(.class("badge overdue")) { ctx.t("审阅未通过", "Not approved") }
        default: Node.empty
        }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewOperationsRecords)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let kind = OperationsKind(rawValue: try form.value("kind") ?? req.queryValue("kind", OperationsRecordQueries.kindQuery) ?? "") ?? .fireCheck
        let rows = try await OperationsRecordQueries.list(propertyID: property.id, kind: kind, actor: actor, limit: 50, on: req.db)
        let houses = try await ShowHouse.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all()
        let people = OperationsRules.needsSubject(kind) ? try await ServiceQueries.colleagues(propertyID: property.id, department: nil, on: req.db).filter { $0.id != actor.id } : []
        let base = "/properties/\(property.id)/operations-records"
        let items = OperationsRules.checklist(kind)
        return Layout.page(ctx, title: ctx.t(kind.title), wide: true) {
            H.h1 { property.name + " · " + ctx.t("运行记录", "Records") }
            H.nav(.class("chips no-print"), .attr("aria-label", ctx.t("记录类别", "Kinds"))) {
                for k in OperationsKind.allCases { H.a(.href(base + "?kind=\(k.rawValue)"), .when(k == kind, .attr("aria-current", "page"))) { ctx.t(k.title) } }
            }
            H.h2 { ctx.t(kind.title) }
            Form.problems(ctx, form)
            if ctx.may(OperationsRules.action(for: kind), at: property.id) {
                H.details(.class("card no-print"), .when(form.isRefused || rows.isEmpty, .attr("open", "open"))) {
                    H.summary { ctx.t("填写\(kind.title.zh)", "Record a \(kind.title.en.lowercased())") }
                    H.form(.method("post"), .action(base), .id("record-form")) {
                        ctx.csrfField
                        H.input(.type("hidden"), .name("kind"), .value(kind.rawValue))
                        let schema = OperationsRecordInput.schema
                        Form.input(ctx, form, "title", label: ctx.t("标题", "Title"), field: schema.field("title"), value: kind.title.zh + " " + time.day(ctx.now), required: true)
                        if OperationsRules.needsShowHouse(kind) {
                            Form.select(ctx, form, "showHouseID", label: ctx.t("样板房", "Show house"), options: houses.map { ($0.id!.uuidString, $0.name) }, required: true)
                        }
                        if OperationsRules.needsDepartment(kind) {
                            Form.select(ctx, form, "department", label: ctx.t("被检查的部门", "Department audited"), options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) }, required: true)
                        }
                        if OperationsRules.needsSubject(kind) {
                            Form.select(ctx, form, "subjectID", label: ctx.t("员工", "Person"), options: people.map { ($0.id.uuidString, $0.name + " · " + $0.department.title.zh) },
                                        prompt: ctx.t("请选择", "Choose"), required: true)
                        }
                        if OperationsRules.needsVendor(kind) { Form.input(ctx, form, "vendor", label: ctx.t("外包单位", "Vendor"), field: schema.field("vendor"), required: true) }
                        for (index, item) in items.enumerated() {
                            Form.checklistLine(ctx, form, list: "checks", index: index, item: item, choice: "ok",
                                               options: [("true", ctx.t("正常", "In order")), ("false", ctx.t("有问题", "A problem"))], selected: "true",
                                               note: Text("问题说明", "What is wrong"), id: "check-\(index)")
                        }
                        Form.textarea(ctx, form, "summary", label: ctx.t("情况记录", "What was found or done"), field: schema.field("summary"), required: true, rows: 4)
                        if OperationsRules.needsScore(kind) {
                            Form.input(ctx, form, "score", label: ctx.t("评分（0–100）", "Score (0–100)"), field: Sent.schema.field("score"), type: "number", required: true,
                                       extra: [.attr("min", "0"), .attr("max", "100"), .attr("inputmode", "numeric")])
                        }
                        Form.textarea(ctx, form, "followUp", label: kind == .negligence ? ctx.t("造成的损失与处理意见", "The loss and what is to be done")
                                                                  : ctx.t("整改意见 / 跟进措施", "Rectification opinion / follow-up"), field: schema.field("followUp"))
                        H.button(.id("record-save")) { ctx.t("保存", "Save") }
                    }
                }
            }
            if rows.isEmpty { H.p(.class("empty-state")) { ctx.t("暂无记录", "No records yet") } }
            H.ul(.class("plain tap-list"), .id("records")) {
                for r in rows {
                    H.li {
                        H.a(.class("strong-link"), .href("/operations-records/\(r.id)")) { r.title }
                        " " + time.dateTime(r.recordedAt) + " · " + r.recordedBy + " "
                        reviewBadge(ctx, r)
                        if r.checks.contains(where: { !$0.ok }) { " "; H.span(.class("badge late")) { ctx.t("有问题", "problems") } }
                    }
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (found, property) = try await OperationsRecordQueries.one(req.parameters.get("recordID", as: UUID.self), actor: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let v = try await OperationsRecordQueries.views([found], on: req.db)[0]
        let events = try await AuditLog.history(recordType: OperationsRecord.auditType, recordID: v.id, on: req.db)
        let rank = OperationsRules.review(of: v.kind).rank
        let mayReview = v.reviewedAt == nil && rank.map { actor.rank >= $0 } == true && ctx.may(.reviewOperationsRecord, at: property.id)
            && found.$recordedBy.id != actor.id && v.subjectID != actor.id
        return Layout.page(ctx, title: ctx.t(v.kind.title) + " · " + v.title) {
            H.p(.class("print-only")) { H.strong { "《\(v.kind.title.zh)记录》" }; "　" + property.name }
            H.h1 { ctx.t(v.kind.title) + " · " + v.title }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/operations-records?kind=\(v.kind.rawValue)")) { ctx.t("← 全部", "← All") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p { reviewBadge(ctx, v) }
            Form.problems(ctx, form)
            H.section(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("记录", "Recorded") }; H.dd { v.recordedBy + " " + time.dateTime(v.recordedAt) }
                    if let house = v.showHouse { H.dt { ctx.t("样板房", "Show house") }; H.dd { house } }
                    if let department = v.department { H.dt { ctx.t("部门", "Department") }; H.dd { ctx.t(department.title) } }
                    if let subject = v.subject { H.dt { ctx.t("员工", "Person") }; H.dd { subject } }
                    if let vendor = v.vendor { H.dt { ctx.t("外包单位", "Vendor") }; H.dd { vendor } }
                    if let score = v.score { H.dt { ctx.t("评分", "Score") }; H.dd { String(score) } }
                    H.dt { ctx.t("情况", "Found") }; H.dd(.class("pre")) { v.summary }
                    if let followUp = v.followUp { H.dt { v.kind == .negligence ? ctx.t("损失与处理", "Loss and action") : ctx.t("整改 / 跟进", "Follow-up") }; H.dd(.class("pre")) { followUp } }
                    if let at = v.reviewedAt {
                        H.dt { ctx.t("审阅", "Reviewed") }; H.dd { (v.reviewedBy ?? "") + " " + time.dateTime(at) + (v.reviewNote.map { " · " + $0 } ?? "") }
                    }
                }
                if !v.checks.isEmpty {
                    H.ol {
                        for c in v.checks {
                            H.li { H.span(.class("badge" + (c.ok ? " h-accepted" : " overdue"))) { c.ok ? ctx.t("正常", "OK") : ctx.t("有问题", "Problem") }; " " + c.item + (c.note.map { " —— " + $0 } ?? "") }
                        }
                    }
                }
            }
            if mayReview {
                H.form(.class("card no-print"), .method("post"), .action("/operations-records/\(v.id)/review"), .id("record-review")) {
                    ctx.csrfField
                    H.h2 { v.kind == .nightPostLayout ? ctx.t("领导审批", "Approve") : ctx.t("审阅", "Review") }
                    Form.radios(ctx, form, "approved", legend: ctx.t("结论", "Decision"), options: [("true", ctx.t("通过", "Approve")), ("false", ctx.t("不通过", "Not approved"))], selected: "true")
                    Form.textarea(ctx, form, "note", label: ctx.t("审阅意见（不通过时必填）", "Note (needed when not approved)"), field: OperationsReviewInput.schema.field("note"))
                    H.button(.id("record-review-button")) { ctx.t("提交", "Submit") }
                }
            }
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }

    static var section: APISection {
        let nullableString = Schema.nullable(.string), nullableUUID = Schema.nullable(Schema.uuid)
        let check = Schema.object([("item", .string), ("ok", .boolean), ("note", nullableString)], optional: ["note"])
        let record = Schema.object([
            ("id", Schema.uuid), ("kind", Schema.enumeration(OperationsKind.allCases.map(\.rawValue))), ("day", .string), ("showHouseID", nullableUUID), ("showHouse", nullableString),
            ("department", Schema.nullable(Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue)))), ("subjectID", nullableUUID), ("subject", nullableString),
            ("vendor", nullableString), ("title", .string), ("checks", Schema.array(check)), ("summary", .string), ("score", Schema.nullable(.integer)), ("followUp", nullableString),
            ("recordedBy", .string), ("recordedAt", Schema.dateTime), ("review", Schema.enumeration(["none", "waiting", "approved", "not_approved"])),
            ("reviewedBy", nullableString), ("reviewedAt", Schema.nullable(Schema.dateTime)), ("approved", Schema.nullable(.boolean)), ("reviewNote", nullableString),
        ], optional: ["showHouseID", "showHouse", "department", "subjectID", "subject", "vendor", "score", "followUp", "reviewedBy", "reviewedAt", "approved", "reviewNote"])
        let tag = "supervision"
        return APISection(schemas: ["OperationsRecord": record], operations: [
            .get("/api/v1/properties/{propertyID}/operations-records", "operations records", tag: tag, query: [("kind", OperationsRecordQueries.kindQuery)],
                 returns: Schema.array(Schema.ref("OperationsRecord")), rules: "SH-5, SH-6, SH-7, SH-20, SH-35, SH-37, SH-38"),
            .post("/api/v1/properties/{propertyID}/operations-records", "record operations", tag: tag, body: OperationsRecordInput.self, status: 201,
                  returns: Schema.ref("OperationsRecord"), rules: "SH-5, SH-6, SH-7, SH-20, SH-35, SH-37, SH-38"),
            .get("/api/v1/operations-records/{recordID}", "operations record", tag: tag, returns: Schema.ref("OperationsRecord"), rules: "SH-6"),
            .post("/api/v1/operations-records/{recordID}/review", "review operations record", tag: tag, body: OperationsReviewInput.self, returns: Schema.ref("OperationsRecord"),
                  rules: "SH-5, SH-6, SH-7, SH-38"),
        ])
    }
}
