import Fluent
import Vapor

/// What every page view needs to know about the request it answers.
public struct ViewContext: Sendable {
    public let language: Language
    public let actor: Actor?
    public let csrf: String
    public let now: Date
    public let path: String
    /// The property the person is working at, for the navigation.
    public let propertyID: UUID?
    /// The properties for the header's switcher: all of them for most
    /// people, only the current one for someone assigned to many.
    public let properties: [(id: UUID, name: String)]
    /// How many properties the person is assigned to.
    public let propertyCount: Int
    public let unread: Int
    public let flash: String?
    public let flashIsError: Bool

    public func t(_ zh: String, _ en: String) -> String { language == .en ? en : zh }
    public func t(_ text: Text) -> String { text.in(language) }

    /// The hidden CSRF field every form carries.
    public var csrfField: Node { H.input(.type("hidden"), .name("_csrf"), .value(csrf)) }
}

extension Request {
    /// Runs a page form's action: on success a flash and a redirect; on a
    /// refusal its message (naming the field and rule) on the page the person
    /// came from.
    func pageAction(back: String, _ body: () async throws -> (Text, String)) async throws -> Response {
        do {
            let (message, target) = try await body()
            flash(message)
            return redirect(to: SafeRedirect.path(target), redirectType: .normal)
        } catch let error as WuyeError where error.status != .internalServerError && error.status != .unauthorized {
            flash(error.messageWithRule, error: true)
            return redirect(to: SafeRedirect.path(back), redirectType: .normal)
        }
    }

    /// Builds the view context: reads (and clears) the flash message and the
    /// navigation's data.
    func viewContext(propertyID: UUID? = nil) async throws -> ViewContext {
        let actor = auth.get(Actor.self)
        var properties: [(UUID, String)] = []
        var unread = 0
        var current = propertyID
        if let actor {
            unread = try await Notifier.unreadCount(for: actor.id, on: db)
            if let current { session.data["property"] = current.uuidString }
            current = current ?? session.data["property"].flatMap(UUID.init(uuidString:)).flatMap { actor.propertyIDs.contains($0) ? $0 : nil }
            if actor.propertyIDs.count <= Layout.switcherLimit {
                let rows = try await Property.query(on: db).filter(\.$id ~~ Array(actor.propertyIDs)).sort(\.$name).all()
                properties = rows.map { ($0.id!, $0.name) }
                current = current ?? properties.first?.0
            } else {
                // Someone who spans hundreds of properties chooses on a page of its own.
                let query = Property.query(on: db)
                if let current { query.filter(\.$id == current) } else { query.filter(\.$id ~~ Array(actor.propertyIDs)).sort(\.$name) }
                if let row = try await query.first() { properties = [(row.id!, row.name)] }
                current = current ?? properties.first?.0
            }
        }
        let flash = session.data["flash"]
        let flashIsError = session.data["flash_error"] == "1"
        if flash != nil {
            session.data["flash"] = nil
            session.data["flash_error"] = nil
        }
        return ViewContext(language: language, actor: actor, csrf: csrfToken, now: now, path: url.path,
                           propertyID: current, properties: properties, propertyCount: actor?.propertyIDs.count ?? 0, unread: unread, flash: flash, flashIsError: flashIsError)
    }

    /// A message for the next page this session opens.
    func flash(_ text: Text, error: Bool = false) {
        session.data["flash"] = text.in(language)
        session.data["flash_error"] = error ? "1" : nil
    }
}

public enum Layout {
    /// Beyond this many properties the header links to a chooser instead of a select.
    static let switcherLimit = 20

