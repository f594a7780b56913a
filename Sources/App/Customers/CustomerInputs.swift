import Vapor

// What people send the customer files (篇5): each field's limits declared once.

/// The person's own particulars, as on the registration form (CA-2).
public struct CustomerDetailsInput: CheckedInput, Content {
    public var name: String?
    public var phone: String?
    public var otherContact: String?
    public var mailingAddress: String?
    public var idType: String?
    public var idNumber: String?
    public var idExpiry: String?
    public var emergencyName: String?
    public var emergencyPhone: String?
    public var emergencyRelation: String?
    public var note: String?
    /// The version the edit started from (an edit only; see `Versioned`).
    public var version: Int?

    public static let fields: [(String, InputField)] = [
        ("name", .text(60, label: Text("姓名", "name"), rule: "CA-1")),
        ("phone", .text(20, pattern: #"^[0-9+\- ]{3,20}$"#, label: Text("联系电话", "phone"), rule: "CA-2")),
        ("otherContact", .text(100, label: Text("其他联系方式", "otherContact"), rule: "CA-2")),
        ("mailingAddress", .text(200, label: Text("通讯地址", "mailingAddress"), rule: "CA-2")),
        ("idType", .choice(IDDocumentType.allCases.map(\.rawValue), label: Text("证件类型", "idType"), rule: "CA-2")),
        ("idNumber", .text(20, pattern: "^[A-Za-z0-9]{1,20}$", label: Text("证件号码", "idNumber"), rule: "CA-2")),
        ("idExpiry", InputField(.date, label: Text("证件有效期至", "idExpiry"), rule: "CA-2")),
        ("emergencyName", .text(60, label: Text("紧急联系人", "emergencyName"), rule: "CA-2")),
        ("emergencyPhone", .text(20, pattern: #"^[0-9+\- ]{3,20}$"#, label: Text("紧急联系电话", "emergencyPhone"), rule: "CA-2")),
        ("emergencyRelation", .text(20, label: Text("与客户关系", "emergencyRelation"), rule: "CA-2")),
        ("note", .text(500, multiline: true, label: Text("备注", "note"))),
        ("version", InputField.integer(1...Int(Int32.max), label: Text("版本", "version"))),
    ]
    public static let schema = InputSchema("CustomerDetails", fields)
}

/// A new customer: their particulars and the unit they are tied to (CA-1).
public struct NewCustomerInput: CheckedInput, Content {
    public var details: CustomerDetailsInput { CustomerDetailsInput(name: name, phone: phone, otherContact: otherContact, mailingAddress: mailingAddress,
                                                                   idType: idType, idNumber: idNumber, idExpiry: idExpiry, emergencyName: emergencyName,
                                                                   emergencyPhone: emergencyPhone, emergencyRelation: emergencyRelation, note: note) }
    public var name: String?
    public var phone: String?
    public var otherContact: String?
    public var mailingAddress: String?
    public var idType: String?
    public var idNumber: String?
    public var idExpiry: String?
    public var emergencyName: String?
    public var emergencyPhone: String?
    public var emergencyRelation: String?
    public var note: String?
    public var unitID: String?
    public var relation: String?
    public var since: String?

    public static let schema = InputSchema("NewCustomer", CustomerDetailsInput.fields.filter { $0.0 != "version" } + CustomerUnitInput.fields)
}

/// A customer tied to a unit from a day (CA-1).
public struct CustomerUnitInput: CheckedInput, Content {
    public var unitID: String?
    public var relation: String?
    public var since: String?

    public static let fields: [(String, InputField)] = [
        ("unitID", InputField(.uuid, label: Text("房号", "unitID"), rule: "CA-1")),
        ("relation", .choice(CustomerRelation.allCases.map(\.rawValue), label: Text("身份", "relation"), rule: "CA-1")),
        ("since", InputField(.date, label: Text("入住日期", "since"), rule: "CA-2")),
    ]
    public static let schema = InputSchema("MoveIn", fields)
}

/// The day a customer left a unit (CA-2 [3.5.4]).
public struct EndTieInput: CheckedInput, Content {
    public var endedOn: String?

    public static let schema = InputSchema("MoveOut", [("endedOn", InputField(.date, label: Text("迁出日期", "endedOn"), rule: "CA-2"))])
}

/// One document or entry registered in the file (CA-2, CA-3).
public struct CustomerDocumentInput: CheckedInput, Content {
    public var kind: String?
    public var title: String?
    public var referenceNo: String?
    public var dated: String?
    public var amountYuan: String?
    public var retainUntil: String?
    public var note: String?
    public var correctsID: String?
    /// Scans as `data:image/jpeg;base64,…` or `data:application/pdf;base64,…`; the page sends files instead.
    public var scans: [String]?

    public static let schema = InputSchema("NewCustomerDocument", [
        ("kind", .choice(DocumentKind.allCases.map(\.rawValue), label: Text("类别", "kind"), rule: "CA-2")),
        ("title", .text(100, label: Text("名称", "title"), rule: "CA-3")),
        ("referenceNo", .text(40, label: Text("编号", "referenceNo"), rule: "CA-3")),
        ("dated", InputField(.date, label: Text("日期", "dated"), rule: "CA-3")),
        ("amountYuan", .text(16, pattern: #"^[0-9,]{1,13}(\.[0-9]{1,2})?$"#, label: Text("金额（元）", "amountYuan"), rule: "CA-2",
                             description: "Yuan with up to two decimals, e.g. 1280.50")),
        ("retainUntil", InputField(.date, label: Text("保管至", "retainUntil"), rule: "CA-3")),
        ("note", .text(500, multiline: true, label: Text("备注", "note"))),
        ("correctsID", InputField(.uuid, label: Text("更正的记录", "correctsID"), rule: "X-1")),
        ("scans", Upload.dataURLs(label: Text("扫描件", "scans"), rule: "CA-2")),
    ])
}

/// A spreadsheet sent through the API: its text (UTF-8; pages also take GB18030 files).
public struct NewImportInput: CheckedInput, Content {
    public var fileName: String?
    public var content: String?
    public var contentBase64: String?

    public static let schema = InputSchema("NewCustomerImport", [
        ("fileName", .text(100, label: Text("文件名", "fileName"))),
        ("content", .text(4_000_000, multiline: true, label: Text("文件内容", "content"), rule: "CA-3",
                          description: "The CSV text: a heading row, then one customer a row")),
        ("contentBase64", .text(11_200_000, multiline: true, pattern: "^[A-Za-z0-9+/=\\s]*$", label: Text("文件（Base64）", "contentBase64"), rule: "CA-3",
                                description: "Instead of content: the file's bytes in base64, an Excel workbook (.xlsx) or a CSV in UTF-8 or GB18030")),
    ])
}

/// Which column (from 0) holds which field; -1 or absent: none.
public struct ImportMappingInput: CheckedInput, Content {
    public var name: Int?, phone: Int?, otherContact: Int?, mailingAddress: Int?, idType: Int?, idNumber: Int?, idExpiry: Int?
    public var emergencyName: Int?, emergencyPhone: Int?, emergencyRelation: Int?, building: Int?, unit: Int?, relation: Int?, since: Int?, note: Int?

    var columns: [(String, Int?)] {
        [("name", name), ("phone", phone), ("otherContact", otherContact), ("mailingAddress", mailingAddress), ("idType", idType),
         ("idNumber", idNumber), ("idExpiry", idExpiry), ("emergencyName", emergencyName), ("emergencyPhone", emergencyPhone),
         ("emergencyRelation", emergencyRelation), ("building", building), ("unit", unit), ("relation", relation), ("since", since), ("note", note)]
    }

    public static let schema = InputSchema("ImportMapping", CustomerImportRules.fields.map { field in
        (field.field, InputField.integer(-1...199, label: field.label, description: "Column number from 0; -1 for none"))
    })
}
