import Fluent
import Foundation

/// 闭馆与当日工作记录 — a show house's day, closed (SH-17, SH-18): the
/// closing routine confirmed item by item after the closing count; the keys
/// handed to the security post (005岗), the named guard confirming receipt in
/// their own session; the day's work written up; then the foreman or
/// supervisor on duty reviews and signs, which closes the day. Signed, it is
/// frozen.
public final class ShowHouseDay: Model, @unchecked Sendable {
    public static let schema = "show_house_days"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "day") public var day: String
    @Parent(key: "closed_by_id") public var closedBy: Staff
    @Field(key: "closed_at") public var closedAt: Date
    /// The routine's checks as confirmed, as JSON `["doors", "windows", …]` (SH-17).
    @Field(key: "checks") public var checks: String
    /// 当日工作记录.
    @Field(key: "work_log") public var workLog: String
    /// The security post the keys went to, and the guard who takes them.
    @Parent(key: "keys_post_id") public var keysPost: Post
    @Parent(key: "keys_guard_id") public var keysGuard: Staff
    @OptionalField(key: "keys_received_at") public var keysReceivedAt: Date?
    @OptionalParent(key: "reviewed_by_id") public var reviewedBy: Staff?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    @OptionalField(key: "review_note") public var reviewNote: String?
    @OptionalField(key: "review_signature") public var reviewSignature: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $day, $closedBy, $closedAt, $checks, $workLog, $keysPost, $keysGuard, $keysReceivedAt, $reviewedBy, $reviewedAt, $reviewNote, $reviewSignature]
    }

    public var status: ShowHouseDayStatus { ShowHouseDayStatus(keysReceived: keysReceivedAt != nil, reviewed: reviewedAt != nil) }
}

/// Where a closed day stands.
public enum ShowHouseDayStatus: String, Codable, Sendable, CaseIterable {
    /// 待安管接钥匙.
    case keysPending = "keys_pending"
    /// 待领班审核.
    case toReview = "to_review"
    /// 已审核签字: the day is closed.
    case signed

    init(keysReceived: Bool, reviewed: Bool) {
        self = reviewed ? .signed : keysReceived ? .toReview : .keysPending
    }

    public var title: Text {
        switch self {
        case .keysPending: Text("待安管确认接钥匙", "Keys not yet confirmed by security")
        case .toReview: Text("待领班审核签字", "Waiting for the foreman's signature")
        case .signed: Text("已审核，当日关闭", "Signed; the day is closed")
        }
    }
}

/// The closing routine's checks, in the procedure's order (SH-17).
public enum ClosingCheck: String, Codable, Sendable, CaseIterable {
    case doors, windows, lights, airConditioning = "air_conditioning", audio, mainSwitch = "main_switch"

    public var title: Text {
        switch self {
        case .doors: Text("门已关锁", "Doors closed and locked")
        case .windows: Text("窗已关闭", "Windows closed")
        case .lights: Text("灯已关闭", "Lights off")
        case .airConditioning: Text("空调已关闭", "Air conditioning off")
        case .audio: Text("音响已关闭", "Audio off")
        case .mainSwitch: Text("总闸已断开", "Main switch off")
        }
    }
}

extension ShowHouseDay: Audited {
    public static let auditType = "show_house_day"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, day: String, closedBy: UUID, closedAt: Date, checks: String, workLog: String, keysPost: UUID, keysGuard: UUID
        let keysReceivedAt: Date?, reviewedBy: UUID?, reviewedAt: Date?, reviewNote: String?, reviewSignature: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, day: day, closedBy: $closedBy.id, closedAt: closedAt, checks: checks, workLog: workLog,
                 keysPost: $keysPost.id, keysGuard: $keysGuard.id, keysReceivedAt: keysReceivedAt, reviewedBy: $reviewedBy.id, reviewedAt: reviewedAt,
                 reviewNote: reviewNote, reviewSignature: reviewSignature)
    }
}