    /// A whole page: header with navigation, the flash message, the body.
    public static func page(_ ctx: ViewContext, title: String, wide: Bool = false, @NodeBuilder _ body: () -> [Node]) -> Response {
        let document = H.html(lang: ctx.language == .en ? "en" : "zh-CN") {
            Node.element("head", [], [
                .void("meta", [.attr("charset", "utf-8")]),
                .void("meta", [.name("viewport"), .attr("content", "width=device-width, initial-scale=1")]),
                .element("title", [], [.text(title + " · " + ctx.t("物业", "Wuye"))]),
                .void("link", [.attr("rel", "stylesheet"), .href("/static/app.css")]),
                .void("link", [.attr("rel", "icon"), .href("data:,")]),
            ])
            Node.element("body", [], [
                header(ctx),
                H.main(.class(wide ? "wide" : "")) {
                    if let flash = ctx.flash {
                        H.p(.class(ctx.flashIsError ? "flash error" : "flash"), .attr("role", "status")) { flash }
                    }
                    body()
                },
                .element("script", [.attr("src", "/static/app.js"), .flag("defer")], []),
            ])
        }
        var html = "<!doctype html>"
        document.render(into: &html)
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func header(_ ctx: ViewContext) -> Node {
        H.header(.class("top")) {
            H.a(.class("brand"), .href("/")) { ctx.t("物业", "Wuye") }
            if let actor = ctx.actor {
                if ctx.properties.count > 1, let current = ctx.propertyID {
                    H.form(.class("switch"), .method("get"), .action("/switch-property")) {
                        H.select(.name("property"), .attr("aria-label", ctx.t("项目", "Property")), .data("autosubmit", "1")) {
                            for property in ctx.properties {
                                if property.id == current {
                                    H.option(.value(property.id.uuidString), .selected) { property.name }
                                } else {
                                    H.option(.value(property.id.uuidString)) { property.name }
                                }
                            }
                        }
                        H.button(.class("nojs")) { ctx.t("切换", "Go") }
                    }
                } else if let only = ctx.properties.first {
                    H.span(.class("property")) { only.name }
                }
                if ctx.propertyCount > switcherLimit {
                    H.a(.href("/choose-property"), .class("property")) { ctx.t("切换项目", "Change property") }
                }
                H.nav {
                    if let property = ctx.propertyID {
                        navLink(ctx, "/properties/\(property)/keys", ctx.t("钥匙柜", "Key cabinet"))
                        navLink(ctx, "/properties/\(property)/keys/overdue", ctx.t("逾期", "Overdue"))
                        navLink(ctx, "/properties/\(property)/ledger", ctx.t("台账", "Ledger"))
                        navLink(ctx, "/properties/\(property)/lock-changes", ctx.t("换锁", "Lock changes"))
                        navLink(ctx, "/properties/\(property)/spare-releases", ctx.t("备用钥匙", "Spare keys"))
                    }
                    navLink(ctx, "/notifications", ctx.unread > 0 ? ctx.t("通知", "Notices") + " (\(ctx.unread))" : ctx.t("通知", "Notices"))
                    if actor.isAdmin {
                        navLink(ctx, "/admin", ctx.t("组织", "Organisation"))
                    }
                    navLink(ctx, "/account", actor.name)
                }
                H.form(.class("inline"), .method("post"), .action("/logout")) {
                    ctx.csrfField
                    H.button(.class("link")) { ctx.t("退出", "Sign out") }
                }
            }
            H.a(.class("lang"), .href("/language/\(ctx.language == .en ? "zh" : "en")?back=" + (ctx.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))) {
                ctx.language == .en ? "中文" : "English"
            }
        }
    }

    static func navLink(_ ctx: ViewContext, _ href: String, _ label: String) -> Node {
        let here = ctx.path == href || (href.count > 1 && ctx.path.hasPrefix(href + "/") && !href.hasSuffix("/keys"))
        return here ? H.a(.href(href), .attr("aria-current", "page")) { label } : H.a(.href(href)) { label }
    }

    /// A labelled form field.
    static func field(_ label: String, hint: String? = nil, _ control: Node) -> Node {
        H.label(.class("field")) {
            H.span { label }
            control
            if let hint { H.small { hint } }
        }
    }

    /// A table cell that names its column on phones, where rows stack.
    static func cell(_ label: String, @NodeBuilder _ content: () -> [Node]) -> Node {
        H.el("td", [.data("label", label)], content)
    }

    /// A cell with nothing to say ("—"); phones leave it out of the stacked card.
    static func emptyCell(_ label: String) -> Node {
        H.el("td", [.data("label", label), .class("empty")]) { "—" }
    }

    /// A small POST form that is just a button (with the CSRF field).
    static func postButton(_ ctx: ViewContext, action: String, label: String, style: String = "secondary", confirm: String? = nil) -> Node {
        H.form(.class("inline"), .method("post"), .action(action)) {
            ctx.csrfField
            if let confirm {
                H.button(.class(style), .data("confirm", confirm)) { label }
            } else {
                H.button(.class(style)) { label }
            }
        }
    }

    static func pager(_ ctx: ViewContext, page: Int, per: Int, total: Int, base: String) -> Node {
        let pages = max(1, (total + per - 1) / per)
        let joiner = base.contains("?") ? "&" : "?"
        return H.nav(.class("pager"), .attr("aria-label", ctx.t("分页", "Pages"))) {
            if page > 1 { H.a(.href(base + joiner + "page=\(page - 1)")) { ctx.t("上一页", "Previous") } }
            H.span { ctx.t("第 \(page)/\(pages) 页，共 \(total) 条", "Page \(page) of \(pages), \(total) in all") }
            if page < pages { H.a(.href(base + joiner + "page=\(page + 1)")) { ctx.t("下一页", "Next") } }
        }
    }

    /// The record's history from the audit chain (X-1).
    static func history(_ ctx: ViewContext, _ events: [AuditEvent], time: LocalTime) -> Node {
        H.section(.class("history")) {
            H.h2 { ctx.t("记录历史", "History") }
            if events.isEmpty {
                H.p(.class("muted")) { ctx.t("暂无记录", "Nothing yet") }
            } else {
                H.ol {
                    for event in events {
                        H.li {
                            H.span(.class("when")) { time.dateTime(event.occurredAt) }
                            " "
                            H.strong { event.actorName }
                            " "
                            H.span(.class("action"), .attr("title", event.action)) { ctx.t(actionTitle(event.action)) }
                            H.small(.class("muted")) { " #\(event.id ?? 0)" }
                        }
                    }
                }
            }
        }
    }
}

/// What an audit action is called on screen; unknown ones show their code.
func actionTitle(_ action: String) -> Text {
    let titles: [String: Text] = [
        "key.registered": Text("登记钥匙", "key registered"), "key.issued": Text("发放钥匙", "key issued"),
        "key.returned": Text("归还钥匙", "key returned"), "key.withdrawn_damaged": Text("损坏停用", "withdrawn as damaged"),
        "key.reported_lost": Text("报失", "reported lost"), "key.lost_while_out": Text("借出期间丢失", "lost while out"),
        "key.retired_by_lock_change": Text("换锁作废", "retired by lock change"), "key.borrowing_confirmed": Text("领用人确认", "borrower confirmed"),
        "lock_change.opened": Text("开立换锁任务", "lock change opened"), "lock_change.completed": Text("换锁完成", "lock changed"),
        "spare_key.requested": Text("申请备用钥匙", "spare key requested"), "spare_key.confirmed_by_security": Text("保安部确认", "confirmed by security"),
        "spare_key.used": Text("备用钥匙已使用", "spare key used"), "personal_data.shown": Text("查看完整证件与电话", "personal data shown"),
        "property.created": Text("创建项目", "property created"), "staff.created": Text("添加员工", "staff added"),
        "staff.updated": Text("修改员工", "staff changed"), "staff.assigned": Text("分配项目", "assigned to property"),
        "staff.unassigned": Text("取消分配", "unassigned"),
    ]
    return titles[action] ?? Text(action, action)
}

extension H {
    public static func ol(_ a: Attribute..., @NodeBuilder content c: () -> [Node] = { [] }) -> Node { el("ol", a, c) }
}
