import Fluent
import Vapor

func routes(_ app: Application, metrics: Metrics) throws {
    app.get("healthz") { req async throws -> Response in
        // A real round trip to the database, so a load balancer sees a dead one.
        _ = try await AuditHead.find(1, on: req.db)
        return Response(status: .ok, body: .init(string: "ok\n"))
    }
    app.get("metrics") { _ in
        let response = Response(status: .ok, body: .init(string: metrics.render()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4"])
        return response
    }
    app.get("openapi.json") { _ in
        let response = Response(status: .ok, body: .init(string: APIDocument.json))
        response.headers.contentType = .json
        return response
    }
    Assets.register(app)

    // Pages: session sign-in, CSRF on every form.
    let web = app.grouped(CSRFMiddleware())
    AccountPages.registerPublic(web)
    let pages = web.grouped(RequireActor(api: false))
    AccountPages.register(pages)
    KeysPages.register(pages)
    OrganisationPages.register(pages)

    // API: bearer tokens, JSON in and out.
    let api = app.grouped("api", "v1")
    AccountAPI.registerPublic(api)
    let authed = api.grouped(BearerAuthenticator(), RequireActor(api: true))
    AccountAPI.register(authed)
    KeysAPI.register(authed)
    OrganisationAPI.register(authed)
    answerUnsupportedMethods(app, under: "api")
}

/// Marks the routes `answerUnsupportedMethods` adds (they are not operations).
let methodNotAllowedKey = "wuye.methodNotAllowed"

/// A known API path asked with a method it does not have answers 405 with
/// `Allow`, as HTTP says, rather than 404 (which would say the path is unknown).
func answerUnsupportedMethods(_ app: Application, under prefix: String) {
    var allowed: [[PathComponent]: Set<String>] = [:]
    for route in app.routes.all where route.path.first?.description == prefix {
        allowed[route.path, default: []].insert(route.method.rawValue)
    }
    let methods: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS, .TRACE, HTTPMethod(rawValue: "QUERY")]
    for (path, have) in allowed {
        let allow = methods.filter { have.contains($0.rawValue) }.map(\.rawValue).joined(separator: ", ")
        for method in methods where !have.contains(method.rawValue) {
            let route = app.on(method, path) { req -> Response in
                let response = Response(status: .methodNotAllowed)
                try response.content.encode(APIErrorBody(error: Text("此地址不支持 \(req.method.rawValue)", "\(req.method.rawValue) is not allowed here").in(req.language),
                                                         field: nil, rule: nil), as: .json)
                response.headers.replaceOrAdd(name: .allow, value: allow)
                return response
            }
            route.userInfo[methodNotAllowedKey] = true
        }
    }
}
