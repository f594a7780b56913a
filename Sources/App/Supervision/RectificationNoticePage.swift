import Fluent
import Vapor

/// 《整改通知单》 — one notice, printable as the paper form: the finding,
/// what is required and by when, the department's answer with its photos,
/// the verification; and the step the person may take now (SH-31, SH-32).
enum RectificationNoticePage {
    /// What the answer form sends: the action and photo files.
    struct ResponseSent: CheckedInput, Content {
        var action: String?
        var photos: [File]?
        static let schema = InputSchema("RectificationResponseForm", RectificationResponseInput.fields + [("photos", Upload.files(label: Text("整改照片", "photos"), rule: "SH-31"))])
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("rectification-notices", ":rectificationID") { req in try await show(req, form: .blank) }
        pages.get("rectification-notices", ":rectificationID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await RectificationNotices.find(req.parameters.get("rectificationID", as: UUID.self), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewRectifications)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: RectificationNotice.auditType, found.id!, on: req.db)
        }
        pages.uploadForm("rectification-notices", ":rectificationID", "response", megabytes: 36) { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let sent = try req.input(ResponseSent.self)
                let photos = try (sent.photos ?? []).compactMap { try Upload.file($0, field: "photos", rule: "SH-31") }
                let made = try await RectificationNotices.respond(rectificationID: req.parameters.get("rectificationID", as: UUID.self), RectificationResponseInput(action: sent.action),
                                                                  photos: photos, on: req)
                return (Text("已回复整改情况，待发出人验证", "Answered; the issuer verifies it next"), RectificationNotices.link(made))
            }
        }
        step(pages, "verification") { id, req in
            let made = try await RectificationNotices.verify(rectificationID: id, try req.input(RectificationVerificationInput.self), on: req)
            return made.status == .closed ? Text("已验证关闭", "Verified and closed") : Text("已退回整改部门", "Sent back to the department")
        }
        step(pages, "extension") { id, req in
            _ = try await RectificationNotices.requestExtension(rectificationID: id, try req.input(ExtensionRequestInput.self), on: req)
            return Text("已申请延期，待发出人批复", "Extension asked; the issuer decides")
        }
        step(pages, "extension-decision") { id, req in
            let sent = try req.input(ExtensionDecisionInput.self)
            _ = try await RectificationNotices.decideExtension(rectificationID: id, sent, on: req)
            return sent.grant == true ? Text("已同意延期", "Extension granted") : Text("已不同意延期", "Extension refused")
        }
    }

    static func step(_ pages: any RoutesBuilder, _ path: String, _ action: @escaping @Sendable (UUID?, Request) async throws -> Text) {
        pages.post("rectification-notices", ":rectificationID", .constant(path)) { req in
            let id = req.parameters.get("rectificationID", as: UUID.self)
            return try await req.formAction(render: { try await show(req, form: $0) }) {
                let done = try await action(id, req)
                return (done, "/rectification-notices/\(id?.uuidString ?? "")")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let found = try await RectificationNotices.find(req.parameters.get("rectificationID", as: UUID.self), on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .viewRectifications)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let n = try await SupervisionQueries.notice(found.id!, now: ctx.now, on: req.db)
        let events = try await AuditLog.history(recordType: RectificationNotice.auditType, recordID: n.id, on: req.db)
        let base = "/rectification-notices/\(n.id)"
        let isDepartment = actor.department == n.department
        let mayVerify = ctx.may(.verifyRectification, at: property.id) && !isDepartment && (actor.id == n.issuedByID || actor.rank == .leadership)
        return Layout.page(ctx, title: ctx.t("整改通知单", "Rectification notice") + " " + n.referenceNo) {
            H.p(.class("print-only")) { H.strong { "《整改通知单》" }; "　" + property.name }
            H.h1 { ctx.t("整改通知单", "Rectification notice") + " " + n.referenceNo }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/rectification-notices")) { ctx.t("← 全部通知单", "← All notices") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p {
                H.span(.class("badge" + (n.status == .closed ? " h-accepted" : " s-out"))) { ctx.t(n.status.title) }
                if n.overdue { " "; H.span(.class("badge overdue"), .id("overdue-badge")) { ctx.t("已逾期", "Overdue") } }
                if n.returnedCount > 0 { " " + ctx.t("退回 \(n.returnedCount) 次", "sent back \(n.returnedCount)×") }
            }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("notice-body")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("类别", "Category") }; H.dd { ctx.t(n.category.title) }
                    H.dt { ctx.t("整改部门", "Department") }; H.dd { ctx.t(n.department.title) }
                    if let house = n.showHouse { H.dt { ctx.t("样板房", "Show house") }; H.dd { house } }
                    H.dt { ctx.t("发现的问题", "Finding") }; H.dd(.class("pre")) { n.finding }
                    H.dt { n.category == .construction ? ctx.t("整改建议", "Proposal") : ctx.t("整改要求", "Required") }; H.dd(.class("pre")) { n.requirement }
                    H.dt { ctx.t("整改期限", "Deadline") }; H.dd(.class(n.overdue ? "late" : "")) { time.dateTime(n.deadline) }
                    H.dt { ctx.t("发出", "Issued") }; H.dd { n.issuedBy + " " + time.dateTime(n.issuedAt) }
                    if let inspection = n.inspectionID { H.dt { ctx.t("来源", "From") }; H.dd { H.a(.href("/inspections/\(inspection)")) { ctx.t("巡查记录", "the inspection") } } }
                    if let to = n.extensionTo { H.dt { ctx.t("申请延期至", "Extension asked to") }; H.dd(.class("waiting")) { time.dateTime(to) + " · " + (n.extensionReason ?? "") } }
                    else if let reason = n.extensionReason { H.dt { ctx.t("延期", "Extension") }; H.dd { reason } }
                    if let action = n.action {
                        H.dt { ctx.t("整改情况", "Action") }; H.dd(.class("pre")) { action + "\n— " + (n.respondedBy ?? "") + " " + (n.respondedAt.map(time.dateTime) ?? "") }
                    }
                    if let note = n.returnNote, n.status != .closed { H.dt { ctx.t("退回理由", "Sent back for") }; H.dd(.class("late")) { note } }
                    if let at = n.verifiedAt {
                        H.dt { ctx.t("验证", "Verified") }; H.dd { (n.verifiedBy ?? "") + " " + time.dateTime(at) + (n.verificationNote.map { " · " + $0 } ?? "") }
                    }
                }
                if !n.photos.isEmpty {
                    H.div(.class("thumbs")) { for photo in n.photos { H.a(.href(base + "/photos/\(photo)")) { H.img(.attr("src", base + "/photos/\(photo)"), .class("thumb"), .attr("alt", ctx.t("整改照片", "Photo"))) } } }
                }
            }
            if n.status == .issued, isDepartment, ctx.may(.respondRectification, at: property.id) {
                H.form(.class("card no-print"), .method("post"), .action(base + "/response"), .attr("enctype", "multipart/form-data"), .id("notice-response")) {
                    ctx.csrfField
                    H.h2 { ctx.t("回复整改情况", "Answer") }
                    Form.textarea(ctx, form.for(base + "/response"), "action", label: ctx.t("整改情况", "What was done"), field: RectificationResponseInput.schema.field("action"), required: true)
                    Form.row(ctx, form.for(base + "/response"), "photos", label: ctx.t("整改后的照片（1–4 张）", "Photos of the work (1–4)"), required: true) { id, problem in
                        H.input([.type("file"), .name("photos[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp"), .attr("capture", "environment"), .flag("multiple")] + problem)
                    }
                    H.button(.id("notice-response-button")) { ctx.t("提交整改情况", "Send the answer") }
                }
                if n.extensionTo == nil {
                    H.details(.class("card no-print")) {
                        H.summary { ctx.t("申请延期", "Ask for more time") }
                        H.form(.method("post"), .action(base + "/extension"), .id("notice-extension")) {
                            ctx.csrfField
                            Form.input(ctx, form.for(base + "/extension"), "deadline", label: ctx.t("延至", "Until"), type: "datetime-local",
                                       value: time.inputValue(n.deadline.addingTimeInterval(3 * 86_400)), required: true)
                            Form.textarea(ctx, form.for(base + "/extension"), "reason", label: ctx.t("延期理由", "Why"), field: ExtensionRequestInput.schema.field("reason"), required: true)
                            H.button(.class("secondary")) { ctx.t("申请延期", "Ask") }
                        }
                    }
                }
            }
            if n.status == .issued, n.extensionTo != nil, mayVerify {
                H.form(.class("card no-print"), .method("post"), .action(base + "/extension-decision"), .id("notice-extension-decision")) {
                    ctx.csrfField
                    H.h2 { ctx.t("批复延期申请", "Decide the extension") }
                    Form.radios(ctx, form.for(base + "/extension-decision"), "grant", legend: ctx.t("是否同意", "Decision"),
                                options: [("true", ctx.t("同意", "Grant")), ("false", ctx.t("不同意", "Refuse"))], selected: "true")
                    Form.textarea(ctx, form.for(base + "/extension-decision"), "note", label: ctx.t("批复意见", "Reason"), field: ExtensionDecisionInput.schema.field("note"), required: true)
                    H.button { ctx.t("批复", "Decide") }
                }
            }
            if n.status == .responded, mayVerify {
                H.form(.class("card no-print"), .method("post"), .action(base + "/verification"), .id("notice-verification")) {
                    ctx.csrfField
                    H.h2 { ctx.t("验证整改", "Verify") }
                    Form.radios(ctx, form.for(base + "/verification"), "outcome", legend: ctx.t("验证结果", "Outcome"),
                                options: [("close", ctx.t("合格，关闭", "Done; close it")), ("return", ctx.t("不合格，退回", "Not done; send back"))], selected: "close")
                    Form.textarea(ctx, form.for(base + "/verification"), "note", label: ctx.t("验证意见（退回时必填）", "Note (needed to send back)"),
                                  field: RectificationVerificationInput.schema.field("note"))
                    H.button(.id("notice-verify-button")) { ctx.t("提交验证", "Verify") }
                }
            }
            H.div(.class("print-only signatures")) { H.p { "整改部门签收：__________　　发出人验证：__________" } }
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}
