import Fluent
import NIOConcurrencyHelpers
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
    /// Things waiting for the person (我的待办), counted on the navigation.
    public let toDo: Int
    public let flash: String?
    public let flashIsError: Bool

    public func t(_ zh: String, _ en: String) -> String { language == .en ? en : zh }
    public func t(_ text: Text) -> String { text.in(language) }

    /// The hidden CSRF field every form carries.
    public var csrfField: Node { H.input(.type("hidden"), .name("_csrf"), .value(csrf)) }

    /// Whether the signed-in person may do `action` at the current property.
    public func may(_ action: Action, at property: UUID? = nil) -> Bool {
        guard let actor else { return false }
        return Policy.allows(actor, action, at: property ?? propertyID)
    }
}

extension Request {
    /// Builds the view context: reads (and clears) the flash message and the
    /// navigation's data.
    func viewContext(propertyID: UUID? = nil) async throws -> ViewContext {
        let actor = auth.get(Actor.self)
        var properties: [(UUID, String)] = []
        var unread = 0
        var toDo = 0
        var current = propertyID
        if let actor {
            (toDo, unread) = try await ToDoList.counts(for: actor, now: now, on: db)
            if let current, session.data["property"] != current.text { session.data["property"] = current.text }
            current = current ?? session.data["property"].flatMap(UUID.init(uuidString:)).flatMap { actor.propertyIDs.contains($0) ? $0 : nil }
            if actor.propertyIDs.count <= Layout.switcherLimit {
                let names = try await application.propertyDirectory.names(of: Array(actor.propertyIDs), on: db)
                properties = names.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
                current = current ?? properties.first?.0
            } else {
                // Someone who spans hundreds of properties chooses on a page of its own.
                if current == nil, let first = try await Property.query(on: db).filter(\.$id ~~ Array(actor.propertyIDs)).sort(\.$name).first() {
                    current = first.id
                }
                if let current, let name = try await application.propertyDirectory.names(of: [current], on: db)[current] { properties = [(current, name)] }
            }
        }
        let flash = session.data["flash"]
        let flashIsError = session.data["flash_error"] == "1"
        if flash != nil {
            session.data["flash"] = nil
            session.data["flash_error"] = nil
        }
        return ViewContext(language: language, actor: actor, csrf: csrfToken, now: now, path: url.path,
                           propertyID: current, properties: properties, propertyCount: actor?.propertyIDs.count ?? 0,
                           unread: unread, toDo: toDo, flash: flash, flashIsError: flashIsError)
    }

    /// A message for the next page this session opens.
    func flash(_ text: Text, error: Bool = false) {
        session.data["flash"] = text.in(language)
        session.data["flash_error"] = error ? "1" : nil
    }
}

/// One link of the navigation, shown to those who may use its page.
public struct NavItem: Sendable {
    public let label: Text
    public let path: @Sendable (_ property: UUID) -> String
    public let action: Action
}

public enum Layout {
    /// Beyond this many properties the header links to a chooser instead of a select.
    static let switcherLimit = 20

    /// Each module's links, in order; shown when the person may use the page at the current property.
    static let navigation: [NavItem] = KeysPages.navigation + CustomersPages.navigation + SpacesPages.navigation + ServiceDeskPages.navigation + HandoverPages.navigation + ShowHousesPages.navigation + DutiesPages.navigation + SupervisionPages.navigation + SiteAccessPages.navigation

