import Fluent
import SQLKit
import Vapor

/// Customer service's part of 我的待办 for violations: reports waiting for
/// an order (security reports to customer service, PS-5), and places due for
/// their check today or already late (PS-4).
enum ViolationsToDo {
    static let source = ToDoSource(heading: Text("公共场地违章", "Public-space violations"), items: items, count: count)

    /// A day's grace before the end of the day to restore by: the check is due on that day.
    static func dueFrom(_ now: Date) -> Date { now.addingTimeInterval(86_400) }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        guard Policy.allows(actor, .handleViolation, at: nil) else { return "0" }
        return "(SELECT COUNT(*) FROM space_violations WHERE \(unsafeRaw: ViolationQueries.openPredicate)"
            + " AND property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id))"
            + " AND (status = \(bind: ViolationStatus.reported.rawValue) OR restore_due_at <= \(bind: dueFrom(now))))"
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = actor.propertyIDs.filter { Policy.allows(actor, .handleViolation, at: $0) }
        guard !at.isEmpty else { return [] }
        let rows = try await db.sql.rows(ViolationQueries.Row.self, ViolationQueries.columns
            + " WHERE v.\(unsafeRaw: ViolationQueries.openPredicate) AND v.property_id IN (\(binds: Array(at)))"
            + " AND (v.status = \(bind: ViolationStatus.reported.rawValue) OR v.restore_due_at <= \(bind: dueFrom(now))) ORDER BY v.reported_at LIMIT 50")
        return rows.map { v in
            let propertyID = v.propertyID
            if v.status == .reported {
                return ToDoItem(kind: "space_violation.order", title: Text("处理违章 \(v.referenceNo)：\(v.place)", "Deal with violation \(v.referenceNo): \(v.place)"),
                                detail: Text(v.kind.title.zh + " · " + v.reportedByName + " 报告", v.kind.title.en + " · reported by " + v.reportedByName),
                                link: "/space-violations/\(v.id)", propertyID: propertyID, due: nil, urgent: false)
            }
            return ToDoItem(kind: "space_violation.check", title: Text("复查违章 \(v.referenceNo)：\(v.place)", "Check violation \(v.referenceNo): \(v.place)"),
                            detail: v.party.map { Text("责任人 \($0)", "Party: \($0)") }, link: "/space-violations/\(v.id)",
                            propertyID: propertyID, due: v.restoreDueAt, urgent: v.isLate(at: now))
        }
    }
}
