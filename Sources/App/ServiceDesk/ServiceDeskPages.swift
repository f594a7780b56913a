import Fluent
import Vapor

/// The service desk's pages (SH-33, SH-11, HO-7): the list, a new item,
/// one item with its next step, the control-room handovers, the month's
/// complaint review. Every action calls `ServiceDesk` or `DeskHandovers`, as the API does.
enum ServiceDeskPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("客服工单", "Service desk"), path: { "/properties/\($0)/service-items" }, action: .viewServiceDesk),
    ]

    static func register(_ pages: any RoutesBuilder) {
        ServiceListPage.register(pages)
        ServiceNewPage.register(pages)
        ServiceItemPage.register(pages)
        DeskHandoverPage.register(pages)
        ComplaintReviewPage.register(pages)
    }

    /// 时长: how long an open item has waited, or how long a closed one took.
    static func age(_ ctx: ViewContext, _ i: ServiceQueries.Row, now: Date) -> String {
        let seconds = max(0, (i.closedAt ?? now).timeIntervalSince(i.raisedAt))
        let amount = seconds < 3600 ? ctx.t("\(Int(seconds / 60)) 分钟", "\(Int(seconds / 60)) min") : seconds < 86_400 ? ctx.t("\(Int(seconds / 3600)) 小时", "\(Int(seconds / 3600)) h")
            : ctx.t("\(Int(seconds / 86_400)) 天", "\(Int(seconds / 86_400)) d")
        return i.closedAt == nil ? ctx.t("已 ", "open ") + amount : ctx.t("用时 ", "took ") + amount
    }

    @NodeBuilder static func badge(_ ctx: ViewContext, _ i: ServiceQueries.Row, now: Date) -> Node {
        H.span(.class("badge d-\(i.status.rawValue)")) { ctx.t(i.status.title(for: i.kind)) }
        if i.urgent { " "; H.span(.class("badge late")) { ctx.t("紧急", "urgent") } }
        if i.isOverdue(at: now) { " "; H.span(.class("badge late")) { ctx.t("已逾期", "overdue") } }
        if let pending = i.pendingDepartment { " "; H.span(.class("badge s-out")) { ctx.t("待\(pending.title.zh)接收", "waiting for \(pending.title.en)") } }
    }
}
