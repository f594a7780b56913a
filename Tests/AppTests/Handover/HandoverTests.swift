@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Shift handover (篇3 HO-1…HO-6) and the key cabinet's custodian (KY-3),
/// through real HTTP on a real database.
@Suite("Shift handover (HO-1…HO-6, KY-3)")
struct HandoverTests {
    static let time = LocalTime("Asia/Shanghai")

    func post(_ t: TestApp, _ name: String = "样板房接待岗") async throws -> Post {
        try #require(try await Post.query(on: t.db).filter(\.$property.$id == (try await t.property("ZC")).id!).filter(\.$name == name).first())
    }

    /// The demo's reception sheet of today, signed out by 赵丽 and waiting for 李娜.
    func waiting(_ t: TestApp) async throws -> HandoverSheet {
        try #require(try await HandoverSheet.query(on: t.db).filter(\.$post.$id == (try await post(t)).id!).filter(\.$status == .offered).first())
    }

    func marks(_ count: Int, fault: Int? = nil, note: String? = nil) -> [[String: Any]] {
        (0..<count).map { index in index == fault ? ["ok": false, "note": note as Any].compactMapValues { $0 is NSNull ? nil : $0 } : ["ok": true] }
    }

    func sheetFootprint(_ t: TestApp) async throws -> [Int] {
        [try await t.count(HandoverSheet.schema), try await t.count(HandoverEntry.schema), try await t.count(AuditEvent.schema), try await t.count(HandoverTemplate.schema)]
    }

