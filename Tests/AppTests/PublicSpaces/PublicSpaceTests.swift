@testable import App
import Fluent
import Testing
import Vapor

/// Public spaces (篇2 PS-1…PS-3) through real HTTP on a real database.
@Suite("Public spaces (PS-1…PS-3)")
struct PublicSpaceTests {
    static func space(_ t: TestApp, _ name: String) async throws -> PublicSpace {
        try #require(try await PublicSpace.query(on: t.db).filter(\.$name == name).first())
    }

    func apply(_ t: TestApp, space: PublicSpace, area: String = "20", from: Int = 3, to: Int = 4, as user: String = "kf.yuangong") async throws -> TestApp.Reply {
        try await t.api(.POST, "/properties/\(space.$property.id)/space-uses", as: user, json: [
            "spaceID": space.id!.uuidString, "applicant": "钱多多", "purpose": "商铺促销展台", "areaM2": area,
            "startsOn": LocalTime("Asia/Shanghai").day(testNow.addingTimeInterval(Double(from) * 86400)),
            "endsOn": LocalTime("Asia/Shanghai").day(testNow.addingTimeInterval(Double(to) * 86400)),
        ])
    }

    func checked(_ t: TestApp, _ reply: TestApp.Reply) async throws -> String {
        let id = try #require(try reply.json()["id"] as? String, "\(reply.text)")
        let check = try await t.api(.POST, "/space-uses/\(id)/check", as: "kf.yuangong", json: ["fireSafe": true, "tidy": true])
        #expect(check.status == .ok, "\(check.text)")
        return id
    }

