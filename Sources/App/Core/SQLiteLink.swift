import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Fluent
import SQLiteKit
import SQLiteNIO
import SQLKit
import VaporCSQLite

/// One connection to the SQLite file. Statements run on the caller's thread,
/// at once: a statement on a local file takes microseconds, and handing each
/// one to a thread pool and back (as SQLiteNIO does) cost more than running
/// it — two thread wake-ups a statement, while the writer is held.
/// The pool (`SQLiteLinks`) lends a link to one caller at a time, so the
/// connection needs no locking of its own. Prepared statements are kept and
/// reused.
final class SQLiteLink: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private static let keptStatements = 256

    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let opened { sqlite_nio_sqlite3_close_v2(opened) }
            throw SQLiteFailure(code: status, message: "cannot open \(path): \(message)")
        }
        handle = opened
        // Another process (a CLI command) may hold the write lock for a moment.
        sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
        // WAL, full fsync at each commit, foreign keys: on every connection.
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
            try run(pragma, []) { _ in }
        }
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close_v2(handle)
    }

    /// Runs one statement with its binds, handing each row to `onRow` as it comes.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteValues) throws -> Void) throws {
        let statement = try prepared(sql)
        // Reset, but the binds are not cleared: every run binds every
        // parameter anyway, and clearing them marks a statement whose plan
        // looked at a bound value as expired, so it would be planned again
        // (parsed and prepared from its text) on every run.
        defer { sqlite_nio_sqlite3_reset(statement) }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), in: statement))
        }
        var columns: SQLiteValues.Columns?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            let names = columns ?? SQLiteValues.Columns((0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
            columns = names
            try onRow(SQLiteValues(columns: names, values: (0..<count).map { value(at: $0, in: statement) }))
        }
    }

    /// Whether the statement may change the file (SQLite's own judgement of the prepared statement).
    func writes(_ sql: String) throws -> Bool {
        sqlite_nio_sqlite3_stmt_readonly(try prepared(sql)) == 0
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        if statements.count >= Self.keptStatements {
            for kept in statements.values { sqlite_nio_sqlite3_finalize(kept) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case let .integer(number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case let .float(number): sqlite_nio_sqlite3_bind_double(statement, index, number)
        case let .text(text):
            text.utf8.withContiguousStorageIfAvailable { bytes in
                sqlite_nio_sqlite3_bind_text64(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                               UInt64(bytes.count), SQLiteLink.transient, UInt8(SQLITE_UTF8))
            } ?? sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), SQLiteLink.transient, UInt8(SQLITE_UTF8))
        case let .blob(buffer):
            buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), SQLiteLink.transient)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func value(at column: Int32, in statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count)) }
            return .blob(buffer)
        default: return .null
        }
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw failure(status) }
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        SQLiteFailure(code: sqlite_nio_sqlite3_extended_errcode(handle), message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// SQLite copies bound text and blobs (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// An error SQLite reported, with its extended result code.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
    private var primary: Int32 { code & 0xFF }
    /// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    var isUniqueViolation: Bool { code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8) }
}

extension SQLiteFailure: DatabaseError {
    var isSyntaxError: Bool { primary == SQLITE_ERROR }
    var isConstraintFailure: Bool { primary == SQLITE_CONSTRAINT }
    var isConnectionClosed: Bool { primary == SQLITE_MISUSE || primary == SQLITE_CANTOPEN }
}

/// A row as SQLite returned it: its values by column, read as `SQLRow`
/// through SQLiteKit's decoder (so every type reads as it did before).
struct SQLiteValues: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        init(_ names: [String]) {
            self.names = names
            index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? { columns.index[column].map { values[$0] } }

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }
    func decodeNil(column: String) throws -> Bool { (value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = value(column) else {
            throw DecodingError.keyNotFound(SomeCodingKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column)"))
        }
        return try SQLiteValues.decode(D.self, from: data)
    }

    /// SQLiteKit's decoding, with the common cases first: text, ids and
    /// text enums, times (seconds), then values SQLite converts itself.
    static func decode<D: Decodable>(_ type: D.Type, from data: SQLiteData) throws -> D {
        if case let .text(text) = data {
            if D.self == String.self { return text as! D }
            if D.self == UUID.self, let uuid = UUIDText.parse(text) { return uuid as! D }
            if let textual = D.self as? any TextColumn.Type, let value = textual.init(rawValue: text) { return value as! D }
        }
        if D.self == Date.self {
            if case let .float(seconds) = data { return Date(timeIntervalSince1970: seconds) as! D }
            if case let .integer(seconds) = data { return Date(timeIntervalSince1970: Double(seconds)) as! D }
        }
        if let convertible = D.self as? any SQLiteDataConvertible.Type, let value = convertible.init(sqliteData: data) { return value as! D }
        return try decoder.decode(D.self, from: data)
    }

    private static let decoder = SQLiteDataDecoder()
}
