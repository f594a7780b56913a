import Dispatch
import Fluent
import NIOCore
import SQLKit

/// The configured database, counted: every statement a request sends (Fluent
/// query, schema change or raw SQL) adds one to the request's `RequestStats`
/// with the time it took, for `/metrics` and the `X-DB-Statements` header.
/// Everything else passes straight through.
struct CountingDatabaseConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        CountingDriver(base: base.makeDriver(for: databases))
    }
}

struct CountingDriver: DatabaseDriver {
    let base: any DatabaseDriver
    /// The request's counter comes in the logger Vapor gives every database the request opens.
    func makeDatabase(with context: DatabaseContext) -> any Database {
        CountingDatabase(base: base.makeDatabase(with: context), stats: RequestStats.of(context.logger))
    }
    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

struct CountingDatabase: Database, SQLDatabase {
    let base: any Database
    let stats: RequestStats?

    private var sql: any SQLDatabase { base as! any SQLDatabase }

    /// Counts one statement from now until `future` completes.
    private func counted<T>(_ future: EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard let stats else { return future }
        let start = DispatchTime.now().uptimeNanoseconds
        return future.always { _ in stats.statement(nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - start)) }
    }

    // Database
    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        counted(base.execute(query: query, onOutput: onOutput))
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { counted(base.execute(schema: schema)) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { counted(base.execute(enum: `enum`)) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction { [stats] in closure(CountingDatabase(base: $0, stats: stats)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { [stats] in closure(CountingDatabase(base: $0, stats: stats)) }
    }

    // SQLDatabase
    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        counted(sql.execute(sql: query, onRow))
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        guard let stats else { return try await sql.execute(sql: query, onRow) }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stats.statement(nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - start)) }
        try await sql.execute(sql: query, onRow)
    }
}

extension CountingDatabase: DirectTransactions {
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let direct = base as? any DirectTransactions else { return try await base.transaction { [stats] in try await body(CountingDatabase(base: $0, stats: stats)) } }
        return try await direct.inTransaction { [stats] in try await body(CountingDatabase(base: $0, stats: stats)) }
    }
}
