import Vapor

// What people send the key cabinet (篇4): each field's limits declared once.

/// What the issuer fills in on the ledger 《钥匙领用登记表》. Everything is
/// optional here so that a missing field gets our message, naming it.
public struct IssueKeyInput: CheckedInput, Content {
    /// "staff" or "outsider"; inferred from the other fields when absent.
    public var borrowerKind: String?
    public var borrowerStaffID: String?
    public var borrowerName: String?
    public var borrowerPhone: String?
    public var borrowerIDNumber: String?
    public var borrowerCompany: String?
    public var purpose: String?
    public var expectedReturnAt: String?
    public var signature: String?

    public init(borrowerKind: String? = nil, borrowerStaffID: String? = nil, borrowerName: String? = nil, borrowerPhone: String? = nil,
                borrowerIDNumber: String? = nil, borrowerCompany: String? = nil, purpose: String? = nil, expectedReturnAt: String? = nil,
                signature: String? = nil) {
        self.borrowerKind = borrowerKind; self.borrowerStaffID = borrowerStaffID; self.borrowerName = borrowerName; self.borrowerPhone = borrowerPhone
        self.borrowerIDNumber = borrowerIDNumber; self.borrowerCompany = borrowerCompany; self.purpose = purpose
        self.expectedReturnAt = expectedReturnAt; self.signature = signature
    }

    public static let schema = InputSchema("IssueKey", [
        ("borrowerKind", .choice(["staff", "outsider"], label: Text("领用人类别", "borrowerKind"), rule: "KY-2")),
        ("borrowerStaffID", InputField(.uuid, label: Text("领用员工", "borrowerStaffID"), rule: "KY-2")),
        ("borrowerName", .text(60, label: Text("领用人姓名", "borrowerName"), rule: "KY-2")),
        ("borrowerPhone", .text(20, pattern: #"^[0-9+\- ]{1,20}$"#, label: Text("电话", "borrowerPhone"), rule: "KY-2")),
        ("borrowerIDNumber", .text(20, pattern: "^[A-Za-z0-9]{1,20}$", label: Text("证件号码", "borrowerIDNumber"), rule: "KY-2")),
        ("borrowerCompany", .text(60, label: Text("单位", "borrowerCompany"), rule: "KY-2")),
        ("purpose", .text(200, label: Text("事由", "purpose"), rule: "KY-2")),
        ("expectedReturnAt", InputField(.dateTime, label: Text("预计归还时间", "expectedReturnAt"), rule: "KY-2",
                                   description: "ISO 8601, or local time at the property (2026-11-29T15:00)")),
        ("signature", InputField(.signature, label: Text("领用人签字", "signature"), rule: "X-1", description: "data:image/png;base64,… (a PNG up to 2000×1000)")),
    ])
}

public struct ReturnKeyInput: CheckedInput, Content {
    public var condition: String?
    public var note: String?

    public init(condition: String? = nil, note: String? = nil) { self.condition = condition; self.note = note }

    public static let schema = InputSchema("ReturnKey", [
        ("condition", .choice(KeyRules.ReturnCondition.allCases.map(\.rawValue), label: Text("钥匙状况", "condition"), rule: "KY-4")),
        ("note", .text(500, multiline: true, label: Text("备注", "note"), rule: "KY-4")),
    ])
}

public struct ReasonInput: CheckedInput, Content {
    public var reason: String?

    public static let schema = InputSchema("Reason", [("reason", InputFields.reason)])
}

public struct NewKeysInput: CheckedInput, Content {
    public var keys: [KeyRules.NewKey]?

    public static let schema = InputSchema("NewKeys", [
        ("keys", .list(InputField(.object(KeyRules.NewKey.schema)), maxItems: 20, label: Text("钥匙", "keys"), rule: "KY-1")),
    ])
}

extension KeyRules.NewKey: CheckedInput {
    public static let schema = InputSchema("NewKey", [
        ("tag", .text(40, label: Text("钥匙编号", "tag"), rule: "KY-1")),
        ("hook", .text(40, label: Text("挂钩", "hook"), rule: "KY-1")),
        ("kind", .choice(KeyKind.allCases.map(\.rawValue), label: Text("钥匙类型", "kind"), rule: "KY-5")),
    ])
}

/// Several keys to one borrower in one ledger action: the keys, then the
/// same fields as one issue.
public struct BatchIssueInput: CheckedInput, Content {
    public var keyIDs: [String]?
    public var borrowerKind: String?
    public var borrowerStaffID: String?
    public var borrowerName: String?
    public var borrowerPhone: String?
    public var borrowerIDNumber: String?
    public var borrowerCompany: String?
    public var purpose: String?
    public var expectedReturnAt: String?
    public var signature: String?

    public static let schema = InputSchema("BatchIssue",
        [("keyIDs", .list(InputField(.uuid), maxItems: KeyRules.mostKeysAtOnce, label: Text("钥匙", "keys"), rule: "KY-2"))]
            + IssueKeyInput.schema.fields.map { ($0.name, $0.field) })

    var loan: IssueKeyInput {
        IssueKeyInput(borrowerKind: borrowerKind, borrowerStaffID: borrowerStaffID, borrowerName: borrowerName, borrowerPhone: borrowerPhone,
                      borrowerIDNumber: borrowerIDNumber, borrowerCompany: borrowerCompany, purpose: purpose,
                      expectedReturnAt: expectedReturnAt, signature: signature)
    }
}

/// Several keys taken back at once, all in the same condition.
public struct BatchReturnInput: CheckedInput, Content {
    public var checkoutIDs: [String]?
    public var condition: String?
    public var note: String?

    public static let schema = InputSchema("BatchReturn",
        [("checkoutIDs", .list(InputField(.uuid), maxItems: KeyRules.mostKeysAtOnce, label: Text("领用记录", "checkouts"), rule: "KY-2"))]
            + ReturnKeyInput.schema.fields.map { ($0.name, $0.field) })

    var taking: ReturnKeyInput { ReturnKeyInput(condition: condition, note: note) }
}
