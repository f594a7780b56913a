import Foundation

/// Chinese names the way people sort and search them: by pinyin (赵丽 →
/// "zhao li", initials "zl"), as a phone's contact list does.
public enum Pinyin {
    private static let chinese = Locale(identifier: "zh_CN")

    /// Lower-case pinyin without tones, syllables separated by spaces.
    public static func of(_ text: String) -> String {
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        return (latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin).lowercased()
    }

    /// The first letter of each syllable: "zl" for 赵丽.
    public static func initials(_ text: String) -> String {
        String(of(text).split(separator: " ").compactMap(\.first))
    }

    /// `items` in pinyin order of `name`.
    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (name($0), $0) }
            .sorted { $0.0.compare($1.0, locale: chinese) == .orderedAscending }
            .map(\.1)
    }
}
