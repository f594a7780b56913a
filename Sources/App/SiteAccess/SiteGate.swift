import Fluent
import SQLKit
import Vapor

/// The gate and the site (SH-43…SH-46): security lets each worker in
/// against the form and lets them out after checking people, tools and
/// materials; the show house's staff check protection before and the site
/// after; violations, damage and expulsions go on the contractor's record
/// and to the service desk.
public enum SiteGate {
    static let entryNoun = Text("出入记录", "site entry")

    /// 进场 (SH-43, SH-44): one worker of an active form, in its window, once at a time.
    public static func enter(formID: UUID?, _ input: SiteEntryInput, on req: Request) async throws -> SiteEntry {
        let actor = try req.actor
        let (found, property) = try await WorkLiaisonForms.find(formID, for: actor, action: .keepSiteGate, on: req)
        guard let workerID = try Input.uuid(input.workerID, field: "workerID") else {
            throw WuyeError.missing("workerID", Text("进场的施工人员", "The worker coming in"), choose: true, rule: "SH-44")
        }
        guard let worker = try await WorkFormWorker.query(on: req.db).filter(\.$id == workerID).filter(\.$form.$id == found.id!).first() else {
            throw WuyeError.conflict(Text("此人不在联络单的施工人员名单上，不得进场", "Not named on the form; nobody else comes in"), rule: "SH-44", field: "workerID")
        }
        let contractor = try await Contractor.find(found.$contractor.id, on: req.db)
        let house = try await found.$showHouse.get(on: req.db)
        let now = req.now
        let time = property.localTime
        let night = SiteAccessRules.isNight(now, opens: house?.opensAt ?? "09:00", closes: house?.closesAt ?? "18:00", time: time)
        return try await req.write { db in
            // One worker is let in once at a time: the worker's row is the turnstile.
            try await SQLLock.takeTurns(on: WorkFormWorker.schema, id: worker.id!, in: db.sql)
            guard let form = try await WorkLiaisonForm.find(found.id, on: db), let current = try await WorkFormWorker.find(worker.id, on: db) else {
                throw WuyeError.notFound(WorkLiaisonForms.noun)
            }
            let inside = try await SiteEntry.query(on: db).filter(\.$worker.$id == current.id!).filter(\.$exitedAt == nil).count() > 0
            let check = SiteAccessRules.EntryCheck(status: form.status, startsAt: form.startsAt, endsAt: form.endsAt, extraNeeded: form.needsExtraApproval,
                                                   extraGiven: form.extraAt != nil, contractorExpelled: contractor?.expelledAt != nil,
                                                   workerExpelled: current.expelledAt != nil, trade: current.trade, certificateNo: current.certificateNo,
                                                   certificateExpires: current.certificateExpires, alreadyInside: inside)
            try SiteAccessRules.checkEntry(check, worker: current.name, now: now, today: time.day(now))
            let entry = SiteEntry()
            entry.id = UUID(); entry.$property.id = property.id; entry.$form.id = form.id!; entry.$worker.id = current.id!
            entry.enteredAt = now; entry.$enteredBy.id = actor.id; entry.night = night
            try await AuditLog.create("site_entry.entered", entry, by: .person(actor), property: property.id, at: now, on: db)
            return entry
        }
    }

