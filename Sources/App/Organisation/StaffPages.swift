import Fluent
import Vapor

/// 员工与权限 — the administrator's staff pages: department, rank and the
/// properties each person works at decide what they may do (ORG-3, ORG-4).
enum StaffPages {
    static func register(_ admin: any RoutesBuilder) {
        admin.get("staff") { req in try await list(req, form: .blank) }
        admin.post("staff") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let actor = try OrganisationAPI.admin(req)
                let staff = try await OrganisationService.createStaff(input(try req.input(StaffForm.self)), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加员工 \(staff.name)", "Staff member \(staff.name) added"), "/admin/staff")
            }
        }
        admin.get("staff", ":staffID") { req in try await show(req, form: .blank) }
        admin.post("staff", ":staffID") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let actor = try OrganisationAPI.admin(req)
                let form = try req.input(StaffForm.self)
                var edit = input(form)
                edit.isActive = form.isActive == "on"
                edit.version = form.version
                let staff = try await OrganisationService.updateStaff(try Input.uuid(req.parameters.get("staffID"), field: "staffID"), edit, by: .person(actor), now: req.now, app: req.application)
                return (Text("已保存 \(staff.name)", "\(staff.name) saved"), "/admin/staff/\(staff.id!)")
            }
        }
    }

    /// The staff form: check boxes send "on"; everything else as the API takes it.
    struct StaffForm: CheckedInput {
        var username: String?, name: String?, password: String?, rank: String?, department: String?, phone: String?, properties: [String]?
        var isAdmin: String?, isActive: String?, version: Int?

        static let schema: InputSchema = {
            let api = OrganisationService.StaffInput.schema
            let checkbox = InputField.choice(["on"])
            return InputSchema("StaffForm", api.fields.map { field in
                field.name == "isAdmin" || field.name == "isActive" ? (field.name, checkbox) : (field.name, field.field)
            })
        }()
    }

    static func input(_ form: StaffForm) -> OrganisationService.StaffInput {
        .init(username: form.username, name: form.name, password: form.password, rank: form.rank, department: form.department,
              phone: form.phone, properties: form.properties ?? [], isAdmin: form.isAdmin == "on")
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let ctx = try await req.viewContext()
        let staff = Pinyin.sorted(try await Staff.query(on: req.db).with(\.$department).all(), by: \.name)
        let properties = try await Property.query(on: req.db).sort(\.$name).all()
        return Layout.page(ctx, title: ctx.t("员工", "Staff"), wide: true) {
            H.h1 { ctx.t("员工与权限", "Staff and permissions") }
            H.table(.class("stack")) {
                H.thead { H.tr { H.th { ctx.t("姓名", "Name") }; H.th { ctx.t("用户名", "Username") }; H.th { ctx.t("部门", "Department") }; H.th { ctx.t("职级", "Rank") }; H.th { ctx.t("状态", "Status") } } }
                H.tbody {
                    for person in staff {
                        H.tr {
                            Layout.cell(ctx.t("姓名", "Name")) { H.a(.href("/admin/staff/\(person.id!)")) { person.name }; person.isAdmin ? " · " + ctx.t("管理员", "admin") : "" }
                            Layout.cell(ctx.t("用户名", "Username")) { person.username }
                            Layout.cell(ctx.t("部门", "Department")) { ctx.t(person.department.code.title) }
                            Layout.cell(ctx.t("职级", "Rank")) { ctx.t(person.rank.title) }
                            Layout.cell(ctx.t("状态", "Status")) { person.isActive ? ctx.t("在职", "active") : ctx.t("停用", "inactive") }
                        }
                    }
                }
            }
            H.form(.class("card"), .method("post"), .action("/admin/staff"), .id("new-staff")) {
                ctx.csrfField
                H.h2 { ctx.t("添加员工", "Add a staff member") }
                Form.problems(ctx, form)
                fields(ctx, form, staff: nil, properties: properties, assigned: [])
                H.button { ctx.t("添加", "Add") }
            }
        }
    }

    static func fields(_ ctx: ViewContext, _ form: FormState, staff: Staff?, properties: [Property], assigned: Set<UUID>) -> Node {
        let schema = OrganisationService.StaffInput.schema
        return .fragment([
            staff == nil ? Form.input(ctx, form, "username", label: ctx.t("用户名", "Username"), field: schema.field("username"), required: true,
                                      hint: ctx.t("字母、数字和 . _ -，如 kf.zhangsan", "Letters, digits and . _ -, e.g. kf.zhangsan"),
                                      extra: [.attr("autocapitalize", "none"), .attr("autocomplete", "off")]) : .empty,
            Form.input(ctx, form, "name", label: ctx.t("姓名", "Name"), field: schema.field("name"), value: staff?.name, required: true),
            Form.input(ctx, form, "password", label: staff == nil ? ctx.t("密码（至少 8 位）", "Password (8 or more characters)") : ctx.t("新密码（不改则留空）", "New password (leave empty to keep)"),
                       field: staff == nil ? schema.field("password") : nil, type: "password", required: staff == nil, extra: [.attr("autocomplete", "new-password")]),
            // A contractor's account keeps its "department": it is opened, and tied to its contractor, from the contractor's page.
            staff?.department.code == .contractor
                ? H.p { ctx.t("部门：施工单位（账号在施工单位页开通）", "Department: contractor (opened from the contractor's page)") }
                : Form.select(ctx, form, "department", label: ctx.t("部门", "Department"), options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) },
                              selected: staff?.department.code.rawValue),
            Form.select(ctx, form, "rank", label: ctx.t("职级", "Rank"), options: Rank.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: staff?.rank.rawValue),
            Form.input(ctx, form, "phone", label: ctx.t("电话", "Phone"), field: schema.field("phone"), type: "tel", value: staff?.phone, extra: [.attr("inputmode", "tel")]),
            H.fieldset(.class(form.problem("properties") == nil ? "choices" : "choices invalid"), .id(Form.fieldID("properties"))) {
                H.legend { ctx.t("负责项目（至少一个）", "Properties (at least one)") }
                for property in properties {
                    Form.checkbox(form, "properties[]", label: property.name, value: property.id!.text, checked: assigned.contains(property.id!))
                }
                if let problem = form.problem("properties") { H.p(.class("field-error")) { ctx.t(problem.message) } }
            },
            H.div(.class("choices")) { Form.checkbox(form, "isAdmin", label: ctx.t("系统管理员", "Administrator"), checked: staff?.isAdmin == true) },
        ])
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let ctx = try await req.viewContext()
        guard let id = try Input.uuid(req.parameters.get("staffID"), field: "staffID"),
              let staff = try await Staff.query(on: req.db).filter(\.$id == id).with(\.$department).first() else {
            throw WuyeError.notFound(Text("员工", "staff member"))
        }
        let properties = try await Property.query(on: req.db).sort(\.$name).all()
        let assigned = Set(try await StaffProperty.query(on: req.db).filter(\.$staff.$id == id).all().map { $0.$property.id })
        let events = try await AuditLog.history(recordType: Staff.auditType, recordID: id, on: req.db)
        return Layout.page(ctx, title: staff.name) {
            H.h1 { staff.name + " · " + staff.username }
            H.form(.class("card"), .method("post"), .action("/admin/staff/\(id)"), .id("edit-staff")) {
                ctx.csrfField
                Form.problems(ctx, form)
                // The version this form starts from: a save made from an older one is refused. After such a
                // refusal the form shows what was typed with the current version, so saving again is a choice.
                H.input(.type("hidden"), .name("version"), .value(String(staff.version)))
                fields(ctx, form, staff: staff, properties: properties, assigned: assigned)
                H.div(.class("choices")) { Form.checkbox(form, "isActive", label: ctx.t("在职", "Active"), checked: staff.isActive) }
                H.button { ctx.t("保存", "Save") }
            }
            Layout.history(ctx, events, time: LocalTime("Asia/Shanghai"))
        }
    }
}
