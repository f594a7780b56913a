import Foundation

/// Zip archives, as far as .xlsx files need them: reading stored and
/// deflated entries through the central directory, and writing stored ones.
/// Zip64 (archives past 4 GB or 65,535 entries) and encryption are refused.
public struct Zip: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        /// No end-of-central-directory record: not a zip archive, or cut short.
        case notAZip
        case corrupt(String)
        case zip64
        case encrypted
        case unsupportedMethod(Int)
        case tooManyEntries
        case entryTooLarge(String)
        case checksumMismatch(String)
    }

    public static let maximumEntries = 10_000

    struct Entry: Sendable {
        let flags: Int
        let method: Int
        let crc32: UInt32
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    private let bytes: [UInt8]
    /// By lower-cased name: names of the parts of an Office file are case-insensitive.
    /// Of two entries with one name, the first counts.
    private let entries: [String: Entry]
    private let maximumEntrySize: Int

    /// Reads the archive's directory. `maximumEntrySize` caps what `entry(named:)` will unpack.
    public init(_ bytes: [UInt8], maximumEntrySize: Int) throws {
        let endRecord = 22
        guard bytes.count >= endRecord else { throw Failure.notAZip }
        // The end record is the last thing in the file but for a comment of up to 65,535 bytes.
        var end: Int?
        for offset in stride(from: bytes.count - endRecord, through: max(0, bytes.count - endRecord - 0xFFFF), by: -1)
        where bytes[offset] == 0x50 && bytes.uint32(at: offset) == 0x0605_4B50
            && offset + endRecord + bytes.uint16(at: offset + 20) <= bytes.count {
            end = offset
            break
        }
        guard let end else { throw Failure.notAZip }
        let entryCount = bytes.uint16(at: end + 10)
        let directorySize = Int(bytes.uint32(at: end + 12))
        let directoryOffset = Int(bytes.uint32(at: end + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF { throw Failure.zip64 }
        guard bytes.uint16(at: end + 4) == 0, bytes.uint16(at: end + 6) == 0, bytes.uint16(at: end + 8) == entryCount else {
            throw Failure.corrupt("an archive split over several disks")
        }
        guard entryCount <= Self.maximumEntries else { throw Failure.tooManyEntries }
        guard directoryOffset + directorySize <= end else { throw Failure.corrupt("the central directory lies outside the file") }

        var entries: [String: Entry] = [:]
        var position = directoryOffset
        for _ in 0..<entryCount {
            let header = 46
            guard position + header <= end, bytes.uint32(at: position) == 0x0201_4B50 else {
                throw Failure.corrupt("a damaged central directory")
            }
            let nameLength = bytes.uint16(at: position + 28)
            let nameEnd = position + header + nameLength
            guard nameEnd <= end else { throw Failure.corrupt("a damaged central directory") }
            let name = String(decoding: bytes[(position + header)..<nameEnd], as: UTF8.self).lowercased()
            if entries[name] == nil {
                entries[name] = Entry(flags: bytes.uint16(at: position + 8), method: bytes.uint16(at: position + 10),
                                      crc32: bytes.uint32(at: position + 16), compressedSize: Int(bytes.uint32(at: position + 20)),
                                      size: Int(bytes.uint32(at: position + 24)), localHeaderOffset: Int(bytes.uint32(at: position + 42)))
            }
            position = nameEnd + bytes.uint16(at: position + 30) + bytes.uint16(at: position + 32)
        }
        self.bytes = bytes
        self.entries = entries
        self.maximumEntrySize = maximumEntrySize
    }

    /// The unpacked data of the entry with this name (any case), checked
    /// against its CRC-32; nil when the archive has no such entry.
    public func entry(named name: String) throws -> [UInt8]? {
        guard let entry = entries[name.lowercased()] else { return nil }
        guard entry.flags & 1 == 0 else { throw Failure.encrypted }
        if entry.size == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
            throw Failure.zip64
        }
        guard entry.size <= maximumEntrySize else { throw Failure.entryTooLarge(name) }
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, bytes.uint32(at: local) == 0x0403_4B50 else { throw Failure.corrupt("a damaged entry header") }
        // The local header's own name and extra field lengths, which may differ from the directory's.
        let start = local + 30 + bytes.uint16(at: local + 26) + bytes.uint16(at: local + 28)
        guard start <= bytes.count, bytes.count - start >= entry.compressedSize else { throw Failure.corrupt("an entry runs past the end") }
        let packed = bytes[start..<(start + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw Failure.corrupt("a stored entry's sizes differ") }
            data = Array(packed)
        case 8:
            data = try Inflate.decompress(packed, expectedSize: entry.size, limit: maximumEntrySize)
        default:
            throw Failure.unsupportedMethod(entry.method)
        }
        guard CRC32.of(data[...]) == entry.crc32 else { throw Failure.checksumMismatch(name) }
        return data
    }
}

extension Zip {
    /// An archive of these files, stored uncompressed (method 0), names in
    /// UTF-8 (flag bit 11), each dated 1980-01-01 so the same files give the
    /// same bytes. For files the app itself builds: past the format's plain
    /// limits (65,535 entries, 4 GB) it stops rather than write a broken archive.
    public static func archive(_ files: [(name: String, data: [UInt8])]) -> [UInt8] {
        precondition(files.count < 0xFFFF, "a zip archive of more than 65,534 files needs zip64")
        var out: [UInt8] = [], directory: [UInt8] = []
        out.reserveCapacity(files.reduce(22) { $0 + 30 + 46 + 2 * $1.name.utf8.count + $1.data.count })
        for file in files {
            let name = Array(file.name.utf8)
            let crc = CRC32.of(file.data[...])
            let offset = out.count
            precondition(offset + 30 + name.count + file.data.count < 0xFFFF_FFFF, "a zip archive over 4 GB needs zip64")
            // Version 2.0, UTF-8 names, stored, DOS time 00:00 and date 1980-01-01.
            let common: [(Int, Int)] = [(20, 2), (0x0800, 2), (0, 2), (0, 2), (0x21, 2), (Int(crc), 4), (file.data.count, 4),
                                        (file.data.count, 4), (name.count, 2), (0, 2)]
            out.append(littleEndian: 0x0403_4B50, bytes: 4)
            for (value, size) in common { out.append(littleEndian: value, bytes: size) }
            out.append(contentsOf: name)
            out.append(contentsOf: file.data)

            directory.append(littleEndian: 0x0201_4B50, bytes: 4)
            directory.append(littleEndian: 20, bytes: 2)   // made by: version 2.0, MS-DOS attributes
            for (value, size) in common { directory.append(littleEndian: value, bytes: size) }
            // Comment length, disk, internal and external attributes, then where the entry starts.
            for (value, size) in [(0, 2), (0, 2), (0, 2), (0, 4), (offset, 4)] { directory.append(littleEndian: value, bytes: size) }
            directory.append(contentsOf: name)
        }
        let directoryOffset = out.count
        out.append(contentsOf: directory)
        out.append(littleEndian: 0x0605_4B50, bytes: 4)
        for (value, size) in [(0, 2), (0, 2), (files.count, 2), (files.count, 2), (directory.count, 4), (directoryOffset, 4), (0, 2)] {
            out.append(littleEndian: value, bytes: size)
        }
        return out
    }
}

private extension [UInt8] {
    /// Little-endian fields; the caller has checked they lie inside the array.
    func uint16(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }

    func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }

    mutating func append(littleEndian value: Int, bytes: Int) {
        for index in 0..<bytes { append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
