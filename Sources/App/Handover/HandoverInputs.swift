import Vapor

/// A post's checklist, as its foreman writes it (HO-1).
public struct HandoverTemplateInput: CheckedInput, Content {
    public struct Line: CheckedInput, Content {
        public var title: String?
        public var hint: String?
        public static let schema = InputSchema("ChecklistLine", [
            ("title", .text(40, label: Text("检查项目", "title"), rule: "HO-1")),
            ("hint", .text(120, label: Text("说明", "hint"), rule: "HO-1")),
        ])
    }
    public var items: [Line]?

    public static let schema = InputSchema("HandoverChecklist", [
        ("items", .list(InputField(.object(Line.schema)), maxItems: HandoverRules.mostItems, label: Text("检查项目", "items"), rule: "HO-1")),
    ])
}

/// Starting the sheet of this shift (HO-6).
public struct HandoverStartInput: CheckedInput, Content {
    public var shift: String?

    public static let schema = InputSchema("HandoverStart", [
        ("shift", .choice(ShiftName.allCases.map(\.rawValue), label: Text("班次", "shift"), rule: "HO-6")),
    ])
}

/// 交班签字: the marks, the work log, the cabinet count, who takes over (HO-1, HO-2, HO-4, KY-3).
public struct HandoverSignOutInput: CheckedInput, Content {
    public struct Mark: CheckedInput, Content {
        public var ok: Bool?
        public var note: String?
        public static let schema = InputSchema("ChecklistMark", [
            ("ok", InputField(.boolean, label: Text("正常", "ok"), rule: "HO-1")),
            ("note", .text(200, label: Text("情况说明", "note"), rule: "HO-1")),
        ])
    }
    public var marks: [Mark]?
    public var workLog: String?
    public var cabinetCounted: Int?
    public var incomingID: String?
    public var signature: String?

    public static let schema = InputSchema("HandoverSignOut", [
        ("marks", .list(InputField(.object(Mark.schema)), maxItems: HandoverRules.mostItems, label: Text("逐项检查", "marks"), rule: "HO-1")),
        ("workLog", .text(4000, multiline: true, label: Text("工作日记", "workLog"), rule: "HO-2")),
        ("cabinetCounted", .integer(0...100_000, label: Text("柜内钥匙清点数", "cabinetCounted"))),
        ("incomingID", InputField(.uuid, label: Text("接班人", "incomingID"), rule: "HO-4")),
        ("signature", InputField(.signature, label: Text("签名", "signature"), rule: "X-1")),
    ])
}

/// Words added to a sheet: a question, an answer, an addendum, a resolution (HO-3, HO-5, HO-6).
public struct HandoverWordsInput: CheckedInput, Content {
    public var text: String?

    public static let schema = InputSchema("HandoverWords", [("text", .text(1000, multiline: true, label: Text("内容", "text"), rule: "HO-3"))])
}

/// 拒绝接班, with the reason (HO-5).
public struct HandoverRefusalInput: CheckedInput, Content {
    public var reason: String?

    public static let schema = InputSchema("HandoverRefusal", [("reason", .text(1000, multiline: true, label: Text("拒绝理由", "reason"), rule: "HO-5"))])
}

/// 接班签字 or 领班审核: a drawn signature may be added.
public struct HandoverSignatureInput: CheckedInput, Content {
    public var signature: String?

    public static let schema = InputSchema("HandoverSignature", [("signature", InputField(.signature, label: Text("签名", "signature"), rule: "X-1"))])
}
