import Fluent
import SQLKit
import Vapor

/// The service desk's part of 我的待办: items the person follows up, items
/// of their department waiting for someone to be named (foremen and above),
/// complaints to call back (customer service), repairs they asked for to
/// check, and a control-room handover waiting for their department (HO-7).
enum ServiceDeskToDo {
    static let source = ToDoSource(heading: Text("客服工单", "Service desk"), items: items, count: count)

    /// The item rows that are the person's to do, as one condition over open items.
    static func mine(_ actor: Actor, table t: String = "") -> SQLQueryString {
        let p = t.isEmpty ? "" : t + "."
        var clause: SQLQueryString = "((\(unsafeRaw: p)status = \(bind: ServiceStatus.assigned.rawValue) AND \(unsafeRaw: p)owner_id = \(bind: actor.id))"
        if actor.rank >= .foreman {
            clause += " OR (\(unsafeRaw: p)status = \(bind: ServiceStatus.open.rawValue) AND \(unsafeRaw: p)department = \(bind: actor.department.rawValue))"
        }
        if actor.department == .customerService {
            clause += " OR (\(unsafeRaw: p)status = \(bind: ServiceStatus.done.rawValue) AND \(unsafeRaw: p)kind = \(bind: ServiceKind.complaint.rawValue))"
        }
        clause += " OR (\(unsafeRaw: p)status = \(bind: ServiceStatus.done.rawValue) AND \(unsafeRaw: p)kind = \(bind: ServiceKind.repair.rawValue) AND \(unsafeRaw: p)raised_by_id = \(bind: actor.id)))"
        return clause
    }

    /// The handover slot whose receiving side is the person's department.
    static func receives(_ actor: Actor) -> DeskSlot? { DeskSlot.allCases.first { $0.to == actor.department } }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        let properties: SQLQueryString = "property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id))"
        var query: SQLQueryString = "(SELECT COUNT(*) FROM service_items WHERE \(unsafeRaw: ServiceQueries.openPredicate) AND " + properties + " AND " + mine(actor) + ")"
        if let slot = receives(actor) {
            query += " + (SELECT COUNT(*) FROM desk_handovers WHERE accepted_at IS NULL AND slot = \(bind: slot.rawValue) AND " + properties + ")"
        }
        return query
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = Array(actor.propertyIDs)
        guard !at.isEmpty else { return [] }
        let rows = try await db.sql.rows(ServiceQueries.Row.self, ServiceQueries.columns
            + " WHERE i.\(unsafeRaw: ServiceQueries.openPredicate) AND i.property_id IN (\(binds: at)) AND "
            + mine(actor, table: "i") + " ORDER BY i.raised_at LIMIT 50")
        var items = rows.map { i -> ToDoItem in
            let what = i.referenceNo + " " + i.kind.title.zh
            let whatEn = i.referenceNo + " " + i.kind.title.en
            let link = "/service-items/\(i.id)"
            let detail = Text(String(i.description.prefix(40)), String(i.description.prefix(40)))
            switch i.status {
            case .open:
                return ToDoItem(kind: "service_item.assign", title: Text("指派 \(what)", "Assign \(whatEn)"), detail: detail, link: link, propertyID: i.propertyID, urgent: i.urgent)
            case .done where i.kind == .complaint:
                return ToDoItem(kind: "service_item.callback", title: Text("回访 \(what)", "Call back \(whatEn)"), detail: detail, link: link, propertyID: i.propertyID)
            case .done:
                return ToDoItem(kind: "service_item.verify", title: Text("验收 \(what)", "Check \(whatEn)"), detail: detail, link: link, propertyID: i.propertyID)
            default:
                return ToDoItem(kind: "service_item.follow", title: Text("跟进 \(what)", "Follow up \(whatEn)"), detail: detail, link: link, propertyID: i.propertyID,
                                due: i.dueAt, urgent: i.urgent || i.isOverdue(at: now))
            }
        }
        if let slot = receives(actor) {
            for h in try await db.sql.rows(DeskQueries.Handover.self, DeskQueries.columns
                + " WHERE h.accepted_at IS NULL AND h.slot = \(bind: slot.rawValue) AND h.property_id IN (\(binds: at)) ORDER BY h.offered_at") {
                items.append(ToDoItem(kind: "desk_handover.accept", title: Text("接收\(slot.title.zh) \(h.day)", "Take the \(slot.title.en) handover of \(h.day)"),
                                      detail: Text("\(h.itemCount) 项，其中紧急 \(h.urgentCount) 项", "\(h.itemCount) items, \(h.urgentCount) urgent"),
                                      link: "/desk-handovers/\(h.id)", propertyID: h.propertyID, urgent: h.urgentCount > 0))
            }
        }
        return items
    }
}
