import Fluent
import Vapor

/// The customer files' pages (篇5). Every action calls `CustomerFiles`, the
/// same functions the API calls; each page file holds one page or a few related ones.
enum CustomersPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("客户档案", "Customers"), path: { "/properties/\($0)/customers" }, action: .viewCustomers),
        NavItem(label: Text("客户通知", "Notices"), path: { "/properties/\($0)/notices" }, action: .viewCustomers),
    ]

    static func register(_ pages: any RoutesBuilder) {
        CustomerListPage.register(pages)
        CustomerFormPage.register(pages)
        CustomerFilePage.register(pages)
        CustomerImportPage.register(pages)
        NoticeListPage.register(pages)
        CustomerExport.register(pages)
        NoticePage.register(pages)
    }

    /// "业主 · 1栋 0101" for each unit a customer is at now.
    static func units(_ ctx: ViewContext, _ ties: [CustomerQueries.TieRow]) -> String {
        ties.isEmpty ? "—" : ties.map { ctx.t($0.relation.title) + " · " + $0.unitLabel }.joined(separator: "；")
    }

    /// The property's units as choices, "1栋 0101", in building and number order.
    static func unitChoices(propertyID: UUID, on db: any Database) async throws -> [(value: String, label: String)] {
        let units = try await Unit.query(on: db).filter(\.$property.$id == propertyID).with(\.$building).all()
        return units.map { (value: $0.id!.text, label: UnitLabel.of($0)) }.sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
    }

    static func relationChoices(_ ctx: ViewContext) -> [(value: String, label: String)] {
        CustomerRelation.allCases.map { ($0.rawValue, ctx.t($0.title)) }
    }
}
