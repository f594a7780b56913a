import Fluent
import Vapor

/// 通知登记 — the property's notices to customers (CA-4) and writing a new one:
/// to whole buildings, or to units named the way staff write them ("1栋 0101").
enum NoticeListPage {
    /// The page's form: buildings ticked, and units typed.
    struct NoticeForm: CheckedInput, Content {
        var title: String?
        var body: String?
        var buildingIDs: [String]?
        var units: String?

        static let schema = InputSchema("CustomerNoticeForm", [
            ("title", .text(100, label: Text("标题", "title"), rule: "CA-4")),
            ("body", .text(5_000, multiline: true, label: Text("正文", "body"), rule: "CA-4")),
            ("buildingIDs", .list(InputField(.uuid, label: Text("楼栋", "buildingIDs")), maxItems: 200, label: Text("楼栋", "buildingIDs"), rule: "CA-4")),
            ("units", .text(60_000, multiline: true, label: Text("房号", "units"), rule: "CA-4")),
        ])
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "notices", use: { try await list($0) })
        pages.get("properties", ":propertyID", "notices", "new") { req in try await newForm(req, form: .blank) }
        pages.post("properties", ":propertyID", "notices", "new") { req in
            try await req.formAction(render: { try await newForm(req, form: $0) }) {
                let propertyID = req.parameters.get("propertyID", as: UUID.self)
                let form = try req.input(NoticeForm.self)
                let unitIDs = try await unitIDs(named: form.units, property: propertyID, on: req.db)
                let sent = try await CustomerNotices.send(propertyID: propertyID,
                                                          NewNoticeInput(title: form.title, body: form.body, buildingIDs: form.buildingIDs, unitIDs: unitIDs.map(\.uuidString)), on: req)
                return (Text("通知 \(sent.referenceNo) 已登记发出", "Notice \(sent.referenceNo) registered and sent"), "/notices/\(sent.id!)")
            }
        }
    }

    /// "1栋 0101、1栋0102, 2栋 0201" → the units, each named by building and number (spaces do not matter).
    static func unitIDs(named text: String?, property: UUID?, on db: any Database) async throws -> [UUID] {
        guard let property, let text = Input.text(text) else { return [] }
        let wanted = text.split(whereSeparator: { ",，、;；\n".contains($0) }).map { $0.filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return [] }
        let units = try await Unit.query(on: db).filter(\.$property.$id == property).with(\.$building).all()
        let byLabel = Dictionary(units.map { (UnitLabel.of($0).filter { !$0.isWhitespace }, $0.id!) }, uniquingKeysWith: { first, _ in first })
        return try wanted.map { label in
            guard let id = byLabel[label] else {
                throw WuyeError.invalid("units", Text("没有房号“\(label)”（写法如 1栋 0101）", "No unit “\(label)” (write it like 1栋 0101)"), rule: "CA-4")
            }
            return id
        }
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (rows, total) = try await NoticeQueries.register(propertyID: property.id, paging: paging, on: req.db)
        let time = property.localTime
        return Layout.page(ctx, title: ctx.t("客户通知", "Customer notices"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("客户通知", "Customer notices") }
            if ctx.may(.editCustomers, at: property.id) {
                H.div(.class("actions")) { H.a(.class("button"), .href("/properties/\(property.id)/notices/new"), .id("new-notice")) { ctx.t("写通知", "Write a notice") } }
            }
            if rows.isEmpty {
                H.p(.class("empty-state")) { ctx.t("还没有通知", "No notices yet") }
            } else {
                H.table(.class("stack"), .id("notices")) {
                    H.thead { H.tr {
                        H.th { ctx.t("编号", "No.") }; H.th { ctx.t("日期", "Date") }; H.th { ctx.t("标题", "Title") }
                        H.th { ctx.t("送达", "Delivered") }; H.th { ctx.t("已阅", "Read") }; H.th { ctx.t("发出人", "Sent by") }
                    } }
                    H.tbody {
                        for row in rows {
                            H.tr {
                                Layout.cell(ctx.t("编号", "No.")) { H.a(.href("/notices/\(row.id)")) { row.referenceNo } }
                                Layout.cell(ctx.t("日期", "Date")) { time.day(row.issuedAt) }
                                Layout.cell(ctx.t("标题", "Title")) { row.title }
                                Layout.cell(ctx.t("送达", "Delivered")) { "\(row.delivered)/\(row.households)" }
                                Layout.cell(ctx.t("已阅", "Read")) { "\(row.read)/\(row.households)" }
                                Layout.cell(ctx.t("发出人", "Sent by")) { row.issuedByName }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: "/properties/\(property.id)/notices")
            }
        }
    }

    static func newForm(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .editCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let buildings = try await Building.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all()
        let schema = NoticeForm.schema
        return Layout.page(ctx, title: ctx.t("写通知", "Write a notice")) {
            H.h1 { ctx.t("写通知", "Write a notice") }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/properties/\(property.id)/notices/new"), .id("notice-form")) {
                ctx.csrfField
                Form.input(ctx, form, "title", label: ctx.t("标题", "Title"), field: schema.field("title"), required: true)
                Form.textarea(ctx, form, "body", label: ctx.t("正文", "Text"), field: schema.field("body"), required: true, rows: 8)
                H.fieldset(.id(Form.fieldID("buildingIDs"))) {
                    H.legend { ctx.t("发给整栋", "To whole buildings") }
                    for building in buildings {
                        Form.checkbox(form, "buildingIDs[]", label: building.name, value: building.id!.text, checked: false)
                    }
                }
                Form.textarea(ctx, form, "units", label: ctx.t("或发给这些房号", "Or to these units"), field: schema.field("units"),
                              hint: ctx.t("如：1栋 0101、1栋 0102（用顿号、逗号或换行分开）", "e.g. 1栋 0101, 1栋 0102 (commas or new lines)"), rows: 3)
                H.button(.id("send-notice")) { ctx.t("登记并发出", "Register and send") }
            }
        }
    }
}
