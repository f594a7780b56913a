import Fluent
import Vapor

/// 开馆 / 闭馆清点 on a phone, room by room: each furnishing present, missing,
/// damaged or misplaced, a photo of anything not normal, the hygiene check,
/// and at opening the air conditioning (SH-12) and the lobby (SH-13). Lines
/// still open from an earlier count are shown on their line (SH-11).
enum ShowHouseCountPage {
    /// What the page's form sends: numbers as typed, photos as files.
    struct Sent: CheckedInput, Content {
        var kind: String?, marks: [CountInput.Mark]?, hygieneOK: Bool?, hygieneNote: String?, outdoorTemp: String?, setTemp: String?
        var crowded: Bool?, raining: Bool?, dehumidify: Bool?, dayType: String?, shoeCovers: String?, umbrellaBagger: Bool?, signage: Bool?
        var photos: [File]?

        static let schema = InputSchema("ShowHouseCountForm", CountInput.fields.map { name, field in
            name == "outdoorTemp" || name == "setTemp" ? (name, .text(3, pattern: "^-?[0-9]{1,2}$", label: field.label, rule: "SH-12")) : (name, field)
        } + [("photos", Upload.files(label: Text("照片", "photos"), rule: "SH-11"))])

        var input: CountInput {
            CountInput(kind: kind, marks: marks, hygieneOK: hygieneOK, hygieneNote: hygieneNote, outdoorTemp: Input.text(outdoorTemp).flatMap(Int.init),
                       setTemp: Input.text(setTemp).flatMap(Int.init), crowded: crowded, raining: raining, dehumidify: dehumidify, dayType: dayType,
                       shoeCovers: shoeCovers, umbrellaBagger: umbrellaBagger, signage: signage)
        }
    }

