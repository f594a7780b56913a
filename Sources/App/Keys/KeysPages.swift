import Fluent
import Vapor

/// The key cabinet's pages (篇4). Every action calls `KeyCabinet`, the same
/// functions the API calls; each page file holds one page or a few related ones.
enum KeysPages {
    /// The cabinet's links in the navigation, for those who may use each page.
    static let navigation: [NavItem] = [
        NavItem(label: Text("钥匙柜", "Key cabinet"), path: { "/properties/\($0)/keys" }, action: .viewKeys),
        NavItem(label: Text("逾期", "Overdue"), path: { "/properties/\($0)/keys/overdue" }, action: .viewKeys),
        NavItem(label: Text("台账", "Ledger"), path: { "/properties/\($0)/ledger" }, action: .viewKeys),
        NavItem(label: Text("换锁", "Lock changes"), path: { "/properties/\($0)/lock-changes" }, action: .viewLockChanges),
        NavItem(label: Text("备用钥匙", "Spare keys"), path: { "/properties/\($0)/spare-releases" }, action: .viewKeys),
    ]

    static func register(_ pages: any RoutesBuilder) {
        pages.get("keys") { req async throws -> Response in
            let ctx = try await req.viewContext()
            guard let property = ctx.propertyID, ctx.may(.viewKeys, at: property) else { return req.redirect(to: "/") }
            return req.redirect(to: "/properties/\(property)/keys")
        }
        CabinetPage.register(pages)
        KeyPage.register(pages)
        IssuePage.register(pages)
        CheckoutPage.register(pages)
        LedgerPage.register(pages)
        LockChangePages.register(pages)
        SpareReleasePages.register(pages)
        RegisterKeysPage.register(pages)
        KeyLabelsPage.register(pages)
    }

    static func statusBadge(_ ctx: ViewContext, _ status: KeyStatus) -> Node {
        H.span(.class("badge s-\(status.rawValue)")) { ctx.t(status.title) }
    }

    /// "原锁", or "第 2 次换锁" for the third lock of a unit (KY-5).
    static func lockName(_ ctx: ViewContext, _ lockNo: Int) -> String {
        lockNo <= 1 ? ctx.t("原锁", "Original lock") : ctx.t("第 \(lockNo - 1) 次换锁", "Lock change \(lockNo - 1)")
    }

    /// A tel: link for a phone number, so a tap calls it.
    static func phoneLink(_ phone: String) -> Node {
        H.a(.href("tel:" + phone.filter { $0.isNumber || $0 == "+" }), .class("tel")) { "☎ " + phone }
    }
}
