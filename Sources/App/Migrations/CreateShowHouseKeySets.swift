import Fluent
import SQLKit

/// 11.0 SH-50…SH-54: show-house key sets (the cabinet's keys of the show
/// house's unit, grouped under a responsible holder) and their register of
/// transfers and seals.
struct CreateShowHouseKeySets: AsyncMigration {
    var name: String { "019_create_show_house_key_sets" }

    func prepare(on db: any Database) async throws {
        try await db.schema(KeySet.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("show_house_id", .uuid, .required, .references(ShowHouse.schema, "id"))
            .field("keeper", .string, .required)
            .field("holder_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("holder_signature", .string)
            .field("seal_no", .string)
            .field("registered_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("registered_at", .datetime, .required)
            .field("retired_at", .datetime)
            .field("retire_note", .string)
            .create()
        try await db.sql.create(index: "key_sets_house").on(KeySet.schema).column("show_house_id").run()
        try await db.schema(KeySetEvent.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("key_set_id", .uuid, .required, .references(KeySet.schema, "id"))
            .field("kind", .string, .required)
            .field("from_holder_id", .uuid, .references(Staff.schema, "id"))
            .field("to_holder_id", .uuid, .references(Staff.schema, "id"))
            .field("emergency", .string)
            .field("reason", .string, .required)
            .field("witness_id", .uuid, .references(Staff.schema, "id"))
            .field("seal_no", .string)
            .field("signature", .string)
            .field("by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("at", .datetime, .required)
            .create()
        try await db.sql.create(index: "key_set_events_set").on(KeySetEvent.schema).column("key_set_id").column("at").run()
        // A key in a set is the holder's, not the cabinet's; it names its set.
        try await db.schema(RoomKey.schema).field("key_set_id", .uuid).update()
        try await db.sql.create(index: "room_keys_key_set").on(RoomKey.schema).column("key_set_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(RoomKey.schema).deleteField("key_set_id").update()
        try await db.schema(KeySetEvent.schema).delete()
        try await db.schema(KeySet.schema).delete()
    }
}
