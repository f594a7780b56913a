import Fluent
import SQLKit
import Vapor

/// The show houses' part of 我的待办: keys handed to the person at a security
/// post to confirm (SH-17), and for foremen and up of customer service or
/// property service (or any manager) the closed days to sign (SH-18).
enum ShowHouseToDo {
    static let source = ToDoSource(heading: Text("样板房", "Show houses"), items: items, count: count)

    /// The days that are the person's to do, as one condition (column names prefixed by `t`).
    static func mine(_ actor: Actor, table t: String = "") -> SQLQueryString {
        let p = t.isEmpty ? "" : t + "."
        var clause: SQLQueryString = "((\(unsafeRaw: p)keys_received_at IS NULL AND \(unsafeRaw: p)keys_guard_id = \(bind: actor.id))"
        if Policy.allows(actor, .reviewShowHouseDay, at: nil) {
            clause += " OR (\(unsafeRaw: p)keys_received_at IS NOT NULL AND \(unsafeRaw: p)closed_by_id <> \(bind: actor.id))"
        }
        return clause + ")"
    }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        "(SELECT COUNT(*) FROM show_house_days WHERE reviewed_at IS NULL"
            + " AND property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id)) AND " + mine(actor) + ")"
    }

    struct Row: ReadRow {
        let id: UUID; let propertyID: UUID; let houseName: String; let day: String; let closedByName: String; let closedAt: Date; let keysReceivedAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); houseName = try row.next("name"); day = try row.next("day")
            closedByName = try row.next("closed_by_name"); closedAt = try row.next("closed_at"); keysReceivedAt = try row.next("keys_received_at")
        }
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = Array(actor.propertyIDs)
        guard !at.isEmpty else { return [] }
        let rows = try await db.sql.rows(Row.self, """
            SELECT d.id, d.property_id, h.name, d.day, s.name AS closed_by_name, d.closed_at, d.keys_received_at
            FROM show_house_days d JOIN show_houses h ON h.id = d.show_house_id JOIN staff s ON s.id = d.closed_by_id
            WHERE d.reviewed_at IS NULL AND d.property_id IN (\(binds: at)) AND
            """ + mine(actor, table: "d") + " ORDER BY d.day, h.name LIMIT 200")
        return rows.map { r in
            let link = "/show-house-days/\(r.id)"
            if r.keysReceivedAt == nil {
                return ToDoItem(kind: "show_house.keys", title: Text("确认接收\(r.houseName)的钥匙（\(r.day)）", "Confirm \(r.houseName)'s keys (\(r.day))"),
                                detail: Text("交钥匙：" + r.closedByName, "from " + r.closedByName), link: link, propertyID: r.propertyID, due: r.closedAt, urgent: true)
            }
            return ToDoItem(kind: "show_house.review", title: Text("审核签字：\(r.houseName) \(r.day) 当日记录", "Sign \(r.houseName)'s day \(r.day)"),
                            detail: Text("闭馆：" + r.closedByName, "closed by " + r.closedByName), link: link, propertyID: r.propertyID, due: r.closedAt)
        }
    }
}
