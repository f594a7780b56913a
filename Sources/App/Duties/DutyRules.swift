import Foundation

/// Duties with a clock, pure: when each occurrence of a duty falls due,
/// and whether the records fulfil it. The procedure's clocks: 开馆清点
/// 08:30–09:00 and the closing count (SH-10), supervisors' inspections at
/// least twice a day per show house (SH-30), a patrol every 30 minutes after
/// closing (SH-19), the day signed by the foreman or supervisor (SH-18), the
/// control-room handovers at 08:00 and 18:00 (HO-7).
public enum DutyRules {
    /// A stretch of the day in minutes from midnight; `to` past 1440 runs into the next day.
    public struct ClockWindow: Sendable, Equatable {
        public let from: Int, to: Int
    }

    /// One occurrence's clock: a record from `from` to `due` is on time, to
    /// `until` late; none by `until` and it is missed.
    public struct Slot: Sendable, Equatable {
        public let dutyID: UUID, from: Date, due: Date, until: Date
        /// The local day it belongs to (a night's rounds, to the evening they start).
        public let day: String
    }

    public enum State: String, Codable, Sendable, CaseIterable {
        case done, late, missed, open, upcoming

        public var title: Text {
            switch self {
            case .done: Text("按时完成", "Done")
            case .late: Text("迟于时限", "Late")
            case .missed: Text("未完成", "Missed")
            case .open: Text("进行中", "Due now")
            case .upcoming: Text("未到时间", "To come")
            }
        }
    }

    public struct Occurrence: Sendable {
        public let slot: Slot
        public let state: State
        /// The record that fulfilled it.
        public let recordAt: Date?
    }

    static let mostWindows = 12, mostEvery = 720, mostGrace = 1_440, leastEvery = 5
    /// One day's occurrences of a duty at most (every 5 minutes for 24 hours).
    static let mostPerDay = 288

