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
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// Upper case, as `uuidString` writes it.
    static func string(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            var out = [UInt8]()
            out.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(0x2D) }
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func parse(_ text: String) -> UUID? {
        var bytes = [UInt8](repeating: 0, count: 16)
        var count = 0
        var high: UInt8?
        for (index, character) in text.utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard character == 0x2D else { return nil }
                continue
            }
            let nibble: UInt8
            switch character {
            case 0x30...0x39: nibble = character - 0x30
            case 0x41...0x46: nibble = character - 0x41 + 10
            case 0x61...0x66: nibble = character - 0x61 + 10
            default: return nil
            }
            if let first = high {
                guard count < 16 else { return nil }
                bytes[count] = first << 4 | nibble
                count += 1
                high = nil
            } else {
                high = nibble
            }
        }
        guard count == 16, high == nil, text.utf8.count == 36 else { return nil }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
