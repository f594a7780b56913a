@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Sign-in, CSRF, language and the key cabinet's pages, as a browser uses them.
@Suite("Pages and sign-in")
struct PagesTests {
    @Test("Pages send an anonymous visitor to sign in", arguments: TestDatabase.selected)
    func pagesNeedSignIn(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let reply = try await t.request(.GET, "/properties/\(zc.id!)/keys")
            #expect(reply.status == .seeOther)
            #expect(reply.headers.first(name: .location)?.hasPrefix("/login?next=") == true)
        }
    }

    @Test("Signing in starts a new session; the one before it is gone", arguments: TestDatabase.selected)
    func sessionRotatesAtSignIn(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = PageSession(t)
            _ = try await session.get("/login")
            let before = try #require(session.cookie("wuye_session"))
            #expect(try await session.signIn("kf.lingban", password: DemoData.password).status == .seeOther)
            let after = try #require(session.cookie("wuye_session"))
            #expect(before != after)
            // The old id no longer opens anything.
            let planted = try await t.request(.GET, "/account", headers: ["Cookie": "wuye_session=\(before)"])
            #expect(planted.status == .seeOther)
            #expect(try await session.get("/account").status == .ok)
        }
    }

    @Test("A form without the session's CSRF token is refused", arguments: TestDatabase.selected)
    func csrf(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = PageSession(t)
            _ = try await session.get("/login")
            let forged = try await session.post("/login", ["username": "kf.lingban", "password": DemoData.password], csrf: false)
            #expect(forged.status == .forbidden)
            let signedIn = try await PageSession.signIn(t, as: "kf.lingban")
            let key = try await t.idleKey()
            let before = try await t.footprint()
            let noToken = try await signedIn.post("/keys/\(key.id!)/withdraw", ["reason": "x"], csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(try await t.footprint() == before)
            // With its token the same form is done, and leads back to the key's page.
            let withdrawn = try await signedIn.post("/keys/\(key.id!)/withdraw", ["reason": "断齿"])
            #expect(withdrawn.status == .seeOther)
            #expect(withdrawn.headers.first(name: .location) == "/keys/\(key.id!)")
        }
    }

    @Test("Sign-in is throttled after five failures", arguments: TestDatabase.selected)
    func signInThrottle(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = PageSession(t)
            for _ in 0..<5 {
                let reply = try await session.signIn("kf.lingban", password: "wrong-password")
                #expect(reply.status == .unauthorized)
                #expect(reply.text.contains("用户名或密码不正确"))
            }
            let blocked = try await session.signIn("kf.lingban", password: DemoData.password)
            #expect(blocked.status == .tooManyRequests)
            // Other accounts are not affected; the window passes.
            #expect(try await session.signIn("kf.lingban2", password: DemoData.password).status == .seeOther)
            t.clock.advance(by: 16 * 60)
            #expect(try await PageSession(t).signIn("kf.lingban", password: DemoData.password).status == .seeOther)
        }
    }

    @Test("KY-2: issue and return a key through the pages; the ledger shows the row", arguments: TestDatabase.selected)
    func ky2ThroughPages(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let key = try await t.idleKey()
            let zc = try await t.property("ZC")
            let cabinet = try await session.get("/properties/\(zc.id!)/keys?q=\(key.tag)")
            #expect(cabinet.status == .ok)
            #expect(cabinet.text.contains("钥匙柜"))
            #expect(cabinet.text.contains(key.tag))
            let form = try await session.get("/keys/\(key.id!)/issue")
            #expect(form.status == .ok)
            let borrower = try await t.staff("kf.yuangong")

            let refused = try await session.post("/keys/\(key.id!)/issue", ["borrowerKind": "staff", "borrowerStaffID": borrower.id!.uuidString, "purpose": "", "expectedReturnAt": "2026-11-29T12:00"])
            // Refused at the field, in plain words, with the form as it was sent.
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("请填写事由"))
            #expect(refused.text.contains(#"aria-invalid="true""#))
            #expect(refused.text.contains(#"value="2026-11-29T12:00""#))

            let issued = try await session.post("/keys/\(key.id!)/issue", ["borrowerKind": "staff", "borrowerStaffID": borrower.id!.uuidString, "purpose": "空调检修", "expectedReturnAt": "2026-11-29T12:00"])
            #expect(issued.status == .seeOther, "\(issued.text)")
            let location = try #require(issued.headers.first(name: .location))
            #expect(location.hasPrefix("/checkouts/"))
            let checkout = try #require(try await KeyCheckout.query(on: t.db).filter(\.$openKeyID == key.id!).first())
            // 12:00 in Shanghai is 04:00 UTC.
            #expect(checkout.expectedReturnAt == Date(timeIntervalSince1970: 1_795_924_800))
            let detail = try await session.get(location)
            #expect(detail.text.contains("赵丽"))
            #expect(detail.text.contains("已发放给 赵丽"))

            let returned = try await session.post("/checkouts/\(checkout.id!)/return", ["condition": "good", "note": ""])
            #expect(returned.status == .seeOther)
            #expect(try await RoomKey.find(key.id, on: t.db)?.status == .inCabinet)
            let ledger = try await session.get("/properties/\(zc.id!)/ledger?print=1")
            #expect(ledger.text.contains("钥匙领用登记表"))
            #expect(ledger.text.contains(key.tag))
            #expect(ledger.text.contains("空调检修"))
        }
    }

    @Test("A staff member who may not issue sees a refusal page, in English after switching", arguments: TestDatabase.selected)
    func refusalPageAndLanguage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let key = try await t.idleKey()
            let zh = try await session.get("/keys/\(key.id!)/issue")
            #expect(zh.status == .forbidden)
            #expect(zh.text.contains("没有权限"))
            #expect(zh.text.contains("需要客服部领班以上"))
            // A browser asking for English still gets Chinese pages until the switch is used.
            let browser = try await t.request(.GET, "/login", headers: ["Accept-Language": "en-US,en;q=0.9"])
            #expect(browser.text.contains("登录物业客服系统"))
            _ = try await session.get("/language/en?back=/")
            let en = try await session.get("/keys/\(key.id!)/issue")
            #expect(en.text.contains("Not allowed"))
            #expect(en.text.contains("Needs Customer service Foreman or above"))
        }
    }

    @Test("/livez, /healthz and /metrics answer; metrics show each route's requests and database statements", arguments: TestDatabase.selected)
    func healthAndMetrics(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let live = try await t.request(.GET, "/livez")
            #expect(live.status == .ok)
            #expect(live.headers.first(name: "X-Request-Id") == nil, "/livez runs no middleware")
            let health = try await t.request(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(health.headers.first(name: "X-Request-Id") != nil)
            #expect(health.headers.first(name: "X-DB-Statements") == "1", "/healthz is one round trip to the database")
            let zc = try await t.property("ZC")
            _ = try await t.api(.GET, "/properties/\(zc.id!)/keys", as: "kf.lingban")
            let metrics = try await t.request(.GET, "/metrics").text
            #expect(metrics.contains(#"wuye_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"}"#))
            #expect(metrics.contains(#"wuye_http_request_duration_seconds_count{route="/api/v1/properties/:propertyID/keys",method="GET",status="200"}"#))
            #expect(metrics.contains(#"wuye_db_statements_per_request_count{route="/api/v1/properties/:propertyID/keys"}"#))
            #expect(metrics.contains("wuye_db_seconds_per_request"))
            #expect(metrics.contains("wuye_uptime_seconds"))
            // A write's turn at SQLite's writer, and the COMMIT within it.
            let key = try await t.idleKey()
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: [
                "borrowerKind": "outsider", "borrowerName": "测量", "borrowerPhone": "13800000000", "borrowerIDNumber": "440106198001011234",
                "purpose": "metrics", "expectedReturnAt": inHours(1), "signature": DemoData.demoSignature])
            #expect(issued.status == .created)
            let after = try await t.request(.GET, "/metrics").text
            #expect(after.contains("wuye_write_transaction_seconds_count"))
            if database == .sqlite { #expect(after.contains("wuye_sqlite_commit_seconds_count")) }
        }
    }

    @Test("SQLite runs in WAL mode with full fsync and foreign keys on every connection")
    func sqliteSettings() async throws {
        try await withApp(.sqlite, demo: false) { t in
            for eventLoop in t.app.eventLoopGroup.makeIterator() {
                let sql = try #require(t.app.databases.database(logger: t.app.logger, on: eventLoop) as? any SQLDatabase)
                let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                let foreignKeys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                #expect(mode == "wal")
                #expect(sync == 2)
                #expect(foreignKeys == 1)
            }
        }
    }
}

