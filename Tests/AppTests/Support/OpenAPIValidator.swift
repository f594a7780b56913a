import Foundation

/// Checks JSON against the schemas of our OpenAPI document: the subset we use
/// (type, properties, required, additionalProperties: false, items, enum,
/// nullable, $ref, format uuid/date-time).
struct OpenAPIValidator {
    let spec: [String: Any]

    init(json: Data) throws {
        spec = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
    }

    init(spec: [String: Any]) { self.spec = spec }

    /// The response schema for an operation, or nil when the spec has none.
    func responseSchema(method: String, path: String, status: Int) -> [String: Any]?? {
        guard let paths = spec["paths"] as? [String: Any], let item = paths[path] as? [String: Any],
              let op = item[method.lowercased()] as? [String: Any], let responses = op["responses"] as? [String: Any],
              let response = responses[String(status)] as? [String: Any] else { return nil }
        let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        return .some(schema)
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = String(ref.split(separator: "/").last!)
        let schemas = (spec["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return resolve(schemas?[name] as? [String: Any] ?? [:])
    }

    /// Problems found, as "path: what is wrong".
    func validate(_ value: Any, against rawSchema: [String: Any], at path: String = "$") -> [String] {
        let schema = resolve(rawSchema)
        let nullable = (schema["nullable"] as? Bool) == true || (rawSchema["nullable"] as? Bool) == true
        if value is NSNull { return nullable ? [] : ["\(path): null where not nullable"] }
        var problems: [String] = []
        for part in schema["allOf"] as? [[String: Any]] ?? [] { problems += validate(value, against: part, at: path) }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): expected an object"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for required in schema["required"] as? [String] ?? [] where object[required] == nil {
                problems.append("\(path).\(required): required but missing")
            }
            for (key, member) in object {
                guard let propertySchema = properties[key] as? [String: Any] else {
                    if (schema["additionalProperties"] as? Bool) == false { problems.append("\(path).\(key): not in the schema") }
                    continue
                }
                problems += validate(member, against: propertySchema, at: "\(path).\(key)")
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): expected an array"] }
            let items = schema["items"] as? [String: Any] ?? [:]
            for (index, element) in array.enumerated() { problems += validate(element, against: items, at: "\(path)[\(index)]") }
        case "string":
            guard let string = value as? String else { return ["\(path): expected a string"] }
            if let values = schema["enum"] as? [String], !values.contains(string) { problems.append("\(path): \(string) not in \(values)") }
            switch schema["format"] as? String {
            case "uuid": if UUID(uuidString: string) == nil { problems.append("\(path): not a uuid") }
            case "date-time": if ISO8601DateFormatter().date(from: string) == nil { problems.append("\(path): not a date-time") }
            default: break
            }
        case "integer":
            guard let number = value as? NSNumber, Double(truncating: number).rounded() == Double(truncating: number) else { return ["\(path): expected an integer"] }
        case "boolean":
            // Linux JSONSerialization boxes booleans as NSNumber too, so 0/1 is the best we can tell.
            guard value is Bool || (value as? NSNumber).map({ $0.intValue == 0 || $0.intValue == 1 }) == true else { return ["\(path): expected a boolean"] }
        default:
            break
        }
        return problems
    }
}
