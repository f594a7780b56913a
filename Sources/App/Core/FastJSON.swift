import Foundation
import NIOCore
import Vapor

/// JSON written straight from `Encodable` values, byte for byte what
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes (checked
/// in FastPathTests), at a fraction of its cost: every API response and
/// every audit snapshot goes through here. Ids are written by hand (not by
/// `uuidString`), dates as the caller asks.
struct FastJSON: Sendable {
    enum Dates: Sendable {
        /// "2026-11-29T07:00:00Z", as the API writes times.
        case iso8601
        /// Milliseconds since 1970 as an integer, as audit snapshots keep them.
        case epochMilliseconds
    }

    let dates: Dates

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = Slot()
        try Writer(slot: root, dates: dates).encode(value)
        var out: [UInt8] = []
        out.reserveCapacity(256)
        root.node.write(to: &out)
        return out
    }

    func string<T: Encodable>(_ value: T) throws -> String { String(decoding: try encode(value), as: UTF8.self) }

    // MARK: The tree the containers fill in

    fileprivate indirect enum Node {
        case rendered([UInt8])
        case object(Object)
        case array(List)

        func write(to out: inout [UInt8]) {
            switch self {
            case let .rendered(bytes): out.append(contentsOf: bytes)
            case let .object(object):
                out.append(UInt8(ascii: "{"))
                for (index, entry) in object.entries.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    FastJSON.writeString(entry.key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    entry.slot.node.write(to: &out)
                }
                out.append(UInt8(ascii: "}"))
            case let .array(array):
                out.append(UInt8(ascii: "["))
                for (index, slot) in array.slots.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    slot.node.write(to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
    }

    fileprivate final class Slot { var node: Node = .rendered(Array("null".utf8)) }
    fileprivate final class Object {
        var entries: [(key: String, slot: Slot)] = []
        func slot(_ key: String) -> Slot {
            if let existing = entries.first(where: { $0.key == key }) { return existing.slot }
            let slot = Slot()
            entries.append((key, slot))
            return slot
        }
    }
    fileprivate final class List { var slots: [Slot] = [] }

    // MARK: Scalars

    static func writeString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Most text needs no escaping: copy the runs between escapes whole.
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes a scalar (text, id, time, truth value, number, and the
    /// Foundation types with encodings of their own) and answers true; false
    /// for anything else, which encodes itself. Types are told apart by
    /// comparing them, not by `as?` casts: a failed dynamic cast costs as
    /// much as writing the value, and a struct would fail every one.
    fileprivate static func writeScalar<T: Encodable>(_ value: T, dates: Dates, to bytes: inout [UInt8]) throws -> Bool {
        if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self), to: &bytes)
        } else if T.self == UUID.self {
            // Ids and times need no escaping: their bytes go straight in, as `JSONOut` writes them.
            bytes.append(UInt8(ascii: "\""))
            UUIDText.write(unsafeBitCast(value, to: UUID.self), to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        } else if T.self == Date.self {
            let date = unsafeBitCast(value, to: Date.self)
            switch dates {
            case .iso8601:
                bytes.append(UInt8(ascii: "\""))
                FastDate.writeISO8601(date, to: &bytes)
                bytes.append(UInt8(ascii: "\""))
            case .epochMilliseconds: bytes.append(contentsOf: String(date.epochMilliseconds).utf8)
            }
        } else if T.self == Bool.self {
            bytes.append(contentsOf: (unsafeBitCast(value, to: Bool.self) ? "true" : "false").utf8)
        } else if T.self == Int.self {
            bytes.append(contentsOf: String(unsafeBitCast(value, to: Int.self)).utf8)
        } else if otherIntegers.contains(ObjectIdentifier(T.self)) {
            bytes.append(contentsOf: "\(value)".utf8)
        } else if byFoundation.contains(ObjectIdentifier(T.self)) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            bytes.append(contentsOf: try encoder.encode(value))
        } else {
            return false
        }
        return true
    }

    private static let otherIntegers: Set<ObjectIdentifier> = [
        ObjectIdentifier(Int8.self), ObjectIdentifier(Int16.self), ObjectIdentifier(Int32.self), ObjectIdentifier(Int64.self),
        ObjectIdentifier(UInt.self), ObjectIdentifier(UInt8.self), ObjectIdentifier(UInt16.self), ObjectIdentifier(UInt32.self), ObjectIdentifier(UInt64.self),
    ]
    private static let byFoundation: Set<ObjectIdentifier> = [
        ObjectIdentifier(Double.self), ObjectIdentifier(Float.self), ObjectIdentifier(Decimal.self), ObjectIdentifier(Data.self), ObjectIdentifier(URL.self),
    ]

    fileprivate static func rendered(_ string: String) -> Node {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count + 2)
        writeString(string, to: &out)
        return .rendered(out)
    }

    fileprivate static func rendered<N: BinaryInteger>(_ number: N) -> Node { .rendered(Array(String(number).utf8)) }


    // MARK: Encoder

    fileprivate struct Writer: Encoder {
        let slot: Slot
        let dates: Dates
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object: Object
            if case let .object(existing) = slot.node { object = existing } else { object = Object(); slot.node = .object(object) }
            return KeyedEncodingContainer(Keyed<Key>(object: object, dates: dates))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let array: List
            if case let .array(existing) = slot.node { array = existing } else { array = List(); slot.node = .array(array) }
            return Unkeyed(array: array, dates: dates)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot, dates: dates) }

        /// Any value into this slot: the common types directly, the rest through their own `encode(to:)`.
        func encode<T: Encodable>(_ value: T) throws {
            var bytes: [UInt8] = []
            if try FastJSON.writeScalar(value, dates: dates, to: &bytes) {
                slot.node = .rendered(bytes)
            } else {
                try value.encode(to: self)
            }
        }
    }

    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: Object
        let dates: Dates
        var codingPath: [any CodingKey] { [] }

        func encodeNil(forKey key: Key) throws { object.slot(key.stringValue).node = .rendered(Array("null".utf8)) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try Writer(slot: object.slot(key.stringValue), dates: dates).encode(value) }
        func encode(_ value: String, forKey key: Key) throws { object.slot(key.stringValue).node = FastJSON.rendered(value) }
        func encode(_ value: Bool, forKey key: Key) throws { try Writer(slot: object.slot(key.stringValue), dates: dates).encode(value) }
        func encode(_ value: Int, forKey key: Key) throws { object.slot(key.stringValue).node = FastJSON.rendered(value) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            Writer(slot: object.slot(key.stringValue), dates: dates).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Writer(slot: object.slot(key.stringValue), dates: dates).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { Writer(slot: object.slot("super"), dates: dates) }
        func superEncoder(forKey key: Key) -> any Encoder { Writer(slot: object.slot(key.stringValue), dates: dates) }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let array: List
        let dates: Dates
        var codingPath: [any CodingKey] { [] }
        var count: Int { array.slots.count }

        private func next() -> Slot {
            let slot = Slot()
            array.slots.append(slot)
            return slot
        }

        func encodeNil() throws { _ = next() }
        func encode<T: Encodable>(_ value: T) throws { try Writer(slot: next(), dates: dates).encode(value) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            Writer(slot: next(), dates: dates).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Writer(slot: next(), dates: dates).unkeyedContainer() }
        func superEncoder() -> any Encoder { Writer(slot: next(), dates: dates) }
    }

    fileprivate struct Single: SingleValueEncodingContainer {
        let slot: Slot
        let dates: Dates
        var codingPath: [any CodingKey] { [] }

        func encodeNil() throws { slot.node = .rendered(Array("null".utf8)) }
        func encode<T: Encodable>(_ value: T) throws { try Writer(slot: slot, dates: dates).encode(value) }
    }
}

