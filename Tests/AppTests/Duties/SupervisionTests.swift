@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Inspections (SH-30), patrol rounds (SH-19) and rectification notices
/// (SH-31, SH-32), through real HTTP on a real database.
@Suite("Supervision: inspections, patrols, rectification notices (SH-19, SH-30…SH-32)")
struct SupervisionTests {
    static let photo = "data:image/png;base64," + Data(DemoPhoto.png(width: 32, height: 24)).base64EncodedString()

    func house(_ t: TestApp, _ name: String = "A户型样板房") async throws -> ShowHouse {
        try #require(try await ShowHouse.query(on: t.db).filter(\.$name == name).first())
    }

    func passes(_ count: Int = ChecklistKind.inspection.defaults.count) -> [[String: Any]] { (0..<count).map { _ in ["result": "pass"] } }

    func issue(_ t: TestApp, to department: String = "cleaning", deadlineHours: Double = 48, as person: String = "kf.zhuguan") async throws -> String {
        let zc = try await t.property("ZC")
        let made = try await t.api(.POST, "/properties/\(zc.id!)/rectification-notices", as: person,
                                   json: ["department": department, "finding": "大堂地面有水渍", "requirement": "立即清理并放置警示牌", "deadline": inHours(deadlineHours)])
        #expect(made.status == .created, "\(made.text)")
        return try #require(try made.json()["id"] as? String)
    }

