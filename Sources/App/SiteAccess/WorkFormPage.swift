import Fluent
import Vapor

/// 《工作联络单》 — one form, printable as the paper form: the work, the team
/// and its workers with their certificates, the approvals in order with the
/// step the person may take now, the gate's register for it, the site checks
/// before and after, and its history (SH-40…SH-46).
enum WorkFormPage {
    /// What the certificate form sends.
    struct CertificateSent: CheckedInput, Content {
        var certificateNo: String?
        var certificateExpires: String?
        static let schema = WorkerCertificateInput.schema
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("work-forms", ":formID") { req in try await show(req, form: .blank) }
        pages.get("work-forms", ":formID", "drawings", ":attachmentID") { req async throws -> Response in
            let (found, _) = try await WorkLiaisonForms.find(req.parameters.get("formID", as: UUID.self), for: try req.actor, action: .viewSiteAccess, on: req)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: WorkLiaisonForm.auditType, found.id!, on: req.db)
        }
        pages.recordStep("work-forms", "formID", "approval", show: show, done: { (f: WorkLiaisonForm) in
            f.status == .active ? Text("安管部已登记，可凭单进场施工", "Security registered it; work may start") : Text("已审批，转下一环节", "Approved; on to the next step")
        }) { id, req in try await WorkLiaisonForms.approve(formID: id, try req.input(WorkFormStepInput.self), on: req) }
        pages.recordStep("work-forms", "formID", "refusal", show: show, done: { (_: WorkLiaisonForm) in Text("已不予批准，已通知申报人", "Refused; the filer is told") }) { id, req in
            try await WorkLiaisonForms.refuse(formID: id, try req.input(WorkFormNoteInput.self), on: req)
        }
        pages.recordStep("work-forms", "formID", "extra-approval", show: show, done: { (_: WorkLiaisonForm) in Text("已同意停电停水或跨区域施工", "Outage or crossing agreed") }) { id, req in
            try await WorkLiaisonForms.approveExtra(formID: id, try req.input(WorkFormNoteInput.self), on: req)
        }
        pages.recordStep("work-forms", "formID", "close", show: show, done: { (_: WorkLiaisonForm) in Text("联络单已关闭", "Form closed") }) { id, req in
            try await WorkLiaisonForms.close(formID: id, on: req)
        }
        pages.post("work-forms", ":formID", "checks") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await SiteGate.check(formID: req.parameters.get("formID", as: UUID.self), try req.input(SiteCheckInput.self), on: req)
                return (made.allOK ? Text("已记录\(made.stage.title.zh)", "\(made.stage.title.en) recorded") : Text("已记录，有未做到的项", "Recorded, with lines not done"),
                        WorkLiaisonForms.link(made.$form.id))
            }
        }
        pages.post("work-forms", ":formID", "entries") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await SiteGate.enter(formID: req.parameters.get("formID", as: UUID.self), try req.input(SiteEntryInput.self), on: req)
                return (Text("已登记进场", "Let in"), WorkLiaisonForms.link(made.$form.id))
            }
        }
        pages.post("site-entries", ":siteEntryID", "exit") { req in
            let entry = try await SiteEntry.find(req.parameters.get("siteEntryID", as: UUID.self), on: req.db)
            let toGate = try req.queryValue("back", InputField.choice(["gate"], label: Text("返回", "back"))) == "gate"
            req.parameters.set("formID", to: entry?.$form.id.uuidString)
            req.parameters.set("propertyID", to: entry?.$property.id.uuidString)
            return try await req.formAction(render: { toGate ? try await SiteGatePage.show(req, form: $0) : try await show(req, form: $0) }) {
                let made = try await SiteGate.exit(entryID: entry?.id, try req.input(SiteExitInput.self), on: req)
                return (Text("已检查放行", "Checked and released"), toGate ? "/properties/\(made.$property.id)/site-gate" : WorkLiaisonForms.link(made.$form.id))
            }
        }
        pages.post("work-form-workers", ":workerID", "certificate") { req in
            let worker = try await WorkFormWorker.find(req.parameters.get("workerID", as: UUID.self), on: req.db)
            req.parameters.set("formID", to: worker?.$form.id.uuidString)
            return try await req.formAction(render: { try await show(req, form: $0) }) {
                let sent = try req.input(CertificateSent.self)
                let made = try await WorkLiaisonForms.recordCertificate(workerID: worker?.id, WorkerCertificateInput(certificateNo: sent.certificateNo, certificateExpires: sent.certificateExpires), on: req)
                return (Text("已登记\(made.name)的上岗证", "\(made.name)'s certificate recorded"), WorkLiaisonForms.link(made.$form.id))
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (found, property) = try await WorkLiaisonForms.find(req.parameters.get("formID", as: UUID.self), for: actor, action: .viewSiteAccess, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let f = try await SiteAccessQueries.form(found.id!, today: time.day(ctx.now), on: req.db)
        let entries = try await SiteAccessQueries.entries(formID: f.id, on: req.db)
        let checks = try await SiteAccessQueries.checks(formID: f.id, on: req.db)
        let events = try await AuditLog.history(of: [(WorkLiaisonForm.auditType, f.id)] + f.workers.map { (WorkFormWorker.auditType, $0.id) }, on: req.db)
        let base = WorkLiaisonForms.link(f.id)
        let next = f.nextStep.flatMap(SiteAccessRules.Step.init(rawValue:))
        let mayStep = next.map { step in actor.contractorID == nil && actor.id != f.filedByID && step.grants.contains { $0.admits(actor) } } ?? false
        let mayExtra = f.needsExtraApproval && f.extraApprovedAt == nil && f.status != .filed && f.status != .refused && f.status != .closed
            && actor.id != f.filedByID && SiteAccessRules.leadershipGrants.contains { $0.admits(actor) }
        let atGate = f.status == .active && actor.contractorID == nil && ctx.may(.keepSiteGate, at: property.id)
        return Layout.page(ctx, title: ctx.t("工作联络单", "Work liaison form") + " " + f.referenceNo) {
            H.p(.class("print-only")) { H.strong { "《工作联络单》" }; "　" + property.name }
            H.h1 { ctx.t("工作联络单", "Work liaison form") + " " + f.referenceNo }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/work-forms")) { ctx.t("← 全部联络单", "← All forms") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
                if f.replyNo != nil { " "; H.a(.class("button secondary"), .href(base + "/reply"), .id("reply-slip-link")) { ctx.t("回复单", "Reply slip") } }
            }
            H.p(.id("form-status")) {
                H.span(.class("badge" + (f.status == .active ? " h-accepted" : f.status == .refused ? " late" : " s-out"))) { ctx.t(f.status.title) }
                if f.needsExtraApproval {
                    " "
                    H.span(.class("badge " + (f.extraApprovedAt == nil ? "waiting" : "h-accepted"))) {
                        f.extraApprovedAt == nil ? ctx.t("停电停水/跨区域：待领导同意", "Outage/crossing: waiting for leadership") : ctx.t("停电停水/跨区域：已同意", "Outage/crossing: agreed")
                    }
                }
                if f.onSite > 0 { " "; H.span(.class("badge s-out")) { ctx.t("在场 \(f.onSite) 人", "\(f.onSite) on site") } }
            }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("form-body")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("施工单位", "Contractor") }; H.dd { f.contractor + " "; H.a(.class("no-print"), .href("/contractors/\(f.contractorID)")) { ctx.t("（单位记录）", "(record)") } }
                    H.dt { ctx.t("施工项目", "Project") }; H.dd { f.project }
                    H.dt { ctx.t("施工范围", "Scope") }; H.dd(.class("pre")) { f.scope }
                    H.dt { ctx.t("施工区域", "Area") }; H.dd { (f.showHouse.map { $0 + " · " } ?? "") + f.area }
                    H.dt { ctx.t("施工时间", "Window") }; H.dd { H.span(.class("nowrap")) { time.dateTime(f.startsAt) }; " — "; H.span(.class("nowrap")) { time.dateTime(f.endsAt) } }
                    H.dt { ctx.t("施工人数", "Headcount") }; H.dd { "\(f.headcount)" }
                    H.dt { ctx.t("施工队负责人", "Team leader") }; H.dd { f.teamLeader + " · " + f.leaderPhone }
                    H.dt { ctx.t("施工说明", "Description") }; H.dd(.class("pre")) { f.description }
                    let cuts = [f.cutsPower ? ctx.t("停电", "power") : nil, f.cutsWater ? ctx.t("停水", "water") : nil, f.cutsEquipment ? ctx.t("停机电设备", "equipment") : nil,
                                f.crossesAreas ? ctx.t("跨区域", "crosses areas") : nil].compactMap { $0 }
                    H.dt { ctx.t("影响", "Affects") }; H.dd { cuts.isEmpty ? ctx.t("不停电停水，不跨区域", "No outage, no crossing") : cuts.joined(separator: "、") }
                    H.dt { ctx.t("申报", "Filed") }; H.dd { f.filedBy + " " + time.dateTime(f.filedAt) }
                }
                H.div(.class("signature-shown")) {
                    H.p(.class("muted")) { ctx.t("施工队负责人签字", "Team leader's signature") }
                    H.img(.attr("src", found.leaderSignature), .attr("alt", ctx.t("施工队负责人签字", "The team leader's signature")), .class("sig-img"))
                }
                if !f.drawings.isEmpty {
                    H.p(.class("no-print")) {
                        ctx.t("施工图纸：", "Drawings: ")
                        for (index, drawing) in f.drawings.enumerated() {
                            H.a(.class("button secondary"), .href(base + "/drawings/\(drawing)"), .attr("target", "_blank")) { ctx.t("图纸 \(index + 1)", "Drawing \(index + 1)") }; " "
                        }
                    }
                }
            }
            WorkFormParts.workers(ctx, f, form: form, atGate: atGate, mayCertify: ctx.may(.fileWorkForm, at: property.id) && f.status != .closed && f.status != .refused, time: time)
            WorkFormParts.approvals(ctx, f, time: time)
            if let next, mayStep {
                H.form(.class("card no-print"), .method("post"), .action(base + "/approval"), .id("form-approval")) {
                    ctx.csrfField
                    H.input(.type("hidden"), .name("step"), .value(next.rawValue))
                    H.h2 { ctx.t(next.title) }
                    Form.textarea(ctx, form.for(base + "/approval"), "note", label: ctx.t("意见", "Note"), field: WorkFormStepInput.schema.field("note"))
                    H.button(.id("form-approve-button")) { next == .registration ? ctx.t("登记并发回复单", "Register and issue the reply slip") : next == .security ? ctx.t("登记监管", "Register for supervision") : ctx.t("批准", "Approve") }
                }
                H.details(.class("card no-print")) {
                    H.summary { ctx.t("不予批准", "Refuse") }
                    H.form(.method("post"), .action(base + "/refusal"), .id("form-refusal")) {
                        ctx.csrfField
                        Form.textarea(ctx, form.for(base + "/refusal"), "note", label: ctx.t("理由", "Reason"), field: WorkFormNoteInput.schema.field("note"), required: true)
                        H.button(.class("danger")) { ctx.t("不予批准", "Refuse") }
                    }
                }
            }
            if mayExtra {
                H.form(.class("card no-print"), .method("post"), .action(base + "/extra-approval"), .id("form-extra")) {
                    ctx.csrfField
                    H.h2 { ctx.t("同意停电停水或跨区域施工", "Agree to the outage or crossing") }
                    Form.textarea(ctx, form.for(base + "/extra-approval"), "note", label: ctx.t("意见（如停电时段）", "Note (e.g. when the power is off)"), field: WorkFormNoteInput.schema.field("note"))
                    H.button { ctx.t("同意", "Agree") }
                }
            }
            WorkFormParts.checks(ctx, f, checks: checks, form: form, stages: actor.contractorID != nil ? [] : SiteCheckStage.allCases.filter { ctx.may($0.action, at: property.id) },
                                 time: time)
            WorkFormParts.register(ctx, entries, time: time)
            if f.status == .active, ctx.may(.approveWorkForm, at: property.id), WorkLiaisonForms.mayClose(actor) {
                H.form(.class("no-print"), .method("post"), .action(base + "/close"), .id("form-close")) {
                    ctx.csrfField
                    H.button(.class("secondary")) { ctx.t("完工，关闭联络单", "Work done: close the form") }
                }
            }
            H.div(.class("print-only signatures")) { H.p { "施工队负责人：__________" }; H.p { "物业服务部：__________" }; H.p { "安管部：__________" } }
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}
