import Vapor

/// A violation reported on patrol, with photos as evidence (PS-4, PS-5).
public struct ViolationReportInput: CheckedInput, Content {
    public var spaceID: String?
    public var place: String?
    public var kind: String?
    public var description: String?
    /// Photos as `data:image/jpeg;base64,…`; the page sends files instead.
    public var photos: [String]?

    public static let schema = InputSchema("ViolationReport", [
        ("spaceID", InputField(.uuid, label: Text("场地", "spaceID"), rule: "PS-4")),
        ("place", .text(100, label: Text("地点", "place"), rule: "PS-4")),
        ("kind", .choice(ViolationKind.allCases.map(\.rawValue), label: Text("违章类别", "kind"), rule: "PS-4")),
        ("description", .text(1000, multiline: true, label: Text("情况", "description"), rule: "PS-4")),
        ("photos", Upload.dataURLs(label: Text("照片", "photos"), rule: "PS-4")),
    ])
}

/// 责令整改: who must remove and restore it, and by when (PS-4).
public struct ViolationOrderInput: CheckedInput, Content {
    public var customerID: String?
    public var party: String?
    public var restoreBy: String?
    public var note: String?

    public static let schema = InputSchema("ViolationOrder", [
        ("customerID", InputField(.uuid, label: Text("客户", "customerID"), rule: "PS-4")),
        ("party", .text(100, label: Text("责任人", "party"), rule: "PS-4")),
        ("restoreBy", InputField(.date, label: Text("整改期限", "restoreBy"), rule: "PS-4")),
        ("note", .text(500, multiline: true, label: Text("整改要求", "note"), rule: "PS-4")),
    ])
}

/// 复查: restored, or not yet (with a new day) (PS-4).
public struct ViolationCheckInput: CheckedInput, Content {
    public var restored: Bool?
    public var note: String?
    public var restoreBy: String?

    public static let schema = InputSchema("ViolationCheck", [
        ("restored", InputField(.boolean, label: Text("已恢复原状", "restored"), rule: "PS-4")),
        ("note", .text(500, multiline: true, label: Text("复查情况", "note"), rule: "PS-4")),
        ("restoreBy", InputField(.date, label: Text("新的整改期限", "restoreBy"), rule: "PS-4")),
    ])
}

/// Looked into and found in order (PS-4).
public struct ViolationDismissInput: CheckedInput, Content {
    public var note: String?

    public static let schema = InputSchema("ViolationDismissal", [("note", .text(500, multiline: true, label: Text("说明", "note"), rule: "PS-4"))])
}

/// The penalty paid, with its receipt (PS-4).
public struct ViolationPaymentInput: CheckedInput, Content {
    public var receiptNo: String?

    public static let schema = InputSchema("ViolationPayment", [("receiptNo", .text(40, label: Text("收据编号", "receiptNo"), rule: "PS-4"))])
}

/// 处罚 per the rules (PS-4 [2.3]).
public struct ViolationPenaltyInput: CheckedInput, Content {
    public var penaltyYuan: String?
    public var basis: String?

    public static let schema = InputSchema("ViolationPenalty", [
        ("penaltyYuan", .text(12, pattern: #"^[0-9]{1,8}(\.[0-9]{1,2})?$"#, label: Text("处罚金额（元）", "penaltyYuan"), rule: "PS-4")),
        ("basis", .text(200, label: Text("处罚依据", "basis"), rule: "PS-4")),
    ])
}
