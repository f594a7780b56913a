import Fluent
import Vapor

/// The duty watch's part for site access: a supervisor's written report
/// still missing a day after an emergency entry (SH-2); a worker still
/// inside half an hour after the form's window closed — the gate check not
/// done (SH-44); night work with nobody from security looking in for two
/// hours (SH-44 [5.7(3)]). Each is told once to the people answerable and
/// the chat groups.
enum SiteAccessWatch {
    /// How long after leaving the supervisor has to write the report.
    static let reportWithin: TimeInterval = 24 * 3_600
    /// How long after a form's end a worker may still be inside before security is told.
    static let overstayGrace: TimeInterval = 30 * 60
    /// How often security looks in on night work.
    static let nightRoundEvery: TimeInterval = 2 * 3_600

    static func run(app: Application, now: Date) async throws {
        try await flagMissingReports(app: app, now: now)
        try await flagOverstays(app: app, now: now)
        try await flagUnsupervisedNights(app: app, now: now)
    }

    // What is overdue, found the same way for the watch (everywhere) and for the duties page (one property).

    /// Emergency entries left over a day ago with no report (SH-2).
    static func lateReports(_ query: QueryBuilder<EmergencyEntry>, now: Date) -> QueryBuilder<EmergencyEntry> {
        query.filter(\.$reportedAt == nil).filter(\.$exitedAt < now.addingTimeInterval(-reportWithin))
    }

    /// Workers still inside half an hour after their form ended (SH-44).
    static func overstays(_ query: QueryBuilder<SiteEntry>, now: Date) -> QueryBuilder<SiteEntry> {
        query.filter(\.$exitedAt == nil).join(WorkLiaisonForm.self, on: \SiteEntry.$form.$id == \WorkLiaisonForm.$id)
            .filter(WorkLiaisonForm.self, \.$endsAt < now.addingTimeInterval(-overstayGrace))
    }

    /// Night work nobody from security has looked in on for two hours (SH-44 [5.7(3)]): per form, who is inside
    /// and when it was last looked in on — its latest night round, else when its first night worker still inside came in.
    static func unsupervisedNights(_ query: QueryBuilder<SiteEntry>, now: Date, on db: any Database) async throws -> [(form: UUID, inside: [SiteEntry], last: Date)] {
        let inside = try await query.filter(\.$exitedAt == nil).filter(\.$night == true).limit(1_000).all()
        var found: [(form: UUID, inside: [SiteEntry], last: Date)] = []
        for (formID, entries) in Dictionary(grouping: inside, by: { $0.$form.id }) {
            let since = entries.map(\.enteredAt).min()!
            let round = try await WorkSiteCheck.query(on: db).filter(\.$form.$id == formID).filter(\.$stage == .night).sort(\.$checkedAt, .descending).first()?.checkedAt
            let last = max(since, round ?? since)
            if now.timeIntervalSince(last) > nightRoundEvery { found.append((formID, entries, last)) }
        }
        return found
    }

    static func flagUnsupervisedNights(app: Application, now: Date) async throws {
        for (formID, entries, last) in try await unsupervisedNights(SiteEntry.query(on: app.db), now: now, on: app.db) {
            guard let property = try await app.propertyDirectory.info(entries[0].$property.id, on: app.db) else { continue }
            try await app.write { db in
                guard let locked = try await AuditLog.lock(WorkLiaisonForm.self, formID, on: db), (locked.nightAlertedAt.map { $0 < last } ?? true) else { return }
                let form = try await AuditLog.update("work_liaison_form.night_unsupervised", locked, by: DutyWatch.actor, property: property.id, at: now, on: db) { $0.nightAlertedAt = now }
                let message = Text("夜间施工 \(form.referenceNo)（\(form.area)，\(entries.count) 人在场）自 \(property.localTime.dateTime(last)) 起超过 2 小时无人监护",
                                   "Night work on \(form.referenceNo) (\(entries.count) inside) has had nobody from security since \(property.localTime.dateTime(last))")
                try await Notifier.notify(Notifier.Audience(grants: [.department(.security, .staff)]), at: property.id, kind: "work_form.night_unsupervised", message: message,
                                          link: WorkLiaisonForms.link(form.id!), subject: form.id, now: now, on: db)
                try await Alerts.enqueue(.missedDuty, property: property.id, text: "【\(property.name)】" + message.zh + "，请安管员到场监护。", subject: form.id, now: now, on: db)
            }
        }
    }

