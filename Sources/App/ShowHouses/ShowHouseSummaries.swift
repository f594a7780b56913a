import Fluent
import SQLKit
import Vapor

/// 日报 (SH-34): the day's figures for every show house of a property,
/// generated from the records; submitted by a property-service supervisor,
/// approved by leadership (never the one who submitted). Pages and API call
/// these same functions.
public enum ShowHouseSummaries {
    static let noun = Text("样板房日报", "daily summary")

    struct Extra: ReadRow {
        let id: UUID; let mismatches: Int; let feedback: Int; let complaints: Int; let ratingTenths: Int?; let findings: Int; let openComplaints: Int
        init(_ row: RowReader) throws {
            id = try row.next("id"); mismatches = try row.next("mismatches"); feedback = try row.next("feedback"); complaints = try row.next("complaints")
            ratingTenths = try row.next("rating_tenths"); findings = try row.next("findings"); openComplaints = try row.next("open_complaints")
        }
    }

    /// The day's figures as the records have them now.
    static func figures(propertyID: UUID, day: String, on db: any Database) async throws -> [SummaryFigures] {
        let houses = try await ShowHouseQueries.houses(propertyID: propertyID, day: day, on: db)
        let extras = try await db.sql.rows(Extra.self, """
            SELECT h.id,
              (SELECT COUNT(*) FROM visitor_batches b WHERE b.show_house_id = h.id AND b.day = \(bind: day) AND (COALESCE(b.arrived_count, b.headcount) <> b.headcount
                 OR COALESCE(b.left_count, b.headcount) <> b.headcount OR COALESCE(b.returned_count, b.headcount) <> b.headcount)) AS mismatches,
              (SELECT COUNT(*) FROM guest_feedback g WHERE g.show_house_id = h.id AND g.day = \(bind: day)) AS feedback,
              (SELECT COUNT(*) FROM guest_feedback g WHERE g.show_house_id = h.id AND g.day = \(bind: day) AND g.kind = 'complaint') AS complaints,
              (SELECT CAST(ROUND(AVG(g.rating) * 10) AS BIGINT) FROM guest_feedback g WHERE g.show_house_id = h.id AND g.day = \(bind: day) AND g.kind = 'evaluation') AS rating_tenths,
              (SELECT COUNT(*) FROM show_house_findings f WHERE f.show_house_id = h.id AND f.day = \(bind: day)) AS findings,
              (SELECT COUNT(*) FROM guest_feedback g JOIN service_items i ON i.id = g.service_item_id WHERE g.show_house_id = h.id AND i.status <> 'closed') AS open_complaints
            FROM show_houses h WHERE h.property_id = \(bind: propertyID)
            """)
        return houses.map { h in
            let x = extras.first { $0.id == h.id }
            return SummaryFigures(showHouse: h.name, unitType: h.unitType, batches: h.batches, visitors: h.visitors, turnedAway: h.refusals, mismatches: x?.mismatches ?? 0,
                                  feedback: x?.feedback ?? 0, complaints: x?.complaints ?? 0, ratingTenths: x?.ratingTenths, findings: x?.findings ?? 0,
                                  openItems: h.openFindings + (x?.openComplaints ?? 0), closed: h.dayID != nil, signed: h.reviewedAt != nil)
        }
    }

    /// 提交日报: a day that has begun, once; its figures frozen as they stand.
    public static func submit(propertyID: UUID?, _ input: SummaryInput, on req: Request) async throws -> ShowHouseSummary {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .submitShowHouseSummary)
        guard let day = Input.text(input.day) else { throw WuyeError.missing("day", Text("日期", "Day"), rule: "SH-34") }
        let now = req.now
        guard day <= property.localTime.day(now) else { throw WuyeError.invalid("day", Text("不能提交未来日期的日报", "cannot be a day to come"), rule: "SH-34") }
        let figures = try await figures(propertyID: property.id, day: day, on: req.db)
        guard !figures.isEmpty else { throw WuyeError.conflict(Text("尚未登记样板房", "There are no show houses"), rule: "SH-34", field: "day") }
        let encoded = AuditLog.canonicalJSON(figures)
        do {
            return try await req.write { db in
                let summary = ShowHouseSummary()
                summary.$property.id = property.id; summary.day = day; summary.figures = encoded; summary.note = Input.text(input.note)
                summary.$submittedBy.id = actor.id; summary.submittedAt = now
                try await AuditLog.create("show_house_summary.submitted", summary, by: .person(actor), property: property.id, at: now, on: db)
                try await Notifier.notify(Notifier.Audience(grants: [.anyDepartment(.leadership)]), at: property.id, kind: SummaryNotice.submitted.rawValue,
                                          message: Text("\(actor.name)提交了 \(day) 样板房日报，请审批", "\(actor.name) submitted the show houses' summary of \(day) for approval"),
                                          link: "/properties/\(property.id)/show-house-summaries?day=\(day)", subject: summary.id, except: actor.id, now: now, on: db)
                return summary
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(day) 的日报已提交", "The summary of \(day) is already submitted"), rule: "SH-34", field: "day")
        }
    }

    /// 领导审批: leadership, not the submitter; then it is closed.
    public static func approve(summaryID: UUID?, _ input: SummaryApprovalInput, on req: Request) async throws -> ShowHouseSummary {
        let actor = try req.actor
        guard let summaryID, let found = try await ShowHouseSummary.find(summaryID, on: req.db) else { throw WuyeError.notFound(noun, field: "summaryID") }
        let property = try await req.property(found.$property.id, for: actor, action: .approveShowHouseSummary)
        try Policy.requireDifferentPeople(requester: found.$submittedBy.id, approver: actor.id, rule: "SH-34", what: Text("审批", "approve"))
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ShowHouseSummary.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.record.approvedAt == nil else { throw WuyeError.conflict(Text("日报已审批", "Already approved"), rule: "SH-34", field: "status") }
            let summary = try await AuditLog.update("show_house_summary.approved", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$approvedBy.id = actor.id; $0.approvedAt = now; $0.approvalNote = Input.text(input.note)
            }
            try await Notifier.settle([SummaryNotice.submitted.rawValue], about: summary.id!, now: now, on: db)
            return summary
        }
    }
}

enum SummaryNotice: String {
    case submitted = "show_house_summary.submitted"
}

/// 提交日报 (SH-34).
public struct SummaryInput: CheckedInput, Content {
    public var day: String?
    public var note: String?

    public static let schema = InputSchema("ShowHouseSummaryInput", [
        ("day", InputField(.date, label: Text("日期", "day"), rule: "SH-34")),
        ("note", .text(2000, multiline: true, label: Text("说明", "note"), rule: "SH-34")),
    ])
}

/// 审批意见 (SH-34).
public struct SummaryApprovalInput: CheckedInput, Content {
    public var note: String?

    public static let schema = InputSchema("ShowHouseSummaryApproval", [("note", .text(1000, multiline: true, label: Text("审批意见", "note"), rule: "SH-34"))])
}
