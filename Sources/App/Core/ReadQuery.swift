import Fluent
import Foundation
import SQLiteNIO
import SQLKit

/// The fast read: one SQL statement per view, each row read column by
/// column, in the order the SELECT lists them, into the struct the view
/// displays. No model objects and no `Decodable` in between: a row type
/// says which column each property comes from, by name, next to its SELECT.
///
///     struct Row: ReadRow {
///         let id: UUID; let tag: String; let unitNumber: String
///         init(_ row: RowReader) throws {
///             id = try row.next("id"); tag = try row.next("tag"); unitNumber = try row.next("unit_number")
///         }
///     }
///     let rows = try await db.sql.rows(Row.self, "SELECT k.id, k.tag, u.number AS unit_number FROM …")
///
/// The names are checked against the result's columns on its first row, so
/// a SELECT and its row type cannot drift apart unnoticed: the first test
/// that runs the query fails, naming both. Reading by position costs nothing
/// per column after that.
///
/// Both engines run the same SQL: keep to what SQLite and PostgreSQL share
/// (`||`, `LOWER`, `LIKE … ESCAPE`, `COALESCE`), and bind every value.
protocol ReadRow: Sendable {
    init(_ row: RowReader) throws
}

extension SQLDatabase {
    func rows<Row: ReadRow>(_ type: Row.Type, _ query: SQLQueryString) async throws -> [Row] {
        let reader = RowReader(Row.self)
        return try await raw(query).all().map { try reader.read($0) }
    }

    func row<Row: ReadRow>(_ type: Row.Type, _ query: SQLQueryString) async throws -> Row? {
        try await raw(query).first().map { try RowReader(Row.self).read($0) }
    }

    /// One page of a list and how many rows the whole list has. The page is
    /// read with one row more than it shows: when that row is not there, the
    /// total is known without counting, so `count` (a `SELECT COUNT(*) AS n`
    /// over the same rows) runs only for a list longer than the page. A
    /// window count on every row would make SQLite buffer the whole result.
    func page<Row: ReadRow>(_ type: Row.Type, _ query: SQLQueryString, paging: Paging, count: @autoclosure () -> SQLQueryString) async throws -> (rows: [Row], total: Int) {
        var rows = try await self.rows(Row.self, query + " LIMIT \(literal: paging.per + 1) OFFSET \(literal: paging.offset)")
        if rows.count > paging.per {
            rows.removeLast()
            return (rows, try await self.count(count()))
        }
        if rows.isEmpty && paging.offset > 0 { return (rows, try await self.count(count())) }
        return (rows, paging.offset + rows.count)
    }

    func count(_ query: SQLQueryString) async throws -> Int {
        try await raw(query).first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension Database {
    /// This database as SQL, for reads that go straight to rows.
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// Reads the rows of one result into `Row`, one column after the other.
/// SQLite rows (ours, `SQLiteValues`) are read straight from their values;
/// other rows through the driver, by the column's name.
final class RowReader {
    private let rowType: Any.Type
    private var values: [SQLiteData] = []
    private var row: (any SQLRow)?
    private var position = 0
    /// The result's column names, and how many of them a row has been seen to read by the right name.
    private var names: [String]?
    private var verified = 0

    init(_ rowType: any ReadRow.Type) { self.rowType = rowType }

    func read<Row: ReadRow>(_ source: any SQLRow) throws -> Row {
        if let sqlite = source as? SQLiteValues {
            values = sqlite.values
            row = nil
            if names == nil { names = sqlite.columns.names }
        } else {
            row = source
            if names == nil { names = source.allColumns }
        }
        position = 0
        return try Row(self)
    }

    /// The next column's value; `column` is its name in the SELECT (the `AS` name where it has one).
    func next<Value: ColumnValue>(_ column: StaticString) throws -> Value {
        let place = position
        position += 1
        if place >= verified { try verify(column, at: place) }
        if let row {
            return try Value.read(row, column: names![place])
        }
        guard let value = Value.read(values[place]) else {
            throw DecodingError.typeMismatch(Value.self, .init(codingPath: [], debugDescription: "\(rowType) reads \(column): \(values[place]) is not a \(Value.self)"))
        }
        return value
    }

    private func verify(_ column: StaticString, at place: Int) throws {
        let names = names ?? []
        guard place < names.count, names[place] == column.description else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "\(rowType) reads \(column) as column \(place + 1), but the query's column \(place + 1) is \(place < names.count ? names[place] : "missing")"))
        }
        verified = place + 1
    }
}

/// A type a column can be read as. SQLite's values are matched by hand
/// (ids are stored as text, times as seconds since 1970); other drivers
/// decode by the column's name.
protocol ColumnValue: Decodable {
    static func read(_ value: SQLiteData) -> Self?
    static func read(_ row: any SQLRow, column: String) throws -> Self
}

extension ColumnValue {
    static func read(_ row: any SQLRow, column: String) throws -> Self { try row.decode(column: column, as: Self.self) }
}

extension String: ColumnValue {
    static func read(_ value: SQLiteData) -> String? { if case let .text(text) = value { text } else { nil } }
}

extension Int: ColumnValue {
    static func read(_ value: SQLiteData) -> Int? { if case let .integer(number) = value { number } else { nil } }
}

extension Double: ColumnValue {
    static func read(_ value: SQLiteData) -> Double? {
        switch value {
        case let .float(number): number
        case let .integer(number): Double(number)
        default: nil
        }
    }
}

extension Bool: ColumnValue {
    static func read(_ value: SQLiteData) -> Bool? { if case let .integer(number) = value { number != 0 } else { nil } }
}

extension UUID: ColumnValue {
    static func read(_ value: SQLiteData) -> UUID? { if case let .text(text) = value { UUIDText.parse(text) } else { nil } }
}

extension Date: ColumnValue {
    static func read(_ value: SQLiteData) -> Date? {
        switch value {
        case let .float(seconds): Date(timeIntervalSince1970: seconds)
        case let .integer(seconds): Date(timeIntervalSince1970: Double(seconds))
        default: nil
        }
    }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    static func read(_ value: SQLiteData) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.read(value).map { .some($0) }
    }

    static func read(_ row: any SQLRow, column: String) throws -> Wrapped? {
        try row.decodeNil(column: column) ? nil : Wrapped.read(row, column: column)
    }
}

/// A value stored as its text: the enums with String raw values that rows
/// and models read.
protocol TextColumn: ColumnValue, JSONWritable {
    init?(rawValue: String)
    var rawValue: String { get }
}

extension TextColumn {
    static func read(_ value: SQLiteData) -> Self? { if case let .text(text) = value { Self(rawValue: text) } else { nil } }

    static func read(_ row: any SQLRow, column: String) throws -> Self {
        let text = try row.decode(column: column, as: String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column): \(text) is not a \(Self.self)"))
        }
        return value
    }

    func write(to json: inout JSONOut) { json.string(rawValue) }
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