/// ORG-1…ORG-4: the administrator's pages.
@Suite("Organisation pages")
struct OrganisationPagesTests {
    @Test("ORG-1: an administrator sets up a property, building, units, a post and a staff member through the pages", arguments: TestDatabase.selected)
    func org1AdminPages(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let admin = try await PageSession.signIn(t, as: "admin")
            let created = try await admin.post("/admin/properties", ["name": "x湖", "code": "XH", "timeZone": "Asia/Shanghai"])
            #expect(created.status == .seeOther)
            let property = try #require(try await App.Property.query(on: t.db).filter(\.$code == "XH").first())
            #expect(try await admin.post("/admin/properties/\(property.id!)/buildings", ["name": "1栋"]).status == .seeOther)
            let building = try #require(try await Building.query(on: t.db).filter(\.$property.$id == property.id!).first())
            #expect(try await admin.post("/admin/buildings/\(building.id!)/units", ["numbers": "0101 0102，0201"]).status == .seeOther)
            #expect(try await Unit.query(on: t.db).filter(\.$building.$id == building.id!).count() == 3)
            #expect(try await admin.post("/admin/properties/\(property.id!)/posts", ["name": "大堂岗", "department": "property_service"]).status == .seeOther)
            let page = try await admin.get("/admin/properties/\(property.id!)")
            #expect(page.text.contains("0102"))
            #expect(page.text.contains("大堂岗"))
            #expect(page.text.contains("创建项目"))

            // The staff form posts its property checkboxes as properties[].
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "_csrf", value: admin.csrf), URLQueryItem(name: "username", value: "x.lingban"), URLQueryItem(name: "name", value: "新领班"),
                                     URLQueryItem(name: "password", value: "longenough"), URLQueryItem(name: "department", value: "customer_service"),
                                     URLQueryItem(name: "rank", value: "foreman"), URLQueryItem(name: "properties[]", value: property.id!.uuidString)]
            let staff = try await admin.postRaw("/admin/staff", components.percentEncodedQuery!)
            #expect(staff.status == .seeOther)
            let person = try #require(try await Staff.query(on: t.db).filter(\.$username == "x.lingban").first())
            #expect(person.rank == .foreman)
            #expect(try await StaffProperty.query(on: t.db).filter(\.$staff.$id == person.id!).all().map { $0.$property.id } == [property.id!])

            let refused = try await admin.post("/admin/properties", ["name": "重复", "code": "XH"])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("项目代码已存在"))
            #expect(refused.text.contains(#"value="重复""#))
            try await t.expectChainIntact()
        }
    }

    @Test("ORG-1: only administrators open the organisation pages", arguments: TestDatabase.selected)
    func org1AdminOnly(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let manager = try await PageSession.signIn(t, as: "kf.jingli")
            let page = try await manager.get("/admin/staff")
            #expect(page.status == .forbidden)
            #expect(page.text.contains("只有系统管理员可以这样做"))
        }
    }
}
