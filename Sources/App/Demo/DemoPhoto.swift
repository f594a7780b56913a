import Foundation

/// A drawn stand-in for a patrol photo, for the demo and the tests: a wall
/// with a window and a coloured notice stuck on it, as a real PNG (stored,
/// uncompressed deflate blocks: no compressor needed).
enum DemoPhoto {
    static func png(width: Int = 240, height: Int = 180, notice: (r: UInt8, g: UInt8, b: UInt8) = (220, 38, 38)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)   // filter: none
            for x in 0..<width {
                let window = (40..<120).contains(x) && (30..<130).contains(y)
                let stuck = (70..<170).contains(x) && (60..<110).contains(y)
                let pixel: (UInt8, UInt8, UInt8) = stuck ? notice : window ? (150, 190, 225) : y > 150 ? (120, 120, 120) : (214, 206, 190)
                raw += [pixel.0, pixel.1, pixel.2]
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let body = Array(type.utf8) + data
            png += bigEndian(UInt32(data.count)) + body + bigEndian(CRC32.of(body[...]))
        }
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", zlibStored(raw))
        chunk("IEND", [])
        return png
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    /// A zlib stream of stored blocks (at most 65,535 bytes each) and its Adler-32.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let size = min(65_535, data.count - offset)
            let last: UInt8 = offset + size == data.count ? 1 : 0
            out += [last, UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8((~size >> 8) & 0xFF)]
            out += data[offset..<offset + size]
            offset += size
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return out + bigEndian(b << 16 | a)
    }
}
