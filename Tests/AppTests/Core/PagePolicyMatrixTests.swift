@testable import App
import Fluent
import Testing
import Vapor

/// ORG-3/ORG-4 for the pages: every page route, opened by every rank and
/// department, at their own property and at one they are not assigned to.
/// Expectations are written from the procedure, not read from `Policy`.
@Suite("Page policy matrix (ORG-3, ORG-4)")
struct PagePolicyMatrixTests {
    struct Fixture: Sendable { let property, key, checkout, lockChange, customer, violation, item, post, house, contractor, form, emergency: UUID }
    struct Page: Sendable {
        let path: @Sendable (Fixture) -> String
        let allowed: Set<String>
        let label: String
        /// Pages that belong to no property (start page, notices, account, admin).
        var anywhere = false
    }

    static let everyone: Set<String> = Set(DemoData.people.map(\.0))
    /// 恒达装饰's own account (ORG-4): its forms and its record, nothing else.
    static let contractor = "sg.hengda"
    static let withContractor = everyone.union([contractor])
    /// 客服部 and 安管部 staff and up, and any manager or above (KY-1).
    static let viewers: Set<String> = ["kf.yuangong", "kf.yuangong2", "kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin",
                                       "ag.yuangong", "ag.lingban", "ag.zhuguan", "wy.jingli", "leader"]
    /// The duty manager or foreman of 客服部 (KY-2).
    static let issuers: Set<String> = ["kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin"]

    /// 客服部 keeps the customer files; 物业服务部 and managers read them (CA-3).
    static let fileReaders: Set<String> = ["kf.yuangong", "kf.yuangong2", "kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin",
                                           "wy.zhuguan", "wy.jingli", "leader"]
    static let fileKeepers: Set<String> = ["kf.yuangong", "kf.yuangong2", "kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin"]

