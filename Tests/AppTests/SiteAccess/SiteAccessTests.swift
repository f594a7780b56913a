@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Site access through real HTTP on a real database: work liaison forms and
/// their approvals (SH-40…SH-42), the gate (SH-43, SH-44), the contractor's
/// record (SH-46), emergency and after-hours entry (SH-2, SH-3), and what a
/// contractor's own account may see (ORG-4).
@Suite("Site access: work forms, the gate, emergency and after-hours entry (SH-2, SH-3, SH-40…SH-46, ORG-4)")
struct SiteAccessTests {
    static let png = "data:image/png;base64," + Data(DemoPhoto.png(width: 8, height: 8)).base64EncodedString()

    // MARK: Time: the test's now is 2026-11-29 10:00 in Shanghai

    /// "yyyy-MM-dd", `plus` days after the test's today.
    static func day(_ plus: Int) -> String { LocalTime.day(DutyTests.today, plus: plus) }
    /// "yyyy-MM-ddTHH:mm" local, as the forms take it.
    static func local(_ plus: Int, _ hhmm: String) -> String { day(plus) + "T" + hhmm }
    /// The moment, to move the FixedClock to.
    static func at(_ plus: Int, _ hhmm: String) -> Date { DutyTests.at(hhmm, day: day(plus)) }

    // MARK: Helpers

    func zc(_ t: TestApp) async throws -> String { try await t.property("ZC").id!.uuidString }

    func house(_ t: TestApp, _ name: String = "A户型样板房") async throws -> ShowHouse {
        try #require(try await ShowHouse.query(on: t.db).filter(\.$name == name).first())
    }

