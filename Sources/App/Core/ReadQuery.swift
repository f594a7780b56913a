import Fluent
import Foundation
import SQLiteNIO
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
        let places = ColumnPlaces()
        return try await raw(query).all().map { try Row(from: RowDecoder(row: $0, places: places)) }
    }

    func row<Row: Decodable & Sendable>(_ type: Row.Type, _ query: SQLQueryString) async throws -> Row? {
        try await raw(query).first().map { try Row(from: RowDecoder(row: $0, places: ColumnPlaces())) }
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

/// A value stored as its text: the enums with String raw values that rows
/// and models read. Declaring it lets a row read one after a plain
/// conformance check; a cast to `RawRepresentable<String>` is resolved at
/// run time, slowly, for every value read.
protocol TextColumn: Decodable {
    init?(rawValue: String)
}

/// Where each property's column sits in the rows of one result: worked
/// out at the first row, used for every row after it. Every row asks for
/// the same properties in the same order, so the next one asked is checked
/// first (the names are the same strings each time, so that is a pointer
/// comparison), before any hashing.
final class ColumnPlaces: @unchecked Sendable {
    private var order: [(property: String, place: Int)] = []
    private var byName: [String: Int] = [:]
    private var next = 0

    private var columns: [String: String] = [:]

    /// A new row begins: its properties are asked for from the first again.
    func startRow() { next = 0 }

    /// The column a property reads, converted once per result (rows that are not SQLite's look columns up by name).
    func column(for property: String) -> String {
        if let column = columns[property] { return column }
        let column = ColumnNames.column(property)
        columns[property] = column
        return column
    }

    func place(of property: String, in row: SQLiteValues) -> Int? {
        let place: Int
        if next > 0, order[next - 1].property == property {
            // The same property again (an optional one is asked "is it there", "is it null", then read).
            place = order[next - 1].place
        } else if next < order.count, order[next].property == property {
            place = order[next].place
            next += 1
        } else {
            if let known = byName[property] {
                place = known
            } else {
                place = row.columns.index[ColumnNames.column(property)] ?? -1
                byName[property] = place
            }
            if next == order.count {
                order.append((property, place))
                next += 1
            }
        }
        return place < 0 ? nil : place
    }
}

/// Decodes one row into a view's struct: each property from the column
/// `ColumnNames` gives it. SQLite rows are read straight from their values
/// (ids stored as text parsed by hand: Foundation's parser goes through
/// `sscanf`); PostgreSQL rows through their own decoder.
struct RowDecoder: Decoder {
    let row: any SQLRow
    let places: ColumnPlaces

    init(row: any SQLRow, places: ColumnPlaces) {
        self.row = row
        self.places = places
        places.startRow()
    }
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if let values = row as? SQLiteValues { return KeyedDecodingContainer(SQLiteColumns<Key>(row: values, places: places)) }
        return KeyedDecodingContainer(Columns<Key>(row: row, places: places))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "A row decodes into a struct"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "A row decodes into a struct"))
    }

    private struct SQLiteColumns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: SQLiteValues
        let places: ColumnPlaces
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap { Key(stringValue: $0) } }

        private func value(_ key: Key) throws -> SQLiteData {
            guard let place = places.place(of: key.stringValue, in: row) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "No column \(ColumnNames.column(key.stringValue))"))
            }
            return row.values[place]
        }

        func contains(_ key: Key) -> Bool { places.place(of: key.stringValue, in: row) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let data = try value(key)
            if case let .text(text) = data { return text }
            return try SQLiteValues.decode(type, from: data)
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            let data = try value(key)
            if case let .integer(number) = data { return number }
            return try SQLiteValues.decode(type, from: data)
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            let data = try value(key)
            if case let .integer(number) = data { return number != 0 }
            return try SQLiteValues.decode(type, from: data)
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try SQLiteValues.decode(type, from: value(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "A row's columns are flat"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "A row's columns are flat"))
        }
        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "No super")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        let places: ColumnPlaces
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.contains(column: places.column(for: key.stringValue)) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: places.column(for: key.stringValue)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let column = places.column(for: key.stringValue)
            // An enum kept as text is read as the text (the driver's own path for a Decodable goes through a decoder).
            if T.self != String.self, T.self != UUID.self, T.self != Date.self, T.self != Int.self, let textual = T.self as? any TextColumn.Type {
                let text = try row.decode(column: column, as: String.self)
                guard let value = textual.init(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not a \(T.self)")
                }
                return value as! T
            }
            return try row.decode(column: column, as: T.self)
        }

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
