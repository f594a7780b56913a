import Fluent
import Vapor

/// Every route, grouped by the middleware it needs and no more: `/livez`
/// has none; the API never touches sessions; pages read the session once.
func routes(_ app: Application) throws {
    // Is the process up? No middleware, no database: the floor every other route is measured against.
    app.get("livez") { _ in Response(status: .ok, body: .init(staticString: "ok\n")) }

    let front = app.grouped(SecurityHeadersMiddleware(deployment: app.deployment), RequestLogMiddleware(),
                            WuyeErrorMiddleware(), RequestLineLimitMiddleware())
    front.get("healthz") { req async throws -> Response in
        // A real round trip to the database, so a load balancer sees a dead one.
        _ = try await req.db.sql.raw("SELECT 1 AS one").first()
        return Response(status: .ok, body: .init(staticString: "ok\n"))
    }
    front.get("metrics") { _ in
        let response = Response(status: .ok, body: .init(string: WuyeMetrics.render()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4"])
        return response
    }
    front.get("openapi.json") { _ in
        let response = Response(status: .ok, body: .init(string: APIDocument.json))
        response.headers.contentType = .json
        return response
    }
    Assets.register(front)

    // API: bearer tokens, JSON in and out.
    let api = front.grouped("api", "v1")
    AccountAPI.registerPublic(api)
    let authed = api.grouped(BearerAuthenticator(), RequireActor(api: true))
    AccountAPI.register(authed)
    KeysAPI.register(authed)
    OrganisationAPI.register(authed)
    CustomersAPI.register(authed)
    NoticesAPI.register(authed)
    PublicSpacesAPI.register(authed)
    ViolationsAPI.register(authed)
    ServiceDeskAPI.register(authed)
    HandoverAPI.register(authed)
    ShowHousesAPI.register(authed)
    KeySetsAPI.register(authed)
    ShowHouseSummaryAPI.register(authed)
    LobbySuppliesPart.registerAPI(authed)
    ConstructionHandoverPage.register(api: authed)
    DutiesAPI.register(authed)
    SupervisionAPI.register(authed)
    OperationsRecordsPage.register(api: authed)
    AlertChannelsPage.register(api: authed)
    SiteAccessAPI.register(authed)
    answerUnsupportedMethods(app, under: "api", on: front)

    // Pages: the session (read once) and who it belongs to, CSRF on every form.
    let web = app.grouped(SecurityHeadersMiddleware(deployment: app.deployment), RequestLogMiddleware(), app.sessions.middleware,
                          SessionAuthenticator(), WuyeErrorMiddleware(), RequestLineLimitMiddleware(), CSRFMiddleware())
    AccountPages.registerPublic(web)
    let pages = web.grouped(RequireActor(api: false))
    AccountPages.register(pages)
    KeysPages.register(pages)
    OrganisationPages.register(pages)
    CustomersPages.register(pages)
    SpacesPages.register(pages)
    ServiceDeskPages.register(pages)
    HandoverPages.register(pages)
    ShowHousesPages.register(pages)
    DutiesPages.register(pages)
    SupervisionPages.register(pages)
    AlertChannelsPage.register(pages: pages)
    SiteAccessPages.register(pages)

    // Anything else is not found: as JSON under /api, as a page (with the navigation) elsewhere.
    for method in HTTPMethod.answered {
        api.on(method, .catchall) { _ -> Response in throw WuyeError(.notFound, Text("没有这个接口", "No such API route")) }.userInfo[notAnOperationKey] = true
        web.on(method, .catchall) { _ -> Response in throw WuyeError(.notFound, Text("页面不存在", "Not found")) }.userInfo[notAnOperationKey] = true
    }
    labelRoutesForMetrics(app)
}

extension HTTPMethod {
    /// The methods the API answers (405 for a known path's missing ones).
    static let answered: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS, .TRACE, HTTPMethod(rawValue: "QUERY")]
}

/// Marks routes that are not API operations: the 405 answers and the catch-all 404s.
let notAnOperationKey = "wuye.notAnOperation"
/// A route's pattern ("/api/v1/keys/:keyID"), worked out once, for metrics and logs.
let metricsLabelKey = "wuye.metricsLabel"

func labelRoutesForMetrics(_ app: Application) {
    for route in app.routes.all {
        route.userInfo[metricsLabelKey] = "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// A known API path asked with a method it does not have answers 405 with
/// `Allow`, as HTTP says, rather than 404 (which would say the path is unknown).
func answerUnsupportedMethods(_ app: Application, under prefix: String, on group: any RoutesBuilder) {
    var allowed: [[PathComponent]: Set<String>] = [:]
    for route in app.routes.all where route.path.first?.description == prefix {
        allowed[route.path, default: []].insert(route.method.rawValue)
    }
    for (path, have) in allowed {
        let allow = HTTPMethod.answered.filter { have.contains($0.rawValue) }.map(\.rawValue).joined(separator: ", ")
        for method in HTTPMethod.answered where !have.contains(method.rawValue) {
            let route = group.on(method, path) { req -> Response in
                let response = Response(status: .methodNotAllowed)
                try response.content.encode(APIErrorBody(error: Text("此地址不支持 \(req.method.rawValue)", "\(req.method.rawValue) is not allowed here").in(req.language),
                                                         field: nil, rule: nil), as: .json)
                response.headers.replaceOrAdd(name: .allow, value: allow)
                return response
            }
            route.userInfo[notAnOperationKey] = true
        }
    }
}