    /// "08:30-09:00,13:00-18:00" (daily), "18:00-08:30" (every), "09:00" (weekly, monthly).
    public static func windows(_ text: String, cadence: DutyCadence) throws -> [ClockWindow] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw WuyeError.missing("windows", Text("时间", "The times"), rule: "X-2") }
        var found: [ClockWindow] = []
        for part in parts {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            switch cadence {
            case .weekly, .monthly:
                guard ends.count == 1, let at = minutes(ends[0]) else {
                    throw WuyeError.invalid("windows", Text("应为一个时间，如 17:00", "must be one time such as 17:00"), rule: "X-2")
                }
                found.append(ClockWindow(from: at, to: at))
            case .daily, .every:
                guard ends.count == 2, let from = minutes(ends[0]), var to = minutes(ends[1]) else {
                    throw WuyeError.invalid("windows", Text("应为“开始-截止”，如 08:30-09:00", "must be from-to, such as 08:30-09:00"), rule: "X-2")
                }
                if cadence == .every, to <= from { to += 1_440 }
                guard from < to else { throw WuyeError.invalid("windows", Text("“\(part)”的截止应晚于开始", "“\(part)” must end after it starts"), rule: "X-2") }
                found.append(ClockWindow(from: from, to: to))
            }
        }
        if cadence != .daily, found.count > 1 { throw WuyeError.invalid("windows", Text("只能有一个时间段", "must be one window"), rule: "X-2") }
        if found.count > mostWindows { throw WuyeError.invalid("windows", Text("每天最多 \(mostWindows) 个时间段", "at most \(mostWindows) windows a day"), rule: "X-2") }
        let sorted = found.sorted { $0.from < $1.from }
        if zip(sorted, sorted.dropFirst()).contains(where: { $0.to > $1.from }) {
            throw WuyeError.invalid("windows", Text("时间段不能重叠", "must not overlap"), rule: "X-2")
        }
        return sorted
    }

    /// "HH:mm" as minutes from midnight.
    static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    static func hhmm(_ minutes: Int) -> String {
        let m = ((minutes % 1_440) + 1_440) % 1_440
        return String(format: "%02d:%02d", m / 60, m % 60)
    }

    /// Checks a duty as someone writes it; the plan it makes.
    public static func plan(cadence: DutyCadence, windows text: String, everyMinutes: Int?, weekday: Int?, monthDay: Int?, graceMinutes: Int?) throws -> DutyPlan {
        let found = try windows(text, cadence: cadence)
        guard let grace = graceMinutes else { throw WuyeError.missing("graceMinutes", Text("宽限分钟数", "The grace in minutes"), rule: "X-2") }
        guard (0...mostGrace).contains(grace) else { throw WuyeError.invalid("graceMinutes", Text("应在 0–\(mostGrace) 分钟之间", "must be 0–\(mostGrace) minutes"), rule: "X-2") }
        switch cadence {
        case .every:
            guard let every = everyMinutes else { throw WuyeError.missing("everyMinutes", Text("间隔分钟数", "Every how many minutes"), rule: "X-2") }
            guard (leastEvery...mostEvery).contains(every) else {
                throw WuyeError.invalid("everyMinutes", Text("应在 \(leastEvery)–\(mostEvery) 分钟之间", "must be \(leastEvery)–\(mostEvery) minutes"), rule: "X-2")
            }
            guard found[0].to - found[0].from >= every else {
                throw WuyeError.invalid("everyMinutes", Text("时间段应至少有一个间隔长", "must fit in the window at least once"), rule: "X-2")
            }
        case .weekly:
            guard let weekday, (1...7).contains(weekday) else { throw WuyeError.missing("weekday", Text("星期几（1–7）", "The weekday (1–7)"), rule: "X-2") }
        case .monthly:
            // Up to the 28th, so that every month has the day.
            guard let monthDay, (1...28).contains(monthDay) else { throw WuyeError.missing("monthDay", Text("每月几号（1–28）", "The day of the month (1–28)"), rule: "X-2") }
        case .daily: break
        }
        return DutyPlan(cadence: cadence, windows: found, everyMinutes: everyMinutes ?? 0, weekday: weekday ?? 1, monthDay: monthDay ?? 1, graceMinutes: grace)
    }

    /// The occurrences that belong to a local day: those whose window starts
    /// on it (a night's patrols belong to the evening they start).
    public static func slots(_ plan: DutyPlan, dutyID: UUID, day: String, time: LocalTime) -> [Slot] {
        guard let midnight = time.startOfDay(day) else { return [] }
        let grace = TimeInterval(plan.graceMinutes * 60)
        func at(_ minutes: Int) -> Date { time.moment(midnight, plus: minutes) }
        switch plan.cadence {
        case .daily:
            return plan.windows.map { w in Slot(dutyID: dutyID, from: at(w.from), due: at(w.to), until: at(w.to) + grace, day: day) }
        case .every:
            guard let w = plan.windows.first, plan.everyMinutes > 0 else { return [] }
            var found: [Slot] = []
            var due = w.from + plan.everyMinutes
            while due <= w.to, found.count < mostPerDay {
                found.append(Slot(dutyID: dutyID, from: at(due - plan.everyMinutes), due: at(due), until: at(due) + grace, day: day))
                due += plan.everyMinutes
            }
            return found
        case .weekly:
            guard let w = plan.windows.first, LocalTime.weekday(of: day) == plan.weekday else { return [] }
            return [Slot(dutyID: dutyID, from: at(w.to) - 7 * 86_400, due: at(w.to), until: at(w.to) + grace, day: day)]
        case .monthly:
            guard let w = plan.windows.first, Int(day.suffix(2)) == plan.monthDay, let monthBefore = time.monthBefore(midnight) else { return [] }
            return [Slot(dutyID: dutyID, from: time.moment(monthBefore, plus: w.to), due: at(w.to), until: at(w.to) + grace, day: day)]
        }
    }

    /// Each occurrence takes the earliest record not yet taken inside its
    /// clock, in the order they fall due; what is left open is missed once
    /// its grace has passed.
    public static func match(_ slots: [Slot], records: [Date], now: Date) -> [Occurrence] {
        let records = records.sorted()
        var taken = [Bool](repeating: false, count: records.count)
        // Everything before `settled` is taken: the scan starts there, so a month of rounds is not walked from its first for each occurrence.
        var settled = 0
        return slots.sorted { $0.due < $1.due }.map { slot in
            var low = settled, high = records.count
            while low < high {
                let middle = (low + high) / 2
                if records[middle] < slot.from { low = middle + 1 } else { high = middle }
            }
            var index = low
            while index < records.count, records[index] <= slot.until, taken[index] { index += 1 }
            if index < records.count, records[index] <= slot.until {
                taken[index] = true
                while settled < records.count, taken[settled] { settled += 1 }
                return Occurrence(slot: slot, state: records[index] <= slot.due ? .done : .late, recordAt: records[index])
            }
            return Occurrence(slot: slot, state: now > slot.until ? .missed : now >= slot.from ? .open : .upcoming, recordAt: nil)
        }
    }

    /// The procedure's duties for a show house, from its hours.
    public static func defaults(opensAt: String, closesAt: String) -> [DutyDraft] {
        let opens = minutes(opensAt) ?? 9 * 60, closes = minutes(closesAt) ?? 18 * 60
        // Two inspections: one in each half of the reception day (SH-30 至少两次).
        let middle = (opens + closes) / 2 / 30 * 30
        return [
            DutyDraft(kind: .openingCount, department: .customerService, rank: .staff, cadence: .daily, windows: "08:30-09:00", every: nil, grace: 30),
            DutyDraft(kind: .closingCount, department: .customerService, rank: .staff, cadence: .daily, windows: "\(hhmm(closes - 30))-\(hhmm(closes))", every: nil, grace: 30),
            DutyDraft(kind: .inspection, department: .customerService, rank: .foreman, cadence: .daily,
                      windows: "\(hhmm(opens))-\(hhmm(middle)),\(hhmm(middle))-\(hhmm(closes))", every: nil, grace: 60),
            DutyDraft(kind: .patrol, department: .propertyService, rank: .staff, cadence: .every, windows: "\(hhmm(closes))-\(hhmm(opens))", every: 30, grace: 10),
            // Clean before opening: 08:30 by default, late until 09:00 (SH-20; the source says 09:00 in one place, so it is the duty's setting).
            DutyDraft(kind: .cleaning, department: .cleaning, rank: .staff, cadence: .daily, windows: "07:00-08:30", every: nil, grace: 30),
            // Signed the evening it closes; the morning after at the latest.
            DutyDraft(kind: .dayReview, department: .customerService, rank: .foreman, cadence: .daily, windows: "\(hhmm(closes))-23:30", every: nil, grace: 9 * 60),
        ]
    }

    /// A property's weekly duties: the fire-safety review on Mondays (SH-6), the management audit on Fridays (SH-37).
    public static let weekly: [(DutyDraft, weekday: Int)] = [
        (DutyDraft(kind: .fireReview, department: .security, rank: .supervisor, cadence: .weekly, windows: "17:00", every: nil, grace: 24 * 60), 1),
        (DutyDraft(kind: .managementAudit, department: .customerService, rank: .supervisor, cadence: .weekly, windows: "17:00", every: nil, grace: 24 * 60), 5),
    ]

    /// A post's shifts hand over at the property's two times (HO-1, HO-7).
    public static func postHandover(morning: String, evening: String, department: DepartmentCode) -> DutyDraft {
        let desk = deskHandover(morning: morning, evening: evening)
        return DutyDraft(kind: .postHandover, department: department, rank: .staff, cadence: .daily, windows: desk.windows, every: nil, grace: desk.grace)
    }

    /// The control-room handovers at the property's two times (HO-7).
    public static func deskHandover(morning: String, evening: String) -> DutyDraft {
        let m = minutes(morning) ?? 480, e = minutes(evening) ?? 1_080
        return DutyDraft(kind: .deskHandover, department: .customerService, rank: .staff, cadence: .daily,
                         windows: "\(hhmm(m - 30))-\(hhmm(m + 15)),\(hhmm(e - 30))-\(hhmm(e + 15))", every: nil, grace: 30)
    }
}

