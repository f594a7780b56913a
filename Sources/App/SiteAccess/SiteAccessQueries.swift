import Fluent
import SQLKit
import Vapor

/// Site access as pages and the API show it: the same views for both.
enum SiteAccessQueries {
    struct WorkerView: Content {
        let id: UUID; let position: Int; let name: String; let trade: SpecialTrade?; let certificateNo: String?; let certificateExpires: String?
        /// SH-43: a special trade's certificate is there and not past.
        let certificateValid: Bool; let expelled: Bool; let onSiteEntryID: UUID?
    }
    struct FormView: Content {
        let id: UUID; let referenceNo: String; let contractorID: UUID; let contractor: String; let project: String; let scope: String; let showHouseID: UUID?
        let showHouse: String?; let area: String; let startsAt: Date; let endsAt: Date; let headcount: Int; let teamLeader: String; let leaderPhone: String
        let description: String; let cutsPower: Bool; let cutsWater: Bool; let cutsEquipment: Bool; let crossesAreas: Bool; let needsExtraApproval: Bool
        let extraApprovedBy: String?; let extraApprovedAt: Date?; let extraNote: String?; let status: WorkFormStatus; let nextStep: String?
        let filedBy: String; let filedByID: UUID; let filedAt: Date; let leadershipBy: String?; let leadershipAt: Date?; let leadershipNote: String?
        let engineeringBy: String?; let engineeringAt: Date?; let engineeringNote: String?; let registeredBy: String?; let registeredAt: Date?; let replyNo: String?
        let securityBy: String?; let securityAt: Date?; let refusedBy: String?; let refusedAt: Date?; let refusalReason: String?; let closedBy: String?; let closedAt: Date?
        let workers: [WorkerView]; let drawings: [UUID]; let onSite: Int
    }
    struct EntryView: Content {
        let id: UUID; let formID: UUID; let referenceNo: String; let contractor: String; let area: String; let workerID: UUID; let worker: String
        let trade: SpecialTrade?; let enteredAt: Date; let enteredBy: String; let night: Bool; let exitedAt: Date?; let exitedBy: String?
        let carriedOut: String?; let note: String?
    }
    struct CheckView: Content {
        let id: UUID; let formID: UUID; let stage: SiteCheckStage; let lines: [SiteCheckMark]; let allOK: Bool; let checkedBy: String; let checkedAt: Date
    }
    struct IncidentView: Content {
        let id: UUID; let contractorID: UUID; let contractor: String; let formID: UUID?; let referenceNo: String?; let workerID: UUID?; let worker: String?
        let kind: ContractorIncidentKind; let description: String; let compensation: String?; let workStopped: Bool; let serviceItemID: UUID?
        let recordedBy: String; let recordedAt: Date
    }
    struct AccountView: Content { let staffID: UUID; let username: String; let name: String; let active: Bool }
    struct ContractorView: Content {
        let id: UUID; let name: String; let contact: String; let phone: String; let registeredAt: Date; let expelledAt: Date?; let expelledReason: String?
        let forms: Int; let incidents: [IncidentView]; let accounts: [AccountView]; let compensation: String
    }
    struct EmergencyView: Content {
        let id: UUID; let showHouseID: UUID; let showHouse: String; let emergency: Emergency; let reason: String; let guards: String
        let recordedBy: String; let recordedAt: Date; let supervisorID: UUID; let supervisor: String; let stage: EmergencyStage; let enteredAt: Date?
        let keySetID: UUID?; let exitedAt: Date?; let exitedBy: String?; let report: String?; let reportedAt: Date?
    }
    struct PassView: Content {
        let id: UUID; let showHouseID: UUID; let showHouse: String; let visitor: String; let purpose: String; let validFrom: Date; let validUntil: Date
        let requestedBy: String; let requestedByID: UUID; let requestedAt: Date; let approved: Bool?; let decidedBy: String?; let decidedAt: Date?; let decisionNote: String?
        let admittedBy: String?; let admittedAt: Date?
    }
    struct SettingsView: Content { let leadDays: Int; let longestDays: Int }

