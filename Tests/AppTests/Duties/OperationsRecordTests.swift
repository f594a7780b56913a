@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The other records 篇1 keeps — fire safety, drills, weather and night
/// posts, cleaning, vendors, staff — through real HTTP on a real database.
@Suite("Operations records (SH-5, SH-6, SH-7, SH-20, SH-35, SH-37, SH-38)")
struct OperationsRecordTests {
    func base(_ t: TestApp) async throws -> String { "/properties/\(try await t.property("ZC").id!)/operations-records" }

    func checks(_ kind: OperationsKind, problem: Int? = nil, note: String? = nil) -> [[String: Any]] {
        OperationsRules.checklist(kind).indices.map { index in
            index == problem ? (note.map { ["ok": false, "note": $0] } ?? ["ok": false]) : ["ok": true]
        }
    }

    @Test("SH-6: a fire check marks each line; a problem says what and carries the rectification opinion; leadership reviews it, never its writer; reviewed, it is frozen", arguments: TestDatabase.selected)
    func sh6FireCheckReviewedByLeadership(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            let before = try await t.count(OperationsRecord.schema)
            for (json, field) in [(["kind": "fire_check", "title": "x", "summary": "y", "checks": Array(checks(.fireCheck).dropLast())], "checks"),
                                  (["kind": "fire_check", "title": "x", "summary": "y", "checks": checks(.fireCheck, problem: 2)], "checks.2.note"),
                                  (["kind": "fire_check", "title": "x", "summary": "y", "checks": checks(.fireCheck, problem: 2, note: "通道堆放纸箱")], "followUp"),
                                  (["kind": "fire_check", "summary": "y", "checks": checks(.fireCheck)], "title")] as [([String: Any], String)] {
                let refused = try await t.api(.POST, base, as: "ag.yuangong", json: json)
                #expect((400..<500).contains(Int(refused.status.code)) && refused.error?.field == field && refused.error?.rule == "SH-6", "\(field): \(refused.text)")
            }
            let clerk = try await t.api(.POST, base, as: "kf.yuangong", json: ["kind": "fire_check", "title": "x", "summary": "y", "checks": checks(.fireCheck)])
            #expect(clerk.status == .forbidden, "security keeps the fire checks: \(clerk.text)")
            #expect(try await t.count(OperationsRecord.schema) == before)
            let made = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "fire_check", "title": "月度消防检查", "summary": "大堂与样板房",
                                                                              "checks": checks(.fireCheck, problem: 2, note: "通道堆放纸箱"), "followUp": "当日清走纸箱"])
            try #expect(made.status == .created && (try made.json()["review"] as? String) == "waiting", "\(made.text)")
            let id = try #require(try made.json()["id"] as? String)
            let supervisor = try await t.api(.POST, "/operations-records/\(id)/review", as: "ag.zhuguan", json: ["approved": true])
            #expect(supervisor.status == .forbidden && supervisor.error?.rule == "SH-6", "\(supervisor.text)")
            let bare = try await t.api(.POST, "/operations-records/\(id)/review", as: "leader", json: ["approved": false])
            #expect(bare.error?.field == "note", "\(bare.text)")
            let reviewed = try await t.api(.POST, "/operations-records/\(id)/review", as: "leader", json: ["approved": true, "note": "请跟进"])
            try #expect(reviewed.status == .ok && (try reviewed.json()["review"] as? String) == "approved", "\(reviewed.text)")
            #expect(try await t.api(.POST, "/operations-records/\(id)/review", as: "leader", json: ["approved": true]).status == .conflict)
            // Leadership may write one too, but not review its own.
            let own = try await t.api(.POST, base, as: "leader", json: ["kind": "fire_check", "title": "抽查", "summary": "抽查", "checks": checks(.fireCheck)])
            let ownID = try #require(try own.json()["id"] as? String, "\(own.text)")
            let selfReview = try await t.api(.POST, "/operations-records/\(ownID)/review", as: "leader", json: ["approved": true])
            #expect(selfReview.status == .forbidden && selfReview.error?.rule == "SH-6", "\(selfReview.text)")
            try await t.expectChainIntact()
        }
    }

    @Test("SH-5: the night post layout is approved by leadership; the weather preparation is kept as written", arguments: TestDatabase.selected)
    func sh5NightPostsApprovedByLeadership(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            let layout = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "night_post_layout", "title": "夜间岗位分布图", "summary": "005岗 1 人，大堂岗巡视"])
            let id = try #require(try layout.json()["id"] as? String, "\(layout.text)")
            #expect(try await t.api(.POST, "/operations-records/\(id)/review", as: "kf.jingli", json: ["approved": true]).status == .forbidden)
            let approved = try await t.api(.POST, "/operations-records/\(id)/review", as: "leader", json: ["approved": true])
            try #expect(try approved.json()["approved"] as? Bool == true, "\(approved.text)")
            let weather = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "weather_preparation", "title": "台风准备", "summary": "沙袋就位", "checks": checks(.weatherPreparation)])
            let weatherID = try #require(try weather.json()["id"] as? String, "\(weather.text)")
            try #expect(try weather.json()["review"] as? String == "none")
            #expect(try await t.api(.POST, "/operations-records/\(weatherID)/review", as: "leader", json: ["approved": true]).status == .conflict)
        }
    }

    @Test("SH-7: each show house has its emergency plan and drills, both reviewed by leadership; a drill marks each step and names its show house", arguments: TestDatabase.selected)
    func sh7PlansAndDrills(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            let b = try #require(try await ShowHouse.query(on: t.db).filter(\.$name == "B户型样板房").first())
            let noHouse = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "emergency_drill", "title": "火灾演练", "summary": "疏散", "checks": checks(.emergencyDrill)])
            #expect(noHouse.error?.field == "showHouseID" && noHouse.error?.rule == "SH-7", "\(noHouse.text)")
            let plan = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "emergency_plan", "showHouseID": b.id!.uuidString, "title": "B户型火灾应急预案", "summary": "报警、断电、疏散"])
            let planID = try #require(try plan.json()["id"] as? String, "\(plan.text)")
            let drill = try await t.api(.POST, base, as: "ag.yuangong", json: ["kind": "emergency_drill", "showHouseID": b.id!.uuidString, "title": "B户型火灾演练",
                                                                               "summary": "6 人参加", "checks": checks(.emergencyDrill, problem: 2, note: "灭火器拔销不熟练")])
            try #expect(drill.status == .created && (try drill.json()["showHouse"] as? String) == "B户型样板房", "\(drill.text)")
            for id in [planID, try #require(try drill.json()["id"] as? String)] {
                #expect(try await t.api(.POST, "/operations-records/\(id)/review", as: "ag.zhuguan", json: ["approved": true]).status == .forbidden)
                #expect(try await t.api(.POST, "/operations-records/\(id)/review", as: "leader", json: ["approved": true, "note": "每季度一次"]).status == .ok)
            }
        }
    }

    @Test("SH-20: cleaning before opening is a duty of each show house: by 08:30 on time, by 09:00 late, then missed; only cleaning records it", arguments: TestDatabase.selected)
    func sh20CleaningBeforeOpening(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            let zc = try await t.property("ZC")
            let b = try #require(try await ShowHouse.query(on: t.db).filter(\.$name == "B户型样板房").first())
            let tomorrow = LocalTime.day(DutyTests.today, plus: 1)
            let body: [String: Any] = ["kind": "cleaning", "showHouseID": b.id!.uuidString, "title": "开馆前清洁", "summary": "完成", "checks": checks(.cleaning)]
            #expect(try await t.api(.POST, base, as: "kf.yuangong", json: body).status == .forbidden)
            var noHouse = body
            noHouse["showHouseID"] = nil
            #expect(try await t.api(.POST, base, as: "qj.yuangong", json: noHouse).error?.field == "showHouseID")
            t.clock.set(DutyTests.at("08:45", day: tomorrow))
            #expect(try await t.api(.POST, base, as: "qj.yuangong", json: body).status == .created)
            t.clock.set(DutyTests.at("09:05", day: tomorrow))
            let day = try await t.api(.GET, "/properties/\(zc.id!)/duties?day=\(tomorrow)", as: "kf.lingban").json()
            let cleaning = ((day["duties"] as? [[String: Any]]) ?? []).filter { ($0["duty"] as? [String: Any])?["kind"] as? String == "cleaning" }
            let states = Dictionary(uniqueKeysWithValues: cleaning.map { (($0["duty"] as? [String: Any])?["place"] as? String ?? "", (($0["occurrences"] as? [[String: Any]])?.first?["state"] as? String) ?? "") })
            #expect(states == ["A户型样板房": "missed", "B户型样板房": "late"], "late until 09:00, missed after: \(states)")
        }
    }

    @Test("SH-20: a floor maintenance plan is a duty a manager sets for a show house (weekly on Sundays here); its run fulfils it", arguments: TestDatabase.selected)
    func sh20FloorMaintenancePlan(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let b = try #require(try await ShowHouse.query(on: t.db).filter(\.$name == "B户型样板房").first())
            let plan = try await t.api(.POST, "/properties/\(zc.id!)/duties", as: "kf.jingli", json: [
                "kind": "floor_maintenance", "showHouseID": b.id!.uuidString, "department": "cleaning", "cadence": "weekly", "windows": "20:00", "weekday": LocalTime.weekday(of: DutyTests.today), "graceMinutes": 60])
            #expect(plan.status == .created, "\(plan.text)")
            let run = try await t.api(.POST, try await base(t), as: "qj.yuangong", json: ["kind": "floor_maintenance", "showHouseID": b.id!.uuidString, "title": "石材结晶",
                                                                                         "summary": "客厅完成", "checks": checks(.floorMaintenance)])
            #expect(run.status == .created, "\(run.text)")
            let day = try await t.api(.GET, "/properties/\(zc.id!)/duties", as: "kf.jingli").json()
            let floor = try #require((day["duties"] as? [[String: Any]])?.first { ($0["duty"] as? [String: Any])?["kind"] as? String == "floor_maintenance" })
            #expect(((floor["occurrences"] as? [[String: Any]]) ?? []).map { $0["state"] as? String } == ["done"], "\(floor)")
        }
    }

    @Test("SH-35, SH-37: a vendor assessment names the vendor and a score, a poor one its follow-up; a management audit names the department", arguments: TestDatabase.selected)
    func sh35VendorsAndSh37Audits(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            for (json, field, rule) in [(["kind": "vendor_assessment", "title": "x", "summary": "y", "score": 80], "vendor", "SH-35"),
                                        (["kind": "vendor_assessment", "title": "x", "summary": "y", "vendor": "某保洁公司"], "score", "SH-35"),
                                        (["kind": "vendor_assessment", "title": "x", "summary": "y", "vendor": "某保洁公司", "score": 55], "followUp", "SH-35"),
                                        (["kind": "management_audit", "title": "x", "summary": "y"], "department", "SH-37")] as [([String: Any], String, String)] {
                let refused = try await t.api(.POST, base, as: "kf.zhuguan", json: json)
                #expect((400..<500).contains(Int(refused.status.code)) && refused.error?.field == field && refused.error?.rule == rule, "\(field): \(refused.text)")
            }
            let tooHigh = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "vendor_assessment", "title": "x", "summary": "y", "vendor": "某", "score": 101])
            #expect(tooHigh.status == .badRequest && tooHigh.error?.field == "score", "\(tooHigh.text)")
            #expect(try await t.api(.POST, base, as: "kf.lingban", json: ["kind": "management_audit", "title": "x", "summary": "y", "department": "cleaning"]).status == .forbidden,
                    "supervisors and up audit")
            let audit = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "management_audit", "title": "周检查", "summary": "规范", "department": "cleaning"])
            try #expect(audit.status == .created && (try audit.json()["department"] as? String) == "cleaning", "\(audit.text)")
        }
    }

    @Test("SH-38: negligence names a person of the property, never its writer; the person is told; only supervisors and the person read it; a manager reviews it", arguments: TestDatabase.selected)
    func sh38NegligenceAgainstThePerson(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let base = try await base(t)
            let sunyue = try await t.staff("kf.yuangong2"), zhangmin = try await t.staff("kf.zhuguan")
            let noLoss = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "negligence", "title": "未关空调", "summary": "闭馆未关", "subjectID": sunyue.id!.uuidString])
            #expect(noLoss.error?.field == "followUp" && noLoss.error?.rule == "SH-38", "\(noLoss.text)")
            let selfBlame = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "negligence", "title": "x", "summary": "y", "followUp": "z", "subjectID": zhangmin.id!.uuidString])
            #expect(selfBlame.error?.field == "subjectID", "\(selfBlame.text)")
            let stranger = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "negligence", "title": "x", "summary": "y", "followUp": "z", "subjectID": UUID().uuidString])
            #expect(stranger.status == .notFound && stranger.error?.field == "subjectID", "\(stranger.text)")
            let made = try await t.api(.POST, base, as: "kf.zhuguan", json: ["kind": "negligence", "title": "未关空调", "summary": "闭馆未关", "followUp": "电费损失 60 元，书面警告",
                                                                             "subjectID": sunyue.id!.uuidString])
            let id = try #require(try made.json()["id"] as? String, "\(made.text)")
            #expect(try await StaffNotification.query(on: t.db).filter(\.$recipient.$id == sunyue.id!).filter(\.$kind == "operations_record.negligence").count() == 1)
            #expect(try await t.api(.GET, "/operations-records/\(id)", as: "kf.yuangong").status == .forbidden)
            #expect(try await t.api(.GET, "/operations-records/\(id)", as: "kf.yuangong2").status == .ok)
            let listed = try await t.api(.GET, base + "?kind=negligence", as: "kf.yuangong").jsonArray()
            #expect(!listed.contains { $0["id"] as? String == id }, "other staff do not see it in the list")
            for (person, status) in [("kf.zhuguan", HTTPResponseStatus.forbidden), ("ag.zhuguan", .forbidden), ("kf.jingli", .ok)] {
                let reply = try await t.api(.POST, "/operations-records/\(id)/review", as: person, json: ["approved": true])
                #expect(reply.status == status, "\(person): \(reply.text)")
            }
        }
    }
}
