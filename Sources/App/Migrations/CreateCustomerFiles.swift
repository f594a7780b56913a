import Fluent
import SQLKit

/// 篇5 customer files: customers, their units over time, the documents in
/// their file, and the search index that finds one among a million.
struct CreateCustomerFiles: AsyncMigration {
    var name: String { "011_create_customer_files" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Customer.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("name", .string, .required)
            .field("name_initials", .string, .required)
            .field("phone", .string)
            .field("other_contact", .string)
            .field("mailing_address", .string)
            .field("id_type", .string)
            .field("id_number", .string)
            .field("id_expiry", .string)
            .field("emergency_name", .string)
            .field("emergency_phone", .string)
            .field("emergency_relation", .string)
            .field("note", .string)
            .field("identity", .string, .required)
            .field("registered_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("registered_at", .datetime, .required)
            .field("version", .int64, .required)
            // One file per person per property, however often they are entered or imported.
            .unique(on: "property_id", "identity")
            .create()
        try await db.schema(CustomerUnit.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("customer_id", .uuid, .required, .references(Customer.schema, "id"))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("relation", .string, .required)
            .field("since", .string, .required)
            .field("ended_on", .string)
            .field("recorded_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        try await db.schema(CustomerDocument.schema).id()
            .field("property_id", .uuid, .required, .references(Property.schema, "id"))
            .field("customer_id", .uuid, .required, .references(Customer.schema, "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("reference_no", .string)
            .field("dated", .string, .required)
            .field("amount_fen", .int64)
            .field("retain_until", .string)
            .field("note", .string)
            .field("corrects_id", .uuid)
            .field("registered_by_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("registered_at", .datetime, .required)
            .create()
        let sql = db.sql
        try await sql.create(index: "customers_property_initials").on(Customer.schema).column("property_id").column("name_initials").run()
        try await sql.create(index: "customer_units_customer").on(CustomerUnit.schema).column("customer_id").run()
        try await sql.create(index: "customer_units_unit").on(CustomerUnit.schema).column("unit_id").run()
        try await sql.create(index: "customer_documents_customer").on(CustomerDocument.schema).column("customer_id").column("dated").run()
        try await SearchIndex.create(CustomerFiles.searchIndex.table, on: db)
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE \(ident: CustomerFiles.searchIndex.table)").run()
        for schema in [CustomerDocument.schema, CustomerUnit.schema, Customer.schema] { try await db.schema(schema).delete() }
    }
}
