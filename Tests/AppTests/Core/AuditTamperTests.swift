@testable import App
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

/// Changes made behind the app's back, column by column, and the checkpoint
/// that catches a chain rewritten whole (X-1).
@Suite("Audit chain: tampering")
struct AuditTamperTests {
    /// The columns of a table as the database describes them: name and type.
    static func columns(of table: String, on sql: any SQLDatabase) async throws -> [(name: String, type: String)] {
        if sql.dialect.name == "sqlite" {
            return try await sql.raw("PRAGMA table_info(\(ident: table))").all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "type", as: String.self).lowercased())
            }
        }
        return try await sql.raw("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = \(bind: table) ORDER BY ordinal_position").all().map {
            (try $0.decode(column: "column_name", as: String.self), try $0.decode(column: "data_type", as: String.self).lowercased())
        }
    }

    /// Changes one column of one row to another value of its type.
    static func change(_ column: String, type: String, of table: String, row id: UUID, on sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name == "postgresql"
        let target = "UPDATE \(table) SET \(column) = "
        let whereClause = " WHERE id = '\(postgres ? id.uuidString.lowercased() : id.uuidString)'"
        let expression: String
        switch type {
        case "uuid":
            expression = "'\(postgres ? UUID().uuidString.lowercased() : UUID().uuidString)'"
        case "text", "character varying":
            expression = "COALESCE(\(column), '') || 'x'"
        case "integer", "bigint", "smallint":
            expression = "COALESCE(\(column), 0) + 1"
        case "real", "double precision", "double":
            expression = "COALESCE(\(column), 0) + 1"
        case "boolean" where postgres:
            expression = "NOT COALESCE(\(column), false)"
        case "boolean":
            expression = "1 - COALESCE(\(column), 0)"
        case "blob":
            expression = "CAST(COALESCE(\(column), x'') || x'00' AS BLOB)"
        case "bytea":
            expression = "COALESCE(\(column), ''::bytea) || '\\x00'::bytea"
        case let timestamp where timestamp.hasPrefix("timestamp"):
            expression = "COALESCE(\(column), now()) + interval '1 second'"
        default:
            Issue.record("no way to change a \(type) column (\(table).\(column))")
            return
        }
        try await sql.raw(SQLQueryString(target + expression + whereClause)).run()
    }

    @Test("X-1: every column of every audited table, changed behind the app's back, is named by audit verify", arguments: TestDatabase.selected)
    func everyColumn(database: TestDatabase) async throws {
        try await withApp(database) { t in
            // Demo rows with as many columns filled as possible: an outsider's returned checkout has them all.
            let key = try await t.idleKey()
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: [
                "borrowerKind": "outsider", "borrowerName": "林工", "borrowerPhone": "13987654321", "borrowerIDNumber": "440104198505052345",
                "borrowerCompany": "某装修公司", "purpose": "验房", "expectedReturnAt": inHours(2), "signature": DemoData.demoSignature])
            let checkoutID = try #require(try issued.json()["id"] as? String)
            #expect(try await t.api(.POST, "/checkouts/\(checkoutID)/return", as: "kf.lingban", json: ["condition": "damaged", "note": "齿断"]).status == .ok)
            try await t.expectChainIntact()

            let sql = t.db as! any SQLDatabase
            var tried = 0
            // The chain is not touched below: read it once, then check the changed table's rows against it as `audit verify` does.
            let (_, lastState) = try await AuditVerifier.chain(on: t.db)
            for table in AuditVerifier.auditedTables {
                let columns = try await Self.columns(of: table.schema, on: sql)
                #expect(!columns.isEmpty, "\(table.schema) has no columns?")
                // A row with the most non-null values stands for the table.
                let rows = try await sql.raw("SELECT id FROM \(ident: table.schema)").all().map { try $0.decode(column: "id", as: UUID.self) }
                let row = try #require(rows.first, "\(table.schema) is empty in the demo")
                // A day's last batch: its number plus one is taken by no other batch of the day (a unique key).
                let lastBatch = try await sql.raw("SELECT id FROM visitor_batches ORDER BY number DESC").first()?.decode(column: "id", as: UUID.self)
                // Likewise a form's last worker: its position plus one is free on the form.
                let lastWorker = try await sql.raw("SELECT id FROM work_form_workers ORDER BY position DESC").first()?.decode(column: "id", as: UUID.self)
                let chosen = table.schema == KeyCheckout.schema ? try #require(UUID(uuidString: checkoutID))
                    : table.schema == VisitorBatch.schema ? try #require(lastBatch)
                    : table.schema == WorkFormWorker.schema ? try #require(lastWorker) : row
                for column in columns {
                    let found = NIOLockedValueBox<String?>(nil)
                    try await t.behindTheAppsBack { db in
                        try await Self.change(column.name, type: column.type, of: table.schema, row: chosen, on: db as! any SQLDatabase)
                        var report = AuditReport()
                        try await AuditVerifier.checkRows(of: [table], against: lastState, on: db, report: &report)
                        let problem = report.firstProblem
                        found.withLockedValue { $0 = problem }
                    }
                    let problem = found.withLockedValue { $0 }
                    #expect(problem?.contains(table.type) == true, "\(table.schema).\(column.name) changed behind the app's back, verify said: \(problem ?? "OK")")
                    tried += 1
                }
            }
            #expect(tried >= 80)
            // Everything was rolled back.
            try await t.expectChainIntact()
        }
    }
}

