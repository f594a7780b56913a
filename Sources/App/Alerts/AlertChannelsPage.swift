import Fluent
import OpenAPIKit30
import Vapor

/// 群机器人提醒 — a property's WeCom and DingTalk groups, what each takes,
/// a test message, and what was sent lately with every failure and its error
/// . The same in the API.
enum AlertChannelsPage {
    struct ChannelDTO: Content {
        let id: UUID; let name: String; let kind: AlertChannelKind; let url: String; let signed: Bool; let events: [AlertEvent]; let active: Bool; let createdAt: Date
    }
    struct DeliveryDTO: Content {
        let id: UUID; let channel: String; let event: String; let text: String; let status: DeliveryStatus; let attempts: Int; let nextAttemptAt: Date; let lastError: String?
        let createdAt: Date; let sentAt: Date?
    }

    static func dto(_ c: AlertChannel) -> ChannelDTO {
        ChannelDTO(id: c.id!, name: c.name, kind: c.kind, url: c.url, signed: c.secret != nil, events: c.eventList, active: c.active, createdAt: c.createdAt)
    }

    static func dto(_ d: AlertChannels.DeliveryRow) -> DeliveryDTO {
        DeliveryDTO(id: d.id, channel: d.channelName, event: d.event, text: d.text, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError,
                    createdAt: d.createdAt, sentAt: d.sentAt)
    }

    static let statusQuery = InputField.choice(DeliveryStatus.allCases.map(\.rawValue), label: Text("状态", "status"), rule: "X-2")