/// A duty's clock, checked.
public struct DutyPlan: Sendable, Equatable {
    public let cadence: DutyCadence
    public let windows: [DutyRules.ClockWindow]
    public let everyMinutes: Int
    public let weekday: Int
    public let monthDay: Int
    public let graceMinutes: Int
}

/// A duty as the procedure sets it, before it is written.
public struct DutyDraft: Sendable {
    public let kind: DutyKind
    public let department: DepartmentCode
    public let rank: Rank
    public let cadence: DutyCadence
    public let windows: String
    public let every: Int?
    public let grace: Int
}

extension LocalTime {
    /// `minutes` after a local midnight, by the calendar (so a day with a clock change still lands on the wall-clock time).
    func moment(_ midnight: Date, plus minutes: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let days = minutes / 1_440, rest = minutes % 1_440
        let day = days == 0 ? midnight : calendar.date(byAdding: .day, value: days, to: midnight) ?? midnight
        return calendar.date(bySettingHour: rest / 60, minute: rest % 60, second: 0, of: day) ?? day.addingTimeInterval(TimeInterval(rest * 60))
    }

    /// The same day of the month before.
    func monthBefore(_ midnight: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(byAdding: .month, value: -1, to: midnight)
    }

    /// A "yyyy-MM-dd" day `count` days on (or back).
    static func day(_ day: String, plus count: Int) -> String {
        guard let parts = StrictTime.day(day), let y = parts.year, let m = parts.month, let d = parts.day else { return day }
        let (year, month, date) = civilDate(daysSince1970: daysSince1970(y, m, d) + count)
        return String(format: "%04d-%02d-%02d", year, month, date)
    }

    /// 1 = Monday … 7 = Sunday.
    static func weekday(of day: String) -> Int {
        guard let parts = StrictTime.day(day), let y = parts.year, let m = parts.month, let d = parts.day else { return 0 }
        let days = daysSince1970(y, m, d)
        // 1970-01-01 was a Thursday.
        return ((days + 3) % 7 + 7) % 7 + 1
    }

    /// Howard Hinnant's `days_from_civil`, the inverse of `civilDate`.
    static func daysSince1970(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
