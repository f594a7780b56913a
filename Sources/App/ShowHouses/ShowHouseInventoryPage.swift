import Fluent
import Vapor

/// 《样板房物品清点记录表》 — a show house's inventory list, by room; saving
/// makes a new version, used from the next count (SH-10).
enum ShowHouseInventoryPage {
    /// What the page sends: the quantity as typed, so a blank box is a blank line, not a refusal.
    struct Sent: CheckedInput, Content {
        struct Line: CheckedInput, Content {
            var room: String?, item: String?, expected: String?, photoID: String?
            var photo: File?
            static let schema = InputSchema("InventoryFormLine", [
                ("room", .text(20, label: Text("房间", "room"), rule: "SH-10")),
                ("item", .text(40, label: Text("物品", "item"), rule: "SH-10")),
                ("expected", .text(3, pattern: "^[1-9][0-9]{0,2}$", label: Text("数量", "expected"), rule: "SH-10")),
                ("photoID", InputField(.uuid, label: Text("摆放照片", "photoID"), rule: "SH-10")),
                ("photo", InputField(.file(maxBytes: Upload.maxBytes), label: Text("摆放照片", "photo"), rule: "SH-10")),
            ])
        }
        var items: [Line]?
        static let schema = InputSchema("InventoryForm", [
            ("items", .list(InputField(.object(Line.schema)), maxItems: ShowHouseRules.mostLines, label: Text("物品清单", "items"), rule: "SH-10")),
        ])
        /// The lines filled in (those left blank are not lines) and their new photos by line.
        func input() throws -> (InventoryInput, [Int: Upload]) {
            let filled = (items ?? []).filter { Input.text($0.room) != nil || Input.text($0.item) != nil }
            var photos: [Int: Upload] = [:]
            for (index, line) in filled.enumerated() {
                if let file = line.photo, let upload = try Upload.file(file, field: "items.\(index).photo", rule: "SH-10") { photos[index] = upload }
            }
            return (InventoryInput(items: filled.map {
                InventoryInput.Line(room: $0.room, item: $0.item, expected: Input.text($0.expected).flatMap(Int.init) ?? 1, photoID: $0.photoID, photo: nil)
            }), photos)
        }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "inventory") { req in try await show(req, form: .blank) }
        pages.get("show-houses", ":showHouseID", "placement-photos", ":attachmentID") { req in
            let (house, _) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: try req.actor, action: .viewShowHouses, on: req)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: ShowHouse.auditType, house.id!, on: req.db)
        }
        pages.uploadForm("show-houses", ":showHouseID", "inventory", megabytes: 48) { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let (input, photos) = try req.input(Sent.self).input()
                let made = try await ShowHouses.saveInventory(showHouseID: req.parameters.get("showHouseID", as: UUID.self), input, photos: photos, on: req)
                return (Text("已保存物品清单第 \(made.version) 版，下次清点起使用", "Inventory v\(made.version) saved; it applies from the next count"), "/show-houses/\(made.$showHouse.id)")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: actor, action: .manageShowHouses, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let current = try await ShowHouses.currentInventory(of: house.id!, on: req.db)
        let lines = current?.lines ?? []
        let rows = max(lines.count + 5, 12)
        let line = Sent.Line.schema
        return Layout.page(ctx, title: house.name + " · " + ctx.t("物品清单", "Inventory list")) {
            H.h1 { house.name + " · " + ctx.t("物品清单", "Inventory list") }
            H.p(.class("muted")) {
                (current.map { ctx.t("现为第 \($0.version) 版。", "Now version \($0.version). ") } ?? "")
                    + ctx.t("按房间逐项列出家具、饰品、电器及数量。保存后生成新版本，从下次清点起使用；已做的清点保留原版本。",
                            "List each furnishing by room with its quantity. Saving makes a new version, used from the next count; counts already made keep theirs.")
            }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/show-houses/\(house.id!)/inventory"), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("inventory-form")) {
                ctx.csrfField
                H.table(.class("stack")) {
                    H.thead { H.tr { H.th { "#" }; H.th { ctx.t("房间", "Room") }; H.th { ctx.t("物品", "Item") }; H.th { ctx.t("数量", "Quantity") }; H.th { ctx.t("摆放照片", "Placement photo") } } }
                    H.tbody {
                        for index in 0..<rows {
                            let known = index < lines.count ? lines[index] : nil
                            H.tr {
                                Layout.cell("#") { String(index + 1) }
                                for (name, label, value) in [("room", ctx.t("房间", "Room"), known?.room), ("item", ctx.t("物品", "Item"), known?.item),
                                                             ("expected", ctx.t("数量", "Quantity"), known.map { String($0.expected) })] {
                                    Layout.cell(label) {
                                        H.input([.type(name == "expected" ? "number" : "text"), .name("items[\(index)][\(name)]"), .id("line-\(index)-\(name)"),
                                                 .value(form.wasSent ? form.value("items[\(index)][\(name)]") ?? "" : value ?? ""),
                                                 .attr("aria-label", label + " \(index + 1)")] + Form.limits(line.field(name)))
                                    }
                                }
                                Layout.cell(ctx.t("摆放照片", "Placement photo")) {
                                    if let photo = form.wasSent ? form.value("items[\(index)][photoID]").flatMap(UUID.init(uuidString:)) : known?.photo {
                                        H.input(.type("hidden"), .name("items[\(index)][photoID]"), .value(photo.text))
                                        H.a(.href("/show-houses/\(house.id!)/placement-photos/\(photo)")) {
                                            H.img(.attr("src", "/show-houses/\(house.id!)/placement-photos/\(photo)"), .attr("alt", ctx.t("摆放照片", "Placement photo")), .class("thumb"))
                                        }
                                    }
                                    H.input(.type("file"), .name("items[\(index)][photo]"), .attr("accept", "image/jpeg,image/png,image/webp"),
                                            .attr("aria-label", ctx.t("第 \(index + 1) 行摆放照片", "Placement photo of line \(index + 1)")))
                                }
                            }
                        }
                    }
                }
                H.button(.id("save-inventory")) { ctx.t("保存为新版本", "Save as a new version") }
            }
        }
    }
}
