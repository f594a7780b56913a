import Fluent
import SQLKit

/// The fast read: one SQL statement per view, its rows decoded straight into
/// the struct the view displays (snake_case columns to camelCase properties),
/// with no model objects in between. Fluent models are for writes and rules;
/// what a page or list only shows is read this way.
///
///     struct Row: Decodable, Sendable { let id: UUID; let tag: String; let unitNumber: String }
///     let rows = try await db.sql.rows(Row.self, "SELECT k.id, k.tag, u.number AS unit_number FROM …")
///
/// Both engines run the same SQL: keep to what SQLite and PostgreSQL share
/// (`||`, `LOWER`, `LIKE … ESCAPE`, `COALESCE`), and bind every value.
extension SQLDatabase {
    func rows<Row: Decodable & Sendable>(_ type: Row.Type, _ query: SQLQueryString) async throws -> [Row] {
        try await raw(query).all(decoding: Row.self, keyDecodingStrategy: ColumnNames.strategy)
    }

    func row<Row: Decodable & Sendable>(_ type: Row.Type, _ query: SQLQueryString) async throws -> Row? {
        try await raw(query).first(decoding: Row.self, keyDecodingStrategy: ColumnNames.strategy)
    }

    func count(_ query: SQLQueryString) async throws -> Int {
        try await raw(query).first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension Database {
    /// This database as SQL, for reads that go straight to rows.
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// Swift property names to the columns they read: `borrowerStaffID` →
/// `borrower_staff_id`, `borrowerIDNumber` → `borrower_id_number`
/// (a run of capitals is one word, as in our names).
enum ColumnNames {
    static let strategy = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        SomeCodingKey(stringValue: column(path.last!.stringValue))
    }

    static func column(_ key: String) -> String {
        let characters = Array(key)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase {
                let previousIsLower = index > 0 && characters[index - 1].isLowercase
                let startsWordInRun = index > 0 && characters[index - 1].isUppercase && index + 1 < characters.count && characters[index + 1].isLowercase
                if previousIsLower || startsWordInRun { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

enum SQLText {
    /// A `LIKE … ESCAPE '\'` pattern that finds `text` anywhere, with the
    /// person's % and _ taken literally.
    static func contains(_ text: String) -> String {
        var escaped = ""
        for character in text.lowercased() {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
