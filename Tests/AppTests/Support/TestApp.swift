@testable import App
import Fluent
import NIOConcurrencyHelpers
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Which database a test runs on. The suites run once per database listed in
/// `WUYE_TEST_DATABASES` (default `sqlite`); `.ci/run` runs them again with
/// `postgres`, which needs `WUYE_TEST_POSTGRES_URL` (scripts/with-postgres.sh).
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var selected: [TestDatabase] {
        let names = (ProcessInfo.processInfo.environment["WUYE_TEST_DATABASES"] ?? "sqlite").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return names.compactMap(TestDatabase.init(rawValue:))
    }

    var testDescription: String { rawValue }

    /// A fresh, empty database of this kind for one test.
    func makeLocation() async throws -> (DatabaseLocation, cleanup: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("wuye-test-\(UUID().uuidString).sqlite").path
            return (.sqlite(path: path), {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            })
        case .postgres:
            guard let admin = ProcessInfo.processInfo.environment["WUYE_TEST_POSTGRES_URL"] else {
                throw TestSetupError("WUYE_TEST_DATABASES names postgres but WUYE_TEST_POSTGRES_URL is not set (use scripts/with-postgres.sh)")
            }
            let name = "wuye_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let setup = try await Application.make(.testing)
            do {
                var config = try SQLPostgresConfiguration(url: admin)
                config.coreConfiguration.tls = .disable
                setup.databases.use(.postgres(configuration: config), as: .psql)
                try await (setup.db as! any SQLDatabase).raw("CREATE DATABASE \(unsafeRaw: name)").run()
            } catch {
                try await setup.asyncShutdown()
                throw error
            }
            try await setup.asyncShutdown()
            let url = admin.replacingOccurrences(of: #"/[^/?]+(\?|$)"#, with: "/\(name)$1", options: .regularExpression)
            return (.postgres(url: url), {})
        }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// 2026-11-29 10:00 in Shanghai.
let testNow = Date(timeIntervalSince1970: 1_795_917_600)

/// A running Wuye on a real port, with the demo company loaded, and a client
/// that talks real HTTP to it.
final class TestApp: @unchecked Sendable {
    let app: Application
    let clock: FixedClock
    let baseURL: String
    let database: TestDatabase
    let location: DatabaseLocation
    private var tokens: [String: String] = [:]
    private let lock = NIOLock()

    init(app: Application, clock: FixedClock, baseURL: String, database: TestDatabase, location: DatabaseLocation) {
        self.app = app; self.clock = clock; self.baseURL = baseURL; self.database = database; self.location = location
    }

    var db: any Database { app.db }

    // MARK: The demo's people and places

    func property(_ code: String) async throws -> App.Property {
        try #require(try await App.Property.query(on: db).filter(\.$code == code).first())
    }

    func staff(_ username: String) async throws -> Staff {
        try #require(try await Staff.query(on: db).filter(\.$username == username).first())
    }

    /// A key of z城 in the cabinet that nobody has touched in the demo.
    func idleKey(kind: KeyKind = .room, property code: String = "ZC", skip: Int = 0) async throws -> RoomKey {
        let property = try await property(code)
        let keys = try await RoomKey.query(on: db).filter(\.$property.$id == property.id!).filter(\.$kind == kind)
            .filter(\.$status == .inCabinet).filter(\.$keySetID == nil).sort(\.$tag).all()
        let releases = Set(try await SpareKeyRelease.query(on: db).all().map { $0.$key.id })
        let free = keys.filter { !releases.contains($0.id!) }
        return try #require(free.dropFirst(skip).first)
    }

    // MARK: HTTP

    struct Reply: Sendable {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]) }
        func jsonArray() throws -> [[String: Any]] { try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: body)
        }
        /// The `{ error, field, rule }` body of an API refusal.
        var error: (message: String, field: String?, rule: String?)? {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let message = object["error"] as? String else { return nil }
            return (message, object["field"] as? String, object["rule"] as? String)
        }
    }

    func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Reply {
        let response = try await app.client.send(method, headers: headers, to: URI(string: baseURL + path)) { request in
            if let body { request.body = body }
        }
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        return Reply(status: response.status, headers: response.headers, body: data)
    }

    /// An API call as `username` (bearer token) with a JSON body.
    func api(_ method: HTTPMethod, _ path: String, as username: String? = nil, json: Any? = nil, raw: String? = nil) async throws -> Reply {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let username { headers.bearerAuthorization = BearerAuthorization(token: try await token(for: username)) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            headers.contentType = .json
            body = ByteBuffer(string: raw)
        }
        return try await request(method, "/api/v1" + path, headers: headers, body: body)
    }

    /// An edit of a staff record as an administrator would make it: read it
    /// (its ETag is the version), then PATCH with If-Match.
    func editStaff(_ id: UUID, as username: String, _ json: [String: Any]) async throws -> Reply {
        let current = try await api(.GET, "/staff/\(id)", as: username)
        var headers: HTTPHeaders = ["Accept": "application/json", "Content-Type": "application/json"]
        headers.bearerAuthorization = BearerAuthorization(token: try await token(for: username))
        if let etag = current.headers.first(name: .eTag) { headers.replaceOrAdd(name: .ifMatch, value: etag) }
        return try await request(.PATCH, "/api/v1/staff/\(id)", headers: headers, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
    }

    func token(for username: String) async throws -> String {
        if let token = lock.withLock({ tokens[username] }) { return token }
        let reply = try await request(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                      body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(DemoData.password)","name":"test"}"#))
        #expect(reply.status == .created, "token for \(username): \(reply.text)")
        let token = try #require(try reply.json()["token"] as? String)
        lock.withLock { tokens[username] = token }
        return token
    }

    /// Rows in a table, to prove that a refusal wrote nothing.
    func count(_ table: String) async throws -> Int {
        let row = try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
        return try #require(row).decode(column: "n", as: Int.self)
    }

    /// Checkouts, keys, audit events and notifications: what any key action may write.
    func footprint() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [KeyCheckout.schema, RoomKey.schema, AuditEvent.schema, StaffNotification.schema, SpareKeyRelease.schema, LockChange.schema] {
            counts[table] = try await count(table)
        }
        return counts
    }

    /// Runs `body` in a transaction that is rolled back, on a connection that
    /// ignores foreign keys: how someone with the database file or a superuser
    /// login would change rows behind the app's back. SQLite: a second
    /// connection to the file with foreign keys off; PostgreSQL: the
    /// superuser (WUYE_TEST_POSTGRES_SUPERUSER_URL) with replication-role triggers off.
    func behindTheAppsBack(_ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let outside = try await Application.make(.testing)
        outside.logger.logLevel = .warning
        do {
            switch location {
            case let .sqlite(path):
                outside.databases.use(.sqlite(SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: false), sqlLogLevel: .trace), as: .sqlite)
            case let .postgres(url):
                let superuser = try #require(ProcessInfo.processInfo.environment["WUYE_TEST_POSTGRES_SUPERUSER_URL"], "WUYE_TEST_POSTGRES_SUPERUSER_URL is not set")
                let name = try #require(url.split(separator: "/").last?.split(separator: "?").first)
                var config = try SQLPostgresConfiguration(url: superuser.replacingOccurrences(of: #"/[^/?]+(\?|$)"#, with: "/\(name)$1", options: .regularExpression))
                config.coreConfiguration.tls = .disable
                outside.databases.use(.postgres(configuration: config), as: .psql)
            }
            struct RolledBack: Error {}
            do {
                try await outside.db.transaction { db in
                    if (db as! any SQLDatabase).dialect.name == "postgresql" {
                        try await (db as! any SQLDatabase).raw("SET LOCAL session_replication_role = replica").run()
                    }
                    try await body(db)
                    throw RolledBack()
                }
            } catch is RolledBack {}
        } catch {
            try? await outside.asyncShutdown()
            throw error
        }
        try await outside.asyncShutdown()
    }

    func expectChainIntact(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await AuditVerifier.verify(on: db)
        #expect(report.isIntact, "\(report.firstProblem ?? "")", sourceLocation: sourceLocation)
    }
}

/// Starts Wuye on `database` with the demo loaded, runs `body`, and tears it all down.
func withApp(_ database: TestDatabase, demo: Bool = true, _ body: (TestApp) async throws -> Void) async throws {
    let (location, cleanup) = try await database.makeLocation()
    defer { cleanup() }
    let clock = FixedClock(testNow)
    let app = try await Application.make(.testing)
    // WUYE_TEST_LOG_LEVEL=trace shows every statement a test sends.
    app.logger.logLevel = Environment.get("WUYE_TEST_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .warning
    do {
        try await configure(app, WuyeOptions(database: location, clock: clock, bcryptCost: 4))
        try await app.autoMigrate()
        if demo { try await DemoData.loadIfEmpty(app) }
        // A browser-like client that shows us each redirect instead of following it.
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        let test = TestApp(app: app, clock: clock, baseURL: "http://127.0.0.1:\(port)", database: database, location: location)
        // Tokens first: creating one is an audited change, and tests compare before and after.
        if demo { for person in DemoData.people { _ = try await test.token(for: person.0) } }
        try await body(test)
    } catch {
        await app.server.shutdown()
        try? await app.asyncShutdown()
        throw error
    }
    await app.server.shutdown()
    try await app.asyncShutdown()
}

/// An ISO 8601 time `hours` from the test's now.
func inHours(_ hours: Double, from now: Date = testNow) -> String {
    ISO8601DateFormatter().string(from: now.addingTimeInterval(hours * 3600))
}
