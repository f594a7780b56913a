import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Where the data lives, from `WUYE_DATABASE_URL`: `sqlite:PATH` (the
/// embedded default, `sqlite:wuye.sqlite`) or `postgres://user:pass@host:port/db`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let environmentKey = "WUYE_DATABASE_URL"
    public static let `default` = DatabaseLocation.sqlite(path: "wuye.sqlite")

    public init(_ string: String) throws {
        if string.hasPrefix("sqlite:") {
            var path = String(string.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw WuyeError(.badRequest, Text("sqlite: 后须写文件路径", "sqlite: needs a file path")) }
            self = .sqlite(path: path)
        } else if string.hasPrefix("postgres://") || string.hasPrefix("postgresql://") {
            self = .postgres(url: string)
        } else {
            throw WuyeError(.badRequest, Text("WUYE_DATABASE_URL 须以 sqlite: 或 postgres:// 开头", "WUYE_DATABASE_URL must start with sqlite: or postgres://"))
        }
    }

    public static func fromEnvironment() throws -> DatabaseLocation {
        guard let value = Environment.get(environmentKey), !value.isEmpty else { return .default }
        return try DatabaseLocation(value)
    }
}

extension Application {
    func useDatabase(_ location: DatabaseLocation) throws {
        switch location {
        case let .sqlite(path):
            databases.use(counted(DatabaseConfigurationFactory { SQLiteStoreConfiguration(path: path, queryLogLevel: .trace) }), as: .sqlite)
        case let .postgres(url):
            var config = try SQLPostgresConfiguration(url: url)
            if !url.contains("sslmode=") { config.coreConfiguration.tls = .disable }
            databases.use(counted(.postgres(configuration: config, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace)), as: .psql)
        }
    }

    /// A database whose statements each request counts (see `CountingDatabase`).
    private func counted(_ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
        DatabaseConfigurationFactory { CountingDatabaseConfiguration(base: factory.make()) }
    }
}

/// A database that runs a transaction in the caller's own task (Fluent's
/// `transaction` makes a task and awaits a future for it).
protocol DirectTransactions {
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T
}

extension Database {
    /// One transaction, run as directly as the database allows.
    func runTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let direct = self as? any DirectTransactions { return try await direct.inTransaction(body) }
        return try await transaction(body)
    }
}

extension Application {
    /// Runs one action as one transaction — its records and its audit events
    /// commit together or not at all.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await write(on: db, body)
    }

    /// The same, on a given database handle (a request's, so its statements are counted for it).
    func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // The action's audit events are chained in memory and written once, at its end (see AuditTail).
        let hint = auditHeadHint
        let transaction: @Sendable (any Database) async throws -> T = { db in
            let tail = AuditTail(hint: hint)
            let result = try await AuditTail.$current.withValue(tail) { try await body(db) }
            try await tail.flush(on: db)
            return result
        }
        WuyeMetrics.writeTransactions.increment()
        // On SQLite the store lets one transaction write at a time (see `SQLiteLinks.asWriter`);
        // on PostgreSQL row locks and constraints do that work.
        let started = DispatchTime.now().uptimeNanoseconds
        defer { WuyeMetrics.writeTransactionTime.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started)) }
        return try await db.runTransaction(transaction)
    }
}

extension Request {
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.write(on: db, body)
    }
}

/// True when the database refused a row because a UNIQUE constraint already
/// holds another — the way a lost race shows itself on either engine.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
    if let error = error as? SQLiteFailure { return error.isUniqueViolation }
    if let error = error as? SQLiteError { return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed || error.message.contains("UNIQUE constraint failed") }
    return false
}

/// Row locks for a read that a write will follow. PostgreSQL: `FOR UPDATE`
/// holds the rows until the transaction ends. SQLite: nothing — the write
/// gate already runs one transaction at a time.
enum SQLLock {
    static func forUpdate(on sql: any SQLDatabase) -> SQLQueryString {
        sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
    }

    /// Takes turns on one record for work that must not run twice at once
    /// (numbering a property's notices), without blocking the rows that
    /// merely refer to it: PostgreSQL's `FOR NO KEY UPDATE` does not conflict
    /// with the KEY SHARE locks of foreign-key checks. SQLite: nothing to do.
    static func takeTurns(on table: String, id: UUID, in sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR NO KEY UPDATE").run()
    }
}
