import Fluent
import SQLKit
import Vapor

/// 《工作联络单》 (SH-40…SH-43): filed by the contractor or for it, approved
/// step by step in the procedure's order, refused with a reason, closed when
/// the work is done. Each step is one transaction with its audit event and
/// the notices to whoever takes the next step.
public enum WorkLiaisonForms {
    static let noun = Text("工作联络单", "work liaison form")
    static let workerNoun = Text("施工人员", "worker")

    enum Notice: String {
        case waiting = "work_form.waiting"
        case decided = "work_form.decided"
    }

    static func link(_ id: UUID) -> String { "/work-forms/\(id)" }

    /// The form, if the person may see it: a contractor's account sees its own forms only.
    static func find(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (WorkLiaisonForm, PropertyInfo) {
        guard let id, let found = try await WorkLiaisonForm.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "formID") }
        let property = try await req.property(found.$property.id, for: actor, action: action)
        try Contractors.requireOwn(actor, found.$contractor.id, noun: noun, field: "formID")
        return (found, property)
    }

    static func audience(of step: SiteAccessRules.Step) -> Notifier.Audience { Notifier.Audience(grants: step.grants) }

    /// 申报 (SH-40): at least the property's lead days ahead, a bounded window,
    /// the team and every worker named, the leader's signature, the drawings.
    public static func file(propertyID: UUID?, _ input: WorkFormInput, drawings: [Upload], on req: Request) async throws -> WorkLiaisonForm {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .fileWorkForm)
        let contractorID: UUID
        if let own = actor.contractorID {
            contractorID = own
        } else {
            guard let chosen = try Input.uuid(input.contractorID, field: "contractorID") else {
                throw WuyeError.missing("contractorID", Text("施工单位", "The contractor"), choose: true, rule: "SH-40")
            }
            contractorID = chosen
        }
        guard let contractor = try await Contractor.query(on: req.db).filter(\.$id == contractorID).filter(\.$property.$id == property.id).first() else {
            throw WuyeError.notFound(Contractors.noun, field: "contractorID")
        }
        guard contractor.expelledAt == nil else { throw WuyeError.conflict(Text("施工单位已被驱逐出场，不再受理", "The contractor was expelled; no more forms"), rule: "SH-46", field: "contractorID") }
        func need(_ value: String?, _ field: String, _ label: Text) throws -> String {
            guard let text = Input.text(value) else { throw WuyeError.missing(field, label, rule: "SH-40") }
            return text
        }
        let project = try need(input.project, "project", Text("施工项目", "The project"))
        let scope = try need(input.scope, "scope", Text("施工范围", "The scope"))
        let area = try need(input.area, "area", Text("施工区域", "The area"))
        let time = property.localTime
        guard let startsText = Input.text(input.startsAt) else { throw WuyeError.missing("startsAt", Text("开工时间", "The start"), rule: "SH-40") }
        guard let startsAt = time.parseDateTime(startsText) else { throw WuyeError.invalid("startsAt", Text("时间格式不正确", "is not a time"), rule: "SH-40") }
        guard let endsText = Input.text(input.endsAt) else { throw WuyeError.missing("endsAt", Text("完工时间", "The end"), rule: "SH-40") }
        guard let endsAt = time.parseDateTime(endsText) else { throw WuyeError.invalid("endsAt", Text("时间格式不正确", "is not a time"), rule: "SH-40") }
        let settings = try await Contractors.settings(of: property.id, on: req.db)
        let now = req.now
        try SiteAccessRules.checkWindow(startsAt: startsAt, endsAt: endsAt, now: now, leadDays: settings.leadDays, longestDays: settings.longestDays, time: time)
        guard let headcount = input.headcount else { throw WuyeError.missing("headcount", Text("施工人数", "The headcount"), rule: "SH-40") }
        let teamLeader = try need(input.teamLeader, "teamLeader", Text("施工队负责人", "The team leader"))
        let leaderPhone = try need(input.leaderPhone, "leaderPhone", Text("负责人电话", "The leader's phone"))
        guard let signature = Input.text(input.signature) else { throw WuyeError.missing("signature", Text("施工队负责人签字", "The team leader's signature"), rule: "SH-40") }
        try SignatureImage.check(signature, field: "signature", rule: "SH-40")
        let description = try need(input.description, "description", Text("施工说明", "The description"))
        guard !drawings.isEmpty else { throw WuyeError.missing("drawings", Text("施工图纸（至少 1 份）", "The drawings (at least one)"), rule: "SH-40") }
        guard drawings.count <= Upload.maxCount else { throw WuyeError.invalid("drawings", Text("图纸最多 \(Upload.maxCount) 份", "at most \(Upload.maxCount) drawings"), rule: "SH-40") }
        var workers: [(name: String, trade: SpecialTrade?, certificateNo: String?, expires: String?)] = []
        for (index, worker) in (input.workers ?? []).enumerated() {
            guard let name = Input.text(worker.name) else { throw WuyeError.missing("workers.\(index).name", Text("第 \(index + 1) 名施工人员的姓名", "Worker \(index + 1)'s name"), rule: "SH-40") }
            let trade = Input.text(worker.trade).flatMap(SpecialTrade.init(rawValue:))
            workers.append((name, trade, trade == nil ? nil : Input.text(worker.certificateNo), trade == nil ? nil : Input.text(worker.certificateExpires)))
        }
        try SiteAccessRules.checkWorkers(headcount: headcount, names: workers.map(\.name))
        let houseID = try Input.uuid(input.showHouseID, field: "showHouseID")
        if let houseID, try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).count() == 0 {
            throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
        }
        let named = workers
        return try await req.write { db in
            let form = WorkLiaisonForm()
            form.id = UUID(); form.$property.id = property.id
            form.referenceNo = try await ReferenceNumber.next("LL", in: WorkLiaisonForm.schema, property: property, now: now, on: db)
            form.$contractor.id = contractor.id!; form.project = project; form.scope = scope; form.$showHouse.id = houseID; form.area = area
            form.startsAt = startsAt; form.endsAt = endsAt; form.headcount = headcount; form.teamLeader = teamLeader; form.leaderPhone = leaderPhone
            form.leaderSignature = signature; form.description = description
            form.cutsPower = input.cutsPower ?? false; form.cutsWater = input.cutsWater ?? false; form.cutsEquipment = input.cutsEquipment ?? false
            form.crossesAreas = input.crossesAreas ?? false
            form.status = .filed; form.$filedBy.id = actor.id; form.filedAt = now
            try await AuditLog.create("work_liaison_form.filed", form, by: .person(actor), property: property.id, at: now, on: db)
            for (position, worker) in named.enumerated() {
                let row = WorkFormWorker()
                row.id = UUID(); row.$property.id = property.id; row.$form.id = form.id!; row.position = position + 1; row.name = worker.name
                row.trade = worker.trade; row.certificateNo = worker.certificateNo; row.certificateExpires = worker.expires
                try await AuditLog.create("work_form_worker.named", row, by: .person(actor), property: property.id, at: now, on: db)
            }
            try await Attachments.add(drawings, to: WorkLiaisonForm.auditType, form.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
            try await Notifier.notify(audience(of: .leadership), at: property.id, kind: Notice.waiting.rawValue,
                                      message: Text("工作联络单 \(form.referenceNo)（\(contractor.name)：\(project.prefix(40))）待审批", "Work form \(form.referenceNo) (\(contractor.name)) waits for approval"),
                                      link: link(form.id!), subject: form.id, except: actor.id, now: now, on: db)
            return form
        }
    }

    /// One approval step, in its turn (SH-41). Registration issues the reply slip's number.
    public static func approve(formID: UUID?, _ input: WorkFormStepInput, on req: Request) async throws -> WorkLiaisonForm {
        let actor = try req.actor
        let (found, property) = try await find(formID, for: actor, action: .approveWorkForm, on: req)
        guard let step = Input.text(input.step).flatMap(SiteAccessRules.Step.init(rawValue:)) else {
            throw WuyeError.missing("step", Text("审批环节", "The step"), choose: true, rule: "SH-41")
        }
        let note = Input.text(input.note)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(WorkLiaisonForm.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try SiteAccessRules.checkStep(step, status: locked.status, actor: actor, filedBy: locked.$filedBy.id)
            guard try await Contractor.find(locked.$contractor.id, on: db)?.expelledAt == nil else {
                throw WuyeError.conflict(Text("施工单位已被驱逐出场，联络单不再审批", "The contractor was expelled; its forms go no further"), rule: "SH-46", field: "step")
            }
            let form = try await AuditLog.update("work_liaison_form.\(step.rawValue)", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = step.after
                switch step {
                case .leadership: $0.$leadershipBy.id = actor.id; $0.leadershipAt = now; $0.leadershipNote = note
                case .engineering: $0.$engineeringBy.id = actor.id; $0.engineeringAt = now; $0.engineeringNote = note
                case .registration: $0.$registeredBy.id = actor.id; $0.registeredAt = now; $0.replyNo = "HF" + $0.referenceNo.dropFirst(2)
                case .security: $0.$securityBy.id = actor.id; $0.securityAt = now
                }
            }
            try await Notifier.settle([Notice.waiting.rawValue], about: form.id!, now: now, on: db)
            if let next = SiteAccessRules.nextStep(form.status) {
                try await Notifier.notify(audience(of: next), at: property.id, kind: Notice.waiting.rawValue,
                                          message: Text("工作联络单 \(form.referenceNo) 待\(next.title.zh)", "Work form \(form.referenceNo): \(next.title.en) next"),
                                          link: link(form.id!), subject: form.id, except: actor.id, now: now, on: db)
            } else {
                try await Notifier.notify(form.$filedBy.id, at: property.id, kind: Notice.decided.rawValue,
                                          message: Text("工作联络单 \(form.referenceNo) 已许可施工", "Work form \(form.referenceNo) is permitted"),
                                          link: link(form.id!), subject: form.id, now: now, on: db)
            }
            if step == .leadership, form.needsExtraApproval, form.extraAt == nil {
                try await Notifier.notify(Notifier.Audience(grants: SiteAccessRules.leadershipGrants), at: property.id, kind: Notice.waiting.rawValue,
                                          message: Text("工作联络单 \(form.referenceNo) 涉及停电停水或跨区域施工，待领导同意", "Work form \(form.referenceNo) cuts supplies or crosses areas: leadership agrees first"),
                                          link: link(form.id!), subject: form.id, except: actor.id, now: now, on: db)
            }
            return form
        }
    }

    /// SH-42: leadership agrees to the outage or the crossing, before that work starts.
    public static func approveExtra(formID: UUID?, _ input: WorkFormNoteInput, on req: Request) async throws -> WorkLiaisonForm {
        let actor = try req.actor
        let (found, property) = try await find(formID, for: actor, action: .approveWorkForm, on: req)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(WorkLiaisonForm.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try SiteAccessRules.checkExtraApproval(form: (locked.status, locked.needsExtraApproval, locked.extraAt != nil), actor: actor, filedBy: locked.$filedBy.id)
            return try await AuditLog.update("work_liaison_form.extra_approved", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$extraBy.id = actor.id; $0.extraAt = now; $0.extraNote = Input.text(input.note)
            }
        }
    }

    /// 不予批准: whoever's step it is, with the reason; the filer is told.
    public static func refuse(formID: UUID?, _ input: WorkFormNoteInput, on req: Request) async throws -> WorkLiaisonForm {
        let actor = try req.actor
        let (found, property) = try await find(formID, for: actor, action: .approveWorkForm, on: req)
        guard let reason = Input.text(input.note) else { throw WuyeError.missing("note", Text("不予批准的理由", "Why it is refused"), rule: "SH-41") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(WorkLiaisonForm.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard let step = SiteAccessRules.nextStep(locked.status) else {
                throw WuyeError.conflict(Text("联络单现为“\(locked.status.title.zh)”，不再审批", "The form is \(locked.status.title.en.lowercased())"), rule: "SH-41", field: "note")
            }
            try SiteAccessRules.checkStep(step, status: locked.status, actor: actor, filedBy: locked.$filedBy.id)
            let form = try await AuditLog.update("work_liaison_form.refused", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .refused; $0.$refusedBy.id = actor.id; $0.refusedAt = now; $0.refusalReason = reason
            }
            try await Notifier.settle([Notice.waiting.rawValue], about: form.id!, now: now, on: db)
            try await Notifier.notify(form.$filedBy.id, at: property.id, kind: Notice.decided.rawValue,
                                      message: Text("工作联络单 \(form.referenceNo) 不予批准：\(reason.prefix(60))", "Work form \(form.referenceNo) refused: \(reason.prefix(60))"),
                                      link: link(form.id!), subject: form.id, now: now, on: db)
            return form
        }
    }

    /// Who closes a form: property service or security, or a manager; never the team.
    static func mayClose(_ actor: Actor) -> Bool {
        actor.contractorID == nil && ([DepartmentCode.propertyService, .security].contains(actor.department) || actor.rank >= .manager)
    }

    /// 完工关闭: nobody left on site; property service or security closes it.
    public static func close(formID: UUID?, on req: Request) async throws -> WorkLiaisonForm {
        let actor = try req.actor
        let (found, property) = try await find(formID, for: actor, action: .approveWorkForm, on: req)
        guard mayClose(actor) else {
            throw WuyeError.forbidden(Text("由物业服务部或安管部关闭联络单", "Property service or security closes the form"), rule: "SH-45")
        }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(WorkLiaisonForm.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .active else {
                throw WuyeError.conflict(Text("联络单现为“\(locked.status.title.zh)”，不能关闭", "The form is \(locked.status.title.en.lowercased()); it cannot be closed"), rule: "SH-45", field: "status")
            }
            let inside = try await SiteEntry.query(on: db).filter(\.$form.$id == locked.id!).filter(\.$exitedAt == nil).count()
            guard inside == 0 else { throw WuyeError.conflict(Text("仍有 \(inside) 名施工人员在场，须先离场检查", "\(inside) workers are still on site"), rule: "SH-44", field: "status") }
            return try await AuditLog.update("work_liaison_form.closed", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .closed; $0.$closedBy.id = actor.id; $0.closedAt = now
            }
        }
    }

    /// 上岗证 (SH-43), recorded or renewed for a special-trade worker.
    public static func recordCertificate(workerID: UUID?, _ input: WorkerCertificateInput, on req: Request) async throws -> WorkFormWorker {
        let actor = try req.actor
        guard let workerID, let worker = try await WorkFormWorker.find(workerID, on: req.db) else { throw WuyeError.notFound(workerNoun, field: "workerID") }
        let (form, property) = try await find(worker.$form.id, for: actor, action: .fileWorkForm, on: req)
        guard worker.trade != nil else { throw WuyeError.conflict(Text("该人员不是特殊工种", "This worker's trade needs no certificate"), rule: "SH-43", field: "workerID") }
        guard worker.expelledAt == nil else { throw WuyeError.conflict(Text("\(worker.name)已被驱逐出场", "\(worker.name) was expelled"), rule: "SH-46", field: "workerID") }
        // Once the form is permitted, a certificate is checked by the property's people, not declared by the team [10.1].
        guard actor.contractorID == nil || form.status != .active else {
            throw WuyeError.forbidden(Text("许可施工后的上岗证由物业管理员核验登记", "Once work is permitted, the property's staff check and record certificates"), rule: "SH-43")
        }
        guard let number = Input.text(input.certificateNo) else { throw WuyeError.missing("certificateNo", Text("上岗证号", "The certificate number"), rule: "SH-43") }
        guard let expires = Input.text(input.certificateExpires) else { throw WuyeError.missing("certificateExpires", Text("有效期", "The expiry"), rule: "SH-43") }
        guard expires >= property.localTime.day(req.now) else { throw WuyeError.invalid("certificateExpires", Text("上岗证已过期", "is past"), rule: "SH-43") }
        guard form.status != .closed, form.status != .refused else {
            throw WuyeError.conflict(Text("联络单现为“\(form.status.title.zh)”", "The form is \(form.status.title.en.lowercased())"), rule: "SH-43", field: "workerID")
        }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(WorkFormWorker.self, worker.id, on: db) else { throw WuyeError.notFound(workerNoun) }
            return try await AuditLog.update("work_form_worker.certificate", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.certificateNo = number; $0.certificateExpires = expires
            }
        }
    }
}
