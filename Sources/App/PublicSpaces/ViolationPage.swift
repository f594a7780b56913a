import Fluent
import Vapor

/// 违章记录 — one violation with its photos, and the next step for whoever
/// may take it: order it put right, check it, dismiss it, set the penalty,
/// take the payment (PS-4). A guard who reported it can follow it here.
enum ViolationPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("space-violations", ":violationID") { req in try await show(req, form: .blank) }
        pages.get("space-violations", ":violationID", "photos", ":attachmentID") { req -> Response in
            let found = try await SpaceViolations.find(req.parameters.get("violationID", as: UUID.self), on: req.db)
            _ = try await SpaceViolations.authorizeView(found, on: req)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: SpaceViolation.auditType, found.id!, on: req.db)
        }
        step(pages, "order", done: { _ in Text("已责令整改", "Ordered put right") }) { id, req in
            try await SpaceViolations.order(violationID: id, try req.input(ViolationOrderInput.self), on: req)
        }
        step(pages, "check", done: { v in v.status == .restored ? Text("已复查：恢复原状，结案", "Checked: restored, closed") : Text("已复查：未恢复，已定新的期限", "Checked: not restored; a new day is set") }) { id, req in
            try await SpaceViolations.check(violationID: id, try req.input(ViolationCheckInput.self), on: req)
        }
        step(pages, "dismissal", done: { _ in Text("已认定不属违章", "Dismissed") }) { id, req in
            try await SpaceViolations.dismiss(violationID: id, try req.input(ViolationDismissInput.self), on: req)
        }
        step(pages, "penalty", done: { v in Text("已记录处罚 ¥\(CustomerRules.yuan(v.penaltyFen ?? 0))", "Penalty of ¥\(CustomerRules.yuan(v.penaltyFen ?? 0)) recorded") }) { id, req in
            try await SpaceViolations.penalise(violationID: id, try req.input(ViolationPenaltyInput.self), on: req)
        }
        step(pages, "payment", done: { _ in Text("已登记罚款收取", "Payment recorded") }) { id, req in
            try await SpaceViolations.pay(violationID: id, try req.input(ViolationPaymentInput.self), on: req)
        }
    }

    private static func step(_ pages: any RoutesBuilder, _ path: String, done: @escaping @Sendable (SpaceViolation) -> Text,
                             _ action: @escaping @Sendable (UUID?, Request) async throws -> SpaceViolation) {
        pages.recordStep("space-violations", "violationID", path, show: { try await show($0, form: $1) }, done: done, action)
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let found = try await SpaceViolations.find(req.parameters.get("violationID", as: UUID.self), on: req.db)
        let property = try await SpaceViolations.authorizeView(found, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        guard let v = try await ViolationQueries.one(found.id!, on: req.db) else { throw WuyeError.notFound(SpaceViolations.noun) }
        let photos = try await Attachments.ids(of: SpaceViolation.auditType, v.id, on: req.db)
        let events = try await AuditLog.history(of: [(SpaceViolation.auditType, v.id)] + photos.map { (Attachment.auditType, $0) }, on: req.db)
        let time = property.localTime
        let today = time.day(ctx.now)
        let base = "/space-violations/\(v.id)"
        let handles = ctx.may(.handleViolation, at: property.id)
        let picked = v.status == .reported && handles ? try await CustomerPicker.found(req, ctx: ctx, property: property.id, form: form.for(base + "/order")) : nil
        // Someone who may only report (an engineer, a cleaner) follows what became of it, not the party or the penalty.
        let full = ctx.may(.viewPublicSpaces, at: property.id)
        let find = try req.queryValue("find", CustomerPicker.findField)
        return Layout.page(ctx, title: v.referenceNo + " · " + ctx.t("违章记录", "Violation")) {
            H.h1 { v.referenceNo + " " + ctx.t(v.kind.title) + " "; ViolationListPage.badge(ctx, v, now: ctx.now) }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("violation-facts")) {
                    H.dt { ctx.t("地点", "Place") }; H.dd { v.place + (v.spaceName.map { $0 == v.place ? "" : "（" + $0 + "）" } ?? "") }
                    H.dt { ctx.t("情况", "What was seen") }; H.dd { v.description }
                    H.dt { ctx.t("报告", "Reported") }; H.dd { time.dateTime(v.reportedAt) + " · " + v.reportedByName }
                    if full, let party = v.party {
                        H.dt { ctx.t("责任人", "Party") }
                        H.dd { if let customer = v.customerID, ctx.may(.viewCustomers, at: property.id) { H.a(.href("/customers/\(customer)")) { party } } else { party } }
                    }
                    if let day = v.restoreBy {
                        H.dt { ctx.t("整改期限", "Restore by") }
                        H.dd(.class(v.isLate(at: ctx.now) ? "late" : "")) {
                            day + (v.orderedByName.map { " · " + ctx.t("责令人 ", "ordered by ") + $0 } ?? "")
                                + (v.failedChecks > 0 ? ctx.t("（复查未恢复 \(v.failedChecks) 次）", " (found not restored \(v.failedChecks)×)") : "")
                        }
                        if let note = v.orderNote { H.dt { ctx.t("整改要求", "Order") }; H.dd { note } }
                    }
                    if let closed = v.closedAt {
                        H.dt { v.status == .dismissed ? ctx.t("认定", "Dismissed") : ctx.t("复查恢复", "Found restored") }
                        H.dd { time.dateTime(closed) + (v.closedByName.map { " · " + $0 } ?? "") + (v.closingNote.map { " · " + $0 } ?? "") }
                    }
                    if full, let fen = v.penaltyFen {
                        H.dt { ctx.t("处罚", "Penalty") }
                        H.dd {
                            "¥" + CustomerRules.yuan(fen) + (v.penaltyBasis.map { " · " + ctx.t("依据 ", "under ") + $0 } ?? "")
                            if let receipt = v.penaltyReceipt { ctx.t("　已收，收据 ", "  paid, receipt ") + receipt }
                            else { " "; H.span(.class("badge s-lost")) { ctx.t("未收", "unpaid") } }
                        }
                    }
                }
                H.div(.class("photos"), .id("violation-photos")) {
                    for (index, photo) in photos.enumerated() {
                        H.a(.href(base + "/photos/\(photo)")) { H.img(.attr("src", base + "/photos/\(photo)"), .attr("alt", ctx.t("现场照片 \(index + 1)", "Photo \(index + 1)")), .attr("loading", "lazy")) }
                    }
                }
            }
            if handles { steps(ctx, v, form: form, base: base, today: today, property: property.id, found: picked, find: find) }
            if full { Layout.history(ctx, events, time: time) }
        }
    }

    /// The forms for the step the violation is at.
    static func steps(_ ctx: ViewContext, _ v: ViolationQueries.Row, form: FormState, base: String, today: String, property: UUID,
                      found: [CustomerQueries.Listed]?, find: String?) -> Node {
        H.div {
            if v.status == .reported {
                if ctx.may(.viewCustomers, at: property) { CustomerPicker.search(ctx, action: base, anchor: "order-form", value: find) }
                H.form(.class("card"), .method("post"), .action(base + "/order"), .id("order-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("责令整改", "Order it put right") }
                    let sent = form.for(base + "/order")
                    CustomerPicker.choice(ctx, sent, found: found)
                    Form.input(ctx, sent, "party", label: ctx.t("责任人（不填则为所选客户）", "Party (the chosen customer if left empty)"), field: ViolationOrderInput.schema.field("party"))
                    Form.input(ctx, sent, "restoreBy", label: ctx.t("拆除并恢复原状的期限", "Remove and restore by"), field: ViolationOrderInput.schema.field("restoreBy"),
                               type: "date", value: today, required: true, extra: [.attr("min", today)])
                    Form.textarea(ctx, sent, "note", label: ctx.t("整改要求", "What must be done"), field: ViolationOrderInput.schema.field("note"))
                    H.button(.id("save-order")) { ctx.t("责令整改", "Order") }
                }
                H.details(.class("card"), .when(form.sentTo == base + "/dismissal", .flag("open"))) {
                    H.summary { ctx.t("不属违章", "Not a violation") }
                    H.form(.method("post"), .action(base + "/dismissal"), .id("dismiss-form")) {
                        ctx.csrfField
                        Form.textarea(ctx, form.for(base + "/dismissal"), "note", label: ctx.t("理由（如已批准使用）", "Why (an approved use, say)"),
                                      field: ViolationDismissInput.schema.field("note"), required: true, scope: "dismiss")
                        H.button(.class("secondary")) { ctx.t("认定不属违章", "Dismiss") }
                    }
                }
            }
            if v.status == .ordered {
                H.form(.class("card"), .method("post"), .action(base + "/check"), .id("check-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("复查", "Check") }
                    let sent = form.for(base + "/check")
                    Form.radios(ctx, sent, "restored", legend: ctx.t("是否已拆除并恢复原状", "Removed and restored?"),
                                options: [("true", ctx.t("已恢复", "Restored")), ("false", ctx.t("未恢复", "Not yet"))], selected: "", extra: [.required])
                    Form.textarea(ctx, sent, "note", label: ctx.t("复查情况（未恢复须写明）", "What you found (required if not restored)"), field: ViolationCheckInput.schema.field("note"), scope: "check")
                    Form.input(ctx, sent, "restoreBy", label: ctx.t("新的整改期限（未恢复时）", "New day to restore by (if not restored)"), field: ViolationCheckInput.schema.field("restoreBy"),
                               type: "date", scope: "check", extra: [.attr("min", today)])
                    H.button(.id("save-check")) { ctx.t("登记复查", "Record the check") }
                }
            }
            if (v.status == .ordered || v.status == .restored) && v.penaltyFen == nil && ctx.may(.penaliseViolation, at: property) {
                H.details(.class("card"), .when(form.sentTo == base + "/penalty", .flag("open"))) {
                    H.summary { ctx.t("处罚", "Penalty") }
                    H.form(.method("post"), .action(base + "/penalty"), .id("penalty-form")) {
                        ctx.csrfField
                        let sent = form.for(base + "/penalty")
                        Form.input(ctx, sent, "penaltyYuan", label: ctx.t("处罚金额（元）", "Amount (¥)"), field: ViolationPenaltyInput.schema.field("penaltyYuan"),
                                   required: true, extra: [.attr("inputmode", "decimal")])
                        Form.input(ctx, sent, "basis", label: ctx.t("处罚依据（如《管理规约》第十条）", "Under which rule"), field: ViolationPenaltyInput.schema.field("basis"), required: true)
                        H.button(.id("save-penalty")) { ctx.t("记录处罚", "Record the penalty") }
                    }
                }
            }
            if v.owes {
                H.form(.class("card inline-pick"), .method("post"), .action(base + "/payment"), .id("penalty-payment-form")) {
                    ctx.csrfField
                    Form.input(ctx, form.for(base + "/payment"), "receiptNo", label: ctx.t("罚款收据编号", "Receipt number"), field: ViolationPaymentInput.schema.field("receiptNo"), required: true)
                    H.button(.id("save-penalty-payment")) { ctx.t("登记收款", "Record payment") }
                }
            }
        }
    }
}
