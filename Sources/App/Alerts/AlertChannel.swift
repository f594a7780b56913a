import Fluent
import Foundation

/// 群机器人 — a chat group that hears about what must not wait: a WeCom
/// (企业微信) or DingTalk (钉钉) group robot's webhook, configured per
/// property, with the kinds of alert it takes.
public final class AlertChannel: Model, @unchecked Sendable {
    public static let schema = "alert_channels"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: AlertChannelKind
    @Field(key: "url") public var url: String
    /// DingTalk's 加签 secret, when the robot is set up with one.
    @OptionalField(key: "secret") public var secret: String?
    /// The alert kinds it takes, as JSON `["missed_duty", …]`.
    @Field(key: "events") public var events: String
    @Field(key: "active") public var active: Bool
    @Parent(key: "created_by_id") public var createdBy: Staff
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $name, $kind, $url, $secret, $events, $active, $createdBy, $createdAt] }

    public var eventList: [AlertEvent] { JSONColumn.list(events) }
}

extension AlertChannel: Audited {
    public static let auditType = "alert_channel"
    /// The secret is never written into the chain; only whether there is one.
    public struct Snapshot: Encodable { let property: UUID, name: String, kind: AlertChannelKind, url: String, signed: Bool, events: String, active: Bool, createdBy: UUID, createdAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, name: name, kind: kind, url: url, signed: secret != nil, events: events, active: active, createdBy: $createdBy.id, createdAt: createdAt)
    }
}

public enum AlertChannelKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case wecom, dingtalk

    public var title: Text {
        switch self {
        case .wecom: Text("企业微信群机器人", "WeCom group robot")
        case .dingtalk: Text("钉钉群机器人", "DingTalk group robot")
        }
    }
}

/// What a group can be told about.
public enum AlertEvent: String, Codable, Sendable, CaseIterable {
    /// A duty passed its grace with no record.
    case missedDuty = "missed_duty"
    /// A rectification notice past its deadline (SH-31).
    case overdueNotice = "overdue_notice"
    /// An urgent service-desk item, such as a patrol's anomaly (SH-19, HO-8).
    case urgentItem = "urgent_item"
    /// A key reported lost (KY-5, SH-53).
    case lostKey = "lost_key"

    public var title: Text {
        switch self {
        case .missedDuty: Text("职责未完成", "Missed duty")
        case .overdueNotice: Text("整改逾期", "Overdue notice")
        case .urgentItem: Text("紧急工单", "Urgent item")
        case .lostKey: Text("钥匙遗失", "Lost key")
        }
    }
}

/// 发送记录 — one alert for one group: written in the transaction of what
/// caused it, sent afterwards by the background sender, retried with back-off;
/// a failure is kept for the channel's managers to see.
public final class AlertDelivery: Model, @unchecked Sendable {
    public static let schema = "alert_deliveries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "channel_id") public var channel: AlertChannel
    @Field(key: "event") public var event: String
    @OptionalField(key: "subject_id") public var subjectID: UUID?
    @Field(key: "text") public var text: String
    @Field(key: "status") public var status: DeliveryStatus
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "sent_at") public var sentAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $channel, $event, $subjectID, $text, $status, $attempts, $nextAttemptAt, $lastError, $createdAt, $sentAt] }
}

public enum DeliveryStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    case pending, sent, failed

    public var title: Text {
        switch self {
        case .pending: Text("待发送", "Pending")
        case .sent: Text("已发送", "Sent")
        case .failed: Text("发送失败", "Failed")
        }
    }
}
