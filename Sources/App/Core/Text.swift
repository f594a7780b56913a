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

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (or `.whitespaces`
    /// with `newlines: false`: spaces and tabs only), without Foundation:
    /// every field of every request is trimmed, and text with nothing to trim
    /// (the usual case) costs two byte comparisons here.
    func trimmed(newlines: Bool = true) -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return self }
        // Foundation's sets also hold U+200B (zero width space), from an older Unicode's spaces.
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\u{200B}" || (newlines ? scalar.properties.isWhitespace : scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
