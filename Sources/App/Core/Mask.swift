import Foundation

/// Personal data in lists shows only its ends (DESIGN: personal data).
public enum Mask {
    public static func phone(_ phone: String?) -> String? {
        guard let phone, phone.count >= 7 else { return phone.map { _ in "****" } }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }

    public static func idNumber(_ id: String?) -> String? {
        guard let id, id.count >= 8 else { return id.map { _ in "********" } }
        return String(id.prefix(4)) + String(repeating: "*", count: id.count - 8) + String(id.suffix(4))
    }

    /// Another contact (a WeChat id, an e-mail, a second phone): its first and last two characters.
    public static func contact(_ text: String?) -> String? {
        guard let text else { return nil }
        guard text.count > 6 else { return "****" }
        return String(text.prefix(2)) + "****" + String(text.suffix(2))
    }

    /// An address: the first few characters (the district), not the door.
    public static func address(_ text: String?) -> String? {
        guard let text else { return nil }
        return String(text.prefix(min(6, text.count / 2))) + "****"
    }
}
