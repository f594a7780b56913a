import Foundation

/// Raw DEFLATE (RFC 1951) decompression, for the compressed parts of an
/// .xlsx (a zip archive). Written here rather than linked from zlib, which
/// the server image need not have. Input comes from users, so every length,
/// code and back-reference is checked, and the output is capped.
public enum Inflate {
    public enum Failure: Error, Equatable, Sendable {
        /// Not valid DEFLATE data, or it ends early.
        case corrupt(String)
        /// The output would pass the caller's limit (a zip bomb, or just too big).
        case exceedsLimit
    }

    /// The decompressed bytes of `input`. `expectedSize` (what a zip archive
    /// states) reserves memory up front and must be the output's size;
    /// `limit` caps the output whatever the data claims.
    public static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int?, limit: Int) throws -> [UInt8] {
        var decoder = Decoder(input: input, expectedSize: expectedSize, limit: limit)
        try decoder.run()
        return decoder.output
    }
}

extension Inflate {
    /// A canonical Huffman code, decoded with one table lookup for codes of
    /// up to `fastBits` bits (nearly all of them), and code length by code
    /// length for the rare longer ones.
    struct Huffman {
        static let fastBits = 10

        /// Indexed by the next `fastBits` input bits: `symbol << 4 | length`,
        /// or 0 when the code there is longer (or missing).
        let fast: [UInt16]
        /// How many codes have each length, 0...15.
        let counts: [Int]
        /// The symbols in code order (by length, then by symbol).
        let symbols: [UInt16]

