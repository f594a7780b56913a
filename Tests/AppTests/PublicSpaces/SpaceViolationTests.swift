@testable import App
import Fluent
import Testing
import Vapor

/// Public-space violations (篇2 PS-4, PS-5) through real HTTP on a real database.
@Suite("Public-space violations (PS-4, PS-5)")
struct SpaceViolationTests {
    static let photo = "data:image/png;base64," + Data(DemoPhoto.png(width: 32, height: 24)).base64EncodedString()
    static let time = LocalTime("Asia/Shanghai")

    static func day(_ offset: Int) -> String { time.day(testNow.addingTimeInterval(Double(offset) * 86_400)) }

    func report(_ t: TestApp, as user: String = "ag.yuangong", photos: [String] = [photo], kind: String = "posters", property: String = "ZC") async throws -> TestApp.Reply {
        try await t.api(.POST, "/properties/\((try await t.property(property)).id!)/space-violations", as: user, json: [
            "kind": kind, "place": "1栋电梯厅玻璃门", "description": "贴满开锁小广告", "photos": photos,
        ])
    }

    func reported(_ t: TestApp, as user: String = "ag.yuangong") async throws -> String {
        let reply = try await report(t, as: user)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(try reply.json()["id"] as? String)
    }

    @Test("PS-5: anyone on patrol reports with a photo — a guard, an engineer — and follows their own report; nobody reports at another property", arguments: TestDatabase.selected)
    func ps5AnyoneReports(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let year = Self.day(0).prefix(4)
            let first = try await report(t)
            #expect(first.status == .created, "\(first.text)")
            let json = try first.json()
            // The demo holds five of this year's violations already.
            #expect(json["referenceNo"] as? String == "WZ-\(year)-0006" && json["status"] as? String == "reported", "\(first.text)")
            let photoPath = try #require((json["photos"] as? [String])?.first)
            let photo = try await t.api(.GET, String(photoPath.dropFirst("/api/v1".count)), as: "ag.yuangong")
            #expect(photo.status == .ok && photo.headers.contentType?.description == "image/png" && Array(photo.body) == DemoPhoto.png(width: 32, height: 24))
            let engineer = try await report(t, as: "gc.lingban", kind: "damage")
            #expect(engineer.status == .created, "\(engineer.text)")
            // A guard sees their own report, not the register.
            let id = try #require(json["id"] as? String)
            #expect(try await t.api(.GET, "/space-violations/\(id)", as: "ag.yuangong").status == .ok)
            #expect(try await t.api(.GET, "/space-violations/\(id)", as: "gc.lingban").status == .forbidden)
            let engineersOwn = try #require(try engineer.json()["id"] as? String)
            #expect(try await t.api(.GET, "/space-violations/\(engineersOwn)", as: "gc.lingban").status == .ok, "a reporter follows their own report")
            let ownList = try await t.api(.GET, "/properties/\((try await t.property("ZC")).id!)/space-violations?status=all", as: "gc.lingban")
            let listed = try #require(try ownList.json()["items"] as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == [engineersOwn], "an engineer's list is his own reports only")
            let elsewhere = try await report(t, as: "ag.yuangong", property: "YW")
            #expect(elsewhere.status == .forbidden && elsewhere.error?.rule == "ORG-4", "\(elsewhere.text)")
            // The register and customer service's to-do list show it.
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let start = try await session.get("/")
            #expect(start.text.contains("处理违章 WZ-\(year)-0006"), "customer service is told")
            let mine = try await PageSession.signIn(t, as: "gc.lingban")
            let own = try await mine.get("/properties/\((try await t.property("ZC")).id!)/space-violations")
            #expect(own.status == .ok && own.text.contains("我报告的违章") && own.text.contains("WZ-\(year)-0007") && !own.text.contains("WZ-\(year)-0006"))
        }
    }

    @Test("PS-4: a report without a photo, with a file that is no image, or naming another property's space is refused; nothing written", arguments: TestDatabase.selected)
    func ps4BadReports(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let yw = try await t.property("YW")
            let made = try await t.api(.POST, "/properties/\(yw.id!)/public-spaces", as: "kf.jingli", json: ["name": "y湾大堂", "kind": "lobby", "areaM2": "50", "feeYuan": "100"])
            let otherSpace = try #require(try made.json()["id"] as? String)
            let before = [try await t.count(SpaceViolation.schema), try await t.count(Attachment.schema), try await t.count(AuditEvent.schema)]
            let none = try await report(t, photos: [])
            #expect(none.status == .badRequest && none.error?.field == "photos" && none.error?.rule == "PS-4", "\(none.text)")
            let text = try await report(t, photos: ["data:image/png;base64," + Data("not a picture".utf8).base64EncodedString()])
            #expect(text.status == .unprocessableEntity && text.error?.field == "photos.0", "\(text.text)")
            let broken = try await report(t, photos: ["data:image/png;base64,@@@"])
            #expect(broken.status == .unprocessableEntity && broken.error?.field == "photos.0", "\(broken.text)")
            let five = try await report(t, photos: Array(repeating: Self.photo, count: 5))
            #expect(five.status == .badRequest && five.error?.field == "photos", "\(five.text)")
            let wrongKind = try await report(t, kind: "noise")
            #expect(wrongKind.status == .badRequest && wrongKind.error?.field == "kind", "\(wrongKind.text)")
            let zc = try await t.property("ZC")
            let foreign = try await t.api(.POST, "/properties/\(zc.id!)/space-violations", as: "ag.yuangong",
                                          json: ["kind": "posters", "spaceID": otherSpace, "description": "x", "photos": [Self.photo]])
            #expect(foreign.status == .notFound && foreign.error?.field == "spaceID", "\(foreign.text)")
            let after = [try await t.count(SpaceViolation.schema), try await t.count(Attachment.schema), try await t.count(AuditEvent.schema)]
            #expect(after == before)
        }
    }

    @Test("PS-4: ordered put right by a day, found not restored (a new day), then restored; the penalty by a supervisor, paid once; every step out of order refused", arguments: TestDatabase.selected)
    func ps4OrderCheckPenalty(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await reported(t)
            let customer = try #require(try await Customer.query(on: t.db).filter(\.$property.$id == (try await t.property("ZC")).id!).sort(\.$name).first())
            let earlyCheck = try await t.api(.POST, "/space-violations/\(id)/check", as: "kf.yuangong", json: ["restored": true])
            #expect(earlyCheck.status == .conflict && earlyCheck.error?.rule == "PS-4", "\(earlyCheck.text)")
            let earlyPenalty = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.zhuguan", json: ["penaltyYuan": "200", "basis": "规约"])
            #expect(earlyPenalty.status == .conflict, "\(earlyPenalty.text)")
            let guardOrders = try await t.api(.POST, "/space-violations/\(id)/order", as: "ag.zhuguan", json: ["party": "x", "restoreBy": Self.day(1)])
            #expect(guardOrders.status == .forbidden && guardOrders.error?.rule == "PS-4")
            let nobody = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong", json: ["restoreBy": Self.day(1)])
            #expect(nobody.status == .badRequest && nobody.error?.field == "party", "\(nobody.text)")
            let past = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong", json: ["party": "x", "restoreBy": Self.day(-1)])
            #expect(past.status == .unprocessableEntity && past.error?.field == "restoreBy", "\(past.text)")
            let far = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong", json: ["party": "x", "restoreBy": Self.day(120)])
            #expect(far.status == .unprocessableEntity && far.error?.field == "restoreBy", "\(far.text)")
            let ordered = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong",
                                          json: ["customerID": customer.id!.uuidString, "restoreBy": Self.day(2), "note": "两日内清除"])
            #expect(try ordered.status == .ok && ordered.json()["party"] as? String == customer.name, "\(ordered.text)")
            let again = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong", json: ["party": "x", "restoreBy": Self.day(2)])
            #expect(again.status == .conflict)
            let dismissLate = try await t.api(.POST, "/space-violations/\(id)/dismissal", as: "kf.yuangong", json: ["note": "x"])
            #expect(dismissLate.status == .conflict)
            let noNewDay = try await t.api(.POST, "/space-violations/\(id)/check", as: "kf.yuangong", json: ["restored": false, "note": "仍有两张"])
            #expect(noNewDay.status == .badRequest && noNewDay.error?.field == "restoreBy", "\(noNewDay.text)")
            let restoredWithDay = try await t.api(.POST, "/space-violations/\(id)/check", as: "kf.yuangong", json: ["restored": true, "restoreBy": Self.day(3)])
            #expect(restoredWithDay.status == .unprocessableEntity && restoredWithDay.error?.field == "restoreBy", "a new day with 'restored' is a slip, not ignored")
            let notYet = try await t.api(.POST, "/space-violations/\(id)/check", as: "kf.yuangong", json: ["restored": false, "note": "仍有两张", "restoreBy": Self.day(3)])
            #expect(try notYet.status == .ok && notYet.json()["failedChecks"] as? Int == 1 && notYet.json()["restoreBy"] as? String == Self.day(3))
            let staffPenalty = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.yuangong", json: ["penaltyYuan": "200", "basis": "规约"])
            #expect(staffPenalty.status == .forbidden)
            let noBasis = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.zhuguan", json: ["penaltyYuan": "200"])
            #expect(noBasis.status == .badRequest && noBasis.error?.field == "basis")
            let zero = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.zhuguan", json: ["penaltyYuan": "0", "basis": "规约"])
            #expect(zero.status == .unprocessableEntity && zero.error?.field == "penaltyYuan", "\(zero.text)")
            let penalty = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.zhuguan", json: ["penaltyYuan": "200.50", "basis": "《管理规约》第十二条"])
            #expect(try penalty.status == .ok && penalty.json()["penaltyFen"] as? Int == 20_050, "\(penalty.text)")
            let changed = try await t.api(.POST, "/space-violations/\(id)/penalty", as: "kf.zhuguan", json: ["penaltyYuan": "1", "basis": "x"])
            #expect(changed.status == .conflict)
            let restored = try await t.api(.POST, "/space-violations/\(id)/check", as: "kf.yuangong2", json: ["restored": true, "note": "已清除干净"])
            #expect(try restored.status == .ok && restored.json()["status"] as? String == "restored")
            // CA-2 [3.7]: the violation and the unpaid penalty are in the customer's file.
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let file = try await session.get("/customers/\(customer.id!)")
            #expect(file.text.contains("违章与欠费") && file.text.contains("欠罚款 ¥200.50"), "the file shows the arrears")
            let owed = try await CustomerQueries.arrearsFen(of: customer.id!, on: t.db)
            #expect(owed >= 20_050 && file.text.contains("id=\"arrears-total\"") && file.text.contains("¥" + CustomerRules.yuan(owed)))
            let paid = try await t.api(.POST, "/space-violations/\(id)/payment", as: "kf.yuangong", json: ["receiptNo": "FK-0001"])
            #expect(try paid.status == .ok && paid.json()["penaltyReceipt"] as? String == "FK-0001")
            let twice = try await t.api(.POST, "/space-violations/\(id)/payment", as: "kf.yuangong", json: ["receiptNo": "FK-0002"])
            #expect(twice.status == .conflict)
            let after = try await session.get("/customers/\(customer.id!)")
            #expect(after.text.contains("罚款 ¥200.50 已收") && !after.text.contains("欠罚款 ¥200.50"))
            try await t.expectChainIntact()
        }
    }

    @Test("PS-4: the check is due on the day to restore by and late the minute after it ends, in the property's time zone", arguments: TestDatabase.selected)
    func ps4CheckClock(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await reported(t)
            let ordered = try await t.api(.POST, "/space-violations/\(id)/order", as: "kf.yuangong", json: ["party": "3栋商铺", "restoreBy": Self.day(2)])
            #expect(ordered.status == .ok, "\(ordered.text)")
            let number = try #require(try ordered.json()["referenceNo"] as? String)
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            func line() async throws -> String? {
                let page = try await session.get("/")
                guard let range = page.text.range(of: "复查违章 \(number)") else { return nil }
                return String(page.text[range.lowerBound...].prefix(400))
            }
            #expect(try await line() == nil, "not due two days ahead")
            let endOfDay = try #require(Self.time.endOfDay(Self.day(2)))
            t.clock.set(endOfDay.addingTimeInterval(-86_400 - 60))
            #expect(try await line() == nil, "the minute before the day starts")
            t.clock.set(endOfDay.addingTimeInterval(-86_400 + 60))
            let due = try #require(try await line(), "due on the day")
            #expect(!due.contains("逾期"))
            t.clock.set(endOfDay.addingTimeInterval(60))
            let page = try await session.get("/space-violations/\(id)")
            #expect(page.text.contains("已逾期"), "late the minute after the day ends")
        }
    }

    @Test("PS-4: a refused order comes back with the customer that was chosen", arguments: TestDatabase.selected)
    func ps4RefusedOrderKeepsCustomer(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await reported(t)
            let customer = try #require(try await Customer.query(on: t.db).filter(\.$property.$id == (try await t.property("ZC")).id!).sort(\.$name).first())
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            _ = try await session.get("/space-violations/\(id)?find=\(customer.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            let refused = try await session.post("/space-violations/\(id)/order", ["customerID": customer.id!.uuidString, "restoreBy": Self.day(-3)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(#"<option value="\#(customer.id!.uuidString)" selected"#) || refused.text.contains(#"value="\#(customer.id!.uuidString.lowercased())" selected"#),
                    "the chosen customer is still chosen")
        }
    }

    @Test("PS-4: twenty reports at once get twenty numbers, one each", arguments: TestDatabase.selected)
    func ps4NumbersOnce(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let users = ["ag.yuangong", "ag.lingban", "kf.yuangong", "gc.lingban"]
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<20 { group.addTask { try? await report(t, as: users[index % users.count]).json()["referenceNo"] as? String } }
                return try await group.reduce(into: [String]()) { if let n = $1 { $0.append(n) } }
            }
            let year = Self.day(0).prefix(4)
            #expect(Set(numbers) == Set((6...25).map { "WZ-\(year)-" + String(format: "%04d", $0) }), "\(numbers.sorted())")
            try await t.expectChainIntact()
        }
    }

    @Test("PS-5: a guard reports through the page with photos from the phone's camera; refused without one, the words typed come back", arguments: TestDatabase.selected)
    func ps5ReportPage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "ag.yuangong")
            let form = try await session.get("/properties/\(zc.id!)/space-violations/new")
            #expect(form.status == .ok && form.text.contains(#"capture="environment""#))
            let before = try await t.count(SpaceViolation.schema)
            let refused = try await session.postMultipart("/properties/\(zc.id!)/space-violations/new",
                                                          [("kind", "signage"), ("place", "2栋外窗"), ("description", "外窗挂横幅“旺铺转让”")],
                                                          files: [("photos[]", "", "application/octet-stream", [])])
            #expect(refused.status == .badRequest && refused.text.contains("外窗挂横幅“旺铺转让”") && refused.text.contains("PS-4"), "\(refused.text.prefix(300))")
            #expect(try await t.count(SpaceViolation.schema) == before)
            let garbled = try await session.postMultipart("/properties/\(zc.id!)/space-violations/new",
                                                          [("kind", "signage"), ("place", "2栋外窗"), ("description", String(decoding: [0xD5, 0xC5, 0x20, 0x41], as: UTF8.self))],
                                                          files: [("photos[]", "a.png", "image/png", DemoPhoto.png(width: 20, height: 10))])
            #expect(garbled.status == .badRequest && garbled.text.contains("UTF-8"), "bytes that are not UTF-8 are refused, not stored as �")
            // A phone's photo is megabytes: the form takes it whole (the CSRF check reads it within the route's limit).
            let big = DemoPhoto.png(width: 1200, height: 900)
            #expect(big.count > 3_000_000)
            let done = try await session.postMultipart("/properties/\(zc.id!)/space-violations/new",
                                                       [("kind", "signage"), ("place", "2栋外窗"), ("description", "外窗挂横幅")],
                                                       files: [("photos[]", "a.png", "image/png", big),
                                                               ("photos[]", "b.png", "image/png", DemoPhoto.png(width: 30, height: 10))])
            #expect(done.status == .seeOther, "\(done.text.prefix(300))")
            let made = try #require(try await SpaceViolation.query(on: t.db).sort(\.$reportedAt, .descending).sort(\.$referenceNo, .descending).first())
            #expect(made.kind == .signage && made.place == "2栋外窗")
            #expect(try await Attachment.query(on: t.db).filter(\.$ownerID == made.id!).count() == 2)
            let page = try await session.get("/space-violations/\(made.id!)")
            #expect(page.status == .ok && page.text.contains("/space-violations/\(made.id!)/photos/"))
        }
    }
}
