import Fluent
import Vapor

/// 换锁任务 — locks to change after a key is lost or damaged (KY-5). The
/// cabinet's people follow them; engineering, who change the locks, record
/// the change here with the new lock's keys. 严禁私自配制钥匙.
enum LockChangePages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "lock-changes", use: list)
        pages.get("lock-changes", ":taskID") { req in try await show(req, form: .blank) }
        pages.post("lock-changes", ":taskID", "complete") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let rows = try NewKeyRows.read(req)
                do {
                    let keys = try await KeyCabinet.completeLockChange(taskID: req.parameters.get("taskID", as: UUID.self), NewKeysInput(keys: rows.keys), on: req)
                    return (Text("换锁完成：旧锁的钥匙已作废，登记新钥匙 \(keys.count) 把", "Lock changed: the old keys are retired, \(keys.count) new keys registered"),
                            "/lock-changes/\(req.parameters.get("taskID") ?? "")")
                } catch let error as WuyeError {
                    throw rows.placing(error)
                }
            }
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewLockChanges, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let tasks = try await KeyQueries.lockChanges(propertyID: property.id, limit: 200, on: req.db)
        let open = tasks.filter(\.isOpen), done = tasks.filter { !$0.isOpen }
        return Layout.page(ctx, title: ctx.t("换锁任务", "Lock changes")) {
            H.h1 { ctx.t("换锁任务", "Lock changes") }
            H.p(.class("muted")) { ctx.t("钥匙丢失或损坏后须尽快更换门锁；换锁完成时旧锁的全部钥匙作废，并登记新钥匙。严禁私自配制钥匙。",
                                         "After a key is lost or damaged the lock is changed as soon as possible; then every key of the old lock is retired and the new keys are registered. Keys are never copied.") }
            if tasks.isEmpty { H.p(.class("empty-state")) { ctx.t("暂无换锁任务", "No lock changes") } }
            for (heading, group) in [(ctx.t("待换锁", "To change"), open), (ctx.t("已完成", "Done"), done)] where !group.isEmpty {
                H.h2 { heading + " · \(group.count)" }
                H.ul(.class("plain-list")) {
                    for task in group {
                        H.li {
                            H.a(.href("/lock-changes/\(task.id)"), .class("row-link")) {
                                H.strong { task.unitLabel }
                                H.span { " · " + ctx.t("钥匙", "key") + " " + task.lostKeyTag + " · " + time.dateTime(task.reportedAt) + " · " + task.reportedByName }
                                if let completed = task.completedAt { H.span(.class("muted")) { " · " + ctx.t("已换锁 ", "changed ") + time.dateTime(completed) } }
                            }
                        }
                    }
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let task = try await KeyQueries.lockChange(req.parameters.get("taskID", as: UUID.self), on: req.db)
        let property = try await KeyQueries.property(task.propertyID, for: actor, action: .viewLockChanges, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let unitKeys = try await KeyQueries.unitKeys(unitID: task.unitID, on: req.db)
        let events = try await AuditLog.history(recordType: LockChange.auditType, recordID: task.id, on: req.db)
        let stillOut = unitKeys.filter { $0.status == .out && $0.lockNo == task.oldLockNo }
        return Layout.page(ctx, title: ctx.t("换锁任务", "Lock change")) {
            H.h1 { ctx.t("换锁任务", "Lock change") + " · " + task.unitLabel }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { task.lostKeyStatus == .lost ? ctx.t("丢失钥匙", "Lost key") : ctx.t("损坏钥匙", "Damaged key") }
                    H.dd { if ctx.may(.viewKeys) { H.a(.href("/keys/\(task.lostKeyID)")) { task.lostKeyTag } } else { task.lostKeyTag } }
                    H.dt { ctx.t("报告人", "Reported by") }; H.dd { task.reportedByName + " · " + time.dateTime(task.reportedAt) }
                    H.dt { ctx.t("经过", "What happened") }; H.dd { task.note }
                    H.dt { ctx.t("状态", "Status") }
                    H.dd {
                        if let done = task.completedAt { ctx.t("已换锁", "Lock changed") + " " + time.dateTime(done) + (task.completedByName.map { " · " + $0 } ?? "") }
                        else { H.span(.class("overdue")) { ctx.t("待换锁", "Waiting for the lock change") } }
                    }
                }
            }
            H.h2 { ctx.t("该房号的钥匙", "Keys of this unit") }
            H.ul(.class("plain-list")) {
                for key in unitKeys {
                    H.li {
                        if ctx.may(.viewKeys) { H.a(.href("/keys/\(key.id)")) { key.tag } } else { H.span { key.tag } }
                        " · " + KeysPages.lockName(ctx, key.lockNo) + " · "
                        KeysPages.statusBadge(ctx, key.status)
                    }
                }
            }
            if task.isOpen && !ctx.may(.completeLockChange) {
                H.p(.class("muted")) { ctx.t("换锁完成后，由工程部领班以上或客服部主管以上在此登记新钥匙。", "When the lock is changed, an engineering foreman or above, or a customer-service supervisor or above, records it here with the new keys.") }
            }
            if task.isOpen && ctx.may(.completeLockChange) {
                H.section(.class("card")) {
                    H.h2 { ctx.t("登记换锁完成", "Record the lock change") }
                    if !stillOut.isEmpty {
                        H.p(.class("error-box")) { ctx.t("旧锁的钥匙 \(stillOut.map(\.tag).joined(separator: "、")) 仍借出，须先收回才能登记换锁。",
                                                          "Key \(stillOut.map(\.tag).joined(separator: ", ")) of the old lock is still out; take it back before recording the change.") }
                    }
                    H.p(.class("muted")) { ctx.t("旧锁的全部钥匙将作废。请登记新锁的钥匙（严禁私自配制钥匙）：", "Every key of the old lock will be retired. Register the new lock's keys (keys are never copied):") }
                    H.form(.method("post"), .action("/lock-changes/\(task.id)/complete"), .id("complete-form")) {
                        ctx.csrfField
                        NewKeyRows.fields(ctx, form, count: 3)
                        H.button(.id("complete-submit")) { ctx.t("完成换锁", "Lock changed") }
                    }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }
}

/// Rows of tag / hook / kind on one form (tag1, hook1, kind1 …): the keys of a new lock.
enum NewKeyRows {
    static let count = 4

    struct Read {
        let keys: [KeyRules.NewKey]
        /// Which form row each key came from, to put a problem back at its row.
        let rows: [Int]

        /// An API field like `keys.1.tag` becomes the form's `tag3` (the second filled row was row 3).
        func placing(_ error: WuyeError) -> WuyeError {
            var placed = error.all.map { problem -> WuyeError in
                guard let field = problem.field, field.hasPrefix("keys.") else { return problem }
                let parts = field.split(separator: ".")
                guard parts.count == 3, let index = Int(parts[1]), index < rows.count else { return problem }
                return WuyeError(problem.status, problem.message, field: "\(parts[2])\(rows[index])", rule: problem.rule)
            }
            var first = placed.removeFirst()
            first.others = placed
            return first
        }
    }

    static func read(_ req: Request) throws -> Read {
        let form = try req.input(KeysPages.NewKeyRowsForm.self)
        let all = [(form.tag1, form.hook1, form.kind1), (form.tag2, form.hook2, form.kind2), (form.tag3, form.hook3, form.kind3), (form.tag4, form.hook4, form.kind4)]
        var keys: [KeyRules.NewKey] = [], rows: [Int] = []
        for (index, row) in all.enumerated() where Input.text(row.0) != nil || Input.text(row.1) != nil {
            keys.append(KeyRules.NewKey(tag: row.0, hook: row.1, kind: row.2))
            rows.append(index + 1)
        }
        return Read(keys: keys, rows: rows)
    }

    static func fields(_ ctx: ViewContext, _ form: FormState, count rows: Int) -> Node {
        let key = KeyRules.NewKey.schema
        return H.div(.class("new-keys")) {
            for index in 1...rows {
                H.fieldset(.class("key-line")) {
                    H.legend { ctx.t("新钥匙 \(index)", "New key \(index)") }
                    Form.input(ctx, form, "tag\(index)", label: ctx.t("钥匙编号", "Tag"), field: key.field("tag"))
                    Form.input(ctx, form, "hook\(index)", label: ctx.t("挂钩", "Hook"), field: key.field("hook"))
                    Form.select(ctx, form, "kind\(index)", label: ctx.t("类型", "Kind"),
                                options: KeyKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: KeyKind.room.rawValue)
                }
            }
        }
    }
}
