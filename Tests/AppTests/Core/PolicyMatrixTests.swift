@testable import App
import Fluent
import Testing
import Vapor

/// ORG-3/ORG-4: every API route, walked by every rank and department, at
/// their own property and at one they are not assigned to.
@Suite("Policy matrix (ORG-3, ORG-4)")
struct PolicyMatrixTests {
    struct Fixture: Sendable { let property, key, checkout, unit: UUID; let release, lockChange, customer, tie: UUID?; var sheet: UUID? = nil; var notice: UUID? = nil; var delivery: UUID? = nil; var use: UUID? = nil
        var violation: UUID? = nil; var document: UUID? = nil; var item: UUID? = nil; var handover: UUID? = nil; var post: UUID? = nil; var sheet2: UUID? = nil
        var house: UUID? = nil; var batch: UUID? = nil; var day: UUID? = nil; var keySet: UUID? = nil; var sealedSet: UUID? = nil
        var summary: UUID? = nil; var supply: UUID? = nil
        var duty: UUID? = nil; var miss: UUID? = nil; var inspection: UUID? = nil; var rectification: UUID? = nil; var channel: UUID? = nil; var record: UUID? = nil }
    struct Route: Sendable {
        let method: HTTPMethod
        let path: @Sendable (Fixture) -> String?
        /// Who may pass the policy, at a property they are assigned to.
        let allowed: Set<String>
        let label: String
    }

    static let viewers: Set<String> = ["kf.yuangong", "kf.lingban", "kf.zhuguan", "kf.jingli", "ag.yuangong", "wy.jingli", "leader", "admin"]
    static let issuers: Set<String> = ["kf.lingban", "kf.zhuguan", "kf.jingli", "admin"]
    static let customerService: Set<String> = ["kf.yuangong", "kf.lingban", "kf.zhuguan", "kf.jingli", "admin"]
    /// Customer service keeps the files; property service and managers read them (CA-3).
    static let customerFiles: Set<String> = customerService.union(["wy.zhuguan", "wy.jingli", "leader"])
    /// Customer service runs the spaces, security patrols them, property service and managers oversee (PS-2, PS-5).
    static let spaceViewers: Set<String> = customerFiles.union(["ag.yuangong"])
    /// Show houses: registered and listed by supervisors of customer or property service and managers; kept by both departments' staff (SH-10).
    static let showHouseManagers: Set<String> = ["kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"]
    static let showHouseKeepers: Set<String> = customerService.union(["wy.jingli", "leader"])
    /// Duties and checklists are written by supervisors of customer or property service and any manager (X-2).
    static let dutyManagers: Set<String> = ["kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"]
    /// Supervisors and foremen inspect and issue notices (SH-30, SH-31).
    static let inspectors: Set<String> = ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"]
    static let managers: Set<String> = ["kf.jingli", "wy.jingli", "leader", "admin"]
    static let actors = ["kf.yuangong", "kf.lingban", "kf.zhuguan", "kf.jingli", "ag.yuangong", "gc.lingban", "qj.yuangong", "wy.jingli", "leader", "admin"]

