import Vapor

/// The stylesheet and script, compiled in so the binary is the whole app.
/// Both are the app's own files (no inline code anywhere), which is what lets
/// the Content-Security-Policy forbid inline script and style.
enum Assets {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("static", "app.css") { _ in serve(Stylesheet.css, type: .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])) }
        routes.get("static", "app.js") { _ in serve(Script.js, type: .init(type: "application", subType: "javascript", parameters: ["charset": "utf-8"])) }
    }

    static func serve(_ body: String, type: HTTPMediaType) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
