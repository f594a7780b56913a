import Fluent

/// Notices to customers and their delivery, household by household (CA-4).
struct CreateCustomerNotices: AsyncMigration {
    var name: String { "013_create_customer_notices" }

    func prepare(on db: any Database) async throws {
        try await db.schema(CustomerNotice.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("reference_no", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("issued_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("issued_at", .datetime, .required)
            // Numbers are counted per property and year; two notices never share one.
            .unique(on: "property_id", "reference_no")
            .create()
        try await db.schema(NoticeDelivery.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("notice_id", .uuid, .required, .references(CustomerNotice.schema, "id"))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("addressed_to", .string, .required)
            .field("delivered_at", .datetime)
            .field("delivery_method", .string)
            .field("delivered_by_id", .uuid, .references(Staff.schema, "id"))
            .field("read_at", .datetime)
            .field("read_recorded_by_id", .uuid, .references(Staff.schema, "id"))
            .unique(on: "notice_id", "unit_id")
            .create()
        try await db.sql.create(index: "notice_deliveries_unit").on(NoticeDelivery.schema).column("unit_id").run()
        try await db.sql.create(index: "customer_notices_property").on(CustomerNotice.schema).column("property_id").column("issued_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(NoticeDelivery.schema).delete()
        try await db.schema(CustomerNotice.schema).delete()
    }
}
