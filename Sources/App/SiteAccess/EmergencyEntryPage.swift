import Vapor

/// 紧急进入记录 — one emergency entry (SH-1, SH-2, SH-54): why, who went
/// in, the supervisor present and when they confirmed, security's set if it
/// was opened, time out, the written report; and the step the person may
/// take now: the supervisor confirms and reports, the guard records leaving.
enum EmergencyEntryPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("emergency-entries", ":emergencyID") { req in try await show(req, form: .blank) }
        pages.recordStep("emergency-entries", "emergencyID", "confirmation", show: show, done: { (_: EmergencyEntry) in Text("已确认到场，可以进入", "Presence confirmed; go in") }) { id, req in
            try await EmergencyEntries.confirm(entryID: id, on: req)
        }
        pages.recordStep("emergency-entries", "emergencyID", "exit", show: show, done: { (_: EmergencyEntry) in Text("已记录离开，待主管提交书面报告", "Left; the supervisor reports next") }) { id, req in
            try await EmergencyEntries.leave(entryID: id, on: req)
        }
        pages.recordStep("emergency-entries", "emergencyID", "report", show: show, done: { (_: EmergencyEntry) in Text("书面报告已提交，记录关闭", "Reported; the entry is closed") }) { id, req in
            try await EmergencyEntries.report(entryID: id, try req.input(EmergencyReportInput.self), on: req)
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (found, _, property) = try await EmergencyEntries.find(req.parameters.get("emergencyID", as: UUID.self), for: actor, action: .viewShowHouses, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let e = try await SiteAccessQueries.emergencyViews([found], on: req.db)[0]
        let events = try await AuditLog.history(recordType: EmergencyEntry.auditType, recordID: e.id, on: req.db)
        let base = EmergencyEntries.link(e.id)
        let isSupervisor = actor.id == e.supervisorID
        return Layout.page(ctx, title: ctx.t("紧急进入", "Emergency entry") + " · " + e.showHouse) {
            H.p(.class("print-only")) { H.strong { "紧急进入记录" }; "　" + property.name }
            H.h1 { ctx.t("紧急进入", "Emergency entry") + " · " + e.showHouse }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/site-gate")) { ctx.t("← 安管岗", "← Security gate") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p { H.span(.class("badge " + (e.stage == .closed ? "h-accepted" : e.stage == .awaitingReport ? "late" : "waiting")), .id("emergency-stage")) { ctx.t(e.stage.title) } }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("emergency-body")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("紧急情况", "Emergency") }; H.dd { ctx.t(e.emergency.title) }
                    H.dt { ctx.t("进入原因", "Why") }; H.dd(.class("pre")) { e.reason }
                    H.dt { ctx.t("进入人员", "Guards") }; H.dd { e.guards }
                    H.dt { ctx.t("记录", "Recorded") }; H.dd { e.recordedBy + " " + time.dateTime(e.recordedAt) }
                    H.dt { ctx.t("到场监护", "Supervisor present") }
                    H.dd { e.supervisor + " · " + (e.enteredAt.map { ctx.t("确认到场 ", "confirmed ") + time.dateTime($0) } ?? ctx.t("尚未确认", "not confirmed yet")) }
                    if e.keySetID != nil { H.dt { ctx.t("安管钥匙组", "Security's set") }; H.dd { e.enteredAt == nil ? ctx.t("待主管到场后启封", "Opened once the supervisor is there") : ctx.t("已紧急启封", "Opened") } }
                    H.dt { ctx.t("离开", "Left") }; H.dd { e.exitedAt.map { time.dateTime($0) + " · " + (e.exitedBy ?? "") } ?? "—" }
                    if let report = e.report { H.dt { ctx.t("书面报告", "Report") }; H.dd(.class("pre")) { report + "\n— " + e.supervisor + " " + (e.reportedAt.map(time.dateTime) ?? "") } }
                }
            }
            if e.stage == .awaitingSupervisor, isSupervisor {
                H.form(.class("card no-print"), .method("post"), .action(base + "/confirmation"), .id("emergency-confirm")) {
                    ctx.csrfField
                    H.p { ctx.t("请在现场确认：您本人已到场监护。", "Confirm on the spot that you are there.") }
                    H.button(.id("emergency-confirm-button")) { ctx.t("我已到场，确认进入", "I am here: go in") }
                }
            }
            if e.stage == .inside, ctx.may(.recordEmergencyEntry, at: property.id) {
                H.form(.class("card no-print"), .method("post"), .action(base + "/exit"), .id("emergency-exit")) {
                    ctx.csrfField
                    H.button(.class("secondary"), .id("emergency-exit-button")) { ctx.t("已离开样板房", "We have left") }
                }
            }
            if e.stage == .awaitingReport, isSupervisor {
                H.form(.class("card no-print"), .method("post"), .action(base + "/report"), .id("emergency-report")) {
                    ctx.csrfField
                    Form.textarea(ctx, form.for(base + "/report"), "report", label: ctx.t("书面报告", "Written report"), field: EmergencyReportInput.schema.field("report"), required: true, rows: 6)
                    H.button(.id("emergency-report-button")) { ctx.t("提交报告", "Submit the report") }
                }
            }
            H.div(.class("print-only signatures")) { H.p { "监护主管：__________　　安管员：__________" } }
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}
