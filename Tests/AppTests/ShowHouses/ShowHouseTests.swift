@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The show-house day (篇1 6.x: SH-4, SH-10…SH-18) through real HTTP on a
/// real database. The demo leaves today's B户型样板房 untouched; the clock
/// is moved across the day in the property's time zone.
@Suite("Show-house day (SH-4, SH-10…SH-18)")
struct ShowHouseTests {
    static let time = LocalTime("Asia/Shanghai")
    static let photo = "data:image/png;base64," + Data(DemoPhoto.png(width: 32, height: 24)).base64EncodedString()

    func house(_ t: TestApp, _ name: String = "B户型样板房") async throws -> ShowHouse {
        try #require(try await ShowHouse.query(on: t.db).filter(\.$name == name).first())
    }

    /// Today (or `days` later) at a local time.
    func at(_ hhmm: String, days: Int = 0) -> Date {
        Self.time.parseDateTime(Self.time.day(testNow.addingTimeInterval(Double(days) * 86_400)) + "T" + hhmm)!
    }

    func count(_ kind: String, lines: Int = DemoData.demoInventory.count, fault: (Int, String, String?)? = nil, photos: [String] = [],
               extra: [String: Any] = [:]) -> [String: Any] {
        let marks: [[String: Any]] = (0..<lines).map { index in
            guard let fault, fault.0 == index else { return ["state": "present"] }
            return ["state": fault.1, "note": fault.2 as Any].compactMapValues { $0 is NSNull ? nil : $0 }
        }
        var body: [String: Any] = ["kind": kind, "marks": marks, "hygieneOK": true, "photos": photos]
        if kind == "opening" {
            body.merge(["outdoorTemp": 20, "setTemp": 23, "dayType": "normal", "shoeCovers": "cloth", "signage": true]) { $1 }
        }
        return body.merging(extra) { $1 }
    }

    func footprint(_ t: TestApp) async throws -> [Int] {
        var counts: [Int] = []
        for table in [ShowHouseCount.schema, ShowHouseFinding.schema, ServiceItem.schema, VisitorBatch.schema, VisitorRefusal.schema, GuestFeedback.schema,
                      ShowHouseDay.schema, AuditEvent.schema, Attachment.schema] { counts.append(try await t.count(table)) }
        return counts
    }

