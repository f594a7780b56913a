import Fluent
import Vapor

/// 投诉月度评审 — a month's complaints by outcome and effectiveness, for
/// customer service's supervisors and managers; leadership signs it once the
/// month is over (篇1 9.2, SH-33).
enum ComplaintReviewPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "complaint-reviews") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "complaint-reviews", ":month") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let review = try await ComplaintReviews.sign(propertyID: req.parameters.get("propertyID", as: UUID.self), month: req.parameters.get("month"),
                                                             try req.input(ComplaintReviewInput.self), on: req)
                return (Text("已签署 \(review.month) 投诉评审", "\(review.month) complaint review signed"), "/properties/\(review.$property.id)/complaint-reviews?month=\(review.month)")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: try req.actor, action: .viewComplaintReview)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let thisMonth = String(time.day(ctx.now).prefix(7))
        let month = try req.parameters.get("month") ?? req.queryValue("month", ComplaintReviews.monthField) ?? thisMonth
        let figures = try await ComplaintReviews.figures(propertyID: property.id, month: month, time: time, now: ctx.now, on: req.db)
        let signed = try await ComplaintReview.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$month == month).with(\.$signedBy).first()
        let base = "/properties/\(property.id)/complaint-reviews"
        let stored = signed.flatMap { try? JSONDecoder().decode(ComplaintReviews.Figures.self, from: Data($0.figures.utf8)) }
        let shown = stored ?? figures
        return Layout.page(ctx, title: ctx.t("投诉月度评审", "Monthly complaint review") + " " + month) {
            H.h1 { property.name + " · " + ctx.t("投诉月度评审", "Monthly complaint review") + " " + month }
            H.form(.class("filters"), .method("get"), .action(base)) {
                H.label(.for("review-month")) { ctx.t("月份", "Month") }
                H.input(.type("month"), .name("month"), .id("review-month"), .value(month))
                H.button(.class("secondary")) { ctx.t("查看", "Show") }
                H.a(.class("button secondary"), .href("/properties/\(property.id)/service-items?kind=complaint&status=all")) { ctx.t("投诉清单", "The complaints") }
            }
            Form.problems(ctx, form)
            H.dl(.class("facts card"), .id("review-figures")) {
                H.dt { ctx.t("投诉总数", "Complaints") }; H.dd { String(shown.total) }
                H.dt { ctx.t("回访满意、已关闭", "Closed, guest satisfied") }; H.dd { String(shown.satisfied) }
                H.dt { ctx.t("一次回访即满意", "Satisfied at the first callback") }; H.dd { String(shown.satisfiedFirstTime) }
                H.dt { ctx.t("处理有效率", "Effectiveness") }; H.dd { shown.effectiveness.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
                H.dt { ctx.t("回访不满意、退回重办", "Sent back after a callback") }; H.dd { String(shown.reopened) }
                H.dt { ctx.t("尚未关闭", "Not closed") }; H.dd { String(shown.open) }
                H.dt { ctx.t("超过时限", "Past the due time") }; H.dd(.class(shown.late > 0 ? "late" : "")) { String(shown.late) }
                H.dt { ctx.t("按严重程度", "By severity") }
                H.dd { (ComplaintSeverity.allCases.map { ctx.t($0.title) + " \(shown.bySeverity[$0.rawValue] ?? 0)" } + [ctx.t("未定", "not set") + " \(shown.bySeverity["none"] ?? 0)"]).joined(separator: " · ") }
            }
            if let signed {
                H.section(.class("card"), .id("review-signed")) {
                    H.h2 { ctx.t("领导评审", "Leadership's review") }
                    H.p { signed.note }
                    H.p(.class("muted")) { ctx.t("签字：", "Signed: ") + signed.signedBy.name + " · " + time.dateTime(signed.signedAt) + ctx.t("（以上为签字时的数字）", " (figures as signed)") }
                    if let picture = signed.signature { H.img(.class("sig-img"), .attr("src", picture), .attr("alt", ctx.t("签名", "Signature"))) }
                }
            } else if ctx.may(.signComplaintReview, at: property.id) && month < thisMonth {
                H.form(.class("card"), .method("post"), .action(base + "/\(month)"), .id("review-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("领导评审签字", "Review and sign") }
                    Form.textarea(ctx, form, "note", label: ctx.t("评审意见", "Review"), field: ComplaintReviewInput.schema.field("note"), required: true, rows: 4)
                    H.button(.id("sign-review")) { ctx.t("签字确认", "Sign") }
                }
            } else if month >= thisMonth {
                H.p(.class("muted")) { ctx.t("本月结束后由领导评审签字。", "Leadership reviews and signs it once the month is over.") }
            }
        }
    }
}
