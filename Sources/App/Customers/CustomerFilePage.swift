import Fluent
import Vapor

/// 客户档案 — one customer's file: particulars (masked unless revealed, which
/// is audited), the units they are and were at (the household's changes),
/// the documents registered, the keys of their units and who had them
/// (KY-6), and the record's history (CA-2, CA-3).
enum CustomerFilePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("customers", ":customerID") { req in try await show(req, form: .blank) }
        pages.get("customer-documents", ":documentID", "scans", ":attachmentID") { req in
            try await CustomerFiles.scan(documentID: req.parameters.get("documentID", as: UUID.self), attachmentID: req.parameters.get("attachmentID", as: UUID.self), on: req)
        }
        pages.post("customers", ":customerID", "reveal") { req in
            let customer = try await CustomerFiles.reveal(customerID: req.parameters.get("customerID", as: UUID.self), on: req)
            return try await show(req, form: .blank, revealed: customer)
        }
        pages.post("customer-units", ":tieID", "end") { req in
            guard let tieID = req.parameters.get("tieID", as: UUID.self), let tie = try await CustomerUnit.find(tieID, on: req.db) else {
                throw WuyeError.notFound(Text("入住登记", "unit record"), field: "tieID")
            }
            // A refusal shows the customer's file again, with the problem at the form.
            req.parameters.set("customerID", to: tie.$customer.id.uuidString)
            return try await req.formAction(render: { try await show(req, form: $0) }) {
                let ended = try await CustomerFiles.endTie(tieID: tieID, try req.input(EndTieInput.self), on: req)
                return (Text("已登记迁出", "Moved out"), "/customers/\(ended.$customer.id)")
            }
        }
        pages.uploadForm("customers", ":customerID", "documents", megabytes: 36) { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let sent = try req.input(CustomerDocumentsPart.Sent.self)
                let scans = try (sent.scans ?? []).compactMap { try Upload.file($0, field: "scans", allowPDF: true, rule: "CA-2") }
                let document = try await CustomerFiles.registerDocument(customerID: req.parameters.get("customerID", as: UUID.self), sent.input, scans: scans, on: req)
                return (Text("已登记：\(document.title)", "Registered: \(document.title)"), "/customers/\(document.$customer.id)#documents")
            }
        }
    }

    static func show(_ req: Request, form: FormState, revealed: Customer? = nil) async throws -> Response {
        let actor = try req.actor
        let customer = try await CustomerFiles.find(req.parameters.get("customerID", as: UUID.self), on: req.db)
        let property = try await req.property(customer.$property.id, for: actor, action: .viewCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let ties = try await CustomerQueries.ties(of: customer.id!, on: req.db)
        let current = ties.filter { $0.endedOn == nil }
        let documents = try await CustomerQueries.documents(of: customer.id!, on: req.db)
        let scans = try await Attachments.ids(of: CustomerDocument.auditType, documents.map(\.id), on: req.db)
        let loans = try await CustomerQueries.keyLoans(ofUnits: current.map(\.unitID), limit: 20, on: req.db)
        let notices = try await NoticeQueries.notices(toUnits: current.map(\.unitID), limit: 20, on: req.db)
        let spaceUses = ctx.may(.viewPublicSpaces, at: property.id) ? try await SpaceQueries.uses(ofCustomer: customer.id!, on: req.db) : []
        let violations = ctx.may(.viewPublicSpaces, at: property.id) ? try await ViolationQueries.ofCustomer(customer.id!, on: req.db) : []
        let serviceItems = try await ServiceQueries.ofCustomer(customer.id!, on: req.db)
        let arrears = ctx.may(.viewPublicSpaces, at: property.id) ? try await CustomerQueries.arrearsFen(of: customer.id!, on: req.db) : 0
        let events = try await CustomerQueries.history(of: customer.id!, ties: ties, documents: documents, on: req.db)
        let mayEdit = ctx.may(.editCustomers, at: property.id)
        let shown = revealed ?? nil

        return Layout.page(ctx, title: customer.name + " · " + ctx.t("客户档案", "Customer file")) {
            H.h1 { customer.name + " " ; H.small(.class("muted")) { CustomersPages.units(ctx, current) } }
            Form.problems(ctx, form)
            H.div(.class("card")) {
                H.dl(.class("facts"), .id("customer-facts")) {
                    H.dt { ctx.t("联系电话", "Phone") }
                    H.dd { if let phone = shown?.phone { KeysPages.phoneLink(phone) } else { Mask.phone(customer.phone) ?? "—" } }
                    if customer.otherContact != nil {
                        H.dt { ctx.t("其他联系方式", "Other contact") }; H.dd { shown?.otherContact ?? Mask.contact(customer.otherContact) ?? "—" }
                    }
                    if customer.mailingAddress != nil {
                        H.dt { ctx.t("通讯地址", "Address") }; H.dd { shown?.mailingAddress ?? Mask.address(customer.mailingAddress) ?? "—" }
                    }
                    H.dt { ctx.t("证件", "ID document") }
                    H.dd {
                        if let type = customer.idType {
                            ctx.t(type.title) + " " + (shown?.idNumber ?? Mask.idNumber(customer.idNumber) ?? "")
                                + (customer.idExpiry.map { " · " + ctx.t("有效期至 ", "valid until ") + $0 } ?? "")
                        } else { "—" }
                    }
                    H.dt { ctx.t("紧急联系人", "Emergency contact") }
                    H.dd {
                        if let name = customer.emergencyName {
                            name + (customer.emergencyRelation.map { "（\($0)）" } ?? "") + " "
                            if let phone = shown?.emergencyPhone { KeysPages.phoneLink(phone) } else { Mask.phone(customer.emergencyPhone) ?? "" }
                        } else { "—" }
                    }
                    if let note = customer.note { H.dt { ctx.t("备注", "Note") }; H.dd { note } }
                    if arrears > 0 {
                        H.dt { ctx.t("欠费", "Owes") }
                        H.dd(.class("late"), .id("arrears-total")) { "¥" + CustomerRules.yuan(arrears) + ctx.t("（公共场地费用与罚款）", " (public-space fees and penalties)") }
                    }
                }
                H.div(.class("actions")) {
                    if shown == nil && ctx.may(.revealPersonalData, at: property.id) {
                        Layout.postButton(ctx, action: "/customers/\(customer.id!)/reveal", label: ctx.t("显示完整号码（将记录）", "Show full numbers (recorded)"))
                    }
                    if mayEdit { H.a(.class("button secondary"), .href("/customers/\(customer.id!)/edit"), .id("edit-customer")) { ctx.t("修改资料", "Edit") } }
                }
            }
            unitsSection(ctx, customer: customer, ties: ties, mayEdit: mayEdit, form: form)
            CustomerDocumentsPart.section(ctx, customer: customer, documents: documents, scans: scans, mayEdit: mayEdit, form: form, today: time.day(ctx.now))
            if !spaceUses.isEmpty || ctx.may(.recordSpaceUse, at: property.id) {
                H.section(.id("space-uses")) {
                    H.h2 { ctx.t("公共场地使用", "Public spaces used") }
                    H.ul(.class("plain")) {
                        for use in spaceUses {
                            H.li {
                                H.a(.href("/space-uses/\(use.id)")) { use.spaceName + " · " + use.purpose }
                                " · " + (use.startsOn == use.endsOn ? use.startsOn : use.startsOn + "—" + use.endsOn) + " · "
                                SpacesPages.statusBadge(ctx, use.status)
                                // An approved fee not yet paid is arrears (CA-2 [3.7]).
                                if let fee = use.feeFen, use.status == .approved, use.paidAt == nil {
                                    " "; H.span(.class("badge s-lost")) { ctx.t("欠费 ¥", "owes ¥") + CustomerRules.yuan(fee) }
                                }
                            }
                        }
                    }
                    if ctx.may(.recordSpaceUse, at: property.id) {
                        H.a(.class("button secondary"), .href("/properties/\(property.id)/space-uses/new?customer=\(customer.id!)"), .id("apply-space")) {
                            ctx.t("登记场地使用申请", "Record a space application")
                        }
                    }
                }
            }
            if !violations.isEmpty { violationsSection(ctx, violations, time: time) }
            if !serviceItems.isEmpty { serviceSection(ctx, serviceItems, time: time) }
            if !notices.isEmpty {
                H.section(.id("notices")) {
                    H.h2 { ctx.t("收到的通知", "Notices received") }
                    H.ul(.class("plain")) {
                        for notice in notices {
                            H.li {
                                H.a(.href("/notices/\(notice.noticeID)")) { notice.referenceNo + " " + notice.title }
                                " · " + notice.unitLabel + " · " + time.day(notice.issuedAt) + " · "
                                    + (notice.readAt != nil ? ctx.t("已阅", "read") : notice.deliveredAt != nil ? ctx.t("已送达", "delivered") : ctx.t("未送达", "not delivered"))
                            }
                        }
                    }
                }
            }
            if !loans.isEmpty {
                H.section(.id("unit-keys")) {
                    H.h2 { ctx.t("房屋钥匙领用记录", "Keys of their units") }
                    H.table(.class("stack")) {
                        H.thead { H.tr { H.th { ctx.t("钥匙", "Key") }; H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("事由", "Purpose") }; H.th { ctx.t("领用", "Issued") }; H.th { ctx.t("归还", "Returned") } } }
                        H.tbody {
                            for loan in loans {
                                H.tr {
                                    Layout.cell(ctx.t("钥匙", "Key")) { H.a(.href("/checkouts/\(loan.checkoutID)")) { loan.tag }; " " + ctx.t(loan.kind.title) }
                                    Layout.cell(ctx.t("领用人", "Borrower")) { loan.borrowerName }
                                    Layout.cell(ctx.t("事由", "Purpose")) { loan.purpose }
                                    Layout.cell(ctx.t("领用", "Issued")) { time.dateTime(loan.issuedAt) }
                                    Layout.cell(ctx.t("归还", "Returned")) { loan.returnedAt.map { time.dateTime($0) } ?? ctx.t("未还", "Out") }
                                }
                            }
                        }
                    }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }

    /// 违章 (CA-2 [3.7]): the public-space violations put to the customer,
    /// each with its penalty and whether it is paid (the total owed is at the top).
    static func violationsSection(_ ctx: ViewContext, _ violations: [ViolationQueries.Row], time: LocalTime) -> Node {
        H.section(.id("violations")) {
            H.h2 { ctx.t("违章与欠费", "Violations and arrears") }
            H.ul(.class("plain")) {
                for v in violations {
                    H.li {
                        H.a(.href("/space-violations/\(v.id)")) { v.referenceNo + " " + ctx.t(v.kind.title) }
                        " · " + v.place + " · " + time.day(v.reportedAt) + " · "
                        ViolationListPage.badge(ctx, v, now: ctx.now)
                        if let fen = v.penaltyFen {
                            " "
                            if v.owes { H.span(.class("badge s-lost")) { ctx.t("欠罚款 ¥", "owes penalty ¥") + CustomerRules.yuan(fen) } }
                            else { ctx.t("罚款 ¥\(CustomerRules.yuan(fen)) 已收", "penalty ¥\(CustomerRules.yuan(fen)) paid") }
                        }
                    }
                }
            }
        }
    }

    /// 报修与投诉 (CA-2 [3.9]): the customer's repairs, complaints and requests at the service desk.
    static func serviceSection(_ ctx: ViewContext, _ items: [ServiceQueries.Row], time: LocalTime) -> Node {
        H.section(.id("service-items")) {
            H.h2 { ctx.t("报修、投诉与服务", "Repairs, complaints and requests") }
            H.ul(.class("plain")) {
                for i in items {
                    H.li {
                        H.a(.href("/service-items/\(i.id)")) { i.referenceNo + " " + ctx.t(i.kind.title) }
                        " · " + String(i.description.prefix(40)) + " · " + time.day(i.raisedAt) + " "
                        ServiceDeskPages.badge(ctx, i, now: ctx.now)
                    }
                }
            }
        }
    }

    /// The units, now and before, with moving in and out (CA-1, CA-2 [3.5.4]).
    static func unitsSection(_ ctx: ViewContext, customer: Customer, ties: [CustomerQueries.TieRow], mayEdit: Bool, form: FormState) -> Node {
        H.section(.id("units")) {
            H.h2 { ctx.t("房号与入住", "Units") }
            if ties.isEmpty { H.p(.class("muted")) { ctx.t("未登记房号", "No unit on file") } }
            H.ul(.class("plain")) {
                for tie in ties {
                    H.li(.class(tie.endedOn == nil ? "" : "muted")) {
                        H.strong { tie.unitLabel }
                        " · " + ctx.t(tie.relation.title) + " · " + ctx.t("自 ", "since ") + tie.since
                        if let ended = tie.endedOn { " — " + ctx.t("已于 \(ended) 迁出", "left on \(ended)") }
                        if tie.endedOn == nil && mayEdit {
                            H.details(.class("inline"), .when(form.sentTo == "/customer-units/\(tie.id)/end", .flag("open"))) {
                                H.summary { ctx.t("迁出", "Moved out") }
                                H.form(.method("post"), .action("/customer-units/\(tie.id)/end")) {
                                    ctx.csrfField
                                    Form.input(ctx, form.for("/customer-units/\(tie.id)/end"), "endedOn", label: ctx.t("迁出日期", "Left on"),
                                               field: EndTieInput.schema.field("endedOn"), type: "date", scope: tie.id.text)
                                    H.button(.class("secondary")) { ctx.t("登记迁出", "Record") }
                                }
                            }
                        }
                    }
                }
            }
            if mayEdit {
                H.a(.class("button secondary"), .href("/customers/\(customer.id!)/move-in"), .id("move-in")) { ctx.t("登记入住新房号", "Add a unit") }
            }
        }
    }
}
