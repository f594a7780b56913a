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
    let web = app.grouped(SessionAuthenticator(), CSRFMiddleware())
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
}
