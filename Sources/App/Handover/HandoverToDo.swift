import Fluent
import SQLKit
import Vapor

/// The handover's part of 我的待办: a sheet waiting for the person to take
/// over (HO-4), their own sheet still being filled in, and for foremen and
/// above of a post's department the refusals to resolve (HO-5) and the days
/// whose sheets are not yet reviewed (HO-6).
enum HandoverToDo {
    static let source = ToDoSource(heading: Text("交接班", "Shift handover"), items: items, count: count)

    /// The sheets that are the person's to do, as one condition (column names prefixed by `t`).
    static func mine(_ actor: Actor, table t: String = "") -> SQLQueryString {
        let p = t.isEmpty ? "" : t + "."
        var clause: SQLQueryString = "((\(unsafeRaw: p)status = \(bind: HandoverStatus.offered.rawValue) AND \(unsafeRaw: p)incoming_id = \(bind: actor.id))"
        clause += " OR (\(unsafeRaw: p)status = \(bind: HandoverStatus.draft.rawValue) AND \(unsafeRaw: p)outgoing_id = \(bind: actor.id))"
        if actor.rank >= .foreman {
            clause += " OR (\(unsafeRaw: p)status IN (\(bind: HandoverStatus.refused.rawValue), \(bind: HandoverStatus.accepted.rawValue))"
            clause += " AND \(unsafeRaw: p)outgoing_id <> \(bind: actor.id) AND COALESCE(\(unsafeRaw: p)incoming_id, \(unsafeRaw: p)outgoing_id) <> \(bind: actor.id)"
            if actor.rank < .manager {
                clause += " AND \(unsafeRaw: p)post_id IN (SELECT po.id FROM posts po JOIN departments de ON de.id = po.department_id WHERE de.code = \(bind: actor.department.rawValue))"
            }
            clause += ")"
        }
        return clause + ")"
    }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        "(SELECT COUNT(*) FROM handover_sheets WHERE \(unsafeRaw: HandoverQueries.unfinishedPredicate)"
            + " AND property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id)) AND " + mine(actor) + ")"
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = Array(actor.propertyIDs)
        guard !at.isEmpty else { return [] }
        let rows = try await db.sql.rows(HandoverQueries.Sheet.self, HandoverQueries.columns
            + " WHERE s.\(unsafeRaw: HandoverQueries.unfinishedPredicate) AND s.property_id IN (\(binds: at)) AND " + mine(actor, table: "s")
            + " ORDER BY s.day, p.name LIMIT 200")
        var items: [ToDoItem] = []
        var toReview: [String: (property: UUID, day: String, count: Int)] = [:]
        for s in rows {
            let what = Text("\(s.postName) \(s.day) \(s.shift.title.zh)", "\(s.postName) \(s.day) \(s.shift.title.en)")
            let link = "/handover-sheets/\(s.id)"
            switch s.status {
            case .offered:
                items.append(ToDoItem(kind: "handover.accept", title: Text("接班：" + what.zh, "Take over: " + what.en), detail: Text("交班人 " + s.outgoingName, "from " + s.outgoingName),
                                      link: link, propertyID: s.propertyID, due: s.offeredAt, urgent: true))
            case .draft:
                items.append(ToDoItem(kind: "handover.sign_out", title: Text("完成交班：" + what.zh, "Finish the handover: " + what.en), link: link, propertyID: s.propertyID))
            case .refused:
                items.append(ToDoItem(kind: "handover.resolve", title: Text("处理拒绝接班：" + what.zh, "Resolve a refusal: " + what.en),
                                      detail: s.refusalReason.map { Text($0, $0) }, link: link, propertyID: s.propertyID, urgent: true))
            case .accepted:
                let key = s.propertyID.uuidString + s.day
                toReview[key] = (s.propertyID, s.day, (toReview[key]?.count ?? 0) + 1)
            }
        }
        for (_, day) in toReview.sorted(by: { $0.value.day < $1.value.day }) {
            items.append(ToDoItem(kind: "handover.review", title: Text("审核 \(day.day) 的交接班记录（\(day.count) 张未签）", "Review the sheets of \(day.day) (\(day.count) unsigned)"),
                                  link: "/properties/\(day.property)/handovers?day=\(day.day)", propertyID: day.property))
        }
        return items
    }
}
