import Fluent
import Vapor

/// One key: where it is, who has it, its history, and only the next step
/// that can be taken with it now — never an action that would be refused.
enum KeyPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("keys", ":keyID") { req in try await show(req, form: .blank) }
        pages.post("keys", ":keyID", "withdraw") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let key = try await KeyCabinet.withdraw(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("钥匙 \(key.tag) 已停用，不能再发放", "Key \(key.tag) is withdrawn and can never be issued"), "/keys/\(key.id!)")
            }
        }
        pages.post("keys", ":keyID", "report-loss") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let task = try await KeyCabinet.reportLoss(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("已报失：已通知经理、保安部和工程部，换锁任务已开立", "Reported lost: the manager, security and engineering were told and a lock change was opened"), "/lock-changes/\(task.id!)")
            }
        }
        pages.post("keys", ":keyID", "lock-change") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let task = try await KeyCabinet.requestLockChange(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("换锁任务已开立，已通知工程部", "Lock change opened; engineering was told"), "/lock-changes/\(task.id!)")
            }
        }
        pages.post("keys", ":keyID", "spare-release") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let release = try await KeyCabinet.requestSpareRelease(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("已通知保安部，等待确认", "Security was notified; waiting for their confirmation"), "/keys/\(release.$key.id)")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let key = try await KeyQueries.key(req.parameters.get("keyID", as: UUID.self), on: req.db)
        let property = try await KeyQueries.property(key.propertyID, for: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let checkouts = try await KeyQueries.keyHistory(keyID: key.id, on: req.db)
        let open = checkouts.first { $0.isOpen }
        let releases = key.kind == .spare ? try await KeyQueries.unusedSpareReleases(keyID: key.id, on: req.db) : []
        let events = try await AuditLog.history(recordType: RoomKey.auditType, recordID: key.id, on: req.db)
        let pending = releases.first { $0.confirmedAt == nil }, cleared = releases.first { $0.confirmedAt != nil }
        // Whose door it opens: the unit's customers now (KY-6, CA-1).
        let residents = ctx.may(.viewCustomers, at: property.id) ? try await CustomerQueries.residents(ofUnit: key.unitID, on: req.db) : []

        return Layout.page(ctx, title: ctx.t("钥匙", "Key") + " " + key.tag) {
            H.h1 { ctx.t("钥匙", "Key") + " " + key.tag + " "; KeysPages.statusBadge(ctx, key.status) }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("房号", "Unit") }; H.dd { key.unitLabel }
                    if !residents.isEmpty {
                        H.dt { ctx.t("住户", "Residents") }
                        H.dd(.id("residents")) {
                            for (index, resident) in residents.enumerated() {
                                if index > 0 { "、" }
                                H.a(.href("/customers/\(resident.customerID)")) { resident.customerName }; "（" + ctx.t(resident.relation.title) + "）"
                            }
                        }
                    }
                    H.dt { ctx.t("挂钩", "Hook") }; H.dd { key.hook }
                    H.dt { ctx.t("类型", "Kind") }; H.dd { ctx.t(key.kind.title) }
                    H.dt { ctx.t("门锁", "Lock") }; H.dd { KeysPages.lockName(ctx, key.lockNo) }
                    H.dt { ctx.t("状态更新时间", "Status updated") }; H.dd { time.dateTime(key.statusChangedAt) }
                    if let note = key.note { H.dt { ctx.t("说明", "Note") }; H.dd { note } }
                    if let open {
                        H.dt { ctx.t("持有人", "Holder") }
                        H.dd { H.a(.href("/checkouts/\(open.id)")) { open.borrowerName }; " · " + ctx.t("预计归还", "due") + " " + time.dateTime(open.expectedReturnAt) }
                    }
                }
            }
            nextStep(ctx, key: key, open: open, pending: pending, cleared: cleared, time: time, form: form)
            if (key.status == .inCabinet || key.status == .out) && (ctx.may(.withdrawKey) || ctx.may(.reportKeyLoss)) {
                let withdrawForm = form.for("/keys/\(key.id)/withdraw"), lossForm = form.for("/keys/\(key.id)/report-loss")
                H.details(.class("card"), .when(withdrawForm.isRefused || lossForm.isRefused, .flag("open"))) {
                    H.summary { ctx.t("损坏或丢失", "Damaged or lost") }
                    if key.status == .inCabinet && ctx.may(.withdrawKey) {
                        H.form(.method("post"), .action("/keys/\(key.id)/withdraw"), .id("withdraw-form")) {
                            ctx.csrfField
                            Form.input(ctx, withdrawForm, "reason", label: ctx.t("损坏情况", "What is damaged"), field: InputFields.reason, required: true, scope: "withdraw")
                            H.button(.class("danger"), .data("confirm", ctx.t("停用后此钥匙不能再发放，确定？", "A withdrawn key can never be issued again. Continue?"))) { ctx.t("损坏停用", "Withdraw as damaged") }
                        }
                    }
                    if ctx.may(.reportKeyLoss) {
                        H.form(.method("post"), .action("/keys/\(key.id)/report-loss"), .id("loss-form")) {
                            ctx.csrfField
                            Form.input(ctx, lossForm, "reason", label: ctx.t("丢失经过", "How it was lost"), field: InputFields.reason, required: true, scope: "loss")
                            H.button(.class("danger"), .data("confirm", ctx.t("报失将通知经理、保安部和工程部，并开立换锁任务，确定？", "This tells the manager, security and engineering and opens a lock change. Continue?"))) { ctx.t("报失", "Report lost") }
                        }
                    }
                    H.p(.class("muted")) { ctx.t("严禁私自配制钥匙。", "Keys are never copied.") }
                }
            }
            if key.status == .withdrawnDamaged && ctx.may(.requestLockChange) {
                H.form(.class("card"), .method("post"), .action("/keys/\(key.id)/lock-change"), .id("lock-change-form")) {
                    ctx.csrfField
                    H.p(.class("muted")) { ctx.t("严禁私自配制钥匙：需要新钥匙时须换锁，换锁完成时登记新钥匙。", "Keys are never copied: new keys come with a new lock, registered when it is changed.") }
                    Form.input(ctx, form.for("/keys/\(key.id)/lock-change"), "reason", label: ctx.t("换锁原因", "Why the lock is changed"), field: InputFields.reason, value: key.note, required: true)
                    H.button { ctx.t("申请换锁", "Ask for a lock change") }
                }
            }
            H.h2 { ctx.t("领用记录", "Checkouts") }
            CheckoutPage.table(ctx, checkouts, time: time, showKey: false)
            Layout.history(ctx, events, time: time)
        }
    }

    /// The one thing to do next with this key, for this person.
    static func nextStep(_ ctx: ViewContext, key: KeyQueries.KeyRow, open: KeyQueries.CheckoutRow?, pending: KeyQueries.SpareReleaseRow?, cleared: KeyQueries.SpareReleaseRow?,
                         time: LocalTime, form: FormState) -> Node {
        if let open {
            return ctx.may(.receiveKey)
                ? H.div(.class("actions")) { H.a(.class("button"), .href("/checkouts/\(open.id)"), .id("take-back")) { ctx.t("办理归还", "Take it back") } }
                : .empty
        }
        guard key.status == .inCabinet else { return .empty }
        guard key.kind == .spare else {
            return ctx.may(.issueKey)
                ? H.div(.class("actions")) { H.a(.class("button"), .href("/keys/\(key.id)/issue"), .id("issue-key")) { ctx.t("发放钥匙", "Issue key") } }
                : .empty
        }
        // A customer's spare key: security's procedure first (KY-6), one step at a time.
        return H.section(.class("card"), .id("spare-steps")) {
            H.h2 { ctx.t("备用钥匙手续", "Spare key procedure") }
            if let cleared {
                H.p { ctx.t("保安部已于 \(time.dateTime(cleared.confirmedAt!)) 确认，可以发放。", "Security cleared it at \(time.dateTime(cleared.confirmedAt!)); it may be issued.") }
                if ctx.may(.issueKey) { H.a(.class("button"), .href("/keys/\(key.id)/issue"), .id("issue-key")) { ctx.t("发放备用钥匙", "Issue the spare key") } }
            } else if let pending {
                H.p(.class("waiting")) {
                    ctx.t("已通知保安部（\(pending.requestedByName)，\(time.dateTime(pending.requestedAt))：\(pending.reason)），等待保安人员确认。",
                          "Security was notified (\(pending.requestedByName), \(time.dateTime(pending.requestedAt)): \(pending.reason)); waiting for a security officer.")
                }
                if ctx.may(.confirmSpareKey) {
                    H.a(.class("button"), .href("/properties/\(key.propertyID)/spare-releases")) { ctx.t("去确认", "Confirm it") }
                }
            } else {
                H.p(.class("muted")) { ctx.t("客户备用钥匙须先通知保安部，由保安人员确认后方可发放。", "A customer's spare key is issued only after security is notified and a security officer confirms.") }
                if ctx.may(.requestSpareKey) {
                    H.form(.method("post"), .action("/keys/\(key.id)/spare-release"), .id("spare-form")) {
                        ctx.csrfField
                        Form.input(ctx, form.for("/keys/\(key.id)/spare-release"), "reason", label: ctx.t("事由", "Reason"), field: InputFields.reason, required: true)
                        H.button { ctx.t("通知保安部", "Notify security") }
                    }
                }
            }
        }
    }
}
