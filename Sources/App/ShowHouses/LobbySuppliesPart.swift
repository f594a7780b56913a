import Fluent
import OpenAPIKit30
import Vapor

/// 大堂耗材 on the show houses' page and in the API (SH-13): stock, low
/// flags, use and replenishment. Same service functions for both.
enum LobbySuppliesPart {
    struct SupplyDTO: Content { let id: UUID; let name: String; let unit: String; let stock: Int; let lowAt: Int; let low: Bool }

    static func dto(_ s: LobbySupply) -> SupplyDTO { SupplyDTO(id: s.id!, name: s.name, unit: s.unit, stock: s.stock, lowAt: s.lowAt, low: s.stock <= s.lowAt) }

    static func all(_ propertyID: UUID, on db: any Database) async throws -> [LobbySupply] {
        try await LobbySupply.query(on: db).filter(\.$property.$id == propertyID).sort(\.$name).all()
    }

    static func registerAPI(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "supplies") { req async throws -> [SupplyDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewShowHouses)
            return try await all(property.id, on: req.db).map(dto)
        }
        api.post("properties", ":propertyID", "supplies") { req async throws -> Response in
            try KeysAPI.created(dto(try await LobbySupplies.add(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(SupplyInput.self), on: req)))
        }
        api.post("supplies", ":supplyID", "movements") { req async throws -> SupplyDTO in
            dto(try await LobbySupplies.move(supplyID: try Input.uuid(req.parameters.get("supplyID"), field: "supplyID"), try req.input(SupplyMovementInput.self), on: req))
        }
    }

    static func registerPages(_ pages: any RoutesBuilder) {
        pages.post("properties", ":propertyID", "supplies") { req in
            try await req.formAction(render: { try await ShowHouseListPage.list(req, form: $0) }) {
                let made = try await LobbySupplies.add(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(SupplyInput.self), on: req)
                return (Text("已登记耗材\(made.name)", "\(made.name) added"), "/properties/\(made.$property.id)/show-houses#supplies")
            }
        }
        pages.post("supplies", ":supplyID", "movements") { req in
            let id = req.parameters.get("supplyID", as: UUID.self)
            guard let id, let found = try await LobbySupply.find(id, on: req.db) else { throw WuyeError.notFound(LobbySupplies.noun) }
            req.parameters.set("propertyID", to: found.$property.id.uuidString)
            return try await req.formAction(render: { try await ShowHouseListPage.list(req, form: $0) }) {
                let made = try await LobbySupplies.move(supplyID: id, try req.input(SupplyMovementInput.self), on: req)
                return (Text("\(made.name)库存 \(made.stock) \(made.unit)", "\(made.name): \(made.stock) in stock"), "/properties/\(made.$property.id)/show-houses#supplies")
            }
        }
    }

    static func card(_ ctx: ViewContext, _ supplies: [LobbySupply], form: FormState, property: UUID) -> Node {
        H.section(.class("card"), .id("supplies")) {
            H.h2 { ctx.t("大堂耗材", "Lobby supplies") }
            if supplies.isEmpty { H.p(.class("muted")) { ctx.t("尚未登记耗材（鞋套、雨伞袋等）。", "No supplies yet (shoe covers, umbrella bags…).") } }
            let keeps = ctx.may(.keepShowHouse, at: property)
            H.ul(.class("plain")) {
                for s in supplies {
                    H.li(.id("supply-\(s.id!)")) {
                        H.strong { s.name }; " " + ctx.t("库存 \(s.stock) \(s.unit)", "\(s.stock) \(s.unit) in stock") + " "
                        if s.stock <= s.lowAt { H.span(.class("badge late")) { ctx.t("库存不足（≤\(s.lowAt)），请补充", "Low (≤\(s.lowAt)): replenish") } }
                        if keeps {
                            H.form(.class("inline-pick"), .method("post"), .action("/supplies/\(s.id!)/movements")) {
                                ctx.csrfField
                                H.el("select", [.name("kind"), .attr("aria-label", ctx.t("领用或补充", "Used or replenished"))]) {
                                    for kind in SupplyMovementKind.allCases { H.option(.value(kind.rawValue)) { ctx.t(kind.title) } }
                                }
                                H.input([.type("number"), .name("quantity"), .attr("min", "1"), .attr("max", "100000"), .required, .attr("aria-label", ctx.t("数量", "Quantity")),
                                         .attr("inputmode", "numeric"), .class("qty")])
                                H.button(.class("secondary")) { ctx.t("登记", "Record") }
                            }
                        }
                    }
                }
            }
            if let problem = form.problems.first(where: { $0.field == "quantity" || $0.field == "kind" }) { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
            if ctx.may(.manageShowHouses, at: property) {
                H.details(.when(form.problem("name") != nil || form.problem("unit") != nil, .flag("open"))) {
                    H.summary { ctx.t("登记耗材", "Add a supply") }
                    H.form(.method("post"), .action("/properties/\(property)/supplies"), .id("supply-form")) {
                        ctx.csrfField
                        Form.input(ctx, form, "name", label: ctx.t("名称", "Name"), field: SupplyInput.schema.field("name"), required: true, scope: "supply")
                        Form.input(ctx, form, "unit", label: ctx.t("单位", "Unit"), field: SupplyInput.schema.field("unit"), value: "双", required: true, scope: "supply")
                        Form.input(ctx, form, "stock", label: ctx.t("现有库存", "In stock"), field: SupplyInput.schema.field("stock"), type: "number", value: "0", scope: "supply")
                        Form.input(ctx, form, "lowAt", label: ctx.t("低于多少提醒补充", "Flag low at"), field: SupplyInput.schema.field("lowAt"), type: "number", value: "0", scope: "supply")
                        H.button { ctx.t("登记", "Add") }
                    }
                }
            }
        }
    }

    static var section: APISection {
        let supply = Schema.object([("id", Schema.uuid), ("name", .string), ("unit", .string), ("stock", .integer), ("lowAt", .integer), ("low", .boolean)])
        let tag = "show houses"
        return APISection(schemas: ["LobbySupply": supply], operations: [
            .get("/api/v1/properties/{propertyID}/supplies", "lobby supplies", tag: tag, returns: Schema.array(Schema.ref("LobbySupply")), rules: "SH-13"),
            .post("/api/v1/properties/{propertyID}/supplies", "add lobby supply", tag: tag, body: SupplyInput.self, status: 201, returns: Schema.ref("LobbySupply"), rules: "SH-13"),
            .post("/api/v1/supplies/{supplyID}/movements", "use or replenish lobby supply", tag: tag, body: SupplyMovementInput.self, returns: Schema.ref("LobbySupply"), rules: "SH-13"),
        ])
    }
}
