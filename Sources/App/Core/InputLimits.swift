import Foundation
import NIOConcurrencyHelpers
import Vapor

/// 输入限制 — what one input field may hold, declared once. The server checks
/// every field against its declaration before anything is written (bodies in
/// `Request.input(_:)`, query strings in `Request.queryValue(_:_:)`), and
/// `/openapi.json` publishes the same limits (`maxLength`, `pattern`,
/// `minimum`/`maximum`, `enum`), so clients and the fuzzer see them.
public struct InputField: Sendable {
    public indirect enum Kind: Sendable {
        /// Text on one line, or several when `multiline`; never control
        /// characters (a newline only in multi-line text).
        case text(maxLength: Int, multiline: Bool, pattern: String?)
        /// A password: any printable characters, never trimmed.
        case secret(minLength: Int, maxLength: Int)
        case uuid
        case integer(min: Int, max: Int)
        case boolean
        case choice([String])
        /// ISO 8601, or a local time at the property ("2026-11-29T15:00").
        case dateTime
        /// A calendar day, "2026-11-29".
        case date
        /// A drawn signature: `data:image/png;base64,…` of a real, bounded PNG.
        case signature
        /// An uploaded file (a page's multipart form), at most this many bytes.
        case file(maxBytes: Int)
        case list(InputField, maxItems: Int)
        case object(InputSchema)
    }

    public let kind: Kind
    /// What people call the field, for messages; the field's name when absent.
    public var label: Text?
    /// The requirement whose form this field belongs to, for the error body.
    public var rule: String?
    public var description: String?

    public init(_ kind: Kind, label: Text? = nil, rule: String? = nil, description: String? = nil) {
        self.kind = kind; self.label = label; self.rule = rule; self.description = description
    }

    public static func text(_ maxLength: Int, multiline: Bool = false, pattern: String? = nil, label: Text? = nil, rule: String? = nil, description: String? = nil) -> InputField {
        InputField(.text(maxLength: maxLength, multiline: multiline, pattern: pattern), label: label, rule: rule, description: description)
    }
    public static func choice(_ values: [String], label: Text? = nil, rule: String? = nil, description: String? = nil) -> InputField {
        InputField(.choice(values), label: label, rule: rule, description: description)
    }
    public static func integer(_ range: ClosedRange<Int>, label: Text? = nil, description: String? = nil) -> InputField {
        InputField(.integer(min: range.lowerBound, max: range.upperBound), label: label, description: description)
    }
    public static func list(_ element: InputField, maxItems: Int, label: Text? = nil, rule: String? = nil) -> InputField {
        InputField(.list(element, maxItems: maxItems), label: label, rule: rule)
    }
    public static let uuid = InputField(.uuid)
    public static let boolean = InputField(.boolean)
    public static let date = InputField(.date)

    /// The longest request line a client may send; longer ones get 414.
    public static let maxRequestLine = 8 * 1024
}

/// The fields of one request body, in order; also its OpenAPI component name.
public struct InputSchema: Sendable {
    public let name: String
    public let fields: [(name: String, field: InputField)]
    /// Fields the API requires (the rest are optional, so a missing one gets
    /// the service's message naming it and its rule).
    public let required: Set<String>

    public init(_ name: String, required: Set<String> = [], _ fields: [(String, InputField)]) {
        self.name = name
        self.fields = fields.map { (name: $0.0, field: $0.1) }
        self.required = required
    }

    func field(_ name: String) -> InputField? { fields.first { $0.name == name }?.field }
}

/// A request body with declared limits. Decode it with `req.input(T.self)`,
/// never with `req.content.decode`, so the limits are always checked.
public protocol CheckedInput: Decodable, Sendable {
    static var schema: InputSchema { get }
}

extension Request {
    /// Decodes the body (JSON or form) and checks every field against its
    /// declaration: a 400 naming the first field that breaks its limit.
    public func input<T: CheckedInput>(_ type: T.Type) throws -> T {
        let value = try decodeNamingTheField(T.self)
        try InputCheck.check(value, against: T.schema, path: "")
        return value
    }

