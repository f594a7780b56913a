import Fluent
import SQLKit

/// 篇3 HO-1…HO-6: each post's versioned checklist, the handover sheets, and
/// the words added to them.
struct CreateHandoverSheets: AsyncMigration {
    var name: String { "017_create_handover_sheets" }

    func prepare(on db: any Database) async throws {
        try await db.schema(HandoverTemplate.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("post_id", .uuid, .required, .references(Post.schema, "id"))
            .field("version", .int64, .required)
            .field("items", .string, .required)
            .field("edited_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("edited_at", .datetime, .required)
            // Two edits at once cannot both become the same version.
            .unique(on: "post_id", "version")
            .create()
        try await db.schema(HandoverSheet.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("post_id", .uuid, .required, .references(Post.schema, "id"))
            .field("template_id", .uuid, .required, .references(HandoverTemplate.schema, "id"))
            .field("day", .string, .required)
            .field("shift", .string, .required)
            .field("status", .string, .required)
            .field("outgoing_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("started_at", .datetime, .required)
            .field("marks", .string)
            .field("work_log", .string)
            .field("carried", .string)
            .field("cabinet_expected", .int64)
            .field("cabinet_counted", .int64)
            .field("incoming_id", .uuid, .references(Staff.schema, "id"))
            .field("offered_at", .datetime)
            .field("outgoing_signature", .string)
            .field("accepted_at", .datetime)
            .field("incoming_signature", .string)
            .field("refusal_count", .int64, .required)
            .field("refusal_reason", .string)
            .field("reviewed_by_id", .uuid, .references(Staff.schema, "id"))
            .field("reviewed_at", .datetime)
            // One sheet per post per shift (HO-6): two people starting it at once get one.
            .unique(on: "post_id", "day", "shift")
            .create()
        try await db.sql.create(index: "handover_sheets_property_day").on(HandoverSheet.schema).column("property_id").column("day").run()
        // Sheets not yet accepted, or accepted and not yet reviewed: the to-do counts read only these.
        let open = db.sql.create(index: "handover_sheets_open").on(HandoverSheet.schema).column("property_id").column("day")
        open.createIndex.predicate = SQLRaw(HandoverQueries.unfinishedPredicate)
        try await open.run()
        // Who holds the key cabinet: the newest accepted sheet that counted it (KY-3), read on every cabinet page.
        let cabinet = db.sql.create(index: "handover_sheets_cabinet").on(HandoverSheet.schema).column("property_id").column("accepted_at")
        cabinet.createIndex.predicate = SQLRaw("cabinet_counted IS NOT NULL")
        try await cabinet.run()
        try await db.schema(HandoverEntry.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("sheet_id", .uuid, .required, .references(HandoverSheet.schema, "id"))
            .field("position", .int64, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("written_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("written_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "handover_entries_sheet").on(HandoverEntry.schema).column("sheet_id").column("position").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(HandoverEntry.schema).delete()
        try await db.schema(HandoverSheet.schema).delete()
        try await db.schema(HandoverTemplate.schema).delete()
    }
}