    /// 离场检查放行 (SH-44): people, tools and what is carried out checked, then released.
    public static func exit(entryID: UUID?, _ input: SiteExitInput, on req: Request) async throws -> SiteEntry {
        let actor = try req.actor
        guard let entryID, let found = try await SiteEntry.find(entryID, on: req.db) else { throw WuyeError.notFound(entryNoun, field: "siteEntryID") }
        let property = try await req.property(found.$property.id, for: actor, action: .keepSiteGate)
        try SiteAccessRules.checkExit(peopleChecked: input.peopleChecked, toolsChecked: input.toolsChecked, materialsChecked: input.materialsChecked)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(SiteEntry.self, found.id, on: db) else { throw WuyeError.notFound(entryNoun) }
            guard locked.exitedAt == nil else { throw WuyeError.conflict(Text("已离场放行", "Already released"), rule: "SH-44", field: "siteEntryID") }
            return try await AuditLog.update("site_entry.released", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.exitedAt = now; $0.$exitedBy.id = actor.id; $0.carriedOut = Input.text(input.carriedOut); $0.exitNote = Input.text(input.note)
            }
        }
    }

    /// 成品保护 / 完工清场 (SH-45): every line of the stage; what was not done says why.
    /// 夜间监护 (SH-44): security looks in on night work, the same way.
    public static func check(formID: UUID?, _ input: SiteCheckInput, on req: Request) async throws -> WorkSiteCheck {
        let actor = try req.actor
        let sent = Input.text(input.stage).flatMap(SiteCheckStage.init(rawValue:))
        let (form, property) = try await WorkLiaisonForms.find(formID, for: actor, action: sent?.action ?? .checkWorkSite, on: req)
        guard let stage = sent else {
            throw WuyeError.missing("stage", Text("检查环节（施工前、完工后或夜间监护）", "Before, after or night"), choose: true, rule: "SH-45")
        }
        guard form.status == .active else {
            throw WuyeError.conflict(Text("联络单现为“\(form.status.title.zh)”", "The form is \(form.status.title.en.lowercased())"), rule: "SH-45", field: "formID")
        }
        guard req.now >= form.startsAt else { throw WuyeError.conflict(Text("尚未开工", "The work has not started"), rule: "SH-45", field: "formID") }
        let lines = input.lines ?? []
        guard lines.count == stage.items.count else {
            throw WuyeError.invalid("lines", Text("应逐项检查 \(stage.items.count) 项（现 \(lines.count) 项）", "must mark each of the \(stage.items.count) lines"), rule: "SH-45")
        }
        var marks: [SiteCheckMark] = []
        for (index, line) in lines.enumerated() {
            guard let ok = line.ok else { throw WuyeError.missing("lines.\(index).ok", Text("“\(stage.items[index])”是否做到", "Whether “\(stage.items[index])” holds"), choose: true, rule: "SH-45") }
            let note = Input.text(line.note)
            if !ok, note == nil { throw WuyeError.missing("lines.\(index).note", Text("“\(stage.items[index])”的情况", "What is wrong with “\(stage.items[index])”"), rule: "SH-45") }
            marks.append(SiteCheckMark(item: stage.items[index], ok: ok, note: note))
        }
        let now = req.now
        let done = marks
        return try await req.write { db in
            let check = WorkSiteCheck()
            check.id = UUID(); check.$property.id = property.id; check.$form.id = form.id!; check.stage = stage
            check.lines = AuditLog.canonicalJSON(done); check.allOK = done.allSatisfy(\.ok); check.$checkedBy.id = actor.id; check.checkedAt = now
            try await AuditLog.create("work_site_check.\(stage.rawValue)", check, by: .person(actor), property: property.id, at: now, on: db)
            return check
        }
    }

    /// 违规、损坏、驱逐 (SH-44, SH-46): on the contractor's record, an item at
    /// the desk; an expulsion keeps the worker (or the whole team) out.
    public static func recordIncident(contractorID: UUID?, _ input: ContractorIncidentInput, on req: Request) async throws -> ContractorIncident {
        let actor = try req.actor
        let (contractor, property) = try await Contractors.find(contractorID, for: actor, action: .recordContractorIncident, on: req)
        guard let kind = Input.text(input.kind).flatMap(ContractorIncidentKind.init(rawValue:)) else {
            throw WuyeError.missing("kind", Text("类别（违规、损坏或驱逐）", "Violation, damage or expulsion"), choose: true, rule: "SH-46")
        }
        guard let description = Input.text(input.description) else { throw WuyeError.missing("description", Text("经过", "What happened"), rule: "SH-46") }
        let fen = try SiteAccessRules.fen(input.compensation)
        if kind == .damage, fen == nil { throw WuyeError.missing("compensation", Text("照价赔偿的金额", "The amount to pay"), rule: "SH-46") }
        let formID = try Input.uuid(input.formID, field: "formID")
        if let formID, try await WorkLiaisonForm.query(on: req.db).filter(\.$id == formID).filter(\.$contractor.$id == contractor.id!).count() == 0 {
            throw WuyeError.notFound(WorkLiaisonForms.noun, field: "formID")
        }
        let workerID = try Input.uuid(input.workerID, field: "workerID")
        var named: String?
        if let workerID {
            guard let worker = try await WorkFormWorker.query(on: req.db).filter(\.$id == workerID)
                .join(WorkLiaisonForm.self, on: \WorkFormWorker.$form.$id == \WorkLiaisonForm.$id).filter(WorkLiaisonForm.self, \.$contractor.$id == contractor.id!).first() else {
                throw WuyeError.notFound(WorkLiaisonForms.workerNoun, field: "workerID")
            }
            named = worker.name
        }
        let workerName = named
        let now = req.now
        return try await req.write { db in
            let who = contractor.name + (workerName.map { "（\($0)）" } ?? "")
            let item = try await ServiceDesk.raise(.incident, source: .record, property: property, department: kind == .damage ? .propertyService : .security,
                                                   description: "施工\(kind.title.zh)：\(who) \(description)", urgent: input.workStopped == true || kind == .expulsion,
                                                   by: actor, at: now, on: db)
            let incident = ContractorIncident()
            incident.id = UUID(); incident.$property.id = property.id; incident.$contractor.id = contractor.id!; incident.$form.id = formID
            incident.$worker.id = workerID; incident.kind = kind; incident.description = description; incident.compensationFen = fen
            incident.workStopped = input.workStopped ?? false; incident.$serviceItem.id = item.id; incident.$recordedBy.id = actor.id; incident.recordedAt = now
            try await AuditLog.create("contractor_incident.\(kind.rawValue)", incident, by: .person(actor), property: property.id, at: now, on: db)
            if kind == .expulsion {
                if let workerID {
                    if let locked = try await AuditLog.lock(WorkFormWorker.self, workerID, on: db), locked.expelledAt == nil {
                        try await AuditLog.update("work_form_worker.expelled", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.expelledAt = now }
                    }
                } else if let locked = try await AuditLog.lock(Contractor.self, contractor.id, on: db), locked.expelledAt == nil {
                    try await AuditLog.update("contractor.expelled", locked, by: .person(actor), property: property.id, at: now, on: db) {
                        $0.expelledAt = now; $0.expelledReason = description
                    }
                }
            }
            return incident
        }
    }
}

/// One line of a site check, as stored.
struct SiteCheckMark: Codable, Sendable {
    let item: String
    let ok: Bool
    let note: String?
}
