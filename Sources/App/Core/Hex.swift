import Crypto
import Foundation

/// Lower-case hexadecimal for digests and tokens. Written out by hand:
/// `String(format: "%02x")` builds a formatter per byte, and the audit chain
/// hashes several values in every write.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// SHA-256 of the string's UTF-8, in hex.
    static func sha256(_ text: String) -> String {
        string(SHA256.hash(data: Data(text.utf8)))
    }

    /// `count` random bytes, in hex (2 × count characters).
    static func random(bytes count: Int) -> String {
        string([UInt8].random(count: count))
    }
}

/// UUIDs as text ("51682E4B-C953-4561-B6A3-5A8EB1BD45B7", either case), read
/// and written by hand: Foundation's parser goes through `sscanf`, its
/// `uuidString` through `snprintf`.
enum UUIDText {

    /// Upper case, as `uuidString` writes it.
    static func string(_ uuid: UUID) -> String {
        var out = [UInt8]()
        out.reserveCapacity(36)
        write(uuid, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same 36 bytes, appended to `out` (JSON written by hand).
    static func write(_ uuid: UUID, to out: inout [UInt8]) {
        // Into 36 bytes on the stack, then appended at once: one capacity check, not 36.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            withUnsafeBytes(of: uuid.uuid) { bytes in
                func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x37 + nibble }
                var at = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 { text[at] = 0x2D; at += 1 }
                    text[at] = digit(bytes[index] >> 4)
                    text[at + 1] = digit(bytes[index] & 0x0F)
                    at += 2
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { utf8 -> UUID? in
            guard utf8.count == 36 else { return nil }
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &uuid) { bytes -> Bool in
                var index = 0
                for place in 0..<16 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard utf8[index] == 0x2D else { return false }
                        index += 1
                    }
                    guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return false }
                    bytes[place] = high << 4 | low
                    index += 2
                }
                return true
            }
            return ok ? UUID(uuid: uuid) : nil
        }
    }

    /// Comparisons, not `case 0x30...0x39`: range patterns on bytes go through `ClosedRange` at run time.
    private static func nibble(_ character: UInt8) -> UInt8? {
        if character >= 0x30 && character <= 0x39 { return character &- 0x30 }
        let lower = character | 0x20
        if lower >= 0x61 && lower <= 0x66 { return lower &- 0x61 &+ 10 }
        return nil
    }
}

extension UUID {
    /// The same text as `uuidString`, written by hand: ids are in every link
    /// and form field of every page, and Foundation's goes through `snprintf`.
    var text: String { UUIDText.string(self) }
}

extension DefaultStringInterpolation {
    /// "/keys/\(id)" writes `UUID.text`, not `description` (which is `uuidString`).
    mutating func appendInterpolation(_ id: UUID) { appendLiteral(UUIDText.string(id)) }
}
