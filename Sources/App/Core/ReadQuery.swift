import Fluent
import Foundation
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
        let textUUIDs = dialect.name == "sqlite"
        return try await raw(query).all().map { try Row(from: RowDecoder(row: $0, textUUIDs: textUUIDs)) }
    }

    func row<Row: Decodable & Sendable>(_ type: Row.Type, _ query: SQLQueryString) async throws -> Row? {
        let textUUIDs = dialect.name == "sqlite"
        return try await raw(query).first().map { try Row(from: RowDecoder(row: $0, textUUIDs: textUUIDs)) }
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
/// (a run of capitals is one word, as in our names). Names are ASCII, so
/// this works on bytes: it runs for every column of every row read.
enum ColumnNames {
    static func column(_ key: String) -> String {
        let bytes = Array(key.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        for (index, byte) in bytes.enumerated() {
            if isUpper(byte) {
                let previousIsLower = index > 0 && isLower(bytes[index - 1])
                let startsWordInRun = index > 0 && isUpper(bytes[index - 1]) && index + 1 < bytes.count && isLower(bytes[index + 1])
                if previousIsLower || startsWordInRun { out.append(0x5F) }
                out.append(byte + 0x20)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Decodes one row into a view's struct: each property from the column
/// `ColumnNames` gives it. On SQLite, where ids are stored as text, a UUID is
/// parsed here (Foundation's parser goes through `sscanf`, and a list of
/// fifty keys holds three hundred ids).
struct RowDecoder: Decoder {
    let row: any SQLRow
    let textUUIDs: Bool
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row, textUUIDs: textUUIDs))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "A row decodes into a struct"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "A row decodes into a struct"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        let textUUIDs: Bool
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.contains(column: ColumnNames.column(key.stringValue)) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: ColumnNames.column(key.stringValue)) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let column = ColumnNames.column(key.stringValue)
            if textUUIDs, T.self == UUID.self {
                let text = try row.decode(column: column, as: String.self)
                guard let uuid = UUIDText.parse(text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(column) is not a UUID")
                }
                return uuid as! T
            }
            return try row.decode(column: column, as: T.self)
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.decode(column: ColumnNames.column(key.stringValue), as: Bool.self) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.decode(column: ColumnNames.column(key.stringValue), as: String.self) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.decode(column: ColumnNames.column(key.stringValue), as: Double.self) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try row.decode(column: ColumnNames.column(key.stringValue), as: Float.self) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row.decode(column: ColumnNames.column(key.stringValue), as: Int.self) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try row.decode(column: ColumnNames.column(key.stringValue), as: Int8.self) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try row.decode(column: ColumnNames.column(key.stringValue), as: Int16.self) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try row.decode(column: ColumnNames.column(key.stringValue), as: Int32.self) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.decode(column: ColumnNames.column(key.stringValue), as: Int64.self) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try row.decode(column: ColumnNames.column(key.stringValue), as: UInt.self) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try row.decode(column: ColumnNames.column(key.stringValue), as: UInt8.self) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try row.decode(column: ColumnNames.column(key.stringValue), as: UInt16.self) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try row.decode(column: ColumnNames.column(key.stringValue), as: UInt32.self) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try row.decode(column: ColumnNames.column(key.stringValue), as: UInt64.self) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "A row's columns are flat"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "A row's columns are flat"))
        }
        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "No super")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
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
