import Vapor

/// 《样板房钥匙持用人登记表》: a set of the show house's keys with its holder (SH-50).
public struct KeySetInput: CheckedInput, Content {
    public var keeper: String?
    public var holderID: String?
    public var keyIDs: [String]?
    public var sealNo: String?
    public var signature: String?

    public static let schema = InputSchema("KeySetRegistration", [
        ("keeper", .choice(KeySetRules.keepers.keys.map(\.rawValue).sorted(), label: Text("钥匙组", "keeper"), rule: "SH-50")),
        ("holderID", InputField(.uuid, label: Text("持用人", "holderID"), rule: "SH-50")),
        ("keyIDs", .list(InputField(.uuid, label: Text("钥匙", "keyIDs"), rule: "SH-50"), maxItems: 20, label: Text("钥匙", "keyIDs"), rule: "SH-50")),
        ("sealNo", .text(30, label: Text("封条号", "sealNo"), rule: "SH-54")),
        ("signature", InputField(.signature, label: Text("持用人签名", "signature"), rule: "SH-50")),
    ])
}

/// 移交登记 (SH-52).
public struct KeySetTransferInput: CheckedInput, Content {
    public var holderID: String?
    public var reason: String?
    public var signature: String?

    public static let schema = InputSchema("KeySetTransfer", [
        ("holderID", InputField(.uuid, label: Text("新持用人", "holderID"), rule: "SH-52")),
        ("reason", .text(200, label: Text("移交原因", "reason"), rule: "SH-52")),
        ("signature", InputField(.signature, label: Text("新持用人签名", "signature"), rule: "SH-50")),
    ])
}

/// 当班领用 (SH-51): to whom, back by when.
public struct KeySetIssueInput: CheckedInput, Content {
    public var staffID: String?
    public var expectedReturnAt: String?

    public static let schema = InputSchema("KeySetIssue", [
        ("staffID", InputField(.uuid, label: Text("领用人", "staffID"), rule: "SH-51")),
        ("expectedReturnAt", InputField(.dateTime, label: Text("交还时间", "expectedReturnAt"), rule: "SH-51")),
    ])
}

/// 紧急启封 (SH-54).
public struct KeySetSealBreakInput: CheckedInput, Content {
    public var emergency: String?
    public var reason: String?
    public var witnessID: String?

    public static let schema = InputSchema("KeySetSealBreak", [
        ("emergency", .choice(Emergency.allCases.map(\.rawValue), label: Text("紧急情况", "emergency"), rule: "SH-54")),
        ("reason", .text(500, multiline: true, label: Text("启封经过", "reason"), rule: "SH-54")),
        ("witnessID", InputField(.uuid, label: Text("在场持用人或主管", "witnessID"), rule: "SH-54")),
    ])
}

/// 重新封存 (SH-54).
public struct KeySetResealInput: CheckedInput, Content {
    public var sealNo: String?

    public static let schema = InputSchema("KeySetReseal", [("sealNo", .text(30, label: Text("新封条号", "sealNo"), rule: "SH-54"))])
}

/// 钥匙遗失 (SH-53): which key, and what happened.
public struct KeySetLossInput: CheckedInput, Content {
    public var keyID: String?
    public var reason: String?

    public static let schema = InputSchema("KeySetLoss", [
        ("keyID", InputField(.uuid, label: Text("遗失的钥匙", "keyID"), rule: "SH-53")),
        ("reason", .text(500, multiline: true, label: Text("遗失经过", "reason"), rule: "SH-53")),
    ])
}
