import Fluent
import Vapor

/// 工单 — one item: who raised it, what it is about, who follows it up by
/// when, what was done, the callback or the check, its history; and the
/// next step for whoever may take it (SH-33, SH-11).
enum ServiceItemPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("service-items", ":itemID") { req in try await show(req, form: .blank) }
        pages.get("service-items", ":itemID", "photos", ":attachmentID") { req -> Response in
            let found = try await ServiceDesk.find(req.parameters.get("itemID", as: UUID.self), on: req.db)
            _ = try await ServiceDesk.authorizeView(found, on: req)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: ServiceItem.auditType, found.id!, on: req.db)
        }
        pages.post("service-items", ":itemID", "phone") { req in
            let phone = try await ServiceDesk.revealPhone(itemID: req.parameters.get("itemID", as: UUID.self), on: req)
            return try await show(req, form: .blank, phone: phone ?? "—")
        }
        step(pages, "assignment", done: { i in Text("已指派，时限已定", "Assigned, with a due time") }) { id, req in
            try await ServiceDesk.assign(itemID: id, try req.input(ServiceAssignInput.self), on: req)
        }
        step(pages, "notes", done: { _ in Text("已添加处理记录", "Note added") }) { id, req in
            try await ServiceDesk.find(try await ServiceDesk.note(itemID: id, try req.input(ServiceNoteInput.self), on: req).$item.id, on: req.db)
        }
        step(pages, "done", done: { i in i.status == .closed ? Text("已处理完毕，工单关闭", "Done; the item is closed")
                                                              : Text(i.kind == .complaint ? "已处理完毕，待回访" : "已处理完毕，待验收", i.kind == .complaint ? "Done; waiting for the callback" : "Done; waiting for the check") }) { id, req in
            try await ServiceDesk.complete(itemID: id, try req.input(ServiceDoneInput.self), on: req)
        }
        step(pages, "callback", done: { i in i.status == .closed ? Text("已回访：客户满意，投诉关闭", "Called back: satisfied, closed")
                                                                  : Text("已回访：客户不满意，已退回跟进人", "Called back: not satisfied; back to its follow-up person") }) { id, req in
            try await ServiceDesk.callback(itemID: id, try req.input(ServiceCallbackInput.self), on: req)
        }
        step(pages, "verification", done: { i in i.status == .closed ? Text("验收通过，工单关闭", "Checked and closed") : Text("验收不通过，已退回", "Not accepted; sent back") }) { id, req in
            try await ServiceDesk.verify(itemID: id, try req.input(ServiceVerifyInput.self), on: req)
        }
    }

    private static func step(_ pages: any RoutesBuilder, _ path: String, done: @escaping @Sendable (ServiceItem) -> Text,
                             _ action: @escaping @Sendable (UUID?, Request) async throws -> ServiceItem) {
        pages.recordStep("service-items", "itemID", path, show: { try await show($0, form: $1) }, done: done, action)
    }

    static func show(_ req: Request, form: FormState, phone: String? = nil) async throws -> Response {
        let actor = try req.actor
        let found = try await ServiceDesk.find(req.parameters.get("itemID", as: UUID.self), on: req.db)
        let property = try await ServiceDesk.authorizeView(found, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        guard let i = try await ServiceQueries.one(found.id!, on: req.db) else { throw WuyeError.notFound(ServiceDesk.noun) }
        let notes = try await ServiceQueries.notes(of: i.id, on: req.db)
        let photos = try await Attachments.ids(of: ServiceItem.auditType, i.id, on: req.db)
        let noteIDs = notes.map { (ServiceItemNote.auditType, $0.id) }
        let events = try await AuditLog.history(of: [(ServiceItem.auditType, i.id)] + noteIDs + photos.map { (Attachment.auditType, $0) }, on: req.db)
        let time = property.localTime
        let base = "/service-items/\(i.id)"
        let dispatches = ctx.may(.assignServiceItem, at: property.id) && (try? ServiceDesk.mayDispatch(actor, found)) != nil
        let follows = (try? ServiceDesk.mayFollow(actor, found)) != nil
        let colleagues = dispatches && (i.status == .open || i.status == .assigned)
            ? try await ServiceQueries.colleagues(propertyID: property.id, department: i.kind == .repair || i.kind == .incident ? i.department : nil, on: req.db) : []
        return Layout.page(ctx, title: i.referenceNo + " · " + ctx.t(i.kind.title)) {
            H.h1 { i.referenceNo + " " + ctx.t(i.kind.title) + " "; ServiceDeskPages.badge(ctx, i, now: ctx.now) }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("item-facts")) {
                    H.dt { ctx.t("内容", "About") }; H.dd { i.description }
                    H.dt { ctx.t("来源", "Source") }; H.dd { ctx.t(i.source.title) + " · " + time.dateTime(i.raisedAt) + " · " + ctx.t("登记人 ", "by ") + i.raisedByName + " · " + ServiceDeskPages.age(ctx, i, now: ctx.now) }
                    if let name = i.customerName, let customer = i.customerID {
                        H.dt { ctx.t("客户", "Customer") }
                        H.dd { if ctx.may(.viewCustomers, at: property.id) { H.a(.href("/customers/\(customer)")) { name } } else { name } }
                    }
                    if let unit = i.unitLabel { H.dt { ctx.t("房号", "Unit") }; H.dd { unit } }
                    if i.guestName != nil || i.guestPhone != nil {
                        H.dt { ctx.t("来访人", "Guest") }; H.dd { [i.guestName, Mask.phone(i.guestPhone)].compactMap { $0 }.joined(separator: " · ") }
                    }
                    if i.guestPhone != nil || i.customerID != nil, i.status != .closed || phone != nil, ctx.may(.callbackComplaint, at: property.id) {
                        H.dt { ctx.t("回访电话", "Callback number") }
                        H.dd(.id("callback-phone")) {
                            if let phone { phone } else { Layout.postButton(ctx, action: base + "/phone", label: ctx.t("显示完整号码（将记录）", "Show the full number (recorded)")) }
                        }
                    }
                    H.dt { ctx.t("负责部门", "Department") }
                    H.dd { ctx.t(i.department.title) + (i.pendingDepartment.map { ctx.t("（已交\($0.title.zh)，待接收）", " (handed to \($0.title.en), not yet taken)") } ?? "") }
                    if let owner = i.ownerName {
                        H.dt { ctx.t("跟进人", "Follow-up") }
                        H.dd(.class(i.isOverdue(at: ctx.now) ? "late" : "")) {
                            owner + (i.dueAt.map { " · " + ctx.t("时限 ", "due ") + time.dateTime($0) } ?? "") + (i.assignedByName.map { " · " + ctx.t("指派人 ", "assigned by ") + $0 } ?? "")
                        }
                    }
                    if let severity = i.severity { H.dt { ctx.t("严重程度", "Severity") }; H.dd { ctx.t(severity.title) } }
                    if let plan = i.plan { H.dt { ctx.t("处理方案", "Plan") }; H.dd { plan } }
                    if let done = i.doneAt {
                        H.dt { ctx.t("处理结果", "Done") }
                        H.dd { time.dateTime(done) + (i.doneByName.map { " · " + $0 } ?? "") + (i.doneNote.map { " · " + $0 } ?? "") }
                    }
                    if let checked = i.checkedAt, let outcome = i.outcome {
                        H.dt { i.kind == .complaint ? ctx.t("回访", "Callback") : ctx.t("验收", "Check") }
                        H.dd { time.dateTime(checked) + (i.checkedByName.map { " · " + $0 } ?? "") + " · " + ctx.t(outcome.title) + (i.checkNote.map { " · " + $0 } ?? "") }
                    }
                    if i.reopenCount > 0 { H.dt { ctx.t("退回", "Sent back") }; H.dd { ctx.t("\(i.reopenCount) 次", "\(i.reopenCount)×") } }
                }
                if !photos.isEmpty {
                    H.div(.class("photos"), .id("item-photos")) {
                        for (index, photo) in photos.enumerated() {
                            H.a(.href(base + "/photos/\(photo)")) { H.img(.attr("src", base + "/photos/\(photo)"), .attr("alt", ctx.t("照片 \(index + 1)", "Photo \(index + 1)")), .attr("loading", "lazy")) }
                        }
                    }
                }
            }
            H.section(.class("card"), .id("item-notes")) {
                H.h2 { ctx.t("处理记录", "What was done") }
                if notes.isEmpty { H.p(.class("muted")) { ctx.t("暂无", "Nothing yet") } }
                else { H.ol { for n in notes { H.li { H.strong { time.dateTime(n.writtenAt) + " " + n.writtenByName }; "：" + n.text } } } }
                if follows && i.status != .closed {
                    H.form(.method("post"), .action(base + "/notes"), .id("note-form")) {
                        ctx.csrfField
                        Form.textarea(ctx, form.for(base + "/notes"), "text", label: ctx.t("添加处理记录", "Add a note"), field: ServiceNoteInput.schema.field("text"), required: true, scope: "note")
                        H.button(.class("secondary"), .id("save-note")) { ctx.t("添加", "Add") }
                    }
                }
            }
            ServiceItemSteps.forms(ctx, i, form: form, base: base, property: property, dispatches: dispatches, follows: follows, colleagues: colleagues, actor: actor)
            Layout.history(ctx, events, time: time)
        }
    }
}
