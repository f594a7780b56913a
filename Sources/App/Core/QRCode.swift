/// A QR code (model 2, byte mode, error correction level M, versions 1–10,
/// up to 213 bytes) drawn as SVG, for labels a phone camera can open: a
/// key's tag that leads to the key's page. Written here from the standard
/// (ISO/IEC 18004) so the binary has no extra dependency.
public struct QRCode: Sendable {
    public let size: Int
    /// `modules[y][x]` is true for a dark module.
    public let modules: [[Bool]]

    /// Error correction level M: per version, EC codewords per block and the blocks' data lengths.
    static let levelM: [(ec: Int, blocks: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]),
        (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]
    static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

    public enum Failure: Error { case tooLong }

    public init(_ text: String) throws {
        let bytes = [UInt8](text.utf8)
        guard let version = (1...10).first(where: { Self.capacity($0) >= bytes.count }) else { throw Failure.tooLong }
        let codewords = Self.codewords(bytes, version: version)
        var matrix = Matrix(version: version)
        matrix.placeData(codewords)
        let best = (0..<8).map { mask -> (Int, Matrix) in
            var candidate = matrix
            candidate.apply(mask: mask)
            candidate.drawFormat(mask: mask)
            return (candidate.penalty, candidate)
        }.min { $0.0 < $1.0 }!.1
        size = best.size
        modules = best.dark
    }

    /// Bytes a version holds at level M in byte mode.
    static func capacity(_ version: Int) -> Int {
        let dataBits = levelM[version - 1].blocks.reduce(0, +) * 8
        let countBits = version < 10 ? 8 : 16
        return (dataBits - 4 - countBits) / 8
    }

    /// Data and error-correction codewords, interleaved across blocks.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let (ecLength, blocks) = levelM[version - 1]
        let capacity = blocks.reduce(0, +)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var data = stride(from: 0, to: bits.count, by: 8).map { start in bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) } }
        var pad: UInt8 = 0xEC
        while data.count < capacity { data.append(pad); pad = pad == 0xEC ? 0x11 : 0xEC }

        var dataBlocks: [[UInt8]] = [], ecBlocks: [[UInt8]] = []
        var offset = 0
        for length in blocks {
            let block = Array(data[offset..<offset + length])
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, ecLength: ecLength))
            offset += length
        }
        var out: [UInt8] = []
        for index in 0..<(blocks.max() ?? 0) { for block in dataBlocks where index < block.count { out.append(block[index]) } }
        for index in 0..<ecLength { for block in ecBlocks { out.append(block[index]) } }
        return out
    }

    /// The code as an SVG image with its quiet zone, `scale` px a module.
    public func svg(scale: Int = 4, label: String) -> String {
        let full = (size + 8) * scale
        var path = ""
        for y in 0..<size { for x in 0..<size where modules[y][x] { path += "M\(x + 4),\(y + 4)h1v1h-1z" } }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size + 8) \(size + 8)\" width=\"\(full)\" height=\"\(full)\" role=\"img\" aria-label=\"\(Node.escape(label))\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

/// Reed–Solomon over GF(256) with the QR polynomial x⁸+x⁴+x³+x²+1.
enum ReedSolomon {
    static let (exp, log): ([UInt8], [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512), log = [Int](repeating: 0, count: 256)
        var value = 1
        for power in 0..<255 {
            exp[power] = UInt8(value)
            log[value] = power
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for power in 255..<512 { exp[power] = exp[power - 255] }
        return (exp, log)
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// The generator polynomial of the given degree, highest coefficient first (without the leading 1).
    static func generator(_ degree: Int) -> [UInt8] {
        var poly: [UInt8] = [1]
        for power in 0..<degree {
            var next = [UInt8](repeating: 0, count: poly.count + 1)
            for (index, coefficient) in poly.enumerated() {
                next[index] ^= coefficient
                next[index + 1] ^= multiply(coefficient, exp[power])
            }
            poly = next
        }
        return Array(poly.dropFirst())
    }

    static func remainder(_ data: [UInt8], ecLength: Int) -> [UInt8] {
        let gen = generator(ecLength)
        var result = [UInt8](repeating: 0, count: ecLength)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for index in 0..<ecLength { result[index] ^= multiply(gen[index], factor) }
        }
        return result
    }
}

/// The module grid while it is built: function patterns fixed, data placed, masked.
struct Matrix: Sendable {
    let version: Int
    let size: Int
    var dark: [[Bool]]
    /// Finder, timing, alignment, format and version modules: never data, never masked.
    var function: [[Bool]]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        function = dark
        for (x, y) in [(0, 0), (size - 7, 0), (0, size - 7)] { drawFinder(x, y) }
        for index in 8..<(size - 8) {
            set(index, 6, index % 2 == 0)
            set(6, index, index % 2 == 0)
        }
        let centres = QRCode.alignment[version - 1]
        for cy in centres {
            for cx in centres where !(cx == 6 && cy == 6) && !(cx == 6 && cy == size - 7) && !(cx == size - 7 && cy == 6) {
                for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(mask: 0)   // reserves the format areas; drawn again once the mask is chosen
        set(8, size - 8, true)   // the dark module
        if version >= 7 { drawVersion() }
    }

    mutating func set(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y][x] = value
        function[y][x] = true
    }