    static let kindQuery = InputField.choice(CountKind.allCases.map(\.rawValue), label: Text("清点类别", "kind"), rule: "SH-10")

    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "counts", "new") { req in try await show(req, form: .blank) }
        pages.uploadForm("show-houses", ":showHouseID", "counts", "new", megabytes: 36) { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let sent = try req.input(Sent.self)
                let photos = try (sent.photos ?? []).compactMap { try Upload.file($0, field: "photos", rule: "SH-11") }
                let made = try await ShowHouses.count(showHouseID: req.parameters.get("showHouseID", as: UUID.self), sent.input, photos: photos, on: req)
                let raised = made.markList.filter { $0.state != .present }.count
                return (Text("已登记\(made.kind.title.zh)" + (raised > 0 ? "，\(raised) 项异常已转工单" : ""), "\(made.kind.title.en) recorded" + (raised > 0 ? "; \(raised) findings sent to the desk" : "")),
                        "/show-houses/\(made.$showHouse.id)")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: actor, action: .keepShowHouse, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let sentKind = form.value("kind")
        let kind = CountKind(rawValue: try sentKind ?? req.queryValue("kind", kindQuery) ?? "") ?? .opening
        let lines = try await ShowHouses.currentInventory(of: house.id!, on: req.db)?.lines ?? []
        let open = try await ShowHouseQueries.openFindings(of: house.id!, on: req.db)
        let action = "/show-houses/\(house.id!)/counts/new"
        let title = house.name + " · " + ctx.t(kind.title)
        return Layout.page(ctx, title: title) {
            H.h1 { title }
            H.p(.class("muted")) {
                kind == .opening ? ctx.t("开馆清点于 08:30–09:00 完成：逐项核对物品齐全、摆放到位，检查卫生、空调与大堂准备。异常须说明并拍照，保存后自动转工单。",
                                         "The opening count is done 08:30–09:00: check each furnishing is there and in place, the hygiene, the air conditioning and the lobby. Anything not normal needs a note and a photo and goes to the service desk.")
                                 : ctx.t("闭馆前逐项清点物品并检查卫生。异常须说明并拍照，保存后自动转工单。", "Before closing, count each furnishing and check the hygiene. Anything not normal needs a note and a photo and goes to the service desk.")
            }
            if lines.isEmpty { H.p(.class("error")) { ctx.t("尚无物品清单，请主管先制定。", "There is no inventory list yet; a supervisor must write one first.") } }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action(action), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("count-form")) {
                ctx.csrfField
                H.input(.type("hidden"), .name("kind"), .value(kind.rawValue))
                for (index, line) in lines.enumerated() {
                    if index == 0 || lines[index - 1].room != line.room { H.h2 { line.room } }
                    markField(ctx, form, index: index, line: line, open: open.first { $0.room == line.room && $0.item == line.item }, house: house.id)
                }
                Form.radios(ctx, form, "hygieneOK", legend: ctx.t("卫生检查", "Hygiene"), options: [("true", ctx.t("合格", "Clean")), ("false", ctx.t("不合格", "Not clean"))], selected: "")
                Form.input(ctx, form, "hygieneNote", label: ctx.t("卫生不合格之处", "What is not clean"), field: CountInput.schema.field("hygieneNote"))
                if kind == .opening { openingChecks(ctx, form) }
                Form.row(ctx, form, "photos", label: ctx.t("异常照片（最多 \(Upload.maxCount) 张）", "Photos of what is not normal (up to \(Upload.maxCount))"),
                         hint: form.wasSent ? ctx.t("请重新选择照片", "Choose the photos again") : nil) { id, problem in
                    H.input([.type("file"), .name("photos[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp"), .attr("capture", "environment"), .flag("multiple")] + problem)
                }
                H.button(.id("save-count")) { ctx.t("提交" + kind.title.zh, "Save the " + kind.title.en.lowercased()) }
            }
        }
    }

    static func markField(_ ctx: ViewContext, _ form: FormState, index: Int, line: InventoryLine, open: ShowHouseQueries.OpenFinding?, house: UUID? = nil) -> Node {
        let chosen = form.value("marks[\(index)][state]") ?? ""
        let problem = form.problem("marks.\(index).note") ?? form.problem("marks.\(index).state")
        return H.fieldset(.class(problem == nil ? "choices row" : "choices row invalid"), .id("line-\(index)")) {
            H.legend { "\(index + 1). " + line.item + " ×\(line.expected)" }
            if let photo = line.photo, let house {
                H.a(.href("/show-houses/\(house)/placement-photos/\(photo)"), .attr("target", "_blank")) {
                    H.img(.attr("src", "/show-houses/\(house)/placement-photos/\(photo)"), .attr("alt", ctx.t("应有的摆放", "As it should be placed")), .class("thumb"))
                }
            }
            if let open {
                H.p(.class("badge late")) { ctx.t("未结：\(open.day) \(open.state.title.zh) \(open.referenceNo) \(open.status.title.zh)", "Open: \(open.day) \(open.state.title.en) \(open.referenceNo)") }
            }
            for state in ItemState.allCases {
                H.label(.class("choice")) {
                    H.input(.type("radio"), .name("marks[\(index)][state]"), .value(state.rawValue), .when(state == .present, .required), .when(chosen == state.rawValue, .checked))
                    " " + ctx.t(state.title)
                }
            }
            H.input([.type("text"), .name("marks[\(index)][note]"), .id("line-\(index)-note"), .value(form.value("marks[\(index)][note]") ?? ""),
                     .attr("aria-label", ctx.t("第 \(index + 1) 项情况说明", "Note on line \(index + 1)")), .attr("placeholder", ctx.t("异常说明", "What is wrong")),
                     .attr("maxlength", "200")])
            if let problem { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
        }
    }

    @NodeBuilder static func openingChecks(_ ctx: ViewContext, _ form: FormState) -> Node {
        let schema = Sent.schema
        H.h2 { ctx.t("空调（23 °C；室外 30 °C 以上或人多 23–24 °C；雨天除湿）", "Air conditioning (23 °C; 23–24 °C above 30 °C outside or when crowded; dehumidify in rain)") }
        Form.input(ctx, form, "outdoorTemp", label: ctx.t("室外温度 °C", "Outside °C"), field: schema.field("outdoorTemp"), type: "number", required: true, extra: [.attr("inputmode", "numeric")])
        Form.input(ctx, form, "setTemp", label: ctx.t("空调设定 °C", "Set to °C"), field: schema.field("setTemp"), type: "number", value: "23", required: true, extra: [.attr("inputmode", "numeric")])
        H.div(.class("choices")) {
            Form.checkbox(form, "crowded", label: ctx.t("客流多", "Crowded"), value: "true", checked: false)
            Form.checkbox(form, "raining", label: ctx.t("雨天", "Raining"), value: "true", checked: false)
            Form.checkbox(form, "dehumidify", label: ctx.t("已开除湿", "Dehumidifying"), value: "true", checked: false)
        }
        H.h2 { ctx.t("大堂准备（开盘、节庆、高峰及雨天用一次性鞋套；雨天摆雨伞套袋机）", "Lobby (disposable shoe covers on openings, celebrations, peaks and rain; the umbrella bagger when it rains)") }
        Form.select(ctx, form, "dayType", label: ctx.t("当日类型", "Kind of day"), options: DayType.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: DayType.normal.rawValue, required: true)
        Form.radios(ctx, form, "shoeCovers", legend: ctx.t("鞋套", "Shoe covers"),
                    options: ShoeCovers.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: ShoeCovers.cloth.rawValue)
        H.div(.class("choices")) {
            Form.checkbox(form, "umbrellaBagger", label: ctx.t("雨伞套袋机已摆放", "Umbrella bagger out"), value: "true", checked: false)
            Form.checkbox(form, "signage", label: ctx.t("指示标识已摆放", "Signage set up"), value: "true", checked: false)
        }
    }
}
