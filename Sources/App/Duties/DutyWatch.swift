import Fluent
import SQLKit
import Vapor

/// 督办 — the background watch (X-2, SH-31): every occurrence that passed its
/// grace with no record becomes a miss, once, and the people answerable and
/// the property's chat groups hear of it once; every rectification notice
/// past its deadline is flagged and alerted once. Runs on one server at a
/// time (`BackgroundJobs`); the unique (duty, due time) row keeps it to once
/// even if two ever ran together.
enum DutyWatch {
    static let missedNotice = "duty.missed"
    /// Who the watch's own records are by, in the audit chain.
    static let actor = AuditActor.system("职责督办")
    /// How far back a watch looks: a server down for a day still records the misses of the night before.
    static let lookBack: TimeInterval = 36 * 3_600

    struct Found: Sendable { let duty: Duty; let slot: DutyRules.Slot; let place: String }

    /// Records what was missed up to `now`; returns how many misses are new.
    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        try await Duties.installMissingDefaults(app: app, now: now)
        var recorded = 0
        let propertyIDs = try await app.db.sql.raw("SELECT DISTINCT property_id FROM duties WHERE retired_at IS NULL OR retired_at > \(bind: now.addingTimeInterval(-lookBack))").all()
            .map { try $0.decode(column: "property_id", as: UUID.self) }
        for propertyID in propertyIDs {
            guard let property = try await app.propertyDirectory.info(propertyID, on: app.db) else { continue }
            for found in try await missed(property: property, now: now, on: app.db) {
                if try await record(found, property: property, now: now, app: app) { recorded += 1 }
            }
        }
        try await flagOverdueNotices(app: app, now: now)
        try await SiteAccessWatch.run(app: app, now: now)
        return recorded
    }

    /// The occurrences of yesterday and today that are missed and not yet recorded.
    static func missed(property: PropertyInfo, now: Date, on db: any Database) async throws -> [Found] {
        let time = property.localTime
        let today = time.day(now)
        let days = [LocalTime.day(today, plus: -1), today]
        let since = now.addingTimeInterval(-lookBack)
        let known = Set(try await db.sql.raw("SELECT duty_id, due_at FROM duty_misses WHERE property_id = \(bind: property.id) AND due_at >= \(bind: since.addingTimeInterval(-2 * 86_400))").all()
            .map { "\(try $0.decode(column: "duty_id", as: UUID.self))|\(try $0.decode(column: "due_at", as: Date.self).epochMilliseconds)" })
        var found: [Found] = []
        for series in try await DutyQueries.series(propertyID: property.id, from: since.addingTimeInterval(-86_400), to: now, on: db) {
            let byID = Dictionary(uniqueKeysWithValues: series.versions.map { ($0.id!, $0) })
            for occurrence in try await DutyQueries.occurrences(series, days: days, time: time, now: now, on: db)
            where occurrence.state == .missed && occurrence.slot.until > since && !known.contains("\(occurrence.slot.dutyID)|\(occurrence.slot.due.epochMilliseconds)") {
                if let duty = byID[occurrence.slot.dutyID] { found.append(Found(duty: duty, slot: occurrence.slot, place: series.place)) }
            }
        }
        return found
    }

    /// One miss in its own transaction with its notices and alerts; false when another watch recorded it first.
    static func record(_ found: Found, property: PropertyInfo, now: Date, app: Application) async throws -> Bool {
        let time = property.localTime
        let what = (found.place.isEmpty ? "" : found.place + " ") + found.duty.kind.title.zh
        let dueText = time.dateTime(found.slot.due)
        do {
            try await app.write { db in
                let miss = DutyMiss()
                miss.id = UUID()
                miss.$property.id = property.id; miss.$duty.id = found.duty.id!; miss.dueAt = found.slot.due; miss.missedAt = found.slot.until; miss.detectedAt = now
                try await AuditLog.create("duty_miss.recorded", miss, by: actor, property: property.id, at: now, on: db)
                let audience = Notifier.Audience(grants: [.department(found.duty.department, max(found.duty.minimumRank, .foreman))])
                try await Notifier.notify(audience, at: property.id, kind: missedNotice,
                                          message: Text("职责未完成：\(what)（应于 \(dueText) 前完成）", "Missed: \((found.place.isEmpty ? "" : found.place + " ") + found.duty.kind.title.en), due \(dueText)"),
                                          link: "/duties/\(found.duty.seriesID)?month=\(time.day(found.slot.due).prefix(7))", subject: miss.id, now: now, on: db)
                try await Alerts.enqueue(.missedDuty, property: property.id,
                                         text: "【\(property.name)】职责未完成：\(what)，应于 \(dueText) 前完成（宽限 \(found.duty.graceMinutes) 分钟）。负责：\(found.duty.department.title.zh)。",
                                         subject: miss.id, now: now, on: db)
            }
            return true
        } catch where isUniqueViolation(error) {
            return false
        }
    }

    /// SH-31: each notice past its deadline, still with its department, is flagged and alerted once.
    static func flagOverdueNotices(app: Application, now: Date) async throws {
        let overdue = try await RectificationNotice.query(on: app.db).filter(\.$status == .issued).filter(\.$deadline < now).filter(\.$overdueAlertedAt == nil).limit(200).all()
        for found in overdue {
            guard let property = try await app.propertyDirectory.info(found.$property.id, on: app.db) else { continue }
            try await app.write { db in
                guard let locked = try await AuditLog.lock(RectificationNotice.self, found.id, on: db), locked.overdueAlertedAt == nil,
                      locked.record.isOverdue(at: now) else { return }
                let notice = try await AuditLog.update("rectification_notice.overdue", locked, by: actor, property: property.id, at: now, on: db) {
                    $0.overdueAlertedAt = now
                }
                let message = Text("整改通知单 \(notice.referenceNo) 已逾期（期限 \(property.localTime.dateTime(notice.deadline))）：\(notice.finding.prefix(60))",
                                   "\(notice.referenceNo) is overdue (deadline \(property.localTime.dateTime(notice.deadline))): \(notice.finding.prefix(60))")
                try await Notifier.notify(RectificationNotices.departmentAudience(notice.department), at: property.id, kind: RectificationNotices.Notice.overdue.rawValue,
                                          message: message, link: RectificationNotices.link(notice), subject: notice.id, now: now, on: db)
                try await Notifier.notify(notice.$issuedBy.id, at: property.id, kind: RectificationNotices.Notice.overdue.rawValue,
                                          message: message, link: RectificationNotices.link(notice), subject: notice.id, now: now, on: db)
                try await Alerts.enqueue(.overdueNotice, property: property.id, text: "【\(property.name)】" + message.zh + " 整改部门：\(notice.department.title.zh)。",
                                         subject: notice.id, now: now, on: db)
            }
        }
    }
}