    @Test("HO-1, HO-4, HO-6: every item √ or ×, the shift does not close until the named incoming person accepts, nobody signs both sides, and then it is frozen", arguments: TestDatabase.selected)
    func ho4NotClosedWithoutAcceptance(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let reception = try await post(t)
            let started = try await t.api(.POST, "/posts/\(reception.id!)/handover-sheets", as: "kf.yuangong2", json: ["shift": "night"])
            #expect(started.status == .created, "\(started.text)")
            let sheet = try started.json()
            let id = try #require(sheet["id"] as? String)
            let items = try #require(sheet["checklist"] as? [[String: Any]]).count
            #expect(items == 5 && sheet["status"] as? String == "draft" && sheet["templateVersion"] as? Int == 1)
            let again = try await t.api(.POST, "/posts/\(reception.id!)/handover-sheets", as: "kf.yuangong", json: ["shift": "night"])
            #expect(again.status == .conflict && again.error?.rule == "HO-6", "one sheet per post per shift: \(again.text)")
            let guardStarts = try await t.api(.POST, "/posts/\(reception.id!)/handover-sheets", as: "ag.yuangong", json: ["shift": "day"])
            #expect(guardStarts.status == .forbidden, "security does not keep the reception post's sheet: \(guardStarts.text)")
            let me = try await t.staff("kf.yuangong2"), foreman = try await t.staff("kf.lingban2")
            let expected = try await HandoverQueries.keysInCabinet(property: (try await t.property("ZC")).id!, on: t.db)
            var body: [String: Any] = ["marks": marks(items), "workLog": "接待 14 批，无投诉", "cabinetCounted": expected - 1, "incomingID": foreman.id!.uuidString]
            let before = try await sheetFootprint(t)
            let refusals: [([String: Any], HTTPResponseStatus, String, String)] = [
                (body.merging(["incomingID": me.id!.uuidString]) { $1 }, .forbidden, "", "HO-6"),
                (body.merging(["marks": marks(items - 1)]) { $1 }, .unprocessableEntity, "marks", "HO-1"),
                (body.merging(["marks": marks(items, fault: 1)]) { $1 }, .badRequest, "marks.1.note", "HO-1"),
                (body.filter { $0.key != "workLog" }, .badRequest, "workLog", "HO-2"),
                (body.filter { $0.key != "cabinetCounted" }, .badRequest, "cabinetCounted", "KY-3"),
                (body.merging(["incomingID": (try await t.staff("ag.lingban")).id!.uuidString]) { $1 }, .unprocessableEntity, "incomingID", "HO-4"),
            ]
            for (json, status, field, rule) in refusals {
                let reply = try await t.api(.POST, "/handover-sheets/\(id)/sign-out", as: "kf.yuangong2", json: json)
                #expect(reply.status == status && (field.isEmpty || reply.error?.field == field) && reply.error?.rule == rule, "\(field) \(rule): \(reply.text)")
            }
            #expect(try await sheetFootprint(t) == before, "a refused sign-out wrote something")
            let notMine = try await t.api(.POST, "/handover-sheets/\(id)/sign-out", as: "kf.yuangong", json: body)
            #expect(notMine.status == .forbidden, "only the outgoing person signs out: \(notMine.text)")
            body["marks"] = marks(items, fault: 1, note: "鞋套仅剩半箱")
            let signed = try await t.api(.POST, "/handover-sheets/\(id)/sign-out", as: "kf.yuangong2", json: body)
            #expect(signed.status == .ok, "\(signed.text)")
            let offered = try signed.json()
            #expect(offered["status"] as? String == "offered" && offered["cabinetDifference"] as? Int == -1, "the difference is flagged: \(signed.text)")
            // The outgoing person cannot take their own shift over, nor can someone not named.
            let selfAccept = try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.yuangong2", json: [:])
            #expect(selfAccept.status == .forbidden && selfAccept.error?.rule == "HO-6", "\(selfAccept.text)")
            let stranger = try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban", json: [:])
            #expect(stranger.status == .forbidden && stranger.error?.rule == "HO-4", "\(stranger.text)")
            // Not closed: still offered until accepted.
            #expect(try await t.api(.GET, "/handover-sheets/\(id)", as: "kf.yuangong2").json()["status"] as? String == "offered")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/questions", as: "kf.lingban2", json: ["text": "鞋套申领了吗？"]).status == .created)
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/questions", as: "kf.yuangong2", json: ["text": "?"]).status == .forbidden)
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/answers", as: "kf.yuangong2", json: ["text": "已申领，明早到"]).status == .created)
            let early = try await t.api(.POST, "/handover-sheets/\(id)/addenda", as: "kf.yuangong2", json: ["text": "x"])
            #expect(early.status == .conflict, "no addendum before both signed: \(early.text)")
            let accepted = try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban2", json: ["signature": DemoData.demoSignature])
            #expect(accepted.status == .ok && (try? accepted.json())?["status"] as? String == "accepted", "\(accepted.text)")
            // Frozen: nothing changes it but an addendum.
            let frozen = try await sheetFootprint(t)
            for (path, user, json) in [("sign-out", "kf.yuangong2", body), ("acceptance", "kf.lingban2", [:]), ("questions", "kf.lingban2", ["text": "x"]),
                                       ("answers", "kf.yuangong2", ["text": "x"]), ("refusal", "kf.lingban2", ["reason": "x"])] as [(String, String, [String: Any])] {
                let reply = try await t.api(.POST, "/handover-sheets/\(id)/\(path)", as: user, json: json)
                #expect(reply.status == .conflict, "\(path) after both signed: \(reply.status) \(reply.text)")
            }
            #expect(try await sheetFootprint(t) == frozen, "a frozen sheet was written to")
            let addendum = try await t.api(.POST, "/handover-sheets/\(id)/addenda", as: "kf.yuangong2", json: ["text": "补记：鞋套已到货"])
            #expect(addendum.status == .created, "\(addendum.text)")
            let kinds = (try addendum.json()["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds == ["question", "answer", "addendum"], "\(kinds)")
            try await t.expectChainIntact()
        }
    }

    @Test("HO-5: a refusal with its reason goes to the foreman, blocks completion until a superior who is neither side resolves it; refusals are counted", arguments: TestDatabase.selected)
    func ho5RefusalBlocksUntilResolved(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let sheet = try await waiting(t)
            let id = sheet.id!.uuidString
            let reasonless = try await t.api(.POST, "/handover-sheets/\(id)/refusal", as: "kf.lingban", json: [:])
            #expect(reasonless.status == .badRequest && reasonless.error?.field == "reason" && reasonless.error?.rule == "HO-5", "\(reasonless.text)")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/refusal", as: "kf.yuangong", json: ["reason": "x"]).status == .forbidden, "the outgoing person does not refuse")
            let refused = try await t.api(.POST, "/handover-sheets/\(id)/refusal", as: "kf.lingban", json: ["reason": "客户登记本缺两页记录"])
            #expect(refused.status == .ok && (try? refused.json())?["refusalCount"] as? Int == 1, "\(refused.text)")
            let told = try await StaffNotification.query(on: t.db).filter(\.$subjectID == sheet.id!).filter(\.$kind == HandoverNotice.refused.rawValue)
                .filter(\.$recipient.$id == (try await t.staff("kf.lingban2")).id!).count()
            #expect(told == 1, "the foreman on duty is told")
            let blocked = try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban", json: [:])
            #expect(blocked.status == .conflict && blocked.error?.rule == "HO-4", "a refused sheet cannot complete: \(blocked.text)")
            let ownResolution = try await t.api(.POST, "/handover-sheets/\(id)/resolution", as: "kf.lingban", json: ["text": "算了"])
            #expect(ownResolution.status == .forbidden && ownResolution.error?.rule == "HO-5", "\(ownResolution.text)")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/resolution", as: "kf.yuangong2", json: ["text": "x"]).status == .forbidden, "staff do not resolve")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/resolution", as: "ag.zhuguan", json: ["text": "x"]).status == .forbidden, "another department's supervisor does not")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/answers", as: "kf.yuangong", json: ["text": "已补记两页"]).status == .created)
            let resolved = try await t.api(.POST, "/handover-sheets/\(id)/resolution", as: "kf.lingban2", json: ["text": "已核对补齐，可以接班"])
            #expect(resolved.status == .ok && (try? resolved.json())?["status"] as? String == "offered", "\(resolved.text)")
            let twice = try await t.api(.POST, "/handover-sheets/\(id)/resolution", as: "kf.lingban2", json: ["text": "again"])
            #expect(twice.status == .conflict, "\(twice.text)")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban", json: [:]).status == .ok)
            let session = try await PageSession.signIn(t, as: "kf.zhuguan")
            let page = try await session.get("/properties/\((try await t.property("ZC")).id!)/handovers")
            #expect(page.text.contains("拒绝接班统计") && page.text.contains("李娜 1"), "refusals are counted per person")
            try await t.expectChainIntact()
        }
    }

