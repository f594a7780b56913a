import Foundation

/// How a spreadsheet's columns become a customer (CA-3 收集): headings
/// recognised in the words offices use, and one row read into the same
/// input the registration form sends, so every limit and rule applies.
public enum CustomerImportRules {
    /// The fields a column can hold, and the headings that name each.
    public static let fields: [(field: String, label: Text, headings: [String])] = [
        ("name", Text("姓名", "Name"), ["姓名", "客户姓名", "业主姓名", "名字", "name"]),
        ("phone", Text("联系电话", "Phone"), ["联系电话", "电话", "手机", "手机号", "手机号码", "phone", "mobile"]),
        ("otherContact", Text("其他联系方式", "Other contact"), ["其他联系方式", "微信", "邮箱", "email", "wechat"]),
        ("mailingAddress", Text("通讯地址", "Mailing address"), ["通讯地址", "地址", "address"]),
        ("idType", Text("证件类型", "ID type"), ["证件类型", "idtype"]),
        ("idNumber", Text("证件号码", "ID number"), ["证件号码", "身份证号", "身份证号码", "证件号", "idnumber"]),
        ("idExpiry", Text("证件有效期", "ID valid until"), ["证件有效期", "有效期至", "有效期"]),
        ("emergencyName", Text("紧急联系人", "Emergency contact"), ["紧急联系人"]),
        ("emergencyPhone", Text("紧急联系电话", "Emergency phone"), ["紧急联系电话", "紧急联系人电话"]),
        ("emergencyRelation", Text("与客户关系", "Relation to them"), ["与客户关系", "紧急联系人关系"]),
        ("building", Text("楼栋", "Building"), ["楼栋", "栋", "楼号", "building"]),
        ("unit", Text("房号", "Unit"), ["房号", "房间号", "单元号", "unit", "room"]),
        ("relation", Text("身份", "Relation"), ["身份", "客户类型", "类别", "relation"]),
        ("since", Text("入住日期", "Since"), ["入住日期", "入住时间", "since"]),
        ("note", Text("备注", "Note"), ["备注", "note"]),
    ]

    /// Each field → the column whose heading names it (the first such column).
    public static func mapping(headings: [String]) -> [String: Int] {
        var mapping: [String: Int] = [:]
        for (index, heading) in headings.enumerated() {
            let folded = heading.lowercased().filter { !$0.isWhitespace && $0 != "*" && $0 != "：" && $0 != ":" }
            if let field = fields.first(where: { $0.headings.contains(folded) })?.field, mapping[field] == nil { mapping[field] = index }
        }
        return mapping
    }

    /// Words people write in the 身份 and 证件类型 columns.
    static let relations: [String: CustomerRelation] = {
        var words: [String: CustomerRelation] = ["住户": .tenant, "家属": .member, "成员": .member]
        // Every title the app writes (an export read back), in both languages, and the codes.
        for relation in CustomerRelation.allCases {
            words[relation.title.zh] = relation; words[relation.title.en.lowercased()] = relation; words[relation.rawValue] = relation
        }
        return words
    }()
    static let idTypes: [String: IDDocumentType] = {
        var words: [String: IDDocumentType] = ["身份证": .residentID, "其他": .other]
        // Every title the app writes (an export read back), in both languages, and the codes.
        for type in IDDocumentType.allCases { words[type.title.zh] = type; words[type.title.en.lowercased()] = type; words[type.rawValue] = type }
        return words
    }()

    /// A row read through the mapping: the particulars as the form would send them, and where they live.
    public struct Row {
        public var details: CustomerDetailsInput
        public var building: String?
        public var unit: String?
        public var relation: String?
        public var since: String?
    }

    public static func read(_ cells: [String], mapping: [String: Int]) -> Row {
        func cell(_ field: String) -> String? {
            guard let index = mapping[field], index < cells.count else { return nil }
            var text = cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
            // The apostrophe CSV.cell puts before a cell a spreadsheet would run (+86…).
            if text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) { text.removeFirst() }
            return text.isEmpty ? nil : text
        }
        let idType = cell("idType").map { (idTypes[$0] ?? idTypes[$0.lowercased()])?.rawValue ?? $0 } ?? (cell("idNumber").map { $0.count == 18 ? IDDocumentType.residentID.rawValue : IDDocumentType.other.rawValue })
        let relation = cell("relation").map { word in relations[word.lowercased()]?.rawValue ?? word } ?? (cell("unit") == nil ? nil : CustomerRelation.owner.rawValue)
        return Row(details: CustomerDetailsInput(name: cell("name"), phone: cell("phone"), otherContact: cell("otherContact"), mailingAddress: cell("mailingAddress"),
                                                 idType: idType, idNumber: cell("idNumber"), idExpiry: cell("idExpiry").map(day),
                                                 emergencyName: cell("emergencyName"), emergencyPhone: cell("emergencyPhone"),
                                                 emergencyRelation: cell("emergencyRelation"), note: cell("note")),
                   building: cell("building"), unit: cell("unit"), relation: relation, since: cell("since").map(day))
    }

    /// "2024/6/1" and "2024.06.01", as spreadsheets write days, become "2024-06-01".
    static func day(_ text: String) -> String {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" })
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return text }
        return parts[0] + "-" + (parts[1].count == 1 ? "0" : "") + parts[1] + "-" + (parts[2].count == 1 ? "0" : "") + parts[2]
    }

    /// The heading a problem is reported under: the file's own, else the field's name.
    public static func column(for field: String?, headings: [String], mapping: [String: Int]) -> String {
        guard let field else { return "" }
        let base = field.split(separator: ".").first.map(String.init) ?? field
        let key = base == "unitID" ? "unit" : base
        if let index = mapping[key], index < headings.count { return headings[index] }
        return fields.first { $0.field == key }?.label.zh ?? key
    }
}
