import Fluent
import Vapor

/// 申报《工作联络单》 (SH-40, SH-42, SH-43): on a phone, by the contractor's
/// account or by staff for a contractor — the work, the window, the team and
/// each worker (a special trade with its certificate), what it cuts, the
/// leader's signature and the drawings.
enum WorkFormNewPage {
    /// Rows for workers on the page; `?rows=` asks for more.
    static let defaultRows = 4
    static let rowsField = InputField.integer(1...SiteAccessRules.mostWorkers, label: Text("人员行数", "rows"))

    /// What the page sends: the form's fields, with the drawings as files.
    struct Sent: CheckedInput, Content {
        var contractorID: String?
        var project: String?
        var scope: String?
        var showHouseID: String?
        var area: String?
        var startsAt: String?
        var endsAt: String?
        var headcount: Int?
        var teamLeader: String?
        var leaderPhone: String?
        var signature: String?
        var description: String?
        var cutsPower: Bool?
        var cutsWater: Bool?
        var cutsEquipment: Bool?
        var crossesAreas: Bool?
        var workers: [WorkFormInput.Worker]?
        var drawings: [File]?
        static let schema = InputSchema("WorkFormPageInput", WorkFormInput.fields + [("drawings", Upload.files(label: Text("施工图纸", "drawings"), rule: "SH-40"))])

