import Fluent
import SQLKit
import Vapor

/// 选择客户 — naming a customer on a form without knowing their file's id:
/// a search on the same page (name, pinyin initials, the last four of a
/// phone or ID, a unit), then a choice among what it found. The search is a
/// GET of the page itself, so it works without script and keeps the page.
enum CustomerPicker {
    static let findField = InputField.text(40, label: Text("查找客户", "find"))
    static let shown = 10

    /// What the page's `find` query found, with the customer a refused form
    /// had chosen kept first; nil when there is neither, or the person may not look customers up.
    static func found(_ req: Request, ctx: ViewContext, property: UUID, form: FormState) async throws -> [CustomerQueries.Listed]? {
        guard ctx.may(.viewCustomers, at: property) else { return nil }
        var found: [CustomerQueries.Listed]?
        if let query = try req.queryValue("find", findField) {
            found = try await CustomerQueries.list(propertyID: property, query: query, paging: Paging(page: 1, per: shown), on: req.db).items
        }
        if let chosen = form.value("customerID").flatMap(UUID.init(uuidString:)), !(found ?? []).contains(where: { $0.row.id == chosen }),
           let row = try await req.db.sql.row(CustomerQueries.ListRow.self, CustomerQueries.listColumns + (" WHERE id = \(bind: chosen) AND property_id = \(bind: property)" as SQLQueryString)) {
            found = [CustomerQueries.Listed(row: row, ties: try await CustomerQueries.openTies(of: [chosen], on: req.db))] + (found ?? [])
        }
        return found
    }

    /// The search box: a form of its own, so put it outside the form that uses the choice.
    static func search(_ ctx: ViewContext, action: String, anchor: String, value: String?) -> Node {
        H.form(.class("filters"), .method("get"), .action(action + "#" + anchor), .attr("role", "search")) {
            H.label(.for("find-customer")) { ctx.t("查找客户档案", "Find the customer") }
            H.input(.type("search"), .name("find"), .id("find-customer"), .value(value ?? ""), .attr("maxlength", "40"),
                    .attr("placeholder", ctx.t("姓名、拼音首字母、电话或证件尾号、房号", "Name, initials, phone or ID tail, unit")))
            H.button(.class("secondary")) { ctx.t("查找", "Find") }
        }
    }

    /// The choice, inside the form: what the search found, or "none".
    static func choice(_ ctx: ViewContext, _ form: FormState, found: [CustomerQueries.Listed]?, name: String = "customerID") -> Node {
        guard let found else { return .empty }
        let options = found.map { item in
            (value: item.row.id.text, label: item.row.name + " · " + CustomersPages.units(ctx, item.ties) + (Mask.phone(item.row.phone).map { " · " + $0 } ?? ""))
        }
        return Form.select(ctx, form, name, label: ctx.t("客户档案（找到 \(found.count) 位）", "Customer file (\(found.count) found)"), options: options,
                           selected: options.count == 1 ? options[0].value : nil, prompt: ctx.t("不关联档案", "None"))
    }
}
