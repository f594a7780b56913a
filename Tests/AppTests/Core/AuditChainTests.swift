@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// X-1: every change is an event in a SHA-256 chain, and a change made behind
/// the app's back is found and named.
@Suite("Audit chain (X-1)")
struct AuditChainTests {
    var sql: (TestApp) -> any SQLDatabase { { $0.db as! any SQLDatabase } }

    @Test("X-1: each action writes its events in the same transaction, chained", arguments: TestDatabase.selected)
    func x1EventsAreChained(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let before = try await t.count(AuditEvent.schema)
            let key = try await t.idleKey()
            let borrower = try await t.staff("kf.yuangong").id!
            let reply = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: ["borrowerStaffID": borrower.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(1)])
            #expect(reply.status == .created)
            let events = try await AuditEvent.query(on: t.db).filter(\.$id > before).sort(\.$id).all()
            #expect(events.map(\.action) == ["key.issued", "key.issued"])
            #expect(Set(events.map(\.recordType)) == ["key_checkout", "room_key"])
            #expect(events.allSatisfy { $0.actorName == "李娜" && $0.occurredAt == testNow })
            #expect(events[1].prevHash == events[0].hash)
            let keyEvent = try #require(events.first { $0.recordType == "room_key" })
            #expect(keyEvent.before?.contains("\"status\":\"in_cabinet\"") == true)
            #expect(keyEvent.after?.contains("\"status\":\"out\"") == true)
            try await t.expectChainIntact()
        }
    }

    @Test("X-1: a ledger row changed behind the app's back is named by audit verify", arguments: TestDatabase.selected)
    func x1TamperedRecord(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let row = try #require(try await KeyCheckout.query(on: t.db).first())
            try await sql(t).raw("UPDATE key_checkouts SET purpose = \(bind: "私自修改") WHERE id = \(bind: row.id!)").run()
            let report = try await AuditVerifier.verify(on: t.db)
            #expect(!report.isIntact)
            let problem = try #require(report.firstProblem)
            #expect(problem.contains("key_checkout \(row.id!.uuidString)"))
            #expect(problem.contains("changed behind the app's back"))
        }
    }

    @Test("X-1: an altered, a deleted and an inserted audit event are each found", arguments: TestDatabase.selected)
    func x1TamperedChain(database: TestDatabase) async throws {
        try await withApp(database) { t in
            try await sql(t).raw("UPDATE audit_events SET actor_name = \(bind: "someone else") WHERE seq = 10").run()
            let report = try await AuditVerifier.verify(on: t.db)
            #expect(report.firstProblem?.contains("audit event #10") == true, "\(report.firstProblem ?? "")")
            #expect(report.firstProblem?.contains("altered") == true)
        }
        try await withApp(database) { t in
            try await sql(t).raw("DELETE FROM audit_events WHERE seq = 20").run()
            let report = try await AuditVerifier.verify(on: t.db)
            #expect(report.firstProblem?.contains("audit event #20 is missing") == true, "\(report.firstProblem ?? "")")
        }
        try await withApp(database) { t in
            let last = try #require(try await AuditEvent.query(on: t.db).sort(\.$id, .descending).first())
            try await sql(t).raw("DELETE FROM audit_events WHERE seq = \(bind: last.id!)").run()
            let report = try await AuditVerifier.verify(on: t.db)
            #expect(report.firstProblem?.contains("after #\(last.id! - 1) are missing") == true, "\(report.firstProblem ?? "")")
        }
        try await withApp(database) { t in
            let key = try #require(try await RoomKey.query(on: t.db).first())
            try await sql(t).raw("INSERT INTO room_keys (id, property_id, unit_id, tag, hook, kind, status, lock_no, registered_at, status_changed_at) SELECT \(bind: UUID()), property_id, unit_id, 'COPY', hook, kind, status, lock_no, registered_at, status_changed_at FROM room_keys WHERE id = \(bind: key.id!)").run()
            let report = try await AuditVerifier.verify(on: t.db)
            #expect(report.firstProblem?.contains("has no audit event") == true, "\(report.firstProblem ?? "")")
        }
    }

    @Test("X-1: the record's page shows its history from the chain", arguments: TestDatabase.selected)
    func x1HistoryOnPage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let page = try await session.get("/keys/\(key.id!)")
            #expect(page.status == .ok)
            #expect(page.text.contains("记录历史"))
            #expect(page.text.contains("key.registered"))
            #expect(page.text.contains("登记钥匙"))
        }
    }
}
