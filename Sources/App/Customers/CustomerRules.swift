import Foundation

/// The customer-file rules of 篇5 客户档案管理制度, pure: no database, no Vapor.
public enum CustomerRules {
    // MARK: Who is who (CA-1)

    /// 居民身份证号码 (GB 11643): 17 digits, a check character, and a real
    /// birth day in positions 7–14. Mistyped numbers are caught here.
    public static func isValidResidentID(_ number: String) -> Bool {
        let characters = Array(number.uppercased())
        guard characters.count == 18, characters[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[17] == residentIDCheck(String(characters[0..<17])) else { return false }
        let birth = String(characters[6..<14])
        return StrictTime.day(String(birth.prefix(4)) + "-" + String(birth.dropFirst(4).prefix(2)) + "-" + String(birth.suffix(2))) != nil
    }

    /// The check character of a resident ID's first 17 digits (ISO 7064 MOD 11-2).
    public static func residentIDCheck(_ digits: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits.utf8, weights).reduce(0) { $0 + Int($1.0 &- 0x30) * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// Checks an ID document's number for its type: a resident ID card's by
    /// its check digit, the others by their form (letters and digits).
    public static func checkIDNumber(_ number: String, type: IDDocumentType, field: String) throws {
        switch type {
        case .residentID:
            guard isValidResidentID(number) else {
                throw WuyeError.invalid(field, Text("身份证号码不正确（18 位，末位校验码不符或出生日期无效）",
                                                    "is not a valid resident ID number (18 characters; the check digit or birth date is wrong)"), rule: "CA-2")
            }
        case .passport, .hongKongMacauPermit, .taiwanPermit, .other:
            guard (5...20).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw WuyeError.invalid(field, Text("证件号码应为 5–20 位字母或数字", "must be 5–20 letters or digits"), rule: "CA-2")
            }
        }
    }

    /// How the same person is recognised again (an import run twice, a form
    /// sent twice): by their ID document if known, else by name and phone,
    /// else by name and their unit. One who has none of these cannot be filed.
    public static func identity(name: String, phone: String?, idType: IDDocumentType?, idNumber: String?, firstUnit: UUID?) throws -> String {
        if let idType, let idNumber { return "id:\(idType.rawValue):\(idNumber.uppercased())" }
        let folded = name.lowercased().filter { !$0.isWhitespace }
        if let digits = phone.map(digitsOf), !digits.isEmpty { return "phone:\(folded):\(digits)" }
        if let firstUnit { return "unit:\(folded):\(firstUnit.uuidString.lowercased())" }
        throw WuyeError.invalid("phone", Text("客户须有联系电话、证件号码或所住房号之一", "A customer needs a phone, an ID number or a unit"), rule: "CA-1")
    }

    public static func digitsOf(_ text: String) -> String { text.filter { $0.isASCII && $0.isNumber } }

    // MARK: Money (CA-2 [3.2])

    /// "1,234.5" or "1234.50" yuan → 123450 fen; nil when it is not an amount.
    public static func fen(fromYuan text: String) -> Int? {
        let plain = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        guard let groups = Patterns.groups(#"^(\d{1,9})(?:\.(\d{1,2}))?$"#, plain), let whole = groups[1].flatMap({ Int($0) }) else { return nil }
        let cents = groups.count > 2 ? (groups[2] ?? "") : ""
        return whole * 100 + (cents.isEmpty ? 0 : (cents.count == 1 ? Int(cents)! * 10 : Int(cents)!))
    }

    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let value = abs(fen)
        let cents = value % 100
        return sign + "\(value / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// A document is registered with what its kind needs (CA-2, CA-3).
    public static func checkDocument(kind: DocumentKind, amountFen: Int?, referenceNo: String?) throws {
        if kind.hasAmount && amountFen == nil {
            throw WuyeError.missing("amountYuan", Text("金额", "Amount"), rule: "CA-2")
        }
        if !kind.hasAmount && amountFen != nil {
            throw WuyeError.invalid("amountYuan", Text("\(kind.title.zh)不登记金额", "\(kind.title.en) has no amount"), rule: "CA-2")
        }
        if kind.needsReference && referenceNo == nil {
            throw WuyeError.missing("referenceNo", Text("函件编号", "Letter number"), rule: "CA-3")
        }
    }

    // MARK: Units (CA-1, CA-2 [3.5.4])

    /// A tie ends on or after the day it began.
    public static func checkEnd(since: String, endedOn: String) throws {
        guard endedOn >= since else {
            throw WuyeError.invalid("endedOn", Text("迁出日期不能早于入住日期 \(since)", "The day they left cannot be before they came (\(since))"), rule: "CA-2")
        }
    }
}
