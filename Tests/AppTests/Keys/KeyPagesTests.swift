@testable import App
import Fluent
import Testing
import Vapor

/// The key cabinet as staff use it through the pages: forms that come back
/// as sent, notices that lead somewhere and settle, each person's start
/// page, search as the screen shows it, several keys at once, 催还.
@Suite("Key cabinet pages")
struct KeyPagesTests {
    @Test("KY-4: a refused damaged return comes back as sent: 损坏 still chosen, the note asked for in plain words; nothing written", arguments: TestDatabase.selected)
    func refusedReturnKeepsDamaged(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                         json: ["borrowerStaffID": try await t.staff("kf.yuangong").id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(2)])
            let checkoutID = try #require(try issued.json()["id"] as? String)
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            _ = try await session.get("/checkouts/\(checkoutID)")
            let before = try await t.footprint()
            let refused = try await session.post("/checkouts/\(checkoutID)/return", ["condition": "damaged", "note": ""])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(#"value="damaged" checked"#))
            #expect(!refused.text.contains(#"value="good" checked"#))
            #expect(refused.text.contains("请填写损坏情况"))
            #expect(refused.text.contains("依据 KY-4"))
            #expect(!refused.text.contains("（KY-4）"), "no rule code in the message itself")
            #expect(try await t.footprint() == before)
            let key2 = try #require(try await RoomKey.find(key.id, on: t.db))
            #expect(key2.status == .out, "the key did not go back into use")
            // Sent again with the note, it is withdrawn, and the page says so.
            let done = try await session.post("/checkouts/\(checkoutID)/return", ["condition": "damaged", "note": "齿断"])
            #expect(done.status == .seeOther)
            #expect(try await session.get(try #require(done.headers.first(name: .location))).text.contains("已收回，钥匙已停用"))
            #expect(try await RoomKey.find(key.id, on: t.db)?.status == .withdrawnDamaged)
        }
    }

    @Test("KY-2: a refused issue form keeps every field and the drawn signature", arguments: TestDatabase.selected)
    func refusedIssueKeepsSignature(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            _ = try await session.get("/keys/\(key.id!)/issue")
            let refused = try await session.post("/keys/\(key.id!)/issue", [
                "borrowerKind": "outsider", "borrowerName": "林工", "borrowerCompany": "安居水电", "borrowerPhone": "13987654321",
                "borrowerIDNumber": "12", "purpose": "维修漏水", "expectedReturnAt": "2026-11-29T08:00", "signature": DemoData.demoSignature])
            #expect(refused.status == .unprocessableEntity)
            for kept in [#"value="outsider" checked"#, #"value="林工""#, #"value="安居水电""#, #"value="13987654321""#, #"value="维修漏水""#,
                         #"value="2026-11-29T08:00""#, "value=\"\(DemoData.demoSignature)\""] {
                #expect(refused.text.contains(kept), "kept: \(kept)")
            }
            #expect(refused.text.contains("预计归还时间须晚于发放时间") || refused.text.contains("证件号码"))
            #expect(refused.text.contains(#"id="form-problems""#))
        }
    }

    @Test("Every notice the key cabinet sends leads its recipient to a page that opens; handling the record settles it", arguments: TestDatabase.selected)
    func everyNoticeLeadsSomewhere(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let borrower = try await t.staff("kf.yuangong")
            // issued to you, due soon, overdue, chased
            let key = try await t.idleKey()
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                         json: ["borrowerStaffID": borrower.id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(1.5)])
            let checkoutID = try #require(try issued.json()["id"] as? String)
            t.clock.advance(by: 45 * 60)
            #expect(try await KeyCabinet.sendReminders(app: t.app, now: t.clock.now()) >= 1)
            t.clock.advance(by: 60 * 60)
            #expect(try await KeyCabinet.sendReminders(app: t.app, now: t.clock.now()) >= 1)
            #expect(try await KeyCabinet.sendReminders(app: t.app, now: t.clock.now()) == 0, "each reminder once")
            #expect(try await t.api(.POST, "/checkouts/\(checkoutID)/chase", as: "kf.lingban").status == .ok)
            // lost, lock change opened
            #expect(try await t.api(.POST, "/keys/\(try await t.idleKey(skip: 1).id!)/report-loss", as: "kf.yuangong", json: ["reason": "遗失"]).status == .created)
            // spare requested, spare confirmed
            let spare = try await t.idleKey(kind: .spare)
            let requested = try await t.api(.POST, "/keys/\(spare.id!)/spare-releases", as: "kf.lingban", json: ["reason": "业主委托"])
            let releaseID = try #require(try requested.json()["id"] as? String)
            let securityUnread = try await Notifier.unreadCount(for: try await t.staff("ag.yuangong").id!, on: t.db)
            #expect(try await t.api(.POST, "/spare-releases/\(releaseID)/confirm", as: "ag.yuangong").status == .ok)
            #expect(try await Notifier.unreadCount(for: try await t.staff("ag.yuangong").id!, on: t.db) < securityUnread, "security's notice is settled")

            let notes = try await StaffNotification.query(on: t.db).with(\.$recipient).all()
            let kinds = Set(notes.map(\.kind))
            for kind in KeyNotice.allCases { #expect(kinds.contains(kind.rawValue), "no notice of kind \(kind.rawValue) was sent") }
            var sessions: [String: PageSession] = [:]
            for note in notes {
                let username = note.recipient.username
                if sessions[username] == nil { sessions[username] = try await PageSession.signIn(t, as: username) }
                let session = sessions[username]!
                let opened = try await session.get("/notifications/\(note.id!)")
                #expect(opened.status == .seeOther, "\(note.kind) for \(username)")
                let target = try #require(opened.headers.first(name: .location))
                #expect(target == note.link)
                let page = try await session.get(target)
                #expect(page.status == .ok, "\(note.kind) → \(target) for \(username): \(page.status)")
                #expect(try await StaffNotification.find(note.id, on: t.db)?.readAt != nil, "opening a notice marks it read")
            }
            // Returning the key settles the borrower's and issuer's notices about it.
            #expect(try await t.api(.POST, "/checkouts/\(checkoutID)/return", as: "kf.lingban", json: ["condition": "good"]).status == .ok)
            let unsettled = try await StaffNotification.query(on: t.db).filter(\.$subjectID == UUID(uuidString: checkoutID)).filter(\.$readAt == nil).count()
            #expect(unsettled == 0)
            // The requester heard back from security.
            let requester = try await t.staff("kf.lingban")
            #expect(notes.contains { $0.kind == KeyNotice.spareConfirmed.rawValue && $0.$recipient.id == requester.id })
            #expect(notes.contains { $0.kind == KeyNotice.lockChangeOpened.rawValue && $0.recipient.username == "gc.lingban" }, "engineering hears of the lock change")
        }
    }

    @Test("Each person's start page lists what waits for them, each kind linking to where it is done", arguments: TestDatabase.selected)
    func startPageItems(database: TestDatabase) async throws {
        try await withApp(database) { t in
            // The demo: 赵丽 holds an unconfirmed key; overdue keys issued by 李娜; a spare waiting for security; a lock change open.
            let cases: [(String, String)] = [("kf.yuangong", "key.confirm"), ("kf.lingban", "key.chase"), ("ag.yuangong", "spare_key.confirm"),
                                             ("gc.lingban", "lock_change.complete"), ("kf.zhuguan", "lock_change.complete")]
            for (username, kind) in cases {
                let session = try await PageSession.signIn(t, as: username)
                let page = try await session.get("/")
                #expect(page.status == .ok)
                #expect(page.text.contains("我的待办"))
                #expect(page.text.contains(#"data-kind="\#(kind)""#), "\(username) should see \(kind)")
                #expect(page.text.contains(#"<span class="count""#), "\(username): the navigation counts the to-do items")
            }
            // After security confirms, the requester's next step is to issue the spare key; after confirming, the borrower's is to return.
            let release = try #require(try await SpareKeyRelease.query(on: t.db).first())
            #expect(try await t.api(.POST, "/spare-releases/\(release.id!)/confirm", as: "ag.yuangong").status == .ok)
            let foreman = try await PageSession.signIn(t, as: "kf.lingban")
            #expect(try await foreman.get("/").text.contains(#"data-kind="spare_key.issue""#))
            let held = try #require(try await KeyCheckout.query(on: t.db).filter(\.$borrowerStaff.$id == (try await t.staff("kf.yuangong").id!)).filter(\.$confirmedAt == nil).first())
            #expect(try await t.api(.POST, "/checkouts/\(held.id!)/confirm", as: "kf.yuangong").status == .ok)
            let borrower = try await PageSession.signIn(t, as: "kf.yuangong")
            let after = try await borrower.get("/").text
            #expect(after.contains(#"data-kind="key.return""#))
            #expect(!after.contains(#"data-kind="key.confirm""#))
            // Someone with nothing to do is told so.
            let cleaner = try await PageSession.signIn(t, as: "qj.yuangong")
            let quiet = try await cleaner.get("/")
            #expect(quiet.status == .ok)
        }
    }

    @Test("Search finds what the screen shows: 1栋0201, 1栋 0201, 0201, the tag, the holder; retired keys only when asked", arguments: TestDatabase.selected)
    func searchAndQuickViews(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            func tags(_ query: String, as user: String = "kf.lingban") async throws -> [String] {
                let reply = try await t.api(.GET, "/properties/\(zc.id!)/keys?\(query)&per=500", as: user)
                #expect(reply.status == .ok, "\(query): \(reply.text)")
                return (try reply.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["tag"] as? String }
            }
            func q(_ text: String) -> String { "q=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            #expect(Set(try await tags(q("1栋0201"))) == ["Z1-0201-A", "Z1-0201-B"])
            #expect(Set(try await tags(q("1栋 0201"))) == ["Z1-0201-A", "Z1-0201-B"])
            #expect(Set(try await tags(q("0201"))) == ["Z1-0201-A", "Z1-0201-B", "Z2-0201-A", "Z2-0201-B"])
            #expect(try await tags(q("z1-0201-a")) == ["Z1-0201-A"])
            #expect(try await tags(q("%_")).isEmpty, "% and _ are taken literally")
            let outsiderLoan = try #require(try await KeyCheckout.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$openKeyID != nil)
                .filter(\.$borrowerStaff.$id == nil).with(\.$key).first())
            #expect(try await tags(q(outsiderLoan.borrowerName)).contains(outsiderLoan.key.tag))
            #expect(try await tags("view=outsiders").contains(outsiderLoan.key.tag))
            let overdue = try await tags("view=overdue")
            #expect(!overdue.isEmpty)
            #expect(try await tags("view=mine").count >= 1)
            // Issued today (Shanghai) and retired keys.
            let key = try await t.idleKey()
            _ = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                json: ["borrowerStaffID": try await t.staff("kf.yuangong").id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(2)])
            #expect(try await tags("view=today").contains(key.tag))
            let lost = try #require(try await LockChange.query(on: t.db).filter(\.$completedAt == nil).first())
            #expect(try await t.api(.POST, "/lock-changes/\(lost.id!)/complete", as: "gc.lingban", json: ["keys": [["tag": "N-1", "hook": "C-1"]]]).status == .ok)
            let retired = try await RoomKey.query(on: t.db).filter(\.$status == .retired).all().map(\.tag)
            #expect(!retired.isEmpty)
            let all = try await tags("status=")
            #expect(retired.allSatisfy { !all.contains($0) }, "已作废 keys are not in 全部")
            #expect(Set(try await tags("status=retired")) == Set(retired))
        }
    }

    @Test("KY-2: several keys to one borrower in one ledger action, all or none; several back at once", arguments: TestDatabase.selected)
    func batches(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let keys = [try await t.idleKey(), try await t.idleKey(skip: 1), try await t.idleKey(skip: 2)]
            let borrower = try await t.staff("kf.yuangong").id!.uuidString
            // One key already out: the whole batch is refused and nothing is written.
            let out = try #require(try await RoomKey.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .out).first())
            let before = try await t.footprint()
            let refused = try await t.api(.POST, "/properties/\(zc.id!)/checkouts", as: "kf.lingban",
                                          json: ["keyIDs": keys.map { $0.id!.uuidString } + [out.id!.uuidString], "borrowerStaffID": borrower, "purpose": "验房", "expectedReturnAt": inHours(2)])
            #expect(refused.status == .conflict)
            #expect(refused.error?.rule == "KY-7")
            #expect(try await t.footprint() == before)
            let twice = try await t.api(.POST, "/properties/\(zc.id!)/checkouts", as: "kf.lingban",
                                        json: ["keyIDs": [keys[0].id!.uuidString, keys[0].id!.uuidString], "borrowerStaffID": borrower, "purpose": "验房", "expectedReturnAt": inHours(2)])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.error?.field == "keyIDs")
            let ywKey = try await t.idleKey(property: "YW")
            let foreign = try await t.api(.POST, "/properties/\(zc.id!)/checkouts", as: "kf.lingban",
                                          json: ["keyIDs": [ywKey.id!.uuidString], "borrowerStaffID": borrower, "purpose": "验房", "expectedReturnAt": inHours(2)])
            #expect(foreign.status == .notFound)

            // Through the pages: the cabinet's check boxes lead to one form for all three.
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let form = try await session.get("/properties/\(zc.id!)/issue?" + keys.map { "keys=\($0.id!)" }.joined(separator: "&"))
            #expect(form.status == .ok)
            #expect(keys.allSatisfy { form.text.contains($0.tag) })
            let body = keys.map { "keyIDs=\($0.id!)" }.joined(separator: "&") + "&borrowerKind=staff&borrowerStaffID=\(borrower)&purpose=%E9%AA%8C%E6%88%BF&expectedReturnAt=2026-11-29T15%3A00&_csrf=\(session.csrf)"
            let issued = try await session.postRaw("/properties/\(zc.id!)/issue", body)
            #expect(issued.status == .seeOther, "\(issued.text.prefix(300))")
            let open = try await KeyCheckout.query(on: t.db).filter(\.$openKeyID ~~ keys.map { $0.id! }).all()
            #expect(open.count == 3)
            #expect(Set(open.map(\.borrowerName)) == ["赵丽"])

            let back = try await t.api(.POST, "/properties/\(zc.id!)/returns", as: "kf.lingban", json: ["checkoutIDs": open.map { $0.id!.uuidString }, "condition": "good"])
            #expect(back.status == .ok, "\(back.text)")
            #expect(try await KeyCheckout.query(on: t.db).filter(\.$openKeyID ~~ keys.map { $0.id! }).count() == 0)
            let again = try await t.api(.POST, "/properties/\(zc.id!)/returns", as: "kf.lingban", json: ["checkoutIDs": [open[0].id!.uuidString], "condition": "good"])
            #expect(again.status == .conflict)
            try await t.expectChainIntact()
        }
    }

    @Test("KY-2: 催还 only an overdue key; the staff borrower is told, and the chase is on the loan's record", arguments: TestDatabase.selected)
    func chase(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let borrower = try await t.staff("kf.yuangong")
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                         json: ["borrowerStaffID": borrower.id!.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(1)])
            let checkoutID = try #require(try issued.json()["id"] as? String)
            let early = try await t.api(.POST, "/checkouts/\(checkoutID)/chase", as: "kf.lingban")
            #expect(early.status == .conflict)
            #expect(early.error?.rule == "KY-2")
            t.clock.advance(by: 2 * 3600)
            #expect(try await t.api(.POST, "/checkouts/\(checkoutID)/chase", as: "kf.yuangong").status == .forbidden)
            #expect(try await t.api(.POST, "/checkouts/\(checkoutID)/chase", as: "kf.lingban").status == .ok)
            #expect(try await StaffNotification.query(on: t.db).filter(\.$recipient.$id == borrower.id!).filter(\.$kind == KeyNotice.chased.rawValue).count() == 1)
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            #expect(try await session.get("/checkouts/\(checkoutID)").text.contains("催还"))
            let history = try await AuditLog.history(recordType: KeyCheckout.auditType, recordID: try #require(UUID(uuidString: checkoutID)), on: t.db)
            #expect(history.contains { $0.action == "key.chased" })
            try await t.expectChainIntact()
        }
    }

    @Test("The issuer sees the outside borrower's phone whole, to call; the ID number stays masked", arguments: TestDatabase.selected)
    func issuerSeesPhone(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let loan = try #require(try await KeyCheckout.query(on: t.db).filter(\.$openKeyID != nil).filter(\.$borrowerStaff.$id == nil).with(\.$issuedBy).first())
            let issuer = try await PageSession.signIn(t, as: loan.issuedBy.username)
            let page = try await issuer.get("/checkouts/\(loan.id!)").text
            #expect(page.contains("tel:" + loan.borrowerPhone!))
            #expect(!page.contains(loan.borrowerIDNumber!))
            let other = try await PageSession.signIn(t, as: loan.issuedBy.username == "kf.lingban" ? "kf.lingban2" : "kf.lingban")
            let masked = try await other.get("/checkouts/\(loan.id!)").text
            #expect(!masked.contains("tel:"))
            #expect(!masked.contains(loan.borrowerPhone!))
        }
    }

    @Test("Staff pickers are in pinyin order and show each person's department", arguments: TestDatabase.selected)
    func pinyinPicker(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let page = try await session.get("/keys/\(try await t.idleKey().id!)/issue").text
            let names = ["陈静", "冯涛", "何芳", "刘洋", "马超", "孙悦"]
            let positions = names.compactMap { page.range(of: ">" + $0 + " · ")?.lowerBound }
            #expect(positions.count == names.count)
            #expect(positions == positions.sorted(), "pinyin order: chen, feng, he, liu, ma, sun")
            #expect(page.contains("冯涛 · 工程部 领班"))
            #expect(page.contains(#"data-pinyin="feng tao ft""#))
        }
    }
}
