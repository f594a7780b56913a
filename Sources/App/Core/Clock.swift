import NIOConcurrencyHelpers
import Vapor

/// The source of "now". Injected so tests can set the time; every clock rule
/// (overdue keys, 08:30 counts, 30-minute patrols) asks this, never `Date()`.
public protocol WuyeClock: Sendable {
    func now() -> Date
}

/// Wall-clock time, truncated to whole milliseconds so a timestamp reads back
/// identically from SQLite (REAL seconds) and PostgreSQL (microseconds) — the
/// audit chain compares what it wrote with what it reads.
public struct SystemClock: WuyeClock {
    public init() {}
    public func now() -> Date { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
}

/// A clock that tests move by hand.
public final class FixedClock: WuyeClock, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    public init(_ date: Date) { current = date }
    public func now() -> Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    public func set(_ date: Date) { lock.withLock { current = date } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any WuyeClock }

    public var clock: any WuyeClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    public var now: Date { application.clock.now() }
}

/// Times as people at a property read them.
public struct LocalTime: Sendable {
    public let timeZone: TimeZone

    public init(_ identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    public func dateTime(_ date: Date) -> String { let t = fields(date); return "\(t.day) \(t.time)" }
    public func day(_ date: Date) -> String { fields(date).day }
    /// The value an `<input type="datetime-local">` expects.
    public func inputValue(_ date: Date) -> String { let t = fields(date); return "\(t.day)T\(t.time)" }

    /// "yyyy-MM-dd" and "HH:mm" at this property, worked out by hand: a
    /// page shows dozens of times, and a DateFormatter (made, or even only
    /// used) costs more than the rest of a row. Days from the epoch to the
    /// Gregorian calendar by Howard Hinnant's `civil_from_days`.
    private func fields(_ date: Date) -> (day: String, time: String) {
        // To the millisecond first, as ICU does (stored times are whole milliseconds anyway).
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = (milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000) + timeZone.secondsFromGMT(for: date)
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayNumber, secondOfDay) = second < 0 ? (days - 1, second + 86_400) : (days, second)
        let (year, month, day) = Self.civilDate(daysSince1970: dayNumber)
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return (padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2),
                padded(secondOfDay / 3_600, 2) + ":" + padded(secondOfDay % 3_600 / 60, 2))
    }

    /// Accepts ISO 8601 with an offset ("2026-11-29T07:00:00Z") or a local
    /// wall-clock time at this property ("2026-11-29T15:00", "2026-11-29 15:00").
    /// The whole string must be a time: nothing before or after it.
    public func parseDateTime(_ string: String) -> Date? {
        guard let parts = StrictTime.components(string.trimmed(newlines: false)) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = parts.offsetSeconds.flatMap(TimeZone.init(secondsFromGMT:)) ?? timeZone
        guard let date = calendar.date(from: parts.components) else { return nil }
        // Whole milliseconds, as every stored time (see SystemClock).
        return Date(timeIntervalSince1970: ((date.timeIntervalSince1970 + parts.fraction) * 1000).rounded(.down) / 1000)
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard
    /// Hinnant's `civil_from_days`): no Calendar, so no allocation.
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The start of a local calendar day given as "yyyy-MM-dd".
    public func startOfDay(_ string: String) -> Date? {
        guard var components = StrictTime.day(string.trimmed(newlines: false)) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        components.hour = 0
        return calendar.date(from: components).map { calendar.startOfDay(for: $0) }
    }

    /// The end of a local calendar day, that is the start of the next.
    public func endOfDay(_ string: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return startOfDay(string).flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
    }

    public func startOfDay(containing date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: date)
    }
}

extension Date {
    /// Milliseconds since 1970, the form timestamps take in audit snapshots.
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

/// Times and days read whole and checked: "2026-02-30" or a time with
/// anything after it is refused, not rolled over or cut short.
enum StrictTime {
    struct Parts {
        var components: DateComponents
        /// Seconds east of UTC when the text names an offset; nil for local time.
        var offsetSeconds: Int?
        var fraction: TimeInterval
    }

    static let dateTimePattern = #"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"#
    private static let dayPattern = #"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"#

    static func components(_ text: String) -> Parts? {
        guard text.utf8.count <= 40, let groups = Patterns.groups(dateTimePattern, text) else { return nil }
        guard var components = validDay(groups[1], groups[2], groups[3]),
              let hour = groups[4].flatMap(Int.init), let minute = groups[5].flatMap(Int.init), hour < 24, minute < 60 else { return nil }
        let second = groups[6].flatMap(Int.init) ?? 0
        guard second < 60 else { return nil }
        components.hour = hour
        components.minute = minute
        components.second = second
        let fraction = groups[7].flatMap { Double("0." + $0) } ?? 0
        var offset: Int?
        if let zone = groups[8] {
            if zone == "Z" { offset = 0 } else {
                let digits = zone.dropFirst().filter(\.isNumber)
                guard let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)), hours <= 18, minutes < 60 else { return nil }
                offset = (zone.hasPrefix("-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
        }
        return Parts(components: components, offsetSeconds: offset, fraction: fraction)
    }

    static func day(_ text: String) -> DateComponents? {
        guard text.utf8.count <= 10, let groups = Patterns.groups(dayPattern, text) else { return nil }
        return validDay(groups[1], groups[2], groups[3])
    }

    private static func validDay(_ year: String?, _ month: String?, _ day: String?) -> DateComponents? {
        guard let year = year.flatMap(Int.init), let month = month.flatMap(Int.init), let day = day.flatMap(Int.init),
              (1900...2999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let first = DateComponents(year: year, month: month, day: 1)
        guard let start = calendar.date(from: first), let days = calendar.range(of: .day, in: .month, for: start), days.contains(day) else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }
}