    /// Foundation on Linux reports a number that does not fit an integer
    /// (1.5, 1e30) as "not valid JSON" without saying where; find the field.
    private func decodeNamingTheField<T: CheckedInput>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            if headers.contentType == .json, let body = body.data, let json = try? JSONSerialization.jsonObject(with: Data(buffer: body)),
               let field = InputCheck.unfitNumber(in: json, schema: T.schema, path: "") {
                throw WuyeError(.badRequest, Text("\(field) 应为整数", "\(field) must be a whole number"), field: field)
            }
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// A page form: the values as sent (to show the form again as it was)
    /// and the first limit they break, if any.
    public func formInput<T: CheckedInput>(_ type: T.Type) throws -> (value: T, problem: WuyeError?) {
        let value = try decodeNamingTheField(T.self)
        do {
            try InputCheck.check(value, against: T.schema, path: "")
            return (value, nil)
        } catch let error as WuyeError where error.status == .badRequest {
            return (value, error)
        }
    }

    /// One query-string value checked against its declaration; nil when absent or empty.
    public func queryValue(_ name: String, _ field: InputField) throws -> String? {
        let values = queryItems[name] ?? []
        guard let raw = values.last else { return nil }
        if values.count > 1 {
            throw WuyeError(.badRequest, Text("\(name) 只能给一次", "\(name) may be given only once"), field: name, rule: field.rule)
        }
        guard !raw.isEmpty else { return nil }
        try InputCheck.check(raw, field, path: name)
        let text = raw.trimmed(newlines: false)
        return text.isEmpty ? nil : text
    }

    /// A repeatable query parameter (`keys=a&keys=b`), each value checked; at most `maxItems`.
    public func queryList(_ name: String, _ element: InputField, maxItems: Int) throws -> [String] {
        let values = (queryItems[name] ?? []).filter { !$0.isEmpty }
        guard values.count <= maxItems else {
            throw WuyeError(.badRequest, Text("\(name) 最多 \(maxItems) 项", "\(name) may have at most \(maxItems) items"), field: name, rule: element.rule)
        }
        for (index, value) in values.enumerated() { try InputCheck.check(value, element, path: "\(name).\(index)") }
        return values.map { $0.trimmed(newlines: false) }
    }

    /// An integer query parameter within its declared range; `fallback` when absent.
    public func queryInt(_ name: String, _ field: InputField, default fallback: Int) throws -> Int {
        guard let text = try queryValue(name, field) else { return fallback }
        return Int(text)!   // checked above: digits within the declared range
    }

