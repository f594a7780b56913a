import Fluent
import Vapor

/// 领用记录 — one loan: who has the key, signed how, due when; taking it back
/// (good, or damaged and withdrawn at once, KY-4); the borrower's own
/// confirmation; 催还 when it is late. And taking back several keys at once.
enum CheckoutPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("checkouts", ":checkoutID") { req in try await show(req, form: .blank) }
        pages.post("checkouts", ":checkoutID", "return") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let checkout = try await KeyCabinet.receiveReturn(checkoutID: req.parameters.get("checkoutID", as: UUID.self), try req.input(ReturnKeyInput.self), on: req)
                let message = checkout.outcome == .returnedDamaged
                    ? Text("已收回，钥匙已停用（损坏）", "Taken back; the key is withdrawn as damaged")
                    : Text("已收回，钥匙已入柜", "Taken back into the cabinet")
                return (message, "/keys/\(checkout.$key.id)")
            }
        }
        pages.post("checkouts", ":checkoutID", "confirm") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let checkout = try await KeyCabinet.confirmBorrowing(checkoutID: req.parameters.get("checkoutID", as: UUID.self), on: req)
                return (Text("已确认领用", "Borrowing confirmed"), "/checkouts/\(checkout.id!)")
            }
        }
        pages.post("checkouts", ":checkoutID", "chase") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let checkout = try await KeyCabinet.chase(checkoutID: req.parameters.get("checkoutID", as: UUID.self), on: req)
                return (checkout.isOutsider
                        ? Text("已记录催还；请致电领用人", "Chase recorded; call the borrower")
                        : Text("已催还，已通知 \(checkout.borrowerName)", "Chased: \(checkout.borrowerName) was told"), "/checkouts/\(checkout.id!)")
            }
        }
        pages.post("checkouts", ":checkoutID", "reveal") { req in
            let revealed = try await KeyCabinet.revealBorrower(checkoutID: req.parameters.get("checkoutID", as: UUID.self), on: req)
            return try await show(req, form: .blank, revealed: revealed)
        }
        pages.get("properties", ":propertyID", "return") { req in try await batchReturn(req, form: .blank) }
        pages.post("properties", ":propertyID", "return") { req in
            try await req.formAction(render: { try await batchReturn(req, form: $0) }) {
                let returned = try await KeyCabinet.receiveReturns(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(BatchReturnInput.self), on: req)
                return (Text("已收回 \(returned.count) 把钥匙", "\(returned.count) keys taken back"), "/properties/\(req.parameters.get("propertyID") ?? "")/keys")
            }
        }
    }

    /// Who may open a loan: the cabinet's people, and the borrower themselves.
    static func mayView(_ actor: Actor, _ checkout: KeyQueries.CheckoutRow) -> Bool {
        checkout.borrowerStaffID == actor.id || Policy.allows(actor, .viewKeys, at: checkout.propertyID)
    }

    static func show(_ req: Request, form: FormState, revealed: (phone: String?, idNumber: String?)? = nil) async throws -> Response {
        let actor = try req.actor
        let checkout = try await KeyQueries.checkout(req.parameters.get("checkoutID", as: UUID.self), signature: true, on: req.db)
        if !mayView(actor, checkout) { try Policy.authorize(actor, .viewKeys, at: checkout.propertyID) }
        guard let property = try await req.application.propertyDirectory.info(checkout.propertyID, on: req.db) else { throw WuyeError.notFound(KeyCabinet.checkoutNoun) }
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let events = try await AuditLog.history(recordType: KeyCheckout.auditType, recordID: checkout.id, on: req.db)
        let late = checkout.isOverdue(at: ctx.now)
        let returnForm = form.for("/checkouts/\(checkout.id)/return")

        return Layout.page(ctx, title: ctx.t("领用记录", "Checkout")) {
            H.h1 { ctx.t("领用记录", "Checkout") + " · " + checkout.tag }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("checkout-facts")) {
                    H.dt { ctx.t("钥匙", "Key") }
                    H.dd { if ctx.may(.viewKeys) { H.a(.href("/keys/\(checkout.keyID)")) { checkout.tag } } else { checkout.tag }; " · " + checkout.unitLabel }
                    H.dt { ctx.t("领用人", "Borrower") }; H.dd { checkout.borrowerName + (checkout.borrowerCompany.map { "（\($0)）" } ?? "") }
                    if checkout.isOutsider {
                        H.dt { ctx.t("电话", "Phone") }
                        H.dd {
                            if let phone = revealed?.phone ?? (checkout.issuedByID == actor.id ? checkout.borrowerPhone : nil) {
                                KeysPages.phoneLink(phone)   // the issuer's own contact, whole
                            } else { Mask.phone(checkout.borrowerPhone) ?? "—" }
                        }
                        H.dt { ctx.t("证件号码", "ID number") }; H.dd { revealed?.idNumber ?? Mask.idNumber(checkout.borrowerIDNumber) ?? "—" }
                    }
                    H.dt { ctx.t("事由", "Purpose") }; H.dd { checkout.purpose }
                    H.dt { ctx.t("领用时间", "Issued") }; H.dd { time.dateTime(checkout.issuedAt) + " · " + ctx.t("发放人", "by") + " " + checkout.issuedByName }
                    H.dt { ctx.t("预计归还", "Due back") }
                    H.dd { if late { H.span(.class("overdue")) { time.dateTime(checkout.expectedReturnAt) + " " + ctx.t("逾期", "overdue") } } else { time.dateTime(checkout.expectedReturnAt) } }
                    H.dt { ctx.t("领用人确认", "Borrower confirmed") }
                    H.dd {
                        if let confirmed = checkout.confirmedAt {
                            time.dateTime(confirmed) + " · " + (checkout.confirmation == .signature ? ctx.t("当场签字", "signed on screen") : ctx.t("本人账号确认", "in own session"))
                        } else { H.span(.class("overdue")) { ctx.t("待领用人确认", "waiting for the borrower") } }
                    }
                    if let returned = checkout.returnedAt {
                        H.dt { ctx.t("归还", "Returned") }
                        H.dd { time.dateTime(returned) + " · " + (checkout.outcome.map { ctx.t($0.title) } ?? "") + (checkout.receivedByName.map { " · " + ctx.t("接收人", "received by") + " " + $0 } ?? "") }
                        if let note = checkout.returnNote { H.dt { ctx.t("备注", "Note") }; H.dd { note } }
                    }
                }
                if let signature = checkout.signature {
                    H.img(.attr("src", signature), .attr("alt", ctx.t("领用人签字", "Borrower's signature")), .class("sig-img"))
                }
            }
            H.div(.class("actions")) {
                if checkout.confirmedAt == nil && checkout.borrowerStaffID == actor.id {
                    Layout.postButton(ctx, action: "/checkouts/\(checkout.id)/confirm", label: ctx.t("我确认已领取此钥匙", "I confirm I took this key"), style: "")
                }
                if late && ctx.may(.chaseKey) {
                    Layout.postButton(ctx, action: "/checkouts/\(checkout.id)/chase", label: ctx.t("催还", "Chase"))
                }
                if checkout.isOutsider && revealed == nil && ctx.may(.revealPersonalData) {
                    Layout.postButton(ctx, action: "/checkouts/\(checkout.id)/reveal", label: ctx.t("显示完整证件与电话（记入审计）", "Show the full ID and phone (audited)"))
                }
            }
            if checkout.isOpen && ctx.may(.receiveKey) {
                H.section(.class("card")) {
                    H.h2 { ctx.t("收回钥匙", "Take the key back") }
                    H.form(.method("post"), .action("/checkouts/\(checkout.id)/return"), .id("return-form")) {
                        ctx.csrfField
                        conditionFields(ctx, returnForm)
                        H.button(.id("return-submit")) { ctx.t("确认收回", "Take back") }
                    }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }

    /// Good or damaged (and then withdrawn at once, with a note, KY-4).
    static func conditionFields(_ ctx: ViewContext, _ form: FormState) -> Node {
        .fragment([
            Form.radios(ctx, form, "condition", legend: ctx.t("钥匙状况", "Condition"),
                        options: [("good", ctx.t("完好", "Good")), ("damaged", ctx.t("损坏（立即停用）", "Damaged (withdrawn at once)"))],
                        selected: "good", extra: [.data("requires-note", "damaged")]),
            Form.input(ctx, form, "note", label: ctx.t("备注", "Note"), field: ReturnKeyInput.schema.field("note"),
                       hint: ctx.t("损坏时必填：写明损坏情况", "Required if damaged: say what is damaged")),
        ])
    }

    // MARK: Several keys back at once

    static func batchReturn(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .receiveKey, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let picked = form.wasSent ? form.values("checkoutIDs") : try req.queryList("checkouts", InputField(.uuid), maxItems: KeyRules.mostKeysAtOnce)
        let loans = try await KeyQueries.openCheckouts(ids: picked.compactMap(UUID.init(uuidString:)), propertyID: property.id, on: req.db)
        guard !loans.isEmpty else {
            req.flash(Text("请先在钥匙柜中勾选借出中的钥匙", "Pick keys that are out in the cabinet first"), error: true)
            return req.redirect(to: "/properties/\(property.id)/keys?status=out")
        }
        let time = property.localTime
        return Layout.page(ctx, title: ctx.t("收回钥匙", "Take keys back")) {
            H.h1 { ctx.t("收回 \(loans.count) 把钥匙", "Take back \(loans.count) keys") }
            Form.problems(ctx, form)
            H.form(.method("post"), .action("/properties/\(property.id)/return"), .id("batch-return-form")) {
                ctx.csrfField
                H.ul(.class("plain")) {
                    for loan in loans {
                        H.li {
                            H.input(.type("hidden"), .name("checkoutIDs"), .value(loan.id.text))
                            H.strong { loan.tag }; " · " + loan.borrowerName + " · " + ctx.t("应于 ", "due ") + time.dateTime(loan.expectedReturnAt)
                        }
                    }
                }
                conditionFields(ctx, form)
                H.button(.id("return-submit")) { ctx.t("确认收回", "Take back") }
            }
        }
    }

    // MARK: A key's loans

    static func table(_ ctx: ViewContext, _ rows: [KeyQueries.CheckoutRow], time: LocalTime, showKey: Bool) -> Node {
        if rows.isEmpty { return H.p(.class("muted")) { ctx.t("暂无领用记录", "No checkouts yet") } }
        return H.table(.class("stack")) {
            H.thead { H.tr {
                if showKey { H.th { ctx.t("钥匙", "Key") } }
                H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("事由", "Purpose") }; H.th { ctx.t("领用时间", "Issued") }
                H.th { ctx.t("预计归还", "Due back") }; H.th { ctx.t("归还", "Returned") }; H.th { ctx.t("发放人", "Issued by") }
            } }
            H.tbody {
                for row in rows {
                    H.tr {
                        if showKey { Layout.cell(ctx.t("钥匙", "Key")) { row.tag } }
                        Layout.cell(ctx.t("领用人", "Borrower")) { H.a(.href("/checkouts/\(row.id)")) { row.borrowerName } }
                        Layout.cell(ctx.t("事由", "Purpose")) { row.purpose }
                        Layout.cell(ctx.t("领用时间", "Issued")) { time.dateTime(row.issuedAt) }
                        Layout.cell(ctx.t("预计归还", "Due back")) { time.dateTime(row.expectedReturnAt) }
                        Layout.cell(ctx.t("归还", "Returned")) {
                            if let returned = row.returnedAt { time.dateTime(returned) + " " + (row.outcome.map { ctx.t($0.title) } ?? "") }
                            else if row.isOverdue(at: ctx.now) { H.span(.class("overdue")) { ctx.t("逾期未还", "overdue") } }
                            else { ctx.t("未归还", "not back yet") }
                        }
                        Layout.cell(ctx.t("发放人", "Issued by")) { row.issuedByName }
                    }
                }
            }
        }
    }
}
