import Fluent
import Foundation

/// 日报 — the show houses' daily summary (SH-34): for each show house the
/// visitors, refusals, guests' feedback, incidents and what is still open,
/// generated from the day's records, submitted by the property-service
/// supervisor and approved by leadership. Submitted, its figures are frozen.
public final class ShowHouseSummary: Model, @unchecked Sendable {
    public static let schema = "show_house_summaries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "day") public var day: String
    /// The figures as submitted, per show house, as JSON.
    @Field(key: "figures") public var figures: String
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "submitted_by_id") public var submittedBy: Staff
    @Field(key: "submitted_at") public var submittedAt: Date
    @OptionalParent(key: "approved_by_id") public var approvedBy: Staff?
    @OptionalField(key: "approved_at") public var approvedAt: Date?
    @OptionalField(key: "approval_note") public var approvalNote: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $day, $figures, $note, $submittedBy, $submittedAt, $approvedBy, $approvedAt, $approvalNote] }

    public var figureList: [SummaryFigures] { JSONColumn.list(figures) }
}

/// One show house's day in figures (SH-34).
public struct SummaryFigures: Codable, Sendable, Equatable {
    public var showHouse: String
    public var unitType: String
    public var batches: Int
    public var visitors: Int
    public var turnedAway: Int
    /// Batches whose counts did not match (SH-14).
    public var mismatches: Int
    public var feedback: Int
    public var complaints: Int
    /// The evaluations' mean stars, in tenths (45 = 4.5), if any.
    public var ratingTenths: Int?
    /// Lines found not normal at the day's counts (SH-11).
    public var findings: Int
    /// Service-desk items from the show house still open (SH-11).
    public var openItems: Int
    public var closed: Bool
    public var signed: Bool
}

extension ShowHouseSummary: Audited {
    public static let auditType = "show_house_summary"
    public struct Snapshot: Encodable {
        let property: UUID, day: String, figures: String, note: String?, submittedBy: UUID, submittedAt: Date, approvedBy: UUID?, approvedAt: Date?, approvalNote: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, day: day, figures: figures, note: note, submittedBy: $submittedBy.id, submittedAt: submittedAt, approvedBy: $approvedBy.id,
                 approvedAt: approvedAt, approvalNote: approvalNote)
    }
}
