import Vapor

/// The duties' pages: the day at a glance and each duty's month.
enum DutiesPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("职责", "Duties"), path: { "/properties/\($0)/duties" }, action: .viewDuties),
    ]

    static func register(_ pages: any RoutesBuilder) {
        CompliancePage.register(pages)
        DutyMonthPage.register(pages)
    }
}
