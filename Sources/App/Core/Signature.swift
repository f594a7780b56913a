import Foundation

/// 手写签名 — a signature drawn on a screen, sent as a PNG data URL. It is
/// stored and later shown in pages and print views, so it must be what it
/// says: a real PNG (signature, chunk lengths and checksums, IHDR first, IEND
/// last) of bounded size and dimensions, and nothing else.
enum SignatureImage {
    static let prefix = "data:image/png;base64,"
    static let maxBytes = 200_000
    static let maxWidth = 2000
    static let maxHeight = 1000

    static func check(_ dataURL: String, field: String, rule: String?) throws {
        func refuse(_ zh: String, _ en: String) -> WuyeError {
            WuyeError(.badRequest, Text("签名\(zh)", "The signature \(en)"), field: field, rule: rule)
        }
        guard dataURL.hasPrefix(prefix) else { throw refuse("应为手写签名图片（PNG）", "must be a drawn signature image (PNG data URL)") }
        let encoded = dataURL.dropFirst(prefix.count)
        guard encoded.utf8.count <= (maxBytes + 2) / 3 * 4 else { throw refuse("图片太大", "image is too large") }
        guard let data = Data(base64Encoded: String(encoded)) else { throw refuse("不是有效的图片数据", "is not valid base64 image data") }
        guard let size = pngSize(data) else { throw refuse("不是有效的 PNG 图片", "is not a valid PNG image") }
        guard (1...maxWidth).contains(size.width), (1...maxHeight).contains(size.height) else {
            throw refuse("图片尺寸超出 \(maxWidth)×\(maxHeight)", "image must be at most \(maxWidth)×\(maxHeight) pixels")
        }
    }

    /// Width and height when `data` is a well-formed PNG, else nil.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        let magic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8 + 25 + 12, Array(bytes[0..<8]) == magic else { return nil }
        func uint32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        var offset = 8
        var size: (Int, Int)?
        var sawEnd = false
        while offset + 12 <= bytes.count {
            let length = Int(uint32(offset))
            guard length <= bytes.count - offset - 12 else { return nil }
            let type = Array(bytes[offset + 4..<offset + 8])
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { return nil }
            let crc = uint32(offset + 8 + length)
            guard CRC32.of(bytes[offset + 4..<offset + 8 + length]) == crc else { return nil }
            let name = String(decoding: type, as: UTF8.self)
            if offset == 8 {
                guard name == "IHDR", length == 13 else { return nil }
                size = (Int(uint32(offset + 8)), Int(uint32(offset + 12)))
            }
            offset += 12 + length
            if name == "IEND" { sawEnd = true; break }
        }
        guard sawEnd, offset == bytes.count else { return nil }
        return size
    }
}
