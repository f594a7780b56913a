import Fluent
import Vapor

/// 职责月度执行 — one duty's month, day by day, its misses with the
/// reasons given (and a form to give one), its settings, its edits, and for
/// managers the form to change it from the next occurrence or stop it.
enum DutyMonthPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("duties", ":dutyID") { req in try await show(req, form: .blank) }
        pages.post("duties", ":dutyID") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await Duties.revise(dutyID: req.parameters.get("dutyID", as: UUID.self), try req.input(DutyForm.Sent.self).input, on: req)
                return (Text("已修改，自下一次起执行", "Changed; it applies from the next occurrence"), "/duties/\(made.seriesID)")
            }
        }
        pages.post("duties", ":dutyID", "retirement") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await Duties.retire(dutyID: req.parameters.get("dutyID", as: UUID.self), on: req)
                return (Text("已停用", "Stopped"), "/duties/\(made.seriesID)")
            }
        }
        pages.post("duty-misses", ":missID", "explanation") { req in
            let missID = req.parameters.get("missID", as: UUID.self)
            guard let missID, let miss = try await DutyMiss.find(missID, on: req.db), let duty = try await Duty.find(miss.$duty.id, on: req.db) else {
                throw WuyeError.notFound(Text("未完成记录", "missed occurrence"))
            }
            req.parameters.set("dutyID", to: duty.seriesID.uuidString)
            return try await req.formAction(render: { try await show(req, form: $0) }) {
                _ = try await Duties.explain(missID: missID, try req.input(DutyMissInput.self), on: req)
                return (Text("已说明原因", "Explained"), "/duties/\(duty.seriesID)")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let duty = try await Duties.current(req.parameters.get("dutyID", as: UUID.self), on: req.db)
        let property = try await req.property(duty.$property.id, for: actor, action: .viewDuties)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let thisMonth = String(time.day(ctx.now).prefix(7))
        let month = try req.queryValue("month", DutiesAPI.monthQuery) ?? thisMonth
        let v = try await DutyViews.month(property: property, seriesID: duty.seriesID, month: month, now: ctx.now, on: req.db)
        let history = try await AuditLog.history(of: v.series.versions.map { (Duty.auditType, $0.id!) }, on: req.db)
        let d = v.series.current
        let title = (v.series.place.isEmpty ? property.name : v.series.place) + " · " + ctx.t(d.kind.title)
        let base = "/duties/\(v.series.id)"
        let previous = String(LocalTime.day(month + "-01", plus: -1).prefix(7)), next = String(LocalTime.day(month + "-28", plus: 5).prefix(7))
        let mayExplain = ctx.may(.explainDutyMiss, at: property.id) && (actor.department == d.department || actor.rank >= .manager)
        return Layout.page(ctx, title: title + " " + month, wide: true) {
            H.h1 { title + " · " + month }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/duties")) { ctx.t("← 职责执行情况", "← Duties") }
            }
            H.p {
                CompliancePage.schedule(ctx, d) + " · " + ctx.t(d.department.title) + (d.minimumRank == .staff ? "" : " " + ctx.t(d.minimumRank.title)) + " · " + ctx.t("依据 ", "rule ") + d.kind.rule
                if d.retiredAt != nil { " "; H.span(.class("badge s-retired")) { ctx.t("已停用", "stopped") } }
            }
            Form.problems(ctx, form)
            H.nav(.class("chips no-print"), .attr("aria-label", ctx.t("月份", "Month"))) {
                H.a(.href(base + "?month=\(previous)")) { "← " + previous }
                H.a(.href(base + "?month=\(thisMonth)"), .when(month == thisMonth, .attr("aria-current", "page"))) { ctx.t("本月", "This month") }
                if month < thisMonth { H.a(.href(base + "?month=\(next)")) { next + " →" } }
            }
            H.section(.class("card")) {
                CompliancePage.figures(ctx, v.figures)
                H.table(.class("stack month-grid"), .id("duty-month")) {
                    H.thead { H.tr { for h in [ctx.t("日期", "Day"), ctx.t("按时", "On time"), ctx.t("迟", "Late"), ctx.t("未完成", "Missed"), ctx.t("未到/进行中", "To come")] { H.th { h } } } }
                    H.tbody {
                        for (day, f) in v.days where f != DutyViews.Figures() {
                            H.tr(.class(f.missed > 0 ? "late" : "")) {
                                Layout.cell(ctx.t("日期", "Day")) { H.a(.href("/properties/\(property.id)/duties?day=\(day)")) { day } }
                                Layout.cell(ctx.t("按时", "On time")) { String(f.done) }
                                Layout.cell(ctx.t("迟", "Late")) { String(f.late) }
                                Layout.cell(ctx.t("未完成", "Missed")) { String(f.missed) }
                                Layout.cell(ctx.t("未到/进行中", "To come")) { String(f.open + f.upcoming) }
                            }
                        }
                    }
                }
            }
            H.section(.class("card"), .id("misses")) {
                H.h2 { ctx.t("未完成记录", "Missed occurrences") }
                if v.misses.isEmpty { H.p(.class("muted")) { ctx.t("本月没有记录在案的未完成", "No misses on record this month") } }
                H.ul(.class("plain tap-list")) {
                    for m in v.misses {
                        H.li {
                            H.strong { time.dateTime(m.dueAt) }
                            " " + ctx.t("宽限截至 ", "grace ended ") + String(time.dateTime(m.missedAt).suffix(5)) + " · "
                            if let why = m.explanation {
                                ctx.t("原因：", "Why: ") + why + " — " + (m.explainedBy ?? "") + " " + (m.explainedAt.map(time.dateTime) ?? "")
                            } else if mayExplain {
                                H.form(.method("post"), .action("/duty-misses/\(m.id)/explanation"), .class("inline")) {
                                    ctx.csrfField
                                    Form.input(ctx, form.for("/duty-misses/\(m.id)/explanation"), "explanation", label: ctx.t("未完成原因", "Why it was missed"),
                                               field: DutyMissInput.schema.field("explanation"), required: true, scope: m.id.uuidString)
                                    H.button(.class("secondary")) { ctx.t("说明原因", "Explain") }
                                }
                            } else {
                                H.span(.class("late")) { ctx.t("未说明原因", "not explained") }
                            }
                        }
                    }
                }
            }
            if d.retiredAt == nil, ctx.may(.manageDuties, at: property.id) {
                H.details(.class("card no-print"), .when(form.for(base).isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("修改这项职责（自下一次起执行）", "Change this duty (from the next occurrence)") }
                    H.form(.method("post"), .action(base), .id("duty-edit")) {
                        ctx.csrfField
                        DutyForm.fields(ctx, form.for(base), duty: d)
                        H.button(.id("duty-edit-button")) { ctx.t("保存修改", "Save") }
                    }
                    Layout.postButton(ctx, action: base + "/retirement", label: ctx.t("停用这项职责", "Stop this duty"), confirm: ctx.t("停用后不再检查这项职责，确定？", "Stop checking this duty?"))
                }
            }
            Layout.history(ctx, history, time: time)
        }
    }
}