    /// A refusal: its status, its rule (when given) and its field (when given).
    func refused(_ reply: TestApp.Reply, _ status: HTTPResponseStatus, rule: String?, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        if let rule { #expect(reply.error?.rule == rule, "rule: \(reply.text)", sourceLocation: sourceLocation) }
        if let field { #expect(reply.error?.field == field, "field: \(reply.text)", sourceLocation: sourceLocation) }
    }

    /// Everything a site-access action may write, to prove a refusal wrote nothing.
    func written(_ t: TestApp) async throws -> [String: Int] {
        var counts = try await t.footprint()
        for table in [WorkLiaisonForm.schema, WorkFormWorker.schema, SiteEntry.schema, ContractorIncident.schema, EmergencyEntry.schema,
                      AfterHoursPass.schema, ServiceItem.schema, Contractor.schema, App.Attachment.schema] {
            counts[table] = try await t.count(table)
        }
        return counts
    }

    /// A contractor registered at z城 by property service's manager.
    func contractor(_ t: TestApp, _ name: String = "鑫盛装饰") async throws -> String {
        let property = try await zc(t)
        let made = try await t.api(.POST, "/properties/\(property)/contractors", as: "wy.jingli", json: ["name": name, "contact": "黄师傅", "phone": "13812345678"])
        #expect(made.status == .created, "\(made.text)")
        return try #require(try made.json()["id"] as? String)
    }

    /// The contractor's own sign-in, with the demo password so the harness can sign it in; signed in at once.
    func account(_ t: TestApp, contractor: String, username: String) async throws {
        let made = try await t.api(.POST, "/contractors/\(contractor)/accounts", as: "wy.jingli", json: ["username": username, "name": "黄师傅", "password": DemoData.password])
        #expect(made.status == .created, "\(made.text)")
        _ = try await t.token(for: username)
    }

    /// The demo has no engineering supervisor: the administrator adds one (and it signs in once).
    func engineer(_ t: TestApp) async throws -> String {
        let username = "gc.zhuguan"
        if try await Staff.query(on: t.db).filter(\.$username == username).count() == 0 {
            let made = try await t.api(.POST, "/staff", as: "admin", json: ["username": username, "name": "钱伟", "password": DemoData.password, "rank": "supervisor",
                                                                             "department": "engineering", "properties": [try await zc(t)]])
            #expect(made.status == .created, "\(made.text)")
            _ = try await t.token(for: username)
        }
        return username
    }

    /// A valid form: work from `startDay` days ahead, 08:00, for three days.
    func formBody(contractor: String?, workers: [[String: Any]] = [["name": "王强"]], startDay: Int = 2, cutsPower: Bool = false) -> [String: Any] {
        var body: [String: Any] = [
            "project": "A户型样板房窗帘更换", "scope": "客厅、主卧窗帘及轨道", "area": "2栋1001 客厅、主卧", "startsAt": Self.local(startDay, "08:00"),
            "endsAt": Self.local(startDay + 3, "18:00"), "headcount": workers.count, "teamLeader": "黄师傅", "leaderPhone": "13812345678",
            "signature": DemoData.demoSignature, "description": "拆除旧窗帘，安装新轨道和窗帘", "drawings": [Self.png], "workers": workers,
            "cutsPower": cutsPower, "cutsWater": false, "cutsEquipment": false, "crossesAreas": false,
        ]
        if let contractor { body["contractorID"] = contractor }
        return body
    }

    func file(_ t: TestApp, _ body: [String: Any], as person: String = "kf.yuangong") async throws -> [String: Any] {
        let property = try await zc(t)
        let made = try await t.api(.POST, "/properties/\(property)/work-forms", as: person, json: body)
        #expect(made.status == .created, "\(made.text)")
        return try made.json()
    }

    func id(_ object: [String: Any]) throws -> String { try #require(object["id"] as? String, "\(object)") }

    func worker(_ form: [String: Any], _ name: String) throws -> String {
        try #require((form["workers"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["id"] as? String, "\(name) on \(form)")
    }

    func approve(_ t: TestApp, _ form: String, _ step: String, as person: String) async throws -> TestApp.Reply {
        try await t.api(.POST, "/work-forms/\(form)/approval", as: person, json: ["step": step, "note": "同意"])
    }

    /// Leadership, engineering, registration and security, each by its own people.
    func approveAll(_ t: TestApp, _ form: String) async throws {
        let eng = try await engineer(t)
        for (step, person) in [("leadership", "wy.jingli"), ("engineering", eng), ("registration", "wy.zhuguan"), ("security", "ag.yuangong")] {
            let reply = try await approve(t, form, step, as: person)
            #expect(reply.status == .ok, "\(step): \(reply.text)")
        }
    }

    func enter(_ t: TestApp, _ form: String, _ worker: String) async throws -> TestApp.Reply {
        try await t.api(.POST, "/work-forms/\(form)/entries", as: "ag.yuangong", json: ["workerID": worker])
    }

    func onSite(_ t: TestApp) async throws -> [[String: Any]] {
        let property = try await zc(t)
        return try await t.api(.GET, "/properties/\(property)/on-site", as: "ag.yuangong").jsonArray()
    }

    // MARK: Filing (SH-40)

    @Test("SH-40: a form filed one day ahead is refused naming SH-40; two days ahead is filed", arguments: TestDatabase.selected)
    func sh40FiledAhead(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let xinsheng = try await contractor(t)
            let yongan = try await contractor(t, "永安水电")
            try await account(t, contractor: xinsheng, username: "hd.huang")
            let property = try await zc(t)
            let path = "/properties/\(property)/work-forms"
            let before = try await written(t)
            refused(try await t.api(.POST, path, as: "kf.yuangong", json: formBody(contractor: xinsheng, startDay: 1)), .unprocessableEntity, rule: "SH-40", field: "startsAt")
            var miscounted = formBody(contractor: xinsheng)
            miscounted["headcount"] = 2
            refused(try await t.api(.POST, path, as: "kf.yuangong", json: miscounted), .unprocessableEntity, rule: "SH-40", field: "headcount")
            refused(try await t.api(.POST, path, as: "kf.yuangong", json: formBody(contractor: nil)), .badRequest, rule: "SH-40", field: "contractorID")
            var bare = formBody(contractor: xinsheng)
            bare["drawings"] = [String]()
            let noDrawings = try await t.api(.POST, path, as: "kf.yuangong", json: bare)
            #expect((400..<500).contains(Int(noDrawings.status.code)) && noDrawings.error?.field == "drawings", "\(noDrawings.text)")
            refused(try await t.api(.POST, path, as: "qj.yuangong", json: formBody(contractor: xinsheng)), .forbidden, rule: "SH-40")
            try #expect(try await written(t) == before, "refusals write nothing")

            let filed = try await file(t, formBody(contractor: xinsheng))
            #expect(filed["status"] as? String == "filed" && filed["nextStep"] as? String == "leadership", "\(filed)")
            #expect(filed["contractorID"] as? String == xinsheng && filed["headcount"] as? Int == 1 && (filed["drawings"] as? [Any])?.count == 1)
            #expect((filed["referenceNo"] as? String)?.hasPrefix("LL-") == true, "\(filed)")
            // The contractor's own account files for itself, whatever contractor the body names.
            let own = try await file(t, formBody(contractor: yongan, workers: [["name": "黄一"], ["name": "黄二"]]), as: "hd.huang")
            #expect(own["contractorID"] as? String == xinsheng && own["headcount"] as? Int == 2, "\(own)")
            let ours = try await t.api(.GET, "/contractors/\(xinsheng)", as: "wy.jingli").json()
            #expect(ours["forms"] as? Int == 2)
        }
    }

    // MARK: Approvals (SH-41, SH-42)

    @Test("SH-41: approvals only in order, never by the filer", arguments: TestDatabase.selected)
    func sh41ApprovalsInOrder(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let eng = try await engineer(t)
            let form = try id(try await file(t, formBody(contractor: try await contractor(t)), as: "wy.jingli"))
            let before = try await written(t)
            refused(try await approve(t, form, "engineering", as: eng), .conflict, rule: "SH-41", field: "step")
            refused(try await approve(t, form, "security", as: "ag.yuangong"), .conflict, rule: "SH-41", field: "step")
            refused(try await approve(t, form, "leadership", as: "wy.jingli"), .forbidden, rule: "SH-41")
            refused(try await approve(t, form, "leadership", as: "wy.zhuguan"), .forbidden, rule: "SH-41")
            try #expect(try await written(t) == before, "refusals write nothing")

            let led = try await approve(t, form, "leadership", as: "leader")
            try #expect(led.status == .ok && (try led.json()["status"] as? String) == "leadership_approved" && (try led.json()["nextStep"] as? String) == "engineering", "\(led.text)")
            refused(try await approve(t, form, "engineering", as: "qj.yuangong"), .forbidden, rule: "SH-41")
            let drawn = try await approve(t, form, "engineering", as: eng)
            try #expect(drawn.status == .ok && (try drawn.json()["status"] as? String) == "drawings_approved", "\(drawn.text)")
            let registered = try await approve(t, form, "registration", as: "wy.zhuguan")
            try #expect(registered.status == .ok && (try registered.json()["status"] as? String) == "registered", "\(registered.text)")
            try #expect((try registered.json()["replyNo"] as? String)?.hasPrefix("HF-") == true, "the reply slip: \(registered.text)")
            let active = try await approve(t, form, "security", as: "ag.yuangong")
            try #expect(active.status == .ok && (try active.json()["status"] as? String) == "active", "\(active.text)")
            try #expect((try active.json()["nextStep"] as? String) == nil, "nothing is left to approve")
            let again = try await written(t)
            refused(try await approve(t, form, "leadership", as: "leader"), .conflict, rule: "SH-41", field: "step")
            try #expect(try await written(t) == again)
            try await t.expectChainIntact()
        }
    }

    @Test("SH-42: outage work waits for leadership's extra approval before anyone comes in", arguments: TestDatabase.selected)
    func sh42OutageNeedsLeadership(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let filed = try await file(t, formBody(contractor: try await contractor(t), cutsPower: true))
            #expect(filed["needsExtraApproval"] as? Bool == true, "\(filed)")
            let form = try id(filed), wang = try worker(filed, "王强")
            refused(try await t.api(.POST, "/work-forms/\(form)/extra-approval", as: "leader", json: ["note": "同意停电"]), .conflict, rule: "SH-42")
            try await approveAll(t, form)
            t.clock.set(Self.at(2, "10:00"))
            let before = try await written(t)
            refused(try await enter(t, form, wang), .conflict, rule: "SH-42")
            refused(try await t.api(.POST, "/work-forms/\(form)/extra-approval", as: "wy.zhuguan", json: ["note": "同意"]), .forbidden, rule: nil)
            try #expect(try await written(t) == before, "refusals write nothing")
            let agreed = try await t.api(.POST, "/work-forms/\(form)/extra-approval", as: "leader", json: ["note": "同意 14:00–15:00 停电"])
            try #expect(agreed.status == .ok && (try agreed.json()["extraApprovedBy"] as? String) != nil, "\(agreed.text)")
            refused(try await t.api(.POST, "/work-forms/\(form)/extra-approval", as: "leader", json: ["note": "再次"]), .conflict, rule: "SH-42")
            let came = try await enter(t, form, wang)
            #expect(came.status == .created, "\(came.text)")
        }
    }

