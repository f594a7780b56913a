import Fluent
import Foundation

/// 参观登记 — one batch of visitors (SH-14): the lobby post counts them into
/// the lift with their sales person; the show house confirms the count on
/// arrival and counts them out; the lobby confirms them back. Any count that
/// differs from the first is flagged. Notes on the batch (SH-15) are the
/// show house's, recorded when it counts them out.
public final class VisitorBatch: Model, @unchecked Sendable {
    public static let schema = "visitor_batches"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "day") public var day: String
    /// 1, 2, 3… through the show house's day.
    @Field(key: "number") public var number: Int
    /// 陪同销售 — sales staff are outside Wuye's accounts, so a name (SH-4).
    @Field(key: "sales_name") public var salesName: String
    @Field(key: "headcount") public var headcount: Int
    @Parent(key: "sent_by_id") public var sentBy: Staff
    @Field(key: "sent_at") public var sentAt: Date
    @OptionalField(key: "arrived_count") public var arrivedCount: Int?
    @OptionalParent(key: "arrived_by_id") public var arrivedBy: Staff?
    @OptionalField(key: "arrived_at") public var arrivedAt: Date?
    @OptionalField(key: "left_count") public var leftCount: Int?
    @OptionalParent(key: "left_by_id") public var leftBy: Staff?
    @OptionalField(key: "left_at") public var leftAt: Date?
    @OptionalField(key: "returned_count") public var returnedCount: Int?
    @OptionalParent(key: "returned_by_id") public var returnedBy: Staff?
    @OptionalField(key: "returned_at") public var returnedAt: Date?
    /// SH-15, as JSON: `["children", "pets_refused"]`.
    @OptionalField(key: "notes") public var notes: String?
    @OptionalField(key: "note") public var note: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $day, $number, $salesName, $headcount, $sentBy, $sentAt, $arrivedCount, $arrivedBy, $arrivedAt,
         $leftCount, $leftBy, $leftAt, $returnedCount, $returnedBy, $returnedAt, $notes, $note]
    }

    public var noteList: [BatchNote] { JSONColumn.list(notes) }
}

/// What happened with a batch that the procedure asks to be noted (SH-15).
public enum BatchNote: String, TextColumn, Codable, Sendable, CaseIterable {
    case children
    case helped
    case smokingStopped = "smoking_stopped"
    case petsRefused = "pets_refused"
    case photosStopped = "photos_stopped"
    case overcrowding

    public var title: Text {
        switch self {
        case .children: Text("有儿童随行（已提醒看护）", "Children (parents reminded)")
        case .helped: Text("协助老人或残障客人", "Elderly or disabled guests helped")
        case .smokingStopped: Text("劝阻吸烟", "Smoking stopped")
        case .petsRefused: Text("宠物谢绝入内", "Pets refused")
        case .photosStopped: Text("劝阻拍照", "Photos stopped")
        case .overcrowding: Text("人多，已与销售协调分批", "Overcrowding handled with sales")
        }
    }
}

/// 劝离 — visitors with no sales person, turned away to the sales centre and
/// counted (SH-4).
public final class VisitorRefusal: Model, @unchecked Sendable {
    public static let schema = "visitor_refusals"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "day") public var day: String
    @Field(key: "headcount") public var headcount: Int
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $showHouse, $day, $headcount, $note, $recordedBy, $recordedAt] }
}

/// 客户意见、建议、评价 (SH-16), per show house and unit type, with a
/// rating for an evaluation. A complaint goes on to the service desk.
public final class GuestFeedback: Model, @unchecked Sendable {
    public static let schema = "guest_feedback"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    /// The show house's unit type when it was said, for analysis by 户型.
    @Field(key: "unit_type") public var unitType: String
    @Field(key: "day") public var day: String
    @Field(key: "kind") public var kind: FeedbackKind
    /// 1–5 stars: required for an evaluation, optional otherwise.
    @OptionalField(key: "rating") public var rating: Int?
    @Field(key: "text") public var text: String
    @OptionalField(key: "guest_name") public var guestName: String?
    @OptionalField(key: "guest_phone") public var guestPhone: String?
    @OptionalParent(key: "batch_id") public var batch: VisitorBatch?
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date
    /// The complaint it became at the service desk.
    @OptionalParent(key: "service_item_id") public var serviceItem: ServiceItem?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $unitType, $day, $kind, $rating, $text, $guestName, $guestPhone, $batch, $recordedBy, $recordedAt, $serviceItem]
    }
}

public enum FeedbackKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case opinion, suggestion, evaluation, complaint

    public var title: Text {
        switch self {
        case .opinion: Text("意见", "Opinion")
        case .suggestion: Text("建议", "Suggestion")
        case .evaluation: Text("评价", "Evaluation")
        case .complaint: Text("投诉", "Complaint")
        }
    }
}

extension VisitorBatch: Audited {
    public static let auditType = "visitor_batch"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, day: String, number: Int, salesName: String, headcount: Int, sentBy: UUID, sentAt: Date
        let arrivedCount: Int?, arrivedBy: UUID?, arrivedAt: Date?, leftCount: Int?, leftBy: UUID?, leftAt: Date?
        let returnedCount: Int?, returnedBy: UUID?, returnedAt: Date?, notes: String?, note: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, day: day, number: number, salesName: salesName, headcount: headcount, sentBy: $sentBy.id, sentAt: sentAt,
                 arrivedCount: arrivedCount, arrivedBy: $arrivedBy.id, arrivedAt: arrivedAt, leftCount: leftCount, leftBy: $leftBy.id, leftAt: leftAt,
                 returnedCount: returnedCount, returnedBy: $returnedBy.id, returnedAt: returnedAt, notes: notes, note: note)
    }
}

extension VisitorRefusal: Audited {
    public static let auditType = "visitor_refusal"
    public struct Snapshot: Encodable { let property: UUID, showHouse: UUID, day: String, headcount: Int, note: String?, recordedBy: UUID, recordedAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, day: day, headcount: headcount, note: note, recordedBy: $recordedBy.id, recordedAt: recordedAt)
    }
}

extension GuestFeedback: Audited {
    public static let auditType = "guest_feedback"
    /// The guest's phone only as a fingerprint, as customer files keep theirs.
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, unitType: String, day: String, kind: FeedbackKind, rating: Int?, text: String, guestName: String?, guestPhoneSHA256: String?
        let batch: UUID?, recordedBy: UUID, recordedAt: Date, serviceItem: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, unitType: unitType, day: day, kind: kind, rating: rating, text: text, guestName: guestName,
                 guestPhoneSHA256: guestPhone.map(Hex.sha256), batch: $batch.id, recordedBy: $recordedBy.id, recordedAt: recordedAt, serviceItem: $serviceItem.id)
    }
}
