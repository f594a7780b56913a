import Fluent
import Vapor

/// 违章登记 — the property's violations: what still needs someone (the
/// default), penalties not yet paid, or all; as CSV too. Someone who may only
/// report (a guard) sees their own reports here (PS-4, PS-5).
enum ViolationListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "space-violations") { req in try await list(req) }
        pages.get("properties", ":propertyID", "space-violations.csv") { req in try await export(req) }
        pages.get("properties", ":propertyID", "space-violations.xlsx") { req in try await export(req) }
    }

    @NodeBuilder static func badge(_ ctx: ViewContext, _ v: ViolationQueries.Row, now: Date) -> Node {
        H.span(.class("badge v-\(v.status.rawValue)")) { ctx.t(v.status.title) }
        if v.isLate(at: now) { " "; H.span(.class("badge late")) { ctx.t("已逾期", "overdue") } }
    }

    /// The filter asked for, and whose reports: everyone's for those who watch public spaces, else the person's own.
    static func scope(_ req: Request) async throws -> (property: PropertyInfo, filter: ViolationQueries.Filter, reporter: UUID?) {
        let actor = try req.actor
        let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: actor, action: .reportViolation)
        let filter = try req.queryValue("status", ViolationsAPI.statusQuery).flatMap(ViolationQueries.Filter.init(rawValue:)) ?? .open
        return (property, filter, Policy.allows(actor, .viewPublicSpaces, at: property.id) ? nil : actor.id)
    }

    static func list(_ req: Request) async throws -> Response {
        let (property, filter, reporter) = try await scope(req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (rows, total) = try await ViolationQueries.list(propertyID: property.id, filter: filter, reportedBy: reporter, paging: paging, on: req.db)
        let base = "/properties/\(property.id)/space-violations"
        let time = property.localTime
        let filters: [(ViolationQueries.Filter, Text)] = [(.open, Text("待处理与整改中", "Open")), (.unpaid, Text("罚款未收", "Penalty unpaid")), (.all, Text("全部", "All"))]
        return Layout.page(ctx, title: ctx.t("违章登记", "Violations"), wide: true) {
            H.h1 { property.name + " · " + ctx.t(reporter == nil ? "违章登记" : "我报告的违章", reporter == nil ? "Violations" : "Violations I reported") }
            H.div(.class("actions")) {
                H.a(.class("button"), .href(base + "/new"), .id("report-violation")) { ctx.t("报告违章", "Report a violation") }
                if reporter == nil {
                    H.a(.class("button secondary"), .href("/properties/\(property.id)/space-violations.csv?status=\(filter.rawValue)")) { ctx.t("导出 CSV", "Export CSV") }
                    H.a(.class("button secondary"), .href("/properties/\(property.id)/space-violations.xlsx?status=\(filter.rawValue)")) { ctx.t("导出 Excel", "Export Excel") }
                }
            }
            H.form(.class("filters"), .method("get"), .action(base)) {
                H.label(.for("violation-status")) { ctx.t("显示", "Show") }
                H.el("select", [.name("status"), .id("violation-status")]) {
                    for (value, label) in filters { H.option(.value(value.rawValue), .when(value == filter, .selected)) { ctx.t(label) } }
                }
                H.button(.class("secondary")) { ctx.t("查询", "Show") }
            }
            if rows.isEmpty { H.p(.class("empty-state")) { ctx.t("没有符合条件的违章记录", "No violations here") } }
            else {
                H.table(.class("stack"), .id("violations")) {
                    H.thead { H.tr {
                        H.th { ctx.t("编号", "No.") }; H.th { ctx.t("类别", "Kind") }; H.th { ctx.t("地点", "Place") }; H.th { ctx.t("报告", "Reported") }
                        H.th { ctx.t("责任人", "Party") }; H.th { ctx.t("整改期限", "Restore by") }; H.th { ctx.t("状态", "Status") }; H.th { ctx.t("处罚", "Penalty") }
                    } }
                    H.tbody {
                        for v in rows {
                            H.tr {
                                Layout.cell(ctx.t("编号", "No.")) { H.a(.href("/space-violations/\(v.id)")) { v.referenceNo } }
                                Layout.cell(ctx.t("类别", "Kind")) { ctx.t(v.kind.title) }
                                Layout.cell(ctx.t("地点", "Place")) { v.place }
                                Layout.cell(ctx.t("报告", "Reported")) { time.dateTime(v.reportedAt) + " · " + v.reportedByName }
                                Layout.cell(ctx.t("责任人", "Party")) { v.party ?? "—" }
                                Layout.cell(ctx.t("整改期限", "Restore by")) { v.restoreBy ?? "—" }
                                Layout.cell(ctx.t("状态", "Status")) { badge(ctx, v, now: ctx.now) }
                                Layout.cell(ctx.t("处罚", "Penalty")) {
                                    if let fen = v.penaltyFen { "¥" + CustomerRules.yuan(fen) + (v.owes ? ctx.t("（未收）", " (unpaid)") : "") } else { "—" }
                                }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: base + "?status=\(filter.rawValue)")
            }
        }
    }

    static func export(_ req: Request) async throws -> Response {
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: try req.actor, action: .viewPublicSpaces)
        let filter = try req.queryValue("status", ViolationsAPI.statusQuery).flatMap(ViolationQueries.Filter.init(rawValue:)) ?? .open
        let (rows, _) = try await ViolationQueries.list(propertyID: property.id, filter: filter, reportedBy: nil, paging: Paging(page: 1, per: 100_000), on: req.db)
        let time = property.localTime
        let language = req.language
        let heading = ["编号", "类别", "地点", "情况", "报告时间", "报告人", "责任人", "整改期限", "复查未恢复次数", "状态", "结案时间", "处罚(元)", "处罚依据", "收据编号"]
        return Spreadsheet.download(Spreadsheet.format(of: req), name: "space-violations-\(property.code)-\(filter.rawValue)", sheet: "违章登记", heading: heading, rows: rows.map { v in
            [v.referenceNo, v.kind.title.in(language), v.place, v.description, time.dateTime(v.reportedAt), v.reportedByName, v.party, v.restoreBy,
             String(v.failedChecks), v.status.title.in(language), v.closedAt.map(time.dateTime), v.penaltyFen.map(CustomerRules.yuan), v.penaltyBasis, v.penaltyReceipt]
        }, numeric: [8, 11])
    }
}
