import Fluent
import Vapor

/// 发放钥匙 — the ledger's issue form 《钥匙领用登记表》 for one key, or for
/// several keys to one borrower at once (KY-2). A refused form comes back as
/// it was sent, the drawn signature included.
enum IssuePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("keys", ":keyID", "issue") { req in try await single(req, form: .blank) }
        pages.post("keys", ":keyID", "issue") { req in
            try await req.formAction(render: { try await single(req, form: $0) }) {
                let (input, problem) = try req.formInput(IssueKeyInput.self)
                if let problem { throw problem }
                let checkout = try await KeyCabinet.issue(keyID: req.parameters.get("keyID", as: UUID.self), input, on: req)
                return (Text("已发放给 \(checkout.borrowerName)，已记入领用登记表", "Issued to \(checkout.borrowerName) and written in the ledger"), "/checkouts/\(checkout.id!)")
            }
        }
        pages.get("properties", ":propertyID", "issue") { req in try await batch(req, form: .blank) }
        pages.post("properties", ":propertyID", "issue") { req in
            try await req.formAction(render: { try await batch(req, form: $0) }) {
                let (input, problem) = try req.formInput(BatchIssueInput.self)
                if let problem { throw problem }
                let checkouts = try await KeyCabinet.issueMany(propertyID: req.parameters.get("propertyID", as: UUID.self), input, on: req)
                let name = checkouts.first?.borrowerName ?? ""
                return (Text("已将 \(checkouts.count) 把钥匙发放给 \(name)，已记入领用登记表", "\(checkouts.count) keys issued to \(name) and written in the ledger"),
                        "/properties/\(req.parameters.get("propertyID") ?? "")/keys?view=today")
            }
        }
    }

    static func single(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let key = try await KeyQueries.keyPlace(req.parameters.get("keyID", as: UUID.self), on: req.db)
        let property = try await KeyQueries.property(key.propertyID, for: actor, action: .issueKey, on: req)
        let rows = try await KeyQueries.cabinetRows(ids: [key.id], on: req.db)
        return try await page(req, property: property, keys: rows, action: "/keys/\(key.id)/issue", form: form)
    }

    static func batch(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .issueKey, on: req)
        // The keys come from the cabinet's check boxes (GET ?keys=…) or, after a refusal, from the form as sent.
        let picked = form.wasSent ? form.values("keyIDs") : try req.queryList("keys", InputField(.uuid), maxItems: KeyRules.mostKeysAtOnce)
        let rows = try await KeyQueries.cabinetRows(ids: picked.compactMap(UUID.init(uuidString:)), on: req.db).filter { $0.propertyID == property.id }
        guard !rows.isEmpty else {
            req.flash(Text("请先在钥匙柜中勾选要发放的钥匙", "Pick the keys to issue in the cabinet first"), error: true)
            return req.redirect(to: "/properties/\(property.id)/keys?status=in_cabinet")
        }
        return try await page(req, property: property, keys: rows, action: "/properties/\(property.id)/issue", form: form)
    }

    static func page(_ req: Request, property: PropertyInfo, keys: [KeyQueries.CabinetRow], action: String, form: FormState) async throws -> Response {
        let actor = try req.actor
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let colleagues = Pinyin.sorted(try await KeyQueries.colleagues(at: property.id, besides: actor.id, on: req.db), by: \.name)
        let schema = IssueKeyInput.schema
        let outsider = form.value("borrowerKind") == "outsider"
        let title = keys.count == 1 ? ctx.t("发放钥匙", "Issue key") + " " + keys[0].tag : ctx.t("发放 \(keys.count) 把钥匙", "Issue \(keys.count) keys")
        let blocked = keys.filter { $0.status != .inCabinet }

        return Layout.page(ctx, title: title) {
            H.h1 { title }
            H.p(.class("muted")) { keys.map { $0.tag + "（" + $0.unitLabel + "）" }.joined(separator: "、") + " · " + ctx.t("发放人", "Issued by") + " " + actor.name }
            if !blocked.isEmpty {
                H.p(.class("error-box")) { ctx.t("不在柜中，不能发放：", "Not in the cabinet, cannot be issued: ") + blocked.map(\.tag).joined(separator: "、") }
            }
            Form.problems(ctx, form)
            H.form(.method("post"), .action(action), .id("issue-form")) {
                ctx.csrfField
                if keys.count > 1 || action.hasPrefix("/properties/") {
                    for key in keys { H.input(.type("hidden"), .name("keyIDs"), .value(key.id.text)) }
                }
                Form.radios(ctx, form, "borrowerKind", legend: ctx.t("领用人", "Borrower"),
                            options: [("staff", ctx.t("本项目员工", "Staff of this property")), ("outsider", ctx.t("外来人员（如施工单位）", "Outside person (e.g. contractor)"))],
                            selected: outsider ? "outsider" : "staff", extra: [.data("borrower-kind", "1")])
                H.div(.data("for-kind", "staff"), .class("kind-panel")) {
                    H.div(.class("field picker-filter")) {
                        H.label(.for("staff-filter")) { ctx.t("查找员工（姓名或拼音首字母）", "Find a colleague (name or pinyin initials)") }
                        H.input(.type("search"), .id("staff-filter"), .data("filter-for", Form.fieldID("borrowerStaffID")), .attr("autocomplete", "off"))
                    }
                    Form.select(ctx, form, "borrowerStaffID", label: ctx.t("领用员工", "Colleague"),
                                options: colleagues.map { ($0.id.text, $0.name + " · " + ctx.t($0.departmentCode.title) + " " + ctx.t($0.rank.title)) },
                                prompt: ctx.t("请选择", "Choose"),
                                keywords: Dictionary(uniqueKeysWithValues: colleagues.map { ($0.id.text, Pinyin.of($0.name) + " " + Pinyin.initials($0.name)) }))
                }
                H.div(.data("for-kind", "outsider"), .class("kind-panel")) {
                    Form.input(ctx, form, "borrowerName", label: ctx.t("姓名", "Name"), field: schema.field("borrowerName"), extra: [.attr("autocomplete", "off")])
                    Form.input(ctx, form, "borrowerCompany", label: ctx.t("单位", "Company"), field: schema.field("borrowerCompany"))
                    Form.input(ctx, form, "borrowerPhone", label: ctx.t("电话", "Phone"), field: schema.field("borrowerPhone"), type: "tel", extra: [.attr("inputmode", "tel")])
                    Form.input(ctx, form, "borrowerIDNumber", label: ctx.t("证件号码", "ID number"), field: schema.field("borrowerIDNumber"),
                               hint: ctx.t("身份证 18 位，或其他证件号", "An 18-character ID card number, or another document's number"))
                }
                Form.input(ctx, form, "purpose", label: ctx.t("事由", "Purpose"), field: schema.field("purpose"), required: true, extra: [.attr("list", "purposes")])
                H.el("datalist", [.id("purposes")]) {
                    for purpose in ["业主委托开门验房", "维修漏水", "空调检修", "业主委托保洁", "抄水电表", "装修巡查", "更换灯具"] { H.option(.value(purpose)) }
                }
                Form.input(ctx, form, "expectedReturnAt", label: ctx.t("预计归还时间", "Expected return"), type: "datetime-local",
                           value: time.inputValue(ctx.now.addingTimeInterval(2 * 3600)), required: true,
                           hint: ctx.t("按项目当地时间；最长 30 天", "Local time at the property; at most 30 days"))
                signature(ctx, form)
                H.button(.id("issue-submit")) { keys.count == 1 ? ctx.t("确认发放", "Issue") : ctx.t("确认发放 \(keys.count) 把", "Issue \(keys.count) keys") }
            }
        }
    }

    /// The borrower signs on the screen (see `SignaturePad`).
    static func signature(_ ctx: ViewContext, _ form: FormState) -> Node {
        SignaturePad.field(ctx, form, legend: ctx.t("领用人签字", "Borrower's signature"),
                           typed: ctx.t("或输入领用人姓名作为签名", "Or type the borrower's name as the signature"),
                           hint: ctx.t("员工也可稍后在自己的账号中确认；外来人员须当场签字。", "Staff may instead confirm later in their own account; an outside person must sign here."))
    }
}
