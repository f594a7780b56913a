import Fluent
import Vapor

/// 整改通知单 — a property's notices: overdue ones first and marked, filtered
/// by state and department, exported as CSV; a supervisor issues one here
/// (SH-31, SH-32).
enum RectificationListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "rectification-notices") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "rectification-notices") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await RectificationNotices.issue(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(RectificationInput.self), on: req)
                return (Text("已发出整改通知单 \(made.referenceNo)", "Notice \(made.referenceNo) issued"), RectificationNotices.link(made))
            }
        }
        pages.get("properties", ":propertyID", "rectification-notices.csv") { req async throws -> Response in
            let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: try req.actor, action: .viewRectifications)
            let rows = try await SupervisionQueries.notices(propertyID: property.id, filter: try SupervisionAPI.filter(req), now: req.now, limit: 5_000, on: req.db)
            let time = property.localTime
            let language = req.language
            let heading = ["编号", "类别", "整改部门", "样板房", "发现的问题", "整改要求", "期限", "状态", "逾期", "发出人", "发出时间", "整改情况", "退回次数", "验证人", "验证时间"]
            return Spreadsheet.download(Spreadsheet.format(of: req), name: "rectification-notices-\(property.code)", sheet: "整改通知单", heading: heading, rows: rows.map { n in
                [n.referenceNo, n.category.title.in(language), n.department.title.in(language), n.showHouse, n.finding, n.requirement, time.dateTime(n.deadline),
                 n.status.title.in(language), n.overdue ? "逾期" : "", n.issuedBy, time.dateTime(n.issuedAt), n.action, String(n.returnedCount), n.verifiedBy,
                 n.verifiedAt.map(time.dateTime)]
            }, numeric: [12])
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewRectifications)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let filter = try SupervisionAPI.filter(req)
        let rows = try await SupervisionQueries.notices(propertyID: property.id, filter: filter, now: ctx.now, on: req.db)
        let houses = try await ShowHouse.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all()
        let base = "/properties/\(property.id)/rectification-notices"
        let query = [filter.status.map { "status=\($0.rawValue)" }, filter.department.map { "department=\($0.rawValue)" }, filter.overdueOnly ? "overdue=true" : nil]
            .compactMap { $0 }.joined(separator: "&")
        return Layout.page(ctx, title: ctx.t("整改通知单", "Rectification notices"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("整改通知单", "Rectification notices") }
            H.nav(.class("chips no-print"), .attr("aria-label", ctx.t("筛选", "Filter"))) {
                H.a(.href(base), .when(query.isEmpty, .attr("aria-current", "page"))) { ctx.t("全部", "All") }
                H.a(.href(base + "?overdue=true"), .when(filter.overdueOnly, .attr("aria-current", "page"))) { ctx.t("逾期", "Overdue") }
                for status in RectificationStatus.allCases {
                    H.a(.href(base + "?status=\(status.rawValue)"), .when(filter.status == status && !filter.overdueOnly, .attr("aria-current", "page"))) { ctx.t(status.title) }
                }
                H.a(.href(base + ".csv" + (query.isEmpty ? "" : "?" + query))) { ctx.t("导出 CSV", "Export CSV") }
            }
            Form.problems(ctx, form)
            if rows.isEmpty { H.p(.class("empty-state")) { ctx.t("没有符合条件的整改通知单", "No notices") } }
            else {
                H.table(.class("stack"), .id("notices")) {
                    H.thead { H.tr { for h in [ctx.t("编号", "No."), ctx.t("整改部门", "Department"), ctx.t("问题", "Finding"), ctx.t("期限", "Deadline"), ctx.t("状态", "State")] { H.th(.class("nowrap")) { h } } } }
                    H.tbody {
                        for n in rows {
                            H.tr(.class(n.overdue ? "late" : ""), .data("status", n.status.rawValue)) {
                                Layout.cell(ctx.t("编号", "No.")) { H.a(.class("strong-link nowrap"), .href("/rectification-notices/\(n.id)")) { n.referenceNo } }
                                Layout.cell(ctx.t("整改部门", "Department")) { ctx.t(n.department.title) }
                                Layout.cell(ctx.t("问题", "Finding")) { (n.showHouse.flatMap { n.finding.hasPrefix($0) ? nil : $0 + " · " } ?? "") + String(n.finding.prefix(60)) }
                                Layout.cell(ctx.t("期限", "Deadline")) { time.dateTime(n.deadline) }
                                Layout.cell(ctx.t("状态", "State")) {
                                    H.span(.class("badge" + (n.status == .closed ? " h-accepted" : " s-out"))) { ctx.t(n.status.title) }
                                    if n.overdue { " "; H.span(.class("badge overdue")) { ctx.t("逾期", "Overdue") } }
                                    if n.extensionTo != nil { " "; H.span(.class("badge waiting")) { ctx.t("申请延期", "Extension asked") } }
                                }
                            }
                        }
                    }
                }
            }
            if ctx.may(.issueRectification, at: property.id) {
                let form = form.for(base)
                H.details(.class("card no-print"), .when(form.isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("发出整改通知单", "Issue a notice") }
                    H.form(.method("post"), .action(base), .id("notice-issue")) {
                        ctx.csrfField
                        let schema = RectificationInput.schema
                        Form.radios(ctx, form, "category", legend: ctx.t("类别", "Category"), options: RectificationCategory.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                                    selected: RectificationCategory.service.rawValue)
                        Form.select(ctx, form, "department", label: ctx.t("整改部门", "Department"), options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) },
                                    prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.select(ctx, form, "showHouseID", label: ctx.t("样板房（可选）", "Show house (optional)"), options: houses.map { ($0.id!.uuidString, $0.name) },
                                    prompt: ctx.t("— 无 —", "— none —"))
                        Form.textarea(ctx, form, "finding", label: ctx.t("发现的问题", "What was found"), field: schema.field("finding"), required: true)
                        Form.textarea(ctx, form, "requirement", label: ctx.t("整改要求 / 建议", "What is required / proposed"), field: schema.field("requirement"), required: true)
                        Form.input(ctx, form, "deadline", label: ctx.t("整改期限", "Deadline"), type: "datetime-local",
                                   value: time.inputValue(ctx.now.addingTimeInterval(3 * 86_400)), required: true)
                        H.button(.id("notice-issue-button")) { ctx.t("发出", "Issue") }
                    }
                }
            }
        }
    }
}
