import Fluent
import Vapor

/// 通知 — an in-app message to one person: a lost key for the manager and
/// security (KY-5), a spare key waiting for security (KY-6), a key due back,
/// and later every missed duty. Each notice leads to a page its recipient may
/// open, and is about one record (`subject`), so handling that record settles
/// the notice for everyone who got it.
public final class StaffNotification: Model, @unchecked Sendable {
    public static let schema = "notifications"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "recipient_id") public var recipient: Staff
    @OptionalParent(key: "property_id") public var property: Property?
    @Field(key: "kind") public var kind: String
    @Field(key: "message_zh") public var messageZh: String
    @Field(key: "message_en") public var messageEn: String
    @Field(key: "link") public var link: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    /// The record the notice is about; handling it marks the notice read.
    @OptionalField(key: "subject_id") public var subjectID: UUID?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $recipient, $property, $kind, $messageZh, $messageEn, $link, $createdAt, $readAt, $subjectID] }

    public var message: Text { Text(messageZh, messageEn) }
}

public enum Notifier {
    /// Who at a property must hear about something: staff of the given
    /// departments at or above the given rank.
    public struct Audience: Sendable {
        public let grants: [Grant]
    }

    /// Writes one notification per person of `audience` at the property,
    /// inside the caller's transaction.
    @discardableResult
    static func notify(
        _ audience: Audience, at propertyID: UUID, kind: String, message: Text, link: String, subject: UUID? = nil,
        except excluded: UUID? = nil, now: Date, on db: any Database
    ) async throws -> [UUID] {
        let assigned = try await StaffProperty.query(on: db).filter(\.$property.$id == propertyID).all().map { $0.$staff.id }
        guard !assigned.isEmpty else { return [] }
        let people = try await Staff.query(on: db).filter(\.$id ~~ assigned).filter(\.$isActive == true).with(\.$department).all()
        let recipients = people.filter { staff in
            staff.id != excluded && audience.grants.contains { grant in
                (grant.department == nil || grant.department == staff.department.code) && staff.rank >= grant.minimumRank
            }
        }.compactMap(\.id)
        for recipient in recipients {
            try await notify(recipient, at: propertyID, kind: kind, message: message, link: link, subject: subject, now: now, on: db)
        }
        return recipients
    }

    /// One notice to one person (the borrower of a key, the requester of a release).
    static func notify(_ recipient: UUID, at propertyID: UUID?, kind: String, message: Text, link: String, subject: UUID? = nil,
                       now: Date, on db: any Database) async throws {
        let note = StaffNotification()
        note.$recipient.id = recipient
        note.$property.id = propertyID
        note.kind = kind
        note.messageZh = message.zh
        note.messageEn = message.en
        note.link = link
        note.subjectID = subject
        note.createdAt = now
        try await RowWrite.insert(note, on: db)
    }

    /// The record a notice was about has been handled: everyone's notices of
    /// these kinds about it are read now.
    static func settle(_ kinds: [String], about subject: UUID, now: Date, on db: any Database) async throws {
        try await db.sql.raw("UPDATE notifications SET read_at = \(bind: now) WHERE subject_id = \(bind: subject) AND kind IN (\(binds: kinds)) AND read_at IS NULL").run()
    }

    /// Whether anyone was already told `kind` about `subject` (reminders are sent once).
    static func wasSent(_ kind: String, about subject: UUID, on db: any Database) async throws -> Bool {
        try await StaffNotification.query(on: db).filter(\.$subjectID == subject).filter(\.$kind == kind).count() > 0
    }

    static func markAllRead(for staffID: UUID, now: Date, app: Application) async throws {
        try await app.write { db in
            try await StaffNotification.query(on: db).filter(\.$recipient.$id == staffID).filter(\.$readAt == nil).set(\.$readAt, to: now).update()
        }
    }

    /// Opens one notice: marks it read and gives the page it leads to.
    static func open(_ id: UUID?, for staffID: UUID, now: Date, app: Application) async throws -> String {
        guard let id, let note = try await StaffNotification.find(id, on: app.db), note.$recipient.id == staffID else {
            throw WuyeError.notFound(Text("通知", "notice"), field: "notificationID")
        }
        if note.readAt == nil {
            try await app.write { db in
                try await StaffNotification.query(on: db).filter(\.$id == id).set(\.$readAt, to: now).update()
            }
        }
        return note.link
    }

    static func unreadCount(for staffID: UUID, on db: any Database) async throws -> Int {
        try await StaffNotification.query(on: db).filter(\.$recipient.$id == staffID).filter(\.$readAt == nil).count()
    }
}
