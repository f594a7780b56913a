import Fluent
import Foundation
import SQLKit

/// The last step of the audit write (`AuditLog.create` / `update`): a
/// model's row inserted, or its changed columns updated, with one statement
/// written out here. Fluent's own save runs model middleware, timestamps and
/// its general query builder on every save; Wuye uses none of those, and a
/// checkout or return saves two records, so this halves what a write costs
/// (see docs/architecture.md, "A fast write"). Values still come from the
/// model's own fields, and the model comes back marked as saved, as Fluent
/// leaves it.
enum RowWrite {
    static func insert<M: Model>(_ model: M, on db: any Database) async throws where M.IDValue == UUID {
        if model.id == nil { model.id = UUID() }
        let values = Collected(allFields: true)
        model.input(to: values)
        let sql = db.sql
        var query: SQLQueryString = "INSERT INTO \(unsafeRaw: try quoted(M.schema)) ("
        for (index, field) in values.fields.enumerated() { query += "\(unsafeRaw: index == 0 ? "" : ", ")\(unsafeRaw: try quoted(field.key))" }
        query += ") VALUES ("
        for (index, field) in values.fields.enumerated() { query += "\(unsafeRaw: index == 0 ? "" : ", ")" + (try value(field.value, on: sql)) }
        query += ")"
        try await sql.raw(query).run()
        try model.output(from: Saved(values))
    }

    /// Writes the fields changed since the model was read or saved; nothing when none was.
    static func update<M: Model>(_ model: M, on db: any Database) async throws where M.IDValue == UUID {
        guard let id = model.id else { throw FluentError.idRequired }
        let values = Collected(allFields: false)
        model.input(to: values)
        guard !values.fields.isEmpty else { return }
        let sql = db.sql
        var query: SQLQueryString = "UPDATE \(unsafeRaw: try quoted(M.schema)) SET "
        for (index, field) in values.fields.enumerated() {
            query += "\(unsafeRaw: index == 0 ? "" : ", ")\(unsafeRaw: try quoted(field.key)) = " + (try value(field.value, on: sql))
        }
        query += " WHERE id = \(bind: id)"
        try await sql.raw(query).run()
        try model.output(from: Saved(values))
    }

    /// Our table and column names are plain snake_case; anything else is a mistake caught here.
    private static func quoted(_ name: String) throws -> String {
        guard !name.isEmpty, name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }) else {
            throw FluentError.invalidField(name: name, valueType: String.self, error: RowWriteError.unsafeName)
        }
        return "\"" + name + "\""
    }

    private static func quoted(_ key: FieldKey) throws -> String { try quoted(key.description) }

    private static func value(_ value: DatabaseQuery.Value, on sql: any SQLDatabase) throws -> SQLQueryString {
        switch value {
        case let .bind(encodable): "\(bind: encodable)"
        case .null: "NULL"
        // An unset field takes the column's default (SQLite has no DEFAULT in VALUES; its NULL does the same here).
        case .default: sql.dialect.name == "postgresql" ? "DEFAULT" : "NULL"
        case let .enumCase(string): "\(bind: string)"
        default: throw FluentError.invalidField(name: "\(value)", valueType: String.self, error: RowWriteError.unsupportedValue)
        }
    }

    enum RowWriteError: Error { case unsafeName, unsupportedValue }

    /// The values a model hands over for saving, in field order.
    private final class Collected: DatabaseInput {
        let wantsUnmodifiedKeys: Bool
        var fields: [(key: FieldKey, value: DatabaseQuery.Value)] = []

        init(allFields: Bool) { wantsUnmodifiedKeys = allFields }
        func set(_ value: DatabaseQuery.Value, at key: FieldKey) { fields.append((key, value)) }
    }

    /// What was saved, read back into the model so it counts as unchanged (as Fluent's save leaves it).
    private struct Saved: DatabaseOutput {
        let values: [FieldKey: DatabaseQuery.Value]

        init(_ collected: Collected) {
            values = Dictionary(collected.fields.filter { if case .default = $0.value { false } else { true } }, uniquingKeysWith: { $1 })
        }

        var description: String { "\(values)" }
        func schema(_ schema: String) -> any DatabaseOutput { self }
        func contains(_ key: FieldKey) -> Bool { values[key] != nil }

        func decodeNil(_ key: FieldKey) throws -> Bool {
            guard let value = values[key] else { throw FluentError.missingField(name: key.description) }
            if case .null = value { return true }
            return false
        }

        func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
            switch values[key] {
            case let .bind(encodable as T): return encodable
            case let .enumCase(string as T): return string
            default: throw FluentError.missingField(name: key.description)
            }
        }
    }
}
