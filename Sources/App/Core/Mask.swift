import Foundation

/// Personal data in lists shows only its ends (DESIGN: personal data).
public enum Mask {
    /// A mobile number keeps its first 3 and last 4 digits (139****5678);
    /// anything shorter (a landline) only its last 4, so most of it stays hidden.
    public static func phone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        if phone.count >= 11 { return String(phone.prefix(3)) + "****" + String(phone.suffix(4)) }
        return phone.count > 6 ? "****" + String(phone.suffix(4)) : "****"
    }

    /// A resident ID keeps its region (4) and last 4 characters; shorter
    /// documents (passports, permits) only their last 4.
    public static func idNumber(_ id: String?) -> String? {
        guard let id else { return nil }
        if id.count >= 15 { return String(id.prefix(4)) + String(repeating: "*", count: id.count - 8) + String(id.suffix(4)) }
        return id.count > 6 ? String(repeating: "*", count: id.count - 4) + String(id.suffix(4)) : "********"
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
