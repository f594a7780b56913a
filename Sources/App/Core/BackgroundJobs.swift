import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Work with a clock that runs while the server serves: key reminders, the
/// duty watch, the alert sender. Each job runs every `every` seconds; with several
/// servers on one PostgreSQL, only the one holding the job's advisory lock
/// runs it at a time (DESIGN: scheduled work lives in the database).
public struct BackgroundJob: Sendable {
    public let name: String
    public let every: TimeInterval
    /// A number of its own, for the PostgreSQL advisory lock.
    public let lockKey: Int64
    public let run: @Sendable (Application, Date) async throws -> Void
}

enum BackgroundJobs {
    static let all: [BackgroundJob] = [
        BackgroundJob(name: "key reminders", every: 60, lockKey: 7_001) { app, now in
            let sent = try await KeyCabinet.sendReminders(app: app, now: now)
            if sent > 0 { app.logger.notice("key reminders: \(sent) sent") }
        },
        // An import a restart interrupted carries on where its last chunk ended (CA-3).
        BackgroundJob(name: "customer imports", every: 30, lockKey: 7_002) { app, _ in try await CustomerImports.resume(app: app) },
        // Missed duties and overdue notices, recorded and alerted once (X-2, SH-31).
        BackgroundJob(name: "duty watch", every: 60, lockKey: 7_003) { app, now in
            let missed = try await DutyWatch.run(app: app, now: now)
            if missed > 0 { app.logger.notice("duty watch: \(missed) missed") }
        },
        // Alerts to chat groups, retried with back-off; never inside the request that caused them.
        BackgroundJob(name: "alert sender", every: 10, lockKey: 7_004) { app, now in try await Alerts.send(app: app, now: now) },
    ]

    static func named(_ name: String) -> BackgroundJob? { all.first { $0.name == name } }

    /// Runs one job now, unless another server is running it.
    static func runOnce(_ job: BackgroundJob, app: Application) async throws {
        let now = app.clock.now()
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            return try await job.run(app, now)
        }
        try await app.db.transaction { db in
            let mine = try await (db as! any SQLDatabase).raw("SELECT pg_try_advisory_xact_lock(\(bind: job.lockKey)) AS mine")
                .first(decodingColumn: "mine", as: Bool.self) ?? false
            if mine { try await job.run(app, now) }
        }
    }

    /// Starts every job on its own loop until the application shuts down.
    static func start(_ app: Application) {
        let tasks = all.map { job in
            Task {
                while !Task.isCancelled {
                    do { try await runOnce(job, app: app) } catch {
                        app.logger.error("\(job.name) failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(job.every * 1_000_000_000))
                }
            }
        }
        app.lifecycle.use(StopJobs(tasks: tasks))
    }

    struct StopJobs: LifecycleHandler {
        let tasks: [Task<Void, Never>]
        func shutdown(_ application: Application) { for task in tasks { task.cancel() } }
    }
}
