import NIOConcurrencyHelpers
import Vapor

/// Where a redirect may go: a path of this site, parsed, not prefix-checked.
/// Browsers read `/\evil.example/` and `/<TAB>/evil.example/` as another
/// host, so anything but plain printable ASCII, a leading "//" or a
/// backslash anywhere sends the person home instead.
public enum SafeRedirect {
    public static func path(_ target: String?, fallback: String = "/") -> String {
        guard let target, !target.isEmpty, target.utf8.count <= 2000 else { return fallback }
        guard target.hasPrefix("/"), !target.hasPrefix("//"),
              target.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return fallback }
        guard let components = URLComponents(string: target), components.scheme == nil, components.host == nil,
              components.user == nil, components.port == nil else { return fallback }
        // The decoded path must not turn into another host either ("/%2F%2Fevil", "/%5Cevil").
        let decoded = components.path
        guard decoded.hasPrefix("/"), !decoded.hasPrefix("//"), !decoded.contains("\\"),
              decoded.unicodeScalars.allSatisfy({ $0.value > 0x1F && $0.value != 0x7F }) else { return fallback }
        return target
    }
}

/// How this server is reached, for what only HTTPS may carry: the session
/// cookie's `Secure` flag and HSTS. Set with `--public-url https://…`
/// (or `WUYE_PUBLIC_URL`); behind a TLS-terminating proxy that is not the
/// public address, list the proxy in `WUYE_TRUSTED_PROXIES` and it may say
/// `X-Forwarded-Proto: https`.
public final class Deployment: Sendable {
    private struct State { var publicURL: URL?; var trustedProxies: Set<String> }
    private let state: NIOLockedValueBox<State>

    public init(publicURL: String? = Environment.get("WUYE_PUBLIC_URL"),
                trustedProxies: String? = Environment.get("WUYE_TRUSTED_PROXIES")) {
        let proxies = Set((trustedProxies ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        state = NIOLockedValueBox(State(publicURL: publicURL.flatMap(URL.init(string:)), trustedProxies: proxies))
    }

    public var publicURL: URL? {
        get { state.withLockedValue { $0.publicURL } }
        set { state.withLockedValue { $0.publicURL = newValue } }
    }

    public var trustedProxies: Set<String> {
        get { state.withLockedValue { $0.trustedProxies } }
        set { state.withLockedValue { $0.trustedProxies = newValue } }
    }

    var servedOverHTTPS: Bool { publicURL?.scheme?.lowercased() == "https" }

    /// True when this request reached the person over HTTPS.
    func isSecure(_ req: Request) -> Bool {
        if servedOverHTTPS { return true }
        let proxies = state.withLockedValue { $0.trustedProxies }
        guard let peer = req.peerAddress?.ipAddress, proxies.contains(peer) else { return false }
        return req.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}

extension Application {
    private struct DeploymentKey: StorageKey { typealias Value = Deployment }

    public var deployment: Deployment {
        if let deployment = storage[DeploymentKey.self] { return deployment }
        let deployment = Deployment()
        storage[DeploymentKey.self] = deployment
        return deployment
    }
}

/// Headers every response carries. Scripts and styles are the app's own
/// files (no inline script, style or handler anywhere), so the policy can be
/// strict; pages may not be framed; cookies are `Secure` over HTTPS.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let deployment: Deployment

    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        return Self.secure(response, req, deployment)
    }

    static func secure(_ response: Response, _ req: Request, _ deployment: Deployment) -> Response {
        let headers: [(HTTPHeaders.Name, String)] = [
            (.init("Content-Security-Policy"), contentSecurityPolicy),
            (.xFrameOptions, "DENY"),
            (.init("X-Content-Type-Options"), "nosniff"),
            (.init("Referrer-Policy"), "same-origin"),
            (.init("Cross-Origin-Opener-Policy"), "same-origin"),
            (.init("Permissions-Policy"), "geolocation=(), microphone=(), payment=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if deployment.isSecure(req) {
            if deployment.servedOverHTTPS {
                response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000")
            }
            for (name, var cookie) in response.cookies.all {
                cookie.isSecure = true
                response.cookies[name] = cookie
            }
        }
        return response
    }
}

/// Refuses a request line longer than any page or API call here sends (414),
/// before a route reads it. (Past 80 KB the HTTP parser itself closes the
/// connection, before any middleware runs.)
struct RequestLineLimitMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.url.string.utf8.count <= InputField.maxRequestLine else {
            throw WuyeError(.uriTooLong, Text("请求地址太长（最多 \(InputField.maxRequestLine) 字节）", "The request line is too long (at most \(InputField.maxRequestLine) bytes)"), field: "url")
        }
        return try await next.respond(to: req)
    }
}
