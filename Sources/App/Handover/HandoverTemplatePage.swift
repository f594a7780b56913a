import Fluent
import Vapor

/// 交接班检查表 — a post's checklist, written by its foreman or above; saving
/// makes a new version, used from the next sheet (HO-1).
enum HandoverTemplatePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("posts", ":postID", "handover-template") { req in try await show(req, form: .blank) }
        pages.post("posts", ":postID", "handover-template") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                var input = try req.input(HandoverTemplateInput.self)
                // The page offers blank lines to fill; those left blank are not items.
                input.items = input.items?.filter { Input.text($0.title) != nil || Input.text($0.hint) != nil }
                let made = try await Handovers.saveTemplate(postID: req.parameters.get("postID", as: UUID.self), input, on: req)
                return (Text("已保存检查表第 \(made.version) 版，下一张交接记录起使用", "Checklist v\(made.version) saved; it applies from the next sheet"),
                        "/properties/\(made.$property.id)/handovers")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let post = try await Handovers.post(req.parameters.get("postID", as: UUID.self), for: actor, action: .editHandoverTemplate, on: req)
        try Handovers.requireDepartment(actor, post, superior: true)
        let ctx = try await req.viewContext(propertyID: post.property.id)
        let current = try await HandoverTemplate.query(on: req.db).filter(\.$post.$id == post.id).sort(\.$version, .descending).first()
        let items = current?.checklist ?? []
        let rows = max(items.count + 5, 8)
        let line = HandoverTemplateInput.Line.schema
        return Layout.page(ctx, title: post.name + " · " + ctx.t("交接班检查表", "Handover checklist")) {
            H.h1 { post.name + " · " + ctx.t("交接班检查表", "Handover checklist") }
            H.p(.class("muted")) {
                (current.map { ctx.t("现为第 \($0.version) 版。", "Now version \($0.version). ") } ?? "")
                    + ctx.t("保存后生成新版本，从下一张交接记录起使用；已有的记录保留原版本。", "Saving makes a new version, used from the next sheet; sheets already made keep theirs.")
            }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/posts/\(post.id)/handover-template"), .id("template-form")) {
                ctx.csrfField
                H.table(.class("stack")) {
                    H.thead { H.tr { H.th { "#" }; H.th { ctx.t("检查项目", "Item") }; H.th { ctx.t("说明", "Description") } } }
                    H.tbody {
                        for index in 0..<rows {
                            let item = index < items.count ? items[index] : nil
                            H.tr {
                                Layout.cell("#") { String(index + 1) }
                                Layout.cell(ctx.t("检查项目", "Item")) {
                                    H.input([.type("text"), .name("items[\(index)][title]"), .id("item-\(index)-title"), .value(form.wasSent ? form.value("items[\(index)][title]") ?? "" : item?.title ?? ""),
                                             .attr("aria-label", ctx.t("第 \(index + 1) 项", "Item \(index + 1)"))] + Form.limits(line.field("title")))
                                }
                                Layout.cell(ctx.t("说明", "Description")) {
                                    H.input([.type("text"), .name("items[\(index)][hint]"), .id("item-\(index)-hint"), .value(form.wasSent ? form.value("items[\(index)][hint]") ?? "" : item?.hint ?? ""),
                                             .attr("aria-label", ctx.t("第 \(index + 1) 项说明", "Item \(index + 1) description"))] + Form.limits(line.field("hint")))
                                }
                            }
                        }
                    }
                }
                H.button(.id("save-template")) { ctx.t("保存为新版本", "Save as a new version") }
            }
        }
    }
}
