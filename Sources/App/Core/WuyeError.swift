import Vapor

/// The one error type the app raises on purpose: a status, a message in both
/// languages, and where known the input field and the requirement it enforces.
/// The API renders it as `{ "error", "field", "rule" }`; pages as a friendly
/// message.
public struct WuyeError: Error, AbortError, Sendable {
    public let status: HTTPResponseStatus
    public let message: Text
    public let field: String?
    public let rule: String?
    /// Further problems found in the same input, so a form can show them all at once.
    public var others: [WuyeError] = []

    public init(_ status: HTTPResponseStatus, _ message: Text, field: String? = nil, rule: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.rule = rule
    }

    public var reason: String { message.en }

    /// This problem and the others found with it.
    public var all: [WuyeError] {
        var first = self
        first.others = []
        return [first] + others
    }

    /// Input that breaks a rule of the procedure or of the form.
    public static func invalid(_ field: String?, _ message: Text, rule: String? = nil) -> WuyeError {
        WuyeError(.unprocessableEntity, message, field: field, rule: rule)
    }

    /// A required field left empty, in plain words: "请填写事由", or "请选择领用员工" for a choice.
    public static func missing(_ field: String, _ label: Text, choose: Bool = false, rule: String? = nil) -> WuyeError {
        WuyeError(.badRequest, Text((choose ? "请选择" : "请填写") + label.zh, (choose ? "Choose " : "Fill in ") + label.en.lowercased()),
                  field: field, rule: rule)
    }

    /// A required field nobody declared a label for (a malformed API body).
    public static func missing(_ field: String, rule: String? = nil) -> WuyeError {
        WuyeError(.badRequest, Text("缺少必填项 \(field)", "\(field) is required"), field: field, rule: rule)
    }

    public static func notFound(_ what: Text, field: String? = nil) -> WuyeError {
        WuyeError(.notFound, Text("找不到\(what.zh)", "\(what.en) not found"), field: field)
    }

    public static func conflict(_ message: Text, rule: String? = nil, field: String? = nil) -> WuyeError {
        WuyeError(.conflict, message, field: field, rule: rule)
    }

    public static func forbidden(_ message: Text, rule: String? = nil) -> WuyeError {
        WuyeError(.forbidden, message, rule: rule)
    }

    public static let signInRequired = WuyeError(.unauthorized, Text("请先登录", "Sign in first"))
}

/// The JSON body of every API error.
public struct APIErrorBody: Content {
    public let error: String
    public let field: String?
    public let rule: String?
}

extension WuyeError {
    /// Turns whatever was thrown into a WuyeError: decoding failures name the
    /// field; Vapor's aborts keep their status; anything else is a 500 whose
    /// details go to the log, not the user.
    static func from(_ error: any Error) -> WuyeError {
        switch error {
        case let error as WuyeError:
            return error
        case let error as DecodingError:
            return fromDecoding(error)
        case let error as any AbortError:
            if error.status == .notFound {
                return WuyeError(.notFound, Text("页面不存在", "Not found"))
            }
            if error.status == .payloadTooLarge {
                return WuyeError(.payloadTooLarge, Text("提交的内容太大", "The request body is too large"))
            }
            if error.status == .unsupportedMediaType {
                return WuyeError(.unsupportedMediaType, Text("不支持的内容类型", "Unsupported content type"))
            }
            return WuyeError(error.status, Text(error.reason, error.reason))
        default:
            return WuyeError(.internalServerError, Text("服务器出错了，请稍后再试", "Something went wrong on the server; please try again"))
        }
    }

    private static func fromDecoding(_ error: DecodingError) -> WuyeError {
        func path(_ context: DecodingError.Context) -> String? {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let field = (path(context).map { $0 + "." } ?? "") + key.stringValue
            return .missing(field)
        case let .valueNotFound(_, context):
            let field = path(context) ?? "body"
            return .missing(field)
        case let .typeMismatch(type, context):
            let field = path(context) ?? "body"
            let expected = String(describing: type).replacingOccurrences(of: "Optional<", with: "").replacingOccurrences(of: ">", with: "")
            return WuyeError(.badRequest, Text("\(field) 的类型不对，应为 \(expected)", "\(field) has the wrong type; expected \(expected)"), field: field)
        case let .dataCorrupted(context):
            let field = path(context)
            if let field {
                return WuyeError(.badRequest, Text("\(field) 的值无法识别", "\(field) could not be read"), field: field)
            }
            return WuyeError(.badRequest, Text("请求内容不是有效的 JSON 或表单", "The request body is not valid JSON or form data"))
        @unknown default:
            return WuyeError(.badRequest, Text("请求内容无法识别", "The request body could not be read"))
        }
    }
}
