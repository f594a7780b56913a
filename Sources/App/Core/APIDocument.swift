import Foundation
import OpenAPIKit30

/// The OpenAPI 3.0 description of `/api/v1`, served at `/openapi.json`,
/// built with OpenAPIKit's types from what each feature declares: its
/// response schemas and operations (`APISection`) and its inputs' `Field`s,
/// the same declarations the server checks requests against. Response
/// schemas are strict (no undeclared properties) so tests that validate real
/// responses catch any drift.
enum APIDocument {
    static let sections: [APISection] = [AccountAPI.section, OrganisationAPI.section, KeysAPI.section, CustomersAPI.section, NoticesAPI.section, PublicSpacesAPI.section, ViolationsAPI.section, ServiceDeskAPI.section, HandoverAPI.section, ShowHousesAPI.section, ShowHouseSummaryAPI.section, LobbySuppliesPart.section, ConstructionHandoverPage.section, KeySetsAPI.section, DutiesAPI.section, SupervisionAPI.section, OperationsRecordsPage.section, AlertChannelsPage.section, SiteAccessAPI.section]

    static let json: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }()

    static var document: OpenAPI.Document {
        var schemas: [String: JSONSchema] = ["Error": Schema.object([
            ("error", .string), ("field", Schema.nullable(.string)), ("rule", Schema.nullable(.string)),
        ], optional: ["field", "rule"])]
        var paths: [String: OpenAPI.PathItem] = [:]
        var inputs: [String: JSONSchema] = [:]
        for section in sections {
            for (name, schema) in section.schemas {
                // One name, one schema: a second would silently replace the first in the document.
                precondition(schemas.updateValue(schema, forKey: name) == nil, "two API schemas are named \(name)")
            }
            for operation in section.operations {
                for input in operation.inputs { Schema.register(input, into: &inputs) }
                var item = paths[operation.path] ?? OpenAPI.PathItem()
                item.set(operation: operation.build(), for: operation.method)
                paths[operation.path] = item
            }
        }
        for (name, schema) in inputs {
            precondition(schemas.updateValue(schema, forKey: name) == nil, "an input and a response are both named \(name)")
        }
        var components = OpenAPI.Components(securitySchemes: ["bearer": .http(scheme: "bearer")])
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            components.schemas[OpenAPI.ComponentKey(rawValue: name)!] = schema
        }
        var pathMap = OpenAPI.PathItem.Map()
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            pathMap[OpenAPI.Path(rawValue: path)] = .b(item)
        }
        return OpenAPI.Document(
            info: .init(title: "Wuye 物业 API", description: "The customer-service department's operations. Errors: {error, field, rule} with a 4xx.", version: "1"),
            servers: [.init(url: URL(string: "/")!)],
            paths: pathMap,
            components: components,
            security: [[.component(named: "bearer"): []]])
    }
}

/// One feature's part of the API document.
struct APISection: Sendable {
    var schemas: [String: JSONSchema]
    var operations: [APIOperation]
}

/// One documented route. Path parameters (`{keyID}`) are ids; the request
/// body is an input type whose fields declare their own limits.
struct APIOperation: @unchecked Sendable {
    let method: OpenAPI.BuiltinHttpMethod
    let path: String
    let summary: String
    let tag: String
    var query: [(String, InputField)] = []
    var body: (any CheckedInput.Type)?
    var status = 200
    var returns: JSONSchema?
    var rules: String?
    var secured = true
    /// Request headers the operation reads (e.g. If-Match).
    var headers: [(String, String)] = []
    /// A file rather than JSON comes back: these media types, as bytes.
    var fileTypes: [String] = []
    /// For stateful testing: operations that take an id from this one's response.
    var links: [(name: String, operationID: String, parameter: String, pointer: String)] = []

    var operationID: String { summary.replacingOccurrences(of: " ", with: "_") }
    var inputs: [InputSchema] { body.map { [$0.schema] } ?? [] }

    static func get(_ path: String, _ summary: String, tag: String, query: [(String, InputField)] = [], returns: JSONSchema?, rules: String? = nil) -> APIOperation {
        APIOperation(method: .get, path: path, summary: summary, tag: tag, query: query, returns: returns, rules: rules)
    }

    static func post(_ path: String, _ summary: String, tag: String, body: (any CheckedInput.Type)? = nil, status: Int = 200,
                     returns: JSONSchema?, rules: String? = nil, secured: Bool = true) -> APIOperation {
        APIOperation(method: .post, path: path, summary: summary, tag: tag, body: body, status: status, returns: returns, rules: rules, secured: secured)
    }

    /// The operation answers with a file of one of these media types.
    func returningFile(_ types: [String]) -> APIOperation {
        var copy = self
        copy.fileTypes = types
        return copy
    }

    func linking(_ name: String, to operationID: String, parameter: String, from pointer: String = "/id") -> APIOperation {
        var copy = self
        copy.links.append((name, operationID, parameter, pointer))
        return copy
    }

