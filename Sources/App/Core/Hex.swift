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
