import Fluent
import SQLKit
import Vapor

/// 我的待办 — one thing waiting for the signed-in person: a key to confirm
/// or bring back, a spare key for security to clear, a lock to change. Each
/// module adds its own source to `ToDoList.sources`; the start page lists
/// them and the navigation counts them.
public struct ToDoItem: Sendable {
    public let kind: String
    public let title: Text
    public let detail: Text?
    /// A page the person may open, where the thing can be done.
    public let link: String
    public let propertyID: UUID?
    public let due: Date?
    /// Late or otherwise pressing: listed first and marked.
    public let urgent: Bool

    public init(kind: String, title: Text, detail: Text? = nil, link: String, propertyID: UUID?, due: Date? = nil, urgent: Bool = false) {
        self.kind = kind; self.title = title; self.detail = detail; self.link = link
        self.propertyID = propertyID; self.due = due; self.urgent = urgent
    }
}

/// One module's part of the list.
public struct ToDoSource: Sendable {
    public let heading: Text
    public let items: @Sendable (_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem]
    /// How many items there are, as a SQL expression (a sum of scalar
    /// `(SELECT COUNT(*) …)`s) that the navigation's one statement adds up.
    public let count: @Sendable (_ actor: Actor, _ now: Date) -> SQLQueryString
}

public enum ToDoList {
    /// Every module's source, in the order the start page shows them.
    static let sources: [ToDoSource] = [KeysToDo.source, ViolationsToDo.source, ServiceDeskToDo.source, HandoverToDo.source, ShowHouseToDo.source, SupervisionToDo.source, SiteAccessToDo.source]

    /// The person's items, by source, pressing ones first.
    static func items(for actor: Actor, now: Date, on db: any Database) async throws -> [(heading: Text, items: [ToDoItem])] {
        var sections: [(Text, [ToDoItem])] = []
        for source in sources {
            let items = try await source.items(actor, now, db).sorted { lhs, rhs in
                if lhs.urgent != rhs.urgent { return lhs.urgent }
                return (lhs.due ?? .distantFuture) < (rhs.due ?? .distantFuture)
            }
            if !items.isEmpty { sections.append((source.heading, items)) }
        }
        return sections
    }

    /// What the navigation counts on every page: things to do and unread
    /// notices, in one statement.
    static func counts(for actor: Actor, now: Date, on db: any Database) async throws -> (toDo: Int, unread: Int) {
        var query: SQLQueryString = "SELECT (SELECT COUNT(*) FROM notifications WHERE recipient_id = \(bind: actor.id) AND read_at IS NULL) AS unread, (0"
        for source in sources { query += " + " + source.count(actor, now) }
        query += ") AS todo"
        guard let row = try await db.sql.raw(query).first() else { return (0, 0) }
        return (try row.decode(column: "todo", as: Int.self), try row.decode(column: "unread", as: Int.self))
    }
}
