import Fluent
import Vapor

/// 职责执行情况 — a property's day at a glance (X-2): what is due now, what
/// was missed (and whether anyone said why), and every duty's occurrences as
/// done, late, missed or to come. A manager adds a duty here.
enum CompliancePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "duties") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "duties") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await Duties.create(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(DutyInput.self), on: req)
                return (Text("已设定职责：\(made.kind.title.zh)", "Duty set: \(made.kind.title.en)"), "/duties/\(made.seriesID)")
            }
        }
    }

    /// Where the duty's record is made.
    static func actionLink(_ duty: Duty) -> String {
        let house = duty.$showHouse.id.map { "/show-houses/\($0)" } ?? ""
        switch duty.kind {
        case .inspection: return house + "/inspections/new"
        case .patrol: return house + "/patrols/new"
        case .openingCount: return house + "/counts/new?kind=opening"
        case .closingCount: return house + "/counts/new?kind=closing"
        case .dayReview: return house
        case .deskHandover: return "/properties/\(duty.$property.id)/desk-handovers"
        case .postHandover: return "/properties/\(duty.$property.id)/handovers"
        case .cleaning: return "/properties/\(duty.$property.id)/operations-records?kind=cleaning"
        case .floorMaintenance: return "/properties/\(duty.$property.id)/operations-records?kind=floor_maintenance"
        case .fireReview: return "/properties/\(duty.$property.id)/operations-records?kind=extinguisher_review"
        case .managementAudit: return "/properties/\(duty.$property.id)/operations-records?kind=management_audit"
        }
    }

    static func stateBadge(_ ctx: ViewContext, _ state: DutyRules.State) -> Node {
        H.span(.class("occ occ-\(state.rawValue)")) { ctx.t(state.title) }
    }

    static func figures(_ ctx: ViewContext, _ f: DutyViews.Figures) -> Node {
        H.p(.class("figures")) {
            H.span(.class("occ occ-done")) { ctx.t("按时 \(f.done)", "on time \(f.done)") }
            H.span(.class("occ occ-late")) { ctx.t("迟 \(f.late)", "late \(f.late)") }
            H.span(.class("occ occ-missed")) { ctx.t("未完成 \(f.missed)", "missed \(f.missed)") }
            H.span(.class("occ occ-open")) { ctx.t("进行中 \(f.open)", "due now \(f.open)") }
            H.span(.class("occ occ-upcoming")) { ctx.t("未到 \(f.upcoming)", "to come \(f.upcoming)") }
            if let p = f.percent { " "; H.span(.class("nowrap")) { ctx.t("完成率 \(p)%", "\(p)% done") } }
        }
    }

    static func schedule(_ ctx: ViewContext, _ d: Duty) -> String {
        let grace = ctx.t("宽限 \(d.graceMinutes) 分钟", "grace \(d.graceMinutes) min")
        switch d.cadence {
        case .daily: return ctx.t("每天 ", "Daily ") + d.windows + " · " + grace
        case .every: return ctx.t("\(d.windows) 每 \(d.everyMinutes ?? 0) 分钟", "Every \(d.everyMinutes ?? 0) min, \(d.windows)") + " · " + grace
        case .weekly: return ctx.t("每周\(["", "一", "二", "三", "四", "五", "六", "日"][d.weekday ?? 1]) ", "Weekly, day \(d.weekday ?? 1), ") + d.windows + " · " + grace
        case .monthly: return ctx.t("每月 \(d.monthDay ?? 1) 日 ", "Monthly on the \(d.monthDay ?? 1)th, ") + d.windows + " · " + grace
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewDuties)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let today = time.day(ctx.now)
        let day = try req.queryValue("day", DutiesAPI.dayQuery) ?? today
        let v = try await DutyViews.day(property: property, day: day, now: ctx.now, on: req.db)
        let base = "/properties/\(property.id)/duties"
        let houses = ctx.may(.manageDuties, at: property.id) ? try await ShowHouse.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all() : []
        let posts = ctx.may(.manageDuties, at: property.id) ? try await Post.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all() : []
        let missed = v.duties.flatMap { d in d.occurrences.filter { $0.state == .missed }.map { (d.series, $0) } }
        let siteFlags = day == today ? try await SiteAccessWatch.flags(propertyID: property.id, now: ctx.now, on: req.db) : []
        return Layout.page(ctx, title: ctx.t("职责执行情况", "Duties") + " " + day, wide: true) {
            H.h1 { property.name + " · " + ctx.t("职责执行情况", "Duties") + " " + day }
            H.form(.class("filters no-print"), .method("get"), .action(base)) {
                H.label(.for("duty-day")) { ctx.t("日期", "Day") }
                H.input(.type("date"), .name("day"), .id("duty-day"), .value(day))
                H.button(.class("secondary")) { ctx.t("查看", "Show") }
                H.a(.class("strong-link"), .href("/properties/\(property.id)/rectification-notices")) { ctx.t("整改通知单", "Rectification notices") }
                H.a(.class("strong-link"), .href("/properties/\(property.id)/operations-records")) { ctx.t("运行记录", "Records") }
                if ctx.may(.manageAlertChannels, at: property.id) { H.a(.class("strong-link"), .href("/properties/\(property.id)/alert-channels")) { ctx.t("群机器人提醒", "Chat alerts") } }
            }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("duty-figures")) {
                H.h2 { ctx.t("当日概况", "The day") }
                figures(ctx, v.figures)
            }
            if day == today {
                H.section(.class("card"), .id("due-now")) {
                    H.h2 { ctx.t("现在应做", "Due now") }
                    if v.dueNow.isEmpty { H.p(.class("muted")) { ctx.t("此刻没有到时的职责", "Nothing is due right now") } }
                    H.ul(.class("plain tap-list")) {
                        for (series, o) in v.dueNow {
                            H.li {
                                H.a(.class("strong-link"), .href(actionLink(series.current))) { (series.place.isEmpty ? "" : series.place + " · ") + ctx.t(series.current.kind.title) }
                                " " + ctx.t("截止 ", "by ") + time.dateTime(o.slot.due).suffix(5)
                            }
                        }
                    }
                }
            }
            H.section(.class("card"), .id("missed")) {
                H.h2 { ctx.t("未完成", "Missed") }
                if missed.isEmpty { H.p(.class("muted")) { ctx.t("没有未完成的职责", "Nothing missed") } }
                H.ul(.class("plain tap-list")) {
                    for (series, o) in missed {
                        let miss = v.misses[DutyViews.key(o.slot.dutyID, o.slot.due)]
                        H.li(.class("late")) {
                            H.a(.href("/duties/\(series.id)?month=\(day.prefix(7))")) { (series.place.isEmpty ? "" : series.place + " · ") + ctx.t(series.current.kind.title) }
                            " " + ctx.t("应于 ", "due ") + time.dateTime(o.slot.due).suffix(5) + " · "
                            if let why = miss?.explanation { H.span(.class("muted")) { ctx.t("原因：", "Why: ") + why + "（\(miss?.explainedBy ?? "")）" } }
                            else { H.span { ctx.t("未说明原因", "not explained yet") } }
                        }
                    }
                }
            }
            if !siteFlags.isEmpty {
                // The site's duties that exist only while work is on: late reports, the gate's clearing, night rounds (SH-2, SH-44).
                H.section(.class("card"), .id("site-flags")) {
                    H.h2 { ctx.t("施工与进出督办", "Construction and access overdue") }
                    H.ul(.class("plain tap-list")) {
                        for flag in siteFlags {
                            H.li(.class("late")) { H.a(.href(flag.link)) { ctx.t(flag.what) }; " " + ctx.t("自 ", "since ") + time.dateTime(flag.since) }
                        }
                    }
                }
            }
            H.section(.class("card")) {
                H.h2 { ctx.t("各项职责", "Every duty") }
                H.table(.class("stack"), .id("duty-table")) {
                    H.thead { H.tr { for h in [ctx.t("地点", "Where"), ctx.t("职责", "Duty"), ctx.t("时间", "When"), ctx.t("负责", "Who"), ctx.t("执行", "Occurrences")] { H.th { h } } } }
                    H.tbody {
                        for d in v.duties {
                            let duty = d.series.current
                            H.tr {
                                Layout.cell(ctx.t("地点", "Where")) { d.series.place.isEmpty ? property.name : d.series.place }
                                Layout.cell(ctx.t("职责", "Duty")) { H.a(.href("/duties/\(d.series.id)?month=\(day.prefix(7))")) { ctx.t(duty.kind.title) } }
                                Layout.cell(ctx.t("时间", "When")) { schedule(ctx, duty) }
                                Layout.cell(ctx.t("负责", "Who")) { ctx.t(duty.department.title) + (duty.minimumRank == .staff ? "" : " " + ctx.t(duty.minimumRank.title)) }
                                Layout.cell(ctx.t("执行", "Occurrences")) {
                                    if d.occurrences.count > 8 { figures(ctx, d.figures) } else {
                                        for o in d.occurrences {
                                            H.span(.class("occ occ-\(o.state.rawValue)"), .attr("title", ctx.t(o.state.title))) {
                                                String(time.dateTime(o.slot.due).suffix(5)) + " " + ["done": "✓", "late": "迟", "missed": "✗", "open": "…", "upcoming": "·"][o.state.rawValue]!
                                            }
                                        }
                                        if d.occurrences.isEmpty { H.span(.class("muted")) { ctx.t("当日无", "none this day") } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if ctx.may(.manageDuties, at: property.id) { DutyForm.create(ctx, form, property: property, houses: houses, posts: posts) }
        }
    }
}
