import Fluent
import Vapor

/// 客户资料登记 — registering a customer (CA-1, CA-2 [3.1], [3.5]) and editing
/// their particulars. Whole phone and ID numbers are shown only through the
/// file's audited reveal, so on the edit form those boxes start empty, with
/// the masked value beside them: left empty, the stored value stays.
enum CustomerFormPage {
    static func register(_ pages: any RoutesBuilder) {
        registerMoveIn(pages)
        pages.get("properties", ":propertyID", "customers", "new") { req in try await newForm(req, form: .blank) }
        pages.post("properties", ":propertyID", "customers", "new") { req in
            try await req.formAction(render: { try await newForm(req, form: $0) }) {
                let customer = try await CustomerFiles.register(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(NewCustomerInput.self), on: req)
                return (Text("已登记客户 \(customer.name)", "\(customer.name) is on file"), "/customers/\(customer.id!)")
            }
        }
        pages.get("customers", ":customerID", "edit") { req in try await editForm(req, form: .blank) }
        pages.post("customers", ":customerID", "edit") { req in
            try await req.formAction(render: { try await editForm(req, form: $0) }) {
                let id = req.parameters.get("customerID", as: UUID.self)
                var input = try req.input(CustomerDetailsInput.self)
                // Masked values are never put in a box: an empty one means "keep", which the service reads as absent.
                for field in [\CustomerDetailsInput.phone, \.idNumber, \.emergencyPhone, \.otherContact, \.mailingAddress] where input[keyPath: field]?.isEmpty ?? false {
                    input[keyPath: field] = nil
                }
                let customer = try await CustomerFiles.edit(customerID: id, input, on: req)
                return (Text("已保存", "Saved"), "/customers/\(customer.id!)")
            }
        }
    }

    static func registerMoveIn(_ pages: any RoutesBuilder) {
        pages.get("customers", ":customerID", "move-in") { req in try await moveInForm(req, form: .blank) }
        pages.post("customers", ":customerID", "move-in") { req in
            try await req.formAction(render: { try await moveInForm(req, form: $0) }) {
                let tie = try await CustomerFiles.tie(customerID: req.parameters.get("customerID", as: UUID.self), try req.input(CustomerUnitInput.self), on: req)
                return (Text("已登记入住", "Moved in"), "/customers/\(tie.$customer.id)")
            }
        }
    }

    /// 入住 — the customer is tied to another unit (a purchase, a new tenancy, joining a household).
    static func moveInForm(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let customer = try await CustomerFiles.find(req.parameters.get("customerID", as: UUID.self), on: req.db)
        let property = try await req.property(customer.$property.id, for: actor, action: .editCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let units = try await CustomersPages.unitChoices(propertyID: property.id, on: req.db)
        return Layout.page(ctx, title: ctx.t("登记入住", "Add a unit")) {
            H.h1 { ctx.t("登记入住", "Add a unit") + " · " + customer.name }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/customers/\(customer.id!)/move-in"), .id("move-in-form")) {
                ctx.csrfField
                Form.select(ctx, form, "unitID", label: ctx.t("房号", "Unit"), options: units, prompt: ctx.t("请选择", "Choose"), required: true)
                Form.select(ctx, form, "relation", label: ctx.t("身份", "Relation"), options: CustomersPages.relationChoices(ctx), selected: CustomerRelation.owner.rawValue)
                Form.input(ctx, form, "since", label: ctx.t("入住日期", "Since"), field: CustomerUnitInput.schema.field("since"), type: "date",
                           value: property.localTime.day(ctx.now))
                H.button(.id("save-move-in")) { ctx.t("登记", "Record") }
                " "
                H.a(.class("button secondary"), .href("/customers/\(customer.id!)")) { ctx.t("取消", "Cancel") }
            }
        }
    }

