import Fluent
import SQLKit
import Vapor

/// Site access's part of 我的待办: the work liaison forms waiting for the
/// person's approval step or for leadership's extra approval (SH-41, SH-42),
/// the emergency entries waiting for the supervisor to confirm or report
/// (SH-2), and the after-hours passes waiting for leadership (SH-3).
enum SiteAccessToDo {
    static let source = ToDoSource(heading: Text("施工与进出", "Construction and access"), items: items, count: count)

    /// The form states whose next step the person takes.
    static func steps(of actor: Actor) -> [String] {
        guard actor.contractorID == nil else { return [] }
        return WorkFormStatus.allCases.filter { status in SiteAccessRules.nextStep(status).map { $0.grants.contains { $0.admits(actor) } } ?? false }.map(\.rawValue)
    }

    static func mayExtra(_ actor: Actor) -> Bool { actor.contractorID == nil && SiteAccessRules.leadershipGrants.contains { $0.admits(actor) } }

    static func forms(_ actor: Actor) -> SQLQueryString? {
        var parts: [SQLQueryString] = []
        let statuses = steps(of: actor)
        if !statuses.isEmpty { parts.append("status IN (\(binds: statuses))") }
        if mayExtra(actor) {
            parts.append("(extra_at IS NULL AND status IN ('leadership_approved', 'drawings_approved', 'registered', 'active')"
                + " AND (cuts_power = \(bind: true) OR cuts_water = \(bind: true) OR cuts_equipment = \(bind: true) OR crosses_areas = \(bind: true)))")
        }
        guard var joined = parts.first else { return nil }
        for part in parts.dropFirst() { joined += " OR " + part }
        return "filed_by_id <> \(bind: actor.id) AND (" + joined + ")"
    }

    static func emergencies(_ actor: Actor) -> SQLQueryString {
        "supervisor_id = \(bind: actor.id) AND reported_at IS NULL AND (entered_at IS NULL OR exited_at IS NOT NULL)"
    }

    static func passes(_ actor: Actor, _ now: Date) -> SQLQueryString? {
        guard actor.rank == .leadership, actor.contractorID == nil else { return nil }
        return "approved IS NULL AND valid_until > \(bind: now) AND requested_by_id <> \(bind: actor.id)"
    }

    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        let mine: SQLQueryString = "property_id IN (SELECT property_id FROM staff_properties WHERE staff_id = \(bind: actor.id))"
        var total: SQLQueryString = "(SELECT COUNT(*) FROM emergency_entries WHERE " + mine + " AND " + emergencies(actor) + ")"
        if let forms = forms(actor) { total += " + (SELECT COUNT(*) FROM work_liaison_forms WHERE " + mine + " AND " + forms + ")" }
        if let passes = passes(actor, now) { total += " + (SELECT COUNT(*) FROM after_hours_passes WHERE " + mine + " AND " + passes + ")" }
        return "(" + total + ")"
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        let at = Array(actor.propertyIDs)
        guard !at.isEmpty else { return [] }
        var items: [ToDoItem] = []
        if let condition = forms(actor) {
            let ids = try await db.sql.raw("SELECT id FROM work_liaison_forms WHERE property_id IN (\(binds: at)) AND " + condition + " ORDER BY starts_at LIMIT 100").all()
                .map { try $0.decode(column: "id", as: UUID.self) }
            let statuses = Set(steps(of: actor))
            for f in try await WorkLiaisonForm.query(on: db).filter(\.$id ~~ ids).sort(\.$startsAt).all() {
                let link = WorkLiaisonForms.link(f.id!)
                if statuses.contains(f.status.rawValue), let step = SiteAccessRules.nextStep(f.status) {
                    items.append(ToDoItem(kind: "work_form.step", title: Text("\(step.title.zh)：\(f.referenceNo) \(f.project.prefix(24))", "\(step.title.en): \(f.referenceNo)"),
                                          detail: Text(f.area, f.area), link: link, propertyID: f.$property.id, due: f.startsAt, urgent: f.startsAt < now.addingTimeInterval(86_400)))
                } else {
                    items.append(ToDoItem(kind: "work_form.extra", title: Text("同意停电停水或跨区域施工：\(f.referenceNo)", "Agree to the outage or crossing: \(f.referenceNo)"),
                                          link: link, propertyID: f.$property.id, due: f.startsAt))
                }
            }
        }
        for e in try await EmergencyEntry.query(on: db).filter(\.$property.$id ~~ at).filter(\.$supervisor.$id == actor.id).filter(\.$reportedAt == nil).all()
        where e.enteredAt == nil || e.exitedAt != nil {
            let confirm = e.enteredAt == nil
            items.append(ToDoItem(kind: confirm ? "emergency_entry.confirm" : "emergency_entry.report",
                                  title: confirm ? Text("到场监护紧急进入（\(e.emergency.title.zh)）", "Be at the emergency entry (\(e.emergency.title.en))")
                                                 : Text("提交紧急进入书面报告（\(e.emergency.title.zh)）", "Write the emergency entry report (\(e.emergency.title.en))"),
                                  link: EmergencyEntries.link(e.id!), propertyID: e.$property.id, due: e.exitedAt.map { $0.addingTimeInterval(SiteAccessWatch.reportWithin) },
                                  urgent: confirm || (e.exitedAt.map { now > $0.addingTimeInterval(SiteAccessWatch.reportWithin) } ?? false)))
        }
        if passes(actor, now) != nil {
            for p in try await AfterHoursPass.query(on: db).filter(\.$property.$id ~~ at).filter(\.$approved == nil).filter(\.$validUntil > now)
                .filter(\.$requestedBy.$id != actor.id).sort(\.$validFrom).limit(50).all() {
                items.append(ToDoItem(kind: "after_hours_pass.decide", title: Text("批复非接待时间进入：\(p.visitor)", "Decide the after-hours pass for \(p.visitor)"),
                                      detail: Text(p.purpose, p.purpose), link: "/properties/\(p.$property.id)/site-gate", propertyID: p.$property.id, due: p.validFrom))
            }
        }
        return items
    }
}
