import Fluent
import SQLKit
import Vapor

/// Reading duties against their records: a duty's occurrences over a
/// stretch of days, each done, late, missed, due now or to come.
enum DutyQueries {
    /// One duty across its edits, with where it is.
    struct Series: Sendable {
        let id: UUID
        /// Oldest first; the last is the one in force now.
        let versions: [Duty]
        let houseName: String?
        let postName: String?
        var current: Duty { versions.last! }
        var place: String { houseName ?? postName ?? "" }
    }

    /// The property's duties that were in force at some time in `from..<to`, by series.
    static func series(propertyID: UUID, from: Date, to: Date, seriesID: UUID? = nil, on db: any Database) async throws -> [Series] {
        var query = Duty.query(on: db).filter(\.$property.$id == propertyID).filter(\.$effectiveFrom < to)
            .group(.or) { $0.filter(\.$retiredAt == nil).filter(\.$retiredAt > from) }
        if let seriesID { query = query.filter(\.$seriesID == seriesID) }
        let duties = try await query.sort(\.$effectiveFrom).all()
        let houseIDs = Set(duties.compactMap { $0.$showHouse.id })
        let names = houseIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await ShowHouse.query(on: db).filter(\.$id ~~ houseIDs).all().map { ($0.id!, $0.name) })
        let postIDs = Set(duties.compactMap { $0.$post.id })
        let posts = postIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Post.query(on: db).filter(\.$id ~~ postIDs).all().map { ($0.id!, $0.name) })
        var order: [UUID] = []
        var grouped: [UUID: [Duty]] = [:]
        for duty in duties {
            if grouped[duty.seriesID] == nil { order.append(duty.seriesID) }
            grouped[duty.seriesID, default: []].append(duty)
        }
        return order.map { id in
            let versions = grouped[id]!
            return Series(id: id, versions: versions, houseName: versions.last!.$showHouse.id.flatMap { names[$0] }, postName: versions.last!.$post.id.flatMap { posts[$0] })
        }.sorted { ($0.place, $0.current.kind.rawValue) < ($1.place, $1.current.kind.rawValue) }
    }

    /// The occurrences of `days` under whichever version was in force when each fell due.
    static func slots(_ series: Series, days: [String], time: LocalTime) -> [DutyRules.Slot] {
        days.flatMap { day in
            series.versions.flatMap { version in
                DutyRules.slots(version.plan, dutyID: version.id!, day: day, time: time).filter { slot in
                    slot.due > version.effectiveFrom && (version.retiredAt.map { slot.due <= $0 } ?? true)
                }
            }
        }
    }

    /// The times of the records that fulfil a duty, between two moments.
    static func recordTimes(_ duty: Duty, from: Date, to: Date, on db: any Database) async throws -> [Date] {
        let house = duty.$showHouse.id
        let query: SQLQueryString
        switch duty.kind {
        case .inspection:
            query = "SELECT inspected_at AS at FROM inspections WHERE show_house_id = \(bind: house) AND inspected_at >= \(bind: from) AND inspected_at <= \(bind: to)"
        case .patrol:
            query = "SELECT patrolled_at AS at FROM patrol_rounds WHERE show_house_id = \(bind: house) AND patrolled_at >= \(bind: from) AND patrolled_at <= \(bind: to)"
        case .openingCount, .closingCount:
            let kind = duty.kind == .openingCount ? CountKind.opening.rawValue : CountKind.closing.rawValue
            query = "SELECT counted_at AS at FROM show_house_counts WHERE show_house_id = \(bind: house) AND kind = \(bind: kind) AND counted_at >= \(bind: from) AND counted_at <= \(bind: to)"
        case .dayReview:
            query = "SELECT reviewed_at AS at FROM show_house_days WHERE show_house_id = \(bind: house) AND reviewed_at >= \(bind: from) AND reviewed_at <= \(bind: to)"
        case .deskHandover:
            query = "SELECT accepted_at AS at FROM desk_handovers WHERE property_id = \(bind: duty.$property.id) AND accepted_at >= \(bind: from) AND accepted_at <= \(bind: to)"
        case .postHandover:
            query = "SELECT accepted_at AS at FROM handover_sheets WHERE post_id = \(bind: duty.$post.id) AND accepted_at >= \(bind: from) AND accepted_at <= \(bind: to)"
        case .cleaning, .floorMaintenance:
            let kind = duty.kind == .cleaning ? OperationsKind.cleaning : .floorMaintenance
            query = """
                SELECT recorded_at AS at FROM operations_records WHERE show_house_id = \(bind: house) AND kind = \(bind: kind.rawValue)
                AND recorded_at >= \(bind: from) AND recorded_at <= \(bind: to)
                """
        case .fireReview, .managementAudit:
            let kind = duty.kind == .fireReview ? OperationsKind.extinguisherReview : .managementAudit
            query = """
                SELECT recorded_at AS at FROM operations_records WHERE property_id = \(bind: duty.$property.id) AND kind = \(bind: kind.rawValue)
                AND recorded_at >= \(bind: from) AND recorded_at <= \(bind: to)
                """
        }
        return try await db.sql.raw(query).all().map { try $0.decode(column: "at", as: Date.self) }
    }

    /// Every occurrence of a series on these days, matched against its records.
    static func occurrences(_ series: Series, days: [String], time: LocalTime, now: Date, on db: any Database) async throws -> [DutyRules.Occurrence] {
        let slots = slots(series, days: days, time: time)
        guard let first = slots.map(\.from).min(), let last = slots.map(\.until).max() else { return [] }
        let records = try await recordTimes(series.current, from: first, to: last, on: db)
        return DutyRules.match(slots, records: records, now: now)
    }

    /// The days from `first` to `last`, inclusive.
    static func days(from first: String, to last: String) -> [String] {
        var days: [String] = []
        var day = first
        while day <= last, days.count < 62 {
            days.append(day)
            day = LocalTime.day(day, plus: 1)
        }
        return days
    }

    struct MissRow: ReadRow {
        let id: UUID; let dutyID: UUID; let seriesID: UUID; let kind: DutyKind; let houseName: String?; let dueAt: Date; let missedAt: Date
        let explanation: String?; let explainedBy: String?; let explainedAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); dutyID = try row.next("duty_id"); seriesID = try row.next("series_id"); kind = try row.next("kind"); houseName = try row.next("house_name")
            dueAt = try row.next("due_at"); missedAt = try row.next("missed_at"); explanation = try row.next("explanation"); explainedBy = try row.next("explained_by")
            explainedAt = try row.next("explained_at")
        }
    }

    /// The misses recorded at a property since `since` (or of one series), newest first.
    static func misses(propertyID: UUID, since: Date, until: Date? = nil, seriesID: UUID? = nil, limit: Int = 200, on db: any Database) async throws -> [MissRow] {
        var query: SQLQueryString = """
            SELECT m.id, m.duty_id, d.series_id, d.kind, h.name AS house_name, m.due_at, m.missed_at, m.explanation, s.name AS explained_by, m.explained_at
            FROM duty_misses m JOIN duties d ON d.id = m.duty_id LEFT JOIN show_houses h ON h.id = d.show_house_id LEFT JOIN staff s ON s.id = m.explained_by_id
            WHERE m.property_id = \(bind: propertyID) AND m.due_at >= \(bind: since)
            """
        if let until { query += " AND m.due_at < \(bind: until)" }
        if let seriesID { query += " AND d.series_id = \(bind: seriesID)" }
        return try await db.sql.rows(MissRow.self, query + " ORDER BY m.due_at DESC LIMIT \(unsafeRaw: String(limit))")
    }
}
