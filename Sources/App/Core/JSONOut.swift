import Foundation
import Vapor

/// A value that writes its own JSON: what the lists on hot paths return
/// (rows and the page around them). Walking a value through `Encodable`
/// costs a box, a generic lookup and a dynamic call per field, which is
/// most of a fifty-row response; writing the fields by name costs the
/// bytes. The types keep their `Encodable` conformance (tests and the API
/// document read them back), and `JSONOutTests` checks both write the same
/// document for each.
///
///     extension KeysAPI.UnitRef: JSONWritable {
///         func write(to json: inout JSONOut) { json.object { $0.field("id", id); $0.field("label", label) } }
///     }
///
/// Responses use it on their own: `FastJSONContentEncoder` writes a
/// `JSONWritable` this way and anything else through `StreamedJSON`.
protocol JSONWritable {
    func write(to json: inout JSONOut)
}

/// JSON being written: objects, their fields and arrays, appended to one buffer.
struct JSONOut {
    private(set) var bytes: [UInt8] = []
    /// Whether the object being written has a field already (the next one needs a comma).
    private var hasField = false

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    static func bytes(_ value: some JSONWritable) -> [UInt8] {
        var json = JSONOut()
        value.write(to: &json)
        return json.bytes
    }

    mutating func object(_ fields: (inout JSONOut) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        hasField = false
        fields(&self)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func field(_ key: StaticString, _ value: some JSONWritable) {
        self.key(key)
        value.write(to: &self)
        hasField = true
    }

    /// A field that is left out when it has no value, as `Encodable` leaves out an optional that is nil.
    mutating func field(_ key: StaticString, _ value: (some JSONWritable)?) {
        guard let value else { return }
        field(key, value)
    }

    mutating func array<Items: Sequence>(_ items: Items) where Items.Element: JSONWritable {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            item.write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ text: String) { FastJSON.writeString(text, to: &bytes) }

    mutating func quoted(_ write: (inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func literal(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Keys are our own names in ASCII: written as they are, no escaping needed.
    private mutating func key(_ key: StaticString) {
        if hasField { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        literal(key)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }
}

extension String: JSONWritable {
    func write(to json: inout JSONOut) { json.string(self) }
}

extension Int: JSONWritable {
    func write(to json: inout JSONOut) { json.number(self) }
}

extension Bool: JSONWritable {
    func write(to json: inout JSONOut) { json.literal(self ? "true" : "false") }
}

extension UUID: JSONWritable {
    func write(to json: inout JSONOut) { json.quoted { UUIDText.write(self, to: &$0) } }
}

/// Times as the API writes them: "2026-11-29T07:00:00Z".
extension Date: JSONWritable {
    func write(to json: inout JSONOut) { json.quoted { FastDate.writeISO8601(self, to: &$0) } }
}

extension Array: JSONWritable where Element: JSONWritable {
    func write(to json: inout JSONOut) { json.array(self) }
}

extension JSONOut {
    mutating func number(_ value: Int) {
        // Written from the last digit into 20 bytes on the stack; the magnitude, so that Int.min does not overflow.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }
}