    /// A whole page: skip link, header with navigation, the flash message, the body.
    /// `refresh`: seconds after which the browser loads the page again (a progress page while work runs).
    public static func page(_ ctx: ViewContext, title: String, wide: Bool = false, refresh: Int? = nil, @NodeBuilder _ body: () -> Node) -> Response {
        let document = H.html(lang: ctx.language == .en ? "en" : "zh-CN") {
            Node.element("head", [], [
                refresh.map { .void("meta", [.attr("http-equiv", "refresh"), .attr("content", String($0))]) } ?? .empty,
                .void("meta", [.attr("charset", "utf-8")]),
                .void("meta", [.name("viewport"), .attr("content", "width=device-width, initial-scale=1")]),
                .element("title", [], [.text(title + " · " + ctx.t("物业", "Wuye"))]),
                .void("link", [.attr("rel", "stylesheet"), .href("/static/app.css")]),
                .void("link", [.attr("rel", "icon"), .href("data:,")]),
            ])
            Node.element("body", [], [
                H.a(.class("skip"), .href("#main")) { ctx.t("跳到正文", "Skip to content") },
                header(ctx),
                H.main(.id("main"), .class(wide ? "wide" : ""), .attr("tabindex", "-1")) {
                    if let flash = ctx.flash {
                        H.p(.class(ctx.flashIsError ? "flash error" : "flash"), .attr("role", ctx.flashIsError ? "alert" : "status")) { flash }
                    }
                    body()
                },
                .element("script", [.attr("src", "/static/app.js"), .flag("defer")], []),
            ])
        }
        var html: [UInt8] = []
        html.reserveCapacity(32_768)
        html.append(contentsOf: "<!doctype html>".utf8)
        document.render(into: &html)
        let response = Response(status: .ok, body: .init(buffer: ByteBuffer(bytes: html)))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func header(_ ctx: ViewContext) -> Node {
        H.header(.class("top")) {
            H.div(.class("bar")) {
                H.a(.class("brand"), .href("/")) { ctx.t("物业", "Wuye") }
                if ctx.actor != nil { propertySwitcher(ctx) }
                H.span(.class("spacer"))
                H.a(.class("lang"), .href("/language/\(ctx.language == .en ? "zh" : "en")?back=" + (ctx.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F")),
                    .attr("lang", ctx.language == .en ? "zh-CN" : "en")) {
                    ctx.language == .en ? "中文" : "English"
                }
                if ctx.actor != nil {
                    H.form(.class("inline"), .method("post"), .action("/logout")) {
                        ctx.csrfField
                        H.button(.class("link")) { ctx.t("退出", "Sign out") }
                    }
                }
            }
            if let actor = ctx.actor {
                H.nav(.attr("aria-label", ctx.t("主导航", "Main"))) {
                    navLink(ctx, "/", ctx.t("待办", "To do"), count: ctx.toDo)
                    if let property = ctx.propertyID {
                        for item in navigation where ctx.may(item.action, at: property) {
                            navLink(ctx, item.path(property), ctx.t(item.label))
                        }
                    }
                    navLink(ctx, "/notifications", ctx.t("通知", "Notices"), count: ctx.unread)
                    if actor.isAdmin { navLink(ctx, "/admin", ctx.t("组织", "Organisation")) }
                    navLink(ctx, "/account", actor.name)
                }
            }
        }
    }

    static func propertySwitcher(_ ctx: ViewContext) -> Node {
        if ctx.properties.count > 1, let current = ctx.propertyID {
            return H.form(.class("switch"), .method("get"), .action("/switch-property")) {
                H.label(.class("visually-hidden"), .for("property-switch")) { ctx.t("项目", "Property") }
                H.select(.name("property"), .id("property-switch"), .data("autosubmit", "1")) {
                    for property in ctx.properties {
                        H.option(.value(property.id.text), .when(property.id == current, .selected)) { property.name }
                    }
                }
                H.button(.class("nojs")) { ctx.t("切换", "Go") }
            }
        }
        if ctx.propertyCount > switcherLimit {
            return H.a(.href("/choose-property"), .class("property")) { (ctx.properties.first?.name ?? "") + " · " + ctx.t("切换项目", "Change") }
        }
        if let only = ctx.properties.first { return H.span(.class("property")) { only.name } }
        return .empty
    }

    static func navLink(_ ctx: ViewContext, _ href: String, _ label: String, count: Int = 0) -> Node {
        let here = ctx.path == href || (href.count > 1 && ctx.path.hasPrefix(href + "/") && !href.hasSuffix("/keys"))
        return H.a(.href(href), .when(here, .attr("aria-current", "page"))) {
            label
            if count > 0 { H.span(.class("count"), .attr("aria-label", ctx.t("\(count) 项", "\(count) items"))) { String(count) } }
        }
    }
}
