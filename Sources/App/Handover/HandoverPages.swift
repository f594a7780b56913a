import Fluent
import SQLKit
import Vapor

/// Shift handover's pages (篇3): the day's sheets of every post, one sheet
/// with its steps (printable as 《样板房交接班记录表》), and a post's checklist.
/// Every action calls `Handovers`, as the API does.
enum HandoverPages {
    static let navigation: [NavItem] = [
        NavItem(label: Text("交接班", "Handover"), path: { "/properties/\($0)/handovers" }, action: .viewHandovers),
    ]

    static func register(_ pages: any RoutesBuilder) {
        HandoverListPage.register(pages)
        HandoverSheetPage.register(pages)
        HandoverTemplatePage.register(pages)
    }

    @NodeBuilder static func badge(_ ctx: ViewContext, _ s: HandoverQueries.Sheet) -> Node {
        H.span(.class("badge h-\(s.status.rawValue)")) { ctx.t(s.status.title) }
        if s.status == .accepted {
            " "
            if s.reviewedAt != nil { H.span(.class("badge h-accepted")) { ctx.t("已审核", "reviewed") } }
            else { H.span(.class("badge s-out")) { ctx.t("待审核", "to review") } }
        }
        if s.refusalCount > 0 { " "; H.span(.class("badge late")) { ctx.t("拒绝 \(s.refusalCount) 次", "refused \(s.refusalCount)×") } }
    }
}

/// 交接班 — one day's sheets of every post at the property, with the way to
/// start this shift's sheet and, for foremen, the refusals counted per post and person (HO-5, HO-6).
enum HandoverListPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "handovers") { req in try await list(req, form: .blank) }
        pages.post("posts", ":postID", "handover-sheets") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let made = try await Handovers.start(postID: req.parameters.get("postID", as: UUID.self), try req.input(HandoverStartInput.self), on: req)
                return (Text("已开始交接记录，请逐项检查", "Sheet started: check each item"), "/handover-sheets/\(made.id!)")
            }
        }
    }

    struct RefusalCount: ReadRow {
        let name: String; let refusals: Int
        init(_ row: RowReader) throws { name = try row.next("name"); refusals = try row.next("refusals") }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        var propertyID = req.parameters.get("propertyID", as: UUID.self)
        if propertyID == nil, let postID = req.parameters.get("postID", as: UUID.self) { propertyID = try await Post.find(postID, on: req.db)?.$property.id }
        let property = try await req.property(propertyID, for: actor, action: .viewHandovers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let today = time.day(ctx.now)
        let day = try req.queryValue("day", HandoverAPI.dayQuery) ?? today
        let posts = try await HandoverQueries.posts(propertyID: property.id, on: req.db)
        let sheets = try await HandoverQueries.sheets(propertyID: property.id, day: day, on: req.db)
        let since = time.day(ctx.now.addingTimeInterval(-30 * 86_400))
        let byPost = try await req.db.sql.rows(RefusalCount.self, """
            SELECT p.name, CAST(SUM(s.refusal_count) AS BIGINT) AS refusals FROM handover_sheets s JOIN posts p ON p.id = s.post_id
            WHERE s.property_id = \(bind: property.id) AND s.day >= \(bind: since) AND s.refusal_count > 0 GROUP BY p.name ORDER BY p.name
            """)
        let byPerson = try await req.db.sql.rows(RefusalCount.self, """
            SELECT st.name, CAST(SUM(s.refusal_count) AS BIGINT) AS refusals FROM handover_sheets s JOIN staff st ON st.id = s.incoming_id
            WHERE s.property_id = \(bind: property.id) AND s.day >= \(bind: since) AND s.refusal_count > 0 GROUP BY st.name ORDER BY st.name
            """)
        return Layout.page(ctx, title: ctx.t("交接班", "Shift handover"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("交接班", "Shift handover") + " " + day }
            H.form(.class("filters"), .method("get"), .action("/properties/\(property.id)/handovers")) {
                H.label(.for("handover-day")) { ctx.t("日期", "Day") }
                H.input(.type("date"), .name("day"), .id("handover-day"), .value(day), .attr("max", today))
                H.button(.class("secondary")) { ctx.t("查看", "Show") }
            }
            Form.problems(ctx, form)
            H.div(.class("cards"), .id("handover-posts")) {
                for post in posts {
                    H.section(.class("card"), .id("post-\(post.id)")) {
                        H.h2 { post.name + " "; H.small(.class("muted")) { ctx.t(post.department.title) + (post.templateVersion.map { " · " + ctx.t("检查表第 \($0) 版", "checklist v\($0)") } ?? "") } }
                        let own = sheets.filter { $0.postID == post.id }
                        if own.isEmpty { H.p(.class("muted")) { ctx.t("当天没有交接记录", "No sheets this day") } }
                        H.ul(.class("plain")) {
                            for s in own {
                                H.li {
                                    H.a(.href("/handover-sheets/\(s.id)")) { ctx.t(s.shift.title) }
                                    " · " + s.outgoingName + (s.incomingName.map { " → " + $0 } ?? "") + " "
                                    HandoverPages.badge(ctx, s)
                                }
                            }
                        }
                        if day == today, actor.department == post.department, post.templateVersion != nil {
                            H.form(.class("inline-pick"), .method("post"), .action("/posts/\(post.id)/handover-sheets")) {
                                ctx.csrfField
                                for shift in ShiftName.allCases where !own.contains(where: { $0.shift == shift }) {
                                    H.button(.name("shift"), .value(shift.rawValue), .class("secondary"), .id("start-\(post.id)-\(shift.rawValue)")) { ctx.t("开始" + shift.title.zh + "交接", "Start the " + shift.title.en.lowercased() + " sheet") }
                                }
                            }
                        }
                        if (actor.department == post.department && actor.rank >= .foreman) || actor.rank >= .manager {
                            H.p { H.a(.href("/posts/\(post.id)/handover-template")) { post.templateVersion == nil ? ctx.t("制定交接班检查表", "Write the checklist") : ctx.t("修改检查表", "Edit the checklist") } }
                        }
                    }
                }
            }
            if !byPost.isEmpty || !byPerson.isEmpty {
                H.section(.class("card"), .id("refusal-counts")) {
                    H.h2 { ctx.t("拒绝接班统计（近 30 天）", "Refusals in the last 30 days") }
                    H.p { ctx.t("按岗位：", "By post: ") + byPost.map { "\($0.name) \($0.refusals)" }.joined(separator: "，") }
                    H.p { ctx.t("按接班人：", "By person: ") + byPerson.map { "\($0.name) \($0.refusals)" }.joined(separator: "，") }
                }
            }
        }
    }
}
