import Fluent
import Vapor

/// The administrator's pages for properties, buildings, units, posts and staff (ORG-1…ORG-4).
enum OrganisationPages {
    static func register(_ pages: any RoutesBuilder) {
        let admin = pages.grouped("admin")
        admin.get(use: overview)
        admin.post("properties") { req in
            try await req.pageAction(back: "/admin") {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationService.createProperty(try req.input(OrganisationService.PropertyInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已创建项目 \(p.name)", "Property \(p.name) created"), "/admin/properties/\(p.id!)")
            }
        }
        admin.get("properties", ":propertyID", use: propertyPage)
        admin.post("properties", ":propertyID", "buildings") { req in
            let back = "/admin/properties/\(req.parameters.get("propertyID") ?? "")"
            return try await req.pageAction(back: back) {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
                let b = try await OrganisationService.createBuilding(propertyID: p.id!, try req.input(OrganisationService.NameInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加楼栋 \(b.name)", "Building \(b.name) added"), back)
            }
        }
        admin.post("buildings", ":buildingID", "units") { req in
            try await req.pageAction(back: "/admin") {
                let actor = try OrganisationAPI.admin(req)
                guard let id = try Input.uuid(req.parameters.get("buildingID"), field: "buildingID"), let building = try await Building.find(id, on: req.db) else {
                    throw WuyeError.notFound(Text("楼栋", "building"))
                }
                // One text box: numbers separated by spaces, commas or new lines.
                let text = try req.input(UnitNumbersForm.self).numbers ?? ""
                let numbers = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "\n" || $0 == "\r" }).map(String.init)
                let units = try await OrganisationService.createUnits(building: building, .init(numbers: numbers), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加 \(units.count) 个房号", "\(units.count) units added"), "/admin/properties/\(building.$property.id)")
            }
        }
        admin.post("properties", ":propertyID", "posts") { req in
            let back = "/admin/properties/\(req.parameters.get("propertyID") ?? "")"
            return try await req.pageAction(back: back) {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
                let post = try await OrganisationService.createPost(propertyID: p.id!, try req.input(OrganisationService.PostInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加岗位 \(post.name)", "Post \(post.name) added"), back)
            }
        }
        admin.get("staff", use: staffList)
        admin.post("staff") { req in
            try await req.pageAction(back: "/admin/staff") {
                let actor = try OrganisationAPI.admin(req)
                let staff = try await OrganisationService.createStaff(staffInput(try req.input(StaffForm.self)), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加员工 \(staff.name)", "Staff member \(staff.name) added"), "/admin/staff")
            }
        }
        admin.get("staff", ":staffID", use: staffPage)
        admin.post("staff", ":staffID") { req in
            let back = "/admin/staff/\(req.parameters.get("staffID") ?? "")"
            return try await req.pageAction(back: back) {
                let actor = try OrganisationAPI.admin(req)
                let form = try req.input(StaffForm.self)
                var input = staffInput(form)
                input.isActive = form.isActive == "on"
                input.version = form.version
                let staff = try await OrganisationService.updateStaff(try Input.uuid(req.parameters.get("staffID"), field: "staffID"), input, by: .person(actor), now: req.now, app: req.application)
                return (Text("已保存 \(staff.name)", "\(staff.name) saved"), back)
            }
        }
    }

    /// The staff form: check boxes send "on", the rest as the API takes it.
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

    /// The units text box: numbers separated by spaces, commas or new lines.
    struct UnitNumbersForm: CheckedInput {
        var numbers: String?
        static let schema = InputSchema("UnitNumbersForm", [("numbers", .text(10_000, multiline: true, label: Text("房号", "numbers"), rule: "ORG-1"))])
    }

    static func staffInput(_ form: StaffForm) -> OrganisationService.StaffInput {
        .init(username: form.username, name: form.name, password: form.password, rank: form.rank, department: form.department,
                     phone: form.phone, properties: form.properties ?? [], isAdmin: form.isAdmin == "on")
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let ctx = try await req.viewContext()
        let properties = try await Property.query(on: req.db).sort(\.$name).all()
        let departments = try await Department.query(on: req.db).sort(\.$code).all()
        return Layout.page(ctx, title: ctx.t("组织", "Organisation")) {
            H.h1 { ctx.t("组织管理", "Organisation") }
            H.p { H.a(.class("button secondary"), .href("/admin/staff")) { ctx.t("员工与权限", "Staff and permissions") } }
            H.h2 { ctx.t("项目", "Properties") }
            H.ul { for p in properties { H.li { H.a(.href("/admin/properties/\(p.id!)")) { p.name }; " · " + p.code + " · " + p.timeZone } } }
            H.form(.class("card"), .method("post"), .action("/admin/properties")) {
                ctx.csrfField
                H.h3 { ctx.t("新建项目", "New property") }
                Layout.field(ctx.t("名称", "Name"), H.input(.name("name"), .required))
                Layout.field(ctx.t("代码", "Code"), H.input(.name("code"), .required))
                Layout.field(ctx.t("时区", "Time zone"), H.input(.name("timeZone"), .value("Asia/Shanghai")))
                H.button { ctx.t("创建", "Create") }
            }
            H.h2 { ctx.t("部门", "Departments") }
            H.ul { for d in departments { H.li { d.name + " · " + d.code.rawValue } } }
        }
    }

    @Sendable static func propertyPage(req: Request) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let property = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
        let ctx = try await req.viewContext()
        let buildings = try await Building.query(on: req.db).filter(\.$property.$id == property.id!).sort(\.$name).all()
        let units = try await Unit.query(on: req.db).filter(\.$property.$id == property.id!).sort(\.$number).all()
        let posts = try await Post.query(on: req.db).filter(\.$property.$id == property.id!).with(\.$department).sort(\.$name).all()
        let events = try await AuditLog.history(recordType: Property.auditType, recordID: property.id!, on: req.db)
        return Layout.page(ctx, title: property.name) {
            H.h1 { property.name }
            H.h2 { ctx.t("楼栋与房号", "Buildings and units") }
            for building in buildings {
                H.div(.class("card")) {
                    H.h3 { building.name }
                    H.p { units.filter { $0.$building.id == building.id }.map(\.number).joined(separator: " ") }
                    H.form(.class("filters"), .method("post"), .action("/admin/buildings/\(building.id!)/units")) {
                        ctx.csrfField
                        H.input(.name("numbers"), .placeholder(ctx.t("新房号，用空格分隔", "New unit numbers, separated by spaces")), .required)
                        H.button(.class("secondary")) { ctx.t("添加房号", "Add units") }
                    }
                }
            }
            H.form(.class("filters"), .method("post"), .action("/admin/properties/\(property.id!)/buildings")) {
                ctx.csrfField
                H.input(.name("name"), .placeholder(ctx.t("楼栋名称，如 3栋", "Building name")), .required)
                H.button { ctx.t("添加楼栋", "Add building") }
            }
            H.h2 { ctx.t("岗位", "Posts") }
            H.ul { for post in posts { H.li { post.name + " · " + post.department.name } } }
            H.form(.class("filters"), .method("post"), .action("/admin/properties/\(property.id!)/posts")) {
                ctx.csrfField
                H.input(.name("name"), .placeholder(ctx.t("岗位名称", "Post name")), .required)
                H.select(.name("department")) { for code in DepartmentCode.allCases { H.option(.value(code.rawValue)) { ctx.t(code.title) } } }
                H.button { ctx.t("添加岗位", "Add post") }
            }
            Layout.history(ctx, events, time: property.localTime)
        }
    }

    @Sendable static func staffList(req: Request) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let ctx = try await req.viewContext()
        let staff = try await Staff.query(on: req.db).with(\.$department).sort(\.$username).all()
        let properties = try await Property.query(on: req.db).sort(\.$name).all()
        return Layout.page(ctx, title: ctx.t("员工", "Staff"), wide: true) {
            H.h1 { ctx.t("员工与权限", "Staff and permissions") }
            H.table(.class("stack")) {
                H.thead { H.tr { H.th { ctx.t("用户名", "Username") }; H.th { ctx.t("姓名", "Name") }; H.th { ctx.t("部门", "Department") }; H.th { ctx.t("职级", "Rank") }; H.th { ctx.t("状态", "Status") } } }
                H.tbody {
                    for person in staff {
                        H.tr {
                            Layout.cell(ctx.t("用户名", "Username")) { H.a(.href("/admin/staff/\(person.id!)")) { person.username } }
                            Layout.cell(ctx.t("姓名", "Name")) { person.name + (person.isAdmin ? " · " + ctx.t("管理员", "admin") : "") }
                            Layout.cell(ctx.t("部门", "Department")) { person.department.name }
                            Layout.cell(ctx.t("职级", "Rank")) { ctx.t(person.rank.title) }
                            Layout.cell(ctx.t("状态", "Status")) { person.isActive ? ctx.t("在职", "active") : ctx.t("停用", "inactive") }
                        }
                    }
                }
            }
            H.form(.class("card"), .method("post"), .action("/admin/staff")) {
                ctx.csrfField
                H.h2 { ctx.t("添加员工", "Add a staff member") }
                staffFields(ctx, staff: nil, properties: properties, assigned: [])
                H.button { ctx.t("添加", "Add") }
            }
        }
    }

    static func staffFields(_ ctx: ViewContext, staff: Staff?, properties: [Property], assigned: Set<UUID>) -> Node {
        .fragment([
            staff == nil ? Layout.field(ctx.t("用户名", "Username"), H.input(.name("username"), .required)) : .empty,
            Layout.field(ctx.t("姓名", "Name"), H.input(.name("name"), .value(staff?.name ?? ""), .required)),
            Layout.field(staff == nil ? ctx.t("密码（至少 8 位）", "Password (8 or more characters)") : ctx.t("新密码（不改则留空）", "New password (leave empty to keep)"),
                         staff == nil ? H.input(.name("password"), .type("password"), .required) : H.input(.name("password"), .type("password"))),
            Layout.field(ctx.t("部门", "Department"), H.select(.name("department")) {
                for code in DepartmentCode.allCases {
                    if staff?.department.code == code { H.option(.value(code.rawValue), .selected) { ctx.t(code.title) } } else { H.option(.value(code.rawValue)) { ctx.t(code.title) } }
                }
            }),
            Layout.field(ctx.t("职级", "Rank"), H.select(.name("rank")) {
                for rank in Rank.allCases {
                    if staff?.rank == rank { H.option(.value(rank.rawValue), .selected) { ctx.t(rank.title) } } else { H.option(.value(rank.rawValue)) { ctx.t(rank.title) } }
                }
            }),
            Layout.field(ctx.t("电话", "Phone"), H.input(.name("phone"), .type("tel"), .value(staff?.phone ?? ""))),
            H.fieldset {
                H.legend { ctx.t("负责项目", "Properties") }
                for property in properties {
                    H.label { H.input(.type("checkbox"), .name("properties[]"), .value(property.id!.uuidString), .when(assigned.contains(property.id!), .checked)); " " + property.name + " " }
                }
            },
            H.p { H.label { H.input(.type("checkbox"), .name("isAdmin"), .when(staff?.isAdmin == true, .checked)); " " + ctx.t("系统管理员", "Administrator") } },
        ])
    }

    @Sendable static func staffPage(req: Request) async throws -> Response {
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
            H.form(.class("card"), .method("post"), .action("/admin/staff/\(id)")) {
                ctx.csrfField
                staffFields(ctx, staff: staff, properties: properties, assigned: assigned)
                H.br()
                H.input(.type("hidden"), .name("version"), .value(String(staff.version)))
                H.label { H.input(.type("checkbox"), .name("isActive"), .when(staff.isActive, .checked)); " " + ctx.t("在职", "Active") }
                H.p { H.button { ctx.t("保存", "Save") } }
            }
            Layout.history(ctx, events, time: LocalTime("Asia/Shanghai"))
        }
    }
}
