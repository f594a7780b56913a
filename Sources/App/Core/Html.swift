/// A tiny HTML tree, escaped by construction: text is always escaped, and raw
/// markup can only come from `Node.trusted`, used for the app's own CSS and JS.
/// A list's rows can be written straight into bytes instead (`Node.written`,
/// in Markup.swift), as escaped as the tree.
///
/// We write HTML with this instead of a template language so that pages are
/// type-checked Swift and every attribute (data-*, inputmode, form=…) is
/// available without a DSL's permission.
public struct Node: Sendable {
    fileprivate enum Kind: Sendable {
        /// The children are one node: the builder makes a block of several a fragment, and one child stays itself.
        indirect case element(String, [Attribute], Node)
        case void(String, [Attribute])
        case text(String)
        case trusted(String)
        /// Escaped markup already written as bytes (`Node.written`).
        case bytes([UInt8])
        case fragment([Node])
    }
    fileprivate let kind: Kind

    /// Only `Node.written` makes these, from `Markup`, which escapes what it writes.
    init(escapedBytes bytes: [UInt8]) { kind = .bytes(bytes) }
    fileprivate init(kind: Kind) { self.kind = kind }

    public static func text(_ string: String) -> Node { Node(kind: .text(string)) }
    /// Markup written by us (stylesheet, script). Never pass user input here.
    public static func trusted(_ markup: String) -> Node { Node(kind: .trusted(markup)) }
    public static func fragment(_ nodes: [Node]) -> Node { Node(kind: .fragment(nodes)) }
    public static let empty = Node(kind: .fragment([]))

    public static func element(_ tag: String, _ attributes: [Attribute], _ children: [Node]) -> Node {
        Node(kind: .element(tag, attributes, children.count == 1 ? children[0] : .fragment(children)))
    }

    public static func element(_ tag: String, _ attributes: [Attribute], _ child: Node) -> Node {
        Node(kind: .element(tag, attributes, child))
    }

    public static func void(_ tag: String, _ attributes: [Attribute]) -> Node {
        Node(kind: .void(tag, attributes))
    }

    public func render() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        render(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the markup as UTF-8 bytes (what the response body is), not
    /// into a String: appending to a String checks and re-counts at every step.
    public func render(into out: inout [UInt8]) {
        switch kind {
        case let .element(tag, attributes, child):
            out.append(UInt8(ascii: "<"))
            out.append(contentsOf: tag.utf8)
            for attribute in attributes { attribute.render(into: &out) }
            out.append(UInt8(ascii: ">"))
            child.render(into: &out)
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: tag.utf8)
            out.append(UInt8(ascii: ">"))
        case let .void(tag, attributes):
            out.append(UInt8(ascii: "<"))
            out.append(contentsOf: tag.utf8)
            for attribute in attributes { attribute.render(into: &out) }
            out.append(UInt8(ascii: ">"))
        case let .text(string):
            Node.escape(string, into: &out)
        case let .trusted(markup):
            out.append(contentsOf: markup.utf8)
        case let .bytes(bytes):
            out.append(contentsOf: bytes)
        case let .fragment(nodes):
            for node in nodes { node.render(into: &out) }
        }
    }