    @Test("SH-30: an inspection after its window's end is late, on time before it; each item is marked, a fail says what and shows it", arguments: TestDatabase.selected)
    func sh30LateInspection(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let yw = try await t.property("YW")
            let unit = try #require(try await Unit.query(on: t.db).filter(\.$property.$id == yw.id!).first())
            let made = try await t.api(.POST, "/properties/\(yw.id!)/show-houses", as: "admin",
                                       json: ["unitID": unit.id!.uuidString, "name": "C户型样板房", "unitType": "C户型", "floor": "1F", "opensAt": "09:00", "closesAt": "18:00"])
            let house = try #require((try made.json()["showHouse"] as? [String: Any])?["id"] as? String, "\(made.text)")
            let before = try await t.count(Inspection.schema)
            var failing = passes()
            failing[2] = ["result": "fail"]
            for (results, photos, field) in [(Array(passes().dropLast()), [String](), "results"), (failing, [], "results.2.note"),
                                             ([["result": "fail", "note": "空调 26 °C"]] + passes().dropFirst(), [], "photos"), ([["note": "x"]] + passes().dropFirst(), [], "results.0.result")]
                as [([[String: Any]], [String], String)] {
                let refused = try await t.api(.POST, "/show-houses/\(house)/inspections", as: "admin", json: ["results": results, "photos": photos])
                #expect((400..<500).contains(Int(refused.status.code)) && refused.error?.field == field && refused.error?.rule == "SH-30", "\(field): \(refused.text)")
            }
            let clerk = try await t.api(.POST, "/show-houses/\(house)/inspections", as: "kf.yuangong", json: ["results": passes()])
            #expect(clerk.status == .forbidden, "staff do not inspect")
            try #expect(try await t.count(Inspection.schema) == before)
            t.clock.set(DutyTests.at("14:05"))
            let late = try await t.api(.POST, "/show-houses/\(house)/inspections", as: "admin", json: ["results": passes()])
            #expect(late.status == .created, "\(late.text)")
            let day = try await t.api(.GET, "/properties/\(yw.id!)/duties", as: "admin").json()
            let inspections = try #require((day["duties"] as? [[String: Any]])?.first { ($0["duty"] as? [String: Any])?["kind"] as? String == "inspection" })
            let states = (inspections["occurrences"] as? [[String: Any]] ?? []).map { $0["state"] as? String ?? "" }
            #expect(states == ["late", "open"], "the morning's, due 13:30 with an hour's grace, came at 14:05; the afternoon's is due now: \(states)")
            t.clock.set(DutyTests.at("17:50"))
            try #expect(try await t.api(.POST, "/show-houses/\(house)/inspections", as: "admin", json: ["results": passes()]).status == .created)
            let after = try await t.api(.GET, "/properties/\(yw.id!)/duties", as: "admin").json()
            let second = (after["duties"] as? [[String: Any]])?.first { ($0["duty"] as? [String: Any])?["kind"] as? String == "inspection" }?["occurrences"] as? [[String: Any]]
            #expect(second?.map { $0["state"] as? String } == ["late", "done"])
        }
    }

    @Test("SH-30, SH-31: a failed item raises a rectification notice in one step, once, even when a dozen are asked at once; a passed item raises none", arguments: TestDatabase.selected)
    func sh30NoticeFromInspection(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let a = try await house(t)
            var results = passes()
            results[0] = ["result": "fail", "note": "花瓶移位，台面有灰"]
            let made = try await t.api(.POST, "/show-houses/\(a.id!)/inspections", as: "kf.lingban", json: ["results": results, "photos": [Self.photo]])
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(try made.json()["id"] as? String)
            let passed = try await t.api(.POST, "/inspections/\(id)/notices", as: "kf.lingban", json: ["item": 1, "department": "cleaning", "requirement": "x", "deadline": inHours(24)])
            #expect(passed.status == .unprocessableEntity && passed.error?.field == "item", "\(passed.text)")
            let before = try await t.count(RectificationNotice.schema)
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await t.api(.POST, "/inspections/\(id)/notices", as: "kf.lingban", json: ["item": 0, "department": "cleaning", "requirement": "当日复洁", "deadline": inHours(24)]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .created }.count == 1 && replies.filter { $0 == .conflict }.count == 11, "\(replies)")
            try #expect(try await t.count(RectificationNotice.schema) == before + 1)
            let view = try await t.api(.GET, "/inspections/\(id)", as: "kf.yuangong").json()
            let first = try #require((view["results"] as? [[String: Any]])?.first, "\(view)")
            #expect(first["noticeNo"] is String)
            let notice = try await t.api(.GET, "/rectification-notices/\(try #require(first["rectificationID"] as? String))", as: "qj.yuangong").json()
            #expect(notice["department"] as? String == "cleaning" && (notice["finding"] as? String)?.contains("花瓶移位") == true)
        }
    }

    @Test("SH-31: the department answers with evidence; its own people cannot verify or close it; the issuer sends it back or closes it; a closed notice takes nothing more", arguments: TestDatabase.selected)
    func sh31NoticeCannotBeClosedByItsDepartment(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await issue(t)
            let base = "/rectification-notices/\(id)"
            let outsider = try await t.api(.POST, base + "/response", as: "kf.yuangong", json: ["action": "已清理", "photos": [Self.photo]])
            #expect(outsider.status == .forbidden && outsider.error?.rule == "SH-31", "\(outsider.text)")
            let noPhoto = try await t.api(.POST, base + "/response", as: "qj.yuangong", json: ["action": "已清理"])
            #expect(noPhoto.status == .badRequest || noPhoto.status == .unprocessableEntity, "\(noPhoto.text)")
            #expect(noPhoto.error?.field == "photos")
            let early = try await t.api(.POST, base + "/verification", as: "kf.zhuguan", json: ["outcome": "close"])
            #expect(early.status == .conflict, "nothing to verify yet: \(early.text)")
            let answered = try await t.api(.POST, base + "/response", as: "qj.yuangong", json: ["action": "已拖干并放置警示牌", "photos": [Self.photo]])
            try #expect(answered.status == .ok && (try answered.json()["status"] as? String) == "responded" && (try answered.json()["photos"] as? [Any])?.count == 1, "\(answered.text)")
            for person in ["qj.zhuguan", "qj.yuangong"] {
                let own = try await t.api(.POST, base + "/verification", as: person, json: ["outcome": "close"])
                #expect(own.status == .forbidden && own.error?.rule == "SH-31", "\(person): \(own.text)")
            }
            let notIssuer = try await t.api(.POST, base + "/verification", as: "kf.lingban", json: ["outcome": "close"])
            #expect(notIssuer.status == .forbidden, "only the issuer or leadership: \(notIssuer.text)")
            let bare = try await t.api(.POST, base + "/verification", as: "kf.zhuguan", json: ["outcome": "return"])
            #expect(bare.error?.field == "note", "\(bare.text)")
            let back = try await t.api(.POST, base + "/verification", as: "kf.zhuguan", json: ["outcome": "return", "note": "警示牌位置不对"])
            try #expect(back.status == .ok && (try back.json()["status"] as? String) == "issued" && (try back.json()["returnedCount"] as? Int) == 1, "\(back.text)")
            try #expect(try await t.api(.POST, base + "/response", as: "qj.yuangong", json: ["action": "警示牌已移至入口", "photos": [Self.photo]]).status == .ok)
            let closed = try await t.api(.POST, base + "/verification", as: "kf.zhuguan", json: ["outcome": "close", "note": "合格"])
            try #expect(closed.status == .ok && (try closed.json()["status"] as? String) == "closed", "\(closed.text)")
            let before = try await t.count(AuditEvent.schema)
            try #expect(try await t.api(.POST, base + "/verification", as: "kf.zhuguan", json: ["outcome": "close"]).status == .conflict)
            try #expect(try await t.api(.POST, base + "/extension", as: "qj.yuangong", json: ["deadline": inHours(96), "reason": "x"]).status == .conflict)
            try #expect(try await t.count(AuditEvent.schema) == before, "refusals write nothing")
            try await t.expectChainIntact()
        }
    }

    @Test("SH-31: an extension is asked for with reasons and granted by the issuer; the deadline moves and the change is audited; a notice past its deadline is overdue and alerted once", arguments: TestDatabase.selected)
    func sh31ExtensionMovesDeadline(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await issue(t, deadlineHours: 24)
            let base = "/rectification-notices/\(id)"
            let deadline = try #require(try await RectificationNotice.find(UUID(uuidString: id), on: t.db)?.deadline)
            let earlier = try await t.api(.POST, base + "/extension", as: "qj.yuangong", json: ["deadline": inHours(12), "reason": "材料未到"])
            #expect(earlier.status == .unprocessableEntity && earlier.error?.field == "deadline", "\(earlier.text)")
            let tooFar = try await t.api(.POST, base + "/extension", as: "qj.yuangong", json: ["deadline": inHours(24 * 100), "reason": "材料未到"])
            #expect(tooFar.status == .unprocessableEntity && tooFar.error?.field == "deadline", "\(tooFar.text)")
            let asked = try await t.api(.POST, base + "/extension", as: "qj.yuangong", json: ["deadline": inHours(72), "reason": "防滑垫需订货"])
            try #expect(asked.status == .ok && (try asked.json()["extensionTo"]) is String, "\(asked.text)")
            let own = try await t.api(.POST, base + "/extension-decision", as: "qj.zhuguan", json: ["grant": true, "note": "同意"])
            #expect(own.status == .forbidden && own.error?.rule == "SH-31", "\(own.text)")
            let granted = try await t.api(.POST, base + "/extension-decision", as: "kf.zhuguan", json: ["grant": true, "note": "同意，周五前完成"])
            #expect(granted.status == .ok, "\(granted.text)")
            let moved = try #require(try await RectificationNotice.find(UUID(uuidString: id), on: t.db))
            #expect(moved.deadline == testNow.addingTimeInterval(72 * 3_600) && moved.deadline != deadline && moved.extensionTo == nil)
            let events = try await AuditLog.history(recordType: RectificationNotice.auditType, recordID: moved.id!, on: t.db)
            #expect(events.map(\.action).suffix(2) == ["rectification_notice.extension_requested", "rectification_notice.extension_granted"])
            try #expect(try await t.api(.POST, base + "/extension-decision", as: "kf.zhuguan", json: ["grant": true, "note": "再次"]).status == .conflict)
            // Past its new deadline: overdue everywhere it is listed, and the watch tells them once.
            t.clock.set(moved.deadline.addingTimeInterval(60))
            let listed = try await t.api(.GET, "/properties/\(moved.$property.id)/rectification-notices?overdue=true", as: "kf.yuangong").jsonArray()
            #expect(listed.contains { $0["id"] as? String == id && $0["overdue"] as? Bool == true } && listed.allSatisfy { $0["overdue"] as? Bool == true })
            for _ in 0..<2 { try await DutyWatch.flagOverdueNotices(app: t.app, now: t.clock.now()) }
            let told = try await StaffNotification.query(on: t.db).filter(\.$kind == "rectification.overdue").filter(\.$subjectID == moved.id!).all()
            #expect(!told.isEmpty && Set(told.map { $0.$recipient.id }).count == told.count, "each told once")
            try await t.expectChainIntact()
        }
    }

    @Test("SH-19: a round marks every checkpoint; an anomaly says what, goes to security's foreman and opens an urgent incident at the desk", arguments: TestDatabase.selected)
    func sh19PatrolAnomalyEscalates(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let a = try await house(t)
            let points = ChecklistKind.patrol.defaults
            let before = try await t.count(PatrolRound.schema)
            let short = try await t.api(.POST, "/show-houses/\(a.id!)/patrols", as: "wy.zhuguan", json: ["checkpoints": [["ok": true]]])
            #expect(short.status == .unprocessableEntity && short.error?.field == "checkpoints" && short.error?.rule == "SH-19", "\(short.text)")
            var marks: [[String: Any]] = points.map { _ in ["ok": true] }
            marks[1] = ["ok": false]
            let unsaid = try await t.api(.POST, "/show-houses/\(a.id!)/patrols", as: "wy.zhuguan", json: ["checkpoints": marks])
            #expect((400..<500).contains(Int(unsaid.status.code)) && unsaid.error?.field == "checkpoints.1.note", "\(unsaid.text)")
            let engineer = try await t.api(.POST, "/show-houses/\(a.id!)/patrols", as: "gc.lingban", json: ["checkpoints": points.map { _ in ["ok": true] }])
            #expect(engineer.status == .forbidden)
            try #expect(try await t.count(PatrolRound.schema) == before)
            marks[1] = ["ok": false, "note": "主卧窗户未关"]
            let round = try await t.api(.POST, "/show-houses/\(a.id!)/patrols", as: "wy.zhuguan", json: ["checkpoints": marks])
            try #expect(round.status == .created && (try round.json()["anomaly"] as? Bool) == true, "\(round.text)")
            let itemText = try #require(try round.json()["serviceItemID"] as? String)
            let itemID = try #require(UUID(uuidString: itemText))
            let item = try #require(try await ServiceItem.find(itemID, on: t.db))
            #expect(item.urgent && item.department == .security && item.kind == .incident)
            let foreman = try await t.staff("ag.lingban")
            try #expect(try await StaffNotification.query(on: t.db).filter(\.$recipient.$id == foreman.id!).filter(\.$kind == "patrol.anomaly").count() == 1)
        }
    }
}