    static func flagMissingReports(app: Application, now: Date) async throws {
        let late = try await lateReports(EmergencyEntry.query(on: app.db), now: now).filter(\.$reportAlertedAt == nil).limit(200).all()
        for found in late {
            guard let property = try await app.propertyDirectory.info(found.$property.id, on: app.db),
                  let house = try await ShowHouse.find(found.$showHouse.id, on: app.db) else { continue }
            try await app.write { db in
                guard let locked = try await AuditLog.lock(EmergencyEntry.self, found.id, on: db), locked.reportAlertedAt == nil, locked.reportedAt == nil else { return }
                let entry = try await AuditLog.update("emergency_entry.report_missing", locked, by: DutyWatch.actor, property: property.id, at: now, on: db) { $0.reportAlertedAt = now }
                let message = Text("\(house.name)紧急进入（\(property.localTime.dateTime(entry.recordedAt))）的书面报告超过 24 小时未提交",
                                   "The report on the emergency entry to \(house.name) (\(property.localTime.dateTime(entry.recordedAt))) is over a day late")
                try await Notifier.notify(entry.$supervisor.id, at: property.id, kind: EmergencyEntries.Notice.report.rawValue, message: message,
                                          link: EmergencyEntries.link(entry.id!), subject: entry.id, now: now, on: db)
                try await Notifier.notify(Notifier.Audience(grants: [.department(.security, .manager), .anyDepartment(.leadership)]), at: property.id, kind: "emergency_entry.report_missing",
                                          message: message, link: EmergencyEntries.link(entry.id!), subject: entry.id, now: now, on: db)
                try await Alerts.enqueue(.missedDuty, property: property.id, text: "【\(property.name)】" + message.zh + "。", subject: entry.id, now: now, on: db)
            }
        }
    }

    static func flagOverstays(app: Application, now: Date) async throws {
        let inside = try await overstays(SiteEntry.query(on: app.db), now: now).filter(\.$overstayAlertedAt == nil).limit(200).all()
        for found in inside {
            guard let property = try await app.propertyDirectory.info(found.$property.id, on: app.db),
                  let form = try await WorkLiaisonForm.find(found.$form.id, on: app.db), let worker = try await WorkFormWorker.find(found.$worker.id, on: app.db) else { continue }
            try await app.write { db in
                guard let locked = try await AuditLog.lock(SiteEntry.self, found.id, on: db), locked.overstayAlertedAt == nil, locked.exitedAt == nil else { return }
                let entry = try await AuditLog.update("site_entry.overstay", locked, by: DutyWatch.actor, property: property.id, at: now, on: db) { $0.overstayAlertedAt = now }
                let message = Text("\(worker.name)（\(form.referenceNo) \(form.area)）在联络单 \(property.localTime.dateTime(form.endsAt)) 截止后仍未离场检查",
                                   "\(worker.name) (\(form.referenceNo)) is still inside after the form ended at \(property.localTime.dateTime(form.endsAt))")
                try await Notifier.notify(Notifier.Audience(grants: [.department(.security, .staff)]), at: property.id, kind: "site_entry.overstay", message: message,
                                          link: "/properties/\(property.id)/site-gate", subject: entry.id, now: now, on: db)
                try await Alerts.enqueue(.missedDuty, property: property.id, text: "【\(property.name)】" + message.zh + "，请安管员清场检查。", subject: entry.id, now: now, on: db)
            }
        }
    }
}

extension SiteAccessWatch {
    /// One thing the watch finds overdue now, as the duties page lists it.
    struct Flag: Sendable { let what: Text; let since: Date; let link: String }

    /// What the watch would tell of at `now`, for the duties page (X-2): late reports, workers inside after their form, unsupervised night work.
    static func flags(propertyID: UUID, now: Date, on db: any Database) async throws -> [Flag] {
        var flags: [Flag] = []
        let houses = Dictionary(uniqueKeysWithValues: try await ShowHouse.query(on: db).filter(\.$property.$id == propertyID).all().map { ($0.id!, $0.name) })
        for e in try await lateReports(EmergencyEntry.query(on: db).filter(\.$property.$id == propertyID), now: now).all() {
            flags.append(Flag(what: Text("\(houses[e.$showHouse.id] ?? "")紧急进入的书面报告逾期", "Emergency entry report late: \(houses[e.$showHouse.id] ?? "")"),
                              since: e.exitedAt!.addingTimeInterval(reportWithin), link: EmergencyEntries.link(e.id!)))
        }
        let over = try await overstays(SiteEntry.query(on: db).filter(\.$property.$id == propertyID), now: now).all()
        let nights = try await unsupervisedNights(SiteEntry.query(on: db).filter(\.$property.$id == propertyID), now: now, on: db)
        let formIDs = Set(over.map { $0.$form.id } + nights.map(\.form))
        let forms = Dictionary(uniqueKeysWithValues: try await WorkLiaisonForm.query(on: db).filter(\.$id ~~ formIDs).all().map { ($0.id!, $0) })
        for e in over {
            guard let form = forms[e.$form.id] else { continue }
            flags.append(Flag(what: Text("\(form.referenceNo) 联络单截止后仍有人未离场检查", "\(form.referenceNo): someone is inside after the form ended"),
                              since: form.endsAt.addingTimeInterval(overstayGrace), link: "/properties/\(propertyID)/site-gate"))
        }
        for (formID, _, last) in nights {
            guard let form = forms[formID] else { continue }
            flags.append(Flag(what: Text("\(form.referenceNo) 夜间施工超过 2 小时无人监护", "\(form.referenceNo): night work unsupervised for two hours"),
                              since: last.addingTimeInterval(nightRoundEvery), link: WorkLiaisonForms.link(formID)))
        }
        return flags.sorted { $0.since < $1.since }
    }
}
