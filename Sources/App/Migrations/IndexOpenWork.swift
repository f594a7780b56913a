import Fluent
import SQLKit

/// Partial indexes over what is still open: loans not yet returned, spare
/// keys not yet cleared or used, locks not yet changed, notices not yet
/// read. Every page counts these for the person signed in, so each count
/// must touch only the open rows, never the years of closed ones beside them.
struct IndexOpenWork: AsyncMigration {
    var name: String { "010_index_open_work" }

    private struct PartialIndex {
        let name: String
        let table: String
        let columns: [String]
        let openWhen: String
    }

    private let indexes = [
        PartialIndex(name: "key_checkouts_open_by_borrower", table: KeyCheckout.schema, columns: ["borrower_staff_id", "expected_return_at"], openWhen: "open_key_id IS NOT NULL"),
        PartialIndex(name: "key_checkouts_open_by_issuer", table: KeyCheckout.schema, columns: ["issued_by_id", "expected_return_at"], openWhen: "open_key_id IS NOT NULL"),
        PartialIndex(name: "key_checkouts_open_by_property", table: KeyCheckout.schema, columns: ["property_id", "expected_return_at"], openWhen: "open_key_id IS NOT NULL"),
        PartialIndex(name: "spare_key_releases_waiting", table: SpareKeyRelease.schema, columns: ["property_id", "requested_at"], openWhen: "confirmed_at IS NULL"),
        PartialIndex(name: "spare_key_releases_unused", table: SpareKeyRelease.schema, columns: ["requested_by_id"], openWhen: "used_by_checkout_id IS NULL"),
        PartialIndex(name: "lock_changes_open", table: LockChange.schema, columns: ["property_id", "reported_at"], openWhen: "completed_at IS NULL"),
        PartialIndex(name: "notifications_unread", table: StaffNotification.schema, columns: ["recipient_id"], openWhen: "read_at IS NULL"),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for index in indexes {
            let builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { _ = builder.column(column) }
            builder.createIndex.predicate = SQLRaw(index.openWhen)
            try await builder.run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for index in indexes { try await sql.drop(index: index.name).run() }
    }
}
