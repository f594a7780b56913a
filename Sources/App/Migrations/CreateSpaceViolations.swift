import Fluent
import SQLKit

/// 篇2 PS-4, PS-5: violations of public spaces, and the attachments (photos,
/// scans) any record may keep.
struct CreateSpaceViolations: AsyncMigration {
    var name: String { "015_create_space_violations" }

    func prepare(on db: any Database) async throws {
        try await db.schema(SpaceViolation.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("reference_no", .string, .required)
            .field("space_id", .uuid, .references(PublicSpace.schema, "id"))
            .field("place", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("reported_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("reported_at", .datetime, .required)
            .field("status", .string, .required)
            .field("customer_id", .uuid, .references(Customer.schema, "id"))
            .field("party", .string)
            .field("ordered_by_id", .uuid, .references(Staff.schema, "id"))
            .field("ordered_at", .datetime)
            .field("restore_by", .string)
            .field("restore_due_at", .datetime)
            .field("order_note", .string)
            .field("failed_checks", .int64, .required)
            .field("closed_by_id", .uuid, .references(Staff.schema, "id"))
            .field("closed_at", .datetime)
            .field("closing_note", .string)
            .field("penalty_fen", .int64)
            .field("penalty_basis", .string)
            .field("penalty_by_id", .uuid, .references(Staff.schema, "id"))
            .field("penalty_paid_at", .datetime)
            .field("penalty_receipt", .string)
            // Two reports at once can never share a number.
            .unique(on: "property_id", "reference_no")
            .create()
        try await db.sql.create(index: "space_violations_property_reported").on(SpaceViolation.schema).column("property_id").column("reported_at").run()
        // What is still open, for every page's to-do count (as IndexOpenWork does for keys).
        let open = db.sql.create(index: "space_violations_open").on(SpaceViolation.schema).column("property_id").column("restore_due_at")
        open.createIndex.predicate = SQLRaw(ViolationQueries.openPredicate)
        try await open.run()
        try await db.sql.create(index: "space_violations_customer").on(SpaceViolation.schema).column("customer_id").run()

        try await db.schema(Attachment.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("owner_type", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("position", .int64, .required)
            .field("content_type", .string, .required)
            .field("byte_count", .int64, .required)
            .field("bytes", .data, .required)
            .field("added_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("added_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "attachments_owner").on(Attachment.schema).column("owner_type").column("owner_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Attachment.schema).delete()
        try await db.schema(SpaceViolation.schema).delete()
    }
}
