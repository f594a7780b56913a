import Fluent
import Vapor

/// 场地使用申请 — recording a customer's written application, and one
/// application with the next step for whoever may take it: the fire-safety
/// and appearance check, the decision (with the fee the rule sets), the
/// payment (PS-2, PS-3).
enum SpaceUsePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "space-uses", "new") { req in try await newForm(req, form: .blank) }
        pages.post("properties", ":propertyID", "space-uses", "new") { req in
            try await req.formAction(render: { try await newForm(req, form: $0) }) {
                let made = try await PublicSpaces.apply(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(SpaceApplicationInput.self), on: req)
                return (Text("申请已登记，请核查消防安全与美观", "Application recorded; check fire safety and appearance"), "/space-uses/\(made.id!)")
            }
        }
        pages.get("space-uses", ":useID") { req in try await show(req, form: .blank) }
        pages.post("space-uses", ":useID", "check") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let done = try await PublicSpaces.check(useID: req.parameters.get("useID", as: UUID.self), try req.input(SpaceCheckInput.self), on: req)
                return (done.status == .refused ? Text("核查未通过，申请不予批准", "The check failed; the application is refused") : Text("核查通过，待主管审批", "Checked; waiting for a supervisor"), "/space-uses/\(done.id!)")
            }
        }
        pages.post("space-uses", ":useID", "decision") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let done = try await PublicSpaces.decide(useID: req.parameters.get("useID", as: UUID.self), try req.input(SpaceDecisionInput.self), on: req)
                return (done.status == .approved ? Text("已批准，费用 ¥\(CustomerRules.yuan(done.feeFen ?? 0))", "Approved; fee ¥\(CustomerRules.yuan(done.feeFen ?? 0))") : Text("已不予批准", "Refused"), "/space-uses/\(done.id!)")
            }
        }
        pages.post("space-uses", ":useID", "payment") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let done = try await PublicSpaces.pay(useID: req.parameters.get("useID", as: UUID.self), try req.input(SpacePaymentInput.self), on: req)
                return (Text("已登记收费", "Payment recorded"), "/space-uses/\(done.id!)")
            }
        }
    }

    static func newForm(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .recordSpaceUse)
        let ctx = try await req.viewContext(propertyID: property.id)
        let spaces = try await SpaceQueries.spaces(propertyID: property.id, on: req.db).filter { !$0.fireRoute }
        let schema = SpaceApplicationInput.schema
        let today = property.localTime.day(ctx.now)
        // From a customer's file: the application is theirs.
        let customer = try req.queryValue("customer", InputField(.uuid, label: Text("客户", "customer")))
        var applicantName: String?
        if let id = customer.flatMap(UUID.init(uuidString:)) {
            applicantName = try await Customer.query(on: req.db).filter(\.$id == id).filter(\.$property.$id == property.id).first()?.name
        }
        return Layout.page(ctx, title: ctx.t("登记场地使用申请", "Record an application")) {
            H.h1 { ctx.t("登记场地使用申请", "Record an application") }
            H.p(.class("muted")) { ctx.t("请客户写出书面申请；消防通道和安全出口不得占用。", "The customer applies in writing; fire lanes and exits are never occupied.") }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/properties/\(property.id)/space-uses/new"), .id("space-use-form")) {
                ctx.csrfField
                Form.select(ctx, form, "spaceID", label: ctx.t("场地", "Space"),
                            options: spaces.map { ($0.id.text, $0.name + "（" + SpaceRules.format($0.areaM2) + " m²，" + SpacesPages.fee(ctx, rule: $0.feeRule, fen: $0.feeFen) + "）") },
                            prompt: ctx.t("请选择", "Choose"), required: true)
                Form.input(ctx, form, "applicant", label: ctx.t("申请人（可按客户档案）", "Applicant (or from the customer file)"), field: schema.field("applicant"), value: applicantName)
                Form.input(ctx, form, "customerID", label: ctx.t("客户档案编号（可不填）", "Customer file id (optional)"), field: schema.field("customerID"),
                           value: customer)
                Form.input(ctx, form, "purpose", label: ctx.t("用途", "Purpose"), field: schema.field("purpose"), required: true)
                Form.input(ctx, form, "areaM2", label: ctx.t("使用面积（平方米）", "Area (m²)"), field: schema.field("areaM2"), required: true, extra: [.attr("inputmode", "decimal")])
                Form.input(ctx, form, "startsOn", label: ctx.t("开始日期", "First day"), field: schema.field("startsOn"), type: "date", value: today, required: true)
                Form.input(ctx, form, "endsOn", label: ctx.t("结束日期", "Last day"), field: schema.field("endsOn"), type: "date", value: today)
                H.button(.id("save-space-use")) { ctx.t("登记申请", "Record it") }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let found = try await PublicSpaces.findUse(req.parameters.get("useID", as: UUID.self), on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .viewPublicSpaces)
        let ctx = try await req.viewContext(propertyID: property.id)
        guard let row = try await SpaceQueries.use(found.id!, on: req.db) else { throw WuyeError.notFound(PublicSpaces.useNoun) }
        let time = property.localTime
        let events = try await AuditLog.history(recordType: SpaceUse.auditType, recordID: found.id!, on: req.db)
        let base = "/space-uses/\(row.id)"
        return Layout.page(ctx, title: ctx.t("场地使用申请", "Space application") + " · " + row.spaceName) {
            H.h1 { row.spaceName + " · " + row.applicant + " "; SpacesPages.statusBadge(ctx, row.status) }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("space-use-facts")) {
                    H.dt { ctx.t("用途", "Purpose") }; H.dd { row.purpose }
                    H.dt { ctx.t("面积", "Area") }; H.dd { SpaceRules.format(row.areaM2) + " m²" }
                    H.dt { ctx.t("使用期间", "Days") }; H.dd { row.startsOn == row.endsOn ? row.startsOn : row.startsOn + " — " + row.endsOn }
                    if let customer = row.customerID { H.dt { ctx.t("客户档案", "Customer file") }; H.dd { H.a(.href("/customers/\(customer)")) { row.applicant } } }
                    H.dt { ctx.t("登记", "Recorded") }; H.dd { time.dateTime(row.recordedAt) + " · " + row.recordedByName }
                    if let fire = row.fireSafe {
                        H.dt { ctx.t("核查", "Check") }
                        H.dd { ctx.t("消防 ", "fire ") + (fire ? "√" : "×") + ctx.t("　美观 ", "  appearance ") + (row.tidy == true ? "√" : "×") + (row.checkNote.map { " · " + $0 } ?? "") }
                    }
                    if let fee = row.feeFen { H.dt { ctx.t("费用", "Fee") }; H.dd { "¥" + CustomerRules.yuan(fee) + (row.receiptNo.map { ctx.t("　已收，收据 ", "  paid, receipt ") + $0 } ?? ctx.t("　未收", "  unpaid")) } }
                    if let note = row.decisionNote { H.dt { ctx.t("审批意见", "Decision note") }; H.dd { note + (row.decidedByName.map { " · " + $0 } ?? "") } }
                }
            }
            if row.status == .applied && ctx.may(.recordSpaceUse, at: property.id) {
                H.form(.class("card"), .method("post"), .action(base + "/check"), .id("check-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("现场核查", "Check on the spot") }
                    Form.radios(ctx, form, "fireSafe", legend: ctx.t("符合《消防安全管理条例》", "Meets fire-safety rules"), options: [("true", ctx.t("是", "Yes")), ("false", ctx.t("否", "No"))], selected: "true")
                    Form.radios(ctx, form, "tidy", legend: ctx.t("不影响项目美观整齐", "Keeps the property tidy"), options: [("true", ctx.t("是", "Yes")), ("false", ctx.t("否", "No"))], selected: "true")
                    Form.textarea(ctx, form, "note", label: ctx.t("核查说明（未通过须写明）", "Note (required if it fails)"), field: SpaceCheckInput.schema.field("note"))
                    H.button(.id("save-check")) { ctx.t("登记核查", "Record the check") }
                }
            }
            if row.status == .checked && ctx.may(.approveSpaceUse, at: property.id) && found.$recordedBy.id != actor.id {
                H.form(.class("card"), .method("post"), .action(base + "/decision"), .id("decision-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("审批", "Decision") }
                    Form.radios(ctx, form, "approve", legend: ctx.t("是否批准", "Approve?"), options: [("true", ctx.t("批准（按收费标准计费）", "Approve (fee by the rule)")), ("false", ctx.t("不批准", "Refuse"))], selected: "true")
                    Form.textarea(ctx, form, "note", label: ctx.t("审批意见（不批准须写明）", "Note (required to refuse)"), field: SpaceDecisionInput.schema.field("note"))
                    H.button(.id("save-decision")) { ctx.t("提交", "Submit") }
                }
            }
            if row.status == .approved && row.paidAt == nil && ctx.may(.recordSpaceUse, at: property.id) {
                H.form(.class("card inline-pick"), .method("post"), .action(base + "/payment"), .id("payment-form")) {
                    ctx.csrfField
                    Form.input(ctx, form, "receiptNo", label: ctx.t("收据编号", "Receipt number"), field: SpacePaymentInput.schema.field("receiptNo"), required: true)
                    H.button(.id("save-payment")) { ctx.t("登记收费", "Record payment") }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }
}
