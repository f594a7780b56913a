import Fluent
import Vapor

/// 登记工单 — what anyone on duty fills in when a guest calls, walks in or
/// speaks up in a show house, or when security takes it after hours: the
/// kind, who raised it (a customer on file, or a guest by name and phone),
/// what it is about, photos, urgency (SH-33, SH-11).
enum ServiceNewPage {
    /// What the page's form sends: photos as files rather than data URLs.
    struct Sent: CheckedInput, Content {
        var kind: String?, source: String?, urgent: Bool?, description: String?, customerID: String?, guestName: String?, guestPhone: String?, department: String?
        var photos: [File]?

        static let schema = InputSchema("ServiceItemForm", NewServiceItemInput.schema.fields.filter { $0.0 != "photos" && $0.0 != "unitID" } + [
            ("photos", Upload.files(label: Text("照片", "photos"), rule: "SH-33")),
        ])
        var input: NewServiceItemInput {
            NewServiceItemInput(kind: kind, source: source, urgent: urgent, description: description, customerID: customerID, guestName: guestName,
                                guestPhone: guestPhone, department: department)
        }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "service-items", "new") { req in try await form(req, state: .blank) }
        pages.uploadForm("properties", ":propertyID", "service-items", "new", megabytes: 36) { req in
            try await req.formAction(render: { try await form(req, state: $0) }) {
                let sent = try req.input(Sent.self)
                let photos = try (sent.photos ?? []).compactMap { try Upload.file($0, field: "photos", rule: "SH-33") }
                let made = try await ServiceDesk.record(propertyID: req.parameters.get("propertyID", as: UUID.self), sent.input, photos: photos, on: req)
                return (Text("已登记工单 \(made.referenceNo)", "\(made.referenceNo) recorded"), "/service-items/\(made.id!)")
            }
        }
    }

    static func form(_ req: Request, state: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .recordServiceItem)
        let ctx = try await req.viewContext(propertyID: property.id)
        let action = "/properties/\(property.id)/service-items/new"
        let found = try await CustomerPicker.found(req, ctx: ctx, property: property.id, form: state)
        let find = try req.queryValue("find", CustomerPicker.findField)
        let schema = NewServiceItemInput.schema
        let afterHours = !(try await DeskHandovers.isWorkingHours(ctx.now, property: property, on: req.db))
        let source = actor.department == .security && afterHours ? ServiceSource.afterHours.rawValue : ServiceSource.phone.rawValue
        return Layout.page(ctx, title: ctx.t("登记工单", "Record an item")) {
            H.h1 { ctx.t("登记工单", "Record an item") }
            H.p(.class("muted")) {
                ctx.t("投诉须留下客户档案或联系电话，以便回访。报修默认交工程部；事件须写明负责处理的部门。",
                      "A complaint needs the customer's file or a phone for the callback. Repairs go to engineering; an incident names the department that must resolve it.")
            }
            Form.problems(ctx, state)
            if ctx.may(.viewCustomers, at: property.id) { CustomerPicker.search(ctx, action: action, anchor: "service-form", value: find) }
            H.form(.class("card"), .method("post"), .action(action), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("service-form")) {
                ctx.csrfField
                Form.select(ctx, state, "kind", label: ctx.t("类别", "Kind"), options: ServiceKind.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                            prompt: ctx.t("请选择", "Choose"), required: true)
                Form.select(ctx, state, "source", label: ctx.t("来源", "Source"), options: ServiceSource.allCases.filter { $0 != .record }.map { ($0.rawValue, ctx.t($0.title)) },
                            selected: source, required: true)
                CustomerPicker.choice(ctx, state, found: found)
                Form.input(ctx, state, "guestName", label: ctx.t("来访人/来电人姓名", "Guest's name"), field: schema.field("guestName"))
                Form.input(ctx, state, "guestPhone", label: ctx.t("联系电话", "Phone"), field: schema.field("guestPhone"), type: "tel", extra: [.attr("inputmode", "tel")])
                Form.textarea(ctx, state, "description", label: ctx.t("内容", "What it is about"), field: schema.field("description"), required: true, rows: 4)
                Form.select(ctx, state, "department", label: ctx.t("负责部门（不选则按类别）", "Department (by kind if left empty)"),
                            options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) }, prompt: ctx.t("按类别", "By kind"))
                H.div(.class("choices")) { Form.checkbox(state, "urgent", label: ctx.t("紧急（立即通知部门经理）", "Urgent (the department's managers are told at once)"), value: "true", checked: false) }
                Form.row(ctx, state, "photos", label: ctx.t("照片（最多 \(Upload.maxCount) 张）", "Photos (up to \(Upload.maxCount))"),
                         hint: state.wasSent ? ctx.t("请重新选择照片", "Choose the photos again") : nil) { id, problem in
                    H.input([.type("file"), .name("photos[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp"), .flag("multiple")] + problem)
                }
                H.button(.id("save-service-item")) { ctx.t("登记", "Record") }
            }
        }
    }
}