    static func names(_ ids: [UUID?], on db: any Database) async throws -> [UUID: String] { try await SupervisionQueries.names(ids, on: db) }
    static func houseNames(_ ids: [UUID?], on db: any Database) async throws -> [UUID: String] { try await SupervisionQueries.houseNames(ids, on: db) }

    static func yuan(_ fen: Int) -> String { String(format: "%d.%02d", fen / 100, fen % 100) }

    // MARK: Forms

    struct FormFilter: Sendable {
        var status: WorkFormStatus?
        var contractorID: UUID?
    }

    static func forms(propertyID: UUID, filter: FormFilter, paging: Paging, today: String, on db: any Database) async throws -> (items: [FormView], total: Int) {
        var query = WorkLiaisonForm.query(on: db).filter(\.$property.$id == propertyID)
        if let status = filter.status { query = query.filter(\.$status == status) }
        if let contractor = filter.contractorID { query = query.filter(\.$contractor.$id == contractor) }
        let total = try await query.copy().count()
        let rows = try await query.sort(\.$filedAt, .descending).range(paging.offset..<(paging.offset + paging.per)).all()
        return (try await views(rows, today: today, on: db), total)
    }

    static func form(_ id: UUID, today: String, on db: any Database) async throws -> FormView {
        guard let row = try await WorkLiaisonForm.find(id, on: db) else { throw WuyeError.notFound(WorkLiaisonForms.noun, field: "formID") }
        return try await views([row], today: today, on: db)[0]
    }

