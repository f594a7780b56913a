@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Edits that race: each reads its record inside its transaction, names the
/// version it started from, and the chain records only rows that existed.
@Suite("Concurrent edits")
struct ConcurrentEditTests {
    @Test("X-1: simultaneous edits of one staff record from the same version: one is saved, the rest refused with 409; audit verify passes", arguments: TestDatabase.selected)
    func staffEditRace(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let target = try await t.staff("kf.yuangong")
            _ = try await t.api(.POST, "/staff", as: "admin", json: ["username": "it.admin", "name": "信息部", "password": DemoData.password,
                                                                      "rank": "manager", "department": "property_service", "isAdmin": true,
                                                                      "properties": [try await t.property("ZC").id!.uuidString]])
            let version = target.version
            let replies = try await withThrowingTaskGroup(of: TestApp.Reply.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await t.api(.PATCH, "/staff/\(target.id!)", as: index % 2 == 0 ? "admin" : "it.admin",
                                        json: ["name": "赵丽\(index)", "phone": "1390000\(String(format: "%04d", index))", "version": version])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == .ok }.count == 1)
            #expect(replies.filter { $0.status == .conflict }.count == 23)
            #expect(replies.filter { $0.status == .conflict }.allSatisfy { $0.error?.field == "version" })
            let saved = try await t.staff("kf.yuangong")
            #expect(saved.version == version + 1)
            let winner = try #require(replies.first { $0.status == .ok })
            #expect(try winner.json()["name"] as? String == saved.name)
            try await t.expectChainIntact()
            // A stale page form is refused the same way, with the message on the page.
            let session = try await PageSession.signIn(t, as: "admin")
            _ = try await session.get("/admin/staff/\(target.id!)")
            let zc = try await t.property("ZC").id!.uuidString
            let stale = try await session.postRaw("/admin/staff/\(target.id!)",
                                                  "_csrf=\(session.csrf)&name=%E8%B5%B5%E4%B8%BD&rank=staff&department=customer_service&properties%5B%5D=\(zc)&version=\(version)")
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("已被他人修改"))
            #expect(stale.text.contains(#"value="赵丽""#), "the form comes back as it was typed")
        }
    }

    @Test("ORG-4: racing assignment changes never leave a person with access the database no longer holds", arguments: TestDatabase.selected)
    func assignmentRace(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC"), yw = try await t.property("YW")
            let person = try await t.staff("kf.lingban")
            _ = try await t.api(.POST, "/staff", as: "admin", json: ["username": "it.admin", "name": "信息部", "password": DemoData.password,
                                                                      "rank": "manager", "department": "property_service", "isAdmin": true,
                                                                      "properties": [try await t.property("ZC").id!.uuidString]])
            for round in 0..<8 {
                let version = try await t.staff("kf.lingban").version
                // A: a password change that also saves [z城]; B: [z城, y湾]. Both from the same version, at once.
                async let a = t.api(.PATCH, "/staff/\(person.id!)", as: "admin",
                                    json: ["password": "newpassword\(round)", "properties": [zc.id!.uuidString], "version": version])
                async let b = t.api(.PATCH, "/staff/\(person.id!)", as: "it.admin",
                                    json: ["properties": [zc.id!.uuidString, yw.id!.uuidString], "version": version])
                let (ra, rb) = try await (a, b)
                #expect([ra.status, rb.status].filter { $0 == .ok }.count == 1, "round \(round): \(ra.status) \(rb.status)")
                // Whatever won, what the person may reach is what the database holds.
                let held = Set(try await StaffProperty.query(on: t.db).filter(\.$staff.$id == person.id!).all().map { $0.$property.id })
                let me = try await t.api(.GET, "/me", as: "kf.lingban")
                let listed = Set((try me.json()["properties"] as? [String] ?? []).compactMap(UUID.init(uuidString:)))
                #expect(listed == held, "round \(round)")
                let units = try await t.api(.GET, "/properties/\(yw.id!)/units", as: "kf.lingban")
                #expect(units.status == (held.contains(yw.id!) ? .ok : .forbidden), "round \(round): y湾 \(units.status), held \(held.contains(yw.id!))")
                // The next round starts from y湾 removed, so a stale cache would show.
                let reset = try await t.editStaff(person.id!, as: "admin", ["properties": [zc.id!.uuidString]])
                #expect(reset.status == .ok)
            }
            try await t.expectChainIntact()
        }
    }
    @Test("ORG-3: two administrators deactivated at once both are, neither edit fails (locks taken in one order, no deadlock)", arguments: TestDatabase.selected)
    func deactivatingTwoAdministratorsAtOnce(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC").id!.uuidString
            for round in 0..<3 {
                var ids: [String] = []
                for n in 0..<2 {
                    let made = try await t.api(.POST, "/staff", as: "admin", json: ["username": "it.admin\(round)\(n)", "name": "信息部\(round)\(n)",
                                                                                    "password": DemoData.password, "rank": "manager",
                                                                                    "department": "property_service", "isAdmin": true, "properties": [zc]])
                    #expect(made.status == .created)
                    ids.append(try #require(try made.json()["id"] as? String))
                }
                let (one, other) = (ids[0], ids[1])
                async let first = t.api(.PATCH, "/staff/\(one)", as: "admin", json: ["isActive": false, "version": 1])
                async let second = t.api(.PATCH, "/staff/\(other)", as: "admin", json: ["isActive": false, "version": 1])
                let replies = try await [first, second]
                #expect(replies.map(\.status) == [.ok, .ok], "\(replies.map(\.status))")
            }
            try await t.expectChainIntact()
        }
    }
}