    static let routes: [Route] = [
        Route(method: .GET, path: { "/properties/\($0.property)/keys" }, allowed: viewers, label: "cabinet"),
        Route(method: .GET, path: { "/properties/\($0.property)/keys/overdue" }, allowed: viewers, label: "overdue"),
        Route(method: .GET, path: { "/properties/\($0.property)/checkouts" }, allowed: viewers, label: "ledger"),
        Route(method: .GET, path: { "/properties/\($0.property)/lock-changes" }, allowed: viewers.union(["gc.lingban"]), label: "lock changes"),
        Route(method: .GET, path: { "/properties/\($0.property)/spare-releases" }, allowed: viewers, label: "spare releases"),
        Route(method: .GET, path: { "/keys/\($0.key)" }, allowed: viewers, label: "key"),
        Route(method: .GET, path: { "/checkouts/\($0.checkout)" }, allowed: viewers, label: "checkout"),
        Route(method: .POST, path: { "/keys/\($0.key)/checkouts" }, allowed: issuers, label: "issue"),
        Route(method: .POST, path: { "/keys/\($0.key)/withdraw" }, allowed: customerService, label: "withdraw"),
        Route(method: .POST, path: { "/keys/\($0.key)/report-loss" }, allowed: customerService.union(["ag.yuangong"]), label: "report loss"),
        Route(method: .POST, path: { "/keys/\($0.key)/spare-releases" }, allowed: issuers, label: "request spare"),
        Route(method: .POST, path: { "/keys/\($0.key)/lock-changes" }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "request lock change"),
        Route(method: .POST, path: { $0.release.map { "/spare-releases/\($0)/confirm" } }, allowed: ["ag.yuangong"], label: "confirm spare"),
        Route(method: .POST, path: { $0.lockChange.map { "/lock-changes/\($0)/complete" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "gc.lingban"], label: "complete lock change"),
        Route(method: .POST, path: { "/units/\($0.unit)/keys" }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "register keys"),
        Route(method: .POST, path: { "/checkouts/\($0.checkout)/personal-data" }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "wy.jingli", "leader"], label: "reveal personal data"),
        Route(method: .POST, path: { "/checkouts/\($0.checkout)/return" }, allowed: issuers, label: "return"),
        Route(method: .POST, path: { "/checkouts/\($0.checkout)/chase" }, allowed: issuers, label: "chase"),
        Route(method: .POST, path: { "/properties/\($0.property)/checkouts" }, allowed: issuers, label: "issue several"),
        Route(method: .POST, path: { "/properties/\($0.property)/returns" }, allowed: issuers, label: "take several back"),
        Route(method: .GET, path: { "/properties/\($0.property)/units" }, allowed: Set(actors), label: "units"),
        Route(method: .POST, path: { "/properties/\($0.property)/buildings" }, allowed: ["admin"], label: "add building"),
        Route(method: .POST, path: { _ in "/properties" }, allowed: ["admin"], label: "add property"),
        Route(method: .GET, path: { _ in "/staff" }, allowed: ["admin"], label: "staff list"),
        Route(method: .GET, path: { "/properties/\($0.property)/customers" }, allowed: customerFiles, label: "customers"),
        Route(method: .POST, path: { "/properties/\($0.property)/customers" }, allowed: customerService, label: "register customer"),
        Route(method: .GET, path: { $0.customer.map { "/customers/\($0)" } }, allowed: customerFiles, label: "customer file"),
        Route(method: .PATCH, path: { $0.customer.map { "/customers/\($0)" } }, allowed: customerService, label: "edit customer"),
        Route(method: .POST, path: { $0.customer.map { "/customers/\($0)/units" } }, allowed: customerService, label: "customer moves in"),
        Route(method: .POST, path: { $0.tie.map { "/customer-units/\($0)/end" } }, allowed: customerService, label: "customer moves out"),
        Route(method: .POST, path: { $0.customer.map { "/customers/\($0)/documents" } }, allowed: customerService, label: "register document"),
        Route(method: .POST, path: { "/properties/\($0.property)/customer-imports" }, allowed: customerService, label: "upload customer import"),
        Route(method: .GET, path: { $0.sheet.map { "/customer-imports/\($0)" } }, allowed: customerFiles, label: "customer import"),
        Route(method: .POST, path: { $0.sheet.map { "/customer-imports/\($0)/mapping" } }, allowed: customerService, label: "map customer import"),
        Route(method: .GET, path: { "/properties/\($0.property)/customer-notices" }, allowed: customerFiles, label: "customer notices"),
        Route(method: .POST, path: { "/properties/\($0.property)/customer-notices" }, allowed: customerService, label: "send customer notice"),
        Route(method: .GET, path: { $0.notice.map { "/customer-notices/\($0)" } }, allowed: customerFiles, label: "customer notice"),
        Route(method: .POST, path: { $0.notice.map { "/customer-notices/\($0)/delivered" } }, allowed: customerService, label: "notice delivered to all"),
        Route(method: .POST, path: { $0.delivery.map { "/notice-deliveries/\($0)/delivered" } }, allowed: customerService, label: "notice delivered"),
        Route(method: .POST, path: { $0.delivery.map { "/notice-deliveries/\($0)/read" } }, allowed: customerService, label: "notice read"),
        Route(method: .GET, path: { "/properties/\($0.property)/public-spaces" }, allowed: spaceViewers, label: "public spaces"),
        Route(method: .POST, path: { "/properties/\($0.property)/public-spaces" }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "register public space"),
        Route(method: .GET, path: { "/properties/\($0.property)/space-uses" }, allowed: spaceViewers, label: "usage ledger"),
        Route(method: .POST, path: { "/properties/\($0.property)/space-uses" }, allowed: customerService, label: "apply for a space"),
        Route(method: .GET, path: { $0.use.map { "/space-uses/\($0)" } }, allowed: spaceViewers, label: "space use"),
        Route(method: .POST, path: { $0.use.map { "/space-uses/\($0)/check" } }, allowed: customerService, label: "check space use"),
        Route(method: .POST, path: { $0.use.map { "/space-uses/\($0)/decision" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "decide space use"),
        Route(method: .POST, path: { $0.use.map { "/space-uses/\($0)/payment" } }, allowed: customerService, label: "space use paid"),
        Route(method: .POST, path: { $0.customer.map { "/customers/\($0)/personal-data" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "wy.jingli", "leader"], label: "reveal customer data"),
        // A scan shows whole numbers: those who may read the files and see whole numbers (CA-2, X-1).
        Route(method: .GET, path: { f in f.document.map { "/customer-documents/\($0)/scans/\(UUID())" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin", "wy.jingli", "leader"], label: "document scan"),
        // Everyone on staff: the register, or (someone who may only report) their own reports.
        Route(method: .GET, path: { "/properties/\($0.property)/space-violations" }, allowed: Set(actors), label: "violations"),
        // 保安员及其他工作人员 — anyone on staff reports (PS-5).
        Route(method: .POST, path: { "/properties/\($0.property)/space-violations" }, allowed: Set(actors), label: "report violation"),
        Route(method: .GET, path: { $0.violation.map { "/space-violations/\($0)" } }, allowed: spaceViewers, label: "violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/order" } }, allowed: customerService, label: "order violation put right"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/check" } }, allowed: customerService, label: "check violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/dismissal" } }, allowed: customerService, label: "dismiss violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/penalty" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "violation penalty"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/payment" } }, allowed: customerService, label: "violation penalty paid"),
        // The service desk (SH-33): everyone on duty records and sees items; the fixture is an open complaint of customer service.
        Route(method: .GET, path: { "/properties/\($0.property)/service-items" }, allowed: Set(actors), label: "service items"),
        Route(method: .POST, path: { "/properties/\($0.property)/service-items" }, allowed: Set(actors), label: "record service item"),
        Route(method: .GET, path: { $0.item.map { "/service-items/\($0)" } }, allowed: Set(actors), label: "service item"),
        // Foremen and up of the owning department (or customer service), and any manager, assign.
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/assignment" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "assign item"),
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/notes" } }, allowed: customerService, label: "note on item"),
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/done" } }, allowed: customerService, label: "item done"),
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/callback" } }, allowed: customerService, label: "callback"),
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/verification" } }, allowed: customerService, label: "repair check"),
        Route(method: .POST, path: { $0.item.map { "/service-items/\($0)/phone" } }, allowed: customerService, label: "reveal guest phone"),
        // The control room's handover (HO-7): the fixture is this morning's, received by customer service.
        Route(method: .POST, path: { "/properties/\($0.property)/desk-handovers" }, allowed: customerService.union(["ag.yuangong"]), label: "offer desk handover"),
        Route(method: .GET, path: { $0.handover.map { "/desk-handovers/\($0)" } }, allowed: customerService.union(["ag.yuangong"]), label: "desk handover"),
        Route(method: .POST, path: { $0.handover.map { "/desk-handovers/\($0)/acceptance" } }, allowed: customerService, label: "accept desk handover"),
        Route(method: .GET, path: { "/properties/\($0.property)/shift-settings" }, allowed: customerService.union(["ag.yuangong"]), label: "shift times"),
        Route(method: .POST, path: { "/properties/\($0.property)/shift-settings" }, allowed: ["kf.jingli", "leader", "admin"], label: "set shift times"),
        Route(method: .GET, path: { "/properties/\($0.property)/complaint-reviews/2026-10" }, allowed: ["kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "complaint review"),
        Route(method: .POST, path: { "/properties/\($0.property)/complaint-reviews/2026-09" }, allowed: ["leader"], label: "sign complaint review"),
        // Shift handover (HO-1…HO-6): the fixture post is customer service's reception, its sheet today's offered one (赵丽 → 李娜).
        Route(method: .GET, path: { "/properties/\($0.property)/handover-posts" }, allowed: Set(actors), label: "handover posts"),
        Route(method: .GET, path: { "/properties/\($0.property)/handover-sheets" }, allowed: Set(actors), label: "handover sheets"),
        Route(method: .GET, path: { $0.sheet2.map { "/handover-sheets/\($0)" } }, allowed: Set(actors), label: "handover sheet"),
        // Its foremen and up, or any manager, write the checklist.
        Route(method: .POST, path: { $0.post.map { "/posts/\($0)/handover-template" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "save checklist"),
        Route(method: .POST, path: { $0.post.map { "/posts/\($0)/handover-sheets" } }, allowed: customerService, label: "start sheet"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/sign-out" } }, allowed: ["kf.yuangong"], label: "sign out"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/questions" } }, allowed: ["kf.lingban"], label: "ask"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/answers" } }, allowed: ["kf.yuangong"], label: "answer"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/refusal" } }, allowed: ["kf.lingban"], label: "refuse"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/resolution" } }, allowed: ["kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "resolve"),
        Route(method: .POST, path: { $0.sheet2.map { "/handover-sheets/\($0)/review" } }, allowed: ["kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "review"),
        // Show houses (SH-4, SH-10…SH-18): customer service and property service keep them; the day to sign is yesterday's A, its keys with 周强.
        Route(method: .GET, path: { "/properties/\($0.property)/show-houses" }, allowed: Set(actors), label: "show houses"),
        Route(method: .POST, path: { "/properties/\($0.property)/show-houses" }, allowed: showHouseManagers, label: "register show house"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)" } }, allowed: Set(actors), label: "show house day"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/inventory" } }, allowed: Set(actors), label: "inventory list"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/inventory" } }, allowed: showHouseManagers, label: "save inventory list"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/counts" } }, allowed: showHouseKeepers, label: "count"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/batches" } }, allowed: showHouseKeepers, label: "send batch"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/refusals" } }, allowed: showHouseKeepers, label: "turn away"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/feedback" } }, allowed: showHouseKeepers, label: "feedback"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/closing" } }, allowed: showHouseKeepers, label: "close show house"),
        Route(method: .POST, path: { $0.batch.map { "/visitor-batches/\($0)/arrival" } }, allowed: showHouseKeepers, label: "batch arrival"),
        Route(method: .POST, path: { $0.batch.map { "/visitor-batches/\($0)/departure" } }, allowed: showHouseKeepers, label: "batch departure"),
        Route(method: .POST, path: { $0.batch.map { "/visitor-batches/\($0)/return" } }, allowed: showHouseKeepers, label: "batch return"),
        Route(method: .POST, path: { $0.day.map { "/show-house-days/\($0)/keys-received" } }, allowed: ["ag.yuangong"], label: "keys received"),
        Route(method: .POST, path: { $0.day.map { "/show-house-days/\($0)/review" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "sign day"),
        // Daily summary (SH-34): property service's supervisors submit, leadership approves; supplies (SH-13); construction handovers (SH-21).
        Route(method: .GET, path: { "/properties/\($0.property)/show-house-summaries" }, allowed: Set(actors), label: "daily summary"),
        Route(method: .POST, path: { "/properties/\($0.property)/show-house-summaries" }, allowed: ["wy.jingli", "leader"], label: "submit daily summary"),
        Route(method: .POST, path: { $0.summary.map { "/show-house-summaries/\($0)/approval" } }, allowed: ["leader"], label: "approve daily summary"),
        Route(method: .GET, path: { "/properties/\($0.property)/supplies" }, allowed: Set(actors), label: "supplies"),
        Route(method: .POST, path: { "/properties/\($0.property)/supplies" }, allowed: showHouseManagers, label: "add supply"),
        Route(method: .POST, path: { $0.supply.map { "/supplies/\($0)/movements" } }, allowed: showHouseKeepers, label: "use supply"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/construction-handovers" } }, allowed: Set(actors), label: "construction handovers"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/construction-handovers" } }, allowed: showHouseKeepers, label: "construction handover"),
        // Show-house key sets (SH-50…SH-54): the fixture's sets are B's property-service set (held by 许杰) and A's sealed security set.
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/key-sets" } }, allowed: Set(actors), label: "key sets"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/key-sets" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "register key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/transfer" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "transfer key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/issue" } }, allowed: ["kf.jingli", "wy.jingli", "leader", "admin"], label: "issue key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/return" } }, allowed: ["kf.jingli", "wy.jingli", "leader", "admin"], label: "return key set"),
        Route(method: .POST, path: { $0.sealedSet.map { "/key-sets/\($0)/seal-break" } }, allowed: ["ag.yuangong"], label: "break seal"),
        Route(method: .POST, path: { $0.sealedSet.map { "/key-sets/\($0)/reseal" } }, allowed: ["ag.yuangong"], label: "reseal"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/loss" } }, allowed: Set(actors), label: "key set loss"),
        // Duties (X-2): the fixture's miss is an inspection's (customer service, foremen up); its notice is customer service's, issued by 许杰.
        Route(method: .GET, path: { "/properties/\($0.property)/duties" }, allowed: Set(actors), label: "duties"),
        Route(method: .POST, path: { "/properties/\($0.property)/duties" }, allowed: dutyManagers, label: "create duty"),
        Route(method: .GET, path: { $0.duty.map { "/duties/\($0)" } }, allowed: Set(actors), label: "duty month"),
        Route(method: .POST, path: { $0.duty.map { "/duties/\($0)" } }, allowed: dutyManagers, label: "revise duty"),
        Route(method: .POST, path: { $0.miss.map { "/duty-misses/\($0)/explanation" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "explain miss"),
        Route(method: .GET, path: { "/properties/\($0.property)/checklists/inspection" }, allowed: Set(actors), label: "checklist"),
        Route(method: .POST, path: { "/properties/\($0.property)/checklists/patrol" }, allowed: dutyManagers, label: "save checklist"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/inspections" } }, allowed: Set(actors), label: "inspections"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/inspections" } }, allowed: inspectors, label: "inspect"),
        Route(method: .GET, path: { $0.inspection.map { "/inspections/\($0)" } }, allowed: Set(actors), label: "inspection"),
        Route(method: .POST, path: { $0.inspection.map { "/inspections/\($0)/notices" } }, allowed: inspectors, label: "notice from inspection"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/patrols" } }, allowed: Set(actors), label: "patrols"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/patrols" } }, allowed: customerService.union(["ag.yuangong", "wy.jingli", "leader"]), label: "patrol"),
        Route(method: .GET, path: { "/properties/\($0.property)/rectification-notices" }, allowed: Set(actors), label: "notices"),
        Route(method: .POST, path: { "/properties/\($0.property)/rectification-notices" }, allowed: inspectors, label: "issue notice"),
        Route(method: .GET, path: { $0.rectification.map { "/rectification-notices/\($0)" } }, allowed: Set(actors), label: "notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/response" } }, allowed: customerService, label: "answer notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/extension" } }, allowed: customerService, label: "ask extension"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/verification" } }, allowed: ["leader"], label: "verify notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/extension-decision" } }, allowed: ["leader"], label: "decide extension"),
        // 运行记录 (SH-5…SH-38): the fixture's record is a fire check waiting for leadership.
        Route(method: .GET, path: { "/properties/\($0.property)/operations-records" }, allowed: Set(actors), label: "operations records"),
        Route(method: .POST, path: { "/properties/\($0.property)/operations-records" }, allowed: Set(actors), label: "record operations"),
        Route(method: .GET, path: { $0.record.map { "/operations-records/\($0)" } }, allowed: Set(actors), label: "operations record"),
        Route(method: .POST, path: { $0.record.map { "/operations-records/\($0)/review" } }, allowed: ["leader"], label: "review operations record"),
        // Chat alerts: any manager.
        Route(method: .GET, path: { "/properties/\($0.property)/alert-channels" }, allowed: managers, label: "alert channels"),
        Route(method: .POST, path: { "/properties/\($0.property)/alert-channels" }, allowed: managers, label: "add alert channel"),
        Route(method: .GET, path: { "/properties/\($0.property)/alert-deliveries" }, allowed: managers, label: "alert deliveries"),
        Route(method: .POST, path: { $0.channel.map { "/alert-channels/\($0)/state" } }, allowed: managers, label: "switch alert channel"),
        Route(method: .POST, path: { $0.channel.map { "/alert-channels/\($0)/test" } }, allowed: managers, label: "test alert channel"),
        Route(method: .POST, path: { _ in "/staff" }, allowed: ["admin"], label: "add staff"),
    ]

    @Test("ORG-4: every route × every rank × own and other property", arguments: TestDatabase.selected)
    func org4RouteMatrix(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC"), yw = try await t.property("YW")
            let open = try #require(try await KeyCheckout.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$openKeyID != nil).first())
            let release = try #require(try await SpareKeyRelease.query(on: t.db).first())
            let lockChange = try #require(try await LockChange.query(on: t.db).first())
            let tie = try #require(try await CustomerUnit.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$endedOn == nil).first())
            let own = Fixture(property: zc.id!, key: try await t.idleKey().id!, checkout: open.id!, unit: try await t.idleKey().$unit.id,
                              release: release.id!, lockChange: lockChange.id!, customer: tie.$customer.id, tie: tie.id!,
                              sheet: try await CustomerImport.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              notice: try await CustomerNotice.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              delivery: try await NoticeDelivery.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$deliveredAt == nil).first()?.id,
                              use: try await SpaceUse.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .applied).first()?.id,
                              violation: try await SpaceViolation.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$reportedBy.$id == (try await t.staff("ag.yuangong")).id!).first()?.id,
                              document: try await CustomerDocument.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              item: try await ServiceItem.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .complaint).filter(\.$status == .open).first()?.id,
                              handover: try await DeskHandover.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$acceptedAt == nil).first()?.id,
                              post: try await Post.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "样板房接待岗").first()?.id,
                              sheet2: try await HandoverSheet.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .offered).first()?.id,
                              house: try await ShowHouse.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "B户型样板房").first()?.id,
                              batch: try await VisitorBatch.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$returnedAt == nil).first()?.id,
                              day: try await ShowHouseDay.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$reviewedAt == nil).first()?.id,
                              keySet: try await KeySet.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$keeper == .propertyService)
                                  .join(ShowHouse.self, on: \KeySet.$showHouse.$id == \ShowHouse.$id).filter(ShowHouse.self, \.$name == "B户型样板房").first()?.id,
                              sealedSet: try await KeySet.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$keeper == .security).filter(\.$sealNo != nil).first()?.id,
                              summary: try await ShowHouseSummary.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$approvedAt == nil).first()?.id,
                              supply: try await LobbySupply.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              duty: try await Duty.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .patrol).first()?.seriesID,
                              miss: try await DutyMiss.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$explanation == nil)
                                  .join(Duty.self, on: \DutyMiss.$duty.$id == \Duty.$id).filter(Duty.self, \.$kind == .inspection).first()?.id,
                              inspection: try await Inspection.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              rectification: try await RectificationNotice.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$department == .customerService).first()?.id,
                              channel: try await AlertChannel.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id,
                              record: try await OperationsRecord.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .fireCheck).filter(\.$reviewedAt == nil).first()?.id)
            let ywKey = try await t.idleKey(property: "YW")
            let ywCheckout = try await t.api(.POST, "/keys/\(ywKey.id!)/checkouts", as: "admin", json: ["borrowerStaffID": try await t.staff("kf.jingli").id!.uuidString, "purpose": "x", "expectedReturnAt": inHours(2)])
            let ywCheckoutText = try #require(try ywCheckout.json()["id"] as? String)
            let ywCustomer = try await t.api(.POST, "/properties/\(yw.id!)/customers", as: "admin", json: ["name": "y湾客户", "phone": "13800138000",
                                                                                                     "unitID": ywKey.$unit.id.uuidString, "relation": "owner"])
            let ywFile = try ywCustomer.json()
            let ywTieText = try #require((ywFile["units"] as? [[String: Any]])?.first?["id"] as? String)
            let ywTie = UUID(uuidString: ywTieText)
            let ywReport = try await t.api(.POST, "/properties/\(yw.id!)/space-violations", as: "admin", json: [
                "kind": "posters", "place": "y湾大门", "description": "小广告", "photos": ["data:image/png;base64," + Data(DemoPhoto.png(width: 8, height: 8)).base64EncodedString()]])
            let ywViolation = try #require(try ywReport.json()["id"] as? String)
            let ywCustomerText = try #require(ywFile["id"] as? String)
            let ywDocument = try await t.api(.POST, "/customers/\(ywCustomerText)/documents", as: "admin", json: ["kind": "other", "title": "说明", "dated": "2026-11-01"])
            let ywDocumentText = try #require(try ywDocument.json()["id"] as? String)
            var other = Fixture(property: yw.id!, key: try await t.idleKey(property: "YW", skip: 1).id!, checkout: try #require(UUID(uuidString: ywCheckoutText)),
                                unit: ywKey.$unit.id, release: nil, lockChange: nil, customer: UUID(uuidString: ywCustomerText), tie: ywTie)
            other.violation = UUID(uuidString: ywViolation)
            other.document = UUID(uuidString: ywDocumentText)
            let ywItem = try await t.api(.POST, "/properties/\(yw.id!)/service-items", as: "admin", json: ["kind": "complaint", "source": "phone", "description": "y湾投诉", "guestPhone": "13800000000"])
            other.item = UUID(uuidString: try #require(try ywItem.json()["id"] as? String))
            let ywHouse = try await t.api(.POST, "/properties/\(yw.id!)/show-houses", as: "admin", json: ["unitID": ywKey.$unit.id.uuidString, "name": "y湾样板房",
                                                                                                        "unitType": "C户型", "floor": "1F", "opensAt": "09:00", "closesAt": "18:00"])
            other.house = UUID(uuidString: try #require((try ywHouse.json()["showHouse"] as? [String: Any])?["id"] as? String))
            other.duty = try await Duty.query(on: t.db).filter(\.$property.$id == yw.id!).filter(\.$kind == .inspection).first()?.seriesID
            let ywInspection = try await t.api(.POST, "/show-houses/\(try #require(other.house))/inspections", as: "admin",
                                               json: ["results": ChecklistKind.inspection.defaults.map { _ in ["result": "pass"] }])
            other.inspection = UUID(uuidString: try #require(try ywInspection.json()["id"] as? String, "\(ywInspection.text)"))
            let ywNotice = try await t.api(.POST, "/properties/\(yw.id!)/rectification-notices", as: "leader",
                                           json: ["department": "customer_service", "finding": "y湾问题", "requirement": "整改", "deadline": inHours(24)])
            other.rectification = UUID(uuidString: try #require(try ywNotice.json()["id"] as? String, "\(ywNotice.text)"))
            let ywChannel = try await t.api(.POST, "/properties/\(yw.id!)/alert-channels", as: "admin", json: ["name": "y湾群", "kind": "wecom", "url": "http://127.0.0.1:9/x", "events": ["missed_duty"]])
            other.channel = UUID(uuidString: try #require(try ywChannel.json()["id"] as? String, "\(ywChannel.text)"))
            let assignedToOther: Set<String> = ["kf.jingli", "leader", "admin"]

            var checked = 0
            for route in Self.routes {
                for actor in Self.actors {
                    for (fixture, assigned) in [(own, true), (other, assignedToOther.contains(actor))] {
                        guard let path = route.path(fixture) else { continue }
                        let orgWide = route.label == "add property" || route.label == "staff list" || route.label == "add staff"
                        let expectAllowed = route.allowed.contains(actor) && (assigned || orgWide || (actor == "admin"))
                        let reply = try await t.api(route.method, path, as: actor, json: route.method == .GET ? nil : [:])
                        if expectAllowed {
                            #expect(reply.status != .forbidden && reply.status != .unauthorized, "\(route.label) as \(actor) at \(fixture.property == own.property ? "own" : "other"): \(reply.status.code) \(reply.text)")
                        } else {
                            #expect(reply.status == .forbidden, "\(route.label) as \(actor) at \(fixture.property == own.property ? "own" : "other"): \(reply.status.code) \(reply.text)")
                            #expect(reply.error?.rule != nil)
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked > 350)
        }
    }

    @Test("Without a token the API answers 401 in JSON; a revoked token stops working", arguments: TestDatabase.selected)
    func apiNeedsToken(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let anonymous = try await t.api(.GET, "/properties/\(zc.id!)/keys")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.error?.message == "请先登录")
            let wrong = try await t.request(.GET, "/api/v1/me", headers: ["Authorization": "Bearer wuye_nonsense"])
            #expect(wrong.status == .unauthorized)

            let created = try await t.request(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: #"{"username":"kf.lingban","password":"wuye2026","name":"phone"}"#))
            let token = try #require(try created.json()["token"] as? String)
            let tokenID = try #require(try created.json()["id"] as? String)
            let stored = try #require(try await APIToken.find(UUID(uuidString: tokenID), on: t.db))
            #expect(stored.tokenHash == APIToken.hash(token))
            #expect(stored.tokenHash != token)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await t.request(.GET, "/api/v1/me", headers: headers).status == .ok)
            #expect(try await t.request(.DELETE, "/api/v1/tokens/\(tokenID)", headers: headers).status == .noContent)
            #expect(try await t.request(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
        }
    }

    @Test("ORG-3: an administrator cannot lock themselves, or the last administrator, out", arguments: TestDatabase.selected)
    func org3NoAdminLockout(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let admin = try await t.staff("admin")
            let before = try await t.footprint()
            for body in [["isActive": false], ["isAdmin": false]] {
                let reply = try await t.editStaff(admin.id!, as: "admin", body)
                #expect(reply.status == .conflict, "\(body): \(reply.text)")
                #expect(reply.error?.rule == "ORG-3")
                #expect(reply.error?.field == body.keys.first)
            }
            #expect(try await t.footprint() == before)
            // Another administrator may not remove the last one either…
            let other = try await t.api(.POST, "/staff", as: "admin", json: ["username": "it.admin", "name": "信息部", "password": DemoData.password, "rank": "manager", "department": "property_service", "isAdmin": true, "properties": [try await t.property("ZC").id!.uuidString]])
            #expect(other.status == .created)
            let otherID = try #require(try other.json()["id"] as? String)
            #expect(try await t.editStaff(admin.id!, as: "it.admin", ["isAdmin": false]).status == .ok)
            let last = try await t.editStaff(try #require(UUID(uuidString: otherID)), as: "it.admin", ["isActive": false])
            #expect(last.status == .conflict)
            // …but may hand over: the new one is still an active administrator.
            #expect(try await t.api(.GET, "/staff", as: "it.admin").status == .ok)
        }
    }

    @Test("ORG-3: ranks are ordered and 'supervisor or above' is a rank check")
    func org3RankOrder() {
        #expect(Rank.staff < .foreman && Rank.foreman < .supervisor && Rank.supervisor < .manager && Rank.manager < .leadership)
        let foreman = Actor(id: UUID(), username: "a", name: "a", rank: .foreman, department: .customerService, propertyIDs: [], isAdmin: false)
        let property = UUID()
        #expect(throws: WuyeError.self) { try Policy.authorize(foreman, .issueKey, at: property) }
        let assigned = Actor(id: UUID(), username: "a", name: "a", rank: .foreman, department: .customerService, propertyIDs: [property], isAdmin: false)
        #expect(Policy.allows(assigned, .issueKey, at: property))
        #expect(!Policy.allows(assigned, .registerKeys, at: property))
        #expect(!Policy.allows(assigned, .manageOrganisation, at: nil))
    }
}
