import Foundation

/// Just enough XML for spreadsheet parts: elements and their attributes,
/// character data and CDATA, the five predefined entities and character
/// references. A DTD is refused: no part has one, and entity bombs start
/// there. Names are compared by their local part, since some producers
/// write `x:c` for `c`. Nesting is not checked; readers look at names.
struct XMLScanner {
    enum Event {
        /// An element starts; a self-closing one is followed by its `.end`.
        case start(Element)
        case end(name: Range<Int>)
        /// Character data; `verbatim` for CDATA, which has no entities.
        case characters(Range<Int>, verbatim: Bool)
    }

    struct Element {
        /// The local name (after any prefix).
        let name: Range<Int>
        let attributes: Range<Int>
    }

    let xml: [UInt8]
    private var position = 0
    private var pendingEnd: Range<Int>?

    init(_ xml: [UInt8]) {
        self.xml = xml
    }

    mutating func next() throws -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while position < xml.count {
            guard xml[position] == UInt8(ascii: "<") else {
                let start = position
                position = xml[position...].firstIndex(of: UInt8(ascii: "<")) ?? xml.count
                return .characters(start..<position, verbatim: false)
            }
            switch position + 1 < xml.count ? xml[position + 1] : 0 {
            case UInt8(ascii: "?"):
                position = try index(after: "?>", from: position + 2)
            case UInt8(ascii: "!") where starts(with: "<!--"):
                position = try index(after: "-->", from: position + 4)
            case UInt8(ascii: "!") where starts(with: "<![CDATA["):
                let start = position + 9
                position = try index(after: "]]>", from: start)
                return .characters(start..<(position - 3), verbatim: true)
            case UInt8(ascii: "!"):
                throw XLSX.Unreadable.damaged
            case UInt8(ascii: "/"):
                let close = try index(after: ">", from: position + 2)
                let name = localName((position + 2)..<(close - 1))
                position = close
                return .end(name: name)
            default:
                return .start(try startTag())
            }
        }
        return nil
    }

    private mutating func startTag() throws -> Element {
        var index = position + 1
        while index < xml.count, !Self.isSpace(xml[index]), xml[index] != UInt8(ascii: ">"), xml[index] != UInt8(ascii: "/") { index += 1 }
        let name = (position + 1)..<index
        guard !name.isEmpty else { throw XLSX.Unreadable.damaged }
        let attributesStart = index
        var quote: UInt8?
        while index < xml.count {
            let byte = xml[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            index += 1
        }
        guard index < xml.count else { throw XLSX.Unreadable.damaged }
        let selfClosing = xml[index - 1] == UInt8(ascii: "/")
        let element = Element(name: localName(name), attributes: attributesStart..<(selfClosing ? index - 1 : index))
        if selfClosing { pendingEnd = element.name }
        position = index + 1
        return element
    }

    func isName(_ name: Range<Int>, _ expected: String) -> Bool {
        name.count == expected.utf8.count && xml[name].elementsEqual(expected.utf8)
    }

    /// The raw value of the attribute with this local name.
    func attribute(_ name: String, of element: Element) -> Range<Int>? {
        var index = element.attributes.lowerBound
        let end = element.attributes.upperBound
        while index < end {
            while index < end, Self.isSpace(xml[index]) { index += 1 }
            let nameStart = index
            while index < end, xml[index] != UInt8(ascii: "="), !Self.isSpace(xml[index]) { index += 1 }
            let attributeName = localName(nameStart..<index)
            while index < end, Self.isSpace(xml[index]) { index += 1 }
            guard index < end, xml[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            while index < end, Self.isSpace(xml[index]) { index += 1 }
            guard index < end, xml[index] == UInt8(ascii: "\"") || xml[index] == UInt8(ascii: "'") else { return nil }
            let quote = xml[index]
            let valueStart = index + 1
            index = valueStart
            while index < end, xml[index] != quote { index += 1 }
            if isName(attributeName, name) { return valueStart..<index }
            index += 1
        }
        return nil
    }

    func attributeText(_ name: String, of element: Element) -> String? {
        attribute(name, of: element).map { string($0, verbatim: false) }
    }

    /// Character data as text: entities and character references decoded,
    /// line ends as XML reads them (CR LF and CR are LF).
    func string(_ range: Range<Int>, verbatim: Bool) -> String {
        let raw = xml[range]
        guard !verbatim, raw.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\r") }) else {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = xml[index]
            index += 1
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                if index < range.upperBound, xml[index] == UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "&"),
                      let semicolon = xml[index..<min(index + 10, range.upperBound)].firstIndex(of: UInt8(ascii: ";")),
                      let scalar = entity(xml[index..<semicolon]) {
                out.append(contentsOf: String(scalar).utf8)
                index = semicolon + 1
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An entity's character; nil for one this reader does not know (kept as written).
    private func entity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        let name = String(decoding: name, as: UTF8.self)
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let code = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return code.flatMap(Unicode.Scalar.init)
        }
    }

    private func starts(with prefix: String) -> Bool {
        xml[position...].starts(with: prefix.utf8)
    }

    /// The index just past the next `marker` at or after `start`.
    private func index(after marker: String, from start: Int) throws -> Int {
        let marker = Array(marker.utf8)
        var index = start
        while index + marker.count <= xml.count {
            if xml[index] == marker[0], xml[index..<(index + marker.count)].elementsEqual(marker) { return index + marker.count }
            index += 1
        }
        throw XLSX.Unreadable.damaged
    }

    private func localName(_ name: Range<Int>) -> Range<Int> {
        var end = name.upperBound
        while end > name.lowerBound, Self.isSpace(xml[end - 1]) { end -= 1 }
        guard let colon = xml[name.lowerBound..<end].lastIndex(of: UInt8(ascii: ":")) else { return name.lowerBound..<end }
        return (colon + 1)..<end
    }

    /// XML white space.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
