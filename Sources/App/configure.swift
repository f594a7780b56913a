import Fluent
import Vapor

/// Options the executable and the tests pass in.
public struct WuyeOptions: Sendable {
    public var database: DatabaseLocation
    public var clock: any WuyeClock
    /// bcrypt cost; tests lower it so sign-in does not dominate their time.
    public var bcryptCost: Int

    public init(database: DatabaseLocation, clock: any WuyeClock = SystemClock(), bcryptCost: Int = 12) {
        self.database = database
        self.clock = clock
        self.bcryptCost = bcryptCost
    }
}

/// Sets the application up: database, sessions, middleware, migrations, routes.
public func configure(_ app: Application, _ options: WuyeOptions) async throws {
    app.clock = options.clock
    // Made before the server starts: shared by every request thread.
    _ = app.assignmentCache
    _ = app.propertyDirectory
    _ = app.auditHeadHint
    _ = app.deployment
    try app.useDatabase(options.database)
    app.migrations.add(Migrations.all)

    app.passwords.use(.bcrypt(cost: options.bcryptCost))
    app.sessions.use { _ in SQLSessions() }
    app.sessions.configuration.cookieName = "wuye_session"
    // `Secure` is added per response by SecurityHeadersMiddleware when the request came over HTTPS.
    // Max-Age rather than Expires: the same twelve hours, without formatting a date into every page's response.
    app.sessions.configuration.cookieFactory = { sessionID in
        HTTPCookies.Value(string: sessionID.string, expires: nil, maxAge: 60 * 60 * 12,
                          path: "/", isSecure: false, isHTTPOnly: true, sameSite: .lax)
    }

    ContentConfiguration.global.use(encoder: FastJSONContentEncoder(), for: .json)
    app.routes.defaultMaxBodySize = "2mb"

    // Middleware is per group of routes (routes.swift), so /livez has none and the API no sessions.
    app.middleware = Middlewares()
    WuyeMetrics.bootstrap()
    app.http.server.configuration.reportMetrics = false   // WuyeMetrics records each route once

    try routes(app)
}
