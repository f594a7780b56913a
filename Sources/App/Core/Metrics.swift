import CoreMetrics
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// What `/metrics` shows, in Prometheus text: each route's request
/// durations, the database statements and time each request costs, the
/// wait for SQLite's one writer, background jobs. Recorded through swift-metrics
/// and rendered by swift-prometheus, so a new module's costs show without a
/// profiler.
enum WuyeMetrics {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]
        factory.defaultValueHistogramBuckets = [1, 2, 3, 5, 8, 13, 21, 34, 55]
        // The writer's turn is counted in tenths of a millisecond: finer buckets for what makes it up.
        let fine: [Duration] = [.microseconds(100), .microseconds(200), .microseconds(300), .microseconds(500), .microseconds(750), .milliseconds(1),
                                .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1)]
        factory.durationHistogramBuckets = ["wuye_write_gate_wait_seconds": fine, "wuye_write_transaction_seconds": fine, "wuye_sqlite_commit_seconds": fine]
        MetricsSystem.bootstrap(factory)
    }()

    /// Once per process: swift-metrics has one factory.
    static func bootstrap() { _ = bootstrapped }

    struct RouteKey: Hashable { let route: String; let method: String; let status: UInt }
    private static let requestTimers = NIOLockedValueBox<[RouteKey: CoreMetrics.Timer]>([:])
    private static let statementRecorders = NIOLockedValueBox<[String: (statements: Recorder, time: CoreMetrics.Timer)]>([:])
    static let writeGateWait = CoreMetrics.Timer(label: "wuye_write_gate_wait_seconds")
    /// A write transaction from asking for it to its end: on SQLite the wait
    /// for the writer (`wuye_write_gate_wait_seconds`) and then the turn holding it.
    static let writeTransactionTime = CoreMetrics.Timer(label: "wuye_write_transaction_seconds")
    static let writeTransactions = Counter(label: "wuye_write_transactions_total")
    /// SQLite's COMMIT alone (its fsync of the WAL): the part of a write's turn the code cannot shorten.
    static let commitTime = CoreMetrics.Timer(label: "wuye_sqlite_commit_seconds")
    static let started = Date()

    /// One request answered: its duration, and what it asked of the database.
    static func request(route: String, method: String, status: UInt, nanoseconds: Int64, statements: Int, databaseNanoseconds: Int64) {
        let key = RouteKey(route: route, method: method, status: status)
        let timer = requestTimers.withLockedValue { timers in
            if let timer = timers[key] { return timer }
            let timer = CoreMetrics.Timer(label: "wuye_http_request_duration_seconds",
                                          dimensions: [("route", route), ("method", method), ("status", String(status))])
            timers[key] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
        let pair = statementRecorders.withLockedValue { recorders in
            if let pair = recorders[route] { return pair }
            let pair = (Recorder(label: "wuye_db_statements_per_request", dimensions: [("route", route)]),
                        CoreMetrics.Timer(label: "wuye_db_seconds_per_request", dimensions: [("route", route)]))
            recorders[route] = pair
            return pair
        }
        pair.statements.record(statements)
        pair.time.recordNanoseconds(databaseNanoseconds)
    }

    static func job(_ name: String, nanoseconds: Int64, failed: Bool) {
        Counter(label: "wuye_background_job_runs_total", dimensions: [("job", name), ("outcome", failed ? "failed" : "ok")]).increment()
        CoreMetrics.Timer(label: "wuye_background_job_seconds", dimensions: [("job", name)]).recordNanoseconds(nanoseconds)
    }

    static func render() -> String {
        var text = registry.emitToString()
        text += "# TYPE wuye_uptime_seconds gauge\nwuye_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
        return text
    }
}

/// What one request asked of the database, counted by `CountingDatabase`.
/// It travels in the request logger's metadata, which Vapor hands to every
/// database the request opens, whichever thread or task sends the statement.
final class RequestStats: Sendable, CustomStringConvertible {
    static let metadataKey = "db"

    static func of(_ logger: Logger) -> RequestStats? {
        guard case let .stringConvertible(value)? = logger[metadataKey: metadataKey] else { return nil }
        return value as? RequestStats
    }

    var description: String { "\(statements)×\(String(format: "%.1f", Double(databaseNanoseconds) / 1e6))ms" }

    private let counts = NIOLockedValueBox<(statements: Int, nanoseconds: Int64)>((0, 0))

    func statement(nanoseconds: Int64) {
        counts.withLockedValue { $0.statements += 1; $0.nanoseconds += nanoseconds }
    }

    var statements: Int { counts.withLockedValue { $0.statements } }
    var databaseNanoseconds: Int64 { counts.withLockedValue { $0.nanoseconds } }
}
