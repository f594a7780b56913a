import Fluent
import SQLKit
import Vapor

/// 投诉月度评审 — each month's complaints by outcome and how well they were
/// handled, reviewed and signed by leadership (篇1 9.2, SH-33).
public enum ComplaintReviews {
    static let noun = Text("投诉月度评审", "complaint review")

    /// A month's complaints, counted from the records.
    struct Figures: Codable, Sendable, Equatable {
        var total = 0
        /// Closed after a satisfied callback.
        var satisfied = 0
        /// Of those, satisfied at the first callback: the handling worked the first time.
        var satisfiedFirstTime = 0
        /// Sent back at least once after a callback.
        var reopened = 0
        /// Not closed yet.
        var open = 0
        /// Done later than the due time, or still open past it.
        var late = 0
        var bySeverity: [String: Int] = [:]

        /// 处理有效率: satisfied the first time, of those called back and closed.
        var effectiveness: Double? { satisfied == 0 ? nil : Double(satisfiedFirstTime) / Double(satisfied) }
    }

    static let monthPattern = #"^[0-9]{4}-(0[1-9]|1[0-2])$"#
    static let monthField = InputField.text(7, pattern: monthPattern, label: Text("月份", "month"))

    /// The complaints raised in `month` ("2026-11") at the property.
    static func figures(propertyID: UUID, month: String, time: LocalTime, now: Date, on db: any Database) async throws -> Figures {
        guard let start = time.startOfDay(month + "-01"), let end = nextMonth(month).flatMap({ time.startOfDay($0 + "-01") }) else {
            throw WuyeError.invalid("month", Text("月份格式应为 2026-11", "must look like 2026-11"), rule: "SH-33")
        }
        struct Row: ReadRow {
            let status: ServiceStatus; let severity: ComplaintSeverity?; let reopenCount: Int; let dueAt: Date?; let doneAt: Date?
            init(_ row: RowReader) throws {
                status = try row.next("status"); severity = try row.next("severity"); reopenCount = try row.next("reopen_count"); dueAt = try row.next("due_at"); doneAt = try row.next("done_at")
            }
        }
        let rows = try await db.sql.rows(Row.self, """
            SELECT status, severity, reopen_count, due_at, done_at FROM service_items
            WHERE property_id = \(bind: propertyID) AND kind = \(bind: ServiceKind.complaint.rawValue) AND raised_at >= \(bind: start) AND raised_at < \(bind: end)
            """)
        var f = Figures()
        for r in rows {
            f.total += 1
            if r.status == .closed { f.satisfied += 1; if r.reopenCount == 0 { f.satisfiedFirstTime += 1 } } else { f.open += 1 }
            if r.reopenCount > 0 { f.reopened += 1 }
            if let due = r.dueAt, (r.doneAt ?? now) > due { f.late += 1 }
            f.bySeverity[r.severity?.rawValue ?? "none", default: 0] += 1
        }
        return f
    }

    static func nextMonth(_ month: String) -> String? {
        guard let year = Int(month.prefix(4)), let m = Int(month.suffix(2)) else { return nil }
        return m == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, m + 1)
    }

    /// 领导签字: the figures as they stand, with the leader's words; once a
    /// month, and only once the month is over (SH-33 [9.2]).
    public static func sign(propertyID: UUID?, month: String?, _ input: ComplaintReviewInput, on req: Request) async throws -> ComplaintReview {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .signComplaintReview)
        guard let month, Patterns.matches(monthPattern, month) else {
            throw WuyeError.invalid("month", Text("月份格式应为 2026-11", "must look like 2026-11"), rule: "SH-33")
        }
        let now = req.now
        guard String(property.localTime.day(now).prefix(7)) > month else {
            throw WuyeError.conflict(Text("\(month) 尚未结束，月末后再评审", "\(month) is not over yet; review it after the month ends"), rule: "SH-33", field: "month")
        }
        guard let note = Input.text(input.note) else { throw WuyeError.missing("note", Text("评审意见", "Review"), rule: "SH-33") }
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "SH-33") }
        let figures = try await figures(propertyID: property.id, month: month, time: property.localTime, now: now, on: req.db)
        let encoded = AuditLog.canonicalJSON(figures)
        do {
            return try await req.write { db in
                let review = ComplaintReview()
                review.$property.id = property.id; review.month = month; review.figures = encoded; review.note = note
                review.$signedBy.id = actor.id; review.signedAt = now; review.signature = signature
                try await AuditLog.create("complaint_review.signed", review, by: .person(actor), property: property.id, at: now, on: db)
                return review
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(month) 的投诉评审已签字", "\(month) is already reviewed and signed"), rule: "SH-33", field: "month")
        }
    }
}

/// 评审意见 and the leader's drawn signature (SH-33 [9.2]).
public struct ComplaintReviewInput: CheckedInput, Content {
    public var note: String?
    public var signature: String?

    public static let schema = InputSchema("ComplaintReviewSigning", [
        ("note", .text(2000, multiline: true, label: Text("评审意见", "note"), rule: "SH-33")),
        ("signature", InputField(.signature, label: Text("签名", "signature"), rule: "X-1")),
    ])
}
