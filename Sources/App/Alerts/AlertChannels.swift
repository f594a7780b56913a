import Fluent
import SQLKit
import Vapor

/// The property's group robots: added, switched on and off, tried with a
/// test message; what was sent and what failed. Pages and API call these.
public enum AlertChannels {
    static let noun = Text("群机器人", "alert channel")

    static func find(_ id: UUID?, for actor: Actor, on req: Request) async throws -> (AlertChannel, PropertyInfo) {
        guard let id, let channel = try await AlertChannel.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "channelID") }
        return (channel, try await req.property(channel.$property.id, for: actor, action: .manageAlertChannels))
    }

    /// A robot's webhook: http(s) with a host, as the group's settings show it.
    static func checkURL(_ text: String?) throws -> String {
        guard let text = Input.text(text) else { throw WuyeError.missing("url", Text("Webhook 地址", "The webhook address"), rule: "X-2") }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            throw WuyeError.invalid("url", Text("应为 http(s):// 开头的 Webhook 地址", "must be an http(s):// webhook address"), rule: "X-2")
        }
        return text
    }

    public static func create(propertyID: UUID?, _ input: AlertChannelInput, on req: Request) async throws -> AlertChannel {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageAlertChannels)
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("名称", "Name"), rule: "X-2") }
        guard let kind = Input.text(input.kind).flatMap(AlertChannelKind.init(rawValue:)) else {
            throw WuyeError.missing("kind", Text("企业微信或钉钉", "WeCom or DingTalk"), choose: true, rule: "X-2")
        }
        let url = try checkURL(input.url)
        let secret = Input.text(input.secret)
        if secret != nil, kind != .dingtalk { throw WuyeError.invalid("secret", Text("只有钉钉机器人使用加签密钥", "is only for DingTalk robots"), rule: "X-2") }
        let events = (input.events ?? []).compactMap { Input.text($0).flatMap(AlertEvent.init(rawValue:)) }
        guard !events.isEmpty else { throw WuyeError.missing("events", Text("至少一种提醒", "At least one kind of alert"), choose: true, rule: "X-2") }
        let now = req.now
        return try await req.write { db in
            let channel = AlertChannel()
            channel.$property.id = property.id; channel.name = name; channel.kind = kind; channel.url = url; channel.secret = secret
            channel.events = AuditLog.canonicalJSON(AlertEvent.allCases.filter(events.contains).map(\.rawValue)); channel.active = true
            channel.$createdBy.id = actor.id; channel.createdAt = now
            try await AuditLog.create("alert_channel.created", channel, by: .person(actor), property: property.id, at: now, on: db)
            return channel
        }
    }

    /// 启用 / 停用.
    public static func setActive(channelID: UUID?, _ input: AlertChannelStateInput, on req: Request) async throws -> AlertChannel {
        let actor = try req.actor
        let (channel, property) = try await find(channelID, for: actor, on: req)
        guard let active = input.active else { throw WuyeError.missing("active", Text("启用或停用", "On or off"), choose: true, rule: "X-2") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(AlertChannel.self, channel.id, on: db) else { throw WuyeError.notFound(noun) }
            return try await AuditLog.update("alert_channel.changed", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.active = active }
        }
    }

    /// 发送测试: one message to this group, through the same outbox and sender.
    public static func test(channelID: UUID?, on req: Request) async throws -> AlertDelivery {
        let actor = try req.actor
        let (channel, property) = try await find(channelID, for: actor, on: req)
        let now = req.now
        return try await req.write { db in
            let delivery = AlertDelivery()
            delivery.$property.id = property.id; delivery.$channel.id = channel.id!; delivery.event = "test"
            delivery.text = "【\(property.name)】物业系统测试消息（\(actor.name) 发送于 \(property.localTime.dateTime(now))）"
            delivery.status = .pending; delivery.attempts = 0; delivery.nextAttemptAt = now; delivery.createdAt = now
            try await RowWrite.insert(delivery, on: db)
            return delivery
        }
    }

    struct DeliveryRow: ReadRow {
        let id: UUID; let channelName: String; let event: String; let text: String; let status: DeliveryStatus; let attempts: Int; let nextAttemptAt: Date
        let lastError: String?; let createdAt: Date; let sentAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); channelName = try row.next("name"); event = try row.next("event"); text = try row.next("text"); status = try row.next("status")
            attempts = try row.next("attempts"); nextAttemptAt = try row.next("next_attempt_at"); lastError = try row.next("last_error"); createdAt = try row.next("created_at")
            sentAt = try row.next("sent_at")
        }
    }

    /// What was sent lately, failures first.
    static func deliveries(propertyID: UUID, status: DeliveryStatus? = nil, limit: Int = 100, on db: any Database) async throws -> [DeliveryRow] {
        var query: SQLQueryString = """
            SELECT d.id, c.name, d.event, d.text, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.sent_at
            FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id WHERE d.property_id = \(bind: propertyID)
            """
        if let status { query += " AND d.status = \(bind: status.rawValue)" }
        return try await db.sql.rows(DeliveryRow.self, query + " ORDER BY CASE d.status WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, d.created_at DESC LIMIT \(unsafeRaw: String(limit))")
    }
}

/// 添加群机器人.
public struct AlertChannelInput: CheckedInput, Content {
    public var name: String?
    public var kind: String?
    public var url: String?
    public var secret: String?
    public var events: [String]?

    public static let schema = InputSchema("AlertChannelInput", [
        ("name", .text(40, label: Text("名称", "name"), rule: "X-2")),
        ("kind", .choice(AlertChannelKind.allCases.map(\.rawValue), label: Text("类型", "kind"), rule: "X-2")),
        ("url", .text(500, label: Text("Webhook 地址", "url"), rule: "X-2")),
        ("secret", .text(200, label: Text("加签密钥", "secret"), rule: "X-2")),
        ("events", .list(.choice(AlertEvent.allCases.map(\.rawValue), label: Text("提醒类别", "events"), rule: "X-2"), maxItems: AlertEvent.allCases.count,
                         label: Text("提醒类别", "events"), rule: "X-2")),
    ])
}

public struct AlertChannelStateInput: CheckedInput, Content {
    public var active: Bool?

    public static let schema = InputSchema("AlertChannelStateInput", [("active", InputField(.boolean, label: Text("启用", "active"), rule: "X-2"))])
}
