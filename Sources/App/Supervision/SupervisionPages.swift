import Vapor

/// The supervision pages: inspections, patrol rounds, rectification notices (SH-19, SH-30…SH-32).
enum SupervisionPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("整改", "Rectification"), path: { "/properties/\($0)/rectification-notices" }, action: .viewRectifications),
    ]

    static func register(_ pages: any RoutesBuilder) {
        InspectionPage.register(pages)
        PatrolPage.register(pages)
        RectificationListPage.register(pages)
        RectificationNoticePage.register(pages)
    }
}
