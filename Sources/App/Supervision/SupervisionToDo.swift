import Fluent
import SQLKit
import Vapor

/// Supervision's part of 我的待办 (SH-31): the notices with the person's
/// department to put right (overdue ones first), and the ones they issued to
/// verify or whose extension they must decide.
enum SupervisionToDo {
    static let source = ToDoSource(heading: Text("整改通知单", "Rectification notices"), items: items, count: count)

    /// The notices that are the person's to do, as one condition (column names prefixed by `t`).
    static func mine(_ actor: Actor, table t: String = "") -> SQLQueryString {
        let p = t.isEmpty ? "" : t + "."
        return "((\(unsafeRaw: p)status = 'issued' AND \(unsafeRaw: p)department = \(bind: actor.department.rawValue) AND \(unsafeRaw: p)extension_to IS NULL)"
            + " OR (\(unsafeRaw: p)issued_by_id = \(bind: actor.id) AND (\(unsafeRaw: p)status = 'responded' OR (\(unsafeRaw: p)status = 'issued' AND \(unsafeRaw: p)extension_to IS NOT NULL))))"
    }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        "(SELECT COUNT(*) FROM rectification_notices WHERE property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id)) AND " + mine(actor) + ")"
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = Array(actor.propertyIDs)
        guard !at.isEmpty else { return [] }
        let notices = try await db.sql.raw("SELECT id FROM rectification_notices WHERE property_id IN (\(binds: at)) AND " + mine(actor) + " ORDER BY deadline LIMIT 200").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        guard !notices.isEmpty else { return [] }
        return try await RectificationNotice.query(on: db).filter(\.$id ~~ notices).all().map { n in
            let link = RectificationNotices.link(n)
            if n.$issuedBy.id == actor.id, n.status == .responded {
                return ToDoItem(kind: "rectification.verify", title: Text("验证整改：\(n.referenceNo)", "Verify \(n.referenceNo)"),
                                detail: Text(n.department.title.zh + "已回复", n.department.title.en + " answered"), link: link, propertyID: n.$property.id, due: n.deadline)
            }
            if n.$issuedBy.id == actor.id, n.extensionTo != nil {
                return ToDoItem(kind: "rectification.extension", title: Text("批复延期：\(n.referenceNo)", "Decide the extension of \(n.referenceNo)"),
                                detail: Text(n.extensionReason ?? "", n.extensionReason ?? ""), link: link, propertyID: n.$property.id, due: n.deadline)
            }
            return ToDoItem(kind: "rectification.issued", title: Text("整改：\(n.referenceNo) \(n.finding.prefix(30))", "Put right \(n.referenceNo): \(n.finding.prefix(30))"),
                            detail: n.returnedCount > 0 ? Text("已退回 \(n.returnedCount) 次", "sent back \(n.returnedCount)×") : nil,
                            link: link, propertyID: n.$property.id, due: n.deadline, urgent: n.isOverdue(at: now))
        }
    }
}
