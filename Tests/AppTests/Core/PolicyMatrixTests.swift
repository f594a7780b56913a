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
        var duty: UUID? = nil; var miss: UUID? = nil; var inspection: UUID? = nil; var rectification: UUID? = nil; var channel: UUID? = nil; var record: UUID? = nil
        var contractor: UUID? = nil; var form: UUID? = nil; var worker: UUID? = nil; var siteEntry: UUID? = nil; var emergency: UUID? = nil; var pass: UUID? = nil
        /// An entry whose supervisor (郑伟) is none of the actors: only at z城.
        var othersEmergency: UUID? = nil }
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
    static let staffActors = ["kf.yuangong", "kf.lingban", "kf.zhuguan", "kf.jingli", "ag.yuangong", "gc.lingban", "qj.yuangong", "wy.jingli", "leader", "admin"]
    /// 恒达装饰's own account (ORG-4): refused everywhere but its own forms.
    static let contractor = "sg.hengda"
    static let actors = staffActors + [contractor]
    static let everyone = Set(staffActors)
    static let withContractor = everyone.union([contractor])
    /// 安管部登记、物业服务部登记与领导、工程负责人: the approval steps' people (SH-41).
    static let approvers: Set<String> = ["ag.yuangong", "gc.lingban", "wy.jingli", "leader"]
    static let filers: Set<String> = customerService.union(["wy.jingli", "leader", contractor])

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
        Route(method: .GET, path: { "/properties/\($0.property)/units" }, allowed: everyone, label: "units"),
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
        Route(method: .GET, path: { "/properties/\($0.property)/space-violations" }, allowed: everyone, label: "violations"),
        // 保安员及其他工作人员 — anyone on staff reports (PS-5).
        Route(method: .POST, path: { "/properties/\($0.property)/space-violations" }, allowed: everyone, label: "report violation"),
        Route(method: .GET, path: { $0.violation.map { "/space-violations/\($0)" } }, allowed: spaceViewers, label: "violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/order" } }, allowed: customerService, label: "order violation put right"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/check" } }, allowed: customerService, label: "check violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/dismissal" } }, allowed: customerService, label: "dismiss violation"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/penalty" } }, allowed: ["kf.zhuguan", "kf.jingli", "admin"], label: "violation penalty"),
        Route(method: .POST, path: { $0.violation.map { "/space-violations/\($0)/payment" } }, allowed: customerService, label: "violation penalty paid"),
        // The service desk (SH-33): everyone on duty records and sees items; the fixture is an open complaint of customer service.
        Route(method: .GET, path: { "/properties/\($0.property)/service-items" }, allowed: everyone, label: "service items"),
        Route(method: .POST, path: { "/properties/\($0.property)/service-items" }, allowed: everyone, label: "record service item"),
        Route(method: .GET, path: { $0.item.map { "/service-items/\($0)" } }, allowed: everyone, label: "service item"),
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
        Route(method: .GET, path: { "/properties/\($0.property)/handover-posts" }, allowed: everyone, label: "handover posts"),
        Route(method: .GET, path: { "/properties/\($0.property)/handover-sheets" }, allowed: everyone, label: "handover sheets"),
        Route(method: .GET, path: { $0.sheet2.map { "/handover-sheets/\($0)" } }, allowed: everyone, label: "handover sheet"),
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
        Route(method: .GET, path: { "/properties/\($0.property)/show-houses" }, allowed: everyone, label: "show houses"),
        Route(method: .POST, path: { "/properties/\($0.property)/show-houses" }, allowed: showHouseManagers, label: "register show house"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)" } }, allowed: everyone, label: "show house day"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/inventory" } }, allowed: everyone, label: "inventory list"),
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
        Route(method: .GET, path: { "/properties/\($0.property)/show-house-summaries" }, allowed: everyone, label: "daily summary"),
        Route(method: .POST, path: { "/properties/\($0.property)/show-house-summaries" }, allowed: ["wy.jingli", "leader"], label: "submit daily summary"),
        Route(method: .POST, path: { $0.summary.map { "/show-house-summaries/\($0)/approval" } }, allowed: ["leader"], label: "approve daily summary"),
        Route(method: .GET, path: { "/properties/\($0.property)/supplies" }, allowed: everyone, label: "supplies"),
        Route(method: .POST, path: { "/properties/\($0.property)/supplies" }, allowed: showHouseManagers, label: "add supply"),
        Route(method: .POST, path: { $0.supply.map { "/supplies/\($0)/movements" } }, allowed: showHouseKeepers, label: "use supply"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/construction-handovers" } }, allowed: everyone, label: "construction handovers"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/construction-handovers" } }, allowed: showHouseKeepers, label: "construction handover"),
        // Show-house key sets (SH-50…SH-54): the fixture's sets are B's property-service set (held by 许杰) and A's sealed security set.
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/key-sets" } }, allowed: everyone, label: "key sets"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/key-sets" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "register key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/transfer" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "transfer key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/issue" } }, allowed: ["kf.jingli", "wy.jingli", "leader", "admin"], label: "issue key set"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/return" } }, allowed: ["kf.jingli", "wy.jingli", "leader", "admin"], label: "return key set"),
        Route(method: .POST, path: { $0.sealedSet.map { "/key-sets/\($0)/seal-break" } }, allowed: ["ag.yuangong"], label: "break seal"),
        Route(method: .POST, path: { $0.sealedSet.map { "/key-sets/\($0)/reseal" } }, allowed: ["ag.yuangong"], label: "reseal"),
        Route(method: .POST, path: { $0.keySet.map { "/key-sets/\($0)/loss" } }, allowed: everyone, label: "key set loss"),
        // Duties (X-2): the fixture's miss is an inspection's (customer service, foremen up); its notice is customer service's, issued by 许杰.
        Route(method: .GET, path: { "/properties/\($0.property)/duties" }, allowed: everyone, label: "duties"),
        Route(method: .POST, path: { "/properties/\($0.property)/duties" }, allowed: dutyManagers, label: "create duty"),
        Route(method: .GET, path: { $0.duty.map { "/duties/\($0)" } }, allowed: everyone, label: "duty month"),
        Route(method: .POST, path: { $0.duty.map { "/duties/\($0)" } }, allowed: dutyManagers, label: "revise duty"),
        Route(method: .POST, path: { $0.miss.map { "/duty-misses/\($0)/explanation" } }, allowed: ["kf.lingban", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "explain miss"),
        Route(method: .GET, path: { "/properties/\($0.property)/checklists/inspection" }, allowed: everyone, label: "checklist"),
        Route(method: .POST, path: { "/properties/\($0.property)/checklists/patrol" }, allowed: dutyManagers, label: "save checklist"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/inspections" } }, allowed: everyone, label: "inspections"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/inspections" } }, allowed: inspectors, label: "inspect"),
        Route(method: .GET, path: { $0.inspection.map { "/inspections/\($0)" } }, allowed: everyone, label: "inspection"),
        Route(method: .POST, path: { $0.inspection.map { "/inspections/\($0)/notices" } }, allowed: inspectors, label: "notice from inspection"),
        Route(method: .GET, path: { $0.house.map { "/show-houses/\($0)/patrols" } }, allowed: everyone, label: "patrols"),
        Route(method: .POST, path: { $0.house.map { "/show-houses/\($0)/patrols" } }, allowed: customerService.union(["ag.yuangong", "wy.jingli", "leader"]), label: "patrol"),
        Route(method: .GET, path: { "/properties/\($0.property)/rectification-notices" }, allowed: everyone, label: "notices"),
        Route(method: .POST, path: { "/properties/\($0.property)/rectification-notices" }, allowed: inspectors, label: "issue notice"),
        Route(method: .GET, path: { $0.rectification.map { "/rectification-notices/\($0)" } }, allowed: everyone, label: "notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/response" } }, allowed: customerService, label: "answer notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/extension" } }, allowed: customerService, label: "ask extension"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/verification" } }, allowed: ["leader"], label: "verify notice"),
        Route(method: .POST, path: { $0.rectification.map { "/rectification-notices/\($0)/extension-decision" } }, allowed: ["leader"], label: "decide extension"),
        // 运行记录 (SH-5…SH-38): the fixture's record is a fire check waiting for leadership.
        Route(method: .GET, path: { "/properties/\($0.property)/operations-records" }, allowed: everyone, label: "operations records"),
        Route(method: .POST, path: { "/properties/\($0.property)/operations-records" }, allowed: everyone, label: "record operations"),
        Route(method: .GET, path: { $0.record.map { "/operations-records/\($0)" } }, allowed: everyone, label: "operations record"),
        Route(method: .POST, path: { $0.record.map { "/operations-records/\($0)/review" } }, allowed: ["leader"], label: "review operations record"),
        // Chat alerts: any manager.
        Route(method: .GET, path: { "/properties/\($0.property)/alert-channels" }, allowed: managers, label: "alert channels"),
        Route(method: .POST, path: { "/properties/\($0.property)/alert-channels" }, allowed: managers, label: "add alert channel"),
        Route(method: .GET, path: { "/properties/\($0.property)/alert-deliveries" }, allowed: managers, label: "alert deliveries"),
        Route(method: .POST, path: { $0.channel.map { "/alert-channels/\($0)/state" } }, allowed: managers, label: "switch alert channel"),
        Route(method: .POST, path: { $0.channel.map { "/alert-channels/\($0)/test" } }, allowed: managers, label: "test alert channel"),
        // Site access (SH-1…SH-3, SH-40…SH-46): the fixture's contractor is 恒达, its form active with a worker on site.
        Route(method: .GET, path: { "/properties/\($0.property)/contractors" }, allowed: withContractor, label: "contractors"),
        Route(method: .POST, path: { "/properties/\($0.property)/contractors" }, allowed: managers, label: "register contractor"),
        Route(method: .GET, path: { $0.contractor.map { "/contractors/\($0)" } }, allowed: withContractor, label: "contractor"),
        Route(method: .POST, path: { $0.contractor.map { "/contractors/\($0)/accounts" } }, allowed: managers, label: "open contractor account"),
        Route(method: .POST, path: { $0.contractor.map { "/contractors/\($0)/incidents" } }, allowed: customerService.union(["ag.yuangong", "wy.jingli", "leader"]), label: "contractor incident"),
        Route(method: .GET, path: { "/properties/\($0.property)/site-access-settings" }, allowed: withContractor, label: "site access settings"),
        Route(method: .POST, path: { "/properties/\($0.property)/site-access-settings" }, allowed: managers, label: "save site access settings"),
        Route(method: .GET, path: { "/properties/\($0.property)/work-forms" }, allowed: withContractor, label: "work forms"),
        Route(method: .POST, path: { "/properties/\($0.property)/work-forms" }, allowed: filers, label: "file work form"),
        Route(method: .GET, path: { $0.form.map { "/work-forms/\($0)" } }, allowed: withContractor, label: "work form"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/approval" } }, allowed: approvers, label: "approve work form"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/extra-approval" } }, allowed: approvers, label: "extra approval"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/refusal" } }, allowed: approvers, label: "refuse work form"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/close" } }, allowed: ["ag.yuangong", "wy.jingli", "leader"], label: "close work form"),
        Route(method: .POST, path: { $0.worker.map { "/work-form-workers/\($0)/certificate" } }, allowed: filers, label: "worker certificate"),
        Route(method: .GET, path: { $0.form.map { "/work-forms/\($0)/entries" } }, allowed: withContractor, label: "form gate register"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/entries" } }, allowed: ["ag.yuangong"], label: "let worker in"),
        Route(method: .POST, path: { $0.siteEntry.map { "/site-entries/\($0)/exit" } }, allowed: ["ag.yuangong"], label: "release worker"),
        Route(method: .GET, path: { $0.form.map { "/work-forms/\($0)/checks" } }, allowed: withContractor, label: "site checks"),
        Route(method: .POST, path: { $0.form.map { "/work-forms/\($0)/checks" } }, allowed: customerService.union(["wy.jingli", "leader"]), label: "site check"),
        Route(method: .GET, path: { "/properties/\($0.property)/on-site" }, allowed: everyone, label: "on site"),
        Route(method: .GET, path: { "/properties/\($0.property)/site-entries" }, allowed: everyone, label: "gate register"),
        Route(method: .GET, path: { "/properties/\($0.property)/emergency-entries" }, allowed: everyone, label: "emergency entries"),
        Route(method: .POST, path: { "/properties/\($0.property)/emergency-entries" }, allowed: ["ag.yuangong", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "record emergency entry"),
        Route(method: .GET, path: { $0.emergency.map { "/emergency-entries/\($0)" } }, allowed: everyone, label: "emergency entry"),
        // Only the supervisor named confirms and reports (郑伟, not among these actors): everyone else is refused by the service.
        Route(method: .POST, path: { $0.othersEmergency.map { "/emergency-entries/\($0)/confirmation" } }, allowed: [], label: "confirm emergency entry"),
        Route(method: .POST, path: { $0.othersEmergency.map { "/emergency-entries/\($0)/report" } }, allowed: [], label: "report emergency entry"),
        Route(method: .POST, path: { $0.emergency.map { "/emergency-entries/\($0)/exit" } }, allowed: ["ag.yuangong", "kf.zhuguan", "kf.jingli", "wy.jingli", "leader", "admin"], label: "leave emergency entry"),
        Route(method: .GET, path: { "/properties/\($0.property)/after-hours-passes" }, allowed: everyone, label: "after-hours passes"),
        Route(method: .POST, path: { "/properties/\($0.property)/after-hours-passes" }, allowed: customerService.union(["ag.yuangong", "wy.jingli", "leader"]), label: "ask after-hours pass"),
        Route(method: .POST, path: { $0.pass.map { "/after-hours-passes/\($0)/decision" } }, allowed: ["leader"], label: "decide after-hours pass"),
        Route(method: .POST, path: { $0.pass.map { "/after-hours-passes/\($0)/admission" } }, allowed: ["ag.yuangong"], label: "admit after hours"),
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
            let hengda = try await Contractor.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "恒达装饰工程有限公司").first()
            let hengdaForm = try await WorkLiaisonForm.query(on: t.db).filter(\.$contractor.$id == (hengda?.id ?? UUID())).filter(\.$status == .active).first()
            let named = try await t.api(.POST, "/properties/\(zc.id!)/emergency-entries", as: "ag.yuangong", json: [
                "showHouseID": try #require(try await ShowHouse.query(on: t.db).filter(\.$property.$id == zc.id!).first()?.id).uuidString, "emergency": "flooding",
                "reason": "暴雨水浸", "guards": "周强", "supervisorID": try await t.staff("ag.zhuguan").id!.uuidString])
            let zhengwei = UUID(uuidString: try #require(try named.json()["id"] as? String, "\(named.text)"))
            let hengdaWorker = try await WorkFormWorker.query(on: t.db).filter(\.$form.$id == (hengdaForm?.id ?? UUID())).first()?.id
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
                              record: try await OperationsRecord.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .fireCheck).filter(\.$reviewedAt == nil).first()?.id,
                              contractor: hengda?.id, form: hengdaForm?.id, worker: hengdaWorker,
                              siteEntry: try await SiteEntry.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$exitedAt == nil).first()?.id,
                              emergency: try await EmergencyEntry.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$reportedAt == nil).first()?.id,
                              pass: try await AfterHoursPass.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$approved == nil).first()?.id,
                              othersEmergency: zhengwei)
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
            // y湾's contractor, a form filed for it, an emergency entry and a pass, by the administrator (who is at both).
            let ywContractor = try await t.api(.POST, "/properties/\(yw.id!)/contractors", as: "admin", json: ["name": "y湾装修队", "contact": "王工", "phone": "13700000000"])
            other.contractor = UUID(uuidString: try #require(try ywContractor.json()["id"] as? String, "\(ywContractor.text)"))
            let ywForm = try await t.api(.POST, "/properties/\(yw.id!)/work-forms", as: "admin", json: [
                "contractorID": try #require(other.contractor).uuidString, "project": "y湾维修", "scope": "更换灯具", "area": "大堂", "startsAt": inHours(72), "endsAt": inHours(80),
                "headcount": 1, "teamLeader": "王工", "leaderPhone": "13700000000", "signature": DemoData.demoSignature, "description": "更换灯具",
                "drawings": ["data:image/png;base64," + Data(DemoPhoto.png(width: 8, height: 8)).base64EncodedString()],
                "workers": [["name": "王工", "trade": "electrician", "certificateNo": "DG-1", "certificateExpires": "2030-01-01"]]])
            let ywFormJSON = try ywForm.json()
            other.form = UUID(uuidString: try #require(ywFormJSON["id"] as? String, "\(ywForm.text)"))
            other.worker = UUID(uuidString: try #require((ywFormJSON["workers"] as? [[String: Any]])?.first?["id"] as? String))
            let ywEntry = try await t.api(.POST, "/properties/\(yw.id!)/emergency-entries", as: "admin", json: [
                "showHouseID": try #require(other.house).uuidString, "emergency": "typhoon", "reason": "台风", "guards": "周强", "supervisorID": try await t.staff("kf.jingli").id!.uuidString])
            other.emergency = UUID(uuidString: try #require(try ywEntry.json()["id"] as? String, "\(ywEntry.text)"))
            let ywPass = try await t.api(.POST, "/properties/\(yw.id!)/after-hours-passes", as: "admin", json: [
                "showHouseID": try #require(other.house).uuidString, "visitor": "设计师", "purpose": "拍照", "validFrom": inHours(1), "validUntil": inHours(3)])
            other.pass = UUID(uuidString: try #require(try ywPass.json()["id"] as? String, "\(ywPass.text)"))
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
            #expect(checked > 500)
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
