import Fluent
import Vapor

/// The key cabinet's pages (篇4). Every action calls `KeyCabinet`, the same
/// functions the API calls.
enum KeysPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("keys") { req async throws -> Response in
            let ctx = try await req.viewContext()
            guard let property = ctx.propertyID else { return req.redirect(to: "/account") }
            return req.redirect(to: "/properties/\(property)/keys")
        }
        pages.get("properties", ":propertyID", "keys", use: cabinet)
        pages.get("properties", ":propertyID", "keys", "overdue", use: overdue)
        pages.get("properties", ":propertyID", "ledger", use: ledger)
        pages.get("properties", ":propertyID", "ledger.csv", use: ledgerCSV)
        pages.get("properties", ":propertyID", "lock-changes", use: lockChanges)
        pages.get("properties", ":propertyID", "spare-releases", use: spareReleases)
        pages.get("properties", ":propertyID", "register-keys", use: registerForm)
        pages.post("properties", ":propertyID", "register-keys", use: registerKeys)
        pages.get("keys", ":keyID", use: keyDetail)
        pages.get("keys", ":keyID", "issue", use: issueForm)
        pages.post("keys", ":keyID", "issue", use: issue)
        pages.post("keys", ":keyID", "withdraw") { req in
            try await req.pageAction(back: "/keys/\(req.parameters.get("keyID") ?? "")") {
                let key = try await KeyCabinet.withdraw(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("钥匙 \(key.tag) 已停用（KY-4）", "Key \(key.tag) withdrawn (KY-4)"), "/keys/\(key.id!)")
            }
        }
        pages.post("keys", ":keyID", "report-loss") { req in
            try await req.pageAction(back: "/keys/\(req.parameters.get("keyID") ?? "")") {
                let task = try await KeyCabinet.reportLoss(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("已报失，已通知经理和保安部，并开立换锁任务（KY-5）", "Reported lost; the manager and security were notified and a lock change was opened (KY-5)"), "/lock-changes/\(task.id!)")
            }
        }
        pages.post("keys", ":keyID", "lock-change") { req in
            try await req.pageAction(back: "/keys/\(req.parameters.get("keyID") ?? "")") {
                let task = try await KeyCabinet.requestLockChange(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("已开立换锁任务（KY-5）", "Lock change opened (KY-5)"), "/lock-changes/\(task.id!)")
            }
        }
        pages.post("keys", ":keyID", "spare-release") { req in
            try await req.pageAction(back: "/keys/\(req.parameters.get("keyID") ?? "")") {
                let release = try await KeyCabinet.requestSpareRelease(keyID: req.parameters.get("keyID", as: UUID.self), try req.input(ReasonInput.self), on: req)
                return (Text("已通知保安部，等待确认（KY-6）", "Security was notified; waiting for their confirmation (KY-6)"), "/keys/\(release.$key.id)")
            }
        }
        pages.get("checkouts", ":checkoutID", use: checkoutDetail)
        pages.post("checkouts", ":checkoutID", "return") { req in
            try await req.pageAction(back: "/checkouts/\(req.parameters.get("checkoutID") ?? "")") {
                let checkout = try await KeyCabinet.receiveReturn(checkoutID: req.parameters.get("checkoutID", as: UUID.self), try req.input(ReturnKeyInput.self), on: req)
                return (Text("已归还入柜", "Returned to the cabinet"), "/keys/\(checkout.$key.id)")
            }
        }
        pages.post("checkouts", ":checkoutID", "confirm") { req in
            try await req.pageAction(back: "/checkouts/\(req.parameters.get("checkoutID") ?? "")") {
                let checkout = try await KeyCabinet.confirmBorrowing(checkoutID: req.parameters.get("checkoutID", as: UUID.self), on: req)
                return (Text("已确认领用", "Borrowing confirmed"), "/checkouts/\(checkout.id!)")
            }
        }
        pages.post("checkouts", ":checkoutID", "reveal", use: checkoutDetail)
        pages.get("lock-changes", ":taskID", use: lockChangeDetail)
        pages.post("lock-changes", ":taskID", "complete") { req in
            try await req.pageAction(back: "/lock-changes/\(req.parameters.get("taskID") ?? "")") {
                let keys = try await KeyCabinet.completeLockChange(taskID: req.parameters.get("taskID", as: UUID.self), NewKeysInput(keys: newKeys(from: req)), on: req)
                return (Text("换锁完成，旧钥匙已作废，登记新钥匙 \(keys.count) 把", "Lock changed: old keys retired, \(keys.count) new keys registered"), "/lock-changes/\(req.parameters.get("taskID") ?? "")")
            }
        }
        pages.post("spare-releases", ":releaseID", "confirm") { req in
            try await req.pageAction(back: "/keys") {
                let release = try await KeyCabinet.confirmSpareRelease(releaseID: req.parameters.get("releaseID", as: UUID.self), on: req)
                return (Text("已确认备用钥匙使用手续（KY-6）", "Spare key release confirmed (KY-6)"), "/properties/\(release.$property.id)/spare-releases")
            }
        }
    }

    static func statusBadge(_ ctx: ViewContext, _ status: KeyStatus) -> Node {
        H.span(.class("badge s-\(status.rawValue)")) { ctx.t(status.title) }
    }

    // MARK: Cabinet

    @Sendable static func cabinet(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let status = try req.queryValue("status", KeysAPI.Query.status).flatMap(KeyStatus.init(rawValue:))
        let search = try req.queryValue("q", InputFields.search)
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (page, per) = (paging.page, paging.per)
        let (rows, total) = try await KeyQueries.cabinet(propertyID: property.id!, status: status, search: search, paging: paging, on: req.db)
        let counts = try await KeyQueries.counts(propertyID: property.id!, now: ctx.now, on: req.db)
        let base = "/properties/\(property.id!)/keys"
        var query: [String] = []
        if let status { query.append("status=\(status.rawValue)") }
        if let search { query.append("q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }

        return Layout.page(ctx, title: ctx.t("钥匙柜", "Key cabinet"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("钥匙柜", "Key cabinet") }
            H.div(.class("stats")) {
                H.a(.href(base + "?status=in_cabinet")) { H.strong { "\(counts.byStatus[.inCabinet] ?? 0)" }; ctx.t("在柜", "In cabinet") }
                H.a(.href(base + "?status=out")) { H.strong { "\(counts.byStatus[.out] ?? 0)" }; ctx.t("借出", "Out") }
                H.a(.href(base + "/overdue"), .class(counts.overdue > 0 ? "overdue" : "")) { H.strong { "\(counts.overdue)" }; ctx.t("逾期未还", "Overdue") }
                H.a(.href(base + "?status=withdrawn_damaged")) { H.strong { "\(counts.byStatus[.withdrawnDamaged] ?? 0)" }; ctx.t("损坏停用", "Damaged") }
                H.a(.href(base + "?status=lost")) { H.strong { "\(counts.byStatus[.lost] ?? 0)" }; ctx.t("丢失", "Lost") }
            }
            H.form(.class("filters"), .method("get"), .action(base)) {
                H.label { H.span(.class("muted")) { ctx.t("状态", "Status") + " " }
                    H.select(.name("status")) {
                        H.option(.value("")) { ctx.t("全部", "All") }
                        for option in KeyStatus.allCases {
                            if option == status { H.option(.value(option.rawValue), .selected) { ctx.t(option.title) } }
                            else { H.option(.value(option.rawValue)) { ctx.t(option.title) } }
                        }
                    }
                }
                H.input(.type("search"), .name("q"), .value(search ?? ""), .placeholder(ctx.t("钥匙编号或房号", "Tag or unit")))
                H.button { ctx.t("查询", "Search") }
                if Policy.allows(actor, .registerKeys, at: property.id) {
                    H.a(.class("button secondary"), .href("/properties/\(property.id!)/register-keys")) { ctx.t("登记钥匙", "Register keys") }
                }
            }
            if rows.isEmpty {
                H.p(.class("muted")) { ctx.t("没有符合条件的钥匙", "No keys match") }
            } else {
                H.table(.class("stack"), .id("cabinet")) {
                    H.thead { H.tr {
                        H.th { ctx.t("钥匙编号", "Tag") }; H.th { ctx.t("房号", "Unit") }; H.th { ctx.t("挂钩", "Hook") }
                        H.th { ctx.t("类型", "Kind") }; H.th { ctx.t("状态", "Status") }; H.th { ctx.t("持有人", "Holder") }
                        H.th { ctx.t("借出时间", "Since") }; H.th { ctx.t("预计归还", "Due back") }
                    } }
                    H.tbody {
                        for row in rows {
                            H.tr(.data("tag", row.key.tag), .data("kind", row.key.kind.rawValue)) {
                                Layout.cell(ctx.t("钥匙编号", "Tag")) { H.a(.href("/keys/\(row.key.id!)")) { row.key.tag } }
                                Layout.cell(ctx.t("房号", "Unit")) { row.unitLabel }
                                Layout.cell(ctx.t("挂钩", "Hook")) { row.key.hook }
                                Layout.cell(ctx.t("类型", "Kind")) { ctx.t(row.key.kind.title) }
                                Layout.cell(ctx.t("状态", "Status")) { statusBadge(ctx, row.key.status) }
                                if let open = row.open {
                                    Layout.cell(ctx.t("持有人", "Holder")) { H.a(.href("/checkouts/\(open.id!)")) { open.borrowerName } }
                                    Layout.cell(ctx.t("借出时间", "Since")) { time.dateTime(open.issuedAt) }
                                    Layout.cell(ctx.t("预计归还", "Due back")) {
                                        if open.isOverdue(at: ctx.now) { H.span(.class("overdue")) { time.dateTime(open.expectedReturnAt) + " " + ctx.t("逾期", "overdue") } }
                                        else { time.dateTime(open.expectedReturnAt) }
                                    }
                                } else {
                                    Layout.emptyCell(ctx.t("持有人", "Holder"))
                                    Layout.emptyCell(ctx.t("借出时间", "Since"))
                                    Layout.emptyCell(ctx.t("预计归还", "Due back"))
                                }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: page, per: per, total: total, base: base + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
            }
        }
    }

    @Sendable static func overdue(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let rows = try await KeyQueries.overdue(propertyID: property.id!, now: ctx.now, on: req.db)
        return Layout.page(ctx, title: ctx.t("逾期未还", "Overdue keys")) {
            H.h1 { ctx.t("逾期未还的钥匙", "Overdue keys") }
            if rows.isEmpty {
                H.p(.class("muted")) { ctx.t("没有逾期的钥匙", "No key is overdue") }
            } else {
                H.table(.class("stack")) {
                    H.thead { H.tr { H.th { ctx.t("钥匙", "Key") }; H.th { ctx.t("房号", "Unit") }; H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("预计归还", "Due back") }; H.th { ctx.t("逾期", "Late by") } } }
                    H.tbody {
                        for row in rows {
                            H.tr {
                                Layout.cell(ctx.t("钥匙", "Key")) { H.a(.href("/checkouts/\(row.id!)")) { row.key.tag } }
                                Layout.cell(ctx.t("房号", "Unit")) { UnitLabel.of(row.key.unit) }
                                Layout.cell(ctx.t("领用人", "Borrower")) { row.borrowerName }
                                Layout.cell(ctx.t("预计归还", "Due back")) { time.dateTime(row.expectedReturnAt) }
                                Layout.cell(ctx.t("逾期", "Late by")) { H.span(.class("overdue")) { lateBy(ctx, ctx.now.timeIntervalSince(row.expectedReturnAt)) } }
                            }
                        }
                    }
                }
            }
        }
    }

    static func lateBy(_ ctx: ViewContext, _ seconds: TimeInterval) -> String {
        let hours = Int(seconds / 3600)
        if hours >= 24 { return ctx.t("\(hours / 24) 天 \(hours % 24) 小时", "\(hours / 24) d \(hours % 24) h") }
        return ctx.t("\(hours) 小时 \(Int(seconds / 60) % 60) 分", "\(hours) h \(Int(seconds / 60) % 60) min")
    }

    // MARK: One key

    @Sendable static func keyDetail(req: Request) async throws -> Response {
        let actor = try req.actor
        let key = try await KeyCabinet.findKey(req.parameters.get("keyID", as: UUID.self), on: req.db)
        let property = try await KeyQueries.property(key.$property.id, for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        let checkouts = try await KeyQueries.keyHistory(keyID: key.id!, on: req.db)
        let open = checkouts.first { $0.isOpen }
        let releases = try await SpareKeyRelease.query(on: req.db).filter(\.$key.$id == key.id!).filter(\.$usedByCheckoutID == nil).with(\.$requestedBy).all()
        let events = try await AuditLog.history(recordType: RoomKey.auditType, recordID: key.id!, on: req.db)

        return Layout.page(ctx, title: ctx.t("钥匙", "Key") + " " + key.tag) {
            H.h1 { ctx.t("钥匙", "Key") + " " + key.tag + " "; statusBadge(ctx, key.status) }
            H.div(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("房号", "Unit") }; H.dd { unitLabel }
                    H.dt { ctx.t("挂钩", "Hook") }; H.dd { key.hook }
                    H.dt { ctx.t("类型", "Kind") }; H.dd { ctx.t(key.kind.title) }
                    H.dt { ctx.t("门锁", "Lock") }; H.dd { ctx.t("第 \(key.lockNo) 把锁", "lock no. \(key.lockNo)") }
                    H.dt { ctx.t("状态变更", "Status since") }; H.dd { time.dateTime(key.statusChangedAt) }
                    if let note = key.note { H.dt { ctx.t("说明", "Note") }; H.dd { note } }
                    if let open {
                        H.dt { ctx.t("持有人", "Holder") }
                        H.dd { H.a(.href("/checkouts/\(open.id!)")) { open.borrowerName }; " · " + ctx.t("预计归还", "due") + " " + time.dateTime(open.expectedReturnAt) }
                    }
                }
            }
            H.div(.class("actions")) {
                if key.status == .inCabinet && Policy.allows(actor, .issueKey, at: property.id) {
                    H.a(.class("button"), .href("/keys/\(key.id!)/issue"), .id("issue-key")) { ctx.t("发放钥匙", "Issue key") }
                }
                if let open, Policy.allows(actor, .receiveKey, at: property.id) {
                    H.a(.class("button"), .href("/checkouts/\(open.id!)")) { ctx.t("办理归还", "Take it back") }
                }
            }
            if key.kind == .spare && key.status == .inCabinet {
                H.section(.class("card")) {
                    H.h2 { ctx.t("备用钥匙手续（KY-6）", "Spare key release (KY-6)") }
                    if releases.isEmpty {
                        H.p(.class("muted")) { ctx.t("客户备用钥匙须先通知保安部，由保安人员在系统中确认后方可发放。", "A customer's spare key is issued only after security is notified and a security staff member confirms here.") }
                        if Policy.allows(actor, .requestSpareKey, at: property.id) {
                            H.form(.method("post"), .action("/keys/\(key.id!)/spare-release")) {
                                ctx.csrfField
                                Layout.field(ctx.t("事由", "Reason"), H.input(.name("reason"), .required))
                                H.button { ctx.t("通知保安部", "Notify security") }
                            }
                        }
                    }
                    for release in releases {
                        H.p {
                            ctx.t("申请人", "Requested by") + " " + release.requestedBy.name + " · " + time.dateTime(release.requestedAt) + " · " + release.reason + " · "
                            if let confirmed = release.confirmedAt { H.strong { ctx.t("保安部已确认", "confirmed by security") + " " + time.dateTime(confirmed) } }
                            else { H.span(.class("overdue")) { ctx.t("等待保安部确认", "waiting for security") } }
                        }
                    }
                }
            }
            if key.status == .inCabinet || key.status == .out {
                H.details(.class("card")) {
                    H.summary { ctx.t("损坏或丢失", "Damaged or lost") }
                    if key.status == .inCabinet && Policy.allows(actor, .withdrawKey, at: property.id) {
                        H.form(.method("post"), .action("/keys/\(key.id!)/withdraw")) {
                            ctx.csrfField
                            Layout.field(ctx.t("损坏情况", "What is damaged"), H.input(.name("reason"), .required))
                            H.button(.class("danger"), .data("confirm", ctx.t("停用后此钥匙不能再发放，确定？", "A withdrawn key can never be issued again. Continue?"))) { ctx.t("损坏停用（KY-4）", "Withdraw as damaged (KY-4)") }
                        }
                    }
                    if Policy.allows(actor, .reportKeyLoss, at: property.id) {
                        H.form(.method("post"), .action("/keys/\(key.id!)/report-loss")) {
                            ctx.csrfField
                            Layout.field(ctx.t("丢失经过", "How it was lost"), H.input(.name("reason"), .required))
                            H.button(.class("danger"), .data("confirm", ctx.t("报失将通知经理和保安部并开立换锁任务，确定？", "This notifies the manager and security and opens a lock change. Continue?"))) { ctx.t("报失（KY-5）", "Report lost (KY-5)") }
                        }
                    }
                }
            }
            if key.status == .withdrawnDamaged && Policy.allows(actor, .requestLockChange, at: property.id) {
                H.form(.class("card"), .method("post"), .action("/keys/\(key.id!)/lock-change")) {
                    ctx.csrfField
                    H.p(.class("muted")) { ctx.t("损坏的钥匙不得配制；需要新钥匙时须换锁，换锁完成时登记新钥匙（KY-5）。", "A damaged key is never copied; new keys come with a new lock, registered when it is changed (KY-5).") }
                    Layout.field(ctx.t("换锁原因", "Why the lock is changed"), H.input(.name("reason"), .required, .value(key.note ?? "")))
                    H.button { ctx.t("申请换锁", "Ask for a lock change") }
                }
            }
            H.h2 { ctx.t("领用记录", "Checkouts") }
            checkoutTable(ctx, checkouts, time: time, showKey: false)
            Layout.history(ctx, events, time: time)
        }
    }

    static func checkoutTable(_ ctx: ViewContext, _ rows: [KeyCheckout], time: LocalTime, showKey: Bool) -> Node {
        if rows.isEmpty { return H.p(.class("muted")) { ctx.t("暂无领用记录", "No checkouts yet") } }
        return H.table(.class("stack")) {
            H.thead { H.tr {
                if showKey { H.th { ctx.t("钥匙", "Key") } }
                H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("事由", "Purpose") }; H.th { ctx.t("领用时间", "Issued") }
                H.th { ctx.t("预计归还", "Due back") }; H.th { ctx.t("归还", "Returned") }; H.th { ctx.t("发放人", "Issued by") }
            } }
            H.tbody {
                for row in rows {
                    H.tr {
                        if showKey { Layout.cell(ctx.t("钥匙", "Key")) { row.key.tag } }
                        Layout.cell(ctx.t("领用人", "Borrower")) { H.a(.href("/checkouts/\(row.id!)")) { row.borrowerName } }
                        Layout.cell(ctx.t("事由", "Purpose")) { row.purpose }
                        Layout.cell(ctx.t("领用时间", "Issued")) { time.dateTime(row.issuedAt) }
                        Layout.cell(ctx.t("预计归还", "Due back")) { time.dateTime(row.expectedReturnAt) }
                        Layout.cell(ctx.t("归还", "Returned")) {
                            if let returned = row.returnedAt { time.dateTime(returned) + " " + (row.outcome.map { ctx.t($0.title) } ?? "") }
                            else if row.isOverdue(at: ctx.now) { H.span(.class("overdue")) { ctx.t("逾期未还", "overdue") } }
                            else { ctx.t("借出中", "out") }
                        }
                        Layout.cell(ctx.t("发放人", "Issued by")) { row.issuedBy.name }
                    }
                }
            }
        }
    }

    // MARK: Issue

    @Sendable static func issueForm(req: Request) async throws -> Response {
        try await renderIssueForm(req, input: IssueKeyInput(), error: nil)
    }

    static func renderIssueForm(_ req: Request, input: IssueKeyInput, error: WuyeError?) async throws -> Response {
        let actor = try req.actor
        let key = try await KeyCabinet.findKey(req.parameters.get("keyID", as: UUID.self), on: req.db)
        let property = try await KeyQueries.property(key.$property.id, for: actor, action: .issueKey, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        let staffIDs = try await StaffProperty.query(on: req.db).filter(\.$property.$id == property.id!).all().map { $0.$staff.id }
        let colleagues = try await Staff.query(on: req.db).filter(\.$id ~~ staffIDs).filter(\.$isActive == true).filter(\.$id != actor.id).sort(\.$name).all()
        let outsider = input.borrowerKind == "outsider"
        let defaultReturn = time.inputValue(ctx.now.addingTimeInterval(2 * 3600))
        func value(_ field: String?) -> String { field ?? "" }

        let response = Layout.page(ctx, title: ctx.t("发放钥匙", "Issue key")) {
            H.h1 { ctx.t("发放钥匙", "Issue key") + " " + key.tag }
            H.p(.class("muted")) { unitLabel + " · " + ctx.t(key.kind.title) + " · " + ctx.t("发放人", "Issued by") + " " + actor.name }
            if let error {
                H.p(.class("error-box"), .attr("role", "alert")) { ctx.t(error.messageWithRule) }
            }
            H.form(.method("post"), .action("/keys/\(key.id!)/issue"), .id("issue-form")) {
                ctx.csrfField
                H.fieldset {
                    H.legend { ctx.t("领用人", "Borrower") }
                    H.label { H.input(.type("radio"), .name("borrowerKind"), .value("staff"), .data("borrower-kind", "1"), .when(!outsider, .checked)); " " + ctx.t("本项目员工", "Staff of this property") }
                    " "
                    H.label { H.input(.type("radio"), .name("borrowerKind"), .value("outsider"), .data("borrower-kind", "1"), .when(outsider, .checked)); " " + ctx.t("外来人员（如施工单位）", "Outside person (e.g. contractor)") }
                    H.div(.data("for-kind", "staff")) {
                        Layout.field(ctx.t("员工", "Staff member"), H.select(.name("borrowerStaffID"), .id("borrowerStaffID")) {
                            H.option(.value("")) { ctx.t("请选择", "Choose") }
                            for person in colleagues {
                                if person.id?.uuidString == input.borrowerStaffID { H.option(.value(person.id!.uuidString), .selected) { person.name } }
                                else { H.option(.value(person.id!.uuidString)) { person.name } }
                            }
                        })
                    }
                    H.div(.data("for-kind", "outsider")) {
                        Layout.field(ctx.t("姓名", "Name"), H.input(.name("borrowerName"), .value(value(input.borrowerName))))
                        Layout.field(ctx.t("单位", "Company"), H.input(.name("borrowerCompany"), .value(value(input.borrowerCompany))))
                        Layout.field(ctx.t("电话", "Phone"), H.input(.name("borrowerPhone"), .type("tel"), .attr("inputmode", "tel"), .value(value(input.borrowerPhone))))
                        Layout.field(ctx.t("证件号码", "ID number"), H.input(.name("borrowerIDNumber"), .value(value(input.borrowerIDNumber))))
                    }
                }
                Layout.field(ctx.t("事由", "Purpose"), H.input(.name("purpose"), .id("purpose"), .required, .value(value(input.purpose)), .attr("maxlength", "200"), .attr("list", "purposes")))
                H.el("datalist", [.id("purposes")]) {
                    for purpose in ["业主委托开门验房", "维修漏水", "空调检修", "业主委托保洁", "抄水电表", "装修巡查", "更换灯具"] { H.option(.value(purpose)) }
                }
                Layout.field(ctx.t("预计归还时间", "Expected return"), hint: ctx.t("按项目当地时间", "Local time at the property"),
                             H.input(.name("expectedReturnAt"), .id("expectedReturnAt"), .type("datetime-local"), .required, .value(input.expectedReturnAt ?? defaultReturn)))
                H.div(.class("field")) {
                    H.span { ctx.t("领用人签字", "Borrower's signature") }
                    H.canvas(.class("sig"), .id("sig"), .data("input", "signature"), .attr("aria-label", ctx.t("在此签名", "Sign here")))
                    H.input(.type("hidden"), .name("signature"), .id("signature"))
                    H.small { ctx.t("员工也可稍后在自己的账号中确认；外来人员须当场签字。", "Staff may instead confirm later in their own account; an outside person must sign here.") + " " }
                    H.a(.href("#"), .data("clear", "sig")) { ctx.t("清除签名", "Clear") }
                }
                H.button(.id("issue-submit")) { ctx.t("确认发放", "Issue") }
            }
        }
        if error != nil { response.status = error!.status }
        return response
    }

    @Sendable static func issue(req: Request) async throws -> Response {
        let (input, problem) = try req.formInput(IssueKeyInput.self)
        do {
            if let problem { throw problem }
            let checkout = try await KeyCabinet.issue(keyID: req.parameters.get("keyID", as: UUID.self), input, on: req)
            req.flash(Text("已发放给 \(checkout.borrowerName)，已记入领用登记表", "Issued to \(checkout.borrowerName) and written in the ledger"))
            return req.redirect(to: "/checkouts/\(checkout.id!)", redirectType: .normal)
        } catch let error as WuyeError where error.status.code >= 400 && error.status.code < 500 && error.status != .forbidden && error.status != .notFound {
            return try await renderIssueForm(req, input: input, error: error)
        }
    }

    // MARK: One checkout

    @Sendable static func checkoutDetail(req: Request) async throws -> Response {
        let actor = try req.actor
        let checkoutID = req.parameters.get("checkoutID", as: UUID.self)
        var revealed: (phone: String?, idNumber: String?)?
        if req.method == .POST {
            revealed = try await KeyCabinet.revealBorrower(checkoutID: checkoutID, on: req)
        }
        let checkout = try await KeyCabinet.findCheckout(checkoutID, on: req.db)
        let property = try await KeyQueries.property(checkout.$property.id, for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        try await checkout.$issuedBy.load(on: req.db)
        try await checkout.$receivedBy.load(on: req.db)
        let unitLabel = try await UnitLabel.of(unitID: checkout.key.$unit.id, on: req.db)
        let events = try await AuditLog.history(recordType: KeyCheckout.auditType, recordID: checkout.id!, on: req.db)

        return Layout.page(ctx, title: ctx.t("领用记录", "Checkout")) {
            H.h1 { ctx.t("领用记录", "Checkout") + " · " + checkout.key.tag }
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("checkout-facts")) {
                    H.dt { ctx.t("钥匙", "Key") }; H.dd { H.a(.href("/keys/\(checkout.key.id!)")) { checkout.key.tag }; " · " + unitLabel }
                    H.dt { ctx.t("领用人", "Borrower") }; H.dd { checkout.borrowerName + (checkout.borrowerCompany.map { "（\($0)）" } ?? "") }
                    if checkout.isOutsider {
                        H.dt { ctx.t("电话", "Phone") }; H.dd { revealed?.phone ?? Mask.phone(checkout.borrowerPhone) ?? "—" }
                        H.dt { ctx.t("证件号码", "ID number") }; H.dd { revealed?.idNumber ?? Mask.idNumber(checkout.borrowerIDNumber) ?? "—" }
                    }
                    H.dt { ctx.t("事由", "Purpose") }; H.dd { checkout.purpose }
                    H.dt { ctx.t("领用时间", "Issued") }; H.dd { time.dateTime(checkout.issuedAt) + " · " + ctx.t("发放人", "by") + " " + checkout.issuedBy.name }
                    H.dt { ctx.t("预计归还", "Due back") }
                    H.dd { if checkout.isOverdue(at: ctx.now) { H.span(.class("overdue")) { time.dateTime(checkout.expectedReturnAt) + " " + ctx.t("逾期", "overdue") } } else { time.dateTime(checkout.expectedReturnAt) } }
                    H.dt { ctx.t("领用人确认", "Borrower confirmed") }
                    H.dd {
                        if let confirmed = checkout.confirmedAt {
                            time.dateTime(confirmed) + " · " + (checkout.confirmation == .signature ? ctx.t("当场签字", "signed on screen") : ctx.t("本人账号确认", "in own session"))
                        } else { H.span(.class("overdue")) { ctx.t("待领用人确认", "waiting for the borrower") } }
                    }
                    if let returned = checkout.returnedAt {
                        H.dt { ctx.t("归还", "Returned") }
                        H.dd { time.dateTime(returned) + " · " + (checkout.outcome.map { ctx.t($0.title) } ?? "") + (checkout.receivedBy.map { " · " + ctx.t("接收人", "received by") + " " + $0.name } ?? "") }
                        if let note = checkout.returnNote { H.dt { ctx.t("备注", "Note") }; H.dd { note } }
                    }
                }
                if let signature = checkout.signature {
                    H.img(.attr("src", signature), .attr("alt", ctx.t("领用人签字", "Borrower's signature")), .class("sig-img"))
                }
            }
            H.div(.class("actions")) {
                if checkout.isOutsider && revealed == nil && Policy.allows(actor, .revealPersonalData, at: property.id) {
                    Layout.postButton(ctx, action: "/checkouts/\(checkout.id!)/reveal", label: ctx.t("显示完整证件与电话（记入审计）", "Show full ID and phone (audited)"))
                }
                if checkout.confirmedAt == nil && checkout.$borrowerStaff.id == actor.id {
                    Layout.postButton(ctx, action: "/checkouts/\(checkout.id!)/confirm", label: ctx.t("我确认已领取此钥匙", "I confirm I took this key"), style: "")
                }
            }
            if checkout.isOpen && Policy.allows(actor, .receiveKey, at: property.id) {
                H.section(.class("card")) {
                    H.h2 { ctx.t("归还", "Return") }
                    H.form(.method("post"), .action("/checkouts/\(checkout.id!)/return"), .id("return-form")) {
                        ctx.csrfField
                        H.fieldset {
                            H.legend { ctx.t("钥匙状况", "Condition") }
                            H.label { H.input(.type("radio"), .name("condition"), .value("good"), .checked); " " + ctx.t("完好", "Good") }
                            " "
                            H.label { H.input(.type("radio"), .name("condition"), .value("damaged")); " " + ctx.t("损坏（立即停用）", "Damaged (withdrawn at once)") }
                        }
                        Layout.field(ctx.t("备注", "Note"), hint: ctx.t("损坏时必填", "Required if damaged"), H.input(.name("note")))
                        H.button(.id("return-submit")) { ctx.t("确认归还", "Take back") }
                    }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }

    // MARK: Ledger (KY-2, X-3)

    static let printFlag = InputField.choice(["0", "1"], label: Text("打印", "print"))

    @Sendable static func ledger(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let range = try KeyQueries.range(from: try req.queryValue("from", KeysAPI.Query.from), to: try req.queryValue("to", KeysAPI.Query.to), time: time, now: ctx.now)
        let printing = try req.queryValue("print", printFlag) == "1"
        let paging = printing ? Paging(page: 1, per: 2000) : try Paging.from(req, per: 100, fixedPer: true)
        let (page, per) = (paging.page, paging.per)
        let (rows, total) = try await KeyQueries.ledger(propertyID: property.id!, from: range.from, to: range.to, paging: paging, on: req.db)
        let base = "/properties/\(property.id!)/ledger?from=\(range.fromText)&to=\(range.toText)"

        return Layout.page(ctx, title: ctx.t("钥匙领用登记表", "Key checkout ledger"), wide: true) {
            H.h1 { ctx.t("钥匙领用登记表", "Key checkout ledger") }
            H.p(.class("print-only")) { ctx.t("项目：", "Property: ") + property.name + "　" + ctx.t("日期：", "Dates: ") + range.fromText + " — " + range.toText }
            H.form(.class("filters"), .method("get"), .action("/properties/\(property.id!)/ledger")) {
                H.label { H.span(.class("muted")) { ctx.t("从", "From") + " " }; H.input(.type("date"), .name("from"), .value(range.fromText)) }
                H.label { H.span(.class("muted")) { ctx.t("到", "To") + " " }; H.input(.type("date"), .name("to"), .value(range.toText)) }
                H.button { ctx.t("查询", "Show") }
                H.a(.class("button secondary"), .href(base + "&print=1"), .id("print-view")) { ctx.t("打印版", "Print view") }
                H.a(.class("button secondary"), .href("/properties/\(property.id!)/ledger.csv?from=\(range.fromText)&to=\(range.toText)")) { ctx.t("导出 CSV", "Export CSV") }
            }
            if printing {
                H.p(.class("no-print")) { H.button(.data("print", "1")) { ctx.t("打印", "Print") } }
                if total > rows.count { H.p(.class("error-box")) { ctx.t("打印版最多 \(per) 行，请缩小日期范围", "The print view shows at most \(per) rows; narrow the dates") } }
            }
            H.table(.class(printing ? "ledger" : "ledger stack"), .id("ledger")) {
                H.thead { H.tr {
                    H.th { ctx.t("序号", "No.") }; H.th { ctx.t("领用时间", "Issued") }; H.th { ctx.t("钥匙编号", "Tag") }; H.th { ctx.t("房号", "Unit") }
                    H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("事由", "Purpose") }; H.th { ctx.t("预计归还", "Due back") }
                    H.th { ctx.t("归还时间", "Returned") }; H.th { ctx.t("发放人", "Issued by") }; H.th { ctx.t("接收人", "Received by") }; H.th { ctx.t("领用人签字", "Signature") }
                } }
                H.tbody {
                    for (index, row) in rows.enumerated() {
                        H.tr {
                            Layout.cell(ctx.t("序号", "No.")) { "\((printing ? 0 : (page - 1) * per) + index + 1)" }
                            Layout.cell(ctx.t("领用时间", "Issued")) { time.dateTime(row.issuedAt) }
                            Layout.cell(ctx.t("钥匙编号", "Tag")) { H.a(.href("/checkouts/\(row.id!)")) { row.key.tag } }
                            Layout.cell(ctx.t("房号", "Unit")) { UnitLabel.of(row.key.unit) }
                            Layout.cell(ctx.t("领用人", "Borrower")) { row.borrowerName + (row.borrowerCompany.map { "（\($0)）" } ?? "") }
                            Layout.cell(ctx.t("事由", "Purpose")) { row.purpose }
                            Layout.cell(ctx.t("预计归还", "Due back")) { time.dateTime(row.expectedReturnAt) }
                            Layout.cell(ctx.t("归还时间", "Returned")) {
                                if let returned = row.returnedAt { time.dateTime(returned) + (row.outcome == .returned ? "" : " " + (row.outcome.map { ctx.t($0.title) } ?? "")) }
                                else if row.isOverdue(at: ctx.now) { H.span(.class("overdue")) { ctx.t("逾期未还", "overdue") } }
                                else { "" }
                            }
                            Layout.cell(ctx.t("发放人", "Issued by")) { row.issuedBy.name }
                            Layout.cell(ctx.t("接收人", "Received by")) { row.receivedBy?.name ?? "" }
                            Layout.cell(ctx.t("领用人签字", "Signature")) {
                                if let signature = row.signature { H.img(.attr("src", signature), .attr("alt", row.borrowerName), .class("sig-inline")) }
                                else if row.confirmation == .session { ctx.t("账号确认", "confirmed") }
                                else { "" }
                            }
                        }
                    }
                }
            }
            if rows.isEmpty { H.p(.class("muted")) { ctx.t("此期间没有领用记录", "No checkouts in these dates") } }
            if !printing { Layout.pager(ctx, page: page, per: per, total: total, base: base) }
            H.p(.class("print-only")) { ctx.t("客服部领班签字：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", "Customer-service foreman: ____________   Date: ________") }
        }
    }

    @Sendable static func ledgerCSV(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let time = property.localTime
        let range = try KeyQueries.range(from: try req.queryValue("from", KeysAPI.Query.from), to: try req.queryValue("to", KeysAPI.Query.to), time: time, now: req.now)
        let csv = try await KeyQueries.ledgerCSV(propertyID: property.id!, from: range.from, to: range.to, time: time, language: req.language, on: req.db)
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"key-ledger-\(property.code)-\(range.fromText)-\(range.toText).csv\"")
        return response
    }

    // MARK: Lock changes (KY-5)

    @Sendable static func lockChanges(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let tasks = try await LockChange.query(on: req.db).filter(\.$property.$id == property.id!)
            .sort(\.$reportedAt, .descending).limit(200)
            .with(\.$unit) { $0.with(\.$building) }.with(\.$lostKey).with(\.$reportedBy).all()
        return Layout.page(ctx, title: ctx.t("换锁任务", "Lock changes")) {
            H.h1 { ctx.t("换锁任务", "Lock changes") }
            H.p(.class("muted")) { ctx.t("钥匙丢失后须尽快更换门锁；换锁完成时旧锁的全部钥匙作废，并登记新钥匙。决不许自行配制钥匙（KY-5）。", "After a key is lost the lock is changed as soon as possible; on completion every key of the old lock is retired and the new keys are registered. Copies are never made (KY-5).") }
            if tasks.isEmpty { H.p(.class("muted")) { ctx.t("暂无换锁任务", "No lock changes") } }
            else {
                H.table(.class("stack")) {
                    H.thead { H.tr { H.th { ctx.t("房号", "Unit") }; H.th { ctx.t("丢失钥匙", "Lost key") }; H.th { ctx.t("报告", "Reported") }; H.th { ctx.t("状态", "Status") } } }
                    H.tbody {
                        for task in tasks {
                            H.tr {
                                Layout.cell(ctx.t("房号", "Unit")) { H.a(.href("/lock-changes/\(task.id!)")) { UnitLabel.of(task.unit) } }
                                Layout.cell(ctx.t("丢失钥匙", "Lost key")) { task.lostKey.tag }
                                Layout.cell(ctx.t("报告", "Reported")) { time.dateTime(task.reportedAt) + " · " + task.reportedBy.name }
                                Layout.cell(ctx.t("状态", "Status")) {
                                    if let done = task.completedAt { ctx.t("已换锁", "Done") + " " + time.dateTime(done) } else { H.span(.class("overdue")) { ctx.t("待换锁", "Open") } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Sendable static func lockChangeDetail(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("taskID", as: UUID.self),
              let task = try await LockChange.query(on: req.db).filter(\.$id == id).with(\.$unit, { $0.with(\.$building) }).with(\.$lostKey).with(\.$reportedBy).with(\.$completedBy).first() else {
            throw WuyeError.notFound(Text("换锁任务", "lock change"))
        }
        let property = try await KeyQueries.property(task.$property.id, for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let unitKeys = try await RoomKey.query(on: req.db).filter(\.$unit.$id == task.$unit.id).sort(\.$lockNo).sort(\.$tag).all()
        let events = try await AuditLog.history(recordType: LockChange.auditType, recordID: task.id!, on: req.db)
        return Layout.page(ctx, title: ctx.t("换锁任务", "Lock change")) {
            H.h1 { ctx.t("换锁任务", "Lock change") + " · " + UnitLabel.of(task.unit) }
            H.div(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("丢失钥匙", "Lost key") }; H.dd { H.a(.href("/keys/\(task.lostKey.id!)")) { task.lostKey.tag } }
                    H.dt { ctx.t("报告人", "Reported by") }; H.dd { task.reportedBy.name + " · " + time.dateTime(task.reportedAt) }
                    H.dt { ctx.t("经过", "What happened") }; H.dd { task.note }
                    H.dt { ctx.t("状态", "Status") }
                    H.dd { if let done = task.completedAt { ctx.t("已换锁", "Lock changed") + " " + time.dateTime(done) + (task.completedBy.map { " · " + $0.name } ?? "") } else { H.span(.class("overdue")) { ctx.t("待换锁", "Waiting for the lock change") } } }
                }
            }
            H.h2 { ctx.t("该房号的钥匙", "Keys of this unit") }
            H.ul { for key in unitKeys { H.li { H.a(.href("/keys/\(key.id!)")) { key.tag }; " · " + ctx.t("第 \(key.lockNo) 把锁", "lock \(key.lockNo)") + " · "; statusBadge(ctx, key.status) } } }
            if task.isOpen && !Policy.allows(actor, .completeLockChange, at: property.id) {
                H.p(.class("muted")) { ctx.t("换锁完成后，由客服部主管以上或工程部领班以上在此登记新钥匙。", "When the lock is changed, a customer-service supervisor or above, or an engineering foreman or above, records it here with the new keys.") }
            }
            if task.isOpen && Policy.allows(actor, .completeLockChange, at: property.id) {
                H.section(.class("card")) {
                    H.h2 { ctx.t("登记换锁完成", "Record the lock change") }
                    H.p(.class("muted")) { ctx.t("旧锁全部钥匙将作废。请登记新锁的钥匙：", "Every key of the old lock will be retired. Register the new lock's keys:") }
                    H.form(.method("post"), .action("/lock-changes/\(task.id!)/complete")) {
                        ctx.csrfField
                        newKeyRows(ctx, count: 3)
                        H.button { ctx.t("完成换锁", "Lock changed") }
                    }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }

    /// Rows of tag / hook / kind inputs named tag1, hook1, kind1 …
    static func newKeyRows(_ ctx: ViewContext, count: Int) -> Node {
        H.table {
            H.thead { H.tr { H.th { ctx.t("钥匙编号", "Tag") }; H.th { ctx.t("挂钩", "Hook") }; H.th { ctx.t("类型", "Kind") } } }
            H.tbody {
                for index in 1...count {
                    H.tr {
                        H.td { H.input(.name("tag\(index)"), .attr("aria-label", ctx.t("钥匙编号", "Tag") + " \(index)")) }
                        H.td { H.input(.name("hook\(index)"), .attr("aria-label", ctx.t("挂钩", "Hook") + " \(index)")) }
                        H.td { H.select(.name("kind\(index)")) {
                            H.option(.value("room")) { ctx.t("房间钥匙", "Room key") }
                            H.option(.value("spare")) { ctx.t("备用钥匙", "Spare key") }
                        } }
                    }
                }
            }
        }
    }

    /// Up to four rows of tag / hook / kind on one form.
    struct NewKeyRowsForm: CheckedInput {
        var tag1: String?, hook1: String?, kind1: String?
        var tag2: String?, hook2: String?, kind2: String?
        var tag3: String?, hook3: String?, kind3: String?
        var tag4: String?, hook4: String?, kind4: String?
        var unitID: String?

        static let schema: InputSchema = {
            let key = KeyRules.NewKey.schema
            var fields: [(String, InputField)] = []
            for row in 1...4 {
                for (name, field) in key.fields { fields.append(("\(name)\(row)", field)) }
            }
            fields.append(("unitID", InputField(.uuid, label: Text("房号", "unitID"), rule: "KY-1")))
            return InputSchema("NewKeyRowsForm", fields)
        }()
    }

    static func newKeys(from req: Request) throws -> [KeyRules.NewKey] {
        let form = try req.input(NewKeyRowsForm.self)
        let rows = [(form.tag1, form.hook1, form.kind1), (form.tag2, form.hook2, form.kind2), (form.tag3, form.hook3, form.kind3), (form.tag4, form.hook4, form.kind4)]
        return rows.filter { Input.text($0.0) != nil || Input.text($0.1) != nil }.map { KeyRules.NewKey(tag: $0.0, hook: $0.1, kind: $0.2) }
    }

    @Sendable static func registerForm(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .registerKeys, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let withKeys = Set(try await RoomKey.query(on: req.db).filter(\.$property.$id == property.id!).filter(\.$status != .retired).field(\.$unit.$id).all().map { $0.$unit.id })
        let units = try await Unit.query(on: req.db).filter(\.$property.$id == property.id!).with(\.$building).all()
            .filter { !withKeys.contains($0.id!) }.sorted { UnitLabel.of($0) < UnitLabel.of($1) }
        return Layout.page(ctx, title: ctx.t("登记钥匙", "Register keys")) {
            H.h1 { ctx.t("登记钥匙", "Register keys") }
            H.p(.class("muted")) { ctx.t("只能为尚无钥匙的房号登记原锁钥匙；丢失后的新钥匙随换锁任务登记（KY-5）。", "Only units without keys can have their lock's keys registered here; after a loss, new keys come with the lock change (KY-5).") }
            if units.isEmpty { H.p { ctx.t("所有房号都已登记钥匙", "Every unit already has its keys registered") } }
            else {
                H.form(.method("post"), .action("/properties/\(property.id!)/register-keys")) {
                    ctx.csrfField
                    Layout.field(ctx.t("房号", "Unit"), H.select(.name("unitID"), .required) { for unit in units { H.option(.value(unit.id!.uuidString)) { UnitLabel.of(unit) } } })
                    newKeyRows(ctx, count: 4)
                    H.button { ctx.t("登记", "Register") }
                }
            }
        }
    }

    @Sendable static func registerKeys(req: Request) async throws -> Response {
        let propertyID = req.parameters.get("propertyID") ?? ""
        return try await req.pageAction(back: "/properties/\(propertyID)/register-keys") {
            let form = try req.input(NewKeyRowsForm.self)
            let keys = try await KeyCabinet.registerKeys(unitID: try Input.uuid(form.unitID, field: "unitID"), NewKeysInput(keys: newKeys(from: req)), on: req)
            return (Text("已登记 \(keys.count) 把钥匙", "\(keys.count) keys registered"), "/properties/\(propertyID)/keys")
        }
    }

    // MARK: Spare releases (KY-6)

    @Sendable static func spareReleases(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req.db)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let releases = try await SpareKeyRelease.query(on: req.db).filter(\.$property.$id == property.id!)
            .sort(\.$requestedAt, .descending).limit(200)
            .with(\.$key) { $0.with(\.$unit) { $0.with(\.$building) } }.with(\.$requestedBy).with(\.$confirmedBy).all()
        let mayConfirm = Policy.allows(actor, .confirmSpareKey, at: property.id)
        return Layout.page(ctx, title: ctx.t("备用钥匙手续", "Spare key releases")) {
            H.h1 { ctx.t("备用钥匙手续", "Spare key releases") }
            H.p(.class("muted")) { ctx.t("客户需要使用公司的备用钥匙时，须及时通知保安部办理相关手续（KY-6）。", "Before a customer's spare key is used, security is notified and completes its procedure (KY-6).") }
            if releases.isEmpty { H.p(.class("muted")) { ctx.t("暂无申请", "No requests") } }
            else {
                H.table(.class("stack")) {
                    H.thead { H.tr { H.th { ctx.t("钥匙", "Key") }; H.th { ctx.t("申请", "Requested") }; H.th { ctx.t("事由", "Reason") }; H.th { ctx.t("保安部确认", "Security") } } }
                    H.tbody {
                        for release in releases {
                            H.tr {
                                Layout.cell(ctx.t("钥匙", "Key")) { H.a(.href("/keys/\(release.key.id!)")) { release.key.tag }; " " + UnitLabel.of(release.key.unit) }
                                Layout.cell(ctx.t("申请", "Requested")) { release.requestedBy.name + " · " + time.dateTime(release.requestedAt) }
                                Layout.cell(ctx.t("事由", "Reason")) { release.reason }
                                Layout.cell(ctx.t("保安部确认", "Security")) {
                                    if let confirmed = release.confirmedAt {
                                        (release.confirmedBy?.name ?? "") + " · " + time.dateTime(confirmed) + (release.usedByCheckoutID != nil ? " · " + ctx.t("已使用", "used") : "")
                                    } else if mayConfirm && release.$requestedBy.id != actor.id {
                                        Layout.postButton(ctx, action: "/spare-releases/\(release.id!)/confirm", label: ctx.t("确认手续", "Confirm"), style: "")
                                    } else {
                                        H.span(.class("overdue")) { ctx.t("等待保安部确认", "Waiting for security") }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
