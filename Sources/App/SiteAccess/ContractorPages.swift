import Fluent
import Vapor

/// 施工单位 — the property's contractors, and one contractor's record: its
/// accounts, its forms, and the violations, damage and expulsions against it
/// (SH-46, ORG-4).
enum ContractorPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "contractors") { req in try await list(req, form: .blank) }
        pages.post("properties", ":propertyID", "contractors") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let made = try await Contractors.register(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(ContractorInput.self), on: req)
                return (Text("已登记施工单位\(made.name)", "\(made.name) registered"), "/contractors/\(made.id!)")
            }
        }
        pages.get("contractors", ":contractorID") { req in try await show(req, form: .blank) }
        pages.post("contractors", ":contractorID", "accounts") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let staff = try await Contractors.openAccount(contractorID: req.parameters.get("contractorID", as: UUID.self), try req.input(ContractorAccountInput.self), on: req)
                return (Text("已开通账号 \(staff.username)", "Account \(staff.username) opened"), "/contractors/\(req.parameters.get("contractorID") ?? "")")
            }
        }
        pages.post("contractors", ":contractorID", "incidents") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await SiteGate.recordIncident(contractorID: req.parameters.get("contractorID", as: UUID.self), try req.input(ContractorIncidentInput.self), on: req)
                return (Text("已记录\(made.kind.title.zh)，已转服务台", "\(made.kind.title.en) recorded and sent to the desk"), "/contractors/\(made.$contractor.id)")
            }
        }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewSiteAccess)
        let ctx = try await req.viewContext(propertyID: property.id)
        let rows = try await SiteAccessQueries.contractors(propertyID: property.id, only: actor.contractorID, on: req.db)
        let action = "/properties/\(property.id)/contractors"
        return Layout.page(ctx, title: ctx.t("施工单位", "Contractors")) {
            H.h1 { property.name + " · " + ctx.t("施工单位", "Contractors") }
            H.p(.class("no-print")) { H.a(.class("strong-link"), .href("/properties/\(property.id)/work-forms")) { ctx.t("← 工作联络单", "← Work forms") } }
            Form.problems(ctx, form)
            H.ul(.class("tap-list"), .id("contractors")) {
                for c in rows {
                    H.li {
                        H.a(.class("strong-link"), .href("/contractors/\(c.id)")) { c.name }
                        " · " + c.contact + " " + c.phone + " · " + ctx.t("联络单 \(c.forms) 张", "\(c.forms) forms")
                        if !c.incidents.isEmpty { " · "; H.span(.class("badge late")) { ctx.t("违规/损坏 \(c.incidents.count) 次", "\(c.incidents.count) incidents") } }
                        if c.expelledAt != nil { " "; H.span(.class("badge late")) { ctx.t("已驱逐", "Expelled") } }
                    }
                }
            }
            if ctx.may(.manageContractors, at: property.id) {
                H.details(.class("card no-print"), .when(form.for(action).isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("登记施工单位", "Register a contractor") }
                    H.form(.method("post"), .action(action), .id("contractor-form")) {
                        ctx.csrfField
                        let schema = ContractorInput.schema
                        Form.input(ctx, form.for(action), "name", label: ctx.t("施工单位名称", "Name"), field: schema.field("name"), required: true)
                        Form.input(ctx, form.for(action), "contact", label: ctx.t("联系人", "Contact"), field: schema.field("contact"), required: true)
                        Form.input(ctx, form.for(action), "phone", label: ctx.t("联系电话", "Phone"), field: schema.field("phone"), type: "tel", required: true)
                        H.button { ctx.t("登记", "Register") }
                    }
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (found, property) = try await Contractors.find(req.parameters.get("contractorID", as: UUID.self), for: actor, action: .viewSiteAccess, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let c = try await SiteAccessQueries.contractorViews([found], on: req.db)[0]
        let (forms, _) = try await SiteAccessQueries.forms(propertyID: property.id, filter: .init(contractorID: c.id), paging: Paging(page: 1, per: 50), today: time.day(ctx.now), on: req.db)
        let events = try await AuditLog.history(recordType: Contractor.auditType, recordID: c.id, on: req.db)
        let base = "/contractors/\(c.id)"
        return Layout.page(ctx, title: c.name) {
            H.h1 { c.name }
            H.p(.class("no-print")) { H.a(.class("strong-link"), .href("/properties/\(property.id)/contractors")) { ctx.t("← 施工单位", "← Contractors") } }
            if let at = c.expelledAt { H.p { H.span(.class("badge late")) { ctx.t("已驱逐出场 ", "Expelled ") + time.dateTime(at) }; " " + (c.expelledReason ?? "") } }
            Form.problems(ctx, form)
            H.section(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("联系人", "Contact") }; H.dd { c.contact + " · " + c.phone }
                    H.dt { ctx.t("登记", "Registered") }; H.dd { time.dateTime(c.registeredAt) }
                    H.dt { ctx.t("累计赔偿", "Compensation") }; H.dd(.id("compensation")) { "¥" + c.compensation }
                    H.dt { ctx.t("账号", "Accounts") }; H.dd { c.accounts.isEmpty ? ctx.t("无", "None") : c.accounts.map { $0.name + "（" + $0.username + "）" }.joined(separator: "、") }
                }
            }
            H.section(.class("card"), .id("contractor-forms")) {
                H.h2 { ctx.t("工作联络单", "Work forms") }
                H.ul(.class("tap-list")) {
                    for f in forms {
                        H.li { H.a(.href(WorkLiaisonForms.link(f.id))) { f.referenceNo }; " " + f.project + " · " + time.dateTime(f.startsAt) + " "; H.span(.class("badge s-out")) { ctx.t(f.status.title) } }
                    }
                }
            }
            H.section(.class("card"), .id("incidents")) {
                H.h2 { ctx.t("违规、损坏与驱逐", "Violations, damage and expulsions") }
                if c.incidents.isEmpty { H.p(.class("muted")) { ctx.t("没有记录", "None") } }
                H.ul(.class("tap-list")) {
                    for i in c.incidents {
                        H.li {
                            H.span(.class("badge late")) { ctx.t(i.kind.title) }
                            " " + time.dateTime(i.recordedAt) + " · " + (i.worker.map { $0 + " · " } ?? "") + i.description
                            if let money = i.compensation { " · " + ctx.t("赔偿 ¥", "pays ¥") + money }
                            if i.workStopped, !i.description.contains("制止") { " · " + ctx.t("已当场制止", "stopped on the spot") }
                            if let item = i.serviceItemID { " "; H.a(.href("/service-items/\(item)")) { ctx.t("工单", "Desk item") } }
                        }
                    }
                }
            }
            if ctx.may(.recordContractorIncident, at: property.id), actor.contractorID == nil {
                let action = base + "/incidents"
                let sent = form.for(action)
                let workers = forms.flatMap { f in f.workers.map { (f.referenceNo, $0) } }
                H.details(.class("card no-print"), .when(sent.isRefused, .attr("open", "open"))) {
                    H.summary(.id("record-incident")) { ctx.t("记录违规、损坏或驱逐", "Record a violation, damage or expulsion") }
                    H.form(.method("post"), .action(action), .id("incident-form")) {
                        ctx.csrfField
                        let schema = ContractorIncidentInput.schema
                        Form.radios(ctx, sent, "kind", legend: ctx.t("类别", "Kind"), options: ContractorIncidentKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: "violation")
                        Form.select(ctx, sent, "workerID", label: ctx.t("施工人员（驱逐全队时不选）", "Worker (none for the whole team)"),
                                    options: workers.map { ($0.1.id.uuidString, $0.1.name + " · " + $0.0) }, prompt: ctx.t("— 不指定 —", "— none —"))
                        Form.textarea(ctx, sent, "description", label: ctx.t("经过", "What happened"), field: schema.field("description"), required: true)
                        Form.input(ctx, sent, "compensation", label: ctx.t("赔偿金额（元，损坏时必填）", "Compensation in yuan (for damage)"), field: schema.field("compensation"), extra: [.attr("inputmode", "decimal")])
                        Form.checkbox(sent, "workStopped", label: ctx.t("已当场制止施工", "The work was stopped on the spot"), value: "true", checked: false)
                        H.button(.class("danger")) { ctx.t("记录", "Record") }
                    }
                }
            }
            if ctx.may(.manageContractors, at: property.id), c.expelledAt == nil {
                let action = base + "/accounts"
                H.details(.class("card no-print"), .when(form.for(action).isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("开通施工单位账号", "Open an account for the contractor") }
                    H.p(.class("muted")) { ctx.t("账号只能申报和查看本单位的联络单。", "The account files and reads its own forms, nothing else.") }
                    H.form(.method("post"), .action(action), .id("account-form")) {
                        ctx.csrfField
                        let schema = ContractorAccountInput.schema
                        Form.input(ctx, form.for(action), "username", label: ctx.t("用户名", "Username"), field: schema.field("username"), required: true)
                        Form.input(ctx, form.for(action), "name", label: ctx.t("姓名", "Name"), field: schema.field("name"), required: true)
                        Form.input(ctx, form.for(action), "password", label: ctx.t("初始密码", "Initial password"), field: schema.field("password"), type: "password", required: true)
                        H.button(.class("secondary")) { ctx.t("开通", "Open") }
                    }
                }
            }
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}
