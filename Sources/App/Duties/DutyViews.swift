import Fluent
import Vapor

/// What the compliance pages and the API show: a property's day at a
/// glance, and one duty's month. Worked out once here for both.
enum DutyViews {
    struct Figures: Codable, Sendable, Equatable {
        var done = 0, late = 0, missed = 0, open = 0, upcoming = 0

        mutating func add(_ state: DutyRules.State) {
            switch state {
            case .done: done += 1
            case .late: late += 1
            case .missed: missed += 1
            case .open: open += 1
            case .upcoming: upcoming += 1
            }
        }

        mutating func add(_ other: Figures) {
            done += other.done; late += other.late; missed += other.missed; open += other.open; upcoming += other.upcoming
        }

        /// Done (on time or late) out of those whose time has come, in percent; nil before any has.
        var percent: Int? {
            let counted = done + late + missed
            return counted == 0 ? nil : (done + late) * 100 / counted
        }
    }

    struct DutyDay {
        let series: DutyQueries.Series
        let occurrences: [DutyRules.Occurrence]
        var figures: Figures { occurrences.reduce(into: Figures()) { $0.add($1.state) } }
    }

    struct Day {
        let day: String
        let duties: [DutyDay]
        /// Occurrences whose time is now, including last night's rounds still running.
        let dueNow: [(DutyQueries.Series, DutyRules.Occurrence)]
        /// Misses recorded for the day's occurrences, by "duty id|due ms".
        let misses: [String: DutyQueries.MissRow]
        var figures: Figures { duties.reduce(into: Figures()) { $0.add($1.figures) } }
    }

    static func key(_ dutyID: UUID, _ due: Date) -> String { "\(dutyID)|\(due.epochMilliseconds)" }

    static func day(property: PropertyInfo, day: String, now: Date, on db: any Database) async throws -> Day {
        let time = property.localTime
        guard let start = time.startOfDay(day), let end = time.endOfDay(day) else { throw WuyeError.invalid("day", Text("日期格式不正确", "is not a day"), rule: "X-2") }
        let yesterday = LocalTime.day(day, plus: -1)
        let all = try await DutyQueries.series(propertyID: property.id, from: start.addingTimeInterval(-86_400), to: end.addingTimeInterval(86_400), on: db)
        var duties: [DutyDay] = []
        var dueNow: [(DutyQueries.Series, DutyRules.Occurrence)] = []
        for series in all {
            let occurrences = try await DutyQueries.occurrences(series, days: [yesterday, day], time: time, now: now, on: db)
            let mine = occurrences.filter { $0.slot.day == day }
            if !mine.isEmpty || series.current.retiredAt == nil { duties.append(DutyDay(series: series, occurrences: mine)) }
            dueNow += occurrences.filter { $0.state == .open }.map { (series, $0) }
        }
        let rows = try await DutyQueries.misses(propertyID: property.id, since: start, until: end.addingTimeInterval(86_400), on: db)
        let misses = Dictionary(rows.map { (key($0.dutyID, $0.dueAt), $0) }, uniquingKeysWith: { first, _ in first })
        return Day(day: day, duties: duties, dueNow: dueNow.sorted { $0.1.slot.due < $1.1.slot.due }, misses: misses)
    }

    struct Month {
        let series: DutyQueries.Series
        let month: String
        let days: [(day: String, figures: Figures)]
        let misses: [DutyQueries.MissRow]
        var figures: Figures { days.reduce(into: Figures()) { $0.add($1.figures) } }
    }

    /// One duty's month, day by day ("yyyy-MM").
    static func month(property: PropertyInfo, seriesID: UUID, month: String, now: Date, on db: any Database) async throws -> Month {
        let time = property.localTime
        let first = month + "-01"
        guard let start = time.startOfDay(first) else { throw WuyeError.invalid("month", Text("月份格式应为 2026-11", "must look like 2026-11"), rule: "X-2") }
        let next = LocalTime.day(LocalTime.day(first, plus: 27), plus: 4).prefix(7) + "-01"
        let days = DutyQueries.days(from: first, to: LocalTime.day(String(next), plus: -1))
        guard let end = time.startOfDay(String(next)) else { throw WuyeError.invalid("month", Text("月份格式应为 2026-11", "must look like 2026-11"), rule: "X-2") }
        guard let series = try await DutyQueries.series(propertyID: property.id, from: start.addingTimeInterval(-86_400 * 400), to: end.addingTimeInterval(86_400 * 400),
                                                        seriesID: seriesID, on: db).first else {
            throw WuyeError.notFound(Duties.noun, field: "dutyID")
        }
        let occurrences = try await DutyQueries.occurrences(series, days: days, time: time, now: now, on: db)
        var byDay: [String: Figures] = [:]
        for occurrence in occurrences { byDay[occurrence.slot.day, default: Figures()].add(occurrence.state) }
        let misses = try await DutyQueries.misses(propertyID: property.id, since: start, until: end.addingTimeInterval(86_400), seriesID: seriesID, on: db)
        return Month(series: series, month: month, days: days.map { ($0, byDay[$0] ?? Figures()) }, misses: misses)
    }
}
