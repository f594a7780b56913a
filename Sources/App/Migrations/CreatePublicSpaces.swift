import Fluent

/// 篇2: the register of public spaces and their uses.
struct CreatePublicSpaces: AsyncMigration {
    var name: String { "014_create_public_spaces" }

    func prepare(on db: any Database) async throws {
        try await db.schema(PublicSpace.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("area_m2", .double, .required)
            .field("fee_rule", .string, .required)
            .field("fee_fen", .int64, .required)
            .field("max_occupancy", .int64)
            .field("fire_route", .bool, .required)
            .field("note", .string)
            .field("active", .bool, .required)
            .field("version", .int64, .required)
            .unique(on: "property_id", "name")
            .create()
        try await db.schema(SpaceUse.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("space_id", .uuid, .required, .references(PublicSpace.schema, "id"))
            .field("customer_id", .uuid, .references(Customer.schema, "id"))
            .field("applicant", .string, .required)
            .field("purpose", .string, .required)
            .field("area_m2", .double, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("status", .string, .required)
            .field("recorded_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .field("fire_safe", .bool)
            .field("tidy", .bool)
            .field("check_note", .string)
            .field("checked_by_id", .uuid, .references(Staff.schema, "id"))
            .field("checked_at", .datetime)
            .field("decided_by_id", .uuid, .references(Staff.schema, "id"))
            .field("decided_at", .datetime)
            .field("decision_note", .string)
            .field("fee_fen", .int64)
            .field("paid_at", .datetime)
            .field("receipt_no", .string)
            .create()
        try await db.sql.create(index: "space_uses_property_days").on(SpaceUse.schema).column("property_id").column("starts_on").run()
        try await db.sql.create(index: "space_uses_space_days").on(SpaceUse.schema).column("space_id").column("starts_on").run()
        try await db.sql.create(index: "space_uses_customer").on(SpaceUse.schema).column("customer_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SpaceUse.schema).delete()
        try await db.schema(PublicSpace.schema).delete()
    }
}
