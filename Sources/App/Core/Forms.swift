import Fluent
import Vapor

/// 表单 — a page form as the person sent it, and what was wrong with it. A
/// refused form comes back exactly as it was sent (every field, radio, check
/// box and drawn signature) with each problem in plain words at its field;
/// nothing typed is lost.
public struct FormState: Sendable {
    public private(set) var values: [String: [String]]
    public private(set) var problems: [WuyeError]
    /// The path the form was posted to, when a page has several forms.
    public private(set) var sentTo: String?

    public init(values: [String: [String]] = [:], problems: [WuyeError] = [], sentTo: String? = nil) {
        self.values = values
        self.problems = problems
        self.sentTo = sentTo
    }

    /// This state for the form posting to `action`; blank for the page's other forms.
    public func `for`(_ action: String) -> FormState { sentTo == nil || sentTo == action ? self : .blank }

    public static let blank = FormState()

    /// The value sent for `name`, if the form was sent.
    public func value(_ name: String) -> String? { values[name]?.last }
    public func values(_ name: String) -> [String] { values[name] ?? [] }
    public var wasSent: Bool { !values.isEmpty }
    public var isRefused: Bool { !problems.isEmpty }

    /// The problem at a field, by the form's own field name.
    public func problem(_ name: String) -> WuyeError? { problems.first { $0.field == name } }

    /// Problems no field of this form shows (e.g. "the key is already out").
    public func unplaced(among names: Set<String>) -> [WuyeError] {
        problems.filter { problem in problem.field.map { !names.contains($0) } ?? true }
    }

    /// Renames the fields of problems (an API field like `keys.0.tag` to the form's `tag1`).
    public func renamingFields(_ rename: (String) -> String) -> FormState {
        FormState(values: values, problems: problems.map { problem in
            guard let field = problem.field else { return problem }
            var renamed = WuyeError(problem.status, problem.message, field: rename(field), rule: problem.rule)
            renamed.others = []
            return renamed
        }, sentTo: sentTo)
    }
}

