import Fluent
import SQLKit
import Vapor

/// 样板房日报 — a day's figures for every show house (generated while the
/// day is open, frozen once submitted), the property-service supervisor's
/// submission and leadership's approval, and the last month's summaries (SH-34).
enum ShowHouseSummaryPage {
    struct View {
        let day: String; let summary: ShowHouseSummary?; let figures: [SummaryFigures]; let submittedBy: String?; let approvedBy: String?
        var status: String { summary == nil ? "draft" : summary?.approvedAt == nil ? "submitted" : "approved" }
    }

    static func view(property: PropertyInfo, day: String, on db: any Database) async throws -> View {
        let summary = try await ShowHouseSummary.query(on: db).filter(\.$property.$id == property.id).filter(\.$day == day).first()
        var figures = summary?.figureList ?? []
        var submittedBy: String?, approvedBy: String?
        if let summary {
            submittedBy = try await Staff.find(summary.$submittedBy.id, on: db)?.name
            if let approver = summary.$approvedBy.id { approvedBy = try await Staff.find(approver, on: db)?.name }
        } else {
            figures = try await ShowHouseSummaries.figures(propertyID: property.id, day: day, on: db)
        }
        return View(day: day, summary: summary, figures: figures, submittedBy: submittedBy, approvedBy: approvedBy)
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "show-house-summaries") { req in try await show(req, day: nil, form: .blank) }
        pages.post("properties", ":propertyID", "show-house-summaries") { req in
            try await req.formAction(render: { try await show(req, day: $0.value("day"), form: $0) }) {
                let made = try await ShowHouseSummaries.submit(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(SummaryInput.self), on: req)
                return (Text("已提交 \(made.day) 日报，待领导审批", "Summary of \(made.day) submitted for approval"), "/properties/\(made.$property.id)/show-house-summaries?day=\(made.day)")
            }
        }
        pages.post("show-house-summaries", ":summaryID", "approval") { req in
            let id = req.parameters.get("summaryID", as: UUID.self)
            guard let id, let found = try await ShowHouseSummary.find(id, on: req.db) else { throw WuyeError.notFound(ShowHouseSummaries.noun) }
            req.parameters.set("propertyID", to: found.$property.id.uuidString)
            return try await req.formAction(render: { try await show(req, day: found.day, form: $0) }) {
                let made = try await ShowHouseSummaries.approve(summaryID: id, try req.input(SummaryApprovalInput.self), on: req)
                return (Text("已审批 \(made.day) 日报", "Summary of \(made.day) approved"), "/properties/\(made.$property.id)/show-house-summaries?day=\(made.day)")
            }
        }
    }

    struct Recent: ReadRow {
        let day: String; let approvedAt: Date?
        init(_ row: RowReader) throws { day = try row.next("day"); approvedAt = try row.next("approved_at") }
    }

    static func show(_ req: Request, day asked: String?, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewShowHouses)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let today = time.day(ctx.now)
        let day = try asked.flatMap { StrictTime.day($0) == nil ? nil : $0 } ?? req.queryValue("day", HandoverAPI.dayQuery) ?? today
        let v = try await view(property: property, day: day, on: req.db)
        let recent = try await req.db.sql.rows(Recent.self, "SELECT day, approved_at FROM show_house_summaries WHERE property_id = \(bind: property.id) ORDER BY day DESC LIMIT 31")
        let base = "/properties/\(property.id)/show-house-summaries"
        return Layout.page(ctx, title: ctx.t("样板房日报", "Show houses' daily summary") + " " + day, wide: true) {
            H.p(.class("print-only")) { H.strong { "《样板房日报》" }; "　" + property.name }
            H.h1 { property.name + " · " + ctx.t("样板房日报", "Show houses' daily summary") + " " + day }
            H.form(.class("filters no-print"), .method("get"), .action(base)) {
                H.label(.for("summary-day")) { ctx.t("日期", "Day") }
                H.input(.type("date"), .name("day"), .id("summary-day"), .value(day), .attr("max", today))
                H.button(.class("secondary")) { ctx.t("查看", "Show") }
                H.button(.type("button"), .data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            Form.problems(ctx, form)
            H.p {
                switch v.status {
                case "draft": H.span(.class("badge s-out")) { ctx.t("未提交（数据随记录实时生成）", "Not submitted (figures live from the records)") }
                case "submitted": H.span(.class("badge s-out")) { ctx.t("已提交，待领导审批", "Submitted, waiting for approval") }
                default: H.span(.class("badge h-accepted")) { ctx.t("领导已审批", "Approved") }
                }
                if let s = v.summary { " " + ctx.t("提交：", "Submitted by ") + (v.submittedBy ?? "") + " " + time.dateTime(s.submittedAt) }
                if let s = v.summary, let at = s.approvedAt { " · " + ctx.t("审批：", "approved by ") + (v.approvedBy ?? "") + " " + time.dateTime(at) + (s.approvalNote.map { " · " + $0 } ?? "") }
            }
            H.section(.class("card")) { H.table(.class("stack"), .id("summary-figures")) {
                H.thead { H.tr { for h in [ctx.t("样板房", "Show house"), ctx.t("参观", "Visitors"), ctx.t("劝离", "Turned away"), ctx.t("人数不符", "Counts differ"),
                                            ctx.t("意见/评价", "Feedback"), ctx.t("投诉", "Complaints"), ctx.t("评分", "Rating"), ctx.t("清点异常", "Findings"),
                                            ctx.t("未结事项", "Still open"), ctx.t("当日记录", "Day record")] { H.th { h } } } }
                H.tbody {
                    for f in v.figures {
                        H.tr {
                            Layout.cell(ctx.t("样板房", "Show house")) { f.showHouse + " · " + f.unitType }
                            Layout.cell(ctx.t("参观", "Visitors")) { ctx.t("\(f.batches) 批 \(f.visitors) 人", "\(f.visitors) in \(f.batches) batches") }
                            Layout.cell(ctx.t("劝离", "Turned away")) { String(f.turnedAway) }
                            Layout.cell(ctx.t("人数不符", "Counts differ")) { String(f.mismatches) }
                            Layout.cell(ctx.t("意见/评价", "Feedback")) { String(f.feedback) }
                            Layout.cell(ctx.t("投诉", "Complaints")) { String(f.complaints) }
                            Layout.cell(ctx.t("评分", "Rating")) { f.ratingTenths.map { "\($0 / 10).\($0 % 10) ★" } ?? "—" }
                            Layout.cell(ctx.t("清点异常", "Findings")) { String(f.findings) }
                            Layout.cell(ctx.t("未结事项", "Still open")) { String(f.openItems) }
                            Layout.cell(ctx.t("当日记录", "Day record")) { f.signed ? ctx.t("已审核", "signed") : f.closed ? ctx.t("已闭馆待审核", "closed, not signed") : ctx.t("未闭馆", "open") }
                        }
                    }
                }
            }
            }
            if let note = v.summary?.note { H.p(.class("pre")) { note } }
            if v.summary == nil, ctx.may(.submitShowHouseSummary, at: property.id), !v.figures.isEmpty {
                H.form(.class("card no-print"), .method("post"), .action(base), .id("submit-summary")) {
                    ctx.csrfField
                    H.input(.type("hidden"), .name("day"), .value(day))
                    Form.textarea(ctx, form, "note", label: ctx.t("说明（可选）", "Note (optional)"), field: SummaryInput.schema.field("note"))
                    H.button(.id("submit-summary-button")) { ctx.t("提交日报", "Submit the summary") }
                }
            }
            if let s = v.summary, s.approvedAt == nil, ctx.may(.approveShowHouseSummary, at: property.id), s.$submittedBy.id != actor.id {
                H.form(.class("card no-print"), .method("post"), .action("/show-house-summaries/\(s.id!)/approval"), .id("approve-summary")) {
                    ctx.csrfField
                    Form.textarea(ctx, form, "note", label: ctx.t("审批意见（可选）", "Note (optional)"), field: SummaryApprovalInput.schema.field("note"))
                    H.button(.id("approve-summary-button")) { ctx.t("审批通过", "Approve") }
                }
            }
            if !recent.isEmpty {
                H.section(.class("card no-print")) {
                    H.h2 { ctx.t("近期日报", "Recent summaries") }
                    H.div(.class("chips")) {
                        for r in recent { H.a(.href(base + "?day=\(r.day)")) { r.day + " " + (r.approvedAt == nil ? ctx.t("待审批", "to approve") : "✓") } }
                    }
                }
            }
        }
    }
}
