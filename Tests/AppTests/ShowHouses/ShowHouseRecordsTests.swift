@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The show houses' daily summary (SH-34), lobby supplies (SH-13) and
/// construction handovers (SH-21), through real HTTP on a real database.
@Suite("Show houses: daily summary, supplies, construction handover (SH-13, SH-21, SH-34)")
struct ShowHouseRecordsTests {
    func house(_ t: TestApp, _ name: String = "B户型样板房") async throws -> ShowHouse {
        try #require(try await ShowHouse.query(on: t.db).filter(\.$name == name).first())
    }

    func figures(_ reply: TestApp.Reply, _ house: String = "B户型样板房") throws -> [String: Any]? {
        (try reply.json()["figures"] as? [[String: Any]])?.first { $0["showHouse"] as? String == house }
    }

    @Test("SH-34: the summary is generated from the day's records, submitted once by a property-service supervisor and frozen, then approved by leadership who did not submit it", arguments: TestDatabase.selected)
    func sh34DailySummary(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC"), b = try await house(t)
            let base = "/properties/\(zc.id!)/show-house-summaries"
            let draft = try await t.api(.GET, base, as: "leader")
            try #expect(try draft.json()["status"] as? String == "draft" && figures(draft)?["visitors"] as? Int == 0, "\(draft.text)")
            try #expect(try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["salesName": "王磊", "headcount": 4]).status == .created)
            try #expect(figures(try await t.api(.GET, base, as: "leader"))?["visitors"] as? Int == 4, "the draft follows the records")
            let today = LocalTime("Asia/Shanghai").day(testNow)
            let before = try await t.count(ShowHouseSummary.schema)
            let wrongDept = try await t.api(.POST, base, as: "kf.zhuguan", json: ["day": today])
            #expect(wrongDept.status == .forbidden && wrongDept.error?.rule == "SH-34", "\(wrongDept.text)")
            let future = try await t.api(.POST, base, as: "wy.zhuguan", json: ["day": LocalTime("Asia/Shanghai").day(testNow.addingTimeInterval(86_400))])
            #expect(future.status == .unprocessableEntity && future.error?.field == "day", "\(future.text)")
            try #expect(try await t.count(ShowHouseSummary.schema) == before)
            let submitted = try await t.api(.POST, base, as: "wy.zhuguan", json: ["day": today, "note": "客流平稳"])
            try #expect(submitted.status == .created && (try submitted.json()["status"] as? String) == "submitted", "\(submitted.text)")
            let id = try #require(try submitted.json()["id"] as? String)
            try #expect(try await t.api(.POST, base, as: "wy.jingli", json: ["day": today]).status == .conflict, "one summary a day")
            try #expect(try await t.api(.POST, "/show-houses/\(b.id!)/batches", as: "wy.zhuguan", json: ["salesName": "李婷", "headcount": 3]).status == .created)
            try #expect(figures(try await t.api(.GET, base, as: "leader"))?["visitors"] as? Int == 4, "submitted, the figures are frozen")
            let notLeader = try await t.api(.POST, "/show-house-summaries/\(id)/approval", as: "wy.jingli", json: [:])
            #expect(notLeader.status == .forbidden && notLeader.error?.rule == "SH-34", "\(notLeader.text)")
            let approved = try await t.api(.POST, "/show-house-summaries/\(id)/approval", as: "leader", json: ["note": "同意"])
            try #expect(approved.status == .ok && (try approved.json()["status"] as? String) == "approved", "\(approved.text)")
            try #expect(try await t.api(.POST, "/show-house-summaries/\(id)/approval", as: "leader", json: [:]).status == .conflict)
            // Leadership may submit too, but never approve what they submitted.
            let old = LocalTime("Asia/Shanghai").day(testNow.addingTimeInterval(-10 * 86_400))
            let own = try await t.api(.POST, base, as: "leader", json: ["day": old])
            let ownID = try #require(try own.json()["id"] as? String, "\(own.text)")
            let selfApproval = try await t.api(.POST, "/show-house-summaries/\(ownID)/approval", as: "leader", json: [:])
            #expect(selfApproval.status == .forbidden && selfApproval.error?.rule == "SH-34", "\(selfApproval.text)")
        }
    }

    @Test("SH-13: the lobby's supplies are used against their stock, never below nothing, even when ten are recorded at once; low stock is flagged; replenishment adds", arguments: TestDatabase.selected)
    func sh13Supplies(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let supplies = try await t.api(.GET, "/properties/\(zc.id!)/supplies", as: "kf.yuangong").jsonArray()
            let disposable = try #require(supplies.first { $0["name"] as? String == "一次性鞋套" })
            let id = try #require(disposable["id"] as? String)
            #expect(disposable["stock"] as? Int == 35 && disposable["low"] as? Bool == true)
            let movements = try await t.count(SupplyMovement.schema)
            let tooMany = try await t.api(.POST, "/supplies/\(id)/movements", as: "kf.yuangong", json: ["kind": "use", "quantity": 36])
            #expect(tooMany.status == .unprocessableEntity && tooMany.error?.field == "quantity" && tooMany.error?.rule == "SH-13", "\(tooMany.text)")
            try #expect(try await t.count(SupplyMovement.schema) == movements)
            try #expect(try await t.api(.POST, "/supplies/\(id)/movements", as: "ag.yuangong", json: ["kind": "use", "quantity": 1]).status == .forbidden)
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<10 { group.addTask { try await t.api(.POST, "/supplies/\(id)/movements", as: "kf.yuangong", json: ["kind": "use", "quantity": 10]).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .ok }.count == 3 && replies.filter { $0 == .unprocessableEntity }.count == 7, "\(replies)")
            let after = try #require(try await LobbySupply.find(UUID(uuidString: id), on: t.db))
            let recorded = try await t.count(SupplyMovement.schema)
            #expect(after.stock == 5 && recorded == movements + 3)
            let refilled = try await t.api(.POST, "/supplies/\(id)/movements", as: "wy.zhuguan", json: ["kind": "replenish", "quantity": 500, "note": "到货"])
            try #expect(refilled.status == .ok && (try refilled.json()["stock"] as? Int) == 505 && (try refilled.json()["low"] as? Bool) == false, "\(refilled.text)")
        }
    }

    @Test("SH-21: the show house is counted and handed to construction, then counted and taken back, both signing; what comes back missing or damaged goes to the desk and shows at the next count; out of order is refused", arguments: TestDatabase.selected)
    func sh21ConstructionHandover(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await house(t)
            let path = "/show-houses/\(b.id!)/construction-handovers"
            let lines = DemoData.demoInventory.count
            func body(_ direction: String, fault: Int? = nil) -> [String: Any] {
                ["direction": direction, "contractor": "美居窗帘工程队", "representative": "钱师傅", "signature": DemoData.demoSignature,
                 "marks": (0..<lines).map { $0 == fault ? ["state": "damaged", "note": "地毯被油漆污染"] : ["state": "present"] }]
            }
            let backFirst = try await t.api(.POST, path, as: "kf.yuangong", json: body("taken_back"))
            #expect(backFirst.status == .conflict && backFirst.error?.rule == "SH-21", "nothing to take back: \(backFirst.text)")
            let unsigned = try await t.api(.POST, path, as: "kf.yuangong", json: body("handed_over").filter { $0.key != "signature" })
            #expect(unsigned.status == .badRequest && unsigned.error?.field == "signature" && unsigned.error?.rule == "SH-21", "both sign: \(unsigned.text)")
            let out = try await t.api(.POST, path, as: "kf.yuangong", json: body("handed_over"))
            #expect(out.status == .created, "\(out.text)")
            let twice = try await t.api(.POST, path, as: "kf.yuangong", json: body("handed_over"))
            #expect(twice.status == .conflict, "\(twice.text)")
            let items = try await t.count(ServiceItem.schema)
            let back = try await t.api(.POST, path, as: "kf.yuangong2", json: body("taken_back", fault: 3))
            try #expect(back.status == .created && (try back.json()["lines"] as? [[String: Any]])?[3]["state"] as? String == "damaged", "\(back.text)")
            try #expect(try await t.count(ServiceItem.schema) == items + 1)
            let day = try await t.api(.GET, "/show-houses/\(b.id!)", as: "kf.yuangong").json()
            #expect((day["openFindings"] as? [[String: Any]])?.contains { $0["item"] as? String == "地毯" && $0["state"] as? String == "damaged" } == true, "\(day)")
        }
    }
}
