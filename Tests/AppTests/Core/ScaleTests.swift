@testable import App
import Fluent
import NIOConcurrencyHelpers
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

    @Test("A session is written back only when it changed")
    func sessionWriteBack() async throws {
        let app = try await Application.make(.testing)
        let spy = SpySessions()
        let driver = UnchangedSessionsSkipWrite(base: spy)
        let request = Request(application: app, on: app.eventLoopGroup.next())
        let id = SessionID(string: "s1")
        var data = try #require(try await driver.readSession(id, for: request).get())
        _ = try await driver.updateSession(id, to: data, for: request).get()
        #expect(spy.updates.withLockedValue { $0 } == 0)
        data["flash"] = "已归还"
        _ = try await driver.updateSession(id, to: data, for: request).get()
        #expect(spy.updates.withLockedValue { $0 } == 1)
        try await app.asyncShutdown()
    }
}

/// A session store that remembers how often it was asked to write.
final class SpySessions: SessionDriver {
    let updates = NIOLockedValueBox(0)

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> { request.eventLoop.makeSucceededFuture(SessionID(string: "new")) }
    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeSucceededFuture(SessionData(initialData: ["staff": "someone"]))
    }
    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        updates.withLockedValue { $0 += 1 }
        return request.eventLoop.makeSucceededFuture(sessionID)
    }
    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> { request.eventLoop.makeSucceededFuture(()) }
}
