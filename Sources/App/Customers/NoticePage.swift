import Fluent
import Vapor

/// One notice (CA-4): the paper notice as it is printed and posted, and each
/// household it went to — delivered how and when, read or not — with the
/// next step for each.
enum NoticePage {
    static let printFlag = InputField.choice(["0", "1"], label: Text("打印", "print"))
    static let showFilter = InputField.choice(["undelivered", "unread"], label: Text("筛选", "show"))

    static func register(_ pages: any RoutesBuilder) {
        pages.get("notices", ":noticeID") { req in try await show(req, form: .blank) }
        pages.post("notice-deliveries", ":deliveryID", "delivered") { req in
            try await step(req) { try await CustomerNotices.delivered(deliveryID: req.parameters.get("deliveryID", as: UUID.self), try req.input(DeliveredInput.self), on: req) }
        }
        pages.post("notices", ":noticeID", "delivered") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let count = try await CustomerNotices.deliveredToAll(noticeID: req.parameters.get("noticeID", as: UUID.self), try req.input(DeliveredInput.self), on: req)
                return (Text("已登记 \(count) 户送达", "\(count) households recorded as delivered"), "/notices/\(req.parameters.get("noticeID") ?? "")")
            }
        }
        pages.post("notice-deliveries", ":deliveryID", "read") { req in
            try await step(req) { try await CustomerNotices.read(deliveryID: req.parameters.get("deliveryID", as: UUID.self), on: req) }
        }
    }

    /// A delivery's step, answered with the notice's page (its problem shown there when refused).
    static func step(_ req: Request, _ action: () async throws -> NoticeDelivery) async throws -> Response {
        let delivery = try await CustomerNotices.findDelivery(req.parameters.get("deliveryID", as: UUID.self), on: req.db)
        req.parameters.set("noticeID", to: delivery.$notice.id.uuidString)
        return try await req.formAction(render: { try await show(req, form: $0) }) {
            let done = try await action()
            return (done.readAt != nil ? Text("已登记已阅", "Recorded as read") : Text("已登记送达", "Recorded as delivered"), "/notices/\(done.$notice.id)#d-\(done.id!)")
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let notice = try await CustomerNotices.findNotice(req.parameters.get("noticeID", as: UUID.self), on: req.db)
        let property = try await req.property(notice.$property.id, for: actor, action: .viewCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let printing = try req.queryValue("print", printFlag) == "1"
        let filter = try req.queryValue("show", showFilter)
        let all = try await NoticeQueries.deliveries(noticeID: notice.id!, on: req.db)
        let shown = all.filter { filter == "undelivered" ? $0.deliveredAt == nil : filter == "unread" ? $0.readAt == nil : true }
        let mayEdit = ctx.may(.editCustomers, at: property.id)
        let base = "/notices/\(notice.id!)"

        return Layout.page(ctx, title: notice.referenceNo + " " + notice.title, wide: true) {
            Form.problems(ctx, form)
            H.el("article", [.class("card notice-paper"), .id("notice-paper")]) {
                H.p(.class("muted")) { ctx.t("编号：", "No. ") + notice.referenceNo }
                H.h1 { notice.title }
                for paragraph in notice.body.split(separator: "\n", omittingEmptySubsequences: true) { H.p { String(paragraph) } }
                H.p(.class("signed")) { property.name + ctx.t("客服部", " customer service"); H.br(); time.day(notice.issuedAt) }
            }
            if printing {
                H.p(.class("no-print")) { H.button(.data("print", "1")) { ctx.t("打印", "Print") } }
            } else {
                H.div(.class("actions no-print")) { H.a(.class("button secondary"), .href(base + "?print=1"), .id("print-notice")) { ctx.t("打印版", "Print view") } }
                let delivered = all.filter { $0.deliveredAt != nil }.count, read = all.filter { $0.readAt != nil }.count
                H.h2 { ctx.t("送达情况：\(all.count) 户，已送达 \(delivered)，已阅 \(read)", "\(all.count) households: \(delivered) delivered, \(read) read") }
                if mayEdit && delivered < all.count {
                    H.form(.class("inline-pick card"), .method("post"), .action("/notices/\(notice.id!)/delivered"), .id("deliver-all")) {
                        ctx.csrfField
                        H.label(.for("deliver-all-method")) { ctx.t("其余 \(all.count - delivered) 户一并登记送达：", "Record the other \(all.count - delivered) as delivered:") }
                        H.select(.name("method"), .id("deliver-all-method")) {
                            for method in [DeliveryMethod.posted, .mailbox, .message] { H.option(.value(method.rawValue)) { ctx.t(method.title) } }
                        }
                        H.button(.class("secondary")) { ctx.t("全部登记", "Record all") }
                    }
                }
                H.nav(.class("chips"), .attr("aria-label", ctx.t("筛选", "Show"))) {
                    H.a(.href(base), .when(filter == nil, .attr("aria-current", "true"))) { ctx.t("全部", "All") }
                    H.a(.href(base + "?show=undelivered"), .when(filter == "undelivered", .attr("aria-current", "true"))) { ctx.t("未送达", "Not delivered") }
                    H.a(.href(base + "?show=unread"), .when(filter == "unread", .attr("aria-current", "true"))) { ctx.t("未阅", "Not read") }
                }
                H.table(.class("stack"), .id("deliveries")) {
                    H.thead { H.tr { H.th { ctx.t("房号", "Unit") }; H.th { ctx.t("收件人", "To") }; H.th { ctx.t("送达", "Delivered") }; H.th { ctx.t("已阅", "Read") } } }
                    H.tbody {
                        for row in shown {
                            H.tr(.id("d-\(row.id)")) {
                                Layout.cell(ctx.t("房号", "Unit")) { row.unitLabel }
                                Layout.cell(ctx.t("收件人", "To")) { row.addressedTo }
                                Layout.cell(ctx.t("送达", "Delivered")) {
                                    if let at = row.deliveredAt {
                                        time.dateTime(at) + " · " + (row.method.map { ctx.t($0.title) } ?? "") + (row.deliveredByName.map { " · " + $0 } ?? "")
                                    } else if mayEdit {
                                        H.form(.class("inline-pick"), .method("post"), .action("/notice-deliveries/\(row.id)/delivered")) {
                                            ctx.csrfField
                                            H.label(.for("m-\(row.id)"), .class("visually-hidden")) { ctx.t("送达方式", "How") }
                                            H.select(.name("method"), .id("m-\(row.id)")) {
                                                for method in DeliveryMethod.allCases { H.option(.value(method.rawValue)) { ctx.t(method.title) } }
                                            }
                                            " "
                                            H.button(.class("secondary")) { ctx.t("已送达", "Delivered") }
                                        }
                                    } else { ctx.t("未送达", "Not yet") }
                                }
                                Layout.cell(ctx.t("已阅", "Read")) {
                                    if let at = row.readAt { time.dateTime(at) }
                                    else if mayEdit && row.deliveredAt != nil { Layout.postButton(ctx, action: "/notice-deliveries/\(row.id)/read", label: ctx.t("登记已阅", "Mark read")) }
                                    else { "—" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
