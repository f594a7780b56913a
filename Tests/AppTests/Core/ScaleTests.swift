@testable import App
import Fluent
import Testing
import Vapor

/// What keeps pages cheap when the company is large (DESIGN: 1,000 properties).
@Suite("Pages at scale")
struct ScaleTests {
    @Test("ORG-4: someone assigned to many properties chooses one on a page, not from a 1,000-item list", arguments: TestDatabase.selected)
    func manyPropertiesChooser(database: TestDatabase) async throws {
        try await withApp(database) { t in
            var ids = [try await t.property("ZC").id!.uuidString]
            for index in 1...Layout.switcherLimit {
                let property = try await OrganisationService.createProperty(.init(name: "项目\(index)", code: "P\(index)", timeZone: nil), by: .system("test"), now: testNow, app: t.app)
                ids.append(property.id!.uuidString)
            }
            let lingban = try await t.staff("kf.lingban")
            _ = try await OrganisationService.updateStaff(lingban.id, .init(properties: ids, version: lingban.version), by: .system("test"), now: testNow, app: t.app)

            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let cabinet = try await session.get("/keys")
            #expect(cabinet.status == .seeOther)
            let page = try await session.get(try #require(cabinet.headers.first(name: .location)))
            #expect(page.status == .ok)
            #expect(!page.text.contains(#"<select name="property""#))
            #expect(page.text.contains(#"href="/choose-property""#))
            let chooser = try await session.get("/choose-property?q=%E9%A1%B9%E7%9B%AE1")   // 项目1
            #expect(chooser.text.contains("项目1<"))
            #expect(chooser.text.contains("项目10<"))
            #expect(!chooser.text.contains("项目2<"))
            #expect(!chooser.text.contains("y湾"))
        }
    }

    @Test("ORG-4: a change of assignment takes effect on the next request", arguments: TestDatabase.selected)
    func assignmentChangeIsSeen(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let yw = try await t.property("YW"), zc = try await t.property("ZC")
            let lingban = try await t.staff("kf.lingban")
            #expect(try await t.api(.GET, "/properties/\(yw.id!)/keys", as: "kf.lingban").status == .forbidden)
            let added = try await t.editStaff(lingban.id!, as: "admin", ["properties": [zc.id!.uuidString, yw.id!.uuidString]])
            #expect(added.status == .ok, "\(added.text)")
            #expect(try await t.api(.GET, "/properties/\(yw.id!)/keys", as: "kf.lingban").status == .ok)
            let removed = try await t.editStaff(lingban.id!, as: "admin", ["properties": [yw.id!.uuidString]])
            #expect(removed.status == .ok)
            let refused = try await t.api(.GET, "/properties/\(zc.id!)/keys", as: "kf.lingban")
            #expect(refused.status == .forbidden)
            #expect(refused.error?.rule == "ORG-4")
            try await t.expectChainIntact()
        }
    }

    @Test("A session is written back only when it changed", arguments: TestDatabase.selected)
    func sessionWriteBack(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let key = try #require(session.cookie("wuye_session"))
            func stored() async throws -> [String: String] {
                let row = try #require(try await t.db.sql.raw("SELECT data FROM _fluent_sessions WHERE key = \(bind: SessionID(string: key))").first())
                return try row.decode(column: "data", as: SessionData.self).snapshot
            }
            // The first visit remembers the property the person is working at: a change, written.
            #expect(try await session.get("/properties/\(zc.id!)/keys").status == .ok)
            let after = try await stored()
            #expect(after["property"] == zc.id!.uuidString)
            // The same page again changes nothing: nothing is written (the statements are the page's reads only).
            let again = try await session.get("/properties/\(zc.id!)/keys")
            #expect(StatementCountTests.statements(again) == 7)
            #expect(try await stored() == after)
            // A flash message is a change, written; showing it clears it, also written.
            let idle = try await t.idleKey()
            let issued = try await session.post("/keys/\(idle.id!)/issue", [
                "borrowerKind": "outsider", "borrowerName": "王五", "borrowerPhone": "13800000000", "borrowerIDNumber": "440106198001011234",
                "purpose": "维修漏水", "expectedReturnAt": inHours(2), "signature": DemoData.demoSignature])
            #expect(issued.status == .seeOther)
            #expect(try await stored()["flash"] != nil)
            _ = try await session.get("/properties/\(zc.id!)/keys")
            #expect(try await stored()["flash"] == nil)
        }
    }
}
