@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Show-house key sets (篇1 11.0: SH-50…SH-54) on the key cabinet's keys,
/// through real HTTP on a real database.
@Suite("Show-house key sets (SH-50…SH-54)")
struct KeySetTests {
    func house(_ t: TestApp, _ name: String) async throws -> ShowHouse {
        try #require(try await ShowHouse.query(on: t.db).filter(\.$name == name).first())
    }

    func set(_ t: TestApp, _ house: String, _ keeper: DepartmentCode) async throws -> KeySet {
        try #require(try await KeySet.query(on: t.db).filter(\.$showHouse.$id == (try await self.house(t, house)).id!).filter(\.$keeper == keeper).first())
    }

    func footprint(_ t: TestApp) async throws -> [Int] {
        var counts: [Int] = []
        for table in [KeySet.schema, KeySetEvent.schema, KeyCheckout.schema, LockChange.schema, AuditEvent.schema] { counts.append(try await t.count(table)) }
        return counts
    }

    @Test("SH-50, SH-54: a new show house's keys, registered in the cabinet, are grouped into sets under holders of the named department and rank who sign; security's is sealed; grouped keys leave the cabinet's views and count; one set per department", arguments: TestDatabase.selected)
    func sh50Registry(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            // A new unit, whose lock has no keys yet (KY-5: keys come only with a lock).
            let building = try #require(try await Building.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "2栋").first())
            let units = try await t.api(.POST, "/buildings/\(building.id!)/units", as: "admin", json: ["numbers": ["1101"]])
            let unitText = try #require((try units.jsonArray()).first?["id"] as? String, "\(units.text)")
            let unit = try #require(try await Unit.find(UUID(uuidString: unitText), on: t.db))
            let made = try await t.api(.POST, "/properties/\(zc.id!)/show-houses", as: "kf.zhuguan", json: ["unitID": unit.id!.uuidString, "name": "C户型样板房",
                                                                                                      "unitType": "C户型 两室", "floor": "9F", "opensAt": "09:00", "closesAt": "18:00"])
            let houseID = try #require((try made.json()["showHouse"] as? [String: Any])?["id"] as? String, "\(made.text)")
            let keys = try await t.api(.POST, "/units/\(unit.id!)/keys", as: "kf.zhuguan", json: ["keys": (1...4).map { ["tag": "YBC-\($0)", "hook": "样板房C", "kind": "room"] }])
            #expect(keys.status == .created, "\(keys.text)")
            let ids = try #require(try await RoomKey.query(on: t.db).filter(\.$unit.$id == unit.id!).sort(\.$tag).all().map { $0.id!.uuidString })
            let inCabinet = try await HandoverQueries.keysInCabinet(property: zc.id!, on: t.db)
            let manager = try #require(try await Staff.query(on: t.db).filter(\.$username == "ag.jingli").first())
            let guardStaff = try await t.staff("ag.yuangong"), supervisor = try await t.staff("wy.zhuguan")
            let body: [String: Any] = ["keeper": "security", "holderID": manager.id!.uuidString, "keyIDs": Array(ids.prefix(2)), "sealNo": "FT-C-001", "signature": DemoData.demoSignature]
            let before = try await footprint(t)
            let refusals: [([String: Any], String, String)] = [
                (body.merging(["holderID": guardStaff.id!.uuidString]) { $1 }, "holderID", "SH-50"),
                (body.merging(["holderID": supervisor.id!.uuidString]) { $1 }, "holderID", "SH-50"),
                (body.filter { $0.key != "sealNo" }, "sealNo", "SH-54"),
                (body.merging(["keeper": "engineering"]) { $1 }, "keeper", "SH-50"),
                (body.merging(["keyIDs": [try #require(try await RoomKey.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$unit.$id != unit.id!)
                    .filter(\.$status == .inCabinet).first()).id!.uuidString]]) { $1 }, "keyIDs.0", "SH-50"),
            ]
            for (json, field, rule) in refusals {
                let reply = try await t.api(.POST, "/show-houses/\(houseID)/key-sets", as: "kf.zhuguan", json: json)
                #expect((400..<500).contains(Int(reply.status.code)) && reply.error?.field == field && reply.error?.rule == rule, "\(field): \(reply.text)")
            }
            try #expect(try await footprint(t) == before, "a refused registration wrote something")
            let staffTries = try await t.api(.POST, "/show-houses/\(houseID)/key-sets", as: "kf.yuangong", json: body)
            #expect(staffTries.status == .forbidden, "registered at the property centre by a foreman or above: \(staffTries.text)")
            let sealed = try await t.api(.POST, "/show-houses/\(houseID)/key-sets", as: "kf.zhuguan", json: body)
            #expect(sealed.status == .created, "\(sealed.text)")
            let set = try sealed.json()
            #expect(set["sealed"] as? Bool == true && (set["keys"] as? [[String: Any]])?.count == 2 && set["holder"] as? String == "孟军")
            try #expect(try await HandoverQueries.keysInCabinet(property: zc.id!, on: t.db) == inCabinet - 2, "grouped keys are the holder's, not the cabinet's")
            let cabinet = try await t.api(.GET, "/properties/\(zc.id!)/keys?q=YBC", as: "kf.lingban").json()
            #expect((cabinet["items"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["YBC-3", "YBC-4"], "\(cabinet)")
            let second = try await t.api(.POST, "/show-houses/\(houseID)/key-sets", as: "kf.zhuguan", json: body.merging(["keyIDs": [ids[2]], "sealNo": "FT-C-002"]) { $1 })
            #expect(second.status == .conflict && second.error?.rule == "SH-52", "one set per department: \(second.text)")
            // A set's key is not lent from the cabinet key by key.
            let lent = try await t.api(.POST, "/keys/\(ids[0])/checkouts", as: "kf.lingban", json: ["borrowerStaffID": (try await t.staff("kf.yuangong")).id!.uuidString,
                                                                                            "purpose": "x", "expectedReturnAt": inHours(2)])
            #expect(lent.status == .conflict && lent.error?.rule == "SH-52", "\(lent.text)")
        }
    }

    @Test("SH-51, SH-52: property service's set is issued whole for a shift to show-house staff by its holder and comes back to the holder, on the ledger; other sets are never lent; a transfer is registered and the new holder signs", arguments: TestDatabase.selected)
    func sh51IssueAndReturn(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let b = try await set(t, "B户型样板房", .propertyService)
            let clerk = try await t.staff("kf.yuangong2")
            let issue: [String: Any] = ["staffID": clerk.id!.uuidString, "expectedReturnAt": inHours(8)]
            let notHolder = try await t.api(.POST, "/key-sets/\(b.id!)/issue", as: "kf.lingban", json: issue)
            #expect(notHolder.status == .forbidden && notHolder.error?.rule == "SH-51", "the holder hands it out: \(notHolder.text)")
            let toGuard = try await t.api(.POST, "/key-sets/\(b.id!)/issue", as: "wy.zhuguan", json: issue.merging(["staffID": (try await t.staff("ag.yuangong")).id!.uuidString]) { $1 })
            #expect(toGuard.status == .unprocessableEntity && toGuard.error?.rule == "SH-51", "\(toGuard.text)")
            let issued = try await t.api(.POST, "/key-sets/\(b.id!)/issue", as: "wy.zhuguan", json: issue)
            #expect(issued.status == .ok, "\(issued.text)")
            let keys = try #require(try issued.json()["keys"] as? [[String: Any]])
            #expect(keys.count == 2 && keys.allSatisfy { $0["status"] as? String == "out" && $0["outTo"] as? String == clerk.name }, "\(keys)")
            let twice = try await t.api(.POST, "/key-sets/\(b.id!)/issue", as: "wy.zhuguan", json: issue)
            #expect(twice.status == .conflict && twice.error?.rule == "SH-51", "\(twice.text)")
            // On the ledger as loans to the clerk.
            try #expect(try await KeyCheckout.query(on: t.db).filter(\.$borrowerStaff.$id == clerk.id!).filter(\.$openKeyID != nil).count() == 2)
            let cleaning = try await set(t, "B户型样板房", .cleaning)
            let lend = try await t.api(.POST, "/key-sets/\(cleaning.id!)/issue", as: "wy.jingli", json: issue)
            #expect(lend.status == .conflict && lend.error?.rule == "SH-52", "holders never lend keys: \(lend.text)")
            let back = try await t.api(.POST, "/key-sets/\(b.id!)/return", as: "wy.zhuguan")
            try #expect(back.status == .ok && (try back.json()["keys"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "in_cabinet" } == true, "\(back.text)")
            try #expect(try await t.api(.POST, "/key-sets/\(b.id!)/return", as: "wy.zhuguan").status == .conflict)
            // SH-52: a transfer, registered by a foreman or above at the property centre, to a holder of the same department and rank.
            let toStaff = try await t.api(.POST, "/key-sets/\(b.id!)/transfer", as: "kf.lingban", json: ["holderID": (try await t.staff("kf.yuangong")).id!.uuidString, "reason": "调岗"])
            #expect(toStaff.status == .unprocessableEntity && toStaff.error?.rule == "SH-50", "\(toStaff.text)")
            let noReason = try await t.api(.POST, "/key-sets/\(b.id!)/transfer", as: "kf.lingban", json: ["holderID": (try await t.staff("wy.jingli")).id!.uuidString])
            #expect(noReason.status == .badRequest && noReason.error?.field == "reason", "\(noReason.text)")
            let moved = try await t.api(.POST, "/key-sets/\(b.id!)/transfer", as: "kf.lingban", json: ["holderID": (try await t.staff("wy.jingli")).id!.uuidString, "reason": "许杰休假",
                                                                                                    "signature": DemoData.demoSignature])
            #expect(moved.status == .ok, "\(moved.text)")
            let moveJSON = try moved.json()
            #expect(moveJSON["holder"] as? String == "马超" && (moveJSON["register"] as? [[String: Any]])?.last?["kind"] as? String == "transfer")
            let oldHolder = try await t.api(.POST, "/key-sets/\(b.id!)/issue", as: "wy.zhuguan", json: issue)
            #expect(oldHolder.status == .ok || oldHolder.status == .forbidden, "a property-service supervisor may still hand it out: \(oldHolder.text)")
        }
    }

    @Test("SH-54: security's sealed set is opened only in an emergency, with a reason and a key holder or supervisor present who is not the guard; then resealed with a new seal", arguments: TestDatabase.selected)
    func sh54SealNeedsEmergencyAndWitness(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let a = try await set(t, "A户型样板房", .security)
            #expect(a.sealNo != nil)
            let supervisor = try await t.staff("ag.zhuguan"), foreman = try await t.staff("ag.lingban")
            let body: [String: Any] = ["emergency": "fire", "reason": "烟感报警，开门查看", "witnessID": supervisor.id!.uuidString]
            let before = try await footprint(t)
            let refusals: [([String: Any], HTTPResponseStatus, String)] = [
                (body.filter { $0.key != "emergency" }, .badRequest, "emergency"),
                (body.filter { $0.key != "reason" }, .badRequest, "reason"),
                (body.filter { $0.key != "witnessID" }, .badRequest, "witnessID"),
                (body.merging(["witnessID": foreman.id!.uuidString]) { $1 }, .unprocessableEntity, "witnessID"),
                (body.merging(["witnessID": (try await t.staff("ag.yuangong")).id!.uuidString]) { $1 }, .unprocessableEntity, "witnessID"),
            ]
            for (json, status, field) in refusals {
                let reply = try await t.api(.POST, "/key-sets/\(a.id!)/seal-break", as: "ag.yuangong", json: json)
                #expect(reply.status == status && reply.error?.field == field && reply.error?.rule == "SH-54", "\(field): \(reply.text)")
            }
            let notSecurity = try await t.api(.POST, "/key-sets/\(a.id!)/seal-break", as: "kf.lingban", json: body)
            #expect(notSecurity.status == .forbidden, "\(notSecurity.text)")
            try #expect(try await footprint(t) == before, "a refused seal break wrote something")
            let opened = try await t.api(.POST, "/key-sets/\(a.id!)/seal-break", as: "ag.yuangong", json: body)
            #expect(opened.status == .ok, "\(opened.text)")
            let line = try #require((try opened.json()["register"] as? [[String: Any]])?.last)
            try #expect(try opened.json()["sealed"] as? Bool == false && line["emergency"] as? String == "fire" && line["witness"] as? String == supervisor.name && line["sealNo"] as? String == a.sealNo)
            try #expect(try await StaffNotification.query(on: t.db).filter(\.$recipient.$id == supervisor.id!).filter(\.$kind == "key_set.seal_broken").count() == 1, "security's supervisors are told")
            let again = try await t.api(.POST, "/key-sets/\(a.id!)/seal-break", as: "ag.yuangong", json: body)
            #expect(again.status == .conflict && again.error?.rule == "SH-54", "\(again.text)")
            let sameSeal = try await t.api(.POST, "/key-sets/\(a.id!)/reseal", as: "ag.lingban", json: ["sealNo": a.sealNo!])
            #expect(sameSeal.status == .unprocessableEntity && sameSeal.error?.field == "sealNo", "\(sameSeal.text)")
            let resealed = try await t.api(.POST, "/key-sets/\(a.id!)/reseal", as: "ag.lingban", json: ["sealNo": "FT-A-099"])
            try #expect(resealed.status == .ok && (try resealed.json()["sealNo"] as? String) == "FT-A-099", "\(resealed.text)")
            // A key holder present will do as well: the cleaning supervisor holds a set of this house.
            let holder = try #require(try await Staff.query(on: t.db).filter(\.$username == "qj.zhuguan").first())
            let byHolder = try await t.api(.POST, "/key-sets/\(a.id!)/seal-break", as: "ag.yuangong", json: body.merging(["emergency": "unlocked", "witnessID": holder.id!.uuidString]) { $1 })
            #expect(byHolder.status == .ok, "\(byHolder.text)")
        }
    }

    @Test("SH-53: a set's key lost is reported at once by whoever finds it gone; the key is lost, the set retired, and engineering changes the lock core", arguments: TestDatabase.selected)
    func sh53LossRetiresTheSet(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let c = try await set(t, "B户型样板房", .cleaning)
            let key = try #require(try await RoomKey.query(on: t.db).filter(\.$keySetID == c.id!).first())
            let other = try await t.idleKey()
            let wrongKey = try await t.api(.POST, "/key-sets/\(c.id!)/loss", as: "qj.yuangong", json: ["keyID": other.id!.uuidString, "reason": "丢了"])
            #expect(wrongKey.status == .notFound && wrongKey.error?.field == "keyID", "\(wrongKey.text)")
            let lost = try await t.api(.POST, "/key-sets/\(c.id!)/loss", as: "qj.yuangong", json: ["keyID": key.id!.uuidString, "reason": "清洁时遗失在垃圾车"])
            #expect(lost.status == .ok, "\(lost.text)")
            let json = try lost.json()
            #expect(json["retiredAt"] as? String != nil && (json["keys"] as? [[String: Any]])?.first { $0["id"] as? String == key.id!.uuidString }?["status"] as? String == "lost")
            let task = try #require(try await LockChange.query(on: t.db).filter(\.$lostKey.$id == key.id!).first())
            #expect(task.completedAt == nil, "engineering changes the lock core")
            try #expect(try await StaffNotification.query(on: t.db).filter(\.$kind == KeyNotice.lockChangeOpened.rawValue).filter(\.$subjectID == task.id!).count() >= 1)
            let issue = try await t.api(.POST, "/key-sets/\(c.id!)/transfer", as: "kf.zhuguan", json: ["holderID": (try await t.staff("wy.zhuguan")).id!.uuidString, "reason": "x"])
            #expect(issue.status.code >= 400, "a retired set takes no more steps: \(issue.text)")
        }
    }
}
