import Fluent
import Vapor

/// Show houses' pages (篇1 6.x): the property's show houses today, one
/// house's day, a count on a phone, the inventory list. Every action calls
/// `ShowHouses`, `ShowHouseVisits` or `ShowHouseDays`, as the API does.
enum ShowHousesPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("样板房", "Show houses"), path: { "/properties/\($0)/show-houses" }, action: .viewShowHouses),
    ]

    static func register(_ pages: any RoutesBuilder) {
        ShowHouseListPage.register(pages)
        ShowHouseDayPage.register(pages)
        ShowHouseCountPage.register(pages)
        ShowHouseInventoryPage.register(pages)
        KeySetPage.register(pages)
        ShowHouseSummaryPage.register(pages)
        LobbySuppliesPart.registerPages(pages)
        ConstructionHandoverPage.register(pages: pages)
    }

    /// Where a house's day stands, as badges.
    @NodeBuilder static func badges(_ ctx: ViewContext, _ h: ShowHouseQueries.House, time: LocalTime) -> Node {
        if let opening = h.openingAt {
            let late = ShowHouseRules.isLate(.opening, hhmm: String(time.dateTime(opening).suffix(5)))
            H.span(.class(late ? "badge late" : "badge h-accepted")) { ctx.t(late ? "开馆清点（迟）" : "已开馆清点", late ? "opened late" : "opening counted") }
        } else {
            H.span(.class("badge s-out")) { ctx.t("未开馆清点", "no opening count") }
        }
        " "
        if h.closingAt != nil { H.span(.class("badge h-accepted")) { ctx.t("已闭馆清点", "closing counted") }; " " }
        if let status = h.dayStatus { H.span(.class(status == .signed ? "badge h-accepted" : "badge s-out")) { ctx.t(status.title) }; " " }
        if h.openFindings > 0 { H.span(.class("badge late")) { ctx.t("未结异常 \(h.openFindings)", "\(h.openFindings) open") } }
    }
}