    static func escape(_ string: String) -> String {
        var out: [UInt8] = []
        escape(string, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text with `<>&"'` escaped. Works on the UTF-8 bytes (the
    /// five are ASCII, so they never occur inside another character) and
    /// copies the runs between them whole: walking characters compares
    /// grapheme clusters, and a page escapes every text and attribute.
    static func escape(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let entity: StaticString
                switch utf8[index] {
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x26: entity = "&amp;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }
}

public struct Attribute: Sendable {
    let name: String
    /// nil renders a boolean attribute (`required`, `checked`).
    let value: String?

    func render(into out: inout [UInt8]) {
        if name.isEmpty { return }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: name.utf8)
        if let value {
            out.append(contentsOf: "=\"".utf8)
            Node.escape(value, into: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    public static func attr(_ name: String, _ value: String) -> Attribute { Attribute(name: name, value: value) }
    public static func flag(_ name: String) -> Attribute { Attribute(name: name, value: nil) }
    public static func `class`(_ value: String) -> Attribute { .attr("class", value) }
    public static func id(_ value: String) -> Attribute { .attr("id", value) }
    public static func href(_ value: String) -> Attribute { .attr("href", value) }
    public static func name(_ value: String) -> Attribute { .attr("name", value) }
    public static func value(_ value: String) -> Attribute { .attr("value", value) }
    public static func type(_ value: String) -> Attribute { .attr("type", value) }
    public static func action(_ value: String) -> Attribute { .attr("action", value) }
    public static func method(_ value: String) -> Attribute { .attr("method", value) }
    public static func `for`(_ value: String) -> Attribute { .attr("for", value) }
    public static func placeholder(_ value: String) -> Attribute { .attr("placeholder", value) }
    public static func data(_ key: String, _ value: String) -> Attribute { .attr("data-" + key, value) }
    /// `attribute` when `condition` holds, else nothing.
    public static func when(_ condition: Bool, _ attribute: Attribute) -> Attribute { condition ? attribute : Attribute(name: "", value: nil) }
    public static var required: Attribute { .flag("required") }
    public static var checked: Attribute { .flag("checked") }
    public static var selected: Attribute { .flag("selected") }
}

/// A block of markup becomes one node: a single child stays itself, several
/// become one fragment (one array, the exact size), nothing is empty. A page
/// builds thousands of nodes, so no step wraps a node in an array of its own.
@resultBuilder
public enum NodeBuilder {
    public static func buildBlock() -> Node { .empty }
    public static func buildBlock(_ node: Node) -> Node { node }
    public static func buildBlock(_ nodes: Node...) -> Node { .fragment(nodes) }
    public static func buildExpression(_ node: Node) -> Node { node }
    public static func buildExpression(_ nodes: [Node]) -> Node { .fragment(nodes) }
    public static func buildExpression(_ text: String) -> Node { .text(text) }
    public static func buildOptional(_ node: Node?) -> Node { node ?? .empty }
    public static func buildEither(first node: Node) -> Node { node }
    public static func buildEither(second node: Node) -> Node { node }
    public static func buildArray(_ nodes: [Node]) -> Node { .fragment(nodes) }
}

/// Element constructors: `H.div(.class("card")) { H.h2 { "钥匙柜" } }`.
public enum H {
    public static func el(_ tag: String, _ attributes: [Attribute], @NodeBuilder _ children: () -> Node) -> Node {
        .element(tag, attributes, children())
    }

    public static func div(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("div", a, c) }
    public static func span(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("span", a, c) }
    public static func p(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("p", a, c) }
    public static func a(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("a", a, c) }
    public static func h1(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("h1", a, c) }
    public static func h2(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("h2", a, c) }
    public static func h3(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("h3", a, c) }
    public static func strong(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("strong", a, c) }
    public static func small(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("small", a, c) }
    public static func ul(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("ul", a, c) }
    public static func li(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("li", a, c) }
    public static func nav(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("nav", a, c) }
    public static func header(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("header", a, c) }
    public static func footer(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("footer", a, c) }
    public static func section(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("section", a, c) }
    public static func main(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("main", a, c) }
    public static func table(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("table", a, c) }
    public static func thead(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("thead", a, c) }
    public static func tbody(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("tbody", a, c) }
    public static func tr(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("tr", a, c) }
    public static func th(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("th", a, c) }
    public static func td(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("td", a, c) }
    public static func form(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("form", a, c) }
    public static func label(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("label", a, c) }
    public static func select(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("select", a, c) }
    public static func option(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("option", a, c) }
    public static func textarea(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("textarea", a, c) }
    public static func button(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("button", a, c) }
    public static func fieldset(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("fieldset", a, c) }
    public static func legend(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("legend", a, c) }
    public static func details(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("details", a, c) }
    public static func summary(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("summary", a, c) }
    public static func dl(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("dl", a, c) }
    public static func dt(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("dt", a, c) }
    public static func dd(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("dd", a, c) }
    public static func canvas(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("canvas", a, c) }
    public static func code(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("code", a, c) }
    public static func input(_ a: Attribute...) -> Node { .void("input", a) }
    public static func input(_ a: [Attribute]) -> Node { .void("input", a) }
    public static func img(_ a: Attribute...) -> Node { .void("img", a) }
    public static func br() -> Node { .void("br", []) }

    /// A whole document; `<!doctype html>` is written by the layout.
    public static func html(lang: String, @NodeBuilder _ c: () -> Node) -> Node { el("html", [.attr("lang", lang)], c) }
}