    /// The query string as name → values, decoded once per request.
    var queryItems: [String: [String]] {
        if let cached = storage[QueryItemsKey.self] { return cached }
        var items: [String: [String]] = [:]
        for pair in (url.query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            items[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        storage[QueryItemsKey.self] = items
        return items
    }

    private struct QueryItemsKey: StorageKey { typealias Value = [String: [String]] }
}

/// The one place where input meets its declared limits.
enum InputCheck {
    /// Every field checked; all problems found are thrown together (the
    /// first, with the rest in `others`), so a form can show them all at once.
    static func check(_ value: Any, against schema: InputSchema, path: String) throws {
        var problems: [WuyeError] = []
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            guard let field = schema.field(label) else {
                // A programming error: every property of an input type is declared.
                throw WuyeError(.internalServerError, Text("输入字段 \(label) 未声明", "input field \(label) is not declared"))
            }
            do {
                try check(child.value, field, path: path.isEmpty ? label : path + "." + label)
            } catch let problem as WuyeError where problem.status == .badRequest {
                problems += problem.all
            }
        }
        if var first = problems.first {
            first.others = Array(problems.dropFirst())
            throw first
        }
    }

    static func check(_ value: Any, _ field: InputField, path: String) throws {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { return }
            return try check(inner, field, path: path)
        }
        let name = field.label ?? Text(path, path)
        func refuse(_ zh: String, _ en: String) -> WuyeError {
            WuyeError(.badRequest, Text("\(name.zh)\(zh)", "\(name.en) \(en)"), field: path, rule: field.rule)
        }
        switch field.kind {
        case let .text(maxLength, multiline, pattern):
            guard let text = value as? String else { throw refuse("应为文字", "must be text") }
            try checkCharacters(text, multiline: multiline, refuse: refuse)
            guard text.unicodeScalars.count <= maxLength else { throw refuse("不能超过 \(maxLength) 个字", "may be at most \(maxLength) characters") }
            let trimmed = text.trimmed()
            if let pattern, !trimmed.isEmpty, !Patterns.matches(pattern, trimmed) {
                throw refuse("的格式不对", "has the wrong form")
            }
        case let .secret(_, maxLength):
            guard let text = value as? String else { throw refuse("应为文字", "must be text") }
            try checkCharacters(text, multiline: false, refuse: refuse)
            guard text.unicodeScalars.count <= maxLength else { throw refuse("不能超过 \(maxLength) 个字符", "may be at most \(maxLength) characters") }
        case .uuid:
            guard let text = value as? String else { throw refuse("应为编号", "must be an id") }
            let trimmed = text.trimmed(newlines: false)
            guard trimmed.isEmpty || (trimmed.utf8.count == 36 && UUID(uuidString: trimmed) != nil) else {
                throw WuyeError(.badRequest, Text("\(path) 不是有效的编号", "\(path) is not a valid id"), field: path, rule: field.rule)
            }
        case let .integer(min, max):
            let number: Int
            if let int = value as? Int { number = int }
            else if let text = value as? String {
                let trimmed = text.trimmed(newlines: false)
                guard trimmed.utf8.count <= 19, trimmed.range(of: #"^-?[0-9]+$"#, options: .regularExpression) != nil, let parsed = Int(trimmed) else {
                    throw refuse("应为整数", "must be a whole number")
                }
                number = parsed
            } else { throw refuse("应为整数", "must be a whole number") }
            guard (min...max).contains(number) else { throw refuse("须在 \(min)–\(max) 之间", "must be between \(min) and \(max)") }
        case .boolean:
            guard value is Bool else { throw refuse("应为 true 或 false", "must be true or false") }
        case let .choice(values):
            guard let text = value as? String else { throw refuse("应为文字", "must be text") }
            let trimmed = text.trimmed(newlines: false)
            guard trimmed.isEmpty || values.contains(trimmed) else {
                throw refuse("应为 \(values.joined(separator: "、")) 之一", "must be one of \(values.joined(separator: ", "))")
            }
        case .dateTime:
            guard let text = value as? String, text.utf8.count <= 40 else { throw refuse("应为时间，如 2026-11-29T15:00", "must be a time like 2026-11-29T15:00") }
            let trimmed = text.trimmed(newlines: false)
            guard trimmed.isEmpty || StrictTime.components(trimmed) != nil else {
                throw refuse("应为时间，如 2026-11-29T15:00", "must be a time like 2026-11-29T15:00 or ISO 8601")
            }
        case .date:
            guard let text = value as? String, text.utf8.count <= 20 else { throw refuse("应为日期，如 2026-11-29", "must be a date like 2026-11-29") }
            let trimmed = text.trimmed(newlines: false)
            guard trimmed.isEmpty || StrictTime.day(trimmed) != nil else {
                throw refuse("应为日期，如 2026-11-29", "must be a date like 2026-11-29")
            }
        case .signature:
            guard let text = value as? String else { throw refuse("应为手写签名图片", "must be a drawn signature image") }
            let trimmed = text.trimmed(newlines: false)
            if !trimmed.isEmpty { try SignatureImage.check(trimmed, field: path, rule: field.rule) }
        case let .file(maxBytes):
            guard let file = value as? File else { throw refuse("应为上传的文件", "must be an uploaded file") }
            guard file.data.readableBytes <= maxBytes else {
                throw refuse("不能超过 \(maxBytes / 1_048_576) MB", "may be at most \(maxBytes / 1_048_576) MB")
            }
        case let .list(element, maxItems):
            guard let array = value as? [Any] else { throw refuse("应为列表", "must be a list") }
            guard array.count <= maxItems else { throw refuse("最多 \(maxItems) 项", "may have at most \(maxItems) items") }
            for (index, item) in array.enumerated() { try check(item, element, path: "\(path).\(index)") }
        case let .object(schema):
            try check(value, against: schema, path: path)
        }
    }

    /// The first integer field whose JSON number is not a whole number that fits.
    static func unfitNumber(in json: Any, schema: InputSchema, path: String) -> String? {
        guard let object = json as? [String: Any] else { return nil }
        for (name, field) in schema.fields {
            guard let value = object[name] else { continue }
            let here = path.isEmpty ? name : path + "." + name
            switch field.kind {
            case .integer:
                if let number = value as? NSNumber, !(value is Bool), Int(exactly: number.doubleValue) == nil || number.doubleValue.rounded() != number.doubleValue {
                    return here
                }
            case let .object(nested):
                if let found = unfitNumber(in: value, schema: nested, path: here) { return found }
            case let .list(element, _):
                guard case let .object(nested) = element.kind, let items = value as? [Any] else { continue }
                for (index, item) in items.enumerated() {
                    if let found = unfitNumber(in: item, schema: nested, path: "\(here).\(index)") { return found }
                }
            default:
                continue
            }
        }
        return nil
    }