@Suite("Audit chain: checkpoints")
struct AuditCheckpointTests {
    @Test("X-1: a chain rewritten whole passes verify on its own, but not against a checkpoint published before", arguments: TestDatabase.selected)
    func rewrittenChain(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = AuditKey.generate()
            let (made, _) = try await AuditCheckpoints.make(on: t.db, key: key, now: testNow)
            let checkpoint = try #require(made)
            #expect(checkpoint.isSigned(by: key.publicKey))
            #expect(try AuditCheckpoint.parse(line: checkpoint.line) == checkpoint)
            #expect(try await AuditCheckpoints.firstMissing([checkpoint], trusting: key.publicKey, on: t.db) == nil)

            // More work after the checkpoint keeps it contained.
            let issued = try await t.api(.POST, "/keys/\(try await t.idleKey().id!)/checkouts", as: "kf.lingban",
                                         json: ["borrowerStaffID": try await t.staff("kf.yuangong").id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(2)])
            #expect(issued.status == .created)
            #expect(try await AuditCheckpoints.firstMissing([checkpoint], trusting: key.publicKey, on: t.db) == nil)

            // Someone with the database rewrites an old ledger row, its snapshot, every later hash and the head.
            let sql = t.db as! any SQLDatabase
            let target = try #require(try await AuditEvent.query(on: t.db).filter(\.$recordType == KeyCheckout.auditType)
                .filter(\.$id < checkpoint.seq).sort(\.$id, .descending).first())
            let row = try #require(try await KeyCheckout.find(UUID(uuidString: target.recordID), on: t.db))
            row.purpose = "改写"
            try await row.update(on: t.db)
            let later = try await AuditEvent.query(on: t.db).filter(\.$id >= target.id!).sort(\.$id).all()
            var previous = target.prevHash
            for event in later {
                if event.recordType == KeyCheckout.auditType && event.recordID == target.recordID {
                    event.after = AuditLog.snapshot(of: try #require(try await KeyCheckout.find(row.id, on: t.db)))
                }
                event.prevHash = previous
                event.hash = event.computedHash
                try await event.update(on: t.db)
                previous = event.hash
            }
            try await sql.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
            #expect(try await AuditVerifier.verify(on: t.db).isIntact, "the rewrite is consistent on its own")

            let missing = try await AuditCheckpoints.firstMissing([checkpoint], trusting: key.publicKey, on: t.db)
            #expect(missing?.contains("#\(checkpoint.seq)") == true)
            #expect(missing?.contains("rewritten") == true)
        }
    }

    @Test("X-1: the incremental verify checks only what came after a checkpoint, and finds a changed record, an altered event or a cut chain there", arguments: TestDatabase.selected)
    func sinceCheckpoint(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = AuditKey.generate()
            let checkpoint = try #require(try await AuditCheckpoints.make(on: t.db, key: key, now: testNow).0)
            let nothingYet = try await AuditVerifier.verify(after: checkpoint, on: t.db)
            #expect(nothingYet.isIntact && nothingYet.eventsChecked == 0 && nothingYet.recordsChecked == 0)

            let issued = try await t.api(.POST, "/keys/\(try await t.idleKey().id!)/checkouts", as: "kf.lingban",
                                         json: ["borrowerStaffID": try await t.staff("kf.yuangong").id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(2)])
            #expect(issued.status == .created)
            let issuedID = try #require(try issued.json()["id"] as? String)
            let checkoutID = try #require(UUID(uuidString: issuedID))
            let head = try #require(try await AuditHead.find(1, on: t.db))
            let after = try await AuditVerifier.verify(after: checkpoint, on: t.db)
            #expect(after.isIntact, "\(after.firstProblem ?? "")")
            #expect(after.eventsChecked == head.seq - checkpoint.seq)
            #expect(after.recordsChecked >= 2, "the checkout and its key")
            let full = try await AuditVerifier.verify(on: t.db)
            #expect(full.eventsChecked == head.seq && after.eventsChecked < full.eventsChecked)

            func problem(after tampering: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> String? {
                let found = NIOLockedValueBox<String?>(nil)
                try await t.behindTheAppsBack { db in
                    try await tampering(db as! any SQLDatabase)
                    let problem = try await AuditVerifier.verify(after: checkpoint, on: db).firstProblem
                    found.withLockedValue { $0 = problem }
                }
                return found.withLockedValue { $0 }
            }
            let changed = try await problem { try await $0.raw("UPDATE key_checkouts SET purpose = '改写' WHERE id = \(bind: checkoutID)").run() }
            #expect(changed?.contains(KeyCheckout.auditType) == true, "\(changed ?? "OK")")
            let altered = try await problem { try await $0.raw("UPDATE audit_events SET actor_name = 'x' WHERE seq = \(bind: head.seq)").run() }
            #expect(altered?.contains("#\(head.seq)") == true, "\(altered ?? "OK")")
            let cut = try await problem { try await $0.raw("DELETE FROM audit_events WHERE seq >= \(bind: checkpoint.seq)").run() }
            #expect(cut?.contains("#\(checkpoint.seq)") == true, "\(cut ?? "OK")")
            try await t.expectChainIntact()
        }
    }

    @Test("X-1: a checkpoint counts only when the trusted key signed exactly it")
    func signatures() throws {
        let key = AuditKey.generate(), other = AuditKey.generate()
        let checkpoint = try AuditCheckpoint.make(seq: 42, hash: String(repeating: "a", count: 64), at: testNow, key: key)
        #expect(checkpoint.isSigned(by: key.publicKey))
        #expect(!checkpoint.isSigned(by: other.publicKey))
        let moved = AuditCheckpoint(seq: 43, hash: checkpoint.hash, at: checkpoint.at, publicKey: checkpoint.publicKey, signature: checkpoint.signature)
        #expect(!moved.isSigned(by: key.publicKey))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wuye-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AuditKey.write(key, to: path)
        #expect(try AuditKey.read(from: path).publicKey.rawRepresentation == key.publicKey.rawRepresentation)
        #expect(throws: WuyeError.self) { try AuditKey.write(other, to: path) }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
