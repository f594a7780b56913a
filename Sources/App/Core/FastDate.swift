import Foundation

/// ISO 8601 times for JSON ("2026-11-29T07:00:00Z"), written by hand: a list
/// of fifty keys has a hundred of them, and Foundation's formatter is slow.
enum FastDate {
    static func iso8601(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        writeISO8601(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same 20 bytes, appended to `out` (JSON written by hand).
    static func writeISO8601(_ date: Date, to out: inout [UInt8]) {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func put(_ value: Int32, _ width: Int) {
            var digits: (UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48)
            var value = value
            withUnsafeMutableBytes(of: &digits) { digits in
                for index in stride(from: width - 1, through: 0, by: -1) {
                    digits[index] = UInt8(48 + value % 10)
                    value /= 10
                }
                out.append(contentsOf: digits[0..<width])
            }
        }
        put(parts.tm_year + 1900, 4); out.append(45)
        put(parts.tm_mon + 1, 2); out.append(45)
        put(parts.tm_mday, 2); out.append(84)
        put(parts.tm_hour, 2); out.append(58)
        put(parts.tm_min, 2); out.append(58)
        put(parts.tm_sec, 2); out.append(90)
    }
}
