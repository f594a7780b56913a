@testable import App
import Fluent
import Testing
import Vapor

/// Notices to customers (CA-4), through real HTTP.
@Suite("Customer notices (CA-4)")
struct CustomerNoticeTests {
    @Test("CA-4: a notice to a building reaches each of its units, addressed to who lives there; delivered, then read, each once", arguments: TestDatabase.selected)
    func ca4SendDeliverRead(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let building = try #require(try await Building.query(on: t.db).filter(\.$property.$id == zc.id!).sort(\.$name).first())
            let units = try await App.Unit.query(on: t.db).filter(\.$building.$id == building.id!).count()
            let sent = try await t.api(.POST, "/properties/\(zc.id!)/customer-notices", as: "kf.yuangong",
                                       json: ["title": "停水通知", "body": "12月2日 9:00–12:00 检修水管，届时停水。", "buildingIDs": [building.id!.uuidString]])
            #expect(sent.status == .created, "\(sent.text.prefix(300))")
            let notice = try sent.json()
            let number = try #require(notice["referenceNo"] as? String)
            #expect(number.hasPrefix("TZ-2026-"))
            let deliveries = try #require(notice["deliveries"] as? [[String: Any]])
            #expect(deliveries.count == units)
            // Addressed to the owner on file at the unit.
            let owned = try #require(try await CustomerUnit.query(on: t.db).filter(\.$relation == .owner).filter(\.$endedOn == nil).with(\.$customer).with(\.$unit).all()
                .first { $0.unit.$building.id == building.id! })
            let row = try #require(deliveries.first { $0["unitID"] as? String == owned.$unit.id.uuidString })
            #expect((row["addressedTo"] as? String)?.contains(owned.customer.name) == true, "\(row)")
            let deliveryID = try #require(row["id"] as? String)

            let early = try await t.api(.POST, "/notice-deliveries/\(deliveryID)/read", as: "kf.yuangong")
            #expect(early.status == .conflict && early.error?.rule == "CA-4", "\(early.text)")
            let delivered = try await t.api(.POST, "/notice-deliveries/\(deliveryID)/delivered", as: "kf.yuangong", json: ["method": "mailbox"])
            #expect(try delivered.status == .ok && delivered.json()["method"] as? String == "mailbox", "\(delivered.text)")
            let again = try await t.api(.POST, "/notice-deliveries/\(deliveryID)/delivered", as: "kf.yuangong2", json: ["method": "in_person"])
            #expect(again.status == .conflict, "\(again.text)")
            let read = try await t.api(.POST, "/notice-deliveries/\(deliveryID)/read", as: "kf.yuangong2")
            #expect(try read.status == .ok && read.json()["readAt"] as? String != nil, "\(read.text)")
            // The rest were posted on the building's board: one action.
            let posted = try await t.api(.POST, "/customer-notices/\(try #require(notice["id"] as? String))/delivered", as: "kf.yuangong", json: ["method": "posted"])
            #expect(posted.status == .ok, "\(posted.text.prefix(200))")
            let after = try #require(try posted.json()["deliveries"] as? [[String: Any]])
            #expect(after.filter { $0["method"] as? String == "posted" }.count == units - 1)
            let none = try await t.api(.POST, "/customer-notices/\(try #require(notice["id"] as? String))/delivered", as: "kf.yuangong", json: ["method": "posted"])
            #expect(none.status == .conflict, "\(none.text)")
            let listed = try await t.api(.GET, "/properties/\(zc.id!)/customer-notices", as: "wy.jingli")
            let item = try #require((try listed.json()["items"] as? [[String: Any]])?.first { $0["referenceNo"] as? String == number })
            #expect(item["households"] as? Int == units && item["delivered"] as? Int == units && item["read"] as? Int == 1)
            // The owner's file lists it.
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let file = try await session.get("/customers/\(owned.$customer.id)")
            #expect(file.text.contains(number) && file.text.contains("停水通知"))
            try await t.expectChainIntact()
        }
    }

    @Test("CA-4: a notice needs its words and someone to go to, all at this property; nothing is written otherwise", arguments: TestDatabase.selected)
    func ca4BadNotices(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let ywUnit = try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == (try await t.property("YW")).id!).first())
            let zcUnit = try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == zc.id!).first())
            let before = (try await t.count(CustomerNotice.schema), try await t.count(NoticeDelivery.schema))
            for (body, status, field) in [
                (["title": "通知", "body": "正文"], HTTPResponseStatus.badRequest, "unitIDs"),
                (["body": "正文", "unitIDs": [zcUnit.id!.uuidString]], .badRequest, "title"),
                (["title": "通知", "unitIDs": [zcUnit.id!.uuidString]], .badRequest, "body"),
                (["title": "通知", "body": "正文", "unitIDs": [ywUnit.id!.uuidString]], .notFound, "unitIDs"),
                (["title": "通知", "body": "正文", "buildingIDs": [UUID().uuidString]], .notFound, "buildingIDs"),
                (["title": "通知", "body": "正文", "unitIDs": ["not-an-id"]], .badRequest, "unitIDs.0"),
            ] as [([String: Any], HTTPResponseStatus, String)] {
                let reply = try await t.api(.POST, "/properties/\(zc.id!)/customer-notices", as: "kf.yuangong", json: body)
                #expect(reply.status == status && reply.error?.field == field, "\(body): \(reply.text)")
            }
            #expect(try await t.count(CustomerNotice.schema) == before.0)
            #expect(try await t.count(NoticeDelivery.schema) == before.1)
        }
    }

    @Test("CA-4: ten notices sent at once get ten different numbers", arguments: TestDatabase.selected)
    func ca4NumbersUnderRace(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let unit = try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == zc.id!).first())
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let reply = try await t.api(.POST, "/properties/\(zc.id!)/customer-notices", as: index % 2 == 0 ? "kf.yuangong" : "kf.lingban",
                                                    json: ["title": "通知 \(index)", "body": "正文", "unitIDs": [unit.id!.uuidString]])
                        return try reply.json()["referenceNo"] as? String
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(numbers.compactMap { $0 }.count == 10, "\(numbers)")
            #expect(Set(numbers.compactMap { $0 }).count == 10, "\(numbers)")
        }
    }

    @Test("CA-4: the page writes a notice to units named as staff write them, and prints it", arguments: TestDatabase.selected)
    func ca4Pages(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            _ = try await session.get("/properties/\(zc.id!)/notices/new")
            let refused = try await session.post("/properties/\(zc.id!)/notices/new", ["title": "电梯保养", "body": "本周六保养电梯。", "units": "1栋 0101、9栋 0101"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("9栋0101") && refused.text.contains("value=\"电梯保养\""))
            let sent = try await session.post("/properties/\(zc.id!)/notices/new", ["title": "电梯保养", "body": "本周六保养电梯。", "units": "1栋 0101，1栋0102\n2栋 0101"])
            let location = try #require(sent.headers.first(name: .location), "\(sent.status) \(sent.text.prefix(300))")
            let page = try await session.get(location + "?print=1")
            #expect(page.status == .ok && page.text.contains("本周六保养电梯。") && page.text.contains("z城客服部"))
            let notice = try #require(try await CustomerNotice.query(on: t.db).filter(\.$title == "电梯保养").first())
            #expect(try await NoticeDelivery.query(on: t.db).filter(\.$notice.$id == notice.id!).count() == 3)
        }
    }
}
