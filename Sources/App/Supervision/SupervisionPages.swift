import Vapor

/// The supervision pages: inspections, patrol rounds, rectification notices (SH-19, SH-30…SH-32).
enum SupervisionPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("整改", "Rectification"), path: { "/properties/\($0)/rectification-notices" }, action: .viewRectifications),
        NavItem(label: Text("运行记录", "Records"), path: { "/properties/\($0)/operations-records" }, action: .viewOperationsRecords),
    ]

    static func register(_ pages: any RoutesBuilder) {
        InspectionPage.register(pages)
        PatrolPage.register(pages)
        RectificationListPage.register(pages)
        RectificationNoticePage.register(pages)
        OperationsRecordsPage.register(pages: pages)
    }
}