    @Test("HO-4: twenty simultaneous acceptances of one sheet give one success; twenty starts of one shift give one sheet", arguments: TestDatabase.selected)
    func ho4Races(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = try await waiting(t).id!.uuidString
            let accepts = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<20 { group.addTask { try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban", json: [:]).status } }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(accepts.filter { $0 == .ok }.count == 1 && accepts.filter { $0 == .conflict }.count == 19, "\(accepts)")
            let gate = try await post(t, "005岗")
            let starts = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask { try await t.api(.POST, "/posts/\(gate.id!)/handover-sheets", as: index % 2 == 0 ? "ag.yuangong" : "ag.lingban", json: ["shift": "day"]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(starts.filter { $0 == .created }.count == 1 && starts.filter { $0 == .conflict }.count == 19, "\(starts)")
            try await t.expectChainIntact()
        }
    }

    @Test("HO-1: a checklist edit is a new version used from the next sheet; old sheets keep theirs; only the post's foremen and up edit it", arguments: TestDatabase.selected)
    func ho1VersionedChecklist(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let reception = try await post(t)
            let old = try await waiting(t)
            let lines: [[String: Any]] = [["title": "样板房物品", "hint": "按清点表核对"], ["title": "空调温度", "hint": "23 °C"]]
            #expect(try await t.api(.POST, "/posts/\(reception.id!)/handover-template", as: "kf.yuangong", json: ["items": lines]).status == .forbidden)
            #expect(try await t.api(.POST, "/posts/\(reception.id!)/handover-template", as: "ag.lingban", json: ["items": lines]).status == .forbidden)
            let empty = try await t.api(.POST, "/posts/\(reception.id!)/handover-template", as: "kf.lingban", json: ["items": []])
            #expect(empty.status == .badRequest && empty.error?.field == "items", "\(empty.text)")
            let untitled = try await t.api(.POST, "/posts/\(reception.id!)/handover-template", as: "kf.lingban", json: ["items": [["hint": "x"]]])
            #expect(untitled.status == .badRequest && untitled.error?.field == "items.0.title", "\(untitled.text)")
            let saved = try await t.api(.POST, "/posts/\(reception.id!)/handover-template", as: "kf.lingban", json: ["items": lines])
            #expect(saved.status == .created && (try? saved.json())?["templateVersion"] as? Int == 2, "\(saved.text)")
            let kept = try await t.api(.GET, "/handover-sheets/\(old.id!)", as: "kf.lingban").json()
            #expect(kept["templateVersion"] as? Int == 1 && (kept["checklist"] as? [Any])?.count == 5, "the old sheet keeps its version")
            let next = try await t.api(.POST, "/posts/\(reception.id!)/handover-sheets", as: "kf.yuangong2", json: ["shift": "night"])
            #expect((try? next.json())?["templateVersion"] as? Int == 2 && ((try? next.json())?["checklist"] as? [Any])?.count == 2, "\(next.text)")
        }
    }

    @Test("HO-6: the foreman reviews each day's sheets, never one they signed; a day with unsigned sheets shows on the foreman's start page", arguments: TestDatabase.selected)
    func ho6ForemanReviews(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.lingban2")
            let yesterday = Self.time.day(testNow.addingTimeInterval(-86_400))
            #expect(try await session.get("/").text.contains("审核 \(yesterday) 的交接班记录"), "yesterday's sheets wait for the foreman")
            let reception = try await post(t)
            let unreviewed = try await HandoverSheet.query(on: t.db).filter(\.$post.$id == reception.id!).filter(\.$day == yesterday).filter(\.$status == .accepted).all()
            #expect(unreviewed.count == 2)
            // 李娜 signed both of yesterday's reception sheets: she may not review them.
            let own = try await t.api(.POST, "/handover-sheets/\(unreviewed[0].id!)/review", as: "kf.lingban", json: [:])
            #expect(own.status == .forbidden && own.error?.rule == "HO-6", "\(own.text)")
            #expect(try await t.api(.POST, "/handover-sheets/\(unreviewed[0].id!)/review", as: "ag.zhuguan", json: [:]).status == .forbidden)
            let waiting = try await waiting(t)
            #expect(try await t.api(.POST, "/handover-sheets/\(waiting.id!)/review", as: "kf.lingban2", json: [:]).status == .conflict, "not before both signed")
            for sheet in unreviewed {
                let reviewed = try await t.api(.POST, "/handover-sheets/\(sheet.id!)/review", as: "kf.lingban2", json: [:])
                #expect(reviewed.status == .ok && (try? reviewed.json())?["reviewedBy"] as? String == "陈静", "\(reviewed.text)")
            }
            #expect(try await t.api(.POST, "/handover-sheets/\(unreviewed[0].id!)/review", as: "kf.lingban2", json: [:]).status == .conflict)
            #expect(!(try await session.get("/").text.contains("审核 \(yesterday) 的交接班记录")), "reviewed: off the start page")
        }
    }

    @Test("KY-3: in working hours the cabinet is the customer-service foreman's who last accepted it at a handover; after hours the control room's, and loans then are marked", arguments: TestDatabase.selected)
    func ky3Custodian(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "kf.zhuguan")
            #expect(try await session.get("/properties/\(zc.id!)/keys").text.contains("当前保管人：李娜"), "yesterday's day sheet gave the cabinet to 李娜")
            // 赵丽 hands the reception post to 陈静 tonight: the cabinet becomes 陈静's when she accepts, not before.
            let reception = try await post(t)
            let started = try await t.api(.POST, "/posts/\(reception.id!)/handover-sheets", as: "kf.yuangong2", json: ["shift": "night"])
            let id = try #require(try started.json()["id"] as? String)
            let count = try await HandoverQueries.keysInCabinet(property: zc.id!, on: t.db)
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/sign-out", as: "kf.yuangong2", json: [
                "marks": marks(5), "workLog": "正常", "cabinetCounted": count, "incomingID": (try await t.staff("kf.lingban2")).id!.uuidString]).status == .ok)
            #expect(try await session.get("/properties/\(zc.id!)/keys").text.contains("当前保管人：李娜"), "not before acceptance")
            #expect(try await t.api(.POST, "/handover-sheets/\(id)/acceptance", as: "kf.lingban2", json: [:]).status == .ok)
            #expect(try await session.get("/properties/\(zc.id!)/keys").text.contains("当前保管人：陈静"))
            // 18:00 on: the control room.
            t.clock.set(try #require(Self.time.parseDateTime(Self.time.day(testNow) + "T17:59")))
            #expect(try await session.get("/properties/\(zc.id!)/keys").text.contains("当前保管人：陈静"))
            t.clock.set(try #require(Self.time.parseDateTime(Self.time.day(testNow) + "T18:00")))
            #expect(try await session.get("/properties/\(zc.id!)/keys").text.contains("监控室负责"))
            let key = try await t.idleKey()
            let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: [
                "borrowerStaffID": (try await t.staff("kf.yuangong")).id!.uuidString, "purpose": "夜间维修陪同", "expectedReturnAt": inHours(10)])
            #expect(issued.status == .created, "\(issued.text)")
            let ledger = try await session.get("/properties/\(zc.id!)/ledger")
            let row = try #require(ledger.text.components(separatedBy: "<tr").first { $0.contains(key.tag) })
            #expect(row.contains("非工作时间"), "a key issued after hours is marked on the ledger")
        }
    }
}