    /// No control characters (a newline, carriage return or tab only in
    /// multi-line text) and no bidirectional overrides, which can make
    /// stored text read differently from what it is.
    static func checkCharacters(_ text: String, multiline: Bool, refuse: (String, String) -> WuyeError) throws {
        for scalar in text.unicodeScalars {
            if multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t") { continue }
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F:
                throw refuse("含有不允许的控制字符", "contains a control character, which is not allowed")
            case 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB:
                throw refuse("含有不允许的排版控制字符", "contains a text-direction control character, which is not allowed")
            case 0xFFFD:
                // What bytes that are not UTF-8 become on the way in: the text was garbled before it arrived.
                throw refuse("含有无法识别的字符（编码不是 UTF-8）", "contains bytes that are not UTF-8")
            default: continue
            }
        }
    }
}

/// Compiled patterns, shared by every request.
enum Patterns {
    private static let cache = NIOLockedValueBox<[String: NSRegularExpression]>([:])

    static func regex(_ pattern: String) -> NSRegularExpression? {
        cache.withLockedValue { cache -> NSRegularExpression? in
            if let regex = cache[pattern] { return regex }
            let regex = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = regex
            return regex
        }
    }

    static func matches(_ pattern: String, _ text: String) -> Bool {
        regex(pattern)?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The capture groups of a match; index 0 is the whole match.
    static func groups(_ pattern: String, _ text: String) -> [String?]? {
        guard let found = regex(pattern)?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<found.numberOfRanges).map { index in
            Range(found.range(at: index), in: text).map { String(text[$0]) }
        }
    }
}

/// Small helpers the services use after the limits are checked.
enum Input {
    /// Empty form fields count as absent.
    static func text(_ value: String?) -> String? {
        guard let trimmed = value?.trimmed(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func uuid(_ value: String?, field: String) throws -> UUID? {
        guard let value = text(value) else { return nil }
        guard let id = UUID(uuidString: value) else {
            throw WuyeError(.badRequest, Text("\(field) 不是有效的编号", "\(field) is not a valid id"), field: field)
        }
        return id
    }

    static func reason(_ value: String?, field: String = "reason", rule: String) throws -> String {
        guard let reason = text(value) else { throw WuyeError.missing(field, rule: rule) }
        guard reason.count <= 500 else {
            throw WuyeError.invalid(field, Text("不能超过 500 字", "may be at most 500 characters"), rule: rule)
        }
        return reason
    }
}

/// Fields and query parameters many routes share.
public enum InputFields {
    public static let page = InputField.integer(1...100_000, label: Text("页码", "page"), description: "Page number, from 1")
    public static let per = InputField.integer(1...500, label: Text("每页条数", "per"), description: "Rows per page, 1–500")
    public static let search = InputField.text(100, label: Text("搜索", "q"))
    public static let reason = InputField.text(500, multiline: true, label: Text("事由", "reason"))
    public static let personName = InputField.text(60, label: Text("姓名", "name"))
    public static let phone = InputField.text(20, pattern: #"^[0-9+\- ]{1,20}$"#, label: Text("电话", "phone"))
    public static let username = InputField.text(40, pattern: #"^[A-Za-z0-9._-]+$"#, label: Text("用户名", "username"))
    public static let password = InputField(.secret(minLength: 8, maxLength: 128), label: Text("密码", "password"))
    /// Where a page sends the person next: a path of this site.
    public static let nextPath = InputField.text(2000, label: Text("跳转地址", "next"))
}

/// One page of a list, from `page` and `per` (validated; the offset cannot overflow).
public struct Paging: Sendable {
    public let page: Int
    public let per: Int
    public var offset: Int { (page - 1) * per }

    public init(page: Int, per: Int) { self.page = page; self.per = per }

    public static func from(_ req: Request, per defaultPer: Int = 50, fixedPer: Bool = false) throws -> Paging {
        let page = try req.queryInt("page", InputFields.page, default: 1)
        let per = fixedPer ? defaultPer : try req.queryInt("per", InputFields.per, default: defaultPer)
        return Paging(page: page, per: per)
    }
}

/// One page of a list as the API returns it: the items and where they sit in the whole.
struct Page<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let per: Int
    let total: Int

    init(items: [Item], paging: Paging, total: Int) {
        self.items = items
        page = paging.page
        per = paging.per
        self.total = total
    }
}

extension Page: JSONWritable where Item: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object { $0.field("items", items); $0.field("page", page); $0.field("per", per); $0.field("total", total) }
    }
}
