import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// An API bearer token a user created for a script or a phone. Only its
/// SHA-256 is stored; the token itself is shown once.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "staff_id") public var staff: Staff
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters, so a person can tell tokens apart.
    @Field(key: "prefix") public var prefix: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $staff, $name, $tokenHash, $prefix, $createdAt, $revokedAt] }

    static func hash(_ token: String) -> String {
        Hex.sha256(token)
    }

    static func generate() -> String {
        "wuye_" + Hex.random(bytes: 24)
    }
}

/// A failed sign-in, kept to slow down password guessing; stored in the
/// database so every server process sees the same count.
final class SignInFailure: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "at") var at: Date

    init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    var properties: [any AnyProperty] { [$id, $username, $at] }
    init(username: String, at: Date) { self.username = username; self.at = at }
}

extension [UInt8] {
    static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

public enum SignIn {
    static let maxFailures = 5
    static let window: TimeInterval = 15 * 60

    /// Checks a username and password, with throttling: after five failures
    /// in fifteen minutes the account refuses sign-in until the window passes.
    static func verify(username rawUsername: String, password: String, on req: Request) async throws -> Staff {
        let username = rawUsername.trimmed(newlines: false).lowercased()
        let now = req.now
        let recentFailures = try await SignInFailure.query(on: req.db)
            .filter(\.$username == username).filter(\.$at > now.addingTimeInterval(-window)).count()
        if recentFailures >= maxFailures {
            throw WuyeError(.tooManyRequests, Text("登录失败次数过多，请 15 分钟后再试", "Too many failed sign-ins; try again in 15 minutes"), field: "username")
        }
        let staff = try await Staff.query(on: req.db).filter(\.$username == username).filter(\.$isActive == true).first()
        let matches: Bool
        if let staff {
            matches = try await req.password.async.verify(password, created: staff.passwordHash)
        } else {
            _ = try? await req.password.async.hash(password) // same cost whether or not the user exists
            matches = false
        }
        guard let staff, matches else {
            try await SignInFailure(username: username, at: now).create(on: req.db)
            throw WuyeError(.unauthorized, Text("用户名或密码不正确", "Wrong username or password"), field: "password")
        }
        try await SignInFailure.query(on: req.db).filter(\.$username == username).delete()
        return staff
    }
}

extension Actor {
    /// Loads the acting person with their department and properties. The
    /// property ids are kept per process and reused while the staff row's
    /// `assignmentsVersion` is unchanged, so someone assigned to a thousand
    /// properties costs one row per request, not a thousand; every change of
    /// assignment bumps the version, which every process reads.
    /// The person as every request needs them: one row (with their department).
    struct Row: ReadRow {
        let id: UUID
        let username: String
        let name: String
        let rank: Rank
        let isAdmin: Bool
        let assignmentsVersion: Int
        let departmentCode: DepartmentCode
        let contractorID: UUID?

        init(_ row: RowReader) throws {
            id = try row.next("id"); username = try row.next("username"); name = try row.next("name"); rank = try row.next("rank")
            isAdmin = try row.next("is_admin"); assignmentsVersion = try row.next("assignments_version"); departmentCode = try row.next("department_code")
            contractorID = try row.next("contractor_id")
        }
    }

    static let columns: SQLQueryString = "SELECT s.id, s.username, s.name, s.rank, s.is_admin, s.assignments_version, d.code AS department_code, ca.contractor_id"
    static let from: SQLQueryString = " FROM staff s JOIN departments d ON d.id = s.department_id LEFT JOIN contractor_accounts ca ON ca.staff_id = s.id"

    static func load(staffID: UUID, on db: any Database, cache: AssignmentCache) async throws -> Actor? {
        // One query for the person and their department: this runs on every request.
        guard let row = try await db.sql.row(Row.self, columns + from + " WHERE s.id = \(bind: staffID) AND s.is_active = TRUE") else {
            return nil
        }
        return try await load(row, on: db, cache: cache)
    }

    /// The person an API token belongs to, with the token looked up in the same statement.
    static func load(tokenHash: String, on db: any Database, cache: AssignmentCache) async throws -> Actor? {
        guard let row = try await db.sql.row(Row.self, columns + from + " JOIN api_tokens t ON t.staff_id = s.id"
            + " WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL AND s.is_active = TRUE") else {
            return nil
        }
        return try await load(row, on: db, cache: cache)
    }

    private static func load(_ staff: Row, on db: any Database, cache: AssignmentCache) async throws -> Actor {
        let staffID = staff.id
        let properties: Set<UUID>
        if let cached = cache.properties(of: staffID, version: staff.assignmentsVersion) {
            properties = cached
        } else {
            // The ids and the version they belong to in one statement, so the
            // cache never files one version's properties under another.
            let rows = try await (db as! any SQLDatabase).select()
                .column(SQLColumn("assignments_version", table: Staff.schema)).column(SQLColumn("property_id", table: StaffProperty.schema))
                .from(Staff.schema)
                .join(StaffProperty.schema, method: SQLJoinMethod.left, on: SQLColumn("staff_id", table: StaffProperty.schema), .equal, SQLColumn("id", table: Staff.schema))
                .where(SQLColumn("id", table: Staff.schema), .equal, SQLBind(staffID))
                .all()
            properties = Set(try rows.compactMap { try $0.decodeNil(column: "property_id") ? nil : $0.decode(column: "property_id", as: UUID.self) })
            if let version = try rows.first?.decode(column: "assignments_version", as: Int.self) {
                cache.store(properties, of: staffID, version: version)
            }
        }
        return Actor(id: staffID, username: staff.username, name: staff.name, rank: staff.rank,
                     department: staff.contractorID == nil ? staff.departmentCode : .contractor, propertyIDs: properties, isAdmin: staff.isAdmin,
                     contractorID: staff.contractorID)
    }
}

/// Each staff member's property ids at a given assignments version.
final class AssignmentCache: Sendable {
    private let entries = NIOLockedValueBox<[UUID: (version: Int, properties: Set<UUID>)]>([:])

