/// Markup written straight into bytes, for the long repeated part of a page
/// (a list's rows). A page of 50 keys built as `Node`s is some 4,000 nodes,
/// each allocated, walked once to render and then freed: more work than the
/// page's queries. Rows written here cost only their bytes.
///
/// Escaped by construction, as `Node` is: text and attribute values go
/// through `Node.escape`, and there is no way to write raw markup.
///
///     Node.written { m in
///         for row in rows {
///             m.element("li", .class("key-row")) { m in m.text(row.tag) }
///         }
///     }
public struct Markup {
    fileprivate var bytes: [UInt8] = []

    public mutating func element(_ tag: StaticString, _ attributes: Attribute..., content: (inout Markup) -> Void) {
        open(tag, attributes)
        content(&self)
        close(tag)
    }

    /// An element holding only text.
    public mutating func element(_ tag: StaticString, _ attributes: Attribute..., text: String) {
        open(tag, attributes)
        Node.escape(text, into: &bytes)
        close(tag)
    }

    /// An element with no end tag (`input`, `br`).
    public mutating func void(_ tag: StaticString, _ attributes: Attribute...) { open(tag, attributes) }

    public mutating func text(_ string: String) { Node.escape(string, into: &bytes) }

    /// A shared piece already built as a node (a badge, a phone link).
    public mutating func node(_ node: Node) { node.render(into: &bytes) }

    private mutating func open(_ tag: StaticString, _ attributes: [Attribute]) {
        bytes.append(UInt8(ascii: "<"))
        append(tag)
        for attribute in attributes { attribute.render(into: &bytes) }
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func close(_ tag: StaticString) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        append(tag)
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func append(_ tag: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
    }
}

extension Node {
    /// A run of markup written with `Markup` (see there), kept as its bytes.
    public static func written(_ write: (inout Markup) -> Void) -> Node {
        var markup = Markup()
        markup.bytes.reserveCapacity(16_384)
        write(&markup)
        return Node(escapedBytes: markup.bytes)
    }
}