/// JSON written as the value is walked, keys in the order the type
/// encodes them (an object's key order means nothing to a reader, so
/// responses are not sorted), into one buffer: no tree, no allocation per
/// value. A type that asks for a nested container by hand is written by
/// `FastJSON` instead.
struct StreamedJSON: Sendable {
    let dates: FastJSON.Dates

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let out = Output()
        try out.value(value, dates: dates)
        if out.needsTree { return try FastJSON(dates: dates).encode(value) }
        return out.bytes
    }

    fileprivate final class Output {
        var bytes: [UInt8] = []
        /// Set when a type asked for a container this writer cannot close for it.
        var needsTree = false

        init() { bytes.reserveCapacity(4096) }

        func value<T: Encodable>(_ value: T, dates: FastJSON.Dates) throws {
            if try FastJSON.writeScalar(value, dates: dates, to: &bytes) { return }
            let open = Open()
            try value.encode(to: Writer(out: self, open: open, dates: dates))
            switch open.kind {
            case .object: bytes.append(UInt8(ascii: "}"))
            case .array: bytes.append(UInt8(ascii: "]"))
            case .scalar: break
            case .none: bytes.append(contentsOf: "{}".utf8)
            }
        }
    }

    /// What one value opened, and how many members it has so far.
    fileprivate final class Open {
        enum Kind { case none, object, array, scalar }
        var kind = Kind.none
        var members = 0
    }

    fileprivate struct Writer: Encoder {
        let out: Output
        let open: Open
        let dates: FastJSON.Dates
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if open.kind == .none { open.kind = .object; out.bytes.append(UInt8(ascii: "{")) }
            if open.kind != .object { out.needsTree = true }
            return KeyedEncodingContainer(Keyed<Key>(out: out, open: open, dates: dates))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if open.kind == .none { open.kind = .array; out.bytes.append(UInt8(ascii: "[")) }
            if open.kind != .array { out.needsTree = true }
            return Unkeyed(out: out, open: open, dates: dates)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            if open.kind != .none { out.needsTree = true }
            open.kind = .scalar
            return Single(out: out, dates: dates)
        }
    }

    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let out: Output
        let open: Open
        let dates: FastJSON.Dates
        var codingPath: [any CodingKey] { [] }

        private func member(_ key: Key) {
            if open.members > 0 { out.bytes.append(UInt8(ascii: ",")) }
            open.members += 1
            FastJSON.writeString(key.stringValue, to: &out.bytes)
            out.bytes.append(UInt8(ascii: ":"))
        }

        func encodeNil(forKey key: Key) throws { member(key); out.bytes.append(contentsOf: "null".utf8) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws { member(key); try out.value(value, dates: dates) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            out.needsTree = true
            return KeyedEncodingContainer(Keyed<NestedKey>(out: Output(), open: Open(), dates: dates))
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            out.needsTree = true
            return Unkeyed(out: Output(), open: Open(), dates: dates)
        }
        func superEncoder() -> any Encoder { out.needsTree = true; return Writer(out: Output(), open: Open(), dates: dates) }
        func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let out: Output
        let open: Open
        let dates: FastJSON.Dates
        var codingPath: [any CodingKey] { [] }
        var count: Int { open.members }

        private func member() {
            if open.members > 0 { out.bytes.append(UInt8(ascii: ",")) }
            open.members += 1
        }

        func encodeNil() throws { member(); out.bytes.append(contentsOf: "null".utf8) }
        func encode<T: Encodable>(_ value: T) throws { member(); try out.value(value, dates: dates) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            out.needsTree = true
            return KeyedEncodingContainer(Keyed<NestedKey>(out: Output(), open: Open(), dates: dates))
        }
        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { out.needsTree = true; return Unkeyed(out: Output(), open: Open(), dates: dates) }
        func superEncoder() -> any Encoder { out.needsTree = true; return Writer(out: Output(), open: Open(), dates: dates) }
    }

    fileprivate struct Single: SingleValueEncodingContainer {
        let out: Output
        let dates: FastJSON.Dates
        var codingPath: [any CodingKey] { [] }

        func encodeNil() throws { out.bytes.append(contentsOf: "null".utf8) }
        func encode<T: Encodable>(_ value: T) throws { try out.value(value, dates: dates) }
    }
}

/// API responses: a `JSONWritable` writes itself, anything else goes through `StreamedJSON`.
struct FastJSONContentEncoder: ContentEncoder {
    private let json = StreamedJSON(dates: .iso8601)

    func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders) throws {
        headers.contentType = .json
        if let writable = encodable as? any JSONWritable {
            body.writeBytes(JSONOut.bytes(writable))
        } else {
            body.writeBytes(try json.encode(encodable))
        }
    }

    func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws {
        try encode(encodable, to: &body, headers: &headers)
    }
}
