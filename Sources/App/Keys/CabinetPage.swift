import Fluent
import Vapor

/// 钥匙柜 — every key of a property, found the way people look for one, with
/// who holds it now (KY-1, KY-7); several can be picked for one issue or
/// return. And 逾期未还, the keys out past their return.
enum CabinetPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "keys", use: cabinet)
        pages.get("properties", ":propertyID", "keys", "overdue", use: overdue)
    }

    @Sendable static func cabinet(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let filter = try KeyQueries.CabinetFilter(req)
        let paging = try Paging.from(req, per: 50, fixedPer: true)
        let (rows, total) = try await KeyQueries.cabinet(propertyID: property.id, filter: filter, actorID: actor.id, time: time, now: ctx.now,
                                                         paging: paging, on: req.db)
        let counts = try await KeyQueries.counts(propertyID: property.id, now: ctx.now, on: req.db)
        let custodian = try await HandoverQueries.custodian(property: property, now: ctx.now, on: req.db)
        let base = "/properties/\(property.id)/keys"
        let mayIssue = ctx.may(.issueKey, at: property.id), mayReceive = ctx.may(.receiveKey, at: property.id)

        func link(to page: String = base, status: KeyStatus? = filter.status, view: KeyQueries.QuickView? = filter.view) -> String {
            var query: [String] = []
            if let status { query.append("status=\(status.rawValue)") }
            if let view { query.append("view=\(view.rawValue)") }
            if let search = filter.search { query.append("q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            return page + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }

        return Layout.page(ctx, title: ctx.t("钥匙柜", "Key cabinet"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("钥匙柜", "Key cabinet") }
            // 工作时间内由客服部当班领班负责 (KY-3): who holds it now, from the last handover that counted it.
            H.p(.class("muted"), .id("custodian")) {
                // One line on a phone, so the keys keep their room; the ledger shows the marking anyway.
                if custodian.controlRoom {
                    ctx.t("非工作时间：钥匙柜由安管部监控室负责", "After hours: the security control room holds the cabinet")
                    H.span(.class("wide-only")) { ctx.t("，此时发放的钥匙在台账上标为“非工作时间”。", "; keys issued now are marked after hours in the ledger.") }
                }
                else if let name = custodian.name { ctx.t("当前保管人：", "Custodian now: ") + name + (custodian.since.map { ctx.t("（\(property.localTime.dateTime($0)) 交接接班）", " (since the handover at \(property.localTime.dateTime($0)))") } ?? "") }
                else { ctx.t("当前保管人：客服部当班领班（尚无交接记录）", "Custodian now: the customer-service foreman on duty (no handover recorded yet)") }
            }
            H.div(.class("stats")) {
                H.a(.href(base + "?status=in_cabinet")) { H.strong { "\(counts.byStatus[.inCabinet] ?? 0)" }; ctx.t("在柜", "In") }
                H.a(.href(base + "?status=out")) { H.strong { "\(counts.byStatus[.out] ?? 0)" }; ctx.t("借出", "Out") }
                H.a(.href(base + "?view=overdue"), .class(counts.overdue > 0 ? "overdue" : "")) { H.strong { "\(counts.overdue)" }; ctx.t("逾期", "Late") }
                H.a(.href(base + "?status=withdrawn_damaged")) { H.strong { "\(counts.byStatus[.withdrawnDamaged] ?? 0)" }; ctx.t("损坏", "Damaged") }
                H.a(.href(base + "?status=lost")) { H.strong { "\(counts.byStatus[.lost] ?? 0)" }; ctx.t("丢失", "Lost") }
            }
            H.form(.class("search"), .method("get"), .action(base), .attr("role", "search")) {
                H.label(.for("cabinet-q"), .class("visually-hidden")) { ctx.t("查找钥匙", "Find a key") }
                H.input(.type("search"), .name("q"), .id("cabinet-q"), .value(filter.search ?? ""), .attr("maxlength", "100"),
                        .placeholder(ctx.t("编号、房号（如 1栋0201）或持有人", "Tag, unit (e.g. 1栋0201) or holder")))
                H.label(.for("cabinet-status"), .class("visually-hidden")) { ctx.t("状态", "Status") }
                H.select(.name("status"), .id("cabinet-status")) {
                    H.option(.value("")) { ctx.t("全部状态", "Any status") }
                    for option in KeyStatus.allCases {
                        H.option(.value(option.rawValue), .when(option == filter.status, .selected)) { ctx.t(option.title) }
                    }
                }
                if let view = filter.view { H.input(.type("hidden"), .name("view"), .value(view.rawValue)) }
                H.button { ctx.t("查找", "Find") }
            }
            H.nav(.class("chips"), .attr("aria-label", ctx.t("快捷筛选", "Quick views"))) {
                H.a(.href(link(view: nil)), .when(filter.view == nil, .attr("aria-current", "true"))) { ctx.t("全部", "All") }
                for view in KeyQueries.QuickView.allCases {
                    H.a(.href(link(view: view)), .when(filter.view == view, .attr("aria-current", "true"))) { ctx.t(view.title) }
                }
            }
            if rows.isEmpty {
                H.p(.class("empty-state")) { ctx.t("没有符合条件的钥匙", "No keys match") }
            } else {
                H.form(.method("get"), .action("/properties/\(property.id)/issue"), .id("cabinet-form")) {
                    H.ul(.class("keys"), .id("cabinet")) {
                        H.li(.class("key-head"), .attr("aria-hidden", "true")) {
                            H.span(.class("pick")); H.span(.class("tag")) { ctx.t("钥匙编号", "Tag") }; H.span(.class("unit")) { ctx.t("房号", "Unit") }
                            H.span(.class("status")) { ctx.t("状态", "Status") }; H.span(.class("kind")) { ctx.t("类型 · 挂钩", "Kind · hook") }
                            H.span(.class("holder")) { ctx.t("持有人 · 预计归还", "Holder · due back") }
                        }
                        Node.written { m in for row in rows { keyRow(&m, ctx, row, time: time, pickable: mayIssue || mayReceive) } }
                    }
                    if mayIssue || mayReceive {
                        H.div(.class("batch-actions")) {
                            if mayIssue { H.button(.class("secondary"), .attr("formaction", "/properties/\(property.id)/issue")) { ctx.t("发放所选", "Issue selected") } }
                            if mayReceive { H.button(.class("secondary"), .attr("formaction", "/properties/\(property.id)/return")) { ctx.t("归还所选", "Take back selected") } }
                            if ctx.may(.printKeyLabels, at: property.id) {
                                H.a(.class("button secondary"), .href(link(to: "/properties/\(property.id)/key-labels"))) { ctx.t("打印标签", "Print labels") }
                            }
                        }
                    }
                }
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: link())
            }
            if ctx.may(.registerKeys, at: property.id) {
                H.p { H.a(.class("button secondary"), .href("/properties/\(property.id)/register-keys")) { ctx.t("登记钥匙", "Register keys") } }
            }
        }
    }

    /// One key: on a phone two short lines that open the key; on a desk a
    /// table row. Written straight into bytes: a page has fifty of these.
    static func keyRow(_ m: inout Markup, _ ctx: ViewContext, _ row: KeyQueries.CabinetRow, time: LocalTime, pickable: Bool) {
        let late = row.isOverdue(at: ctx.now)
        m.element("li", .class(late ? "key-row late" : "key-row"), .data("tag", row.tag), .data("kind", row.kind.rawValue), .data("status", row.status.rawValue)) { m in
            if pickable, row.status == .inCabinet {
                pick(&m, ctx, name: "keys", id: row.id, tag: row.tag)
            } else if pickable, let checkout = row.checkoutID {
                pick(&m, ctx, name: "checkouts", id: checkout, tag: row.tag)
            } else {
                m.element("span", .class("pick"), text: "")
            }
            m.element("a", .class("row-link"), .href("/keys/\(row.id)")) { m in
                m.element("span", .class("tag"), text: row.tag)
                m.element("span", .class("unit"), text: row.unitLabel)
                m.element("span", .class("status")) { m in m.node(KeysPages.statusBadge(ctx, row.status)) }
                m.element("span", .class("kind")) { m in m.text(ctx.t(row.kind.title)); m.text(" · "); m.text(row.hook) }
                if let holder = row.borrowerName, let due = row.expectedReturnAt {
                    m.element("span", .class(late ? "holder overdue" : "holder")) { m in
                        m.text(holder); m.text(" · "); m.text(ctx.t("至 ", "due ")); m.text(time.dateTime(due))
                        if late { m.text(" "); m.text(ctx.t("逾期", "overdue")) }
                    }
                } else {
                    m.element("span", .class("holder empty"), text: "")
                }
            }
        }
    }

    /// The box that picks a row for a batch issue (a key) or return (its checkout).
    private static func pick(_ m: inout Markup, _ ctx: ViewContext, name: String, id: UUID, tag: String) {
        m.element("label", .class("pick")) { m in
            m.void("input", .type("checkbox"), .name(name), .value(id.text))
            m.element("span", .class("visually-hidden")) { m in m.text(ctx.t("选择 ", "Select ")); m.text(tag) }
        }
    }

    // MARK: 逾期未还

    @Sendable static func overdue(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let rows = try await KeyQueries.overdue(propertyID: property.id, now: ctx.now, on: req.db)
        let mayChase = ctx.may(.chaseKey, at: property.id)
        return Layout.page(ctx, title: ctx.t("逾期未还", "Overdue keys")) {
            H.h1 { ctx.t("逾期未还的钥匙", "Overdue keys") }
            if rows.isEmpty {
                H.p(.class("empty-state")) { ctx.t("没有逾期的钥匙", "No key is overdue") }
            } else {
                H.ul(.class("overdue-list"), .id("overdue")) {
                    for row in rows {
                        H.li(.class("card")) {
                            H.p(.class("line")) {
                                H.a(.href("/checkouts/\(row.id)"), .class("strong-link")) { row.tag + " · " + row.unitLabel }
                                H.span(.class("overdue")) { ctx.t("逾期 ", "late by ") + lateBy(ctx, ctx.now.timeIntervalSince(row.expectedReturnAt)) }
                            }
                            H.p(.class("line muted")) {
                                ctx.t("领用人 ", "Borrower ") + row.borrowerName + (row.borrowerCompany.map { "（\($0)）" } ?? "")
                                + " · " + ctx.t("应于 ", "due ") + time.dateTime(row.expectedReturnAt) + " · " + ctx.t("发放人 ", "issued by ") + row.issuedByName
                            }
                            H.div(.class("actions")) {
                                // The issuer's own contact: the outside borrower's number, whole, to call.
                                if row.issuedByID == actor.id, let phone = row.borrowerPhone { KeysPages.phoneLink(phone) }
                                if mayChase { Layout.postButton(ctx, action: "/checkouts/\(row.id)/chase", label: ctx.t("催还", "Chase")) }
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
}
