import Fluent
import Foundation
import FluentSQL
import NIOConcurrencyHelpers
import NIOCore
import SQLiteKit
import SQLKit
import VaporCSQLite

/// Wuye's SQLite driver for Fluent and SQLKit: the same SQL, types and file
/// layout as FluentSQLiteDriver, with statements run on the caller's thread
/// over a small pool of connections (see `SQLiteLink` for why). Readers run
/// side by side (WAL); writers take turns as the one writer (`SQLiteLinks.asWriter`).
struct SQLiteStoreConfiguration: DatabaseConfiguration {
    let path: String
    let queryLogLevel: Logger.Level?
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SQLiteStoreDriver(links: SQLiteLinks(path: path, most: 16), queryLogLevel: queryLogLevel)
    }
}

struct SQLiteStoreDriver: DatabaseDriver {
    let links: SQLiteLinks
    let queryLogLevel: Logger.Level?

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SQLiteStore(links: links, context: context, link: nil, inTransaction: false, queryLogLevel: queryLogLevel)
    }

    func shutdown() { links.close() }
}

/// The connections, lent one caller at a time and opened as needed, up to `most`.
final class SQLiteLinks: Sendable {
    private struct State {
        var idle: [SQLiteLink] = []
        var opened = 0
        var waiting: [CheckedContinuation<SQLiteLink, any Error>] = []
        var writing = false
        var writers: [CheckedContinuation<Void, Never>] = []
    }

    let path: String
    let most: Int
    private let state = NIOLockedValueBox(State())

    init(path: String, most: Int) {
        self.path = path
        self.most = most
    }

    private enum Free { case idle(SQLiteLink), mayOpen, none }

    /// A link at once if one is free (or may be opened), else nil.
    func lendNow() throws -> SQLiteLink? {
        let free = state.withLockedValue { state -> Free in
            if let link = state.idle.popLast() { return .idle(link) }
            guard state.opened < most else { return .none }
            state.opened += 1
            return .mayOpen
        }
        switch free {
        case let .idle(link): return link
        case .none: return nil
        case .mayOpen:
            do {
                return try SQLiteLink(path: path)
            } catch {
                state.withLockedValue { $0.opened -= 1 }
                throw error
            }
        }
    }

    func lend() async throws -> SQLiteLink {
        if let link = try lendNow() { return link }
        return try await withCheckedThrowingContinuation { continuation in
            let free: SQLiteLink? = state.withLockedValue { state in
                if let link = state.idle.popLast() { return link }
                state.waiting.append(continuation)
                return nil
            }
            if let free { continuation.resume(returning: free) }
        }
    }

    func giveBack(_ link: SQLiteLink) {
        let next = state.withLockedValue { state -> CheckedContinuation<SQLiteLink, any Error>? in
            if !state.waiting.isEmpty { return state.waiting.removeFirst() }
            state.idle.append(link)
            return nil
        }
        next?.resume(returning: link)
    }

    func withLink<T>(_ body: (SQLiteLink) async throws -> T) async throws -> T {
        let link = try await lend()
        do {
            let result = try await body(link)
            giveBack(link)
            return result
        } catch {
            giveBack(link)
            throw error
        }
    }

    // MARK: The writer

    /// True in the task that holds the writer (a transaction's body).
    @TaskLocal static var holdsWriter = false

    /// Claims the writer if it is free. SQLite lets one connection write at a
    /// time; a connection that met the lock would sleep in SQLite's busy
    /// handler on its event loop thread, stalling every request on that loop
    /// (the lock's holder perhaps among them). So writers queue here instead,
    /// and every write in the process (a transaction, or a single statement
    /// outside one) goes through this queue.
    func claimWriterNow() throws -> Bool {
        try refuseNestedWrite()
        return state.withLockedValue { state in
            if state.writing { return false }
            state.writing = true
            return true
        }
    }

    func claimWriter() async throws {
        if try claimWriterNow() { return }
        let started = DispatchTime.now().uptimeNanoseconds
        await withCheckedContinuation { continuation in
            let free = state.withLockedValue { state in
                if !state.writing { state.writing = true; return true }
                state.writers.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
        WuyeMetrics.writeGateWait.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
    }

    func releaseWriter() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.writers.isEmpty { state.writing = false; return nil }
            return state.writers.removeFirst()
        }
        next?.resume()
    }

