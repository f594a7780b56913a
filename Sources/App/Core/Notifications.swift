import Fluent
import Vapor

/// 通知 — an in-app message to one person: a lost key for the manager and
/// security (KY-5), a spare key waiting for security (KY-6), and later every
/// missed duty.
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

    public init() {}

    public var message: Text { Text(messageZh, messageEn) }
}

public enum Notifier {
    /// Who at a property must hear about something: staff of the given
    /// departments at or above the given rank.
    public struct Audience: Sendable {
        public let grants: [Grant]
    }

    /// Writes one notification per recipient inside the caller's transaction.
    @discardableResult
    static func notify(
        _ audience: Audience, at propertyID: UUID, kind: String, message: Text, link: String,
        except excluded: UUID? = nil, now: Date, on db: any Database
    ) async throws -> [UUID] {
        let assigned = try await StaffProperty.query(on: db).filter(\.$property.$id == propertyID).all().map { $0.$staff.id }
        guard !assigned.isEmpty else { return [] }
        let people = try await Staff.query(on: db).filter(\.$id ~~ assigned).filter(\.$isActive == true).with(\.$department).all()
        let recipients = people.filter { staff in
            staff.id != excluded && audience.grants.contains { grant in
                (grant.department == nil || grant.department == staff.department.code) && staff.rank >= grant.minimumRank
            }
        }
        for staff in recipients {
            let note = StaffNotification()
            note.$recipient.id = staff.id!
            note.$property.id = propertyID
            note.kind = kind
            note.messageZh = message.zh
            note.messageEn = message.en
            note.link = link
            note.createdAt = now
            try await note.create(on: db)
        }
        return recipients.compactMap(\.id)
    }

    static func markAllRead(for staffID: UUID, now: Date, app: Application) async throws {
        try await app.write { db in
            try await StaffNotification.query(on: db).filter(\.$recipient.$id == staffID).filter(\.$readAt == nil).set(\.$readAt, to: now).update()
        }
    }

    static func unreadCount(for staffID: UUID, on db: any Database) async throws -> Int {
        try await StaffNotification.query(on: db).filter(\.$recipient.$id == staffID).filter(\.$readAt == nil).count()
    }
}