    mutating func drawFinder(_ left: Int, _ top: Int) {
        for dy in -1...7 {
            for dx in -1...7 {
                let x = left + dx, y = top + dy
                guard x >= 0, y >= 0, x < size, y < size else { continue }
                let ring = max(abs(dx - 3), abs(dy - 3))
                set(x, y, ring != 2 && ring != 4)
            }
        }
    }

    /// Level M (bits 00) and the mask, BCH(15,5)-protected, XOR 0x5412, in both copies.
    mutating func drawFormat(mask: Int) {
        let data = (0b00 << 3) | mask
        var bits = data << 10
        for shift in stride(from: 14, through: 10, by: -1) where bits & (1 << shift) != 0 { bits ^= 0x537 << (shift - 10) }
        let format = ((data << 10) | bits) ^ 0x5412
        func bit(_ index: Int) -> Bool { (format >> index) & 1 == 1 }
        for index in 0...5 { set(8, index, bit(index)) }
        set(8, 7, bit(6)); set(8, 8, bit(7)); set(7, 8, bit(8))
        for index in 9...14 { set(14 - index, 8, bit(index)) }
        for index in 0...7 { set(size - 1 - index, 8, bit(index)) }
        for index in 8...14 { set(8, size - 15 + index, bit(index)) }
        set(8, size - 8, true)
    }

    mutating func drawVersion() {
        var bits = version << 12
        for shift in stride(from: 17, through: 12, by: -1) where bits & (1 << shift) != 0 { bits ^= 0x1F25 << (shift - 12) }
        let info = (version << 12) | bits
        for index in 0..<18 {
            let value = (info >> index) & 1 == 1
            let a = size - 11 + index % 3, b = index / 3
            set(a, b, value)
            set(b, a, value)
        }
    }

    /// Codeword bits up and down two-module columns from the bottom right, skipping the timing column.
    mutating func placeData(_ codewords: [UInt8]) {
        var bitIndex = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for column in 0..<2 {
                    let x = right - column
                    let upward = ((right + 1) & 2) == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !function[y][x] else { continue }
                    if bitIndex < total {
                        dark[y][x] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = (x * y) % 2 + (x * y) % 3 == 0
                case 6: flip = ((x * y) % 2 + (x * y) % 3) % 2 == 0
                default: flip = ((x + y) % 2 + (x * y) % 3) % 2 == 0
                }
                if flip { dark[y][x].toggle() }
            }
        }
    }

    /// The standard's four penalty rules; the mask with the lowest is used.
    var penalty: Int {
        var score = 0
        for line in 0..<size {
            for horizontal in [true, false] {
                var runColour = false, run = 0
                var history: [Bool] = []
                for index in 0..<size {
                    let value = horizontal ? dark[line][index] : dark[index][line]
                    history.append(value)
                    if index > 0 && value == runColour { run += 1 } else {
                        if run >= 5 { score += run - 2 }
                        runColour = value; run = 1
                    }
                }
                if run >= 5 { score += run - 2 }
                // 1:1:3:1:1 finder-like patterns with four light modules on a side.
                let pattern: [Bool] = [true, false, true, true, true, false, true]
                for start in 0...(size - 7) where Array(history[start..<start + 7]) == pattern {
                    let before = start >= 4 && history[(start - 4)..<start].allSatisfy { !$0 }
                    let after = start + 11 <= size && history[(start + 7)..<(start + 11)].allSatisfy { !$0 }
                    if before || after { score += 40 }
                }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let value = dark[y][x]
                if dark[y][x + 1] == value && dark[y + 1][x] == value && dark[y + 1][x + 1] == value { score += 3 }
            }
        }
        let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = darkCount * 100 / (size * size)
        score += abs(percent - 50) / 5 * 10
        return score
    }
}
