import Fluent
import OpenAPIKit30
import Vapor

/// 施工交接 — a show house's handovers to and from construction: the count
/// line by line, the contractor's representative's signature, and the list
/// of past handovers (SH-21); the same in the API.
enum ConstructionHandoverPage {
    struct HandoverDTO: Content {
        let id: UUID; let direction: HandoverDirection; let day: String; let contractor: String; let representative: String; let by: String; let at: Date
        let lines: [ShowHousesAPI.LineDTO]; let note: String?
    }

    static func list(_ houseID: UUID, on db: any Database) async throws -> [HandoverDTO] {
        let handovers = try await ConstructionHandover.query(on: db).filter(\.$showHouse.$id == houseID).sort(\.$at, .descending).with(\.$by).with(\.$inventory).limit(50).all()
        return handovers.map { h in
            let marks = h.markList
            return HandoverDTO(id: h.id!, direction: h.direction, day: h.day, contractor: h.contractor, representative: h.representative, by: h.by.name, at: h.at,
                               lines: h.inventory.lines.enumerated().map { i, l in
                                   ShowHousesAPI.LineDTO(room: l.room, item: l.item, expected: l.expected, state: i < marks.count ? marks[i].state : nil, note: i < marks.count ? marks[i].note : nil)
                               }, note: h.note)
        }
    }

    static func register(api: any RoutesBuilder) {
        api.get("show-houses", ":showHouseID", "construction-handovers") { req async throws -> [HandoverDTO] in
            let (house, _) = try await ShowHouses.house(try ShowHousesAPI.houseID(req), for: try req.actor, action: .viewShowHouses, on: req)
            return try await list(house.id!, on: req.db)
        }
        api.post("show-houses", ":showHouseID", "construction-handovers") { req async throws -> Response in
            let made = try await ConstructionHandovers.record(showHouseID: try ShowHousesAPI.houseID(req), try req.input(ConstructionHandoverInput.self), on: req)
            guard let dto = try await list(made.$showHouse.id, on: req.db).first(where: { $0.id == made.id }) else { throw WuyeError.notFound(ConstructionHandovers.noun) }
            return try KeysAPI.created(dto)
        }
    }

    static func register(pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "construction-handovers") { req in try await show(req, form: .blank) }
        pages.post("show-houses", ":showHouseID", "construction-handovers") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await ConstructionHandovers.record(showHouseID: req.parameters.get("showHouseID", as: UUID.self), try req.input(ConstructionHandoverInput.self), on: req)
                return (Text("已登记\(made.direction.title.zh)，双方已签字", "\(made.direction.title.en), signed by both"), "/show-houses/\(made.$showHouse.id)/construction-handovers")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: actor, action: .viewShowHouses, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let past = try await list(house.id!, on: req.db)
        let next = try await ConstructionHandovers.nextDirection(of: house.id!, on: req.db)
        let lines = try await ShowHouses.currentInventory(of: house.id!, on: req.db)?.lines ?? []
        let action = "/show-houses/\(house.id!)/construction-handovers"
        return Layout.page(ctx, title: house.name + " · " + ctx.t("施工交接", "Construction handover")) {
            H.p(.class("print-only")) { H.strong { "《样板房交接班记录表》" }; "　" + property.name }
            H.h1 { house.name + " · " + ctx.t("施工交接", "Construction handover") }
            H.p(.class("no-print")) { H.a(.class("strong-link"), .href("/show-houses/\(house.id!)")) { ctx.t("← 样板房当日记录", "← The show house's day") } }
            H.p(.class("muted")) {
                ctx.t("施工前逐项清点物品交施工方，施工结束交回时再清点；双方签字。交回时缺失、损坏的物品自动转工单。",
                      "Before the work, count each furnishing and hand the house over; count again when construction hands it back; both sign. What comes back missing or damaged goes to the service desk.")
            }
            if past.first?.direction == .handedOver { H.p { H.span(.class("badge s-out")) { ctx.t("样板房现在施工方：", "Now with construction: ") + (past.first?.contractor ?? "") } } }
            Form.problems(ctx, form)
            if ctx.may(.keepShowHouse, at: property.id), !lines.isEmpty {
                H.form(.class("card no-print"), .method("post"), .action(action), .id("construction-form")) {
                    ctx.csrfField
                    H.input(.type("hidden"), .name("direction"), .value(next.rawValue))
                    H.h2 { ctx.t(next.title) }
                    let schema = ConstructionHandoverInput.schema
                    Form.input(ctx, form, "contractor", label: ctx.t("施工单位", "Contractor"), field: schema.field("contractor"), value: next == .takenBack ? past.first?.contractor : nil, required: true)
                    Form.input(ctx, form, "representative", label: ctx.t("施工方签收人", "Their representative"), field: schema.field("representative"), required: true)
                    for (index, line) in lines.enumerated() {
                        if index == 0 || lines[index - 1].room != line.room { H.h3 { line.room } }
                        ShowHouseCountPage.markField(ctx, form, index: index, line: line, open: nil)
                    }
                    Form.textarea(ctx, form, "note", label: ctx.t("备注", "Note"), field: schema.field("note"))
                    SignaturePad.field(ctx, form, legend: ctx.t("施工方签名", "The representative signs"), typed: ctx.t("或输入姓名作为签名", "Or type the name as the signature"),
                                       hint: ctx.t("我方经办人以本人账号提交即为签字。", "Submitting in your own account is our side's signature."))
                    H.button(.id("save-construction")) { ctx.t("双方签字确认", "Both sign") }
                }
            }
            for h in past {
                H.section(.class("card"), .id("handover-\(h.id)")) {
                    H.h2 { ctx.t(h.direction.title) + " · " + time.dateTime(h.at) }
                    H.p { h.contractor + " · " + ctx.t("签收人 ", "representative ") + h.representative + " · " + ctx.t("经办 ", "by ") + h.by }
                    let abnormal = h.lines.filter { ($0.state ?? .present) != .present }
                    if abnormal.isEmpty { H.p(.class("muted")) { ctx.t("\(h.lines.count) 项全部齐全在位", "All \(h.lines.count) lines present") } }
                    H.ul(.class("plain")) { for l in abnormal { H.li { H.span(.class("badge late")) { ctx.t(l.state!.title) }; " " + l.room + " " + l.item + " · " + (l.note ?? "") } } }
                    if let note = h.note { H.p { note } }
                }
            }
        }
    }

    static var section: APISection {
        let line = Schema.object([("room", .string), ("item", .string), ("expected", .integer), ("state", Schema.nullable(Schema.enumeration(ItemState.allCases.map(\.rawValue)))),
                                  ("note", Schema.nullable(.string))])
        let handover = Schema.object([
            ("id", Schema.uuid), ("direction", Schema.enumeration(HandoverDirection.allCases.map(\.rawValue))), ("day", .string), ("contractor", .string),
            ("representative", .string), ("by", .string), ("at", Schema.dateTime), ("lines", Schema.array(line)), ("note", Schema.nullable(.string)),
        ])
        let tag = "show houses"
        return APISection(schemas: ["ConstructionHandoverRecord": handover], operations: [
            .get("/api/v1/show-houses/{showHouseID}/construction-handovers", "construction handovers", tag: tag, returns: Schema.array(Schema.ref("ConstructionHandoverRecord")), rules: "SH-21"),
            .post("/api/v1/show-houses/{showHouseID}/construction-handovers", "record construction handover", tag: tag, body: ConstructionHandoverInput.self, status: 201,
                  returns: Schema.ref("ConstructionHandoverRecord"), rules: "SH-21, SH-11"),
        ])
    }
}