    static func newForm(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .editCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let units = try await CustomersPages.unitChoices(propertyID: property.id, on: req.db)
        let schema = NewCustomerInput.schema
        return Layout.page(ctx, title: ctx.t("登记新客户", "Register a customer")) {
            H.h1 { ctx.t("登记新客户", "Register a customer") }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/properties/\(property.id)/customers/new"), .id("customer-form")) {
                ctx.csrfField
                particulars(ctx, form, schema: schema, customer: nil)
                H.fieldset {
                    H.legend { ctx.t("房号", "Unit") }
                    Form.select(ctx, form, "unitID", label: ctx.t("房号", "Unit"), options: units, prompt: ctx.t("请选择", "Choose"),
                                hint: ctx.t("没有电话和证件号码的家庭成员须登记房号", "A household member without phone or ID needs a unit"))
                    Form.select(ctx, form, "relation", label: ctx.t("身份", "Relation"), options: CustomersPages.relationChoices(ctx), selected: CustomerRelation.owner.rawValue)
                    Form.input(ctx, form, "since", label: ctx.t("入住日期", "Since"), field: schema.field("since"), type: "date",
                               value: property.localTime.day(ctx.now))
                }
                H.button(.id("save-customer")) { ctx.t("登记", "Register") }
            }
        }
    }

    static func editForm(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let customer = try await CustomerFiles.find(req.parameters.get("customerID", as: UUID.self), on: req.db)
        let property = try await req.property(customer.$property.id, for: actor, action: .editCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        return Layout.page(ctx, title: ctx.t("修改客户资料", "Edit customer")) {
            H.h1 { ctx.t("修改客户资料", "Edit customer") + " · " + customer.name }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/customers/\(customer.id!)/edit"), .id("customer-form")) {
                ctx.csrfField
                H.input(.type("hidden"), .name("version"), .value(String(customer.version)))
                particulars(ctx, form, schema: CustomerDetailsInput.schema, customer: customer)
                H.button(.id("save-customer")) { ctx.t("保存", "Save") }
                " "
                H.a(.class("button secondary"), .href("/customers/\(customer.id!)")) { ctx.t("取消", "Cancel") }
            }
        }
    }

    /// The particulars, as on the paper registration form; masked values are never put in a box.
    static func particulars(_ ctx: ViewContext, _ form: FormState, schema: InputSchema, customer: Customer?) -> Node {
        let kept = ctx.t("（已登记：%@；留空则不变）", "(on file: %@; leave empty to keep)")
        func keptHint(_ masked: String?) -> String? { masked.map { kept.replacingOccurrences(of: "%@", with: $0) } }
        return H.div {
            Form.input(ctx, form, "name", label: ctx.t("姓名", "Name"), field: schema.field("name"), value: customer?.name, required: true)
            Form.input(ctx, form, "phone", label: ctx.t("联系电话", "Phone"), field: schema.field("phone"), type: "tel", hint: keptHint(Mask.phone(customer?.phone)))
            Form.input(ctx, form, "otherContact", label: ctx.t("其他联系方式（微信、邮箱等）", "Other contact (WeChat, e-mail…)"), field: schema.field("otherContact"),
                       hint: keptHint(Mask.contact(customer?.otherContact)))
            Form.input(ctx, form, "mailingAddress", label: ctx.t("通讯地址", "Mailing address"), field: schema.field("mailingAddress"),
                       hint: keptHint(Mask.address(customer?.mailingAddress)))
            H.fieldset {
                H.legend { ctx.t("证件", "ID document") }
                Form.select(ctx, form, "idType", label: ctx.t("证件类型", "Type"), options: IDDocumentType.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                            selected: customer?.idType?.rawValue, prompt: ctx.t("无", "None"))
                Form.input(ctx, form, "idNumber", label: ctx.t("证件号码", "Number"), field: schema.field("idNumber"), hint: keptHint(Mask.idNumber(customer?.idNumber)))
                Form.input(ctx, form, "idExpiry", label: ctx.t("有效期至", "Valid until"), field: schema.field("idExpiry"), type: "date", value: customer?.idExpiry)
            }
            H.fieldset {
                H.legend { ctx.t("紧急联系人", "Emergency contact") }
                Form.input(ctx, form, "emergencyName", label: ctx.t("姓名", "Name"), field: schema.field("emergencyName"), value: customer?.emergencyName)
                Form.input(ctx, form, "emergencyPhone", label: ctx.t("电话", "Phone"), field: schema.field("emergencyPhone"), type: "tel",
                           hint: keptHint(Mask.phone(customer?.emergencyPhone)))
                Form.input(ctx, form, "emergencyRelation", label: ctx.t("与客户关系", "Relation"), field: schema.field("emergencyRelation"), value: customer?.emergencyRelation)
            }
            Form.textarea(ctx, form, "note", label: ctx.t("备注", "Note"), field: schema.field("note"), value: customer?.note)
        }
    }
}
