import Fluent
import SQLKit

/// duties with a clock and their missed occurrences.
struct CreateDuties: AsyncMigration {
    var name: String { "020_create_duties" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Duty.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("series_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("show_house_id", .uuid, .references(ShowHouse.schema, "id"))
            .field("post_id", .uuid, .references(Post.schema, "id"))
            .field("department", .string, .required)
            .field("minimum_rank", .string, .required)
            .field("cadence", .string, .required)
            .field("windows", .string, .required)
            .field("every_minutes", .int)
            .field("weekday", .int)
            .field("month_day", .int)
            .field("grace_minutes", .int, .required)
            .field("effective_from", .datetime, .required)
            .field("retired_at", .datetime)
            .field("edited_by_id", .uuid, .references(Staff.schema, "id"))
            .field("edited_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "duties_property").on(Duty.schema).column("property_id").column("retired_at").run()
        try await db.sql.create(index: "duties_series").on(Duty.schema).column("series_id").run()
        try await db.schema(DutyMiss.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("duty_id", .uuid, .required, .references(Duty.schema, "id"))
            .field("due_at", .datetime, .required)
            .field("missed_at", .datetime, .required)
            .field("detected_at", .datetime, .required)
            .field("explanation", .string)
            .field("explained_by_id", .uuid, .references(Staff.schema, "id"))
            .field("explained_at", .datetime)
            // One miss per occurrence, however many watchers look.
            .unique(on: "duty_id", "due_at")
            .create()
        try await db.sql.create(index: "duty_misses_property").on(DutyMiss.schema).column("property_id").column("due_at").run()
        // The records duties are matched against, found by place and time.
        try await db.sql.create(index: "show_house_counts_time").on(ShowHouseCount.schema).column("show_house_id").column("counted_at").run()
        try await db.sql.create(index: "show_house_days_reviewed").on(ShowHouseDay.schema).column("show_house_id").column("reviewed_at").run()
        try await db.sql.create(index: "desk_handovers_accepted").on(DeskHandover.schema).column("property_id").column("accepted_at").run()
        try await db.sql.create(index: "handover_sheets_accepted").on(HandoverSheet.schema).column("post_id").column("accepted_at").run()
    }

    func revert(on db: any Database) async throws {
        for index in ["show_house_counts_time", "show_house_days_reviewed", "desk_handovers_accepted", "handover_sheets_accepted"] { try await db.sql.drop(index: index).run() }
        try await db.schema(DutyMiss.schema).delete()
        try await db.schema(Duty.schema).delete()
    }
}

/// SH-5…SH-38: checklists, inspections, patrol rounds, rectification notices, and the other records 篇1 keeps.
struct CreateSupervisionRecords: AsyncMigration {
    var name: String { "021_create_supervision_records" }

    func prepare(on db: any Database) async throws {
        try await db.schema(SupervisionChecklist.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("items", .string, .required)
            .field("edited_by_id", .uuid, .references(Staff.schema, "id"))
            .field("edited_at", .datetime, .required)
            .unique(on: "property_id", "kind", "version")
            .create()
        try await db.schema(Inspection.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("show_house_id", .uuid, .required, .references(ShowHouse.schema, "id"))
            .field("checklist_id", .uuid, .required, .references(SupervisionChecklist.schema, "id"))
            .field("day", .string, .required)
            .field("results", .string, .required)
            .field("note", .string)
            .field("inspected_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("inspected_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "inspections_house").on(Inspection.schema).column("show_house_id").column("inspected_at").run()
        try await db.sql.create(index: "inspections_house_day").on(Inspection.schema).column("show_house_id").column("day").run()
        try await db.schema(PatrolRound.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("show_house_id", .uuid, .required, .references(ShowHouse.schema, "id"))
            .field("checklist_id", .uuid, .required, .references(SupervisionChecklist.schema, "id"))
            .field("day", .string, .required)
            .field("checkpoints", .string, .required)
            .field("anomaly", .bool, .required)
            .field("service_item_id", .uuid, .references(ServiceItem.schema, "id"))
            .field("patrolled_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("patrolled_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "patrol_rounds_house").on(PatrolRound.schema).column("show_house_id").column("patrolled_at").run()
        try await db.sql.create(index: "patrol_rounds_house_day").on(PatrolRound.schema).column("show_house_id").column("day").column("patrolled_at").run()
        try await db.schema(RectificationNotice.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("reference_no", .string, .required)
            .field("category", .string, .required)
            .field("department", .string, .required)
            .field("show_house_id", .uuid, .references(ShowHouse.schema, "id"))
            .field("inspection_id", .uuid, .references(Inspection.schema, "id"))
            .field("inspection_item", .int)
            .field("finding", .string, .required)
            .field("requirement", .string, .required)
            .field("deadline", .datetime, .required)
            .field("status", .string, .required)
            .field("issued_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("issued_at", .datetime, .required)
            .field("action", .string)
            .field("responded_by_id", .uuid, .references(Staff.schema, "id"))
            .field("responded_at", .datetime)
            .field("returned_count", .int, .required)
            .field("return_note", .string)
            .field("extension_to", .datetime)
            .field("extension_reason", .string)
            .field("extension_by_id", .uuid, .references(Staff.schema, "id"))
            .field("verified_by_id", .uuid, .references(Staff.schema, "id"))
            .field("verified_at", .datetime)
            .field("verification_note", .string)
            .field("overdue_alerted_at", .datetime)
            .unique(on: "property_id", "reference_no")
            // One notice per inspection item (SH-30: raised in one step, once).
            .unique(on: "inspection_id", "inspection_item")
            .create()
        try await db.schema(OperationsRecord.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("kind", .string, .required)
            .field("day", .string, .required)
            .field("show_house_id", .uuid, .references(ShowHouse.schema, "id"))
            .field("department", .string)
            .field("subject_id", .uuid, .references(Staff.schema, "id"))
            .field("vendor", .string)
            .field("title", .string, .required)
            .field("checks", .string, .required)
            .field("summary", .string, .required)
            .field("score", .int)
            .field("follow_up", .string)
            .field("recorded_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .field("reviewed_by_id", .uuid, .references(Staff.schema, "id"))
            .field("reviewed_at", .datetime)
            .field("approved", .bool)
            .field("review_note", .string)
            .create()
        try await db.sql.create(index: "operations_records_kind").on(OperationsRecord.schema).column("property_id").column("kind").column("recorded_at").run()
        try await db.sql.create(index: "operations_records_house").on(OperationsRecord.schema).column("show_house_id").column("kind").column("recorded_at").run()
        try await db.sql.create(index: "rectification_notices_open").on(RectificationNotice.schema).column("property_id").column("status").column("deadline").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OperationsRecord.schema).delete()
        try await db.schema(RectificationNotice.schema).delete()
        try await db.schema(PatrolRound.schema).delete()
        try await db.schema(Inspection.schema).delete()
        try await db.schema(SupervisionChecklist.schema).delete()
    }
}

/// Alerts to chat groups: WeCom and DingTalk robots per property, and the outbox.
struct CreateAlertChannels: AsyncMigration {
    var name: String { "022_create_alert_channels" }

    func prepare(on db: any Database) async throws {
        try await db.schema(AlertChannel.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("url", .string, .required)
            .field("secret", .string)
            .field("events", .string, .required)
            .field("active", .bool, .required)
            .field("created_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema(AlertDelivery.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("channel_id", .uuid, .required, .references(AlertChannel.schema, "id"))
            .field("event", .string, .required)
            .field("subject_id", .uuid)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        try await db.sql.create(index: "alert_deliveries_due").on(AlertDelivery.schema).column("status").column("next_attempt_at").run()
        try await db.sql.create(index: "alert_deliveries_channel").on(AlertDelivery.schema).column("channel_id").column("created_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AlertDelivery.schema).delete()
        try await db.schema(AlertChannel.schema).delete()
    }
}