        var input: WorkFormInput {
            // Empty worker rows on the page are not workers.
            let named = (workers ?? []).filter { Input.text($0.name) != nil || Input.text($0.certificateNo) != nil }
            return WorkFormInput(contractorID: contractorID, project: project, scope: scope, showHouseID: showHouseID, area: area, startsAt: startsAt, endsAt: endsAt,
                                 headcount: headcount, teamLeader: teamLeader, leaderPhone: leaderPhone, signature: signature, description: description,
                                 cutsPower: cutsPower, cutsWater: cutsWater, cutsEquipment: cutsEquipment, crossesAreas: crossesAreas, workers: named, drawings: nil)
        }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "work-forms", "new") { req in try await show(req, form: .blank) }
        pages.uploadForm("properties", ":propertyID", "work-forms", "new", megabytes: 36) { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let sent = try req.input(Sent.self)
                let drawings = try (sent.drawings ?? []).compactMap { try Upload.file($0, field: "drawings", allowPDF: true, rule: "SH-40") }
                let made = try await WorkLiaisonForms.file(propertyID: req.parameters.get("propertyID", as: UUID.self), sent.input, drawings: drawings, on: req)
                return (Text("已申报工作联络单 \(made.referenceNo)，待物业服务部领导审批", "Form \(made.referenceNo) filed; leadership approves it next"), WorkLiaisonForms.link(made.id!))
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .fileWorkForm)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let settings = try await Contractors.settings(of: property.id, on: req.db)
        let houses = try await ShowHouse.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all()
        let contractors = actor.contractorID == nil
            ? try await Contractor.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$expelledAt == nil).sort(\.$name).all() : []
        var own: Contractor?
        if let id = actor.contractorID { own = try await Contractor.find(id, on: req.db) }
        let asked = try req.queryInt("rows", rowsField, default: defaultRows)
        let sentRows = (0..<SiteAccessRules.mostWorkers).last { form.value("workers[\($0)][name]") != nil }.map { $0 + 1 } ?? 0
        let rows = min(max(asked, sentRows, 1), SiteAccessRules.mostWorkers)
        let schema = WorkFormInput.schema
        let startDay = LocalTime.day(time.day(ctx.now), plus: settings.leadDays)
        let action = "/properties/\(property.id)/work-forms/new"
        return Layout.page(ctx, title: ctx.t("申报工作联络单", "File a work liaison form")) {
            H.h1 { ctx.t("申报工作联络单", "File a work liaison form") }
            H.p(.class("muted")) {
                ctx.t("须提前 \(settings.leadDays) 天申报（最早 \(startDay) 开工），如实填写施工项目、范围、时间、人数与人员名单；特殊工种须有有效上岗证；附施工图纸与说明。",
                      "File \(settings.leadDays) days ahead (work starts \(startDay) at the earliest); name every worker; special trades need a valid certificate; attach the drawings.")
            }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action(action), .attr("enctype", "multipart/form-data"), .id("work-form")) {
                ctx.csrfField
                if let own { H.p { ctx.t("施工单位：", "Contractor: "); H.strong { own.name } } }
                else {
                    Form.select(ctx, form, "contractorID", label: ctx.t("施工单位", "Contractor"), options: contractors.map { ($0.id!.uuidString, $0.name) },
                                prompt: ctx.t("请选择", "Choose"), required: true,
                                hint: ctx.t("名单中没有的，请先在“施工单位”登记", "Not listed? Register it under Contractors first"))
                }
                Form.input(ctx, form, "project", label: ctx.t("施工项目", "Project"), field: schema.field("project"), required: true)
                Form.textarea(ctx, form, "scope", label: ctx.t("施工范围", "Scope"), field: schema.field("scope"), required: true)
                Form.select(ctx, form, "showHouseID", label: ctx.t("样板房", "Show house"), options: houses.map { ($0.id!.uuidString, $0.name) }, prompt: ctx.t("— 非样板房 —", "— none —"))
                Form.input(ctx, form, "area", label: ctx.t("施工区域（房间、部位）", "Area (rooms, places)"), field: schema.field("area"), required: true)
                Form.input(ctx, form, "startsAt", label: ctx.t("开工时间", "Starts"), type: "datetime-local", value: startDay + "T09:00", required: true)
                Form.input(ctx, form, "endsAt", label: ctx.t("完工时间", "Ends"), type: "datetime-local", value: startDay + "T18:00", required: true)
                H.fieldset(.class("choices")) {
                    H.legend { ctx.t("是否停电、停水、停机电设备或跨区域（须物业服务部领导另行同意）", "Cuts power, water or equipment, or crosses areas (leadership agrees separately)") }
                    Form.checkbox(form, "cutsPower", label: ctx.t("停电", "Power off"), value: "true", checked: false)
                    Form.checkbox(form, "cutsWater", label: ctx.t("停水", "Water off"), value: "true", checked: false)
                    Form.checkbox(form, "cutsEquipment", label: ctx.t("停机电设备", "Equipment off"), value: "true", checked: false)
                    Form.checkbox(form, "crossesAreas", label: ctx.t("跨越或更换施工区域", "Crosses or changes areas"), value: "true", checked: false)
                }
                Form.input(ctx, form, "teamLeader", label: ctx.t("施工队负责人", "Team leader"), field: schema.field("teamLeader"), required: true)
                Form.input(ctx, form, "leaderPhone", label: ctx.t("负责人电话", "Leader's phone"), field: schema.field("leaderPhone"), type: "tel", required: true)
                Form.input(ctx, form, "headcount", label: ctx.t("施工人数", "Headcount"), field: schema.field("headcount"), type: "number", required: true,
                           hint: ctx.t("应与下方名单人数一致", "Must match the names below"))
                H.fieldset(.id("workers")) {
                    H.legend { ctx.t("施工人员名单", "Workers") }
                    for index in 0..<rows {
                        H.fieldset(.class("worker-row"), .id("worker-row-\(index)")) {
                            H.legend { ctx.t("第 \(index + 1) 人", "Worker \(index + 1)") }
                            H.input(.type("text"), .name("workers[\(index)][name]"), .value(form.value("workers[\(index)][name]") ?? ""), .attr("maxlength", "30"),
                                    .attr("placeholder", ctx.t("姓名", "Name")), .attr("aria-label", ctx.t("第 \(index + 1) 人姓名", "Worker \(index + 1): name")))
                            H.el("select", [.name("workers[\(index)][trade]"), .attr("aria-label", ctx.t("第 \(index + 1) 人工种", "Worker \(index + 1): trade"))]) {
                                H.option(.value("")) { ctx.t("普通工种", "General") }
                                for trade in SpecialTrade.allCases {
                                    H.option(.value(trade.rawValue), .when(form.value("workers[\(index)][trade]") == trade.rawValue, .selected)) { ctx.t(trade.title) }
                                }
                            }
                            H.input(.type("text"), .name("workers[\(index)][certificateNo]"), .value(form.value("workers[\(index)][certificateNo]") ?? ""), .attr("maxlength", "40"),
                                    .attr("placeholder", ctx.t("上岗证号（特殊工种）", "Certificate no. (special trades)")), .attr("aria-label", ctx.t("第 \(index + 1) 人上岗证号", "Worker \(index + 1): certificate")))
                            H.input(.type("date"), .name("workers[\(index)][certificateExpires]"), .value(form.value("workers[\(index)][certificateExpires]") ?? ""),
                                    .attr("aria-label", ctx.t("第 \(index + 1) 人上岗证有效期至", "Worker \(index + 1): certificate valid until")))
                            if let problem = form.problem("workers.\(index).name") { H.p(.class("field-error")) { ctx.t(problem.message) } }
                        }
                    }
                    if rows < SiteAccessRules.mostWorkers {
                        H.p { H.a(.class("button secondary"), .href(action + "?rows=\(min(rows + 4, SiteAccessRules.mostWorkers))"), .id("more-rows")) { ctx.t("更多人员行", "More rows") } }
                    }
                }
                Form.textarea(ctx, form, "description", label: ctx.t("施工说明", "Description"), field: schema.field("description"), required: true, rows: 4)
                Form.row(ctx, form, "drawings", label: ctx.t("施工图纸（1–4 份，图片或 PDF）", "Drawings (1–4, pictures or PDF)"), required: true) { id, problem in
                    H.input([.type("file"), .name("drawings[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp,application/pdf"), .flag("multiple")] + problem)
                }
                SignaturePad.field(ctx, form, legend: ctx.t("施工队负责人签字", "The team leader signs"), typed: ctx.t("或输入姓名作为签名", "Or type the name as the signature"), hint: nil)
                H.button(.id("file-work-form")) { ctx.t("提交申报", "File the form") }
            }
        }
    }
}
