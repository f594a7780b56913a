import Vapor

/// The site-access pages: work liaison forms, contractors, the security gate, emergency entries (SH-1…SH-5, SH-40…SH-46).
enum SiteAccessPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("施工", "Construction"), path: { "/properties/\($0)/work-forms" }, action: .viewSiteAccess),
        NavItem(label: Text("安管岗", "Gate"), path: { "/properties/\($0)/site-gate" }, action: .keepSiteGate),
    ]

    static func register(_ pages: any RoutesBuilder) {
        WorkFormListPage.register(pages)
        WorkFormNewPage.register(pages)
        WorkFormPage.register(pages)
        ReplySlipPage.register(pages)
        SiteGatePage.register(pages)
        EmergencyEntryPage.register(pages)
        ContractorPages.register(pages)
    }
}
