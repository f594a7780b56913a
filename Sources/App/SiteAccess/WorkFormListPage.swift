import Fluent
import Vapor

/// 工作联络单 — a property's forms, newest first, filtered by state and
/// contractor, paged, exported as CSV; the filing rules for managers
/// (SH-40, SH-41). A contractor's account sees its own forms only.
enum WorkFormListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "work-forms") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "site-access-settings") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let saved = try await Contractors.saveSettings(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(SiteAccessSettingsInput.self), on: req)
                return (Text("已保存：提前 \(saved.leadDays) 天申报，最长 \(saved.longestDays) 天", "Saved: \(saved.leadDays) days ahead, \(saved.longestDays) days at most"),
                        "/properties/\(saved.$property.id)/work-forms")
            }
        }
        pages.get("properties", ":propertyID", "work-forms.csv") { req async throws -> Response in
            let actor = try req.actor
            let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewSiteAccess)
            let time = property.localTime, language = req.language
            let (rows, _) = try await SiteAccessQueries.forms(propertyID: property.id, filter: try filter(req, actor), paging: Paging(page: 1, per: 5_000), today: time.day(req.now), on: req.db)
            let heading = ["编号", "施工单位", "施工项目", "样板房", "施工区域", "开工", "完工", "人数", "负责人", "停电停水/跨区域", "状态", "申报人", "申报时间", "回复单号"]
            return Spreadsheet.download(Spreadsheet.format(of: req), name: "work-forms-\(property.code)", sheet: "工作联络单", heading: heading, rows: rows.map { f in
                [f.referenceNo, f.contractor, f.project, f.showHouse, f.area, time.dateTime(f.startsAt), time.dateTime(f.endsAt), String(f.headcount), f.teamLeader,
                 f.needsExtraApproval ? (f.extraApprovedAt == nil ? "待同意" : "已同意") : "", f.status.title.in(language), f.filedBy, time.dateTime(f.filedAt), f.replyNo]
            }, numeric: [7])
        }
    }

    static func filter(_ req: Request, _ actor: Actor) throws -> SiteAccessQueries.FormFilter {
        SiteAccessQueries.FormFilter(status: try req.queryValue("status", SiteAccessAPI.statusQuery).flatMap(WorkFormStatus.init(rawValue:)),
                                     contractorID: try actor.contractorID ?? Input.uuid(try req.queryValue("contractorID", SiteAccessAPI.contractorQuery), field: "contractorID"))
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewSiteAccess)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let filter = try filter(req, actor)
        let paging = try Paging.from(req, per: 30, fixedPer: true)
        let (rows, total) = try await SiteAccessQueries.forms(propertyID: property.id, filter: filter, paging: paging, today: time.day(ctx.now), on: req.db)
        let settings = try await Contractors.settings(of: property.id, on: req.db)
        let base = "/properties/\(property.id)/work-forms"
        let query = filter.status.map { "status=\($0.rawValue)" } ?? ""
        return Layout.page(ctx, title: ctx.t("工作联络单", "Work liaison forms"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("工作联络单", "Work liaison forms") }
            H.p(.class("muted")) {
                ctx.t("施工须提前 \(settings.leadDays) 天申报，一张联络单最长 \(settings.longestDays) 天；经物业服务部领导批准、工程审图、物业登记发回复单、安管登记后方可凭单进场。",
                      "File \(settings.leadDays) days ahead, at most \(settings.longestDays) days a form; leadership approves, engineering reviews the drawings, property service registers and replies, security registers it; then the workers come in on it.")
            }
            H.p(.class("no-print")) {
                if ctx.may(.fileWorkForm, at: property.id) { H.a(.class("button"), .href(base + "/new"), .id("new-work-form")) { ctx.t("申报工作联络单", "File a work form") }; " " }
                if actor.contractorID == nil {
                    H.a(.class("button secondary"), .href("/properties/\(property.id)/contractors")) { ctx.t("施工单位", "Contractors") }
                    if ctx.may(.viewShowHouses, at: property.id) { " "; H.a(.class("button secondary"), .href("/properties/\(property.id)/site-gate")) { ctx.t("安管岗", "Security gate") } }
                }
            }
            H.nav(.class("chips no-print"), .attr("aria-label", ctx.t("筛选", "Filter"))) {
                H.a(.href(base), .when(filter.status == nil, .attr("aria-current", "page"))) { ctx.t("全部", "All") }
                for status in WorkFormStatus.allCases {
                    H.a(.href(base + "?status=\(status.rawValue)"), .when(filter.status == status, .attr("aria-current", "page"))) { ctx.t(status.title) }
                }
                H.a(.href(base + ".csv" + (query.isEmpty ? "" : "?" + query))) { ctx.t("导出 CSV", "Export CSV") }
            }
            Form.problems(ctx, form)
            if rows.isEmpty { H.p(.class("empty-state")) { ctx.t("没有符合条件的联络单", "No forms") } }
            else {
                H.table(.class("stack"), .id("work-forms")) {
                    H.thead { H.tr { for h in [ctx.t("编号", "No."), ctx.t("施工单位", "Contractor"), ctx.t("项目与区域", "Project and area"), ctx.t("施工时间", "Window"), ctx.t("状态", "State")] { H.th(.class("nowrap")) { h } } } }
                    H.tbody {
                        for f in rows {
                            H.tr(.data("status", f.status.rawValue)) {
                                Layout.cell(ctx.t("编号", "No.")) { H.a(.class("strong-link nowrap"), .href(WorkLiaisonForms.link(f.id))) { f.referenceNo } }
                                Layout.cell(ctx.t("施工单位", "Contractor")) { f.contractor }
                                Layout.cell(ctx.t("项目与区域", "Project and area")) { f.project + " · " + (f.showHouse.map { $0 + " " } ?? "") + f.area }
                                Layout.cell(ctx.t("施工时间", "Window")) { H.span(.class("nowrap")) { time.dateTime(f.startsAt) }; " — "; H.span(.class("nowrap")) { time.dateTime(f.endsAt) } }
                                Layout.cell(ctx.t("状态", "State")) {
                                    H.span(.class("badge" + (f.status == .active ? " h-accepted" : f.status == .refused ? " late" : " s-out"))) { ctx.t(f.status.title) }
                                    if f.needsExtraApproval, f.extraApprovedAt == nil, f.status != .refused, f.status != .closed { " "; H.span(.class("badge waiting")) { ctx.t("停电/跨区待同意", "Outage waits") } }
                                    if f.onSite > 0 { " "; H.span(.class("badge s-out")) { ctx.t("在场 \(f.onSite)", "\(f.onSite) on site") } }
                                }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: base + (query.isEmpty ? "" : "?" + query))
            }
            if ctx.may(.manageContractors, at: property.id) {
                let action = "/properties/\(property.id)/site-access-settings"
                H.details(.class("card no-print"), .when(form.for(action).isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("申报规则", "Filing rules") }
                    H.form(.method("post"), .action(action), .id("site-access-settings")) {
                        ctx.csrfField
                        Form.input(ctx, form.for(action), "leadDays", label: ctx.t("提前申报天数", "Days ahead"), field: SiteAccessSettingsInput.schema.field("leadDays"),
                                   type: "number", value: String(settings.leadDays), required: true)
                        Form.input(ctx, form.for(action), "longestDays", label: ctx.t("一张联络单最长天数", "Longest window (days)"), field: SiteAccessSettingsInput.schema.field("longestDays"),
                                   type: "number", value: String(settings.longestDays), required: true)
                        H.button(.class("secondary")) { ctx.t("保存", "Save") }
                    }
                }
            }
        }
    }
}