    static let pages: [Page] = [
        Page(path: { _ in "/" }, allowed: withContractor, label: "start page", anywhere: true),
        Page(path: { _ in "/notifications" }, allowed: withContractor, label: "notices", anywhere: true),
        Page(path: { _ in "/account" }, allowed: withContractor, label: "account", anywhere: true),
        Page(path: { _ in "/admin" }, allowed: ["admin"], label: "organisation", anywhere: true),
        Page(path: { _ in "/admin/staff" }, allowed: ["admin"], label: "staff", anywhere: true),
        Page(path: { "/properties/\($0.property)/keys" }, allowed: viewers, label: "cabinet"),
        Page(path: { "/properties/\($0.property)/keys/overdue" }, allowed: viewers, label: "overdue"),
        Page(path: { "/properties/\($0.property)/ledger" }, allowed: viewers, label: "ledger"),
        Page(path: { "/properties/\($0.property)/ledger.csv" }, allowed: viewers, label: "ledger CSV"),
        Page(path: { "/properties/\($0.property)/spare-releases" }, allowed: viewers, label: "spare releases"),
        // Engineering changes the locks (KY-5): its foremen and up see the lock changes.
        Page(path: { "/properties/\($0.property)/lock-changes" }, allowed: viewers.union(["gc.lingban"]), label: "lock changes"),
        Page(path: { "/lock-changes/\($0.lockChange)" }, allowed: viewers.union(["gc.lingban"]), label: "lock change"),
        Page(path: { "/keys/\($0.key)" }, allowed: viewers, label: "key"),
        Page(path: { "/checkouts/\($0.checkout)" }, allowed: viewers, label: "checkout (not the borrower's)"),
        Page(path: { "/keys/\($0.key)/issue" }, allowed: issuers, label: "issue form"),
        Page(path: { "/properties/\($0.property)/issue?keys=\($0.key)" }, allowed: issuers, label: "batch issue form"),
        Page(path: { "/properties/\($0.property)/return?checkouts=\($0.checkout)" }, allowed: issuers, label: "batch return form"),
        Page(path: { "/properties/\($0.property)/key-labels" }, allowed: issuers, label: "key labels"),
        Page(path: { "/properties/\($0.property)/register-keys" }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "register keys"),
        Page(path: { "/properties/\($0.property)/customers" }, allowed: fileReaders, label: "customers"),
        Page(path: { "/properties/\($0.property)/customers/new" }, allowed: fileKeepers, label: "register customer"),
        Page(path: { "/customers/\($0.customer)" }, allowed: fileReaders, label: "customer file"),
        Page(path: { "/customers/\($0.customer)/edit" }, allowed: fileKeepers, label: "edit customer"),
        Page(path: { "/customers/\($0.customer)/move-in" }, allowed: fileKeepers, label: "customer moves in"),
        Page(path: { "/properties/\($0.property)/customers/import" }, allowed: fileKeepers, label: "import customers"),
        Page(path: { "/properties/\($0.property)/notices" }, allowed: fileReaders, label: "customer notices"),
        Page(path: { "/properties/\($0.property)/notices/new" }, allowed: fileKeepers, label: "write a notice"),
        Page(path: { "/properties/\($0.property)/public-spaces" }, allowed: fileReaders.union(["ag.yuangong", "ag.lingban", "ag.zhuguan"]), label: "public spaces"),
        Page(path: { "/properties/\($0.property)/space-uses" }, allowed: fileReaders.union(["ag.yuangong", "ag.lingban", "ag.zhuguan"]), label: "usage ledger"),
        Page(path: { "/properties/\($0.property)/space-uses/new" }, allowed: fileKeepers, label: "record an application"),
        Page(path: { "/properties/\($0.property)/space-violations" }, allowed: everyone, label: "violations (a reporter's own)"),
        Page(path: { "/properties/\($0.property)/space-violations/new" }, allowed: everyone, label: "report a violation"),
        Page(path: { "/properties/\($0.property)/space-violations.xlsx" }, allowed: fileReaders.union(["ag.yuangong", "ag.lingban", "ag.zhuguan"]), label: "violations as Excel"),
        Page(path: { "/space-violations/\($0.violation)" }, allowed: fileReaders.union(["ag.yuangong", "ag.lingban", "ag.zhuguan"]), label: "violation (not the reporter's)"),
        // Everyone on duty takes and follows service-desk items (SH-33).
        Page(path: { "/properties/\($0.property)/service-items" }, allowed: everyone, label: "service desk"),
        Page(path: { "/properties/\($0.property)/service-items.csv" }, allowed: everyone, label: "service desk CSV"),
        Page(path: { "/properties/\($0.property)/service-items/new" }, allowed: everyone, label: "record an item"),
        Page(path: { "/service-items/\($0.item)" }, allowed: everyone, label: "service item"),
        // The control room and customer service hand the desk to each other (HO-7).
        Page(path: { "/properties/\($0.property)/desk-handovers" }, allowed: fileKeepers.union(["ag.yuangong", "ag.lingban", "ag.zhuguan"]), label: "control-room handover"),
        // Customer service's supervisors and any manager read the month's complaints (SH-33 [9.2]).
        Page(path: { "/properties/\($0.property)/complaint-reviews" }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "wy.jingli", "leader"], label: "complaint review"),
        // Every post hands over (HO-6); a post's checklist is its department's foremen's and any manager's (HO-1).
        Page(path: { "/properties/\($0.property)/handovers" }, allowed: everyone, label: "handovers"),
        Page(path: { "/posts/\($0.post)/handover-template" }, allowed: ["kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin", "wy.jingli", "leader"], label: "reception checklist"),
        // Everyone on duty sees the show houses (SH-10); customer service and property service keep them; their supervisors and any manager keep the lists.
        Page(path: { "/properties/\($0.property)/show-houses" }, allowed: everyone, label: "show houses"),
        Page(path: { "/show-houses/\($0.house)" }, allowed: everyone, label: "show house day"),
        Page(path: { "/show-houses/\($0.house)/counts/new?kind=opening" }, allowed: fileKeepers.union(["wy.zhuguan", "wy.jingli", "leader"]), label: "count form"),
        Page(path: { "/show-houses/\($0.house)/inventory" }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "wy.zhuguan", "wy.jingli", "leader"], label: "inventory list"),
        Page(path: { "/show-houses/\($0.house)/key-sets" }, allowed: everyone, label: "key sets"),
        Page(path: { "/show-houses/\($0.house)/construction-handovers" }, allowed: everyone, label: "construction handovers"),
        Page(path: { "/properties/\($0.property)/show-house-summaries" }, allowed: everyone, label: "daily summary"),
        // Duties and notices are everyone's to see (X-2, SH-31); supervisors and foremen inspect (SH-30); the chat alerts are managers'.
        Page(path: { "/properties/\($0.property)/duties" }, allowed: everyone, label: "duties"),
        Page(path: { "/properties/\($0.property)/rectification-notices" }, allowed: everyone, label: "rectification notices"),
        Page(path: { "/show-houses/\($0.house)/inspections/new" }, allowed: ["kf.lingban", "kf.lingban2", "kf.zhuguan", "kf.jingli", "admin", "wy.zhuguan", "wy.jingli", "leader"],
             label: "inspection form"),
        Page(path: { "/show-houses/\($0.house)/patrols/new" }, allowed: everyone, label: "patrol form"),
        Page(path: { "/properties/\($0.property)/operations-records" }, allowed: everyone, label: "operations records"),
        Page(path: { "/properties/\($0.property)/alert-channels" }, allowed: ["kf.jingli", "admin", "wy.jingli", "leader"], label: "chat alerts"),
        // Site access (SH-1…SH-3, SH-40…SH-46): the contractor files and follows its own forms; the gate is everyone on duty's to see.
        Page(path: { "/properties/\($0.property)/work-forms" }, allowed: withContractor, label: "work forms"),
        Page(path: { "/properties/\($0.property)/work-forms.csv" }, allowed: withContractor, label: "work forms CSV"),
        Page(path: { "/properties/\($0.property)/work-forms/new" }, allowed: fileKeepers.union(["wy.zhuguan", "wy.jingli", "leader", contractor]), label: "file a work form"),
        Page(path: { "/work-forms/\($0.form)" }, allowed: withContractor, label: "work form"),
        Page(path: { "/work-forms/\($0.form)/reply" }, allowed: withContractor, label: "reply slip"),
        Page(path: { "/properties/\($0.property)/contractors" }, allowed: withContractor, label: "contractors"),
        Page(path: { "/contractors/\($0.contractor)" }, allowed: withContractor, label: "contractor"),
        Page(path: { "/properties/\($0.property)/site-gate" }, allowed: everyone, label: "security gate"),
        Page(path: { "/emergency-entries/\($0.emergency)" }, allowed: everyone, label: "emergency entry"),
    ]

    static func fixture(_ t: TestApp, property code: String) async throws -> Fixture {
        let property = try await t.property(code)
        let key = try await t.idleKey(property: code)
        // A loan to an outsider, so nobody opens it as its borrower.
        let issued = try await t.api(.POST, "/keys/\(try await t.idleKey(property: code, skip: 1).id!)/checkouts", as: "admin", json: [
            "borrowerKind": "outsider", "borrowerName": "林工", "borrowerPhone": "13987654321", "borrowerIDNumber": "440104198505052345",
            "purpose": "验房", "expectedReturnAt": inHours(2), "signature": DemoData.demoSignature])
        let checkoutText = try #require(try issued.json()["id"] as? String)
        let checkout = try #require(UUID(uuidString: checkoutText))
        let loss = try await t.api(.POST, "/keys/\(try await t.idleKey(property: code, skip: 2).id!)/report-loss", as: "admin", json: ["reason": "遗失"])
        let lockChangeText = try #require(try loss.json()["id"] as? String)
        let lockChange = try #require(UUID(uuidString: lockChangeText))
        let made = try await t.api(.POST, "/properties/\(property.id!)/customers", as: "admin", json: ["name": "测试住户", "phone": "13900001234"])
        let customerText = try #require(try made.json()["id"] as? String)
        let customer = try #require(UUID(uuidString: customerText))
        // Reported by the administrator, who may see it anyway: nobody else opens it as its reporter.
        let reported = try await t.api(.POST, "/properties/\(property.id!)/space-violations", as: "admin", json: [
            "kind": "damage", "place": "3栋楼梯间", "description": "扶手松动", "photos": ["data:image/png;base64," + Data(DemoPhoto.png(width: 8, height: 8)).base64EncodedString()]])
        let violationText = try #require(try reported.json()["id"] as? String, "\(reported.text)")
        let recorded = try await t.api(.POST, "/properties/\(property.id!)/service-items", as: "admin", json: ["kind": "request", "source": "phone", "description": "更换门禁卡"])
        let itemText = try #require(try recorded.json()["id"] as? String, "\(recorded.text)")
        // Each property's customer-service post: y湾 has none in the demo, so the administrator adds one.
        var post = try await Post.query(on: t.db).filter(\.$property.$id == property.id!).filter(\.$name == "样板房接待岗").first()
        if post == nil {
            let made = try await t.api(.POST, "/properties/\(property.id!)/posts", as: "admin", json: ["name": "样板房接待岗", "department": "customer_service"])
            post = try await Post.find(UUID(uuidString: try #require(try made.json()["id"] as? String, "\(made.text)")), on: t.db)
        }
        // y湾 has no show house in the demo either.
        var house = try await ShowHouse.query(on: t.db).filter(\.$property.$id == property.id!).first()?.id
        if house == nil {
            let made = try await t.api(.POST, "/properties/\(property.id!)/show-houses", as: "admin", json: ["unitID": key.$unit.id.uuidString, "name": "样板房",
                                                                                                       "unitType": "C户型", "floor": "1F", "opensAt": "09:00", "closesAt": "18:00"])
            house = UUID(uuidString: try #require((try made.json()["showHouse"] as? [String: Any])?["id"] as? String, "\(made.text)"))
        }
        // z城's 恒达 has an active, registered form in the demo; y湾 gets a contractor, a form and an emergency entry from the administrator.
        var contractor = try await Contractor.query(on: t.db).filter(\.$property.$id == property.id!).filter(\.$name == "恒达装饰工程有限公司").first()?.id
        var form = try await WorkLiaisonForm.query(on: t.db).filter(\.$contractor.$id == (contractor ?? UUID())).filter(\.$status == .active).first()?.id
        if contractor == nil {
            let made = try await t.api(.POST, "/properties/\(property.id!)/contractors", as: "admin", json: ["name": "y湾装修队", "contact": "王工", "phone": "13700000000"])
            contractor = UUID(uuidString: try #require(try made.json()["id"] as? String, "\(made.text)"))
            let filed = try await t.api(.POST, "/properties/\(property.id!)/work-forms", as: "admin", json: [
                "contractorID": try #require(contractor).uuidString, "project": "y湾维修", "scope": "更换灯具", "area": "大堂", "startsAt": inHours(72), "endsAt": inHours(80),
                "headcount": 1, "teamLeader": "王工", "leaderPhone": "13700000000", "signature": DemoData.demoSignature, "description": "更换灯具",
                "drawings": ["data:image/png;base64," + Data(DemoPhoto.png(width: 8, height: 8)).base64EncodedString()], "workers": [["name": "王工"]]])
            form = UUID(uuidString: try #require(try filed.json()["id"] as? String, "\(filed.text)"))
        }
        let entry = try await t.api(.POST, "/properties/\(property.id!)/emergency-entries", as: "admin", json: [
            "showHouseID": try #require(house).uuidString, "emergency": "unlocked", "reason": "门窗未锁", "guards": "周强", "supervisorID": try await t.staff("kf.jingli").id!.uuidString])
        let entryText = try #require(try entry.json()["id"] as? String, "\(entry.text)")
        let emergency = try #require(UUID(uuidString: entryText))
        return Fixture(property: property.id!, key: key.id!, checkout: checkout, lockChange: lockChange, customer: customer,
                       violation: try #require(UUID(uuidString: violationText)), item: try #require(UUID(uuidString: itemText)), post: try #require(post?.id),
                       house: try #require(house), contractor: try #require(contractor), form: try #require(form), emergency: emergency)
    }

    @Test("ORG-4: every page × every rank and department × own and other property", arguments: TestDatabase.selected)
    func everyPage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let own = try await Self.fixture(t, property: "ZC")
            let other = try await Self.fixture(t, property: "YW")
            let atBoth: Set<String> = Set(DemoData.people.filter { $0.5 }.map(\.0))
            var checked = 0
            for username in DemoData.people.map(\.0) + [Self.contractor] {
                let session = try await PageSession.signIn(t, as: username)
                for page in Self.pages {
                    let path = page.path(own)
                    let reply = try await session.get(path)
                    let expected: HTTPResponseStatus = page.allowed.contains(username) ? .ok : .forbidden
                    #expect(reply.status == expected, "\(username) \(page.label) \(path): \(reply.status)")
                    checked += 1
                    guard !page.anywhere, !atBoth.contains(username) else { continue }
                    // Not assigned to y湾: every y湾 page is refused, whatever the rank (ORG-4).
                    let refused = try await session.get(page.path(other))
                    #expect(refused.status == .forbidden, "\(username) \(page.label) at y湾: \(refused.status)")
                    #expect(refused.text.contains("ORG-4") || refused.text.contains("没有权限"), "\(username) \(page.label) at y湾")
                    checked += 1
                }
            }
            #expect(checked > 400)
        }
    }

    @Test("The navigation offers each person the pages they may open, and no other", arguments: TestDatabase.selected)
    func navigationMatchesPolicy(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            for (username, _, _, _, _, _) in DemoData.people {
                let session = try await PageSession.signIn(t, as: username)
                let start = try await session.get("/switch-property?property=\(zc.id!)")
                #expect(start.status == .seeOther)
                let html = try await session.get("/").text
                let nav = String(html[html.range(of: "<nav aria-label")!.lowerBound...].prefix(3000))
                let links: [(String, Set<String>)] = [
                    ("/properties/\(zc.id!)/keys", Self.viewers), ("/properties/\(zc.id!)/keys/overdue", Self.viewers),
                    ("/properties/\(zc.id!)/ledger", Self.viewers), ("/properties/\(zc.id!)/spare-releases", Self.viewers),
                    ("/properties/\(zc.id!)/lock-changes", Self.viewers.union(["gc.lingban"])), ("/admin", ["admin"]),
                ]
                for (path, allowed) in links {
                    #expect(nav.contains("href=\"\(path)\"") == allowed.contains(username), "\(username): \(path) in the navigation")
                }
            }
        }
    }
}
