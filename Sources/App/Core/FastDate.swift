import Foundation

/// ISO 8601 times for JSON ("2026-11-29T07:00:00Z"), written by hand: a list
/// of fifty keys has a hundred of them, and Foundation's formatter is slow.
enum FastDate {
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int32, _ at: Int, _ width: Int) {
            var value = value
            for index in stride(from: at + width - 1, through: at, by: -1) {
                out[index] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(parts.tm_year + 1900, 0, 4); out[4] = 45
        put(parts.tm_mon + 1, 5, 2); out[7] = 45
        put(parts.tm_mday, 8, 2); out[10] = 84
        put(parts.tm_hour, 11, 2); out[13] = 58
        put(parts.tm_min, 14, 2); out[16] = 58
        put(parts.tm_sec, 17, 2); out[19] = 90
        return String(decoding: out, as: UTF8.self)
    }
}
