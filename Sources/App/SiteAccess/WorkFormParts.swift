import Vapor

/// The sections of a work liaison form's page: its workers (with the gate's
/// buttons for security), its approvals in order, its site checks and its
/// gate register (SH-41…SH-45).
enum WorkFormParts {
    static func certificate(_ ctx: ViewContext, _ w: SiteAccessQueries.WorkerView) -> Node {
        guard let trade = w.trade else { return H.span(.class("muted")) { ctx.t("普通工种", "General") } }
        return H.span {
            ctx.t(trade.title) + " "
            if w.certificateValid {
                H.span(.class("badge h-accepted")) { ctx.t("上岗证至 ", "Certificate to ") + (w.certificateExpires ?? "") }
            } else {
                H.span(.class("badge late")) { w.certificateNo == nil ? ctx.t("无上岗证", "No certificate") : ctx.t("上岗证已过期 ", "Certificate expired ") + (w.certificateExpires ?? "") }
            }
        }
    }

    static func workers(_ ctx: ViewContext, _ f: SiteAccessQueries.FormView, form: FormState, atGate: Bool, mayCertify: Bool, time: LocalTime) -> Node {
        H.section(.class("card"), .id("workers")) {
            // A refused entry's problem (field workerID) links here.
            H.span(.id(Form.fieldID("workerID")))
            H.h2 { ctx.t("施工人员（\(f.workers.count) 人）", "Workers (\(f.workers.count))") }
            H.ul(.class("tap-list")) {
                for w in f.workers {
                    H.li(.id("worker-\(w.position)"), .data("on-site", w.onSiteEntryID == nil ? "no" : "yes")) {
                        H.strong { "\(w.position). " + w.name }
                        " "
                        certificate(ctx, w)
                        if w.expelled { " "; H.span(.class("badge late")) { ctx.t("已驱逐出场", "Expelled") } }
                        if w.onSiteEntryID != nil { " "; H.span(.class("badge s-out")) { ctx.t("在场", "On site") } }
                        if atGate, w.onSiteEntryID == nil, w.certificateValid, !w.expelled {
                            H.form(.class("inline no-print gate-enter"), .method("post"), .action(WorkLiaisonForms.link(f.id) + "/entries")) {
                                ctx.csrfField
                                H.input(.type("hidden"), .name("workerID"), .value(w.id.uuidString))
                                H.button(.class("secondary"), .id("enter-\(w.position)")) { ctx.t("进场", "Let in") }
                            }
                        }
                        if atGate, let entry = w.onSiteEntryID { exitForm(ctx, entry: entry, form: form, id: "exit-\(w.position)") }
                        if mayCertify, w.trade != nil, !w.certificateValid {
                            let action = "/work-form-workers/\(w.id)/certificate"
                            H.details(.class("no-print")) {
                                H.summary { ctx.t("登记上岗证", "Record the certificate") }
                                H.form(.method("post"), .action(action), .id("certificate-\(w.position)")) {
                                    ctx.csrfField
                                    Form.input(ctx, form.for(action), "certificateNo", label: ctx.t("上岗证号", "Certificate no."), field: WorkerCertificateInput.schema.field("certificateNo"),
                                               required: true, scope: "w\(w.position)")
                                    Form.input(ctx, form.for(action), "certificateExpires", label: ctx.t("有效期至", "Valid until"), type: "date", required: true, scope: "w\(w.position)")
                                    H.button(.class("secondary")) { ctx.t("登记", "Record") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// 离场检查 (SH-44): the three checks, then released.
    static func exitForm(_ ctx: ViewContext, entry: UUID, form: FormState, id: String, back: String? = nil) -> Node {
        let action = "/site-entries/\(entry)/exit"
        let sent = form.for(action)
        return H.details(.class("no-print"), .when(sent.isRefused, .attr("open", "open"))) {
            H.summary(.id(id)) { ctx.t("离场检查放行", "Check and release") }
            H.form(.method("post"), .action(action + (back.map { "?back=" + $0 } ?? "")), .id(id + "-form")) {
                ctx.csrfField
                H.fieldset(.class("choices")) {
                    H.legend { ctx.t("离场检查", "Checks at exit") }
                    Form.checkbox(sent, "peopleChecked", label: ctx.t("作业人员已核对", "People checked"), value: "true", checked: false)
                    Form.checkbox(sent, "toolsChecked", label: ctx.t("施工工具已检查", "Tools checked"), value: "true", checked: false)
                    Form.checkbox(sent, "materialsChecked", label: ctx.t("携带物品已检查", "What is carried out checked"), value: "true", checked: false)
                }
                Form.input(ctx, sent, "carriedOut", label: ctx.t("携带出场物品", "Carried out"), field: SiteExitInput.schema.field("carriedOut"), scope: id)
                H.button(.class("secondary")) { ctx.t("确认放行", "Release") }
            }
        }
    }

    static func approvals(_ ctx: ViewContext, _ f: SiteAccessQueries.FormView, time: LocalTime) -> Node {
        let rows: [(Text, String?, Date?, String?)] = [
            (SiteAccessRules.Step.leadership.title, f.leadershipBy, f.leadershipAt, f.leadershipNote),
            (SiteAccessRules.Step.engineering.title, f.engineeringBy, f.engineeringAt, f.engineeringNote),
            (SiteAccessRules.Step.registration.title, f.registeredBy, f.registeredAt, f.replyNo.map { "回复单 " + $0 }),
            (SiteAccessRules.Step.security.title, f.securityBy, f.securityAt, nil),
        ] + (f.needsExtraApproval ? [(Text("停电停水/跨区域施工同意", "Outage or crossing agreed"), f.extraApprovedBy, f.extraApprovedAt, f.extraNote)] : [])
        return H.section(.class("card"), .id("approvals")) {
            H.h2 { ctx.t("审批", "Approvals") }
            H.ol(.class("steps")) {
                for (title, by, at, note) in rows {
                    H.li(.class(at == nil ? "pending" : "done")) {
                        H.strong { ctx.t(title) }
                        " "
                        if let by, let at { by + " " + time.dateTime(at) + (note.map { " · " + $0 } ?? "") } else { H.span(.class("muted")) { ctx.t("待办", "Waiting") } }
                    }
                }
                if let at = f.refusedAt {
                    H.li(.class("late")) { H.strong { ctx.t("不予批准", "Refused") }; " " + (f.refusedBy ?? "") + " " + time.dateTime(at) + " · " + (f.refusalReason ?? "") }
                }
                if let at = f.closedAt { H.li(.class("done")) { H.strong { ctx.t("完工关闭", "Closed") }; " " + (f.closedBy ?? "") + " " + time.dateTime(at) } }
            }
        }
    }

    /// `stages`: the ones the person checks (the show house's staff before and after, security at night).
    static func checks(_ ctx: ViewContext, _ f: SiteAccessQueries.FormView, checks: [SiteAccessQueries.CheckView], form: FormState, stages: [SiteCheckStage], time: LocalTime) -> Node {
        let action = WorkLiaisonForms.link(f.id) + "/checks"
        let sent = form.for(action)
        let may = !stages.isEmpty && f.status == .active
        let suggested: SiteCheckStage = stages == [.night] ? .night : checks.first(where: { $0.stage != .night })?.stage == .before ? .after : .before
        let stage = SiteCheckStage(rawValue: sent.value("stage") ?? "").flatMap { stages.contains($0) ? $0 : nil } ?? suggested
        return H.section(.class("card"), .id("site-checks")) {
            H.h2 { ctx.t("成品保护、清场与夜间监护", "Protection, clearing and night checks") }
            if let house = f.showHouseID {
                H.p(.class("no-print")) {
                    ctx.t("样板房内物品施工前清点移交、完工后清点收回，双方签字：", "The show house's items are counted over before the work and back after it, both signing: ")
                    H.a(.href("/show-houses/\(house)/construction-handovers")) { ctx.t("施工交接（SH-21）", "construction handover (SH-21)") }
                }
            }
            if checks.isEmpty { H.p(.class("muted")) { ctx.t("尚无检查记录", "No checks yet") } }
            for c in checks {
                H.div(.class("check")) {
                    H.p { H.strong { ctx.t(c.stage.title) }; " " + c.checkedBy + " " + time.dateTime(c.checkedAt) + " "
                        H.span(.class("badge " + (c.allOK ? "h-accepted" : "late"))) { c.allOK ? ctx.t("全部做到", "All done") : ctx.t("有未做到的项", "Not all done") } }
                    H.ul(.class("plain")) { for line in c.lines where !line.ok { H.li(.class("late")) { line.item + " · " + (line.note ?? "") } } }
                }
            }
            if may {
                H.form(.class("no-print"), .method("post"), .action(action), .id("site-check")) {
                    ctx.csrfField
                    Form.radios(ctx, sent, "stage", legend: ctx.t("检查环节", "Stage"), options: stages.map { ($0.rawValue, ctx.t($0.title)) }, selected: stage.rawValue)
                    for (index, item) in stage.items.enumerated() {
                        Form.checklistLine(ctx, sent, list: "lines", index: index, item: item, choice: "ok", options: [("true", ctx.t("做到", "Done")), ("false", ctx.t("未做到", "Not done"))],
                                           selected: "true", note: Text("情况说明", "What is wrong"), id: "check-line-\(index)")
                    }
                    H.p(.class("hint")) { ctx.t("按所选环节的检查项填写；换环节后请重新打开本页。", "The lines are the chosen stage's; reopen the page after changing the stage.") }
                    H.button(.id("site-check-button")) { ctx.t("记录检查", "Record the check") }
                }
            }
        }
    }

    static func register(_ ctx: ViewContext, _ entries: [SiteAccessQueries.EntryView], time: LocalTime) -> Node {
        H.section(.class("card"), .id("gate-register")) {
            H.h2 { ctx.t("出入登记", "Gate register") }
            if entries.isEmpty { H.p(.class("muted")) { ctx.t("尚无进出记录", "Nobody has come in yet") } }
            else {
                H.table(.class("stack")) {
                    H.thead { H.tr { for h in [ctx.t("人员", "Worker"), ctx.t("进场", "In"), ctx.t("离场", "Out"), ctx.t("携带出场", "Carried out")] { H.th { h } } } }
                    H.tbody {
                        for e in entries {
                            H.tr(.class(e.exitedAt == nil ? "waiting" : "")) {
                                Layout.cell(ctx.t("人员", "Worker")) { e.worker; if e.night { " "; H.span(.class("badge s-out")) { ctx.t("夜间", "Night") } } }
                                Layout.cell(ctx.t("进场", "In")) { time.dateTime(e.enteredAt) + " · " + e.enteredBy }
                                Layout.cell(ctx.t("离场", "Out")) { e.exitedAt.map { time.dateTime($0) + " · " + (e.exitedBy ?? "") } ?? ctx.t("在场", "On site") }
                                Layout.cell(ctx.t("携带出场", "Carried out")) { (e.carriedOut ?? "") + (e.note.map { " · " + $0 } ?? "") }
                            }
                        }
                    }
                }
            }
        }
    }
}