    func build() -> OpenAPI.Operation {
        var parameters: OpenAPI.Parameter.Array = []
        for name in pathParameters {
            parameters.append(.b(OpenAPI.Parameter(name: name, context: .path, schema: Schema.of(.uuid))))
        }
        for (name, field) in query {
            parameters.append(.b(OpenAPI.Parameter(name: name, context: .query, schema: Schema.of(field), description: field.description)))
        }
        for (name, description) in headers {
            parameters.append(.b(OpenAPI.Parameter(name: name, context: .header, schema: .string, description: description)))
        }
        var responses = OpenAPI.Response.Map()
        var success = OpenAPI.Response(description: "OK")
        if let returns { success.content = [.json: .init(schema: .b(returns))] }
        for type in fileTypes {
            success.content[OpenAPI.ContentType(rawValue: type)!] = .init(schema: .b(.string(format: .binary)))
        }
        for link in links {
            let expression = OpenAPI.RuntimeExpression(rawValue: "$response.body#" + link.pointer)!
            success.links[link.name] = .b(OpenAPI.Link(operationId: link.operationID, parameters: [link.parameter: .a(expression)]))
        }
        responses[OpenAPI.Response.StatusCode(integerLiteral: status)] = .b(success)
        var codes = [400, 401, 403, 404, 409, 414, 422]
        if body != nil { codes += [413, 415] }
        if method == .patch { codes.append(428) }
        if !secured { codes.append(429) }   // sign-in throttling
        for code in codes {
            responses[OpenAPI.Response.StatusCode(integerLiteral: code)] = .b(OpenAPI.Response(
                description: "Refused: the message names the field and rule", content: [.json: .init(schema: .b(Schema.ref("Error")))]))
        }
        let requestBody = body.map { input in
            OpenAPI.Request(content: [.json: .init(schema: .b(Schema.ref(input.schema.name)))], required: true)
        }
        return OpenAPI.Operation(
            tags: [tag], summary: summary, description: rules.map { "Rules: " + $0 }, operationId: operationID,
            parameters: parameters, requestBody: requestBody, responses: responses,
            security: secured ? nil : [])
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}

/// Schema building blocks for responses, and the schema of each declared field.
enum Schema {
    static func ref(_ name: String) -> JSONSchema { .reference(.component(named: name)) }
    static var uuid: JSONSchema { .string(format: .other("uuid")) }
    static var dateTime: JSONSchema { .string(format: .dateTime) }
    static func array(_ items: JSONSchema) -> JSONSchema { .array(items: items) }
    static func enumeration(_ values: [String]) -> JSONSchema { .string(allowedValues: values.map { AnyCodable($0) }) }

    /// Null or the schema; a reference is wrapped, since 3.0 ignores siblings of `$ref`.
    static func nullable(_ schema: JSONSchema) -> JSONSchema {
        if case .reference = schema.value { return .all(of: [schema], core: .init(nullable: true)) }
        return schema.nullableSchemaObject()
    }

    /// An object whose listed properties are all required unless nullable or listed as optional.
    static func object(_ properties: [(String, JSONSchema)], optional: Set<String> = []) -> JSONSchema {
        var ordered = OrderedDictionary<String, JSONSchema>()
        for (name, schema) in properties {
            ordered[name] = (schema.nullable || optional.contains(name)) ? schema.optionalSchemaObject() : schema
        }
        return .object(properties: ordered, additionalProperties: .a(false))
    }

    /// What `InputCheck` accepts in a text field with no pattern of its own:
    /// no control characters (newline, return, tab only in multi-line text)
    /// and no text-direction overrides.
    static func characterPolicy(multiline: Bool) -> String {
        let lineBreaks = multiline ? "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F" : "\\u0000-\\u001F"
        return "^[^" + lineBreaks + "\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFFF9-\\uFFFB]*$"
    }

    /// The published form of a declared field: the same limits the server checks.
    static func of(_ field: InputField) -> JSONSchema {
        let description = field.description
        switch field.kind {
        case let .text(maxLength, multiline, pattern):
            return .string(description: description, maxLength: maxLength, pattern: pattern ?? characterPolicy(multiline: multiline))
        case let .secret(_, maxLength):
            return .string(format: .password, description: description, maxLength: maxLength, pattern: characterPolicy(multiline: false))
        case .uuid:
            return .string(format: .other("uuid"), description: description)
        case let .integer(min, max):
            return .integer(description: description, maximum: (max, exclusive: false), minimum: (min, exclusive: false))
        case .boolean:
            return .boolean(description: description)
        case let .choice(values):
            return .string(description: description, allowedValues: values.map { AnyCodable($0) })
        case .dateTime:
            return .string(description: description, maxLength: 40, pattern: StrictTime.dateTimePattern)
        case .date:
            return .string(format: .date, description: description)
        case .file:
            return .string(format: .binary)
        case .signature:
            return .string(description: description, maxLength: SignatureImage.prefix.count + (SignatureImage.maxBytes + 2) / 3 * 4,
                           pattern: "^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$")
        case let .list(element, maxItems):
            return .array(description: description, maxItems: maxItems, items: of(element))
        case let .object(schema):
            return ref(schema.name)
        }
    }

    /// Adds an input's schema (and those of the inputs it contains) to the components.
    static func register(_ input: InputSchema, into schemas: inout [String: JSONSchema]) {
        guard schemas[input.name] == nil else { return }
        var properties: [(String, JSONSchema)] = []
        var optional: Set<String> = []
        for (name, field) in input.fields {
            properties.append((name, of(field)))
            if !input.required.contains(name) { optional.insert(name) }
            if case let .object(nested) = field.kind { register(nested, into: &schemas) }
            if case let .list(element, _) = field.kind, case let .object(nested) = element.kind { register(nested, into: &schemas) }
        }
        schemas[input.name] = object(properties, optional: optional)
    }
}