    /// Runs `body` holding the writer.
    func asWriter<T>(_ body: () async throws -> T) async throws -> T {
        try await claimWriter()
        defer { releaseWriter() }
        return try await SQLiteLinks.$holdsWriter.withValue(true) { try await body() }
    }

    /// A write through another handle while this task's transaction holds the
    /// writer would wait for itself forever; it is a mistake in the caller.
    private func refuseNestedWrite() throws {
        if SQLiteLinks.holdsWriter {
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "a write outside the transaction this task holds open (use the transaction's database)")
        }
    }

    func close() {
        state.withLockedValue { state in
            state.idle.removeAll()
            state.opened = 0
        }
    }
}

/// One request's (or one transaction's) view of the store.
struct SQLiteStore: Database, SQLDatabase {
    let links: SQLiteLinks
    let context: DatabaseContext
    /// Set inside a transaction or `withConnection`: every statement runs on this link.
    let link: SQLiteLink?
    let inTransaction: Bool
    let queryLogLevel: Logger.Level?

    private static let encoder = SQLiteDataEncoder()

    fileprivate func bound(to link: SQLiteLink, inTransaction: Bool) -> SQLiteStore {
        SQLiteStore(links: links, context: context, link: link, inTransaction: inTransaction, queryLogLevel: queryLogLevel)
    }

    /// A finished future on the caller's own event loop where there is one,
    /// so awaiting it resumes on this thread instead of hopping to another loop.
    private var hereLoop: any EventLoop { MultiThreadedEventLoopGroup.currentEventLoop ?? context.eventLoop }

    // MARK: SQLDatabase

    var logger: Logger { context.logger }
    var eventLoop: any EventLoop { context.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }

    private func statement(_ query: any SQLExpression) throws -> (String, [SQLiteData]) {
        let (sql, binds) = serialize(query)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        return (sql, try binds.map(Self.encode))
    }

    /// SQLiteKit's encoding, with the types our binds mostly are written
    /// directly. Its encoder first casts every value to a protocol, a failing
    /// dynamic cast for each optional, which then goes through `Codable`;
    /// here the value's type is compared instead. The values are the same.
    private static func encode(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch ObjectIdentifier(type(of: value)) {
        case BindType.uuid: return .text(UUIDText.string(value as! UUID))
        case BindType.string: return .text(value as! String)
        case BindType.int: return .integer(value as! Int)
        case BindType.double: return .float(value as! Double)
        case BindType.date: return .float((value as! Date).timeIntervalSince1970)
        case BindType.bool: return .integer((value as! Bool) ? 1 : 0)
        case BindType.optionalUUID: return (value as! UUID?).map { .text(UUIDText.string($0)) } ?? .null
        case BindType.optionalString: return (value as! String?).map { .text($0) } ?? .null
        case BindType.optionalInt: return (value as! Int?).map { .integer($0) } ?? .null
        case BindType.optionalDouble: return (value as! Double?).map { .float($0) } ?? .null
        case BindType.optionalDate: return (value as! Date?).map { .float($0.timeIntervalSince1970) } ?? .null
        default:
            return try encoder.encode(value)
        }
    }

    private enum BindType {
        static let uuid = ObjectIdentifier(UUID.self), string = ObjectIdentifier(String.self), int = ObjectIdentifier(Int.self)
        static let double = ObjectIdentifier(Double.self), date = ObjectIdentifier(Date.self), bool = ObjectIdentifier(Bool.self)
        static let optionalUUID = ObjectIdentifier(UUID?.self), optionalString = ObjectIdentifier(String?.self)
        static let optionalInt = ObjectIdentifier(Int?.self), optionalDouble = ObjectIdentifier(Double?.self)
        static let optionalDate = ObjectIdentifier(Date?.self)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            let (sql, binds) = try statement(query)
            if try runNow(sql, binds, onRow) { return hereLoop.makeSucceededVoidFuture() }
            return eventLoop.makeFutureWithTask { try await runWaiting(sql, binds, onRow) }
        } catch {
            return hereLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = try statement(query)
        if try runNow(sql, binds, onRow) { return }
        try await runWaiting(sql, binds, onRow)
    }