    @Test("SH-10, SH-11: a damaged item at the closing count opens a repair for engineering that shows at the next opening count and is not raised twice; one count of each kind a day; late after 09:00", arguments: TestDatabase.selected)
    func sh11FindingCarriesToTheNextCount(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            t.clock.set(at("08:45"))
            let opened = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("opening"))
            #expect(opened.status == .created, "\(opened.text)")
            let first = try #require((try opened.json()["counts"] as? [[String: Any]])?.first)
            #expect(first["late"] as? Bool == false && (first["lines"] as? [[String: Any]])?.count == DemoData.demoInventory.count)
            let twice = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong2", json: count("opening"))
            #expect(twice.status == .conflict && twice.error?.rule == "SH-10", "one opening count a day: \(twice.text)")
            t.clock.set(at("18:05"))
            let before = try await footprint(t)
            let refusals: [([String: Any], HTTPResponseStatus, String, String)] = [
                (count("closing", fault: (6, "damaged", nil), photos: [Self.photo]), .badRequest, "marks.6.note", "SH-11"),
                (count("closing", fault: (6, "damaged", "灯罩破裂")), .badRequest, "photos", "SH-11"),
                (count("closing", lines: 9), .unprocessableEntity, "marks", "SH-10"),
                (count("closing").merging(["hygieneOK": false]) { $1 }, .badRequest, "hygieneNote", "SH-10"),
                (count("closing").filter { $0.key != "kind" }, .badRequest, "kind", "SH-10"),
            ]
            for (body, status, field, rule) in refusals {
                let reply = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: body)
                #expect(reply.status == status && reply.error?.field == field && reply.error?.rule == rule, "\(field) \(rule): \(reply.text)")
            }
            try #expect(try await footprint(t) == before, "a refused count wrote something")
            let guardCounts = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "ag.yuangong", json: count("closing"))
            #expect(guardCounts.status == .forbidden, "security does not count the show house: \(guardCounts.text)")
            let closing = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("closing", fault: (6, "damaged", "灯罩破裂"), photos: [Self.photo]))
            #expect(closing.status == .created, "\(closing.text)")
            let finding = try #require((try closing.json()["openFindings"] as? [[String: Any]])?.first { $0["item"] as? String == "床头台灯" })
            let itemID = try #require(finding["serviceItemID"] as? String)
            let item = try await t.api(.GET, "/service-items/\(itemID)", as: "kf.yuangong").json()
            #expect(item["kind"] as? String == "repair" && item["department"] as? String == "engineering" && item["source"] as? String == "show_house", "\(item)")
            try #expect(try await Attachment.query(on: t.db).filter(\.$ownerType == ShowHouseCount.auditType).count() >= 1)
            // The next morning, late: the open repair is on the day's page and on the line, and counting it damaged again raises nothing new.
            t.clock.set(at("09:10", days: 1))
            let items = try await t.count(ServiceItem.schema)
            let next = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong2", json: count("opening", fault: (6, "damaged", "仍未修好"), photos: [Self.photo]))
            #expect(next.status == .created, "\(next.text)")
            let day = try next.json()
            #expect((day["openFindings"] as? [[String: Any]])?.contains { $0["serviceItemID"] as? String == itemID } == true)
            #expect((day["counts"] as? [[String: Any]])?.first?["late"] as? Bool == true, "after 09:00 is late (SH-10)")
            try #expect(try await t.count(ServiceItem.schema) == items, "the same open line is not raised again")
            let page = try await PageSession.signIn(t, as: "kf.yuangong").get("/show-houses/\(b.id!)/counts/new?kind=closing")
            try #expect(page.text.contains("未结") && page.text.contains(try #require(finding["serviceItemNo"] as? String)), "the count form shows the open line")
        }
    }

    @Test("SH-12, SH-13: the air conditioning's setting by the weather and the crowd, and the lobby's shoe covers, umbrella bagger and signage by the day", arguments: TestDatabase.selected)
    func sh12ClimateAndLobby(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            t.clock.set(at("08:40"))
            let before = try await footprint(t)
            let refusals: [([String: Any], String, String)] = [
                (["setTemp": 25], "setTemp", "SH-12"),
                (["outdoorTemp": 33, "setTemp": 25], "setTemp", "SH-12"),
                (["raining": true, "shoeCovers": "disposable", "umbrellaBagger": true], "dehumidify", "SH-12"),
                (["raining": true, "dehumidify": true, "umbrellaBagger": true], "shoeCovers", "SH-13"),
                (["dayType": "opening"], "shoeCovers", "SH-13"),
                (["raining": true, "dehumidify": true, "shoeCovers": "disposable"], "umbrellaBagger", "SH-13"),
                (["signage": false], "signage", "SH-13"),
            ]
            for (extra, field, rule) in refusals {
                let reply = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("opening", extra: extra))
                #expect(reply.status == .unprocessableEntity && reply.error?.field == field && reply.error?.rule == rule, "\(extra): \(reply.text)")
            }
            let missing = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("opening").filter { $0.key != "outdoorTemp" })
            #expect(missing.status == .badRequest && missing.error?.field == "outdoorTemp", "\(missing.text)")
            try #expect(try await footprint(t) == before)
            let hotCrowdedRain = ["outdoorTemp": 33, "setTemp": 24, "crowded": true, "raining": true, "dehumidify": true, "shoeCovers": "disposable", "umbrellaBagger": true] as [String: Any]
            let ok = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("opening", extra: hotCrowdedRain))
            #expect(ok.status == .created, "\(ok.text)")
            #expect(ShowHouseRules.shoeCovers(for: .normal, raining: false) == .cloth && ShowHouseRules.shoeCovers(for: .peak, raining: false) == .disposable)
        }
    }

    @Test("SH-14, SH-15, SH-4: a batch goes up with its sales person, each count is confirmed by the other post in order, a count that differs is flagged; no sales person, turned away and counted", arguments: TestDatabase.selected)
    func sh14BatchCounts(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            t.clock.set(at("10:30"))
            let noSales = try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["headcount": 5])
            #expect(noSales.status == .badRequest && noSales.error?.field == "salesName" && noSales.error?.rule == "SH-4", "\(noSales.text)")
            let turned = try await t.api(.POST, "/show-houses/\(b.id!)/refusals", as: "wy.zhuguan", json: ["headcount": 3, "note": "无销售陪同"])
            try #expect(turned.status == .created && (try turned.json()["showHouse"] as? [String: Any])?["turnedAway"] as? Int == 3, "\(turned.text)")
            let sent = try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["salesName": "置业顾问 王磊", "headcount": 5])
            #expect(sent.status == .created, "\(sent.text)")
            let batch = try #require((try sent.json()["batches"] as? [[String: Any]])?.last)
            let id = try #require(batch["id"] as? String)
            #expect(batch["number"] as? Int == 1)
            let early = try await t.api(.POST, "/visitor-batches/\(id)/departure", as: "kf.yuangong", json: ["count": 5])
            #expect(early.status == .conflict && early.error?.rule == "SH-14", "not before the arrival: \(early.text)")
            let selfConfirm = try await t.api(.POST, "/visitor-batches/\(id)/arrival", as: "wy.zhuguan", json: ["count": 5])
            #expect(selfConfirm.status == .forbidden && selfConfirm.error?.rule == "SH-14", "the other post confirms: \(selfConfirm.text)")
            let notesEarly = try await t.api(.POST, "/visitor-batches/\(id)/arrival", as: "kf.yuangong", json: ["count": 5, "notes": ["children"]])
            #expect(notesEarly.status == .unprocessableEntity && notesEarly.error?.rule == "SH-15", "\(notesEarly.text)")
            try #expect(try await t.api(.POST, "/visitor-batches/\(id)/arrival", as: "kf.yuangong", json: ["count": 5]).status == .ok)
            let again = try await t.api(.POST, "/visitor-batches/\(id)/arrival", as: "kf.yuangong2", json: ["count": 5])
            #expect(again.status == .conflict, "\(again.text)")
            let left = try await t.api(.POST, "/visitor-batches/\(id)/departure", as: "kf.yuangong", json: ["count": 4, "notes": ["children", "smoking_stopped"], "note": "一位客人先行下楼"])
            #expect(left.status == .ok, "\(left.text)")
            let mine = try await t.api(.POST, "/visitor-batches/\(id)/return", as: "kf.yuangong", json: ["count": 4])
            #expect(mine.status == .forbidden && mine.error?.rule == "SH-14", "\(mine.text)")
            let back = try await t.api(.POST, "/visitor-batches/\(id)/return", as: "wy.zhuguan", json: ["count": 4])
            #expect(back.status == .ok, "\(back.text)")
            let done = try #require((try back.json()["batches"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect(done["mismatch"] as? Bool == true && done["notes"] as? [String] == ["children", "smoking_stopped"], "4 of 5 is flagged: \(done)")
            let summary = try #require(try await t.api(.GET, "/properties/\(b.$property.id)/show-houses", as: "kf.lingban").jsonArray().first { $0["id"] as? String == b.id!.uuidString })
            #expect(summary["visitors"] as? Int == 5 && summary["turnedAway"] as? Int == 3 && summary["batches"] as? Int == 1)
            // Twelve batches sent at once take twelve numbers.
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<12 { group.addTask { try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["salesName": "李婷", "headcount": 2]).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0 == .created }, "\(replies)")
            let numbers = try await VisitorBatch.query(on: t.db).filter(\.$showHouse.$id == b.id!).filter(\.$day == Self.time.day(testNow)).all().map(\.number)
            #expect(numbers.sorted() == Array(1...13))
        }
    }

    @Test("SH-16, SH-33: an evaluation carries its stars; a complaint needs the guest's phone and goes to the service desk; a batch of another show house is refused", arguments: TestDatabase.selected)
    func sh16Feedback(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t), a = try await house(t, "A户型样板房")
            t.clock.set(at("11:00"))
            let noStars = try await t.api(.POST, "/show-houses/\(b.id!)/feedback", as: "kf.yuangong", json: ["kind": "evaluation", "text": "很好"])
            #expect(noStars.status == .badRequest && noStars.error?.field == "rating" && noStars.error?.rule == "SH-16", "\(noStars.text)")
            let noPhone = try await t.api(.POST, "/show-houses/\(b.id!)/feedback", as: "kf.yuangong", json: ["kind": "complaint", "text": "销售态度差"])
            #expect(noPhone.status == .badRequest && noPhone.error?.field == "guestPhone" && noPhone.error?.rule == "SH-33", "\(noPhone.text)")
            let aBatch = try #require(try await VisitorBatch.query(on: t.db).filter(\.$showHouse.$id == a.id!).first())
            let elsewhere = try await t.api(.POST, "/show-houses/\(b.id!)/feedback", as: "kf.yuangong", json: ["kind": "opinion", "text": "x", "batchID": aBatch.id!.uuidString])
            #expect(elsewhere.status == .notFound && elsewhere.error?.field == "batchID", "\(elsewhere.text)")
            try #expect(try await t.api(.POST, "/show-houses/\(b.id!)/feedback", as: "kf.yuangong", json: ["kind": "evaluation", "rating": 5, "text": "主卧很大"]).status == .created)
            let items = try await t.count(ServiceItem.schema)
            let complaint = try await t.api(.POST, "/show-houses/\(b.id!)/feedback", as: "kf.yuangong",
                                            json: ["kind": "complaint", "text": "销售态度差", "guestName": "刘女士", "guestPhone": "13911112222"])
            #expect(complaint.status == .created, "\(complaint.text)")
            let said = try #require((try complaint.json()["feedback"] as? [[String: Any]])?.first { $0["kind"] as? String == "complaint" })
            let itemID = try #require(said["serviceItemID"] as? String)
            try #expect(try await t.count(ServiceItem.schema) == items + 1)
            let item = try await t.api(.GET, "/service-items/\(itemID)", as: "kf.yuangong").json()
            #expect(item["kind"] as? String == "complaint" && item["source"] as? String == "show_house" && (item["description"] as? String)?.contains("B户型") == true, "\(item)")
            let feedback = try #require(try await GuestFeedback.query(on: t.db).filter(\.$serviceItem.$id == UUID(uuidString: itemID)!).first())
            #expect(feedback.unitType == b.unitType, "kept per unit type for analysis")
        }
    }

    @Test("SH-17, SH-18: closing after the closing count with every batch out and every check confirmed; keys confirmed by the named guard; the day signed by a foreman who did not close it, then frozen", arguments: TestDatabase.selected)
    func sh18DayClosesOnlyWhenSigned(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            let zc = try await t.property("ZC")
            let post005 = try #require(try await Post.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "005岗").first())
            let lobbyPost = try #require(try await Post.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "大堂岗").first())
            let guardian = try await t.staff("ag.yuangong"), otherGuard = try await t.staff("ag.lingban")
            var closing: [String: Any] = ["checks": ClosingCheck.allCases.map(\.rawValue), "workLog": "接待 6 批，清点无误", "keysPostID": post005.id!.uuidString, "keysGuardID": guardian.id!.uuidString]
            t.clock.set(at("17:50"))
            let sent = try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["salesName": "王磊", "headcount": 2])
            let batchID = try #require((try sent.json()["batches"] as? [[String: Any]])?.last?["id"] as? String)
            try #expect(try await t.api(.POST, "/visitor-batches/\(batchID)/arrival", as: "kf.yuangong", json: ["count": 2]).status == .ok)
            t.clock.set(at("18:05"))
            let before = try await footprint(t)
            let uncounted = try await t.api(.POST, "/show-houses/\(b.id!)/closing", as: "kf.yuangong", json: closing)
            #expect(uncounted.status == .conflict && uncounted.error?.rule == "SH-17", "the closing count first: \(uncounted.text)")
            try #expect(try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("closing")).status == .created)
            let inside = try await t.api(.POST, "/show-houses/\(b.id!)/closing", as: "kf.yuangong", json: closing)
            #expect(inside.status == .conflict && inside.error?.rule == "SH-17" && inside.error?.message.contains("1 批") == true, "a batch is still inside: \(inside.text)")
            try #expect(try await t.api(.POST, "/visitor-batches/\(batchID)/departure", as: "kf.yuangong", json: ["count": 2]).status == .ok)
            let counted = try await footprint(t)
            let refusals: [([String: Any], HTTPResponseStatus, String)] = [
                (closing.merging(["checks": ["doors", "windows", "lights", "air_conditioning", "audio"]]) { $1 }, .badRequest, "checks"),
                (closing.merging(["keysPostID": lobbyPost.id!.uuidString]) { $1 }, .unprocessableEntity, "keysPostID"),
                (closing.merging(["keysGuardID": (try await t.staff("kf.lingban")).id!.uuidString]) { $1 }, .unprocessableEntity, "keysGuardID"),
                (closing.filter { $0.key != "workLog" }, .badRequest, "workLog"),
            ]
            for (body, status, field) in refusals {
                let reply = try await t.api(.POST, "/show-houses/\(b.id!)/closing", as: "kf.yuangong", json: body)
                #expect(reply.status == status && reply.error?.field == field && reply.error?.rule == "SH-17", "\(field): \(reply.text)")
            }
            try #expect(try await footprint(t) == counted, "a refused closing wrote something")
            #expect(counted != before)
            let closed = try await t.api(.POST, "/show-houses/\(b.id!)/closing", as: "kf.yuangong", json: closing)
            #expect(closed.status == .created, "\(closed.text)")
            let record = try #require(try closed.json()["closing"] as? [String: Any])
            let dayID = try #require(record["id"] as? String)
            #expect(record["status"] as? String == "keys_pending")
            closing["workLog"] = "again"
            try #expect(try await t.api(.POST, "/show-houses/\(b.id!)/closing", as: "kf.yuangong2", json: closing).status == .conflict, "one closing a day")
            let early = try await t.api(.POST, "/show-house-days/\(dayID)/review", as: "kf.lingban", json: [:])
            #expect(early.status == .conflict && early.error?.rule == "SH-17", "not before security has the keys: \(early.text)")
            let wrongGuard = try await t.api(.POST, "/show-house-days/\(dayID)/keys-received", as: otherGuard.username)
            #expect(wrongGuard.status == .forbidden && wrongGuard.error?.rule == "SH-17", "\(wrongGuard.text)")
            try #expect(try await t.api(.POST, "/show-house-days/\(dayID)/keys-received", as: "kf.yuangong").status == .forbidden)
            let received = try await t.api(.POST, "/show-house-days/\(dayID)/keys-received", as: guardian.username)
            try #expect(received.status == .ok && (try received.json()["closing"] as? [String: Any])?["status"] as? String == "to_review", "\(received.text)")
            let staffSigns = try await t.api(.POST, "/show-house-days/\(dayID)/review", as: "kf.yuangong2", json: [:])
            #expect(staffSigns.status == .forbidden && staffSigns.error?.rule == "SH-18", "a foreman or supervisor signs: \(staffSigns.text)")
            let signed = try await t.api(.POST, "/show-house-days/\(dayID)/review", as: "kf.lingban", json: ["note": "已核", "signature": DemoData.demoSignature])
            try #expect(signed.status == .ok && (try signed.json()["closing"] as? [String: Any])?["status"] as? String == "signed", "\(signed.text)")
            let twice = try await t.api(.POST, "/show-house-days/\(dayID)/review", as: "kf.lingban2", json: [:])
            #expect(twice.status == .conflict && twice.error?.rule == "SH-18", "signed is frozen: \(twice.text)")
            // Closed, the day takes nothing more: no batch, no feedback, no count (SH-17).
            for (path, body) in [("batches", ["salesName": "王磊", "headcount": 2] as [String: Any]), ("feedback", ["kind": "opinion", "text": "晚到"]), ("counts", count("closing"))] {
                let late = try await t.api(.POST, "/show-houses/\(b.id!)/\(path)", as: "kf.yuangong", json: body)
                #expect(late.status == .conflict && late.error?.rule == "SH-17", "\(path) after closing: \(late.text)")
            }
            // A foreman who closed cannot sign their own day.
            let own = ShowHouseDay()
            own.reviewedAt = nil; own.keysReceivedAt = Date(); own.$closedBy.id = (try await t.staff("kf.lingban")).id!
            try #expect(throws: WuyeError.self) { try ShowHouseRules.checkReview(own, reviewer: own.$closedBy.id) }
        }
    }

    @Test("SH-10: the inventory list is versioned, used from the next count; each line may carry a photo of its placement, kept into later versions; another show house's photo is refused", arguments: TestDatabase.selected)
    func sh10InventoryVersionsAndPhotos(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t), a = try await house(t, "A户型样板房")
            let lines: [[String: Any]] = [["room": "客厅", "item": "沙发", "expected": 1, "photo": Self.photo], ["room": "主卧", "item": "台灯", "expected": 2]]
            let clerk = try await t.api(.POST, "/show-houses/\(b.id!)/inventory", as: "kf.yuangong", json: ["items": lines])
            #expect(clerk.status == .forbidden, "a supervisor keeps the list: \(clerk.text)")
            let saved = try await t.api(.POST, "/show-houses/\(b.id!)/inventory", as: "kf.zhuguan", json: ["items": lines])
            #expect(saved.status == .created, "\(saved.text)")
            let items = try #require(try saved.json()["items"] as? [[String: Any]])
            let photo = try #require(items[0]["photo"] as? String)
            try #expect(try saved.json()["version"] as? Int == 2 && items[1]["photo"] == nil)
            let image = try await t.api(.GET, "/show-houses/\(b.id!)/placement-photos/\(photo)", as: "ag.yuangong")
            #expect(image.status == .ok && image.headers.contentType?.subType == "png")
            try #expect(try await t.api(.GET, "/show-houses/\(a.id!)/placement-photos/\(photo)", as: "ag.yuangong").status == .notFound, "the photo is B's")
            let kept = try await t.api(.POST, "/show-houses/\(b.id!)/inventory", as: "kf.zhuguan", json: ["items": [["room": "客厅", "item": "沙发", "expected": 1, "photoID": photo]]])
            try #expect(kept.status == .created && (try kept.json()["items"] as? [[String: Any]])?.first?["photo"] as? String == photo, "\(kept.text)")
            let stolen = try await t.api(.POST, "/show-houses/\(a.id!)/inventory", as: "kf.zhuguan", json: ["items": [["room": "客厅", "item": "沙发", "expected": 1, "photoID": photo]]])
            #expect(stolen.status == .notFound && stolen.error?.field == "items.0.photoID", "\(stolen.text)")
            let notImage = try await t.api(.POST, "/show-houses/\(b.id!)/inventory", as: "kf.zhuguan", json: ["items": [["room": "客厅", "item": "沙发", "photo": "data:image/png;base64,aGVsbG8="]]])
            #expect(notImage.status == .unprocessableEntity && notImage.error?.field == "items.0.photo", "\(notImage.text)")
            // The next count uses version 3: one line.
            t.clock.set(at("08:40"))
            let counted = try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: "kf.yuangong", json: count("opening", lines: 1))
            try #expect(counted.status == .created && (try counted.json()["counts"] as? [[String: Any]])?.first?["inventoryVersion"] as? Int == 3, "\(counted.text)")
        }
    }

    @Test("SH-10, SH-18: what is open at a show house — a count not done by its time, a day not signed — is carried on the reception post's handover sheet", arguments: TestDatabase.selected)
    func sh10CarriedOnTheHandover(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let post = try #require(try await Post.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "样板房接待岗").first())
            t.clock.set(at("09:30"))
            let started = try await t.api(.POST, "/posts/\(post.id!)/handover-sheets", as: "kf.yuangong2", json: ["shift": "night"])
            let sheet = try started.json()
            let id = try #require(sheet["id"] as? String, "\(started.text)")
            let items = try #require(sheet["checklist"] as? [[String: Any]]).count
            let signed = try await t.api(.POST, "/handover-sheets/\(id)/sign-out", as: "kf.yuangong2", json: [
                "marks": (0..<items).map { _ in ["ok": true] }, "workLog": "接待", "cabinetCounted": try await HandoverQueries.keysInCabinet(property: zc.id!, on: t.db),
                "incomingID": (try await t.staff("kf.lingban2")).id!.uuidString])
            let carried = try #require(try signed.json()["carried"] as? [[String: Any]], "\(signed.text)")
            #expect(carried.contains { $0["kind"] as? String == "show_house_count" && ($0["label"] as? String)?.hasPrefix("B户型样板房") == true
                && ($0["detail"] as? String)?.contains("开馆清点") == true }, "B's opening count is not done: \(carried)")
            #expect(carried.contains { $0["kind"] as? String == "show_house_day" && ($0["label"] as? String)?.hasPrefix("A户型样板房") == true }, "yesterday's A day is not signed")
            #expect(!carried.contains { $0["kind"] as? String == "show_house_count" && ($0["label"] as? String)?.hasPrefix("A户型样板房") == true }, "A was counted today")
        }
    }

    @Test("SH-10: twelve opening counts sent at once make one; the others are told it is already recorded", arguments: TestDatabase.selected)
    func sh10OneCountUnderRace(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            t.clock.set(at("08:35"))
            _ = try await t.token(for: "kf.yuangong"); _ = try await t.token(for: "kf.yuangong2")
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<12 {
                    group.addTask { try await t.api(.POST, "/show-houses/\(b.id!)/counts", as: index % 2 == 0 ? "kf.yuangong" : "kf.yuangong2", json: count("opening")).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .created }.count == 1 && replies.filter { $0 == .conflict }.count == 11, "\(replies)")
        }
    }
}