    func properties(of staffID: UUID, version: Int) -> Set<UUID>? {
        entries.withLockedValue { entries in
            guard let entry = entries[staffID], entry.version == version else { return nil }
            return entry.properties
        }
    }

    func store(_ properties: Set<UUID>, of staffID: UUID, version: Int) {
        entries.withLockedValue { $0[staffID] = (version, properties) }
    }
}

extension Request {
    func loadActor(staffID: UUID) async throws -> Actor? {
        try await Actor.load(staffID: staffID, on: db, cache: application.assignmentCache)
    }
}

/// Sessions in the `_fluent_sessions` table (Fluent's layout, so sessions
/// signed in before stay valid), each read or write one SQL statement. A
/// session nobody changed is not written back: Vapor saves every session it
/// read, which would make each page view a database write. Writes are
/// transactions like every other write (on SQLite they queue for the one writer).
struct SQLSessions: SessionDriver {
    private struct ReadKey: StorageKey { typealias Value = [String: String] }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        let id = SessionID(string: Data([UInt8].random(count: 32)).base64EncodedString())
        return request.eventLoop.makeFutureWithTask {
            try await request.write { db in
                try await db.sql.raw("INSERT INTO _fluent_sessions (id, key, data) VALUES (\(bind: UUID()), \(bind: id), \(bind: data))").run()
            }
            return id
        }
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeFutureWithTask {
            guard let row = try await request.db.sql.raw("SELECT data FROM _fluent_sessions WHERE key = \(bind: sessionID)").first() else { return nil }
            let data = try row.decode(column: "data", as: SessionData.self)
            request.storage[ReadKey.self] = data.snapshot
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[ReadKey.self] == data.snapshot { return request.eventLoop.makeSucceededFuture(sessionID) }
        return request.eventLoop.makeFutureWithTask {
            try await request.write { db in
                try await db.sql.raw("UPDATE _fluent_sessions SET data = \(bind: data) WHERE key = \(bind: sessionID)").run()
            }
            return sessionID
        }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeFutureWithTask {
            try await request.write { db in
                try await db.sql.raw("DELETE FROM _fluent_sessions WHERE key = \(bind: sessionID)").run()
            }
        }
    }
}

/// Pages: the staff id lives in the database-backed session. The API does
/// not use sessions, so its requests never touch the session store.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // `hasSession`: the sessions middleware found one for the cookie (without parsing the cookies again).
        if !req.url.path.hasPrefix("/api/"), req.hasSession,
           let id = req.session.data["staff"].flatMap(UUID.init(uuidString:)),
           let actor = try await req.loadActor(staffID: id) {
            req.auth.login(actor)
        }
        return try await next.respond(to: req)
    }
}

/// API: `Authorization: Bearer wuye_…`.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = req.headers.bearerAuthorization?.token, token.utf8.count <= 200,
           let actor = try await Actor.load(tokenHash: APIToken.hash(token), on: req.db, cache: req.application.assignmentCache) {
            req.auth.login(actor)
        }
        return try await next.respond(to: req)
    }
}

/// Pages answer an anonymous visitor with the sign-in page; the API with 401.
struct RequireActor: AsyncMiddleware {
    let api: Bool

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.auth.has(Actor.self) else {
            if api { throw WuyeError.signInRequired }
            let target = req.url.string
            let next = target.hasPrefix("/") ? target : "/"
            return req.redirect(to: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))
        }
        return try await next.respond(to: req)
    }
}

/// How many bytes a page route that takes files accepts.
let uploadLimitKey = "wuye.uploadLimit"

extension RoutesBuilder {
    /// A page form that sends files (multipart): its body may be up to
    /// `megabytes`, for the CSRF check as for the route.
    @discardableResult
    func uploadForm(_ path: PathComponent..., megabytes: Int, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: megabytes * 1_048_576)), use: handler)
        route.userInfo[uploadLimitKey] = megabytes * 1_048_576
        return route
    }
}

extension Request {
    /// The signed-in person; routes behind `RequireActor` always have one.
    public var actor: Actor {
        get throws {
            guard let actor = auth.get(Actor.self) else { throw WuyeError.signInRequired }
            return actor
        }
    }

    /// This session's CSRF token, made on first use.
    var csrfToken: String {
        if let token = session.data["csrf"] { return token }
        let token = Hex.random(bytes: 16)
        session.data["csrf"] = token
        return token
    }
}

/// Every state-changing form must carry the session's token (`_csrf`).
struct CSRFMiddleware: AsyncMiddleware {
    /// A form's body, unless its route takes files (`uploadForm`).
    static let formLimit = 2 * 1_048_576

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.method != .GET && req.method != .HEAD {
            // Middleware runs before the route collects the body, so it reads it within the route's own limit.
            let limit = req.route?.userInfo[uploadLimitKey] as? Int ?? Self.formLimit
            _ = try await req.body.collect(max: limit).get()
            let sent = (try? req.content.get(String.self, at: "_csrf")) ?? req.headers.first(name: "X-CSRF-Token")
            guard let expected = req.session.data["csrf"], let sent, sent == expected else {
                throw WuyeError.forbidden(Text("表单已过期，请刷新页面后重试", "This form has expired; reload the page and try again"), rule: "CSRF")
            }
        }
        return try await next.respond(to: req)
    }
}
