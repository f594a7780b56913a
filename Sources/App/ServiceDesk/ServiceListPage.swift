import Fluent
import Vapor

/// 客服工单 — the property's items, filtered by status, kind, department,
/// follow-up person, overdue and words; as CSV and Excel too (SH-33).
enum ServiceListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "service-items") { req in try await list(req) }
        pages.get("properties", ":propertyID", "service-items.csv") { req in try await export(req) }
        pages.get("properties", ":propertyID", "service-items.xlsx") { req in try await export(req) }
    }

    /// The query string that gives this filter again, for the pager and the exports.
    static func query(_ f: ServiceQueries.Filter, mine: Bool) -> String {
        var parts = ["status=\(f.status.rawValue)"]
        if let kind = f.kind { parts.append("kind=\(kind.rawValue)") }
        if let department = f.department { parts.append("department=\(department.rawValue)") }
        if mine { parts.append("mine=1") } else if let owner = f.ownerID { parts.append("owner=\(owner)") }
        if f.overdue { parts.append("overdue=true") }
        if let q = f.search { parts.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        return parts.joined(separator: "&")
    }

    static let mineQuery = InputField.choice(["1"], label: Text("我跟进的", "mine"))

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewServiceDesk)
        let ctx = try await req.viewContext(propertyID: property.id)
        var filter = try ServiceDeskAPI.filter(req)
        let mine = try req.queryValue("mine", mineQuery) == "1"
        if mine { filter.ownerID = actor.id }
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (rows, total) = try await ServiceQueries.list(propertyID: property.id, filter: filter, now: ctx.now, paging: paging, on: req.db)
        let base = "/properties/\(property.id)/service-items"
        let time = property.localTime
        let statuses: [(ServiceQueries.StatusFilter, Text)] = [
            (.open, Text("未关闭", "Not closed")), (.unassigned, Text("待指派", "Unassigned")), (.assigned, Text("处理中", "In hand")),
            (.done, Text("待回访/验收", "Awaiting check")), (.pending, Text("交接待接收", "Pending handover")), (.closed, Text("已关闭", "Closed")), (.all, Text("全部", "All")),
        ]
        let again = query(filter, mine: mine)
        return Layout.page(ctx, title: ctx.t("客服工单", "Service desk"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("客服工单", "Service desk") }
            H.div(.class("actions")) {
                H.a(.class("button"), .href(base + "/new"), .id("new-service-item")) { ctx.t("登记工单", "Record an item") }
                H.a(.class("button secondary"), .href("/properties/\(property.id)/desk-handovers"), .id("desk-handovers")) { ctx.t("监控室交接", "Control-room handover") }
                if ctx.may(.viewComplaintReview, at: property.id) {
                    H.a(.class("button secondary"), .href("/properties/\(property.id)/complaint-reviews"), .id("complaint-reviews")) { ctx.t("投诉月度评审", "Monthly complaint review") }
                }
                H.a(.class("button secondary"), .href(base + ".csv?" + again)) { ctx.t("导出 CSV", "Export CSV") }
                H.a(.class("button secondary"), .href(base + ".xlsx?" + again)) { ctx.t("导出 Excel", "Export Excel") }
            }
            H.form(.class("filters"), .method("get"), .action(base), .id("service-filters")) {
                H.el("select", [.name("status"), .attr("aria-label", ctx.t("状态", "Status"))]) {
                    for (value, label) in statuses { H.option(.value(value.rawValue), .when(value == filter.status, .selected)) { ctx.t(label) } }
                }
                H.el("select", [.name("kind"), .attr("aria-label", ctx.t("类别", "Kind"))]) {
                    H.option(.value("")) { ctx.t("全部类别", "Every kind") }
                    for kind in ServiceKind.allCases { H.option(.value(kind.rawValue), .when(kind == filter.kind, .selected)) { ctx.t(kind.title) } }
                }
                H.el("select", [.name("department"), .attr("aria-label", ctx.t("部门", "Department"))]) {
                    H.option(.value("")) { ctx.t("全部部门", "Every department") }
                    for d in DepartmentCode.staffDepartments { H.option(.value(d.rawValue), .when(d == filter.department, .selected)) { ctx.t(d.title) } }
                }
                H.input(.type("search"), .name("q"), .value(filter.search ?? ""), .attr("maxlength", "60"), .attr("aria-label", ctx.t("搜索", "Search")),
                        .attr("placeholder", ctx.t("编号、内容、姓名", "Number, words, name")))
                H.label(.class("choice")) { H.input(.type("checkbox"), .name("mine"), .value("1"), .when(mine, .checked)); " " + ctx.t("我跟进的", "Mine") }
                H.label(.class("choice")) { H.input(.type("checkbox"), .name("overdue"), .value("true"), .when(filter.overdue, .checked)); " " + ctx.t("已逾期", "Overdue") }
                H.button(.class("secondary")) { ctx.t("查询", "Show") }
            }
            if rows.isEmpty { H.p(.class("empty-state")) { ctx.t("没有符合条件的工单", "No items here") } }
            else {
                H.table(.class("stack"), .id("service-items")) {
                    H.thead { H.tr {
                        H.th { ctx.t("编号", "No.") }; H.th { ctx.t("类别", "Kind") }; H.th { ctx.t("内容", "About") }; H.th { ctx.t("客户/来访人", "Raised by") }
                        H.th { ctx.t("登记", "Recorded") }; H.th { ctx.t("负责", "Owner") }; H.th { ctx.t("时限", "Due") }; H.th { ctx.t("状态", "Status") }
                    } }
                    H.tbody {
                        for i in rows {
                            H.tr(.class(i.isOverdue(at: ctx.now) ? "late" : "")) {
                                Layout.cell(ctx.t("编号", "No.")) { H.a(.class("nowrap"), .href("/service-items/\(i.id)")) { i.referenceNo } }
                                Layout.cell(ctx.t("类别", "Kind")) { ctx.t(i.kind.title) }
                                Layout.cell(ctx.t("内容", "About")) { String(i.description.prefix(60)) }
                                Layout.cell(ctx.t("客户/来访人", "Raised by")) { i.raisedFor ?? "—" }
                                Layout.cell(ctx.t("登记", "Recorded")) { time.dateTime(i.raisedAt) + " · " + i.raisedByName + " · " + ServiceDeskPages.age(ctx, i, now: ctx.now) }
                                Layout.cell(ctx.t("负责", "Owner")) { ctx.t(i.department.title) + (i.ownerName.map { " · " + $0 } ?? "") }
                                Layout.cell(ctx.t("时限", "Due")) { i.dueAt.map(time.dateTime) ?? "—" }
                                Layout.cell(ctx.t("状态", "Status")) { ServiceDeskPages.badge(ctx, i, now: ctx.now) }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: base + "?" + again)
            }
        }
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewServiceDesk)
        var filter = try ServiceDeskAPI.filter(req)
        if try req.queryValue("mine", mineQuery) == "1" { filter.ownerID = actor.id }
        let now = req.now
        let (rows, _) = try await ServiceQueries.list(propertyID: property.id, filter: filter, now: now, paging: Paging(page: 1, per: 100_000), on: req.db)
        let time = property.localTime
        let language = req.language
        let heading = ["编号", "类别", "来源", "紧急", "内容", "客户/来访人", "房号", "登记时间", "登记人", "负责部门", "跟进人", "时限", "状态", "处理结果", "回访/验收", "退回次数", "关闭时间"]
        return Spreadsheet.download(Spreadsheet.format(of: req), name: "service-items-\(property.code)-\(filter.status.rawValue)", sheet: "客服工单", heading: heading, rows: rows.map { i in
            [i.referenceNo, i.kind.title.in(language), i.source.title.in(language), i.urgent ? "是" : "", i.description, i.raisedFor, i.unitLabel,
             time.dateTime(i.raisedAt), i.raisedByName, i.department.title.in(language), i.ownerName, i.dueAt.map(time.dateTime),
             i.status.title(for: i.kind).in(language), i.doneNote, i.outcome.map { $0.title.in(language) + (i.checkNote.map { "：" + $0 } ?? "") },
             String(i.reopenCount), i.closedAt.map(time.dateTime)]
        }, numeric: [15])
    }
}
