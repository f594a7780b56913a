import Fluent
import Vapor

/// Public spaces' pages (篇2): the register, the usage ledger, and each
/// application's steps. Every action calls `PublicSpaces`, as the API does.
enum SpacesPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("公共场地", "Public spaces"), path: { "/properties/\($0)/public-spaces" }, action: .viewPublicSpaces),
        NavItem(label: Text("违章", "Violations"), path: { "/properties/\($0)/space-violations" }, action: .reportViolation),
    ]

    static func register(_ pages: any RoutesBuilder) {
        SpaceRegisterPage.register(pages)
        SpaceLedgerPage.register(pages)
        SpaceUsePage.register(pages)
        ViolationListPage.register(pages)
        ViolationReportPage.register(pages)
        ViolationPage.register(pages)
    }

    static func statusBadge(_ ctx: ViewContext, _ status: SpaceUseStatus) -> Node {
        H.span(.class("badge u-\(status.rawValue)")) { ctx.t(status.title) }
    }

    static func fee(_ ctx: ViewContext, rule: FeeRule, fen: Int) -> String {
        "¥" + CustomerRules.yuan(fen) + " " + ctx.t(rule.title)
    }
}

/// 公共场地登记 — the property's spaces with their fee rules and fire-safety
/// limits (PS-1); registering one is for customer-service supervisors.
enum SpaceRegisterPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "public-spaces") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "public-spaces") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await PublicSpaces.register(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(NewSpaceInput.self), on: req)
                return (Text("已登记场地 \(made.name)", "\(made.name) registered"), "/properties/\(made.$property.id)/public-spaces")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewPublicSpaces)
        let ctx = try await req.viewContext(propertyID: property.id)
        let spaces = try await SpaceQueries.spaces(propertyID: property.id, on: req.db)
        let base = "/properties/\(property.id)"
        let schema = NewSpaceInput.schema
        return Layout.page(ctx, title: ctx.t("公共场地", "Public spaces"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("公共场地", "Public spaces") }
            H.div(.class("actions")) {
                if ctx.may(.recordSpaceUse, at: property.id) {
                    H.a(.class("button"), .href(base + "/space-uses/new"), .id("new-space-use")) { ctx.t("登记使用申请", "Record an application") }
                }
                H.a(.class("button secondary"), .href(base + "/space-uses"), .id("space-ledger")) { ctx.t("公用场地使用登记表", "Usage ledger") }
                H.a(.class("button secondary"), .href(base + "/space-violations"), .id("space-violations")) { ctx.t("违章登记", "Violations") }
            }
            Form.problems(ctx, form)
            H.table(.class("stack"), .id("spaces")) {
                H.thead { H.tr { H.th { ctx.t("场地", "Space") }; H.th { ctx.t("类别", "Kind") }; H.th { ctx.t("面积", "Area") }; H.th { ctx.t("收费", "Fee") }; H.th { ctx.t("说明", "Note") } } }
                H.tbody {
                    for space in spaces {
                        H.tr(.class(space.fireRoute ? "fire-route" : "")) {
                            Layout.cell(ctx.t("场地", "Space")) { H.strong { space.name } }
                            Layout.cell(ctx.t("类别", "Kind")) { ctx.t(space.kind.title) }
                            Layout.cell(ctx.t("面积", "Area")) { SpaceRules.format(space.areaM2) + " m²" + (space.maxOccupancy.map { " · " + ctx.t("最多 \($0) 人", "up to \($0) people") } ?? "") }
                            Layout.cell(ctx.t("收费", "Fee")) {
                                if space.fireRoute { H.span(.class("badge s-lost")) { ctx.t("消防通道，不得占用", "Fire lane: never occupied") } }
                                else { SpacesPages.fee(ctx, rule: space.feeRule, fen: space.feeFen) }
                            }
                            if let note = space.note { Layout.cell(ctx.t("说明", "Note")) { note } } else { Layout.emptyCell(ctx.t("说明", "Note")) }
                        }
                    }
                }
            }
            if ctx.may(.managePublicSpaces, at: property.id) {
                H.details(.class("card"), .when(form.isRefused, .flag("open"))) {
                    H.summary { ctx.t("登记新场地", "Register a space") }
                    H.form(.method("post"), .action(base + "/public-spaces"), .id("space-form")) {
                        ctx.csrfField
                        Form.input(ctx, form, "name", label: ctx.t("场地名称", "Name"), field: schema.field("name"), required: true)
                        Form.select(ctx, form, "kind", label: ctx.t("类别", "Kind"), options: SpaceKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, required: true)
                        Form.input(ctx, form, "areaM2", label: ctx.t("面积（平方米）", "Area (m²)"), field: schema.field("areaM2"), required: true, extra: [.attr("inputmode", "decimal")])
                        Form.select(ctx, form, "feeRule", label: ctx.t("收费方式", "Fee rule"), options: FeeRule.allCases.map { ($0.rawValue, ctx.t($0.title)) })
                        Form.input(ctx, form, "feeYuan", label: ctx.t("单价（元）", "Price (¥)"), field: schema.field("feeYuan"), extra: [.attr("inputmode", "decimal")])
                        Form.input(ctx, form, "maxOccupancy", label: ctx.t("最多人数", "Most people"), field: schema.field("maxOccupancy"), extra: [.attr("inputmode", "numeric")])
                        H.div(.class("choices")) { Form.checkbox(form, "fireRoute", label: ctx.t("消防通道或安全出口（不得占用）", "Fire lane or exit (never occupied)"), value: "true", checked: false) }
                        Form.textarea(ctx, form, "note", label: ctx.t("备注", "Note"), field: schema.field("note"))
                        H.button(.id("save-space")) { ctx.t("登记", "Register") }
                    }
                }
            }
        }
    }
}