    static func register(api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "alert-channels") { req async throws -> [ChannelDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .manageAlertChannels)
            return try await AlertChannel.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$createdAt).all().map(dto)
        }
        api.post("properties", ":propertyID", "alert-channels") { req async throws -> Response in
            try KeysAPI.created(dto(try await AlertChannels.create(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"),
                                                                    try req.input(AlertChannelInput.self), on: req)))
        }
        api.post("alert-channels", ":channelID", "state") { req async throws -> ChannelDTO in
            dto(try await AlertChannels.setActive(channelID: try Input.uuid(req.parameters.get("channelID"), field: "channelID"), try req.input(AlertChannelStateInput.self), on: req))
        }
        api.post("alert-channels", ":channelID", "test") { req async throws -> Response in
            let made = try await AlertChannels.test(channelID: try Input.uuid(req.parameters.get("channelID"), field: "channelID"), on: req)
            let row = try await AlertChannels.deliveries(propertyID: made.$property.id, on: req.db).first { $0.id == made.id }
            guard let row else { throw WuyeError.notFound(Text("发送记录", "delivery")) }
            return try KeysAPI.created(dto(row))
        }
        api.get("properties", ":propertyID", "alert-deliveries") { req async throws -> [DeliveryDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .manageAlertChannels)
            let status = try req.queryValue("status", statusQuery).flatMap(DeliveryStatus.init(rawValue:))
            return try await AlertChannels.deliveries(propertyID: property.id, status: status, on: req.db).map(dto)
        }
    }

    static func register(pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "alert-channels") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "alert-channels") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await AlertChannels.create(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(AlertChannelInput.self), on: req)
                return (Text("已添加群机器人“\(made.name)”", "Channel “\(made.name)” added"), "/properties/\(made.$property.id)/alert-channels")
            }
        }
        for (path, done) in [("state", Text("已更改", "Changed")), ("test", Text("测试消息已排队，稍后发送", "Test message queued"))] {
            pages.post("alert-channels", ":channelID", .constant(path)) { req in
                let id = req.parameters.get("channelID", as: UUID.self)
                let (channel, _) = try await AlertChannels.find(id, for: try req.actor, on: req)
                req.parameters.set("propertyID", to: channel.$property.id.uuidString)
                return try await req.formAction(render: { try await show(req, form: $0) }) {
                    if path == "state" { _ = try await AlertChannels.setActive(channelID: id, try req.input(AlertChannelStateInput.self), on: req) }
                    else { _ = try await AlertChannels.test(channelID: id, on: req) }
                    return (done, "/properties/\(channel.$property.id)/alert-channels")
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .manageAlertChannels)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let channels = try await AlertChannel.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$createdAt).all()
        let deliveries = try await AlertChannels.deliveries(propertyID: property.id, limit: 50, on: req.db)
        let base = "/properties/\(property.id)/alert-channels"
        return Layout.page(ctx, title: ctx.t("群机器人提醒", "Chat alerts"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("群机器人提醒", "Chat alerts") }
            H.p(.class("muted")) {
                ctx.t("职责未完成、整改逾期、紧急工单、钥匙遗失时，系统在站内通知之外，也发到企业微信或钉钉群。发送在后台进行，失败会按间隔重试，失败记录列在下方。",
                      "Missed duties, overdue notices, urgent items and lost keys also go to WeCom or DingTalk groups. Sending happens in the background and is retried; failures are listed below.")
            }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("channels")) {
                H.h2 { ctx.t("已配置的群", "Groups") }
                if channels.isEmpty { H.p(.class("muted")) { ctx.t("尚未配置", "None yet") } }
                H.ul(.class("plain")) {
                    for c in channels {
                        H.li {
                            H.strong { c.name }
                            " · " + ctx.t(c.kind.title) + " · " + c.eventList.map { ctx.t($0.title) }.joined(separator: "、") + (c.secret == nil ? "" : ctx.t(" · 已加签", " · signed"))
                            if !c.active { " "; H.span(.class("badge s-retired")) { ctx.t("已停用", "off") } }
                            H.div(.class("actions")) {
                                Layout.postButton(ctx, action: "/alert-channels/\(c.id!)/test", label: ctx.t("发送测试", "Send a test"))
                                H.form(.method("post"), .action("/alert-channels/\(c.id!)/state")) {
                                    ctx.csrfField
                                    H.input(.type("hidden"), .name("active"), .value(c.active ? "false" : "true"))
                                    H.button(.class("secondary")) { c.active ? ctx.t("停用", "Switch off") : ctx.t("启用", "Switch on") }
                                }
                            }
                        }
                    }
                }
            }
            H.details(.class("card no-print"), .when(form.for(base).isRefused || channels.isEmpty, .attr("open", "open"))) {
                H.summary { ctx.t("添加群机器人", "Add a group robot") }
                H.form(.method("post"), .action(base), .id("channel-form")) {
                    ctx.csrfField
                    let form = form.for(base), schema = AlertChannelInput.schema
                    Form.input(ctx, form, "name", label: ctx.t("名称", "Name"), field: schema.field("name"), required: true)
                    Form.radios(ctx, form, "kind", legend: ctx.t("类型", "Kind"), options: AlertChannelKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: AlertChannelKind.wecom.rawValue)
                    Form.input(ctx, form, "url", label: ctx.t("Webhook 地址", "Webhook address"), field: schema.field("url"), type: "url", required: true,
                               hint: ctx.t("在群设置 → 群机器人中复制", "Copied from the group's robot settings"))
                    Form.input(ctx, form, "secret", label: ctx.t("加签密钥（钉钉，可选）", "Signing secret (DingTalk, optional)"), field: schema.field("secret"))
                    H.fieldset(.class("choices")) {
                        H.legend { ctx.t("提醒类别", "Alerts") }
                        for event in AlertEvent.allCases { Form.checkbox(form, "events[]", label: ctx.t(event.title), value: event.rawValue, checked: true) }
                    }
                    H.button(.id("channel-save")) { ctx.t("添加", "Add") }
                }
            }
            H.section(.class("card"), .id("deliveries")) {
                H.h2 { ctx.t("发送记录（失败在前）", "Sent lately (failures first)") }
                if deliveries.isEmpty { H.p(.class("muted")) { ctx.t("暂无", "Nothing yet") } }
                H.table(.class("stack")) {
                    H.thead { H.tr { for h in [ctx.t("时间", "When"), ctx.t("群", "Group"), ctx.t("内容", "Text"), ctx.t("状态", "State")] { H.th { h } } } }
                    H.tbody {
                        for d in deliveries {
                            H.tr(.class(d.status == .failed ? "late" : "")) {
                                Layout.cell(ctx.t("时间", "When")) { time.dateTime(d.createdAt) }
                                Layout.cell(ctx.t("群", "Group")) { d.channelName }
                                Layout.cell(ctx.t("内容", "Text")) { String(d.text.prefix(80)) }
                                Layout.cell(ctx.t("状态", "State")) {
                                    H.div {
                                        H.div { ctx.t(d.status.title) + (d.attempts > 1 ? ctx.t("（第 \(d.attempts) 次）", " (attempt \(d.attempts))") : "") }
                                        if let error = d.lastError { H.small(.class("late"), .attr("title", error)) { ctx.t(Alerts.explain(error)) } }
                                        if d.status == .pending, d.attempts > 0 { H.div { H.small { ctx.t("下次重试 ", "next try ") + time.dateTime(d.nextAttemptAt) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static var section: APISection {
        let channel = Schema.object([
            ("id", Schema.uuid), ("name", .string), ("kind", Schema.enumeration(AlertChannelKind.allCases.map(\.rawValue))), ("url", .string), ("signed", .boolean),
            ("events", Schema.array(Schema.enumeration(AlertEvent.allCases.map(\.rawValue)))), ("active", .boolean), ("createdAt", Schema.dateTime),
        ])
        let delivery = Schema.object([
            ("id", Schema.uuid), ("channel", .string), ("event", .string), ("text", .string), ("status", Schema.enumeration(DeliveryStatus.allCases.map(\.rawValue))),
            ("attempts", .integer), ("nextAttemptAt", Schema.dateTime), ("lastError", Schema.nullable(.string)), ("createdAt", Schema.dateTime), ("sentAt", Schema.nullable(Schema.dateTime)),
        ], optional: ["lastError", "sentAt"])
        let tag = "alerts"
        return APISection(schemas: ["AlertChannel": channel, "AlertDelivery": delivery], operations: [
            .get("/api/v1/properties/{propertyID}/alert-channels", "alert channels", tag: tag, returns: Schema.array(Schema.ref("AlertChannel")), rules: "X-2"),
            .post("/api/v1/properties/{propertyID}/alert-channels", "add alert channel", tag: tag, body: AlertChannelInput.self, status: 201, returns: Schema.ref("AlertChannel"), rules: "X-2"),
            .post("/api/v1/alert-channels/{channelID}/state", "switch alert channel", tag: tag, body: AlertChannelStateInput.self, returns: Schema.ref("AlertChannel"), rules: "X-2"),
            .post("/api/v1/alert-channels/{channelID}/test", "test alert channel", tag: tag, status: 201, returns: Schema.ref("AlertDelivery"), rules: "X-2"),
            .get("/api/v1/properties/{propertyID}/alert-deliveries", "alert deliveries", tag: tag, query: [("status", statusQuery)], returns: Schema.array(Schema.ref("AlertDelivery")), rules: "X-2"),
        ])
    }
}
