import Fluent
import Vapor

/// 我的待办 — the first page after signing in: what waits for this person
/// across every module, pressing things first, each a link to where it is done.
enum StartPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let actor = try req.actor
        let ctx = try await req.viewContext()
        let sections = try await ToDoList.items(for: actor, now: ctx.now, on: req.db)
        let names = try await req.application.propertyDirectory.infos(of: actor.propertyIDs, on: req.db)
        return Layout.page(ctx, title: ctx.t("我的待办", "To do")) {
            H.h1 { ctx.t("我的待办", "To do") }
            if sections.isEmpty && ctx.unread == 0 {
                H.p(.class("empty-state")) { ctx.t("没有待办事项。", "Nothing is waiting for you.") }
            }
            if ctx.unread > 0 {
                H.p(.class("card todo-notices")) {
                    H.a(.href("/notifications"), .class("todo-link")) { ctx.t("\(ctx.unread) 条未读通知", "\(ctx.unread) unread notices") }
                }
            }
            for section in sections {
                H.section(.class("todo")) {
                    H.h2 { ctx.t(section.heading) + " · \(section.items.count)" }
                    H.ul(.class("todo-list")) {
                        for item in section.items {
                            H.li(.class(item.urgent ? "urgent" : ""), .data("kind", item.kind)) {
                                H.a(.href(item.link), .class("todo-link")) {
                                    H.strong { ctx.t(item.title) }
                                    H.span(.class("todo-detail")) {
                                        [item.detail.map { ctx.t($0) },
                                         item.due.map { due in ctx.t("期限 ", "due ") + (item.propertyID.flatMap { names[$0]?.localTime } ?? LocalTime("Asia/Shanghai")).dateTime(due) },
                                         names.count > 1 ? item.propertyID.flatMap { names[$0]?.name } : nil]
                                            .compactMap { $0 }.joined(separator: " · ")
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let property = ctx.propertyID, ctx.may(.viewKeys, at: property) {
                H.p { H.a(.class("button secondary"), .href("/properties/\(property)/keys")) { ctx.t("打开钥匙柜", "Open the key cabinet") } }
            }
            if ctx.actor?.isAdmin == true {
                H.p { H.a(.class("button secondary"), .href("/admin")) { ctx.t("组织管理", "Organisation") } }
            }
        }
    }
}
