import Fluent
import Vapor

/// 通知 — the person's notices, newest first. Opening one marks it read and
/// goes to the page it is about.
enum NoticesPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("notifications", use: list)
        pages.get("notifications", ":notificationID") { req async throws -> Response in
            let link = try await Notifier.open(req.parameters.get("notificationID", as: UUID.self), for: try req.actor.id, now: req.now, app: req.application)
            return req.redirect(to: SafeRedirect.path(link))
        }
        pages.post("notifications", "read") { req async throws -> Response in
            try await Notifier.markAllRead(for: try req.actor.id, now: req.now, app: req.application)
            return req.redirect(to: "/notifications", redirectType: .normal)
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let actor = try req.actor
        let ctx = try await req.viewContext()
        let notes = try await StaffNotification.query(on: req.db).filter(\.$recipient.$id == actor.id).sort(\.$createdAt, .descending).limit(100).all()
        // Each notice's time in its property's zone.
        let zones = try await req.application.propertyDirectory.infos(of: Set(notes.compactMap { $0.$property.id }), on: req.db).mapValues(\.localTime)
        return Layout.page(ctx, title: ctx.t("通知", "Notices")) {
            H.h1 { ctx.t("通知", "Notices") }
            if notes.isEmpty { H.p(.class("empty-state")) { ctx.t("暂无通知", "No notices") } }
            else {
                if notes.contains(where: { $0.readAt == nil }) {
                    H.div(.class("actions")) { Layout.postButton(ctx, action: "/notifications/read", label: ctx.t("全部标为已读", "Mark all read")) }
                }
                H.ul(.id("notices"), .class("notice-list")) {
                    for note in notes {
                        H.li(.class(note.readAt == nil ? "unread" : ""), .data("kind", note.kind)) {
                            H.a(.href("/notifications/\(note.id!)")) {
                                if note.readAt == nil { H.span(.class("dot"), .attr("aria-label", ctx.t("未读", "unread"))) { "●" } }
                                H.span(.class("notice-text")) { ctx.t(note.message) }
                                H.small(.class("muted")) { (note.$property.id.flatMap { zones[$0] } ?? LocalTime("Asia/Shanghai")).dateTime(note.createdAt) }
                            }
                        }
                    }
                }
            }
        }
    }
}
