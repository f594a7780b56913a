import Vapor

/// A new item at the service desk: what, from whom, how urgent.
public struct NewServiceItemInput: CheckedInput, Content {
    public var kind: String?
    public var source: String?
    public var urgent: Bool?
    public var description: String?
    public var customerID: String?
    public var unitID: String?
    public var guestName: String?
    public var guestPhone: String?
    /// The owning department, when not the kind's own (an incident must name one).
    public var department: String?
    /// Photos as `data:image/jpeg;base64,…`; the page sends files instead.
    public var photos: [String]?

    public static let schema = InputSchema("NewServiceItem", [
        ("kind", .choice(ServiceKind.allCases.map(\.rawValue), label: Text("类别", "kind"), rule: "SH-33")),
        ("source", .choice(ServiceSource.allCases.map(\.rawValue), label: Text("来源", "source"), rule: "SH-33")),
        ("urgent", InputField(.boolean, label: Text("紧急", "urgent"), rule: "HO-8")),
        ("description", .text(2000, multiline: true, label: Text("内容", "description"), rule: "SH-33")),
        ("customerID", InputField(.uuid, label: Text("客户", "customerID"), rule: "CA-2")),
        ("unitID", InputField(.uuid, label: Text("房号", "unitID"), rule: "CA-2")),
        ("guestName", .text(40, label: Text("来访人姓名", "guestName"), rule: "SH-33")),
        ("guestPhone", .text(20, pattern: #"^[0-9+\- ]{3,20}$"#, label: Text("联系电话", "guestPhone"), rule: "SH-33")),
        ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("负责部门", "department"), rule: "SH-11")),
        ("photos", Upload.dataURLs(label: Text("照片", "photos"), rule: "SH-33")),
    ])
}

/// 指派 / 处理方案: who follows it up, by when; for a complaint also how
/// serious it is and the plan (SH-33).
public struct ServiceAssignInput: CheckedInput, Content {
    public var ownerID: String?
    public var dueAt: String?
    public var severity: String?
    public var plan: String?

    public static let schema = InputSchema("ServiceAssignment", [
        ("ownerID", InputField(.uuid, label: Text("跟进人", "ownerID"), rule: "SH-33")),
        ("dueAt", InputField(.dateTime, label: Text("完成时限", "dueAt"), rule: "SH-33")),
        ("severity", .choice(ComplaintSeverity.allCases.map(\.rawValue), label: Text("严重程度", "severity"), rule: "SH-33")),
        ("plan", .text(1000, multiline: true, label: Text("处理方案", "plan"), rule: "SH-33")),
    ])
}

/// 处理记录: what was done, in the follow-up person's words.
public struct ServiceNoteInput: CheckedInput, Content {
    public var text: String?

    public static let schema = InputSchema("ServiceNote", [("text", .text(1000, multiline: true, label: Text("处理记录", "text"), rule: "SH-33"))])
}

/// 处理完毕: done, with what was done.
public struct ServiceDoneInput: CheckedInput, Content {
    public var note: String?

    public static let schema = InputSchema("ServiceDone", [("note", .text(1000, multiline: true, label: Text("处理结果", "note"), rule: "SH-33"))])
}

/// 回访: what the guest said (SH-33).
public struct ServiceCallbackInput: CheckedInput, Content {
    public var outcome: String?
    public var note: String?

    public static let schema = InputSchema("ServiceCallback", [
        ("outcome", .choice(ServiceOutcome.allCases.map(\.rawValue), label: Text("回访结果", "outcome"), rule: "SH-33")),
        ("note", .text(1000, multiline: true, label: Text("回访记录", "note"), rule: "SH-33")),
    ])
}

/// 验收: the repair seen done, or not (SH-11).
public struct ServiceVerifyInput: CheckedInput, Content {
    public var accepted: Bool?
    public var note: String?

    public static let schema = InputSchema("ServiceVerification", [
        ("accepted", InputField(.boolean, label: Text("验收通过", "accepted"), rule: "SH-11")),
        ("note", .text(1000, multiline: true, label: Text("验收情况", "note"), rule: "SH-11")),
    ])
}

/// The control room's handover: which one of the day (HO-7).
public struct DeskHandoverInput: CheckedInput, Content {
    public var slot: String?
    public var note: String?

    public static let schema = InputSchema("DeskHandoverOffer", [
        ("slot", .choice(DeskSlot.allCases.map(\.rawValue), label: Text("交接班次", "slot"), rule: "HO-7")),
        ("note", .text(1000, multiline: true, label: Text("交接说明", "note"), rule: "HO-7")),
    ])
}

/// The items the receiving department takes over; the rest stay pending (HO-7).
public struct DeskAcceptInput: CheckedInput, Content {
    public var itemIDs: [String]?
    public var note: String?

    public static let schema = InputSchema("DeskAcceptance", [
        ("itemIDs", .list(InputField(.uuid, label: Text("工单", "itemIDs"), rule: "HO-7"), maxItems: 500, label: Text("接收的工单", "itemIDs"), rule: "HO-7")),
        ("note", .text(1000, multiline: true, label: Text("接收说明", "note"), rule: "HO-7")),
    ])
}

/// The times the desk changes hands and the cabinet's working hours (HO-7, KY-3).
public struct ShiftSettingsInput: CheckedInput, Content {
    public var morningHandover: String?
    public var eveningHandover: String?

    static let hhmm = #"^([01][0-9]|2[0-3]):[0-5][0-9]$"#
    public static let schema = InputSchema("ShiftSettings", [
        ("morningHandover", .text(5, pattern: hhmm, label: Text("早交接时间", "morningHandover"), rule: "HO-7")),
        ("eveningHandover", .text(5, pattern: hhmm, label: Text("晚交接时间", "eveningHandover"), rule: "HO-7")),
    ])
}
