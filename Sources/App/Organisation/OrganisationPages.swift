import Fluent
import Vapor

/// The administrator's pages for properties, buildings, units and posts
/// (ORG-1, ORG-2). Staff are on `StaffPages`.
enum OrganisationPages {
    static func register(_ pages: any RoutesBuilder) {
        let admin = pages.grouped("admin")
        admin.get { req in try await overview(req, form: .blank) }
        admin.post("properties") { req in
            try await req.formAction(render: { try await overview(req, form: $0) }) {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationService.createProperty(try req.input(OrganisationService.PropertyInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已创建项目 \(p.name)", "Property \(p.name) created"), "/admin/properties/\(p.id!)")
            }
        }
        admin.get("properties", ":propertyID") { req in try await propertyPage(req, form: .blank) }
        admin.post("properties", ":propertyID", "buildings") { req in
            try await req.formAction(render: { try await propertyPage(req, form: $0) }) {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
                let b = try await OrganisationService.createBuilding(propertyID: p.id!, try req.input(OrganisationService.NameInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加楼栋 \(b.name)", "Building \(b.name) added"), "/admin/properties/\(p.id!)")
            }
        }
        admin.post("buildings", ":buildingID", "units") { req in
            let building = try await Building.find(req.parameters.get("buildingID", as: UUID.self), on: req.db)
            return try await req.formAction(render: { form in
                req.parameters.set("propertyID", to: building?.$property.id.text)
                return try await propertyPage(req, form: form)
            }) {
                let actor = try OrganisationAPI.admin(req)
                guard let building else { throw WuyeError.notFound(Text("楼栋", "building"), field: "buildingID") }
                let numbers = try UnitNumbers.parse(try req.input(UnitNumbersForm.self).numbers ?? "")
                let units = try await OrganisationService.createUnits(building: building, .init(numbers: numbers), by: .person(actor), now: req.now, app: req.application)
                return (Text("\(building.name) 已添加 \(units.count) 个房号", "\(units.count) units added to \(building.name)"), "/admin/properties/\(building.$property.id)")
            }
        }
        admin.post("properties", ":propertyID", "posts") { req in
            try await req.formAction(render: { try await propertyPage(req, form: $0) }) {
                let actor = try OrganisationAPI.admin(req)
                let p = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
                let post = try await OrganisationService.createPost(propertyID: p.id!, try req.input(OrganisationService.PostInput.self), by: .person(actor), now: req.now, app: req.application)
                return (Text("已添加岗位 \(post.name)", "Post \(post.name) added"), "/admin/properties/\(p.id!)")
            }
        }
        StaffPages.register(admin)
    }

    /// The units text box: numbers separated by spaces, commas or 、, ranges, floors × flats.
    struct UnitNumbersForm: CheckedInput {
        var numbers: String?
        static let schema = InputSchema("UnitNumbersForm", [("numbers", .text(10_000, multiline: true, label: Text("房号", "numbers"), rule: "ORG-1"))])
    }

    static func overview(_ req: Request, form: FormState) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let ctx = try await req.viewContext()
        let properties = try await Property.query(on: req.db).sort(\.$name).all()
        let departments = try await Department.query(on: req.db).sort(\.$code).all()
        let schema = OrganisationService.PropertyInput.schema
        return Layout.page(ctx, title: ctx.t("组织", "Organisation")) {
            H.h1 { ctx.t("组织管理", "Organisation") }
            H.p { H.a(.class("button secondary"), .href("/admin/staff")) { ctx.t("员工与权限", "Staff and permissions") } }
            H.h2 { ctx.t("项目", "Properties") }
            H.ul(.class("plain-list")) { for p in properties { H.li { H.a(.href("/admin/properties/\(p.id!)")) { p.name }; " · " + p.code + " · " + p.timeZone } } }
            H.form(.class("card"), .method("post"), .action("/admin/properties"), .id("property-form")) {
                ctx.csrfField
                H.h3 { ctx.t("新建项目", "New property") }
                Form.problems(ctx, form)
                Form.input(ctx, form, "name", label: ctx.t("项目名称", "Name"), field: schema.field("name"), required: true)
                Form.input(ctx, form, "code", label: ctx.t("项目代码", "Code"), field: schema.field("code"), required: true,
                           hint: ctx.t("字母、数字、- 或 _，如 ZC", "Letters, digits, - or _, e.g. ZC"))
                Form.input(ctx, form, "timeZone", label: ctx.t("时区", "Time zone"), field: schema.field("timeZone"), value: "Asia/Shanghai")
                H.button { ctx.t("创建", "Create") }
            }
            H.h2 { ctx.t("部门", "Departments") }
            H.ul(.class("plain-list")) { for d in departments { H.li { d.name + " · " + d.code.rawValue } } }
        }
    }

    static func propertyPage(_ req: Request, form: FormState) async throws -> Response {
        _ = try OrganisationAPI.admin(req)
        let property = try await OrganisationAPI.readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
        let ctx = try await req.viewContext()
        let buildings = try await Building.query(on: req.db).filter(\.$property.$id == property.id!).sort(\.$name).all()
        let units = try await Unit.query(on: req.db).filter(\.$property.$id == property.id!).sort(\.$number).all()
        let posts = try await Post.query(on: req.db).filter(\.$property.$id == property.id!).with(\.$department).sort(\.$name).all()
        let events = try await AuditLog.history(recordType: Property.auditType, recordID: property.id!, on: req.db)
        return Layout.page(ctx, title: property.name) {
            H.h1 { property.name }
            Form.problems(ctx, form)
            H.h2 { ctx.t("楼栋与房号", "Buildings and units") }
            for building in buildings {
                let action = "/admin/buildings/\(building.id!)/units"
                H.div(.class("card")) {
                    H.h3 { building.name }
                    H.p { units.filter { $0.$building.id == building.id }.map(\.number).joined(separator: " ") }
                    H.form(.method("post"), .action(action), .class("units-form")) {
                        ctx.csrfField
                        Form.textarea(ctx, form.for(action), "numbers", label: ctx.t("添加房号", "Add units"), field: UnitNumbersForm.schema.field("numbers"),
                                      required: true, hint: ctx.t("用空格、逗号或顿号分隔；范围写作 0101-0110；楼层×户写作 1-10×01-02（得 0101…1002）",
                                                                  "Separate with spaces or commas; a range as 0101-0110; floors × flats as 1-10×01-02 (0101 … 1002)"),
                                      rows: 2, scope: "b\(building.id!.text.prefix(8))")
                        H.button(.class("secondary")) { ctx.t("添加房号", "Add units") }
                    }
                }
            }
            H.form(.class("card"), .method("post"), .action("/admin/properties/\(property.id!)/buildings")) {
                ctx.csrfField
                Form.input(ctx, form.for("/admin/properties/\(property.id!)/buildings"), "name", label: ctx.t("新楼栋名称，如 3栋", "New building, e.g. 3栋"),
                           field: OrganisationService.NameInput.schema.field("name"), required: true, scope: "building")
                H.button { ctx.t("添加楼栋", "Add building") }
            }
            H.h2 { ctx.t("岗位", "Posts") }
            H.ul(.class("plain-list")) { for post in posts { H.li { post.name + " · " + post.department.name } } }
            H.form(.class("card"), .method("post"), .action("/admin/properties/\(property.id!)/posts")) {
                ctx.csrfField
                let postForm = form.for("/admin/properties/\(property.id!)/posts")
                Form.input(ctx, postForm, "name", label: ctx.t("岗位名称", "Post name"), field: OrganisationService.PostInput.schema.field("name"), required: true, scope: "post")
                Form.select(ctx, postForm, "department", label: ctx.t("部门", "Department"), options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) })
                H.button { ctx.t("添加岗位", "Add post") }
            }
            Layout.history(ctx, events, time: property.localTime)
        }
    }
}
