import Vapor

/// A message in both languages the app speaks. Simplified Chinese is the
/// default; English is a switch in the page header (cookie `wuye_lang`) and
/// `Accept-Language: en` for the API.
public struct Text: Sendable, Hashable, Codable {
    public let zh: String
    public let en: String

    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }

    public func `in`(_ language: Language) -> String { language == .en ? en : zh }
}

public enum Language: String, TextColumn, Sendable, Codable {
    case zh, en

    static let cookieName = "wuye_lang"
}

extension Request {
    /// The language for this request. Pages: Chinese unless the person chose
    /// English with the header's switch (cookie), whatever the browser says.
    /// API: `Accept-Language: en` gives English.
    public var language: Language {
        if let cookie = cookies[Language.cookieName]?.string, let language = Language(rawValue: cookie) {
            return language
        }
        if url.path.hasPrefix("/api/"), let accept = headers.first(name: .acceptLanguage)?.lowercased(), accept.hasPrefix("en") {
            return .en
        }
        return .zh
    }
}