    /// Runs the statement at once, unless it must wait for a link or for the
    /// writer (then false, and nothing ran).
    private func runNow(_ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws -> Bool {
        if let link { return try runNow(on: link, sql, binds, onRow) }
        guard let free = try links.lendNow() else { return false }
        defer { links.giveBack(free) }
        return try runNow(on: free, sql, binds, onRow)
    }

    /// On `link`: at once, unless the statement writes outside a transaction
    /// and the writer is taken.
    private func runNow(on link: SQLiteLink, _ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws -> Bool {
        guard try !inTransaction && link.writes(sql) else {
            try link.run(sql, binds) { onRow($0) }
            return true
        }
        guard try links.claimWriterNow() else { return false }
        defer { links.releaseWriter() }
        try link.run(sql, binds) { onRow($0) }
        return true
    }

    /// The same, waiting its turn: for the writer first, then for a link, so
    /// a queue of writers holds no links readers need.
    private func runWaiting(_ sql: String, _ binds: [SQLiteData], _ onRow: @escaping (any SQLRow) -> Void) async throws {
        if let link {
            return try await links.asWriter { try link.run(sql, binds) { onRow($0) } }
        }
        let needsWriter = try await links.withLink { link in
            if try link.writes(sql) { return true }
            try link.run(sql, binds) { onRow($0) }
            return false
        }
        guard needsWriter else { return }
        try await links.asWriter { try await links.withLink { try $0.run(sql, binds) { onRow($0) } } }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if link != nil { return try await closure(self) }
        return try await links.withLink { try await closure(bound(to: $0, inTransaction: false)) }
    }

    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        var converted = SQLQueryConverter(delegate: SQLiteColumnTypes()).convert(query)
        // A create returns the new row's id, as FluentSQLiteDriver does (an empty custom key means "no id").
        if case .create = query.action, query.customIDKey != .some(.string("")) {
            converted = SQLList([converted, SQLReturning(.init((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
        }
        return execute(sql: converted) { onOutput(RowOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        var schema = schema
        if schema.action == .update {
            // SQLite alters a table only by adding (or dropping) columns; enum changes are nothing here.
            schema.updateFields = schema.updateFields.filter {
                if case .dataType(_, .enum) = $0 { false } else { true }
            }
            guard schema.createConstraints.isEmpty, schema.updateFields.isEmpty, schema.deleteConstraints.isEmpty else {
                return hereLoop.makeFailedFuture(SQLiteFailure(code: 1, message: "SQLite only adds or drops columns in ALTER TABLE"))
            }
            if schema.createFields.isEmpty, schema.deleteFields.isEmpty { return hereLoop.makeSucceededVoidFuture() }
        }
        return execute(sql: SQLSchemaConverter(delegate: SQLiteColumnTypes()).convert(schema)) { _ in }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { hereLoop.makeSucceededVoidFuture() }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if link != nil { return closure(self) }
        return eventLoop.makeFutureWithTask {
            try await links.withLink { try await closure(bound(to: $0, inTransaction: inTransaction)).get() }
        }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        return eventLoop.makeFutureWithTask {
            try await links.asWriter {
                try await links.withLink { link in try await SQLiteStore.atomically(on: link) { try await closure(bound(to: link, inTransaction: true)).get() } }
            }
        }
    }
}

extension SQLiteStore: DirectTransactions {
    /// The transaction run straight in the caller's task: no task made for
    /// it and no future awaited (Fluent's `transaction` does both), since
    /// the writer is held for exactly this long.
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        return try await links.asWriter {
            try await links.withLink { link in try await SQLiteStore.atomically(on: link) { try await body(bound(to: link, inTransaction: true)) } }
        }
    }

    /// BEGIN, the work, COMMIT — or ROLLBACK if the work throws.
    fileprivate static func atomically<T>(on link: SQLiteLink, _ work: () async throws -> T) async throws -> T {
        // IMMEDIATE: the write lock is taken at the start, so a transaction never fails later upgrading a read to a write.
        try link.run("BEGIN IMMEDIATE", []) { _ in }
        do {
            let result = try await work()
            let committing = DispatchTime.now().uptimeNanoseconds
            try link.run("COMMIT", []) { _ in }
            WuyeMetrics.commitTime.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - committing))
            return result
        } catch {
            try? link.run("ROLLBACK", []) { _ in }
            throw error
        }
    }
}

/// Column types as FluentSQLiteDriver writes them, so tables made by either match.
private struct SQLiteColumnTypes: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string, .enum: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        default: nil
        }
    }
}

/// A row as Fluent reads it: a model's columns come back as `schema_field`.
private struct RowOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { "\(row)" }
    private func column(_ key: FieldKey) -> String { schema.map { "\($0)_\(key.description)" } ?? key.description }

    func schema(_ schema: String) -> any DatabaseOutput { RowOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}
