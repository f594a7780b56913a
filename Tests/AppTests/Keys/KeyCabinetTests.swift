@testable import App
import Fluent
import Testing
import Vapor

/// The key cabinet (篇4) through real HTTP on a real database.
@Suite("Key cabinet (KY-1…KY-7)")
struct KeyCabinetTests {
    static let staffBorrower = "kf.yuangong"

    func issue(_ t: TestApp, key: RoomKey, as issuer: String = "kf.lingban", to borrower: String = staffBorrower, hours: Double = 2) async throws -> TestApp.Reply {
        let borrowerID = try await t.staff(borrower).id!
        return try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: issuer, json: [
            "borrowerStaffID": borrowerID.uuidString, "purpose": "业主委托开门验房", "expectedReturnAt": inHours(hours),
        ])
    }

    @Test("KY-2: issue and return write one ledger row; the cabinet shows the holder", arguments: TestDatabase.selected)
    func ky2IssueAndReturn(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let property = try await t.property("ZC")
            let issued = try await issue(t, key: key)
            #expect(issued.status == .created, "\(issued.text)")
            let checkout = try issued.json()
            let checkoutID = try #require(checkout["id"] as? String)
            #expect(checkout["open"] as? Bool == true)
            #expect(checkout["borrowerName"] as? String == "赵丽")
            #expect(checkout["issuedByID"] as? String == (try await t.staff("kf.lingban")).id!.uuidString)

            // KY-7: the cabinet shows who holds the key now.
            let list = try await t.api(.GET, "/properties/\(property.id!)/keys?status=out&per=500", as: "kf.lingban")
            let items = try #require(try list.json()["items"] as? [[String: Any]])
            let row = try #require(items.first { $0["id"] as? String == key.id!.uuidString })
            let expectedLabel = try await UnitLabel.of(unitID: key.$unit.id, on: t.db)
            #expect(expectedLabel.contains("栋 "))
            #expect((row["unit"] as? [String: Any])?["label"] as? String == expectedLabel)
            let holder = try #require(row["holder"] as? [String: Any])
            #expect(holder["name"] as? String == "赵丽")
            #expect(holder["checkoutID"] as? String == checkoutID)

            t.clock.advance(by: 3600)
            let returned = try await t.api(.POST, "/checkouts/\(checkoutID)/return", as: "kf.lingban2", json: ["condition": "good"])
            #expect(returned.status == .ok, "\(returned.text)")
            #expect(try returned.json()["outcome"] as? String == "returned")
            #expect(try returned.json()["receivedByID"] as? String == (try await t.staff("kf.lingban2")).id!.uuidString)
            let stored = try #require(try await RoomKey.find(key.id, on: t.db))
            #expect(stored.status == .inCabinet)

            let ledger = try await t.api(.GET, "/properties/\(property.id!)/checkouts?per=500", as: "kf.jingli")
            let rows = try #require(try ledger.json()["items"] as? [[String: Any]])
            #expect(rows.filter { $0["keyID"] as? String == key.id!.uuidString && $0["id"] as? String == checkoutID }.count == 1)
            try await t.expectChainIntact()
        }
    }

    @Test("KY-2: only a customer-service foreman or manager issues keys", arguments: TestDatabase.selected)
    func ky2IssuerRank(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let before = try await t.footprint()
            for username in ["kf.yuangong2", "ag.lingban", "wy.zhuguan"] {
                let reply = try await issue(t, key: key, as: username, to: "kf.yuangong")
                #expect(reply.status == .forbidden, "\(username): \(reply.text)")
                #expect(reply.error?.rule == "KY-2")
            }
            #expect(try await t.footprint() == before)
        }
    }

    @Test("KY-2: the issuer may not issue a key to themselves", arguments: TestDatabase.selected)
    func ky2NoSelfIssue(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let before = try await t.footprint()
            let reply = try await issue(t, key: key, as: "kf.lingban", to: "kf.lingban")
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.error?.field == "borrowerStaffID")
            #expect(reply.error?.rule == "KY-2")
            #expect(try await t.footprint() == before)
        }
    }

    @Test("KY-2: an outside borrower signs on screen; ID and phone are masked and shown whole only to a supervisor, audited", arguments: TestDatabase.selected)
    func ky2OutsiderBorrower(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            var body: [String: Any] = ["borrowerKind": "outsider", "borrowerName": "黄师傅", "borrowerCompany": "恒达装饰", "borrowerPhone": "13812345678",
                                       "borrowerIDNumber": "44010619800101123x", "purpose": "维修漏水", "expectedReturnAt": inHours(3)]
            let unsigned = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: body)
            #expect(unsigned.status == .unprocessableEntity)
            #expect(unsigned.error?.field == "signature")

            body["signature"] = DemoData.demoSignature
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: body)
            #expect(issued.status == .created, "\(issued.text)")
            let checkout = try issued.json()
            #expect(checkout["borrowerPhone"] as? String == "138****5678")
            #expect(checkout["borrowerIDNumber"] as? String == "4401**********123X")
            #expect(checkout["confirmation"] as? String == "signature")
            let id = try #require(checkout["id"] as? String)

            let denied = try await t.api(.POST, "/checkouts/\(id)/personal-data", as: "kf.lingban")
            #expect(denied.status == .forbidden)
            let eventsBefore = try await t.count(AuditEvent.schema)
            let shown = try await t.api(.POST, "/checkouts/\(id)/personal-data", as: "kf.zhuguan")
            #expect(shown.status == .ok)
            #expect(try shown.json()["borrowerIDNumber"] as? String == "44010619800101123X")
            #expect(try await t.count(AuditEvent.schema) == eventsBefore + 1)
            let note = try #require(try await AuditEvent.query(on: t.db).sort(\.$id, .descending).first())
            #expect(note.action == "personal_data.shown")
            #expect(note.actorName == "张敏")
            // The chain holds fingerprints of personal data, never the numbers.
            let events = try await AuditEvent.query(on: t.db).filter(\.$recordID == id).all()
            #expect(!events.contains { ($0.after ?? "").contains("13812345678") || ($0.after ?? "").contains("44010619800101123X") })
            try await t.expectChainIntact()
        }
    }

    @Test("X-1: a staff borrower confirms in their own session, and nobody else can", arguments: TestDatabase.selected)
    func x1BorrowerConfirms(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let issued = try await issue(t, key: key)
            let id = try #require(try issued.json()["id"] as? String)
            #expect(try issued.json()["confirmedAt"] == nil)
            let other = try await t.api(.POST, "/checkouts/\(id)/confirm", as: "kf.lingban")
            #expect(other.status == .forbidden)
            let own = try await t.api(.POST, "/checkouts/\(id)/confirm", as: Self.staffBorrower)
            #expect(own.status == .ok, "\(own.text)")
            #expect(try own.json()["confirmation"] as? String == "session")
            let again = try await t.api(.POST, "/checkouts/\(id)/confirm", as: Self.staffBorrower)
            #expect(again.status == .conflict)
        }
    }

    @Test("KY-4: a key returned damaged is withdrawn at once and can never be issued", arguments: TestDatabase.selected)
    func ky4DamagedKey(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let issued = try await issue(t, key: key)
            let id = try #require(try issued.json()["id"] as? String)
            let noNote = try await t.api(.POST, "/checkouts/\(id)/return", as: "kf.lingban", json: ["condition": "damaged"])
            #expect(noNote.status == .badRequest)
            #expect(noNote.error?.field == "note")
            let returned = try await t.api(.POST, "/checkouts/\(id)/return", as: "kf.lingban", json: ["condition": "damaged", "note": "钥匙齿弯曲"])
            #expect(returned.status == .ok)
            #expect(try await RoomKey.find(key.id, on: t.db)?.status == .withdrawnDamaged)

            let before = try await t.footprint()
            let refused = try await issue(t, key: key)
            #expect(refused.status == .conflict)
            #expect(refused.error?.rule == "KY-4")
            #expect(try await t.footprint() == before)

            // New keys for it only with a new lock: a supervisor asks for the change.
            let foreman = try await t.api(.POST, "/keys/\(key.id!)/lock-changes", as: "kf.lingban", json: ["reason": "钥匙齿弯曲"])
            #expect(foreman.status == .forbidden)
            #expect(foreman.error?.rule == "KY-5")
            let opened = try await t.api(.POST, "/keys/\(key.id!)/lock-changes", as: "kf.zhuguan", json: ["reason": "钥匙齿弯曲"])
            #expect(opened.status == .created, "\(opened.text)")
            #expect(try opened.json()["lostKeyID"] as? String == key.id!.uuidString)
            let twice = try await t.api(.POST, "/keys/\(key.id!)/lock-changes", as: "kf.zhuguan", json: ["reason": "再次"])
            #expect(twice.status == .conflict)
            let taskID = try #require(try opened.json()["id"] as? String)
            let changed = try await t.api(.POST, "/lock-changes/\(taskID)/complete", as: "gc.lingban", json: ["keys": [["tag": "D-NEW-1", "hook": "A-77"]]])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await RoomKey.find(key.id, on: t.db)?.status == .retired)

            // Found damaged in the cabinet: withdrawn the same way.
            let other = try await t.idleKey()
            let withdrawn = try await t.api(.POST, "/keys/\(other.id!)/withdraw", as: "kf.yuangong", json: ["reason": "锁芯卡涩"])
            #expect(withdrawn.status == .ok)
            #expect(try withdrawn.json()["status"] as? String == "withdrawn_damaged")
            try await t.expectChainIntact()
        }
    }

    @Test("KY-5: a lost key notifies the manager and security, opens a lock change, and the change retires the old keys", arguments: TestDatabase.selected)
    func ky5LostKey(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let siblings = try await RoomKey.query(on: t.db).filter(\.$unit.$id == key.$unit.id).all()
            let issued = try await issue(t, key: key)
            #expect(issued.status == .created)
            let issuedText = try #require(try issued.json()["id"] as? String)
            let issuedID = try #require(UUID(uuidString: issuedText))

            let reported = try await t.api(.POST, "/keys/\(key.id!)/report-loss", as: "kf.yuangong", json: ["reason": "借用人遗失"])
            #expect(reported.status == .created, "\(reported.text)")
            let task = try reported.json()
            let taskID = try #require(task["id"] as? String)
            #expect(try await RoomKey.find(key.id, on: t.db)?.status == .lost)
            let checkout = try #require(try await KeyCheckout.find(issuedID, on: t.db))
            #expect(checkout.outcome == .lost)
            #expect(checkout.openKeyID == nil)

            // The manager and security hear of it in the app.
            for username in ["kf.jingli", "ag.lingban", "ag.zhuguan"] {
                let notes = try await t.api(.GET, "/notifications", as: username).jsonArray()
                #expect(notes.contains { $0["kind"] as? String == "key.lost" && ($0["link"] as? String ?? "").contains(taskID) }, "\(username)")
            }
            let staffNotes = try await t.api(.GET, "/notifications", as: "kf.yuangong2").jsonArray()
            #expect(!staffNotes.contains { $0["kind"] as? String == "key.lost" && ($0["link"] as? String ?? "").contains(taskID) })

            // Copies are never made: no more keys for this lock outside a lock change.
            let copy = try await t.api(.POST, "/units/\(key.$unit.id)/keys", as: "kf.zhuguan", json: ["keys": [["tag": "COPY-1", "hook": "C-1"]]])
            #expect(copy.status == .conflict)
            #expect(copy.error?.rule == "KY-5")

            let staffTry = try await t.api(.POST, "/lock-changes/\(taskID)/complete", as: "kf.yuangong", json: ["keys": [["tag": "NEW-1", "hook": "A-99"]]])
            #expect(staffTry.status == .forbidden)
            let done = try await t.api(.POST, "/lock-changes/\(taskID)/complete", as: "gc.lingban", json: ["keys": [["tag": "NEW-1", "hook": "A-99"], ["tag": "NEW-2", "hook": "B-99", "kind": "spare"]]])
            #expect(done.status == .ok, "\(done.text)")
            let newKeys = try done.jsonArray()
            #expect(newKeys.count == 2)
            #expect(newKeys.allSatisfy { $0["lockNo"] as? Int == 2 && $0["status"] as? String == "in_cabinet" })
            for old in siblings {
                #expect(try await RoomKey.find(old.id, on: t.db)?.status == .retired, "\(old.tag)")
            }
            let again = try await t.api(.POST, "/lock-changes/\(taskID)/complete", as: "gc.lingban", json: ["keys": [["tag": "NEW-3", "hook": "A-98"]]])
            #expect(again.status == .conflict)
            try await t.expectChainIntact()
        }
    }

    @Test("KY-5: a lock is not changed while a key of the old lock is still out", arguments: TestDatabase.selected)
    func ky5LockChangeWaitsForKeysOut(database: TestDatabase) async throws {
        try await withApp(database) { t in
            // A unit with a room key and a spare key: lose the spare, lend the room key.
            let spare = try await t.idleKey(kind: .spare)
            let room = try #require(try await RoomKey.query(on: t.db).filter(\.$unit.$id == spare.$unit.id).filter(\.$kind == .room).first())
            #expect(try await issue(t, key: room).status == .created)
            let reported = try await t.api(.POST, "/keys/\(spare.id!)/report-loss", as: "kf.lingban", json: ["reason": "遗失"])
            let taskID = try #require(try reported.json()["id"] as? String)
            let before = try await t.footprint()
            let refused = try await t.api(.POST, "/lock-changes/\(taskID)/complete", as: "kf.zhuguan", json: ["keys": [["tag": "N-1", "hook": "A-1"]]])
            #expect(refused.status == .conflict)
            #expect(refused.error?.rule == "KY-5")
            #expect(refused.error?.message.contains(room.tag) == true)
            #expect(try await t.footprint() == before)
        }
    }

    @Test("KY-6: a spare key is issued only after security confirms, and the requester cannot confirm", arguments: TestDatabase.selected)
    func ky6SpareKey(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let spare = try await t.idleKey(kind: .spare)
            let early = try await issue(t, key: spare)
            #expect(early.status == .conflict)
            #expect(early.error?.rule == "KY-6")

            let requested = try await t.api(.POST, "/keys/\(spare.id!)/spare-releases", as: "kf.lingban", json: ["reason": "业主出差委托开门"])
            #expect(requested.status == .created, "\(requested.text)")
            let releaseID = try #require(try requested.json()["id"] as? String)
            let securityNotes = try await t.api(.GET, "/notifications", as: "ag.yuangong").jsonArray()
            #expect(securityNotes.contains { $0["kind"] as? String == "spare_key.requested" })

            let waiting = try await issue(t, key: spare)
            #expect(waiting.status == .conflict)
            #expect(waiting.error?.rule == "KY-6")
            let notSecurity = try await t.api(.POST, "/spare-releases/\(releaseID)/confirm", as: "kf.jingli")
            #expect(notSecurity.status == .forbidden)
            #expect(notSecurity.error?.rule == "KY-6")

            let confirmed = try await t.api(.POST, "/spare-releases/\(releaseID)/confirm", as: "ag.yuangong")
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            let issued = try await issue(t, key: spare)
            #expect(issued.status == .created, "\(issued.text)")
            let id = try #require(try issued.json()["id"] as? String)
            // One release serves one checkout.
            #expect(try await t.api(.POST, "/checkouts/\(id)/return", as: "kf.lingban", json: [:]).status == .ok)
            let reuse = try await issue(t, key: spare)
            #expect(reuse.status == .conflict)
            #expect(reuse.error?.rule == "KY-6")
            try await t.expectChainIntact()
        }
    }

    @Test("KY-6: security may not confirm their own request")
    func ky6NoSelfConfirmation() throws {
        let requester = UUID()
        #expect(throws: WuyeError.self) {
            try Policy.requireDifferentPeople(requester: requester, approver: requester, rule: "KY-6", what: Text("确认", "confirm"))
        }
        try Policy.requireDifferentPeople(requester: requester, approver: UUID(), rule: "KY-6", what: Text("确认", "confirm"))
    }

    @Test("KY-7: dozens of simultaneous checkouts of one key give exactly one success", arguments: TestDatabase.selected)
    func ky7ConcurrentCheckouts(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let borrowers = ["kf.yuangong", "kf.yuangong2", "qj.yuangong", "gc.lingban", "wy.zhuguan"]
            var ids: [UUID] = []
            for name in borrowers { ids.append(try await t.staff(name).id!) }
            // Warm the tokens so the race is only the checkouts.
            for issuer in ["kf.lingban", "kf.lingban2", "kf.jingli", "kf.zhuguan"] { _ = try await t.token(for: issuer) }
            let checkoutsBefore = try await KeyCheckout.query(on: t.db).filter(\.$key.$id == key.id!).count()
            let attempts = 40
            let replies = try await withThrowingTaskGroup(of: TestApp.Reply.self) { group in
                for index in 0..<attempts {
                    let issuer = ["kf.lingban", "kf.lingban2", "kf.jingli", "kf.zhuguan"][index % 4]
                    let borrower = ids[index % ids.count]
                    group.addTask {
                        try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: issuer, json: [
                            "borrowerStaffID": borrower.uuidString, "purpose": "并发测试 \(index)", "expectedReturnAt": inHours(1),
                        ])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == .created }.count == 1)
            let refusals = replies.filter { $0.status != .created }
            #expect(refusals.count == attempts - 1)
            #expect(refusals.allSatisfy { $0.status == .conflict && $0.error?.rule == "KY-7" }, "\(refusals.map { "\($0.status.code) \($0.text)" }.prefix(3))")
            #expect(try await KeyCheckout.query(on: t.db).filter(\.$key.$id == key.id!).count() == checkoutsBefore + 1)
            #expect(try await KeyCheckout.query(on: t.db).filter(\.$openKeyID == key.id!).count() == 1)
            try await t.expectChainIntact()
        }
    }

    @Test("KY-7: simultaneous returns of one checkout close it once", arguments: TestDatabase.selected)
    func ky7ConcurrentReturns(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let id = try #require(try await issue(t, key: key).json()["id"] as? String)
            _ = try await t.token(for: "kf.lingban2")
            let replies = try await withThrowingTaskGroup(of: TestApp.Reply.self) { group in
                for index in 0..<20 {
                    group.addTask { try await t.api(.POST, "/checkouts/\(id)/return", as: index % 2 == 0 ? "kf.lingban" : "kf.lingban2", json: ["condition": "good"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == .ok }.count == 1)
            #expect(replies.filter { $0.status == .conflict }.count == 19)
            let returns = try await AuditEvent.query(on: t.db).filter(\.$recordID == id).filter(\.$action == "key.returned").count()
            #expect(returns == 1)
            try await t.expectChainIntact()
        }
    }

    @Test("KY-2: overdue keys are those out past their expected return", arguments: TestDatabase.selected)
    func ky2Overdue(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let property = try await t.property("ZC")
            let demoOverdue = try await t.api(.GET, "/properties/\(property.id!)/keys/overdue", as: "kf.lingban").jsonArray()
            let key = try await t.idleKey()
            let id = try #require(try await issue(t, key: key, hours: 1).json()["id"] as? String)
            var overdue = try await t.api(.GET, "/properties/\(property.id!)/keys/overdue", as: "kf.lingban").jsonArray()
            #expect(!overdue.contains { $0["id"] as? String == id })
            t.clock.advance(by: 2 * 3600)
            overdue = try await t.api(.GET, "/properties/\(property.id!)/keys/overdue", as: "kf.lingban").jsonArray()
            #expect(overdue.contains { $0["id"] as? String == id && $0["overdue"] as? Bool == true })
            #expect(overdue.count == demoOverdue.count + 1)
        }
    }

    @Test("X-3: the ledger exports as CSV with masked personal data", arguments: TestDatabase.selected)
    func x3LedgerCSV(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let property = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let csv = try await session.get("/properties/\(property.id!)/ledger.csv?from=2026-11-01&to=2026-11-29")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let text = csv.text
            #expect(text.hasPrefix("\u{FEFF}领用时间,钥匙编号,房号"))
            #expect(text.contains("恒达装饰"))
            #expect(text.contains("138****5678"))
            #expect(!text.contains("13812345678"))
            #expect(!text.contains("440106198001011234"))
            let bad = try await session.get("/properties/\(property.id!)/ledger.csv?from=2026-13-01")
            #expect(bad.status == .badRequest)
        }
    }
}