        /// The code with these code lengths (0: symbol unused). An
        /// over-subscribed set is corrupt; an incomplete one is allowed (a
        /// block may use a single distance code, or none), and reading a code
        /// it lacks fails then.
        init(lengths: ArraySlice<UInt8>) throws {
            var counts = [Int](repeating: 0, count: 16)
            for length in lengths { counts[Int(length)] += 1 }
            counts[0] = 0
            var unused = 1
            for length in 1...15 {
                unused = unused << 1 - counts[length]
                guard unused >= 0 else { throw Failure.corrupt("over-subscribed Huffman code") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            var nextCode = [Int](repeating: 0, count: 16)
            for length in 1...15 {
                if length < 15 { offsets[length + 1] = offsets[length] + counts[length] }
                nextCode[length] = (length == 1 ? 0 : nextCode[length - 1] + counts[length - 1]) << 1
            }
            var symbols = [UInt16](repeating: 0, count: offsets[15] + counts[15])
            var fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
            for (symbol, length) in zip(0..., lengths) where length > 0 {
                let length = Int(length)
                symbols[offsets[length]] = UInt16(symbol)
                offsets[length] += 1
                let code = nextCode[length]
                nextCode[length] += 1
                guard length <= Self.fastBits else { continue }
                // DEFLATE sends a code's bits high to low, into a stream read low to high.
                var reversed = 0
                for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                for slot in stride(from: reversed, to: fast.count, by: 1 << length) {
                    fast[slot] = UInt16(symbol << 4 | length)
                }
            }
            self.fast = fast
            self.counts = counts
            self.symbols = symbols
        }

        // The block type 1 codes, fixed by the RFC (complete, so they cannot fail).
        static let fixedLiterals = try! Huffman(lengths: ([UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8))[...])
        static let fixedDistances = try! Huffman(lengths: [UInt8](repeating: 5, count: 30)[...])
    }

    /// Length and distance codes: the base value and how many extra bits follow.
    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order in which a dynamic block lists the code-length code's lengths.
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    struct Decoder {
        let input: ArraySlice<UInt8>
        /// The next input byte to load into `bits`.
        var next: Int
        /// Loaded, unread bits, the next one lowest.
        var bits: UInt64 = 0
        var bitCount = 0
        var output: [UInt8] = []
        let expectedSize: Int?
        let limit: Int

        init(input: ArraySlice<UInt8>, expectedSize: Int?, limit: Int) {
            self.input = input
            next = input.startIndex
            self.expectedSize = expectedSize
            self.limit = limit
            // DEFLATE expands at most 1032-fold: a stated size beyond that is a lie, not a reason to reserve memory.
            output.reserveCapacity(min(expectedSize ?? input.count * 4, input.count * 1032, limit))
        }

        mutating func run() throws {
            var isLast = false
            while !isLast {
                isLast = try take(1) == 1
                switch try take(2) {
                case 0: try copyStoredBlock()
                case 1: try decodeBlock(literals: Huffman.fixedLiterals, distances: Huffman.fixedDistances)
                case 2:
                    let codes = try readCodes()
                    try decodeBlock(literals: codes.literals, distances: codes.distances)
                default: throw Failure.corrupt("reserved block type")
                }
            }
            // Look-ahead may load zeros past the end; none of them may have been used.
            guard next - bitCount / 8 <= input.endIndex else { throw Failure.corrupt("the data ends early") }
            if let expectedSize, output.count != expectedSize { throw Failure.corrupt("the size differs from the stated size") }
        }

        /// Makes at least `count` bits available. Past the end of the input it
        /// loads zeros, so a short code near the end can be looked up with a
        /// full-width peek; more than 8 such bytes means the data is cut short.
        mutating func need(_ count: Int) throws {
            while bitCount < count {
                if next < input.endIndex {
                    bits |= UInt64(input[next]) << UInt64(bitCount)
                } else if next - input.endIndex >= 8 {
                    throw Failure.corrupt("the data ends early")
                }
                next += 1
                bitCount += 8
            }
        }

        mutating func take(_ count: Int) throws -> Int {
            try need(count)
            let value = Int(bits & ((1 << UInt64(count)) - 1))
            bits >>= UInt64(count)
            bitCount -= count
            return value
        }

        mutating func decode(_ code: Huffman) throws -> Int {
            try need(15)
            let entry = Int(code.fast[Int(bits & UInt64(1 << Huffman.fastBits - 1))])
            if entry != 0 {
                let length = entry & 15
                bits >>= UInt64(length)
                bitCount -= length
                return entry >> 4
            }
            // A longer code: compare against each length's first code in turn.
            var value = 0, first = 0, index = 0
            for length in 1...15 {
                value |= Int((bits >> UInt64(length - 1)) & 1)
                let count = code.counts[length]
                if value - first < count {
                    bits >>= UInt64(length)
                    bitCount -= length
                    return Int(code.symbols[index + value - first])
                }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw Failure.corrupt("invalid Huffman code")
        }

        /// Room for `count` more output bytes, or the reason there is none.
        func checkRoom(for count: Int) throws {
            let size = output.count + count
            if size > limit { throw Failure.exceedsLimit }
            if let expectedSize, size > expectedSize { throw Failure.corrupt("longer than the stated size") }
        }

        /// A stored block: from the next byte boundary, a length, its complement and the bytes.
        mutating func copyStoredBlock() throws {
            let partial = bitCount % 8
            bits >>= UInt64(partial)
            bitCount -= partial
            next -= bitCount / 8   // give back whole bytes loaded ahead
            bits = 0
            bitCount = 0
            guard input.endIndex - next >= 4 else { throw Failure.corrupt("the data ends early") }
            let length = Int(input[next]) | Int(input[next + 1]) << 8
            let complement = Int(input[next + 2]) | Int(input[next + 3]) << 8
            guard length ^ 0xFFFF == complement else { throw Failure.corrupt("stored block length check failed") }
            next += 4
            guard input.endIndex - next >= length else { throw Failure.corrupt("the data ends early") }
            try checkRoom(for: length)
            output.append(contentsOf: input[next..<next + length])
            next += length
        }

        /// A dynamic block's header: the code-length code, then with it the
        /// lengths of the literal/length and distance codes.
        mutating func readCodes() throws -> (literals: Huffman, distances: Huffman) {
            let literalCount = try take(5) + 257
            let distanceCount = try take(5) + 1
            let codeLengthCount = try take(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw Failure.corrupt("too many codes") }
            var codeLengthLengths = [UInt8](repeating: 0, count: 19)
            for position in Inflate.codeLengthOrder.prefix(codeLengthCount) {
                codeLengthLengths[position] = UInt8(try take(3))
            }
            let codeLengthCode = try Huffman(lengths: codeLengthLengths[...])
            let total = literalCount + distanceCount
            var lengths: [UInt8] = []
            lengths.reserveCapacity(total)
            while lengths.count < total {
                let symbol = try decode(codeLengthCode)
                let length: UInt8, repeats: Int
                switch symbol {
                case 0...15: (length, repeats) = (UInt8(symbol), 1)
                case 16:
                    guard let previous = lengths.last else { throw Failure.corrupt("a repeat with nothing to repeat") }
                    (length, repeats) = (previous, 3 + (try take(2)))
                case 17: (length, repeats) = (0, 3 + (try take(3)))
                default: (length, repeats) = (0, 11 + (try take(7)))
                }
                guard lengths.count + repeats <= total else { throw Failure.corrupt("code lengths overrun") }
                lengths.append(contentsOf: repeatElement(length, count: repeats))
            }
            guard lengths[256] != 0 else { throw Failure.corrupt("no end-of-block code") }
            return (try Huffman(lengths: lengths[..<literalCount]), try Huffman(lengths: lengths[literalCount...]))
        }

        /// A Huffman-coded block: literals, and (length, distance) copies of earlier output.
        mutating func decodeBlock(literals: Huffman, distances: Huffman) throws {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    if output.count >= limit || output.count == expectedSize { try checkRoom(for: 1) }
                    output.append(UInt8(truncatingIfNeeded: symbol))
                    continue
                }
                if symbol == 256 { return }
                let lengthCode = symbol - 257
                guard lengthCode < 29 else { throw Failure.corrupt("invalid length code") }
                let length = Inflate.lengthBase[lengthCode] + (try take(Inflate.lengthExtraBits[lengthCode]))
                let distanceCode = try decode(distances)
                guard distanceCode < 30 else { throw Failure.corrupt("invalid distance code") }
                let distance = Inflate.distanceBase[distanceCode] + (try take(Inflate.distanceExtraBits[distanceCode]))
                guard distance <= output.count else { throw Failure.corrupt("a distance before the start") }
                try checkRoom(for: length)
                // Byte by byte: the copy may overlap what it writes (a run).
                var from = output.count - distance
                for _ in 0..<length {
                    output.append(output[from])
                    from += 1
                }
            }
        }
    }
}
