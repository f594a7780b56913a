import Fluent
import SQLKit

/// Every schema change, in order. Fluent's schema builder only, so the same
/// list runs on SQLite and PostgreSQL. Append; never edit a migration that
/// has shipped.
enum Migrations {
    static let all: [any Migration] = [
        CreateOrganisation(),
        CreateSignIn(),
        CreateAuditChain(),
        CreateNotifications(),
        CreateKeyCabinet(),
        IndexLedgers(),
        AddStaffAssignmentsVersion(),
        VersionStaffAndSnapshotEveryColumn(),
        AddNotificationSubjects(),
        IndexOpenWork(),
        CreateCustomerFiles(),
        CreateCustomerImports(),
        CreateCustomerNotices(),
        CreatePublicSpaces(),
        CreateSpaceViolations(),
        CreateServiceDesk(),
        CreateHandoverSheets(),
        CreateShowHouses(),
        CreateShowHouseKeySets(),
        CreateDuties(),
        CreateSupervisionRecords(),
        CreateAlertChannels(),
        CreateSiteAccess(),
    ]
}

struct CreateOrganisation: AsyncMigration {
    var name: String { "001_create_organisation" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Company.schema).id().field("name", .string, .required).create()
        try await db.schema(Property.schema).id()
            .field("company_id", .uuid, .required, .references(Company.schema, "id"))
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("time_zone", .string, .required)
            .unique(on: "code")
            .create()
        try await db.schema(Building.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("name", .string, .required)
            .unique(on: "property_id", "name")
            .create()
        try await db.schema(Unit.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("building_id", .uuid, .required, .references(Building.schema, "id"))
            .field("number", .string, .required)
            .unique(on: "building_id", "number")
            .create()
        try await db.schema(Department.schema).id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "code")
            .create()
        try await db.schema(Post.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("department_id", .uuid, .required, .references(Department.schema, "id"))
            .field("name", .string, .required)
            .unique(on: "property_id", "name")
            .create()
        try await db.schema(Staff.schema).id()
            .field("username", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("rank", .string, .required)
            .field("department_id", .uuid, .required, .references(Department.schema, "id"))
            .field("phone", .string)
            .field("is_admin", .bool, .required)
            .field("is_active", .bool, .required)
            .unique(on: "username")
            .create()
        try await db.schema(StaffProperty.schema).id()
            .field("staff_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .unique(on: "staff_id", "property_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [StaffProperty.schema, Staff.schema, Post.schema, Department.schema, Unit.schema, Building.schema, Property.schema, Company.schema] {
            try await db.schema(schema).delete()
        }
    }
}

struct CreateSignIn: AsyncMigration {
    var name: String { "002_create_sign_in" }

    func prepare(on db: any Database) async throws {
        try await SessionRecord.migration.prepare(on: db).get()
        try await db.schema(APIToken.schema).id()
            .field("staff_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await db.schema(SignInFailure.schema).id()
            .field("username", .string, .required)
            .field("at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SignInFailure.schema).delete()
        try await db.schema(APIToken.schema).delete()
        try await SessionRecord.migration.revert(on: db).get()
    }
}

struct CreateAuditChain: AsyncMigration {
    var name: String { "003_create_audit_chain" }

    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEvent.schema)
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("property_id", .uuid)
            .field("before", .string)
            .field("after", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await db.schema(AuditHead.schema)
            .field("id", .int64, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHead(id: 1, seq: 0, hash: AuditHead.genesisHash).create(on: db)
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AuditHead.schema).delete()
        try await db.schema(AuditEvent.schema).delete()
    }
}

struct CreateNotifications: AsyncMigration {
    var name: String { "004_create_notifications" }

    func prepare(on db: any Database) async throws {
        try await db.schema(StaffNotification.schema).id()
            .field("recipient_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("property_id", .uuid, .references(Property.schema, "id"))
            .field("kind", .string, .required)
            .field("message_zh", .string, .required)
            .field("message_en", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(StaffNotification.schema).delete()
    }
}

struct CreateKeyCabinet: AsyncMigration {
    var name: String { "005_create_key_cabinet" }

    func prepare(on db: any Database) async throws {
        try await db.schema(RoomKey.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("tag", .string, .required)
            .field("hook", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("lock_no", .int, .required)
            .field("registered_at", .datetime, .required)
            .field("status_changed_at", .datetime, .required)
            .field("note", .string)
            .unique(on: "property_id", "tag")
            .create()
        try await db.schema(SpareKeyRelease.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("key_id", .uuid, .required, .references(RoomKey.schema, "id"))
            .field("requested_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("reason", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("confirmed_by_id", .uuid, .references(Staff.schema, "id"))
            .field("confirmed_at", .datetime)
            .field("used_by_checkout_id", .uuid)
            .create()
        try await db.schema(KeyCheckout.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("key_id", .uuid, .required, .references(RoomKey.schema, "id"))
            // KY-7: one open checkout per key, held by the database itself.
            .field("open_key_id", .uuid, .references(RoomKey.schema, "id"))
            .field("borrower_staff_id", .uuid, .references(Staff.schema, "id"))
            .field("borrower_name", .string, .required)
            .field("borrower_phone", .string)
            .field("borrower_id_number", .string)
            .field("borrower_company", .string)
            .field("purpose", .string, .required)
            .field("issued_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("issued_at", .datetime, .required)
            .field("expected_return_at", .datetime, .required)
            .field("returned_at", .datetime)
            .field("received_by_id", .uuid, .references(Staff.schema, "id"))
            .field("outcome", .string)
            .field("return_note", .string)
            .field("confirmed_at", .datetime)
            .field("confirmation", .string)
            .field("signature", .string)
            .field("spare_release_id", .uuid, .references(SpareKeyRelease.schema, "id"))
            .unique(on: "open_key_id")
            .create()
        try await db.schema(LockChange.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("lost_key_id", .uuid, .required, .references(RoomKey.schema, "id"))
            .field("reported_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("reported_at", .datetime, .required)
            .field("note", .string, .required)
            .field("old_lock_no", .int, .required)
            .field("completed_at", .datetime)
            .field("completed_by_id", .uuid, .references(Staff.schema, "id"))
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [LockChange.schema, KeyCheckout.schema, SpareKeyRelease.schema, RoomKey.schema] {
            try await db.schema(schema).delete()
        }
    }
}

/// Indexes for the lists people open all day: the cabinet by status, the
/// ledger by date, a record's history. SQLKit's index builder writes the same
/// CREATE INDEX on both engines.
struct IndexLedgers: AsyncMigration {
    var name: String { "006_index_ledgers" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.create(index: "room_keys_property_status").on(RoomKey.schema).column("property_id").column("status").column("tag").run()
        try await sql.create(index: "room_keys_unit").on(RoomKey.schema).column("unit_id").run()
        try await sql.create(index: "key_checkouts_property_issued").on(KeyCheckout.schema).column("property_id").column("issued_at").run()
        try await sql.create(index: "key_checkouts_key").on(KeyCheckout.schema).column("key_id").column("issued_at").run()
        try await sql.create(index: "audit_events_record").on(AuditEvent.schema).column("record_id").run()
        try await sql.create(index: "notifications_recipient").on(StaffNotification.schema).column("recipient_id").column("created_at").run()
        try await sql.create(index: "staff_properties_property").on(StaffProperty.schema).column("property_id").run()
        try await sql.create(index: "sign_in_failures_username").on(SignInFailure.schema).column("username").column("at").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for name in ["room_keys_property_status", "room_keys_unit", "key_checkouts_property_issued", "key_checkouts_key",
                     "audit_events_record", "notifications_recipient", "staff_properties_property", "sign_in_failures_username"] {
            try await sql.drop(index: name).run()
        }
    }
}

/// A counter on each staff row that changes with their property assignments,
/// so a process can keep the assignments in memory and know when to reload.
struct AddStaffAssignmentsVersion: AsyncMigration {
    var name: String { "007_add_staff_assignments_version" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Staff.schema).field("assignments_version", .int, .required, .sql(.default(0))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Staff.schema).deleteField("assignments_version").update()
    }
}

/// Staff records carry an edit version (a stale edit is refused), and the
/// chain now vouches for every column of the audited tables: a checkout's
/// open key and a person's assignments version were missing. Rows written
/// before this get one event with their full state, so verify compares them
/// with the new snapshot. Run `wuye audit verify` before upgrading: this
/// vouches for rows as they are.
struct VersionStaffAndSnapshotEveryColumn: AsyncMigration {
    var name: String { "008_version_staff_and_snapshot_every_column" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Staff.schema).field("version", .int, .required, .sql(.default(1))).update()
        // The loops below read through today's models, whose columns a later
        // migration may add; on a new database (no rows yet) they must not run,
        // or its SELECT would name columns that do not exist yet.
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM key_checkouts) AS n").first()
        guard try rows?.decode(column: "n", as: Int.self) ?? 0 > 0 else { return }
        try await db.transaction { db in
            let now = SystemClock().now()
            let actor = AuditActor.system("migration 008")
            for staff in try await Staff.query(on: db).sort(\.$id).all() {
                try await AuditLog.record("audit.snapshot_upgraded", staff, by: actor, property: nil, at: now, on: db)
            }
            for checkout in try await KeyCheckout.query(on: db).sort(\.$id).all() {
                try await AuditLog.record("audit.snapshot_upgraded", checkout, by: actor, property: checkout.$property.id, at: now, on: db)
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Staff.schema).deleteField("version").update()
    }
}

/// Notices say which record they are about, so handling the record settles
/// them for everyone, and a reminder is sent once.
struct AddNotificationSubjects: AsyncMigration {
    var name: String { "009_add_notification_subjects" }

    func prepare(on db: any Database) async throws {
        try await db.schema(StaffNotification.schema).field("subject_id", .uuid).update()
        try await (db as! any SQLDatabase).create(index: "notifications_subject").on(StaffNotification.schema).column("subject_id").column("kind").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).drop(index: "notifications_subject").run()
        try await db.schema(StaffNotification.schema).deleteField("subject_id").update()
    }
}
