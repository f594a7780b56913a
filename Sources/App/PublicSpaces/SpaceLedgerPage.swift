import Fluent
import Vapor

/// 公用场地使用登记表 — the usage ledger (PS-2, X-3): every application and
/// use in a range of days, on screen, printed on A4 as the paper form, and
/// as CSV or an Excel workbook.
enum SpaceLedgerPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "space-uses", use: { try await ledger($0) })
        pages.get("properties", ":propertyID", "space-uses.csv", use: { try await export($0) })
        pages.get("properties", ":propertyID", "space-uses.xlsx", use: { try await export($0) })
    }

    static func ledger(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewPublicSpaces)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let (from, to) = try PublicSpacesAPI.range(req, time: time)
        let printing = try req.queryValue("print", NoticePage.printFlag) == "1"
        let paging = printing ? Paging(page: 1, per: 2000) : try Paging.from(req, per: 100, fixedPer: true)
        let (rows, total) = try await SpaceQueries.ledger(propertyID: property.id, from: from, to: to, paging: paging, oldestFirst: true, on: req.db)
        let base = "/properties/\(property.id)/space-uses?from=\(from)&to=\(to)"
        return Layout.page(ctx, title: ctx.t("公用场地使用登记表", "Public space usage ledger"), wide: true) {
            H.h1 { ctx.t("公用场地使用登记表", "Public space usage ledger") }
            H.p(.class("print-only")) { ctx.t("项目：", "Property: ") + property.name + "　" + ctx.t("日期：", "Dates: ") + from + " — " + to }
            H.form(.class("filters"), .method("get"), .action("/properties/\(property.id)/space-uses")) {
                H.label(.for("uses-from")) { ctx.t("从", "From") }
                H.input(.type("date"), .name("from"), .id("uses-from"), .value(from))
                H.label(.for("uses-to")) { ctx.t("到", "To") }
                H.input(.type("date"), .name("to"), .id("uses-to"), .value(to))
                H.button { ctx.t("查询", "Show") }
                H.a(.class("button secondary"), .href(base + "&print=1"), .id("print-view")) { ctx.t("打印版", "Print view") }
                H.a(.class("button secondary"), .href("/properties/\(property.id)/space-uses.csv?from=\(from)&to=\(to)")) { ctx.t("导出 CSV", "Export CSV") }
                H.a(.class("button secondary"), .href("/properties/\(property.id)/space-uses.xlsx?from=\(from)&to=\(to)"), .id("export-xlsx")) { ctx.t("导出 Excel", "Export Excel") }
            }
            if printing { H.p(.class("no-print")) { H.button(.data("print", "1")) { ctx.t("打印", "Print") } } }
            H.table(.class(printing ? "ledger" : "ledger stack"), .id("space-ledger")) {
                H.thead { H.tr {
                    H.th { ctx.t("序号", "No.") }; H.th { ctx.t("场地", "Space") }; H.th { ctx.t("申请人", "Applicant") }; H.th { ctx.t("用途", "Purpose") }
                    H.th { ctx.t("面积", "Area") }; H.th { ctx.t("使用期间", "Days") }; H.th { ctx.t("消防/美观", "Fire/appearance") }
                    H.th { ctx.t("审批", "Decision") }; H.th { ctx.t("费用（元）", "Fee (¥)") }; H.th { ctx.t("收据", "Receipt") }; H.th { ctx.t("登记人", "Recorded by") }
                } }
                H.tbody {
                    for (index, row) in rows.enumerated() {
                        H.tr {
                            Layout.cell(ctx.t("序号", "No.")) { String((paging.page - 1) * paging.per + index + 1) }
                            Layout.cell(ctx.t("场地", "Space")) { H.a(.href("/space-uses/\(row.id)")) { row.spaceName } }
                            Layout.cell(ctx.t("申请人", "Applicant")) { row.applicant }
                            Layout.cell(ctx.t("用途", "Purpose")) { row.purpose }
                            Layout.cell(ctx.t("面积", "Area")) { SpaceRules.format(row.areaM2) + " m²" }
                            Layout.cell(ctx.t("使用期间", "Days")) { row.startsOn == row.endsOn ? row.startsOn : row.startsOn + " — " + row.endsOn }
                            Layout.cell(ctx.t("消防/美观", "Fire/appearance")) { row.fireSafe.map { ($0 ? "√" : "×") + "/" + (row.tidy == true ? "√" : "×") } ?? "—" }
                            Layout.cell(ctx.t("审批", "Decision")) { SpacesPages.statusBadge(ctx, row.status); row.decidedByName.map { " " + $0 } ?? "" }
                            Layout.cell(ctx.t("费用（元）", "Fee (¥)")) { row.feeFen.map(CustomerRules.yuan) ?? "—" }
                            Layout.cell(ctx.t("收据", "Receipt")) { row.receiptNo ?? (row.status == .approved ? ctx.t("未收", "unpaid") : "—") }
                            Layout.cell(ctx.t("登记人", "Recorded by")) { row.recordedByName }
                        }
                    }
                }
            }
            if !printing { Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: base) }
        }
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewPublicSpaces)
        let (from, to) = try PublicSpacesAPI.range(req, time: property.localTime)
        let (rows, _) = try await SpaceQueries.ledger(propertyID: property.id, from: from, to: to, paging: Paging(page: 1, per: 100_000), oldestFirst: true, on: req.db)
        let language = req.language
        func t(_ text: Text) -> String { text.in(language) }
        let heading = ["场地", "申请人", "用途", "面积(m²)", "开始", "结束", "符合消防", "美观整齐", "状态", "审批人", "费用(元)", "收据编号", "登记人"]
        return Spreadsheet.download(Spreadsheet.format(of: req), name: "space-uses-\(property.code)-\(from)-\(to)", sheet: "公用场地使用登记表", heading: heading, rows: rows.map { row in
            [row.spaceName, row.applicant, row.purpose, SpaceRules.format(row.areaM2), row.startsOn, row.endsOn,
             row.fireSafe.map { $0 ? "√" : "×" }, row.tidy.map { $0 ? "√" : "×" }, t(row.status.title), row.decidedByName,
             row.feeFen.map(CustomerRules.yuan), row.receiptNo, row.recordedByName]
        }, numeric: [3, 10])
    }
}
