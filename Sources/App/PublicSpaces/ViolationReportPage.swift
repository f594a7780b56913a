import Fluent
import Vapor

/// 报告违章 — the form a guard or clerk fills in on patrol, on a phone: where,
/// what, and photos taken there and then (PS-4, PS-5).
enum ViolationReportPage {
    /// What the page's form sends: photos as files rather than data URLs.
    struct Sent: CheckedInput, Content {
        var spaceID: String?
        var place: String?
        var kind: String?
        var description: String?
        var photos: [File]?

        static let schema = InputSchema("ViolationReportForm", ViolationReportInput.schema.fields.filter { $0.0 != "photos" } + [
            ("photos", Upload.files(label: Text("照片", "photos"), rule: "PS-4")),
        ])
        var input: ViolationReportInput { ViolationReportInput(spaceID: spaceID, place: place, kind: kind, description: description) }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "space-violations", "new") { req in try await form(req, state: .blank) }
        pages.uploadForm("properties", ":propertyID", "space-violations", "new", megabytes: 36) { req in
            try await req.formAction(render: { try await form(req, state: $0) }) {
                let sent = try req.input(Sent.self)
                let photos = try (sent.photos ?? []).compactMap { try Upload.file($0, field: "photos", rule: "PS-4") }
                let made = try await SpaceViolations.report(propertyID: req.parameters.get("propertyID", as: UUID.self), sent.input, photos: photos, on: req)
                return (Text("已报告违章 \(made.referenceNo)，客服部将跟进", "Violation \(made.referenceNo) reported; customer service will follow it up"), "/space-violations/\(made.id!)")
            }
        }
    }

    static func form(_ req: Request, state: FormState) async throws -> Response {
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: try req.actor, action: .reportViolation)
        let ctx = try await req.viewContext(propertyID: property.id)
        let spaces = try await SpaceQueries.spaces(propertyID: property.id, on: req.db)
        let schema = ViolationReportInput.schema
        return Layout.page(ctx, title: ctx.t("报告违章", "Report a violation")) {
            H.h1 { ctx.t("报告违章", "Report a violation") }
            H.p(.class("muted")) {
                ctx.t("发现私自占用公共场地、在窗外或玻璃上悬挂张贴招牌广告、乱涂乱画乱贴、损坏设施设备，应当即制止并拍照报告客服部。",
                      "Seen a space occupied without leave, a sign on a window or glass, graffiti, posters or damage? Stop it if you can, take photos and report it to customer service.")
            }
            Form.problems(ctx, state)
            H.form(.class("card"), .method("post"), .action("/properties/\(property.id)/space-violations/new"), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("violation-form")) {
                ctx.csrfField
                Form.select(ctx, state, "kind", label: ctx.t("违章类别", "What"), options: ViolationKind.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                            prompt: ctx.t("请选择", "Choose"), required: true)
                Form.select(ctx, state, "spaceID", label: ctx.t("场地（登记的公共场地）", "Space (if registered)"), options: spaces.map { ($0.id.text, $0.name) },
                            prompt: ctx.t("其他地点", "Somewhere else"))
                Form.input(ctx, state, "place", label: ctx.t("具体位置（如 3栋电梯厅玻璃门）", "Exactly where (e.g. glass door, lift hall, building 3)"), field: schema.field("place"))
                Form.textarea(ctx, state, "description", label: ctx.t("情况", "What you saw"), field: schema.field("description"), required: true)
                Form.row(ctx, state, "photos", label: ctx.t("现场照片（1–\(Upload.maxCount) 张）", "Photos (1–\(Upload.maxCount))"),
                         hint: state.wasSent ? ctx.t("请重新选择照片", "Choose the photos again") : nil, required: true) { id, problem in
                    H.input([.type("file"), .name("photos[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp"), .attr("capture", "environment"),
                             .flag("multiple"), .required] + problem)
                }
                H.button(.id("save-violation")) { ctx.t("报告", "Report") }
            }
        }
    }
}
