import Fluent
import Foundation

/// 客户通知 — a notice to customers, written once and sent to chosen units
/// (CA-4: 上行下达…认真地登记): registered with its number and day, and for
/// each household whether it was delivered (how, by whom) and read.
public final class CustomerNotice: Model, @unchecked Sendable {
    public static let schema = "customer_notices"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// 编号, e.g. "KF-TZ-2026-0007": the property's notices counted by year.
    @Field(key: "reference_no") public var referenceNo: String
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @Parent(key: "issued_by_id") public var issuedBy: Staff
    @Field(key: "issued_at") public var issuedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $referenceNo, $title, $body, $issuedBy, $issuedAt] }
}

/// One household a notice went to, and what became of it.
public final class NoticeDelivery: Model, @unchecked Sendable {
    public static let schema = "notice_deliveries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "notice_id") public var notice: CustomerNotice
    @Parent(key: "unit_id") public var unit: Unit
    /// Who lived there when it was sent (owners and tenants), as addressed.
    @Field(key: "addressed_to") public var addressedTo: String
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @OptionalField(key: "delivery_method") public var deliveryMethod: DeliveryMethod?
    @OptionalParent(key: "delivered_by_id") public var deliveredBy: Staff?
    @OptionalField(key: "read_at") public var readAt: Date?
    @OptionalParent(key: "read_recorded_by_id") public var readRecordedBy: Staff?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $notice, $unit, $addressedTo, $deliveredAt, $deliveryMethod, $deliveredBy, $readAt, $readRecordedBy] }
}

/// How a notice reached the household.
public enum DeliveryMethod: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 当面递交
    case inPerson = "in_person"
    /// 投入信箱 / 门缝
    case mailbox
    /// 张贴于楼栋公告栏
    case posted
    /// 短信、微信
    case message
    /// 邮寄
    case post

    public var title: Text {
        switch self {
        case .inPerson: Text("当面递交", "In person")
        case .mailbox: Text("投入信箱", "Mailbox")
        case .posted: Text("楼栋张贴", "Posted in the building")
        case .message: Text("短信/微信", "SMS/WeChat")
        case .post: Text("邮寄", "By post")
        }
    }
}

extension CustomerNotice: Audited {
    public static let auditType = "customer_notice"
    public struct Snapshot: Encodable {
        let property: UUID, referenceNo: String, title: String, bodySHA256: String, issuedBy: UUID, issuedAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, referenceNo: referenceNo, title: title, bodySHA256: Hex.sha256(body), issuedBy: $issuedBy.id, issuedAt: issuedAt)
    }
}

extension NoticeDelivery: Audited {
    public static let auditType = "notice_delivery"
    public struct Snapshot: Encodable {
        let property: UUID, notice: UUID, unit: UUID, addressedTo: String, deliveredAt: Date?, deliveryMethod: DeliveryMethod?
        let deliveredBy: UUID?, readAt: Date?, readRecordedBy: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, notice: $notice.id, unit: $unit.id, addressedTo: addressedTo, deliveredAt: deliveredAt, deliveryMethod: deliveryMethod,
                 deliveredBy: $deliveredBy.id, readAt: readAt, readRecordedBy: $readRecordedBy.id)
    }
}