    /// `today` in the property's calendar decides whether a certificate is still valid (SH-43).
    static func views(_ forms: [WorkLiaisonForm], today: String, on db: any Database) async throws -> [FormView] {
        guard !forms.isEmpty else { return [] }
        let ids = forms.map { $0.id! }
        let people = try await names(forms.flatMap { [$0.$filedBy.id, $0.$leadershipBy.id, $0.$engineeringBy.id, $0.$registeredBy.id, $0.$securityBy.id,
                                                      $0.$extraBy.id, $0.$refusedBy.id, $0.$closedBy.id] }, on: db)
        let houses = try await houseNames(forms.map { $0.$showHouse.id }, on: db)
        let contractors = Dictionary(uniqueKeysWithValues: try await Contractor.query(on: db).filter(\.$id ~~ Set(forms.map { $0.$contractor.id })).all().map { ($0.id!, $0.name) })
        let workers = Dictionary(grouping: try await WorkFormWorker.query(on: db).filter(\.$form.$id ~~ ids).sort(\.$position).all(), by: { $0.$form.id })
        let open = try await SiteEntry.query(on: db).filter(\.$form.$id ~~ ids).filter(\.$exitedAt == nil).all()
        let openByWorker = Dictionary(open.map { ($0.$worker.id, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let drawings = try await Attachments.ids(of: WorkLiaisonForm.auditType, ids, on: db)
        return forms.map { f in
            let list = (workers[f.id!] ?? []).map { w in
                WorkerView(id: w.id!, position: w.position, name: w.name, trade: w.trade, certificateNo: w.certificateNo, certificateExpires: w.certificateExpires,
                           certificateValid: w.trade == nil || (w.certificateNo != nil && (w.certificateExpires ?? "") >= today), expelled: w.expelledAt != nil,
                           onSiteEntryID: openByWorker[w.id!])
            }
            return FormView(id: f.id!, referenceNo: f.referenceNo, contractorID: f.$contractor.id, contractor: contractors[f.$contractor.id] ?? "", project: f.project,
                            scope: f.scope, showHouseID: f.$showHouse.id, showHouse: f.$showHouse.id.flatMap { houses[$0] }, area: f.area, startsAt: f.startsAt,
                            endsAt: f.endsAt, headcount: f.headcount, teamLeader: f.teamLeader, leaderPhone: f.leaderPhone, description: f.description,
                            cutsPower: f.cutsPower, cutsWater: f.cutsWater, cutsEquipment: f.cutsEquipment, crossesAreas: f.crossesAreas,
                            needsExtraApproval: f.needsExtraApproval, extraApprovedBy: f.$extraBy.id.flatMap { people[$0] }, extraApprovedAt: f.extraAt,
                            extraNote: f.extraNote, status: f.status, nextStep: SiteAccessRules.nextStep(f.status)?.rawValue,
                            filedBy: people[f.$filedBy.id] ?? "", filedByID: f.$filedBy.id, filedAt: f.filedAt,
                            leadershipBy: f.$leadershipBy.id.flatMap { people[$0] }, leadershipAt: f.leadershipAt, leadershipNote: f.leadershipNote,
                            engineeringBy: f.$engineeringBy.id.flatMap { people[$0] }, engineeringAt: f.engineeringAt, engineeringNote: f.engineeringNote,
                            registeredBy: f.$registeredBy.id.flatMap { people[$0] }, registeredAt: f.registeredAt, replyNo: f.replyNo,
                            securityBy: f.$securityBy.id.flatMap { people[$0] }, securityAt: f.securityAt,
                            refusedBy: f.$refusedBy.id.flatMap { people[$0] }, refusedAt: f.refusedAt, refusalReason: f.refusalReason,
                            closedBy: f.$closedBy.id.flatMap { people[$0] }, closedAt: f.closedAt,
                            workers: list, drawings: drawings[f.id!] ?? [], onSite: list.filter { $0.onSiteEntryID != nil }.count)
        }
    }

    // MARK: The gate

    /// 在场人员: everyone let in and not yet released, for an evacuation (SH-44).
    static func onSite(propertyID: UUID, on db: any Database) async throws -> [EntryView] {
        try await entryViews(SiteEntry.query(on: db).filter(\.$property.$id == propertyID).filter(\.$exitedAt == nil).sort(\.$enteredAt).all(), on: db)
    }

    /// The day's gate register, newest first.
    static func entries(propertyID: UUID, from: Date, to: Date, on db: any Database) async throws -> [EntryView] {
        try await entryViews(SiteEntry.query(on: db).filter(\.$property.$id == propertyID).filter(\.$enteredAt >= from).filter(\.$enteredAt < to)
            .sort(\.$enteredAt, .descending).limit(500).all(), on: db)
    }

    static func entries(formID: UUID, on db: any Database) async throws -> [EntryView] {
        try await entryViews(SiteEntry.query(on: db).filter(\.$form.$id == formID).sort(\.$enteredAt, .descending).limit(500).all(), on: db)
    }

    static func entryViews(_ entries: [SiteEntry], on db: any Database) async throws -> [EntryView] {
        guard !entries.isEmpty else { return [] }
        let people = try await names(entries.flatMap { [$0.$enteredBy.id, $0.$exitedBy.id] }, on: db)
        let forms = Dictionary(uniqueKeysWithValues: try await WorkLiaisonForm.query(on: db).filter(\.$id ~~ Set(entries.map { $0.$form.id })).all().map { ($0.id!, $0) })
        let contractors = Dictionary(uniqueKeysWithValues: try await Contractor.query(on: db).filter(\.$id ~~ Set(forms.values.map { $0.$contractor.id })).all().map { ($0.id!, $0.name) })
        let workers = Dictionary(uniqueKeysWithValues: try await WorkFormWorker.query(on: db).filter(\.$id ~~ Set(entries.map { $0.$worker.id })).all().map { ($0.id!, $0) })
        return entries.map { e in
            let form = forms[e.$form.id], worker = workers[e.$worker.id]
            return EntryView(id: e.id!, formID: e.$form.id, referenceNo: form?.referenceNo ?? "", contractor: form.flatMap { contractors[$0.$contractor.id] } ?? "",
                             area: form?.area ?? "", workerID: e.$worker.id, worker: worker?.name ?? "", trade: worker?.trade, enteredAt: e.enteredAt,
                             enteredBy: people[e.$enteredBy.id] ?? "", night: e.night, exitedAt: e.exitedAt, exitedBy: e.$exitedBy.id.flatMap { people[$0] },
                             carriedOut: e.carriedOut, note: e.exitNote)
        }
    }

    static func checks(formID: UUID, on db: any Database) async throws -> [CheckView] {
        let rows = try await WorkSiteCheck.query(on: db).filter(\.$form.$id == formID).sort(\.$checkedAt, .descending).all()
        let people = try await names(rows.map { $0.$checkedBy.id }, on: db)
        return rows.map { c in
            CheckView(id: c.id!, formID: c.$form.id, stage: c.stage, lines: (try? JSONDecoder().decode([SiteCheckMark].self, from: Data(c.lines.utf8))) ?? [],
                      allOK: c.allOK, checkedBy: people[c.$checkedBy.id] ?? "", checkedAt: c.checkedAt)
        }
    }

    // MARK: Contractors

    static func contractors(propertyID: UUID, only: UUID?, on db: any Database) async throws -> [ContractorView] {
        var query = Contractor.query(on: db).filter(\.$property.$id == propertyID)
        if let only { query = query.filter(\.$id == only) }
        return try await contractorViews(query.sort(\.$name).all(), on: db)
    }

    static func contractorViews(_ rows: [Contractor], on db: any Database) async throws -> [ContractorView] {
        guard !rows.isEmpty else { return [] }
        let ids = Set(rows.map { $0.id! })
        let incidentRows = try await ContractorIncident.query(on: db).filter(\.$contractor.$id ~~ ids).sort(\.$recordedAt, .descending).all()
        let incidents = try await incidentViews(incidentRows, on: db)
        let fen = Dictionary(grouping: incidentRows, by: { $0.$contractor.id }).mapValues { $0.compactMap(\.compensationFen).reduce(0, +) }
        // Counted by the database: a contractor of ten years has hundreds of forms, each with its signature.
        let counts = Dictionary(uniqueKeysWithValues: try await db.sql.raw("SELECT contractor_id, COUNT(*) AS n FROM work_liaison_forms WHERE contractor_id IN (\(binds: Array(ids))) GROUP BY contractor_id")
            .all().map { (try $0.decode(column: "contractor_id", as: UUID.self), try $0.decode(column: "n", as: Int.self)) })
        let accounts = try await ContractorAccount.query(on: db).filter(\.$contractor.$id ~~ ids).with(\.$staff).all()
        return rows.map { c in
            ContractorView(id: c.id!, name: c.name, contact: c.contact, phone: c.phone, registeredAt: c.registeredAt, expelledAt: c.expelledAt,
                           expelledReason: c.expelledReason, forms: counts[c.id!] ?? 0,
                           incidents: incidents.filter { $0.contractorID == c.id! },
                           accounts: accounts.filter { $0.$contractor.id == c.id! }.map { AccountView(staffID: $0.staff.id!, username: $0.staff.username, name: $0.staff.name, active: $0.staff.isActive) },
                           compensation: yuan(fen[c.id!] ?? 0))
        }
    }

    static func incidentViews(_ rows: [ContractorIncident], on db: any Database) async throws -> [IncidentView] {
        guard !rows.isEmpty else { return [] }
        let people = try await names(rows.map { $0.$recordedBy.id }, on: db)
        let contractors = Dictionary(uniqueKeysWithValues: try await Contractor.query(on: db).filter(\.$id ~~ Set(rows.map { $0.$contractor.id })).all().map { ($0.id!, $0.name) })
        let forms = Dictionary(uniqueKeysWithValues: try await WorkLiaisonForm.query(on: db).filter(\.$id ~~ Set(rows.compactMap { $0.$form.id })).all().map { ($0.id!, $0.referenceNo) })
        let workers = Dictionary(uniqueKeysWithValues: try await WorkFormWorker.query(on: db).filter(\.$id ~~ Set(rows.compactMap { $0.$worker.id })).all().map { ($0.id!, $0.name) })
        return rows.map { i in
            IncidentView(id: i.id!, contractorID: i.$contractor.id, contractor: contractors[i.$contractor.id] ?? "", formID: i.$form.id,
                         referenceNo: i.$form.id.flatMap { forms[$0] }, workerID: i.$worker.id, worker: i.$worker.id.flatMap { workers[$0] }, kind: i.kind,
                         description: i.description, compensation: i.compensationFen.map(yuan), workStopped: i.workStopped, serviceItemID: i.$serviceItem.id,
                         recordedBy: people[i.$recordedBy.id] ?? "", recordedAt: i.recordedAt)
        }
    }

    // MARK: Emergencies and passes

    static func emergencies(propertyID: UUID, openOnly: Bool, limit: Int = 50, on db: any Database) async throws -> [EmergencyView] {
        var query = EmergencyEntry.query(on: db).filter(\.$property.$id == propertyID)
        if openOnly { query = query.filter(\.$reportedAt == nil) }
        return try await emergencyViews(query.sort(\.$recordedAt, .descending).limit(limit).all(), on: db)
    }

    static func emergencyViews(_ rows: [EmergencyEntry], on db: any Database) async throws -> [EmergencyView] {
        guard !rows.isEmpty else { return [] }
        let people = try await names(rows.flatMap { [$0.$recordedBy.id, $0.$supervisor.id, $0.$exitedBy.id] }, on: db)
        let houses = try await houseNames(rows.map { $0.$showHouse.id }, on: db)
        return rows.map { e in
            EmergencyView(id: e.id!, showHouseID: e.$showHouse.id, showHouse: houses[e.$showHouse.id] ?? "", emergency: e.emergency, reason: e.reason, guards: e.guards,
                          recordedBy: people[e.$recordedBy.id] ?? "", recordedAt: e.recordedAt, supervisorID: e.$supervisor.id, supervisor: people[e.$supervisor.id] ?? "",
                          stage: e.stage, enteredAt: e.enteredAt, keySetID: e.$keySet.id, exitedAt: e.exitedAt, exitedBy: e.$exitedBy.id.flatMap { people[$0] },
                          report: e.report, reportedAt: e.reportedAt)
        }
    }

    static func passes(propertyID: UUID, since: Date, on db: any Database) async throws -> [PassView] {
        let rows = try await AfterHoursPass.query(on: db).filter(\.$property.$id == propertyID).filter(\.$validUntil >= since).sort(\.$validFrom).limit(100).all()
        return try await passViews(rows, on: db)
    }

    static func passViews(_ rows: [AfterHoursPass], on db: any Database) async throws -> [PassView] {
        guard !rows.isEmpty else { return [] }
        let people = try await names(rows.flatMap { [$0.$requestedBy.id, $0.$decidedBy.id, $0.$admittedBy.id] }, on: db)
        let houses = try await houseNames(rows.map { $0.$showHouse.id }, on: db)
        return rows.map { p in
            PassView(id: p.id!, showHouseID: p.$showHouse.id, showHouse: houses[p.$showHouse.id] ?? "", visitor: p.visitor, purpose: p.purpose, validFrom: p.validFrom,
                     validUntil: p.validUntil, requestedBy: people[p.$requestedBy.id] ?? "", requestedByID: p.$requestedBy.id, requestedAt: p.requestedAt,
                     approved: p.approved, decidedBy: p.$decidedBy.id.flatMap { people[$0] }, decidedAt: p.decidedAt, decisionNote: p.decisionNote,
                     admittedBy: p.$admittedBy.id.flatMap { people[$0] }, admittedAt: p.admittedAt)
        }
    }

    /// SH-4 on security's view: the day's refusals counted at the show houses.
    static func refusals(propertyID: UUID, day: String, on db: any Database) async throws -> (times: Int, people: Int) {
        let rows = try await VisitorRefusal.query(on: db).filter(\.$property.$id == propertyID).filter(\.$day == day).all()
        return (rows.count, rows.map(\.headcount).reduce(0, +))
    }
}