extension Request {
    /// The url-encoded body as name → values, exactly as sent.
    func sentForm() -> FormState {
        guard let buffer = body.data else { return .blank }
        if headers.contentType?.type == "multipart", let boundary = headers.contentType?.parameters["boundary"] {
            return FormState(values: Self.textParts(of: Array(buffer.readableBytesView), boundary: boundary))
        }
        var values: [String: [String]] = [:]
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            guard name != "_csrf" else { continue }
            values[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return FormState(values: values)
    }

    /// A multipart form's text fields (its files cannot be sent back: a
    /// browser never pre-fills a file box). Split as bytes, so a refused
    /// upload costs no copy of its photos.
    static func textParts(of body: [UInt8], boundary: String) -> [String: [String]] {
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var index = 0
        while let found = firstIndex(of: delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        var values: [String: [String]] = [:]
        for (start, end) in zip(starts, starts.dropFirst()) {
            let part = body[(start + delimiter.count)..<end]
            guard let split = firstIndex(of: Array("\r\n\r\n".utf8), in: body, from: part.startIndex), split < end else { continue }
            let head = String(decoding: body[part.startIndex..<split], as: UTF8.self)
            guard !head.contains("filename="), let nameStart = head.range(of: "name=\""),
                  let nameEnd = head[nameStart.upperBound...].firstIndex(of: "\"") else { continue }
            let name = String(head[nameStart.upperBound..<nameEnd])
            guard name != "_csrf" else { continue }
            var value = body[(split + 4)..<end]
            if value.count >= 2, value.suffix(2).elementsEqual([13, 10]) { value = value.dropLast(2) }
            values[name, default: []].append(String(decoding: value, as: UTF8.self))
        }
        return values
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A page form's action. Done: a message for the next page and a redirect
    /// there. Refused (a 4xx other than not-signed-in, not-allowed or not-found):
    /// the same page again, from `render`, with the form as it was sent and
    /// every problem at its field, answered with the refusal's status.
    func formAction(render: (FormState) async throws -> Response, _ body: () async throws -> (Text, String)) async throws -> Response {
        do {
            let (message, target) = try await body()
            flash(message)
            return redirect(to: SafeRedirect.path(target), redirectType: .normal)
        } catch let error as WuyeError where (400..<500).contains(Int(error.status.code))
            && ![.unauthorized, .forbidden, .notFound].contains(error.status) {
            let form = FormState(values: sentForm().values, problems: error.all, sentTo: url.path)
            let response = try await render(form)
            response.status = error.status
            return response
        }
    }
}

extension RoutesBuilder {
    /// One step of a record's page (order, check, accept…), posted to
    /// `/collection/:parameter/step`: done, back to the record with a
    /// message; refused, the record's page again with the form as sent.
    func recordStep<Record: Model>(_ collection: String, _ parameter: String, _ step: String,
                                   show: @escaping @Sendable (Request, FormState) async throws -> Response,
                                   done: @escaping @Sendable (Record) -> Text,
                                   _ action: @escaping @Sendable (UUID?, Request) async throws -> Record) where Record.IDValue == UUID {
        post(.constant(collection), .parameter(parameter), .constant(step)) { req in
            try await req.formAction(render: { try await show(req, $0) }) {
                let record = try await action(req.parameters.get(parameter, as: UUID.self), req)
                return (done(record), "/\(collection)/\(record.id!)")
            }
        }
    }
}

/// Form controls that show the value as sent, carry their field's declared
/// limits as browser checks (`required`, `maxlength`, `pattern`), and show
/// their problem in plain words beside them, announced to screen readers.
enum Form {
    /// The box at the top of a refused form: every problem, each a link to its field.
    static func problems(_ ctx: ViewContext, _ form: FormState) -> Node {
        guard form.isRefused else { return .empty }
        return H.div(.class("error-box"), .attr("role", "alert"), .id("form-problems"), .attr("tabindex", "-1")) {
            H.p { H.strong { form.problems.count == 1 ? ctx.t("未能保存：", "Not saved:") : ctx.t("未能保存，请修改以下 \(form.problems.count) 处：", "Not saved; please fix these \(form.problems.count) things:") } }
            H.ul {
                for problem in form.problems {
                    H.li {
                        if let field = problem.field { H.a(.href("#" + fieldID(field))) { ctx.t(problem.message) } } else { ctx.t(problem.message) }
                        basis(ctx, problem.rule)
                    }
                }
            }
        }
    }

    /// "依据 KY-4": the requirement a message comes from, small, after it.
    static func basis(_ ctx: ViewContext, _ rule: String?) -> Node {
        guard let rule, rule.first?.isUppercase == true, rule.contains("-") else { return .empty }
        return H.small(.class("basis")) { " " + ctx.t("依据 ", "per ") + rule }
    }

    static func fieldID(_ name: String) -> String {
        "f-" + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// Browser checks from a field's declaration.
    static func limits(_ field: InputField?) -> [Attribute] {
        guard let field else { return [] }
        switch field.kind {
        case let .text(maxLength, _, pattern):
            var attributes: [Attribute] = [.attr("maxlength", String(maxLength))]
            if let pattern { attributes.append(.attr("pattern", String(pattern.dropFirst(pattern.hasPrefix("^") ? 1 : 0).dropLast(pattern.hasSuffix("$") ? 1 : 0)))) }
            return attributes
        case let .secret(minLength, maxLength):
            return [.attr("maxlength", String(maxLength)), .attr("minlength", String(minLength))]
        case let .integer(min, max):
            return [.attr("min", String(min)), .attr("max", String(max)), .attr("inputmode", "numeric")]
        default:
            return []
        }
    }

    /// The label, the control and, when refused, the problem: one field of a form.
    static func row(_ ctx: ViewContext, _ form: FormState, _ name: String, label: String, hint: String? = nil, required: Bool = false,
                    scope: String? = nil, _ control: (_ id: String, _ problemAttributes: [Attribute]) -> Node) -> Node {
        let id = fieldID(scope.map { $0 + "-" + name } ?? name)
        let problem = form.problem(name)
        var described: [String] = []
        if hint != nil { described.append(id + "-hint") }
        if problem != nil { described.append(id + "-error") }
        var attributes: [Attribute] = []
        if problem != nil { attributes.append(.attr("aria-invalid", "true")) }
        if !described.isEmpty { attributes.append(.attr("aria-describedby", described.joined(separator: " "))) }
        return H.div(.class(problem == nil ? "field" : "field invalid")) {
            H.label(.for(id)) { label; if required { H.span(.class("req"), .attr("aria-hidden", "true")) { " *" } } }
            control(id, attributes)
            if let hint { H.small(.id(id + "-hint")) { hint } }
            if let problem {
                H.p(.class("field-error"), .id(id + "-error")) { ctx.t(problem.message); basis(ctx, problem.rule) }
            }
        }
    }

    static func input(_ ctx: ViewContext, _ form: FormState, _ name: String, label: String, field: InputField? = nil, type: String = "text",
                      value: String? = nil, required: Bool = false, hint: String? = nil, scope: String? = nil, extra: [Attribute] = []) -> Node {
        row(ctx, form, name, label: label, hint: hint, required: required, scope: scope) { id, problem in
            // A password is never sent back to the browser, not even the one just typed.
            let shown = type == "password" ? "" : form.wasSent ? form.value(name) ?? "" : value ?? ""
            var attributes: [Attribute] = [.type(type), .name(name), .id(id), .value(shown)]
            if required { attributes.append(.required) }
            return H.input(attributes + limits(field) + problem + extra)
        }
    }

    static func textarea(_ ctx: ViewContext, _ form: FormState, _ name: String, label: String, field: InputField? = nil, value: String? = nil,
                         required: Bool = false, hint: String? = nil, rows: Int = 3, scope: String? = nil) -> Node {
        row(ctx, form, name, label: label, hint: hint, required: required, scope: scope) { id, problem in
            var attributes: [Attribute] = [.name(name), .id(id), .attr("rows", String(rows))]
            if required { attributes.append(.required) }
            return H.el("textarea", attributes + limits(field) + problem) { form.wasSent ? form.value(name) ?? "" : value ?? "" }
        }
    }

    static func select(_ ctx: ViewContext, _ form: FormState, _ name: String, label: String, options: [(value: String, label: String)],
                       selected: String? = nil, prompt: String? = nil, required: Bool = false, hint: String? = nil, extra: [Attribute] = [],
                       keywords: [String: String] = [:]) -> Node {
        let chosen = form.wasSent ? form.value(name) : selected
        return row(ctx, form, name, label: label, hint: hint, required: required) { id, problem in
            var attributes: [Attribute] = [.name(name), .id(id)]
            if required { attributes.append(.required) }
            return H.el("select", attributes + problem + extra) {
                if let prompt { H.option(.value("")) { prompt } }
                for option in options {
                    H.option(.value(option.value), .when(option.value == chosen, .selected),
                             .when(keywords[option.value] != nil, .data("pinyin", keywords[option.value] ?? ""))) { option.label }
                }
            }
        }
    }

    /// Radio buttons in a fieldset; the one sent (or `selected`) is checked.
    static func radios(_ ctx: ViewContext, _ form: FormState, _ name: String, legend: String, options: [(value: String, label: String)],
                       selected: String, extra: [Attribute] = []) -> Node {
        let chosen = form.wasSent ? form.value(name) ?? selected : selected
        let problem = form.problem(name)
        return H.fieldset(.class(problem == nil ? "choices" : "choices invalid"), .id(fieldID(name))) {
            H.legend { legend }
            for option in options {
                H.label(.class("choice")) {
                    H.input([.type("radio"), .name(name), .value(option.value), .when(option.value == chosen, .checked)] + extra)
                    " " + option.label
                }
            }
            if let problem { H.p(.class("field-error")) { ctx.t(problem.message); basis(ctx, problem.rule) } }
        }
    }

    /// One line of a checklist on a phone: its choices in a row, a note beside
    /// them, and the line's problem. Sent as `list[i][choice]` and
    /// `list[i][note]`; refused, its problems come back as `list.i.…`.
    static func checklistLine(_ ctx: ViewContext, _ form: FormState, list: String, index: Int, item: String, choice: String,
                              options: [(value: String, label: String)], selected: String?, requiredOn: String? = nil, note: Text, id: String) -> Node {
        let name = "\(list)[\(index)]"
        let chosen = form.value(name + "[\(choice)]") ?? selected ?? ""
        let problem = form.problem("\(list).\(index).note") ?? form.problem("\(list).\(index).\(choice)")
        return H.fieldset(.class(problem == nil ? "choices row" : "choices row invalid"), .id(id)) {
            H.legend { "\(index + 1). " + item }
            for option in options {
                H.label(.class("choice")) {
                    H.input(.type("radio"), .name(name + "[\(choice)]"), .value(option.value), .when(option.value == requiredOn, .required), .when(chosen == option.value, .checked))
                    " " + option.label
                }
            }
            H.input([.type("text"), .name(name + "[note]"), .id(id + "-note"), .value(form.value(name + "[note]") ?? ""),
                     .attr("aria-label", ctx.t("第 \(index + 1) 项", "Line \(index + 1): ") + ctx.t(note)), .attr("placeholder", ctx.t(note)), .attr("maxlength", "200")])
            if let problem { H.p(.class("field-error")) { ctx.t(problem.message); basis(ctx, problem.rule) } }
        }
    }

    /// A check box; after a refusal it is as the person left it.
    static func checkbox(_ form: FormState, _ name: String, label: String, value: String = "on", checked: Bool) -> Node {
        let isChecked = form.wasSent ? form.values(name).contains(value) : checked
        return H.label(.class("choice")) {
            H.input(.type("checkbox"), .name(name), .value(value), .when(isChecked, .checked))
            " " + label
        }
    }
}
