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

    private func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter
    }

    public func dateTime(_ date: Date) -> String { formatter("yyyy-MM-dd HH:mm").string(from: date) }
    public func day(_ date: Date) -> String { formatter("yyyy-MM-dd").string(from: date) }
    /// The value an `<input type="datetime-local">` expects.
    public func inputValue(_ date: Date) -> String { formatter("yyyy-MM-dd'T'HH:mm").string(from: date) }

    /// Accepts ISO 8601 with an offset ("2026-11-29T07:00:00Z") or a local
    /// wall-clock time at this property ("2026-11-29T15:00", "2026-11-29 15:00").
    public func parseDateTime(_ string: String) -> Date? {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: trimmed) { return date }
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            if let date = formatter(format).date(from: trimmed) { return date }
        }
        return nil
    }

    /// The start of a local calendar day given as "yyyy-MM-dd".
    public func startOfDay(_ string: String) -> Date? {
        formatter("yyyy-MM-dd").date(from: string.trimmingCharacters(in: .whitespaces))
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
