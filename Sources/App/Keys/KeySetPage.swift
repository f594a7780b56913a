import Fluent
import Vapor

/// 《样板房钥匙持用人登记表》 — a show house's key sets on one page, printable:
/// each set's holder and keys, its register of transfers and seals, and the
/// steps the person may take (SH-50…SH-54).
enum KeySetPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "key-sets") { req in try await show(req, houseID: req.parameters.get("showHouseID", as: UUID.self), form: .blank) }
        pages.post("show-houses", ":showHouseID", "key-sets") { req in
            let houseID = req.parameters.get("showHouseID", as: UUID.self)
            return try await req.formAction(render: { try await show(req, houseID: houseID, form: $0) }) {
                let made = try await KeySets.register(showHouseID: houseID, try req.input(KeySetInput.self), on: req)
                return (Text("已登记\(made.keeper.title.zh)钥匙组", "\(made.keeper.title.en)'s set registered"), "/show-houses/\(made.$showHouse.id)/key-sets")
            }
        }
        step(pages, "transfer", Text("已登记移交", "Transfer registered")) { id, req in _ = try await KeySets.transfer(keySetID: id, try req.input(KeySetTransferInput.self), on: req) }
        step(pages, "issue", Text("钥匙组已发放，记入台账", "Set issued, on the ledger")) { id, req in _ = try await KeySets.issue(keySetID: id, try req.input(KeySetIssueInput.self), on: req) }
        step(pages, "return", Text("钥匙组已收回", "Set taken back")) { id, req in _ = try await KeySets.receive(keySetID: id, on: req) }
        step(pages, "seal-break", Text("已登记紧急启封，主管已收到通知", "Seal break registered; supervisors told")) { id, req in
            _ = try await KeySets.breakSeal(keySetID: id, try req.input(KeySetSealBreakInput.self), on: req)
        }
        step(pages, "reseal", Text("已重新封存", "Resealed")) { id, req in _ = try await KeySets.reseal(keySetID: id, try req.input(KeySetResealInput.self), on: req) }
        step(pages, "loss", Text("已报失：钥匙组作废，工程部换锁芯", "Reported lost: the set is retired and engineering changes the lock core")) { id, req in
            _ = try await KeySets.reportLoss(keySetID: id, try req.input(KeySetLossInput.self), on: req)
        }
    }

    /// A set's step, posted to `/key-sets/:keySetID/<path>`: back to the house's sets.
    static func step(_ pages: any RoutesBuilder, _ path: String, _ done: Text, _ action: @escaping @Sendable (UUID?, Request) async throws -> Void) {
        pages.post("key-sets", ":keySetID", .constant(path)) { req in
            let id = req.parameters.get("keySetID", as: UUID.self)
            let (set, _, _) = try await KeySets.set(id, for: try req.actor, action: .viewKeySets, on: req)
            return try await req.formAction(render: { try await show(req, houseID: set.$showHouse.id, form: $0) }) {
                try await action(id, req)
                return (done, "/show-houses/\(set.$showHouse.id)/key-sets")
            }
        }
    }

    static func show(_ req: Request, houseID: UUID?, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(houseID, for: actor, action: .viewKeySets, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let found = try await KeySetQueries.sets(houseID: house.id!, on: req.db)
        let colleagues = try await ServiceQueries.colleagues(propertyID: property.id, department: nil, on: req.db)
        let free = ctx.may(.registerKeySet, at: property.id) ? try await KeySetQueries.freeKeys(unitID: house.$unit.id, on: req.db) : []
        let base = "/show-houses/\(house.id!)/key-sets"
        let closes = ServiceDeskRules.slotTime(day: time.day(ctx.now), at: house.closesAt, time: time).map(time.inputValue) ?? ""
        return Layout.page(ctx, title: house.name + " · " + ctx.t("钥匙组", "Key sets"), wide: true) {
            H.p(.class("print-only")) { H.strong { "《样板房钥匙持用人登记表》" }; "　" + property.name }
            H.h1 { house.name + " · " + ctx.t("钥匙持用人登记", "Key holders") }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/show-houses/\(house.id!)")) { ctx.t("← 样板房当日记录", "← The show house's day") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p(.class("muted")) {
                ctx.t("钥匙分安管部、物业服务部、清洁部三组，各由持用人签字保管，不得转借；移交须先登记；物业服务部钥匙当班领用、用后交还；安管部钥匙封存，夜间紧急启封须持用人或主管在场；遗失立即报告，更换锁芯。",
                      "Three sets (security, property service, cleaning), each kept by a holder who signs; never lent; a transfer is registered first; property service's set is issued for a shift and returned; security's is sealed and opened at night only in an emergency with a holder or supervisor present; a lost key is reported at once and the lock core changed.")
            }
            Form.problems(ctx, form)
            if found.sets.isEmpty { H.p(.class("empty-state")) { ctx.t("尚未登记钥匙组。", "No key sets yet.") } }
            for s in found.sets {
                setCard(ctx, s, keys: found.keys.filter { $0.setID == s.id }, events: found.events.filter { $0.setID == s.id }, form: form, actor: actor,
                        property: property.id, colleagues: colleagues, closes: closes, time: time)
            }
            if ctx.may(.registerKeySet, at: property.id) {
                registerForm(ctx, form.for(base), base: base, colleagues: colleagues, free: free)
            }
        }
    }

    static func setCard(_ ctx: ViewContext, _ s: KeySetQueries.Set, keys: [KeySetQueries.Key], events: [KeySetQueries.Event], form: FormState, actor: Actor,
                        property: UUID, colleagues: [ServiceQueries.Colleague], closes: String, time: LocalTime) -> Node {
        let base = "/key-sets/\(s.id)"
        let out = keys.contains { $0.checkoutID != nil }
        let live = s.retiredAt == nil
        return H.section(.class("card"), .id("set-\(s.keeper.rawValue)")) {
            H.h2 {
                ctx.t(s.keeper.title) + ctx.t("钥匙组", "'s set") + " "
                if !live { H.span(.class("badge late")) { ctx.t("已作废", "retired") } }
                else if let seal = s.sealNo { H.span(.class("badge h-accepted")) { ctx.t("封存 · 封条 ", "sealed · seal ") + seal } }
                else if s.keeper == .security { H.span(.class("badge late")) { ctx.t("已启封，待重新封存", "opened; to be resealed") } }
                if out { H.span(.class("badge s-out")) { ctx.t("领出中", "out") } }
            }
            H.p { ctx.t("持用人：", "Holder: ") + s.holderName + ctx.t(" · 登记：", " · registered by ") + s.registeredByName + " " + time.dateTime(s.registeredAt) }
            if let signature = s.holderSignature { H.img(.attr("src", signature), .attr("alt", ctx.t("持用人签名", "Holder's signature")), .class("signature")) }
            if let note = s.retireNote { H.p(.class("error")) { ctx.t("作废原因：", "Retired: ") + note } }
            H.ul(.class("plain")) {
                for k in keys {
                    H.li { H.a(.class("strong-link"), .href("/keys/\(k.id)")) { k.tag }; " · " + ctx.t(k.status.title) + (k.borrowerName.map { ctx.t(" · 领用人 ", " · with ") + $0 } ?? "")
                        + (k.expectedReturnAt.map { ctx.t(" · 应还 ", " · due ") + time.dateTime($0) } ?? "") }
                }
            }
            if !events.isEmpty {
                H.table(.class("stack")) {
                    H.thead { H.tr { for h in [ctx.t("时间", "When"), ctx.t("事项", "What"), ctx.t("经过", "Details"), ctx.t("经办", "By")] { H.th { h } } } }
                    H.tbody {
                        for e in events {
                            H.tr {
                                Layout.cell(ctx.t("时间", "When")) { time.dateTime(e.at) }
                                Layout.cell(ctx.t("事项", "What")) { ctx.t(e.kind.title) + (e.emergency.map { "（" + ctx.t($0.title) + "）" } ?? "") }
                                Layout.cell(ctx.t("经过", "Details")) {
                                    e.reason + (e.fromName.map { " · " + $0 } ?? "") + (e.toName.map { " → " + $0 } ?? "")
                                        + (e.witnessName.map { ctx.t(" · 在场：", " · present: ") + $0 } ?? "") + (e.sealNo.map { ctx.t(" · 封条 ", " · seal ") + $0 } ?? "")
                                }
                                Layout.cell(ctx.t("经办", "By")) { e.byName }
                            }
                        }
                    }
                }
            }
            if live {
                H.div(.class("no-print")) {
                    if s.keeper == .propertyService, ctx.may(.keepKeySet, at: property), (try? KeySets.mayHandOut(actor, holder: s.holderID)) != nil {
                        if out {
                            Layout.postButton(ctx, action: base + "/return", label: ctx.t("收回钥匙组", "Take the set back"), style: "primary")
                        } else {
                            let sent = form.for(base + "/issue")
                            H.form(.method("post"), .action(base + "/issue"), .id("issue-\(s.keeper.rawValue)")) {
                                ctx.csrfField
                                Form.select(ctx, sent, "staffID", label: ctx.t("当班领用人", "Taken by (on duty)"),
                                            options: colleagues.filter { ($0.department == .customerService || $0.department == .propertyService) && $0.id != actor.id }.map { ($0.id.text, $0.name) },
                                            prompt: ctx.t("请选择", "Choose"), required: true)
                                Form.input(ctx, sent, "expectedReturnAt", label: ctx.t("交还时间", "Back by"), type: "datetime-local", value: closes, required: true, scope: s.keeper.rawValue)
                                H.button { ctx.t("当班发放", "Issue for the shift") }
                            }
                        }
                    }
                    if s.keeper == .security, ctx.may(.breakKeySeal, at: property) {
                        if s.sealNo != nil {
                            let sent = form.for(base + "/seal-break")
                            H.details(.when(sent.isRefused, .flag("open"))) {
                                H.summary { ctx.t("紧急启封", "Break the seal in an emergency") }
                                H.form(.method("post"), .action(base + "/seal-break"), .id("seal-break")) {
                                    ctx.csrfField
                                    Form.select(ctx, sent, "emergency", label: ctx.t("紧急情况", "Emergency"), options: Emergency.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                                                prompt: ctx.t("请选择", "Choose"), required: true)
                                    Form.textarea(ctx, sent, "reason", label: ctx.t("启封经过", "What happened"), field: KeySetSealBreakInput.schema.field("reason"), required: true)
                                    Form.select(ctx, sent, "witnessID", label: ctx.t("在场持用人或主管", "Key holder or supervisor present"),
                                                options: colleagues.filter { $0.id != actor.id && $0.rank >= .supervisor }.map { ($0.id.text, $0.name + " · " + ctx.t($0.rank.title)) },
                                                prompt: ctx.t("请选择", "Choose"), required: true)
                                    H.button(.class("danger")) { ctx.t("登记启封", "Record the seal break") }
                                }
                            }
                        } else {
                            H.form(.class("inline-pick"), .method("post"), .action(base + "/reseal"), .id("reseal")) {
                                ctx.csrfField
                                Form.input(ctx, form.for(base + "/reseal"), "sealNo", label: ctx.t("新封条号", "New seal number"), field: KeySetResealInput.schema.field("sealNo"), required: true, scope: "reseal")
                                H.button { ctx.t("重新封存", "Reseal") }
                            }
                        }
                    }
                    if ctx.may(.registerKeySet, at: property) {
                        let sent = form.for(base + "/transfer")
                        H.details(.when(sent.isRefused, .flag("open"))) {
                            H.summary { ctx.t("登记移交", "Register a transfer") }
                            H.form(.method("post"), .action(base + "/transfer")) {
                                ctx.csrfField
                                Form.select(ctx, sent, "holderID", label: ctx.t("新持用人", "New holder"),
                                            options: colleagues.filter { $0.department == s.keeper && $0.id != s.holderID }.map { ($0.id.text, $0.name + " · " + ctx.t($0.rank.title)) },
                                            prompt: ctx.t("请选择", "Choose"), required: true)
                                Form.input(ctx, sent, "reason", label: ctx.t("移交原因", "Why"), field: KeySetTransferInput.schema.field("reason"), required: true, scope: "transfer-\(s.keeper.rawValue)")
                                H.button(.class("secondary")) { ctx.t("登记移交", "Register") }
                            }
                        }
                    }
                    if ctx.may(.reportKeySetLoss, at: property) {
                        let sent = form.for(base + "/loss")
                        H.details(.when(sent.isRefused, .flag("open"))) {
                            H.summary { ctx.t("钥匙遗失", "A key is lost") }
                            H.form(.method("post"), .action(base + "/loss")) {
                                ctx.csrfField
                                Form.select(ctx, sent, "keyID", label: ctx.t("遗失的钥匙", "Which key"), options: keys.filter { $0.status == .inCabinet || $0.status == .out }.map { ($0.id.text, $0.tag) },
                                            prompt: ctx.t("请选择", "Choose"), required: true)
                                Form.textarea(ctx, sent, "reason", label: ctx.t("遗失经过", "What happened"), field: KeySetLossInput.schema.field("reason"), required: true)
                                H.button(.class("danger"), .data("confirm", ctx.t("报失后钥匙组作废，须更换锁芯。确定？", "The set will be retired and the lock core changed. Sure?"))) { ctx.t("立即报失", "Report it lost") }
                            }
                        }
                    }
                }
            }
        }
    }

    static func registerForm(_ ctx: ViewContext, _ form: FormState, base: String, colleagues: [ServiceQueries.Colleague], free: [(id: UUID, tag: String)]) -> Node {
        H.details(.class("card no-print"), .when(form.isRefused, .flag("open")), .id("register-set")) {
            H.summary { ctx.t("登记钥匙组", "Register a key set") }
            if free.isEmpty {
                H.p(.class("muted")) { ctx.t("这套样板房没有在柜且未分组的钥匙：请先在钥匙柜登记钥匙。", "This show house has no keys in the cabinet outside a set: register its keys in the cabinet first.") }
            } else {
                H.form(.method("post"), .action(base), .id("key-set-form")) {
                    ctx.csrfField
                    Form.select(ctx, form, "keeper", label: ctx.t("钥匙组", "Set"), options: [DepartmentCode.security, .propertyService, .cleaning].map { ($0.rawValue, ctx.t($0.title)) },
                                prompt: ctx.t("请选择", "Choose"), required: true)
                    Form.select(ctx, form, "holderID", label: ctx.t("持用人（安管部经理、物业服务部主管、清洁部主管）", "Holder (security manager, property-service or cleaning supervisor)"),
                                options: colleagues.filter { $0.rank >= .supervisor && KeySetRules.keepers[$0.department] != nil }.map { ($0.id.text, $0.name + " · " + ctx.t($0.department.title) + ctx.t($0.rank.title)) },
                                prompt: ctx.t("请选择", "Choose"), required: true)
                    H.fieldset(.class("choices row"), .id(Form.fieldID("keyIDs"))) {
                        H.legend { ctx.t("这组的钥匙", "Its keys") }
                        for key in free { Form.checkbox(form, "keyIDs[]", label: key.tag, value: key.id.text, checked: false) }
                        if let problem = form.problem("keyIDs") { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
                    }
                    Form.input(ctx, form, "sealNo", label: ctx.t("封条号（安管部钥匙组必填）", "Seal number (security's set)"), field: KeySetInput.schema.field("sealNo"))
                    SignaturePad.field(ctx, form, legend: ctx.t("持用人签名", "Holder's signature"), typed: ctx.t("或输入姓名作为签名", "Or type the name as the signature"), hint: nil)
                    H.button(.id("save-key-set")) { ctx.t("登记", "Register") }
                }
            }
        }
    }
}

