import Fluent

/// Spreadsheets of customers brought in, with their progress and report (CA-3).
struct CreateCustomerImports: AsyncMigration {
    var name: String { "012_create_customer_imports" }

    func prepare(on db: any Database) async throws {
        try await db.schema(CustomerImport.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("file_name", .string, .required)
            .field("encoding", .string, .required)
            .field("content", .string, .required)
            .field("mapping", .string, .required)
            .field("row_count", .int64, .required)
            .field("status", .string, .required)
            .field("rows_done", .int64, .required)
            .field("imported", .int64, .required)
            .field("skipped", .int64, .required)
            .field("failed", .int64, .required)
            .field("report", .string, .required)
            .field("uploaded_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("uploaded_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await db.sql.create(index: "customer_imports_property").on(CustomerImport.schema).column("property_id").column("uploaded_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CustomerImport.schema).delete()
    }
}