    // MARK: The gate (SH-43, SH-44)

    @Test("SH-43/SH-44: only named workers, with valid certificates, come in; exit needs the checks", arguments: TestDatabase.selected)
    func sh44GateChecks(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let xinsheng = try await contractor(t)
            let electrician: [String: Any] = ["name": "李电", "trade": "electrician", "certificateNo": "DG-2019-0118", "certificateExpires": Self.day(-30)]
            let a = try await file(t, formBody(contractor: xinsheng, workers: [["name": "王强"], electrician]))
            let b = try await file(t, formBody(contractor: xinsheng, workers: [["name": "赵六"]]))
            let form = try id(a), wang = try worker(a, "王强"), li = try worker(a, "李电"), zhao = try worker(b, "赵六")
            #expect((a["workers"] as? [[String: Any]])?.first { $0["id"] as? String == li }?["certificateValid"] as? Bool == false, "\(a)")
            try await approveAll(t, form)
            try await approveAll(t, try id(b))
            // Not yet in the window.
            refused(try await enter(t, form, wang), .conflict, rule: "SH-44")
            t.clock.set(Self.at(2, "10:00"))
            let before = try await written(t)
            refused(try await enter(t, form, zhao), .conflict, rule: "SH-44", field: "workerID")
            refused(try await enter(t, form, li), .conflict, rule: "SH-43", field: "workerID")
            refused(try await t.api(.POST, "/work-forms/\(form)/entries", as: "kf.yuangong", json: ["workerID": wang]), .forbidden, rule: "SH-44")
            try #expect(try await written(t) == before, "refusals write nothing")

            let came = try await enter(t, form, wang)
            #expect(came.status == .created, "\(came.text)")
            let entry = try id(try came.json())
            try #expect(try await onSite(t).contains { $0["id"] as? String == entry && $0["workerID"] as? String == wang })
            refused(try await enter(t, form, wang), .conflict, rule: "SH-44", field: "workerID")
            let inside = try await written(t)
            let unchecked = try await t.api(.POST, "/site-entries/\(entry)/exit", as: "ag.yuangong", json: ["peopleChecked": true, "toolsChecked": false, "materialsChecked": true])
            refused(unchecked, .badRequest, rule: "SH-44", field: "toolsChecked")
            try #expect(try await written(t) == inside)
            try #expect(try await onSite(t).contains { $0["id"] as? String == entry }, "still on site")
            let left = try await t.api(.POST, "/site-entries/\(entry)/exit", as: "ag.yuangong",
                                       json: ["peopleChecked": true, "toolsChecked": true, "materialsChecked": true, "carriedOut": "旧窗帘 2 幅"])
            try #expect(left.status == .ok && (try left.json()["exitedAt"] as? String) != nil && (try left.json()["carriedOut"] as? String) == "旧窗帘 2 幅", "\(left.text)")
            try #expect(try await onSite(t).allSatisfy { $0["id"] as? String != entry }, "gone from the site")
            refused(try await t.api(.POST, "/site-entries/\(entry)/exit", as: "ag.yuangong", json: ["peopleChecked": true, "toolsChecked": true, "materialsChecked": true]),
                    .conflict, rule: "SH-44")
            // A renewed certificate lets the electrician in.
            let renewed = try await t.api(.POST, "/work-form-workers/\(li)/certificate", as: "kf.yuangong", json: ["certificateNo": "DG-2026-0931", "certificateExpires": Self.day(365)])
            #expect(renewed.status == .ok, "\(renewed.text)")
            let electricianIn = try await enter(t, form, li)
            #expect(electricianIn.status == .created, "\(electricianIn.text)")
        }
    }

    @Test("SH-44: twenty simultaneous entries of one worker let them in once", arguments: TestDatabase.selected)
    func sh44EntryRace(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let filed = try await file(t, formBody(contractor: try await contractor(t)))
            let form = try id(filed), wang = try worker(filed, "王强")
            try await approveAll(t, form)
            t.clock.set(Self.at(2, "10:00"))
            let before = try await t.count(SiteEntry.schema)
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await t.api(.POST, "/work-forms/\(form)/entries", as: "ag.yuangong", json: ["workerID": wang]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .created }.count == 1 && replies.filter { $0 == .conflict }.count == 19, "\(replies)")
            try #expect(try await t.count(SiteEntry.schema) == before + 1)
            try #expect(try await onSite(t).filter { $0["workerID"] as? String == wang }.count == 1)
            try await t.expectChainIntact()
        }
    }

    // MARK: The contractor's record (SH-46)

    @Test("SH-46: damage and expulsion go on the contractor's record and keep them out", arguments: TestDatabase.selected)
    func sh46IncidentsOnRecord(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let xinsheng = try await contractor(t)
            let filed = try await file(t, formBody(contractor: xinsheng, workers: [["name": "王强"], ["name": "刘五"]]))
            let form = try id(filed), wang = try worker(filed, "王强"), liu = try worker(filed, "刘五")
            try await approveAll(t, form)
            t.clock.set(Self.at(2, "10:00"))
            let path = "/contractors/\(xinsheng)/incidents"
            let before = try await written(t)
            refused(try await t.api(.POST, path, as: "wy.zhuguan", json: ["kind": "damage", "formID": form, "description": "搬运梯子划伤客厅木地板"]),
                    .badRequest, rule: "SH-46", field: "compensation")
            let badAmount = try await t.api(.POST, path, as: "wy.zhuguan", json: ["kind": "damage", "formID": form, "description": "划伤地板", "compensation": "12.345"])
            #expect((400..<500).contains(Int(badAmount.status.code)) && badAmount.error?.field == "compensation", "\(badAmount.text)")
            try #expect(try await written(t) == before, "refusals write nothing")

            let damage = try await t.api(.POST, path, as: "wy.zhuguan", json: ["kind": "damage", "formID": form, "description": "搬运梯子划伤客厅木地板", "compensation": "1200.50"])
            #expect(damage.status == .created, "\(damage.text)")
            let incident = try damage.json()
            #expect(incident["compensation"] as? String == "1200.50" && incident["kind"] as? String == "damage")
            let itemID = try #require((incident["serviceItemID"] as? String).flatMap(UUID.init(uuidString:)), "a service item: \(incident)")
            _ = try #require(try await ServiceItem.find(itemID, on: t.db), "the item at the desk")
            let record = try await t.api(.GET, "/contractors/\(xinsheng)", as: "wy.jingli").json()
            #expect(record["compensation"] as? String == "1200.50", "\(record)")
            #expect((record["incidents"] as? [[String: Any]])?.contains { $0["id"] as? String == incident["id"] as? String } == true)

            let expelled = try await t.api(.POST, path, as: "ag.yuangong", json: ["kind": "expulsion", "workerID": liu, "description": "不听劝阻擅自进入主卧", "workStopped": true])
            #expect(expelled.status == .created, "\(expelled.text)")
            refused(try await enter(t, form, liu), .conflict, rule: "SH-46", field: "workerID")
            let view = try await t.api(.GET, "/work-forms/\(form)", as: "ag.yuangong").json()
            #expect((view["workers"] as? [[String: Any]])?.first { $0["id"] as? String == liu }?["expelled"] as? Bool == true)
            let others = try await enter(t, form, wang)
            #expect(others.status == .created, "the rest of the team still comes in: \(others.text)")
            let after = try await t.api(.GET, "/contractors/\(xinsheng)", as: "wy.jingli").json()
            #expect((after["incidents"] as? [Any])?.count == 2 && after["compensation"] as? String == "1200.50")
        }
    }

    // MARK: Emergency and after-hours entry (SH-2, SH-3)

    @Test("SH-2: an emergency entry needs a supervisor present, confirmed in their own session, and stays open until the report", arguments: TestDatabase.selected)
    func sh2EmergencyEntry(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let a = try await house(t)
            let sets = try await KeySet.query(on: t.db).filter(\.$showHouse.$id == a.id!).all()
            let sealed = try #require(sets.first { $0.keeper == .security && $0.sealNo != nil }, "security's sealed set of A")
            let property = try await zc(t)
            let path = "/properties/\(property)/emergency-entries"
            var body: [String: Any] = ["showHouseID": a.id!.uuidString, "emergency": "flooding", "reason": "暴雨，样板房客厅窗缝进水", "guards": "周强、吴刚",
                                       "keySetID": sealed.id!.uuidString]
            let before = try await written(t)
            refused(try await t.api(.POST, path, as: "ag.yuangong", json: body), .badRequest, rule: "SH-2", field: "supervisorID")
            body["supervisorID"] = try await t.staff("kf.yuangong").id!.uuidString
            refused(try await t.api(.POST, path, as: "ag.yuangong", json: body), .unprocessableEntity, rule: "SH-2", field: "supervisorID")
            // Two people: a supervisor does not record and supervise alone, and only security opens its set (SH-54).
            body["supervisorID"] = try await t.staff("kf.zhuguan").id!.uuidString
            refused(try await t.api(.POST, path, as: "kf.zhuguan", json: body), .unprocessableEntity, rule: "SH-2", field: "supervisorID")
            body["supervisorID"] = try await t.staff("ag.zhuguan").id!.uuidString
            refused(try await t.api(.POST, path, as: "kf.zhuguan", json: body), .forbidden, rule: "SH-54")
            try #expect(try await written(t) == before, "refusals write nothing")

            body["supervisorID"] = try await t.staff("kf.zhuguan").id!.uuidString
            let made = try await t.api(.POST, path, as: "ag.yuangong", json: body)
            try #expect(made.status == .created && (try made.json()["stage"] as? String) == "awaiting_supervisor", "\(made.text)")
            let entryID = try id(try made.json())
            let entry = "/emergency-entries/\(entryID)"
            try #expect(try await KeySet.find(sealed.id, on: t.db)?.sealNo != nil, "nothing is opened before the supervisor is there")
            refused(try await t.api(.POST, path, as: "ag.yuangong", json: body), .conflict, rule: "SH-54", field: "keySetID")
            let waiting = try await written(t)
            refused(try await t.api(.POST, entry + "/exit", as: "ag.yuangong"), .conflict, rule: "SH-2")
            refused(try await t.api(.POST, entry + "/confirmation", as: "ag.zhuguan"), .forbidden, rule: "SH-2")
            refused(try await t.api(.POST, entry + "/confirmation", as: "ag.yuangong"), .forbidden, rule: nil)
            try #expect(try await written(t) == waiting, "refusals write nothing")

            let confirmed = try await t.api(.POST, entry + "/confirmation", as: "kf.zhuguan")
            try #expect(confirmed.status == .ok && (try confirmed.json()["stage"] as? String) == "inside" && (try confirmed.json()["enteredAt"] as? String) != nil, "\(confirmed.text)")
            try #expect(try await KeySet.find(sealed.id, on: t.db)?.sealNo == nil, "security's set is opened with the supervisor there")
            refused(try await t.api(.POST, entry + "/confirmation", as: "kf.zhuguan"), .conflict, rule: "SH-2")
            let out = try await t.api(.POST, entry + "/exit", as: "ag.yuangong")
            try #expect(out.status == .ok && (try out.json()["stage"] as? String) == "awaiting_report", "\(out.text)")
            refused(try await t.api(.POST, entry + "/report", as: "ag.yuangong", json: ["report": "已关窗并清理积水"]), .forbidden, rule: nil)
            refused(try await t.api(.POST, entry + "/report", as: "kf.zhuguan", json: [String: Any]()), .badRequest, rule: "SH-2", field: "report")
            let reported = try await t.api(.POST, entry + "/report", as: "kf.zhuguan", json: ["report": "22:10 到场监护，关闭客厅窗户，清理积水约 2 平方米，无物品损坏"])
            try #expect(reported.status == .ok && (try reported.json()["stage"] as? String) == "closed", "\(reported.text)")
            try await t.expectChainIntact()
        }
    }

    @Test("SH-3: after-hours entry only on leadership's approval", arguments: TestDatabase.selected)
    func sh3AfterHoursPass(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let a = try await house(t)
            let property = try await zc(t)
            let path = "/properties/\(property)/after-hours-passes"
            let body: [String: Any] = ["showHouseID": a.id!.uuidString, "visitor": "业主王先生及家属 2 人", "purpose": "查看夜间灯光效果",
                                       "validFrom": Self.local(0, "20:00"), "validUntil": Self.local(0, "22:00")]
            let asked = try await t.api(.POST, path, as: "kf.yuangong", json: body)
            try #expect(asked.status == .created && (try asked.json()["approved"] as? Bool) == nil, "\(asked.text)")
            let passID = try id(try asked.json())
            let pass = "/after-hours-passes/\(passID)"
            let leadersOwn = try await t.api(.POST, path, as: "leader", json: body)
            #expect(leadersOwn.status == .created, "\(leadersOwn.text)")
            let before = try await written(t)
            refused(try await t.api(.POST, pass + "/admission", as: "ag.yuangong"), .conflict, rule: "SH-3")
            refused(try await t.api(.POST, pass + "/decision", as: "kf.yuangong", json: ["approve": true]), .forbidden, rule: "SH-3")
            let ownPass = try id(try leadersOwn.json())
            refused(try await t.api(.POST, "/after-hours-passes/\(ownPass)/decision", as: "leader", json: ["approve": true]), .forbidden, rule: "SH-3")
            try #expect(try await written(t) == before, "refusals write nothing")

            let approved = try await t.api(.POST, pass + "/decision", as: "leader", json: ["approve": true, "note": "同意，安管全程陪同"])
            try #expect(approved.status == .ok && (try approved.json()["approved"] as? Bool) == true, "\(approved.text)")
            refused(try await t.api(.POST, pass + "/decision", as: "leader", json: ["approve": false, "note": "改变主意"]), .conflict, rule: "SH-3")
            refused(try await t.api(.POST, pass + "/admission", as: "ag.yuangong"), .conflict, rule: "SH-3")
            t.clock.set(Self.at(0, "20:30"))
            let admitted = try await t.api(.POST, pass + "/admission", as: "ag.yuangong")
            try #expect(admitted.status == .ok && (try admitted.json()["admittedAt"] as? String) != nil, "\(admitted.text)")
            refused(try await t.api(.POST, pass + "/admission", as: "ag.yuangong"), .conflict, rule: "SH-3")
            // A pass whose time has passed is not decided any more.
            t.clock.set(Self.at(0, "22:30"))
            let otherLeader = try await t.api(.POST, path, as: "kf.yuangong", json: body.merging(["validFrom": Self.local(0, "22:00"), "validUntil": Self.local(0, "23:00")]) { $1 })
            let late = try id(try otherLeader.json())
            t.clock.set(Self.at(0, "23:30"))
            refused(try await t.api(.POST, "/after-hours-passes/\(late)/decision", as: "leader", json: ["approve": true]), .conflict, rule: "SH-3", field: "approve")
        }
    }

    // MARK: A contractor's own account (ORG-4)

    @Test("ORG-4: a contractor's account sees only its own forms and nothing else", arguments: TestDatabase.selected)
    func org4ContractorSeesOwnOnly(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC").id!.uuidString
            let xinsheng = try await contractor(t), yongan = try await contractor(t, "永安水电")
            try await account(t, contractor: xinsheng, username: "xs.huang")
            let own = try id(try await file(t, formBody(contractor: nil), as: "xs.huang"))
            let forUs = try id(try await file(t, formBody(contractor: xinsheng)))
            let theirs = try id(try await file(t, formBody(contractor: yongan)))
            for query in ["", "?contractorID=\(yongan)"] {
                let page = try await t.api(.GET, "/properties/\(zc)/work-forms" + query, as: "xs.huang").json()
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(Set(items.compactMap { $0["id"] as? String }) == Set([own, forUs]) && items.allSatisfy { $0["contractorID"] as? String == xinsheng }, "\(query): \(page)")
            }
            let staffView = try await t.api(.GET, "/properties/\(zc)/work-forms?contractorID=\(yongan)", as: "wy.zhuguan").json()
            let listed = staffView["items"] as? [[String: Any]] ?? []
            #expect(listed.contains { $0["id"] as? String == theirs } && listed.allSatisfy { $0["contractorID"] as? String == yongan }, "staff see any contractor's: \(staffView)")
            try #expect(try await t.api(.GET, "/work-forms/\(own)", as: "xs.huang").status == .ok)
            _ = try await t.api(.GET, "/staff", as: "admin") // the administrator's token, made before counting
            let before = try await written(t)
            refused(try await t.api(.GET, "/work-forms/\(theirs)", as: "xs.huang"), .notFound, rule: nil)
            refused(try await t.api(.GET, "/contractors/\(yongan)", as: "xs.huang"), .notFound, rule: nil)
            refused(try await t.api(.GET, "/properties/\(zc)/keys", as: "xs.huang"), .forbidden, rule: nil)
            refused(try await t.api(.GET, "/properties/\(zc)/on-site", as: "xs.huang"), .forbidden, rule: nil)
            refused(try await approve(t, own, "leadership", as: "xs.huang"), .forbidden, rule: "SH-41")
            refused(try await t.api(.POST, "/contractors/\(xinsheng)/accounts", as: "xs.huang", json: ["username": "xs.two", "name": "黄二", "password": DemoData.password]),
                    .forbidden, rule: nil)
            // Nor can the administrator turn the account into staff or an administrator by editing it.
            let huang = try await t.staff("xs.huang")
            refused(try await t.editStaff(huang.id!, as: "admin", ["department": "security"]), .conflict, rule: "ORG-4", field: "department")
            refused(try await t.editStaff(huang.id!, as: "admin", ["isAdmin": true]), .conflict, rule: "ORG-4", field: "isAdmin")
            try #expect(try await written(t) == before, "refusals write nothing")
        }
    }

    // MARK: The watch (SH-44, SH-2)

    @Test("SH-44: night work with nobody looking in for two hours, and a worker inside after the form ended, are each told once", arguments: TestDatabase.selected)
    func sh44WatchNightAndOverstay(database: TestDatabase) async throws {
        try await withApp(database) { t in
            var body = formBody(contractor: try await contractor(t), workers: [["name": "夜班甲"]])
            body["startsAt"] = Self.local(2, "19:00"); body["endsAt"] = Self.local(3, "01:00")
            let made = try await file(t, body)
            let form = try id(made)
            try await approveAll(t, form)
            t.clock.set(Self.at(2, "19:30"))
            let came = try await enter(t, form, try worker(made, "夜班甲"))
            try #expect(came.status == .created && (try came.json()["night"] as? Bool) == true, "after reception hours it is night work: \(came.text)")
            let entry = UUID(uuidString: try id(try came.json()))
            // The demo's own night work may be told too: count only this form's and this entry's.
            func told(_ kind: String) async throws -> Int {
                try await StaffNotification.query(on: t.db).filter(\.$kind == kind).filter(\.$subjectID ~~ [UUID(uuidString: form), entry].compactMap { $0 }).count()
            }
            func watch(_ hhmm: String, day: Int = 2) async throws {
                t.clock.set(Self.at(day, hhmm))
                try await SiteAccessWatch.run(app: t.app, now: t.clock.now())
            }
            try await watch("21:29")
            #expect(try await told("work_form.night_unsupervised") == 0, "two hours have not passed")
            try await watch("21:31")
            let first = try await told("work_form.night_unsupervised")
            #expect(first > 0, "security is told")
            let zcID = try #require(UUID(uuidString: try await zc(t)))
            let listed = try await SiteAccessWatch.flags(propertyID: zcID, now: t.clock.now(), on: t.db)
            #expect(listed.contains { $0.link.contains(form) && $0.what.zh.contains("无人监护") }, "the duties page lists it: \(listed.map(\.what.zh))")
            try await watch("21:45")
            #expect(try await told("work_form.night_unsupervised") == first, "once per lapse")
            // A guard looks in: the clock starts again from the round.
            let round = try await t.api(.POST, "/work-forms/\(form)/checks", as: "ag.yuangong", json: ["stage": "night", "lines": SiteCheckStage.night.items.map { _ in ["ok": true] }])
            #expect(round.status == .created, "\(round.text)")
            refused(try await t.api(.POST, "/work-forms/\(form)/checks", as: "kf.yuangong", json: ["stage": "night", "lines": SiteCheckStage.night.items.map { _ in ["ok": true] }]),
                    .forbidden, rule: "SH-44")
            try await watch("23:30")
            #expect(try await told("work_form.night_unsupervised") == first, "looked in at 21:45")
            try await watch("23:50")
            #expect(try await told("work_form.night_unsupervised") > first, "two hours after the round, told again")
            // The form ended at 01:00: at 01:31 the worker still inside is an overstay, told once.
            try await watch("01:29", day: 3)
            #expect(try await told("site_entry.overstay") == 0)
            try await watch("01:31", day: 3)
            let overstay = try await told("site_entry.overstay")
            #expect(overstay > 0)
            try await watch("02:00", day: 3)
            #expect(try await told("site_entry.overstay") == overstay)
            try await t.expectChainIntact()
        }
    }
}
