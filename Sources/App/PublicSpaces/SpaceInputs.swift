import Vapor

/// A public space registered (PS-1).
public struct NewSpaceInput: CheckedInput, Content {
    public var name: String?
    public var kind: String?
    public var areaM2: String?
    public var feeRule: String?
    public var feeYuan: String?
    /// Text, so an empty box on the page is "none" rather than a number that fails to decode.
    public var maxOccupancy: String?
    public var fireRoute: Bool?
    public var note: String?

    public static let schema = InputSchema("NewPublicSpace", [
        ("name", .text(60, label: Text("场地名称", "name"), rule: "PS-1")),
        ("kind", .choice(SpaceKind.allCases.map(\.rawValue), label: Text("类别", "kind"), rule: "PS-1")),
        ("areaM2", .text(10, pattern: #"^[0-9]{1,6}(\.[0-9])?$"#, label: Text("面积（平方米）", "areaM2"), rule: "PS-1")),
        ("feeRule", .choice(FeeRule.allCases.map(\.rawValue), label: Text("收费方式", "feeRule"), rule: "PS-2")),
        ("feeYuan", .text(12, pattern: #"^[0-9]{1,8}(\.[0-9]{1,2})?$"#, label: Text("单价（元）", "feeYuan"), rule: "PS-2")),
        ("maxOccupancy", .text(6, pattern: "^[1-9][0-9]{0,5}$", label: Text("最多人数", "maxOccupancy"), rule: "PS-1")),
        ("fireRoute", InputField(.boolean, label: Text("消防通道或安全出口", "fireRoute"), rule: "PS-1")),
        ("note", .text(500, multiline: true, label: Text("备注", "note"))),
    ])
}

/// A customer's written application to use a space (PS-2).
public struct SpaceApplicationInput: CheckedInput, Content {
    public var spaceID: String?
    public var customerID: String?
    public var applicant: String?
    public var purpose: String?
    public var areaM2: String?
    public var startsOn: String?
    public var endsOn: String?

    public static let schema = InputSchema("SpaceApplication", [
        ("spaceID", InputField(.uuid, label: Text("场地", "spaceID"), rule: "PS-2")),
        ("customerID", InputField(.uuid, label: Text("客户", "customerID"), rule: "PS-2")),
        ("applicant", .text(60, label: Text("申请人", "applicant"), rule: "PS-2")),
        ("purpose", .text(200, label: Text("用途", "purpose"), rule: "PS-2")),
        ("areaM2", .text(10, pattern: #"^[0-9]{1,6}(\.[0-9])?$"#, label: Text("使用面积（平方米）", "areaM2"), rule: "PS-2")),
        ("startsOn", InputField(.date, label: Text("开始日期", "startsOn"), rule: "PS-2")),
        ("endsOn", InputField(.date, label: Text("结束日期", "endsOn"), rule: "PS-2")),
    ])
}

/// Staff's check of fire safety and appearance (PS-2).
public struct SpaceCheckInput: CheckedInput, Content {
    public var fireSafe: Bool?
    public var tidy: Bool?
    public var note: String?

    public static let schema = InputSchema("SpaceCheck", [
        ("fireSafe", InputField(.boolean, label: Text("符合消防安全", "fireSafe"), rule: "PS-2")),
        ("tidy", InputField(.boolean, label: Text("不影响美观整齐", "tidy"), rule: "PS-2")),
        ("note", .text(500, multiline: true, label: Text("核查说明", "note"), rule: "PS-2")),
    ])
}

/// The decision on an application (PS-2, PS-3).
public struct SpaceDecisionInput: CheckedInput, Content {
    public var approve: Bool?
    public var note: String?

    public static let schema = InputSchema("SpaceDecision", [
        ("approve", InputField(.boolean, label: Text("批准", "approve"), rule: "PS-2")),
        ("note", .text(500, multiline: true, label: Text("审批意见", "note"), rule: "PS-2")),
    ])
}

/// The fee paid (PS-2 有偿使用).
public struct SpacePaymentInput: CheckedInput, Content {
    public var receiptNo: String?

    public static let schema = InputSchema("SpacePayment", [("receiptNo", .text(40, label: Text("收据编号", "receiptNo"), rule: "PS-2"))])
}
