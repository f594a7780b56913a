@testable import App
import Testing
import Vapor

/// A browser-like session: keeps the session cookie, reads each form's CSRF
/// token, and posts forms as `application/x-www-form-urlencoded`.
final class PageSession: @unchecked Sendable {
    let t: TestApp
    private var cookies: [String: String] = [:]
    private(set) var csrf = ""

    init(_ t: TestApp) { self.t = t }

    static func signIn(_ t: TestApp, as username: String, password: String = DemoData.password) async throws -> PageSession {
        let session = PageSession(t)
        let signedIn = try await session.signIn(username, password: password)
        #expect(signedIn.status == .seeOther, "sign-in as \(username): \(signedIn.status)")
        return session
    }

    func signIn(_ username: String, password: String) async throws -> TestApp.Reply {
        _ = try await get("/login")
        return try await post("/login", ["username": username, "password": password, "next": "/"])
    }

    func cookie(_ name: String) -> String? { cookies[name] }

    var cookieHeader: HTTPHeaders {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0)=\($1)" }.joined(separator: "; ")) }
        return headers
    }

    private func remember(_ reply: TestApp.Reply) {
        for header in reply.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { cookies[parts[0]] = parts[1] }
        }
        if let range = reply.text.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) {
            csrf = String(reply.text[range].split(separator: "\"")[3])
        }
    }

    func get(_ path: String) async throws -> TestApp.Reply {
        let reply = try await t.request(.GET, path, headers: cookieHeader)
        remember(reply)
        return reply
    }

    /// Posts a form; the CSRF token is added unless `csrf: false`.
    func post(_ path: String, _ fields: [String: String], csrf withToken: Bool = true) async throws -> TestApp.Reply {
        var all = fields
        if withToken { all["_csrf"] = csrf }
        var components = URLComponents()
        components.queryItems = all.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return try await postRaw(path, components.percentEncodedQuery ?? "")
    }

    /// Posts a multipart form (a page with file boxes); the CSRF token is added.
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(name: String, filename: String, type: String, bytes: [UInt8])]) async throws -> TestApp.Reply {
        let boundary = "wuye-test-boundary"
        var body = ByteBuffer()
        for (name, value) in [("_csrf", csrf)] + fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = cookieHeader
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let reply = try await t.request(.POST, path, headers: headers, body: body)
        remember(reply)
        return reply
    }

    /// Posts an already encoded form body, e.g. with repeated `name[]` fields.
    func postRaw(_ path: String, _ encoded: String) async throws -> TestApp.Reply {
        let body = encoded.replacingOccurrences(of: "+", with: "%2B")
        var headers = cookieHeader
        headers.contentType = .urlEncodedForm
        let reply = try await t.request(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(reply)
        return reply
    }
}