/// 样板房 — the property's show houses and how each one's day stands:
/// counts, visitors, refusals, open findings, closing (SH-10…SH-18); the
/// register form for supervisors.
enum ShowHouseListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "show-houses") { req in try await list(req, form: .blank) }
        pages.post("properties", ":propertyID", "show-houses") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let made = try await ShowHouses.register(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(ShowHouseInput.self), on: req)
                return (Text("已登记\(made.name)，请制定物品清单", "\(made.name) registered: write its inventory list"), "/show-houses/\(made.id!)/inventory")
            }
        }
    }

    struct UnitOption: ReadRow {
        let id: UUID; let label: String
        init(_ row: RowReader) throws { id = try row.next("id"); label = try row.next("label") }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewShowHouses)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let today = time.day(ctx.now)
        let day = try req.queryValue("day", HandoverAPI.dayQuery) ?? today
        let houses = try await ShowHouseQueries.houses(propertyID: property.id, day: day, on: req.db)
        let manages = ctx.may(.manageShowHouses, at: property.id)
        let units = manages ? try await unitOptions(property.id, on: req.db) : []
        let supplies = try await LobbySuppliesPart.all(property.id, on: req.db)
        return Layout.page(ctx, title: ctx.t("样板房", "Show houses"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("样板房", "Show houses") + " " + day }
            H.form(.class("filters"), .method("get"), .action("/properties/\(property.id)/show-houses")) {
                H.label(.for("show-house-day")) { ctx.t("日期", "Day") }
                H.input(.type("date"), .name("day"), .id("show-house-day"), .value(day), .attr("max", today))
                H.button(.class("secondary")) { ctx.t("查看", "Show") }
                H.a(.class("strong-link"), .href("/properties/\(property.id)/show-house-summaries?day=\(day)")) { ctx.t("日报", "Daily summary") }
            }
            if houses.isEmpty { H.p(.class("muted")) { ctx.t("尚未登记样板房。", "No show houses yet.") } }
            H.div(.class("cards"), .id("show-houses")) {
                for h in houses {
                    H.section(.class("card"), .id("house-\(h.id)")) {
                        H.h2 { H.a(.class("strong-link"), .href("/show-houses/\(h.id)?day=\(day)")) { h.name }; " "; H.small(.class("muted")) { h.unitType } }
                        H.p(.class("muted")) { h.unitLabel + " · " + h.floor + " · " + ctx.t("开放 ", "open ") + h.opensAt + "–" + h.closesAt }
                        H.p { ShowHousesPages.badges(ctx, h, time: time) }
                        H.p {
                            ctx.t("参观 \(h.batches) 批 \(h.visitors) 人", "\(h.batches) batches, \(h.visitors) visitors")
                            if h.refusals > 0 { ctx.t("，劝离 \(h.refusals) 人", ", \(h.refusals) turned away") }
                        }
                        if h.inventoryVersion == nil {
                            H.p(.class("error")) { ctx.t("尚无物品清单，不能清点", "No inventory list yet: counts cannot start") }
                        }
                        H.p {
                            if manages { H.a(.class("strong-link"), .href("/show-houses/\(h.id)/inventory")) { ctx.t("物品清单", "Inventory list") + (h.inventoryVersion.map { " v\($0)" } ?? "") }; "　" }
                            H.a(.class("strong-link"), .href("/show-houses/\(h.id)/key-sets")) { ctx.t("钥匙组", "Key sets") }
                        }
                    }
                }
            }
            let aboutSupplies = form.sentTo?.hasSuffix("/supplies") == true || form.sentTo?.hasPrefix("/supplies/") == true
            LobbySuppliesPart.card(ctx, supplies, form: aboutSupplies ? form : .blank, property: property.id)
            if manages {
                registerForm(ctx, form.for("/properties/\(property.id)/show-houses"), property: property.id, units: units)
            }
        }
    }

    /// Units not yet a show house, by building.
    static func unitOptions(_ propertyID: UUID, on db: any Database) async throws -> [UnitOption] {
        try await db.sql.rows(UnitOption.self, """
            SELECT u.id, b.name || ' ' || u.number AS label FROM units u JOIN buildings b ON b.id = u.building_id
            WHERE u.property_id = \(bind: propertyID) AND u.id NOT IN (SELECT unit_id FROM show_houses) ORDER BY b.name, u.number LIMIT 2000
            """)
    }

    static func registerForm(_ ctx: ViewContext, _ form: FormState, property: UUID, units: [UnitOption]) -> Node {
        let schema = ShowHouseInput.schema
        return H.details(.class("card"), .when(form.isRefused, .flag("open")), .id("register-show-house")) {
            H.summary { ctx.t("登记样板房", "Register a show house") }
            Form.problems(ctx, form)
            H.form(.method("post"), .action("/properties/\(property)/show-houses"), .id("show-house-form")) {
                ctx.csrfField
                Form.input(ctx, form, "name", label: ctx.t("名称", "Name"), field: schema.field("name"), required: true, extra: [.attr("placeholder", "A户型样板房")])
                Form.input(ctx, form, "unitType", label: ctx.t("户型", "Unit type"), field: schema.field("unitType"), required: true, extra: [.attr("placeholder", "A户型 三室两厅 128㎡")])
                Form.select(ctx, form, "unitID", label: ctx.t("房号", "Unit"), options: units.map { ($0.id.text, $0.label) }, prompt: ctx.t("请选择", "Choose"), required: true)
                Form.input(ctx, form, "floor", label: ctx.t("楼层", "Floor"), field: schema.field("floor"), required: true)
                Form.input(ctx, form, "opensAt", label: ctx.t("开放时间", "Opens at"), field: schema.field("opensAt"), type: "time", value: "09:00", required: true)
                Form.input(ctx, form, "closesAt", label: ctx.t("闭馆时间", "Closes at"), field: schema.field("closesAt"), type: "time", value: "18:00", required: true)
                H.button(.id("save-show-house")) { ctx.t("登记", "Register") }
            }
        }
    }
}
