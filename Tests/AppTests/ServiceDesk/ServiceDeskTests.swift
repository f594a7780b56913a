@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The service desk (篇1 8.6/9.2 SH-33, 7.8/7.11 SH-11) and the control room's
/// handover of items (篇3 HO-7, HO-8) through real HTTP on a real database.
@Suite("Service desk (SH-33, SH-11, HO-7, HO-8)")
struct ServiceDeskTests {
    static let time = LocalTime("Asia/Shanghai")

    func record(_ t: TestApp, as user: String = "kf.yuangong", _ json: [String: Any], property: String = "ZC") async throws -> TestApp.Reply {
        try await t.api(.POST, "/properties/\((try await t.property(property)).id!)/service-items", as: user, json: json)
    }

    func recorded(_ t: TestApp, as user: String = "kf.yuangong", _ json: [String: Any]) async throws -> String {
        let reply = try await record(t, as: user, json)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(try reply.json()["id"] as? String)
    }

    /// Rows that any service-desk step may write, to prove a refusal wrote nothing.
    func footprint(_ t: TestApp) async throws -> [Int] {
        [try await t.count(ServiceItem.schema), try await t.count(ServiceItemNote.schema), try await t.count(AuditEvent.schema),
         try await t.count(DeskHandover.schema), try await t.count(DeskHandoverItem.schema)]
    }

