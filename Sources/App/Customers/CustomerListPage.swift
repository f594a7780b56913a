import Fluent
import Vapor

/// 客户档案 — find a customer among a property's many: by name or part of
/// it, pinyin initials, the last digits of a phone or ID number, or a unit
/// (CA-3 使用). Phones and ID numbers show masked.
enum CustomerListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "customers", use: list)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let query = try req.queryValue("q", CustomersAPI.Query.search)
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (items, total) = try await CustomerQueries.list(propertyID: property.id, query: query, paging: paging, on: req.db)
        let base = "/properties/\(property.id)/customers"

        return Layout.page(ctx, title: ctx.t("客户档案", "Customers"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("客户档案", "Customers") }
            H.div(.class("actions")) {
                if ctx.may(.editCustomers, at: property.id) {
                    H.a(.class("button"), .href(base + "/new"), .id("new-customer")) { ctx.t("登记新客户", "Register a customer") }
                    H.a(.class("button secondary"), .href(base + "/import"), .id("import-customers")) { ctx.t("导入表格", "Import a spreadsheet") }
                }
                H.a(.class("button secondary"), .href(base + ".csv"), .id("export-customers")) {
                    ctx.may(.exportPersonalData, at: property.id) ? ctx.t("导出 CSV（含完整号码，将记录）", "Export CSV (whole numbers, recorded)") : ctx.t("导出 CSV（号码已遮蔽）", "Export CSV (numbers masked)")
                }
            }
            H.form(.class("search"), .method("get"), .action(base), .attr("role", "search")) {
                H.label(.for("customers-q"), .class("visually-hidden")) { ctx.t("查找客户", "Find a customer") }
                H.input(.type("search"), .name("q"), .id("customers-q"), .value(query ?? ""), .attr("maxlength", "40"),
                        .placeholder(ctx.t("姓名、拼音首字母、电话或证件号后几位、房号；多个词可缩小范围", "Name, initials, last digits of phone or ID, unit; more words narrow it")))
                H.button { ctx.t("查找", "Find") }
            }
            if items.isEmpty {
                H.p(.class("empty-state")) { query == nil ? ctx.t("还没有客户档案", "No customer files yet") : ctx.t("没有找到“\(query!)”", "Nothing found for “\(query!)”") }
            } else {
                if query != nil && total >= CustomerQueries.searchCap {
                    H.p(.class("muted")) { ctx.t("只列出前 \(CustomerQueries.searchCap) 位；可再加一个词缩小范围，如“丽 5678”", "Only the first \(CustomerQueries.searchCap) are listed; add a word to narrow it, e.g. “丽 5678”") }
                }
                H.table(.class("stack"), .id("customers")) {
                    H.thead { H.tr {
                        H.th { ctx.t("姓名", "Name") }; H.th { ctx.t("房号", "Units") }; H.th { ctx.t("电话", "Phone") }; H.th { ctx.t("证件号码", "ID number") }
                    } }
                    H.tbody {
                        for item in items {
                            H.tr {
                                Layout.cell(ctx.t("姓名", "Name")) { H.a(.href("/customers/\(item.row.id)")) { item.row.name } }
                                Layout.cell(ctx.t("房号", "Units")) { CustomersPages.units(ctx, item.ties) }
                                Layout.cell(ctx.t("电话", "Phone")) { Mask.phone(item.row.phone) ?? "—" }
                                Layout.cell(ctx.t("证件号码", "ID number")) { Mask.idNumber(item.row.idNumber) ?? "—" }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total,
                             base: base + (query.map { "?q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""))
            }
        }
    }
}
