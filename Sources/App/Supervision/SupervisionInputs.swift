import Vapor

/// 巡查 (SH-30): each item's result, in the checklist's order; photos as data URLs (the page sends files).
public struct InspectionInput: CheckedInput, Content {
    public struct Result: CheckedInput, Content {
        public var result: String?
        public var note: String?
        public static let schema = InputSchema("InspectionResultInput", [
            ("result", .choice(InspectionMark.allCases.map(\.rawValue), label: Text("检查结果", "result"), rule: "SH-30")),
            ("note", .text(200, label: Text("问题说明", "note"), rule: "SH-30")),
        ])
    }
    public var results: [Result]?
    public var note: String?
    public var photos: [String]?

    static let fields: [(String, InputField)] = [
        ("results", .list(InputField(.object(Result.schema)), maxItems: RectificationRules.mostItems, label: Text("逐项检查", "results"), rule: "SH-30")),
        ("note", .text(1000, multiline: true, label: Text("备注", "note"), rule: "SH-30")),
    ]
    public static let schema = InputSchema("InspectionInput", fields + [("photos", Upload.dataURLs(label: Text("照片", "photos"), rule: "SH-30"))])
}

/// 闭馆巡视 (SH-19): each checkpoint in order or not, in the checklist's order.
public struct PatrolInput: CheckedInput, Content {
    public struct Checkpoint: CheckedInput, Content {
        public var ok: Bool?
        public var note: String?
        public static let schema = InputSchema("PatrolCheckpointInput", [
            ("ok", InputField(.boolean, label: Text("是否正常", "ok"), rule: "SH-19")),
            ("note", .text(200, label: Text("异常情况", "note"), rule: "SH-19")),
        ])
    }
    public var checkpoints: [Checkpoint]?

    public static let schema = InputSchema("PatrolRoundInput", [
        ("checkpoints", .list(InputField(.object(Checkpoint.schema)), maxItems: RectificationRules.mostItems, label: Text("检查点", "checkpoints"), rule: "SH-19")),
    ])
}

/// A checklist's new version (SH-19, SH-30).
public struct ChecklistInput: CheckedInput, Content {
    public var items: [String]?

    public static let schema = InputSchema("SupervisionChecklistInput", [
        ("items", .list(.text(60, label: Text("检查项", "items"), rule: "SH-30"), maxItems: RectificationRules.mostItems, label: Text("检查项", "items"), rule: "SH-30")),
    ])
}

/// 发出整改通知单 (SH-31, SH-32).
public struct RectificationInput: CheckedInput, Content {
    public var category: String?
    public var department: String?
    public var showHouseID: String?
    public var finding: String?
    public var requirement: String?
    public var deadline: String?

    public static let schema = InputSchema("RectificationNoticeInput", [
        ("category", .choice(RectificationCategory.allCases.map(\.rawValue), label: Text("类别", "category"), rule: "SH-32")),
        ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("整改部门", "department"), rule: "SH-31")),
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "SH-31")),
        ("finding", .text(1000, multiline: true, label: Text("发现的问题", "finding"), rule: "SH-31")),
        ("requirement", .text(1000, multiline: true, label: Text("整改要求", "requirement"), rule: "SH-31")),
        ("deadline", InputField(.dateTime, label: Text("整改期限", "deadline"), rule: "SH-31")),
    ])
}

/// 一步开出整改通知单: from a failed inspection item (SH-30, SH-31).
public struct InspectionNoticeInput: CheckedInput, Content {
    public var item: Int?
    public var department: String?
    public var requirement: String?
    public var deadline: String?

    public static let schema = InputSchema("InspectionNoticeInput", [
        ("item", .integer(0...(RectificationRules.mostItems - 1), label: Text("检查项", "item"))),
        ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("整改部门", "department"), rule: "SH-31")),
        ("requirement", .text(1000, multiline: true, label: Text("整改要求", "requirement"), rule: "SH-31")),
        ("deadline", InputField(.dateTime, label: Text("整改期限", "deadline"), rule: "SH-31")),
    ])
}

/// 整改情况: what the department did, with evidence photos (SH-31).
public struct RectificationResponseInput: CheckedInput, Content {
    public var action: String?
    public var photos: [String]?

    static let fields: [(String, InputField)] = [("action", .text(1000, multiline: true, label: Text("整改情况", "action"), rule: "SH-31"))]
    public static let schema = InputSchema("RectificationResponseInput", fields + [("photos", Upload.dataURLs(label: Text("整改照片", "photos"), rule: "SH-31"))])
}

/// 验证: closed, or sent back with what is still wrong (SH-31).
public struct RectificationVerificationInput: CheckedInput, Content {
    public var outcome: String?
    public var note: String?

    public static let schema = InputSchema("RectificationVerificationInput", [
        ("outcome", .choice(["close", "return"], label: Text("验证结果", "outcome"), rule: "SH-31")),
        ("note", .text(1000, multiline: true, label: Text("验证意见", "note"), rule: "SH-31")),
    ])
}

/// 申请延期: a later deadline and why (SH-31).
public struct ExtensionRequestInput: CheckedInput, Content {
    public var deadline: String?
    public var reason: String?

    public static let schema = InputSchema("RectificationExtensionInput", [
        ("deadline", InputField(.dateTime, label: Text("延至", "deadline"), rule: "SH-31")),
        ("reason", .text(500, multiline: true, label: Text("延期理由", "reason"), rule: "SH-31")),
    ])
}

/// 批复延期 (SH-31).
public struct ExtensionDecisionInput: CheckedInput, Content {
    public var grant: Bool?
    public var note: String?

    public static let schema = InputSchema("RectificationExtensionDecisionInput", [
        ("grant", InputField(.boolean, label: Text("是否同意", "grant"), rule: "SH-31")),
        ("note", .text(500, multiline: true, label: Text("批复意见", "note"), rule: "SH-31")),
    ])
}