    @Test("SH-33: a complaint has a supervisor's plan, one follow-up person, and closes only after a satisfied callback", arguments: TestDatabase.selected)
    func sh33ComplaintClosesOnlyAfterCallback(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let before = try await footprint(t)
            let unreachable = try await record(t, ["kind": "complaint", "source": "walk_in", "description": "态度差", "guestName": "王先生"])
            #expect(unreachable.status == .badRequest && unreachable.error?.field == "guestPhone" && unreachable.error?.rule == "SH-33", "\(unreachable.text)")
            #expect(try await footprint(t) == before, "a refused complaint wrote something")
            let id = try await recorded(t, ["kind": "complaint", "source": "walk_in", "description": "样板房讲解员不理人", "guestName": "王先生", "guestPhone": "13800009999"])
            let shown = try await t.api(.GET, "/service-items/\(id)", as: "ag.yuangong")
            #expect(try shown.json()["guestPhone"] as? String == "138****9999", "the phone is masked: \(shown.text)")
            #expect(try shown.json()["department"] as? String == "customer_service")
            let foreman = try await t.staff("kf.lingban")
            let plan: [String: Any] = ["ownerID": foreman.id!.uuidString, "dueAt": inHours(24), "severity": "ordinary", "plan": "约谈接待人员并致歉"]
            // A foreman may dispatch other items, not decide a complaint's plan.
            let tooLow = try await t.api(.POST, "/service-items/\(id)/assignment", as: "kf.lingban", json: plan)
            #expect(tooLow.status == .forbidden && tooLow.error?.rule == "SH-33", "\(tooLow.text)")
            let noPlan = try await t.api(.POST, "/service-items/\(id)/assignment", as: "kf.zhuguan", json: ["ownerID": foreman.id!.uuidString, "dueAt": inHours(24), "severity": "minor"])
            #expect(noPlan.status == .badRequest && noPlan.error?.field == "plan", "\(noPlan.text)")
            let past = try await t.api(.POST, "/service-items/\(id)/assignment", as: "kf.zhuguan", json: plan.merging(["dueAt": inHours(-1)]) { $1 })
            #expect(past.status == .unprocessableEntity && past.error?.field == "dueAt", "\(past.text)")
            // Nothing to call back yet.
            let early = try await t.api(.POST, "/service-items/\(id)/callback", as: "kf.yuangong", json: ["outcome": "satisfied"])
            #expect(early.status == .conflict && early.error?.rule == "SH-33", "\(early.text)")
            let planned = try await t.api(.POST, "/service-items/\(id)/assignment", as: "kf.zhuguan", json: plan)
            #expect(planned.status == .ok && ((try? planned.json())?["status"] as? String) == "assigned", "\(planned.text)")
            let told = try await StaffNotification.query(on: t.db).filter(\.$recipient.$id == foreman.id!).filter(\.$subjectID == UUID(uuidString: id)).count()
            #expect(told == 1, "the follow-up person is told")
            #expect(try await t.api(.POST, "/service-items/\(id)/notes", as: "kf.lingban", json: ["text": "已约谈"]).status == .created)
            let done = try await t.api(.POST, "/service-items/\(id)/done", as: "kf.lingban", json: ["note": "已当面致歉"])
            #expect(done.status == .ok && ((try? done.json())?["status"] as? String) == "done", "a complaint waits for its callback: \(done.text)")
            // Security does not call back; not satisfied needs the reason.
            let guardCalls = try await t.api(.POST, "/service-items/\(id)/callback", as: "ag.yuangong", json: ["outcome": "satisfied"])
            #expect(guardCalls.status == .forbidden, "\(guardCalls.text)")
            let why = try await t.api(.POST, "/service-items/\(id)/callback", as: "kf.yuangong", json: ["outcome": "not_satisfied"])
            #expect(why.status == .badRequest && why.error?.field == "note", "\(why.text)")
            let unhappy = try await t.api(.POST, "/service-items/\(id)/callback", as: "kf.yuangong", json: ["outcome": "not_satisfied", "note": "希望经理出面"])
            let reopened = try unhappy.json()
            #expect(reopened["status"] as? String == "assigned" && reopened["reopenCount"] as? Int == 1, "not satisfied sends it back: \(unhappy.text)")
            #expect(try await t.api(.POST, "/service-items/\(id)/done", as: "kf.lingban", json: ["note": "经理当面致歉"]).status == .ok)
            let happy = try await t.api(.POST, "/service-items/\(id)/callback", as: "kf.yuangong", json: ["outcome": "satisfied", "note": "满意"])
            #expect(happy.status == .ok && ((try? happy.json())?["status"] as? String) == "closed", "\(happy.text)")
            // Closed is closed: no more steps, no more notes.
            for (path, body) in [("done", ["note": "x"]), ("callback", ["outcome": "satisfied"]), ("notes", ["text": "x"])] as [(String, [String: String])] {
                let after = try await t.api(.POST, "/service-items/\(id)/\(path)", as: "kf.lingban", json: body)
                #expect(after.status == .conflict, "\(path) after closing: \(after.text)")
            }
            try await t.expectChainIntact()
        }
    }

    @Test("SH-11: a repair goes to engineering and is checked by the one who asked, never by the one who did it", arguments: TestDatabase.selected)
    func sh11RepairNotVerifiedByDoer(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let engineer = try await t.staff("gc.lingban")
            // The engineering foreman reports a fault and fixes it himself: he may not also pass it.
            let own = try await recorded(t, as: "gc.lingban", ["kind": "repair", "source": "show_house", "description": "A户型样板房灯带不亮"])
            let clerk = try await t.staff("kf.yuangong")
            let notEngineer = try await t.api(.POST, "/service-items/\(own)/assignment", as: "gc.lingban", json: ["ownerID": clerk.id!.uuidString, "dueAt": inHours(4)])
            #expect(notEngineer.status == .unprocessableEntity && notEngineer.error?.field == "ownerID" && notEngineer.error?.rule == "SH-11", "\(notEngineer.text)")
            #expect(try await t.api(.POST, "/service-items/\(own)/assignment", as: "gc.lingban", json: ["ownerID": engineer.id!.uuidString, "dueAt": inHours(4)]).status == .ok)
            let early = try await t.api(.POST, "/service-items/\(own)/verification", as: "gc.lingban", json: ["accepted": true])
            #expect(early.status == .conflict, "nothing to check before it is done: \(early.text)")
            #expect(try await t.api(.POST, "/service-items/\(own)/done", as: "gc.lingban", json: ["note": "更换驱动器"]).status == .ok)
            let before = try await footprint(t)
            let byDoer = try await t.api(.POST, "/service-items/\(own)/verification", as: "gc.lingban", json: ["accepted": true])
            #expect(byDoer.status == .forbidden && byDoer.error?.rule == "SH-11", "\(byDoer.text)")
            #expect(try await footprint(t) == before)
            // Someone of another department who did not ask may not either.
            let stranger = try await t.api(.POST, "/service-items/\(own)/verification", as: "ag.yuangong", json: ["accepted": true])
            #expect(stranger.status == .forbidden, "\(stranger.text)")
            let checked = try await t.api(.POST, "/service-items/\(own)/verification", as: "kf.yuangong", json: ["accepted": true, "note": "已亮"])
            #expect(checked.status == .ok && ((try? checked.json())?["status"] as? String) == "closed", "\(checked.text)")

            // A customer's repair shows in their file (CA-2) and, sent back, returns to its engineer.
            let customer = try #require(try await Customer.query(on: t.db).filter(\.$property.$id == (try await t.property("ZC")).id!).first())
            let leak = try await recorded(t, ["kind": "repair", "source": "phone", "description": "厨房水管渗漏", "customerID": customer.id!.uuidString])
            #expect(try await t.api(.POST, "/service-items/\(leak)/assignment", as: "kf.lingban", json: ["ownerID": engineer.id!.uuidString, "dueAt": inHours(8)]).status == .ok)
            #expect(try await t.api(.POST, "/service-items/\(leak)/done", as: "gc.lingban", json: ["note": "更换接头"]).status == .ok)
            let refused = try await t.api(.POST, "/service-items/\(leak)/verification", as: "kf.yuangong", json: ["accepted": false])
            #expect(refused.status == .badRequest && refused.error?.field == "note", "\(refused.text)")
            let back = try await t.api(.POST, "/service-items/\(leak)/verification", as: "kf.yuangong", json: ["accepted": false, "note": "仍在滴水"])
            #expect(((try? back.json())?["status"] as? String) == "assigned" && ((try? back.json())?["reopenCount"] as? Int) == 1, "\(back.text)")
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let file = try await session.get("/customers/\(customer.id!)")
            #expect(file.text.contains("厨房水管渗漏"), "the repair is in the customer's file")
            try await t.expectChainIntact()
        }
    }

    /// The property's day after the test's today, at a local time.
    static func tomorrow(at hhmm: String) throws -> Date {
        try #require(time.parseDateTime(time.day(testNow.addingTimeInterval(86_400)) + "T" + hhmm))
    }

    @Test("HO-7: at 08:00 security hands the night's items to customer service, at 18:00 the other way; an item changes owner only when taken", arguments: TestDatabase.selected)
    func ho7ItemsChangeOwnerOnlyOnAcceptance(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            // Two calls to security in the night.
            t.clock.set(try Self.tomorrow(at: "02:00"))
            let noise = try await recorded(t, as: "ag.yuangong", ["kind": "request", "source": "after_hours", "description": "楼上深夜装修", "guestPhone": "13800001234"])
            let water = try await recorded(t, as: "ag.yuangong", ["kind": "complaint", "source": "after_hours", "description": "热水不热", "guestPhone": "13800005678"])
            #expect(try await t.api(.GET, "/service-items/\(noise)", as: "kf.yuangong").json()["department"] as? String == "security")
            let offer: [String: Any] = ["slot": "morning", "note": "夜间接报 2 项"]
            let before = try await footprint(t)
            t.clock.set(try Self.tomorrow(at: "07:59"))
            let tooEarly = try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.lingban", json: offer)
            #expect(tooEarly.status == .conflict && tooEarly.error?.rule == "HO-7", "07:59 is not 08:00: \(tooEarly.text)")
            #expect(try await footprint(t) == before)
            t.clock.set(try Self.tomorrow(at: "08:00"))
            let wrongSide = try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "kf.lingban", json: offer)
            #expect(wrongSide.status == .forbidden && wrongSide.error?.rule == "HO-7", "customer service does not hand over the morning: \(wrongSide.text)")
            let offered = try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.lingban", json: offer)
            #expect(offered.status == .created, "\(offered.text)")
            let handover = try offered.json()
            let handoverID = try #require(handover["id"] as? String)
            let offeredIDs = Set((handover["items"] as? [[String: Any]] ?? []).compactMap { $0["itemID"] as? String })
            #expect(offeredIDs.isSuperset(of: [noise, water]), "both night items are offered")
            let again = try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.yuangong", json: offer)
            #expect(again.status == .conflict, "one morning handover a day: \(again.text)")
            // Offered is not taken: still security's, shown pending.
            let pending = try await t.api(.GET, "/service-items/\(noise)", as: "kf.yuangong").json()
            #expect(pending["department"] as? String == "security" && pending["pendingDepartment"] as? String == "customer_service")
            let notTaker = try await t.api(.POST, "/desk-handovers/\(handoverID)/acceptance", as: "ag.yuangong", json: ["itemIDs": [noise]])
            #expect(notTaker.status == .forbidden, "security does not receive its own handover: \(notTaker.text)")
            let stranger = try await t.api(.POST, "/desk-handovers/\(handoverID)/acceptance", as: "kf.lingban", json: ["itemIDs": [UUID().uuidString]])
            #expect(stranger.status == .unprocessableEntity && stranger.error?.field == "itemIDs", "\(stranger.text)")
            let taken = try await t.api(.POST, "/desk-handovers/\(handoverID)/acceptance", as: "kf.lingban", json: ["itemIDs": [noise], "note": "热水问题请工程部先看"])
            #expect(taken.status == .ok && ((try? taken.json())?["acceptedCount"] as? Int) == 1, "\(taken.text)")
            let nowCustomerService = try await t.api(.GET, "/service-items/\(noise)", as: "kf.yuangong").json()
            #expect(nowCustomerService["department"] as? String == "customer_service" && nowCustomerService["pendingDepartment"] == nil)
            let left = try await t.api(.GET, "/service-items/\(water)", as: "kf.yuangong").json()
            #expect(left["department"] as? String == "security" && left["pendingDepartment"] as? String == "customer_service", "what is not taken stays with the old owner, pending")
            let pendingList = try await t.api(.GET, "/properties/\(zc.id!)/service-items?status=pending", as: "kf.yuangong").json()
            #expect((pendingList["items"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == water })
            let twice = try await t.api(.POST, "/desk-handovers/\(handoverID)/acceptance", as: "kf.lingban2", json: ["itemIDs": [water]])
            #expect(twice.status == .conflict, "\(twice.text)")

            // 18:00: customer service hands its open items to security.
            t.clock.set(try Self.tomorrow(at: "17:59"))
            let evening: [String: Any] = ["slot": "evening"]
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "kf.lingban", json: evening).status == .conflict)
            t.clock.set(try Self.tomorrow(at: "18:00"))
            let handed = try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "kf.lingban", json: evening)
            #expect(handed.status == .created, "\(handed.text)")
            let eveningItems = (try handed.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["itemID"] as? String }
            #expect(eveningItems.contains(noise), "the item customer service took in the morning is handed on at night")
            #expect(try await t.api(.GET, "/service-items/\(noise)", as: "kf.yuangong").json()["department"] as? String == "customer_service")
            let eveningID = try #require(try handed.json()["id"] as? String)
            #expect(try await t.api(.POST, "/desk-handovers/\(eveningID)/acceptance", as: "ag.lingban", json: ["itemIDs": eveningItems]).status == .ok)
            #expect(try await t.api(.GET, "/service-items/\(noise)", as: "kf.yuangong").json()["department"] as? String == "security")
            try await t.expectChainIntact()
        }
    }

    @Test("HO-7: the times are a property setting; before the set time the handover is refused", arguments: TestDatabase.selected)
    func ho7TimesAreASetting(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let bad = try await t.api(.POST, "/properties/\(zc.id!)/shift-settings", as: "kf.jingli", json: ["morningHandover": "19:00", "eveningHandover": "18:00"])
            #expect(bad.status == .unprocessableEntity && bad.error?.field == "eveningHandover", "\(bad.text)")
            let malformed = try await t.api(.POST, "/properties/\(zc.id!)/shift-settings", as: "kf.jingli", json: ["morningHandover": "24:00", "eveningHandover": "18:00"])
            #expect(malformed.status == .badRequest && malformed.error?.field == "morningHandover", "\(malformed.text)")
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/shift-settings", as: "kf.lingban", json: ["morningHandover": "08:30", "eveningHandover": "17:30"]).status == .forbidden)
            let set = try await t.api(.POST, "/properties/\(zc.id!)/shift-settings", as: "kf.jingli", json: ["morningHandover": "08:30", "eveningHandover": "17:30"])
            #expect(set.status == .ok, "\(set.text)")
            t.clock.set(try Self.tomorrow(at: "08:29"))
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.lingban", json: ["slot": "morning"]).status == .conflict)
            t.clock.set(try Self.tomorrow(at: "08:30"))
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.lingban", json: ["slot": "morning"]).status == .created)
        }
    }

    @Test("HO-8: an urgent item in a handover goes at once to the heads of both departments", arguments: TestDatabase.selected)
    func ho8UrgentEscalates(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            t.clock.set(try Self.tomorrow(at: "03:00"))
            let urgent = try await recorded(t, as: "ag.yuangong", ["kind": "request", "source": "after_hours", "urgent": true, "description": "3栋地下室进水", "guestPhone": "13800004321"])
            let subject = try #require(UUID(uuidString: urgent))
            let head = try await t.staff("ag.zhuguan")
            #expect(try await StaffNotification.query(on: t.db).filter(\.$subjectID == subject).filter(\.$recipient.$id == head.id!).count() == 1, "recording it urgent tells security's head")
            t.clock.set(try Self.tomorrow(at: "08:05"))
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: "ag.lingban", json: ["slot": "morning"]).status == .created)
            for username in ["kf.jingli", "kf.zhuguan", "ag.zhuguan"] {
                let person = try await t.staff(username)
                let notes = try await StaffNotification.query(on: t.db).filter(\.$subjectID == subject).filter(\.$recipient.$id == person.id!)
                    .filter(\.$kind == ServiceNotice.urgent.rawValue).count()
                #expect(notes >= 1, "\(username) is told of the urgent item")
            }
            let staffMember = try await t.staff("kf.yuangong")
            #expect(try await StaffNotification.query(on: t.db).filter(\.$subjectID == subject).filter(\.$recipient.$id == staffMember.id!).filter(\.$kind == ServiceNotice.urgent.rawValue).count() == 0)
        }
    }

    @Test("HO-7: twenty simultaneous acceptances of one handover give one success; twenty offers of one slot give one handover", arguments: TestDatabase.selected)
    func ho7Races(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            t.clock.set(try Self.tomorrow(at: "08:10"))
            let offers = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask { try await t.api(.POST, "/properties/\(zc.id!)/desk-handovers", as: index % 2 == 0 ? "ag.lingban" : "ag.yuangong", json: ["slot": "morning"]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(offers.filter { $0 == .created }.count == 1 && offers.filter { $0 == .conflict }.count == 19, "\(offers)")
            let handover = try #require(try await DeskHandover.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$acceptedAt == nil)
                .filter(\.$day == Self.time.day(try Self.tomorrow(at: "08:10"))).first())
            let items = try await DeskHandoverItem.query(on: t.db).filter(\.$handover.$id == handover.id!).all().map { $0.$item.id.uuidString }
            let takers = ["kf.lingban", "kf.lingban2", "kf.yuangong", "kf.yuangong2"]
            let accepts = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask { try await t.api(.POST, "/desk-handovers/\(handover.id!)/acceptance", as: takers[index % 4], json: ["itemIDs": items]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(accepts.filter { $0 == .ok }.count == 1 && accepts.filter { $0 == .conflict }.count == 19, "\(accepts)")
            try await t.expectChainIntact()
        }
    }

    @Test("SH-33 [9.2]: the month's complaints by outcome; leadership signs once, after the month, and the signed figures stay", arguments: TestDatabase.selected)
    func sh33MonthlyReview(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let thisMonth = String(Self.time.day(testNow).prefix(7))
            let current = try await t.api(.GET, "/properties/\(zc.id!)/complaint-reviews/\(thisMonth)", as: "kf.zhuguan")
            let figures = try #require(try current.json()["figures"] as? [String: Any])
            #expect((figures["total"] as? Int ?? 0) >= 5 && (figures["satisfied"] as? Int ?? 0) >= 1 && (figures["reopened"] as? Int ?? 0) >= 1, "\(current.text)")
            let notOver = try await t.api(.POST, "/properties/\(zc.id!)/complaint-reviews/\(thisMonth)", as: "leader", json: ["note": "好"])
            #expect(notOver.status == .conflict && notOver.error?.rule == "SH-33", "\(notOver.text)")
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/complaint-reviews/2026-09", as: "kf.jingli", json: ["note": "好"]).status == .forbidden)
            #expect(try await t.api(.POST, "/properties/\(zc.id!)/complaint-reviews/2026-13", as: "leader", json: ["note": "好"]).status == .unprocessableEntity)
            let signed = try await t.api(.POST, "/properties/\(zc.id!)/complaint-reviews/2026-09", as: "leader", json: ["note": "九月无投诉"])
            #expect(signed.status == .created, "\(signed.text)")
            let twice = try await t.api(.POST, "/properties/\(zc.id!)/complaint-reviews/2026-09", as: "leader", json: ["note": "再签"])
            #expect(twice.status == .conflict, "\(twice.text)")
            let session = try await PageSession.signIn(t, as: "kf.zhuguan")
            let page = try await session.get("/properties/\(zc.id!)/complaint-reviews?month=\(thisMonth)")
            #expect(page.status == .ok && page.text.contains("处理有效率"))
        }
    }

    @Test("SH-33: bad input names the field and rule — unknown kind, another property's customer, unknown ids — and writes nothing", arguments: TestDatabase.selected)
    func sh33BadInput(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let yw = try await t.property("YW")
            let before = try await footprint(t)
            let cases: [([String: Any], String)] = [
                (["source": "phone", "description": "x"], "kind"),
                (["kind": "gossip", "source": "phone", "description": "x"], "kind"),
                (["kind": "request", "source": "phone"], "description"),
                (["kind": "incident", "source": "phone", "description": "x"], "department"),
                (["kind": "request", "source": "phone", "description": "x", "customerID": UUID().uuidString], "customerID"),
                (["kind": "request", "source": "phone", "description": "x", "unitID": UUID().uuidString], "unitID"),
                (["kind": "request", "source": "phone", "description": "x", "guestPhone": "call me"], "guestPhone"),
            ]
            for (json, field) in cases {
                let reply = try await record(t, json)
                #expect((reply.status == .badRequest || reply.status == .notFound) && reply.error?.field == field, "\(json): \(reply.text)")
            }
            if let theirs = try await Customer.query(on: t.db).filter(\.$property.$id == yw.id!).first() {
                let foreign = try await record(t, ["kind": "request", "source": "phone", "description": "x", "customerID": theirs.id!.uuidString])
                #expect(foreign.status == .notFound && foreign.error?.field == "customerID", "\(foreign.text)")
            }
            let elsewhere = try await record(t, as: "kf.yuangong", ["kind": "request", "source": "phone", "description": "x"], property: "YW")
            #expect(elsewhere.status == .forbidden && elsewhere.error?.rule == "ORG-4", "\(elsewhere.text)")
            #expect(try await t.api(.POST, "/service-items/\(UUID())/done", as: "kf.lingban", json: ["note": "x"]).status == .notFound)
            #expect(try await footprint(t) == before)
        }
    }
}