    @Test("PS-1: a fire lane or exit is never applied for, let alone approved", arguments: TestDatabase.selected)
    func ps1FireLane(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let lane = try await Self.space(t, "地下车库消防通道")
            let before = try await t.count(SpaceUse.schema)
            let reply = try await apply(t, space: lane)
            #expect(reply.status == .unprocessableEntity && reply.error?.rule == "PS-1" && reply.error?.field == "spaceID", "\(reply.text)")
            #expect(try await t.count(SpaceUse.schema) == before)
        }
    }

    @Test("PS-2: check, then approval by a supervisor who did not record it, with the fee by the space's rule; then the payment, once", arguments: TestDatabase.selected)
    func ps2ApplyCheckApprovePay(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let plaza = try await Self.space(t, "中心广场")   // ¥5.00 a square metre a day
            let applied = try await apply(t, space: plaza, area: "30.5", from: 20, to: 22)
            #expect(applied.status == .created, "\(applied.text)")
            let id = try #require(try applied.json()["id"] as? String)
            let early = try await t.api(.POST, "/space-uses/\(id)/decision", as: "kf.zhuguan", json: ["approve": true])
            #expect(early.status == .conflict && early.error?.rule == "PS-2", "\(early.text)")
            let staffDecides = try await t.api(.POST, "/space-uses/\(id)/decision", as: "kf.yuangong2", json: ["approve": true])
            #expect(staffDecides.status == .forbidden)
            _ = try await t.api(.POST, "/space-uses/\(id)/check", as: "kf.yuangong", json: ["fireSafe": true, "tidy": true])
            let approved = try await t.api(.POST, "/space-uses/\(id)/decision", as: "kf.zhuguan", json: ["approve": true])
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try approved.json()["feeFen"] as? Int == 500 * 305 * 3 / 10, "\(approved.text)")   // ¥5 × 30.5 m² × 3 days = ¥457.50
            let paid = try await t.api(.POST, "/space-uses/\(id)/payment", as: "kf.yuangong", json: ["receiptNo": "GD-0099"])
            #expect(try paid.status == .ok && paid.json()["receiptNo"] as? String == "GD-0099")
            let twice = try await t.api(.POST, "/space-uses/\(id)/payment", as: "kf.yuangong", json: ["receiptNo": "GD-0100"])
            #expect(twice.status == .conflict)
            // The supervisor who recorded an application does not approve it.
            let own = try await apply(t, space: plaza, area: "10", from: 30, to: 30, as: "kf.zhuguan")
            let ownID = try await checked(t, own)
            let selfApproved = try await t.api(.POST, "/space-uses/\(ownID)/decision", as: "kf.zhuguan", json: ["approve": true])
            #expect(selfApproved.status == .forbidden && selfApproved.error?.rule == "PS-2", "\(selfApproved.text)")
            // A failed check refuses it at once, with the reason.
            let ugly = try await apply(t, space: plaza, area: "10", from: 40, to: 40)
            let uglyID = try #require(try ugly.json()["id"] as? String)
            let noReason = try await t.api(.POST, "/space-uses/\(uglyID)/check", as: "kf.yuangong", json: ["fireSafe": true, "tidy": false])
            #expect(noReason.status == .badRequest && noReason.error?.field == "note")
            let failed = try await t.api(.POST, "/space-uses/\(uglyID)/check", as: "kf.yuangong", json: ["fireSafe": true, "tidy": false, "note": "遮挡橱窗"])
            #expect(try failed.json()["status"] as? String == "refused")
            try await t.expectChainIntact()
        }
    }

    @Test("PS-2: bad applications are refused naming the field, nothing written", arguments: TestDatabase.selected)
    func ps2BadApplications(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let lobby = try await Self.space(t, "1栋大堂")
            let ywSpace = try await t.api(.POST, "/properties/\((try await t.property("YW")).id!)/public-spaces", as: "kf.jingli",
                                          json: ["name": "y湾大堂", "kind": "lobby", "areaM2": "50", "feeYuan": "100"])
            #expect(ywSpace.status == .created, "\(ywSpace.text)")
            let before = try await t.count(SpaceUse.schema)
            for (days, area, status, field) in [((3, 2), "10", HTTPResponseStatus.unprocessableEntity, "endsOn"), ((-2, -1), "10", .unprocessableEntity, "startsOn"),
                                                ((3, 3), "121", .unprocessableEntity, "areaM2"), ((3, 3), "0", .unprocessableEntity, "areaM2"),
                                                ((3, 500), "10", .unprocessableEntity, "endsOn"), ((3, 3), "1e3", .badRequest, "areaM2")] {
                let reply = try await apply(t, space: lobby, area: area, from: days.0, to: days.1)
                #expect(reply.status == status && reply.error?.field == field, "\(days) \(area): \(reply.text)")
            }
            let other = try #require(try await PublicSpace.query(on: t.db).filter(\.$name == "y湾大堂").first())
            let elsewhere = try await t.api(.POST, "/properties/\(lobby.$property.id)/space-uses", as: "kf.yuangong",
                                            json: ["spaceID": other.id!.uuidString, "applicant": "x", "purpose": "x", "areaM2": "1", "startsOn": "2027-01-01"])
            #expect(elsewhere.status == .notFound && elsewhere.error?.field == "spaceID", "\(elsewhere.text)")
            #expect(try await t.count(SpaceUse.schema) == before)
        }
    }

    @Test("PS-3: overlapping approvals of one space are refused — also when twenty supervisors approve at once", arguments: TestDatabase.selected)
    func ps3NoOverlap(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let lobby = try await Self.space(t, "1栋大堂")
            var ids: [String] = []
            for index in 0..<20 { ids.append(try await checked(t, try await apply(t, space: lobby, area: "5", from: 50 + index % 3, to: 52))) }
            let approvers = ["kf.zhuguan", "kf.jingli"]
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask { try await t.api(.POST, "/space-uses/\(id)/decision", as: approvers[index % 2], json: ["approve": true]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 19, "\(statuses)")
            // A day outside the approved days is free.
            let later = try await checked(t, try await apply(t, space: lobby, area: "5", from: 53, to: 53))
            let approved = try await t.api(.POST, "/space-uses/\(later)/decision", as: "kf.zhuguan", json: ["approve": true])
            #expect(approved.status == .ok, "\(approved.text)")
            let clash = try await checked(t, try await apply(t, space: lobby, area: "5", from: 52, to: 53))
            let refused = try await t.api(.POST, "/space-uses/\(clash)/decision", as: "kf.zhuguan", json: ["approve": true])
            #expect(refused.status == .conflict && refused.error?.rule == "PS-3", "\(refused.text)")
            try await t.expectChainIntact()
        }
    }

    @Test("PS-2, X-3: the usage ledger lists every use in its days, prints, and exports", arguments: TestDatabase.selected)
    func ps2Ledger(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let api = try await t.api(.GET, "/properties/\(zc.id!)/space-uses?from=2026-01-01&to=2027-12-31&per=500", as: "kf.yuangong")
            let items = try #require(try api.json()["items"] as? [[String: Any]])
            #expect(items.count == 5 && items.contains { $0["purpose"] as? String == "婚礼签到台" && $0["receiptNo"] as? String != nil })
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let page = try await session.get("/properties/\(zc.id!)/space-uses?from=2026-01-01&to=2027-12-31&print=1")
            #expect(page.status == .ok && page.text.contains("公用场地使用登记表") && page.text.contains("儿童跳蚤市场"))
            let csv = try await session.get("/properties/\(zc.id!)/space-uses.csv?from=2026-01-01&to=2027-12-31")
            #expect(csv.text.split(separator: "\r\n").count == 6 && csv.text.contains("中心广场"))
            let workbook = try await session.get("/properties/\(zc.id!)/space-uses.xlsx?from=2026-01-01&to=2027-12-31")
            #expect(workbook.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let sheet = try XLSX.rows(of: Array(workbook.body))
            #expect(sheet.count == 6 && sheet[0].first == "场地" && sheet.contains { $0.contains("儿童跳蚤市场") }, "\(sheet)")
            let guardView = try await PageSession.signIn(t, as: "gc.lingban")
            #expect(try await guardView.get("/properties/\(zc.id!)/space-uses").status == .forbidden)
        }
    }
}
