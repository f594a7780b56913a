import Vapor

let phoneField = #"^[0-9+\- ]{3,20}$"#

/// 施工单位登记 (SH-46).
public struct ContractorInput: CheckedInput, Content {
    public var name: String?
    public var contact: String?
    public var phone: String?

    public static let schema = InputSchema("ContractorInput", [
        ("name", .text(60, label: Text("施工单位", "name"), rule: "SH-40")),
        ("contact", .text(30, label: Text("联系人", "contact"), rule: "SH-40")),
        ("phone", .text(20, pattern: phoneField, label: Text("联系电话", "phone"), rule: "SH-40")),
    ])
}

/// A contractor's own sign-in (ORG-4).
public struct ContractorAccountInput: CheckedInput, Content {
    public var username: String?
    public var name: String?
    public var password: String?

    public static let schema = InputSchema("ContractorAccountInput", [
        ("username", .text(40, pattern: #"^[a-z0-9._-]{3,40}$"#, label: Text("用户名", "username"), rule: "ORG-4")),
        ("name", .text(30, label: Text("姓名", "name"), rule: "ORG-4")),
        ("password", InputField(.secret(minLength: 8, maxLength: 200), label: Text("初始密码", "password"), rule: "ORG-4")),
    ])
}

/// 提前申报天数与最长施工期 (SH-40).
public struct SiteAccessSettingsInput: CheckedInput, Content {
    public var leadDays: Int?
    public var longestDays: Int?

    public static let schema = InputSchema("SiteAccessSettingsInput", [
        ("leadDays", .integer(1...30, label: Text("提前申报天数", "leadDays"))),
        ("longestDays", .integer(1...365, label: Text("一张联络单最长天数", "longestDays"))),
    ])
}

/// 《工作联络单》 (SH-40, SH-42, SH-43); drawings as data URLs (the page sends files).
public struct WorkFormInput: CheckedInput, Content {
    public struct Worker: CheckedInput, Content {
        public var name: String?
        public var trade: String?
        public var certificateNo: String?
        public var certificateExpires: String?
        public static let schema = InputSchema("WorkFormWorkerInput", [
            ("name", .text(30, label: Text("姓名", "name"), rule: "SH-40")),
            ("trade", .choice(SpecialTrade.allCases.map(\.rawValue), label: Text("特殊工种", "trade"), rule: "SH-43")),
            ("certificateNo", .text(40, label: Text("上岗证号", "certificateNo"), rule: "SH-43")),
            ("certificateExpires", InputField(.date, label: Text("上岗证有效期至", "certificateExpires"), rule: "SH-43")),
        ])
    }
    public var contractorID: String?
    public var project: String?
    public var scope: String?
    public var showHouseID: String?
    public var area: String?
    public var startsAt: String?
    public var endsAt: String?
    public var headcount: Int?
    public var teamLeader: String?
    public var leaderPhone: String?
    public var signature: String?
    public var description: String?
    public var cutsPower: Bool?
    public var cutsWater: Bool?
    public var cutsEquipment: Bool?
    public var crossesAreas: Bool?
    public var workers: [Worker]?
    public var drawings: [String]?

    static let fields: [(String, InputField)] = [
        ("contractorID", InputField(.uuid, label: Text("施工单位", "contractorID"), rule: "SH-40")),
        ("project", .text(100, label: Text("施工项目", "project"), rule: "SH-40")),
        ("scope", .text(500, multiline: true, label: Text("施工范围", "scope"), rule: "SH-40")),
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "SH-40")),
        ("area", .text(200, label: Text("施工区域", "area"), rule: "SH-40")),
        ("startsAt", InputField(.dateTime, label: Text("开工时间", "startsAt"), rule: "SH-40")),
        ("endsAt", InputField(.dateTime, label: Text("完工时间", "endsAt"), rule: "SH-40")),
        ("headcount", .integer(1...SiteAccessRules.mostWorkers, label: Text("施工人数", "headcount"))),
        ("teamLeader", .text(30, label: Text("施工队负责人", "teamLeader"), rule: "SH-40")),
        ("leaderPhone", .text(20, pattern: phoneField, label: Text("负责人电话", "leaderPhone"), rule: "SH-40")),
        ("signature", InputField(.signature, label: Text("负责人签字", "signature"), rule: "SH-40")),
        ("description", .text(2000, multiline: true, label: Text("施工说明", "description"), rule: "SH-40")),
        ("cutsPower", InputField(.boolean, label: Text("需停电", "cutsPower"), rule: "SH-42")),
        ("cutsWater", InputField(.boolean, label: Text("需停水", "cutsWater"), rule: "SH-42")),
        ("cutsEquipment", InputField(.boolean, label: Text("需停机电设备", "cutsEquipment"), rule: "SH-42")),
        ("crossesAreas", InputField(.boolean, label: Text("跨越或更换施工区域", "crossesAreas"), rule: "SH-42")),
        ("workers", .list(InputField(.object(Worker.schema)), maxItems: SiteAccessRules.mostWorkers, label: Text("施工人员", "workers"), rule: "SH-40")),
    ]
    public static let schema = InputSchema("WorkFormInput", fields + [("drawings", Upload.dataURLs(label: Text("施工图纸", "drawings"), rule: "SH-40"))])
}

/// One approval step (SH-41), with the approver's words.
public struct WorkFormStepInput: CheckedInput, Content {
    public var step: String?
    public var note: String?

    public static let schema = InputSchema("WorkFormStepInput", [
        ("step", .choice(SiteAccessRules.Step.allCases.map(\.rawValue), label: Text("审批环节", "step"), rule: "SH-41")),
        ("note", .text(500, multiline: true, label: Text("意见", "note"), rule: "SH-41")),
    ])
}

/// 不予批准, or SH-42's extra approval: the reason or the words.
public struct WorkFormNoteInput: CheckedInput, Content {
    public var note: String?

    public static let schema = InputSchema("WorkFormNoteInput", [("note", .text(500, multiline: true, label: Text("意见", "note"), rule: "SH-41"))])
}

/// 上岗证 (SH-43), recorded after the form was filed.
public struct WorkerCertificateInput: CheckedInput, Content {
    public var certificateNo: String?
    public var certificateExpires: String?

    public static let schema = InputSchema("WorkerCertificateInput", [
        ("certificateNo", .text(40, label: Text("上岗证号", "certificateNo"), rule: "SH-43")),
        ("certificateExpires", InputField(.date, label: Text("有效期至", "certificateExpires"), rule: "SH-43")),
    ])
}

/// 进场登记 (SH-44).
public struct SiteEntryInput: CheckedInput, Content {
    public var workerID: String?

    public static let schema = InputSchema("SiteEntryInput", [("workerID", InputField(.uuid, label: Text("施工人员", "workerID"), rule: "SH-44"))])
}

/// 离场检查放行 (SH-44).
public struct SiteExitInput: CheckedInput, Content {
    public var peopleChecked: Bool?
    public var toolsChecked: Bool?
    public var materialsChecked: Bool?
    public var carriedOut: String?
    public var note: String?

    public static let schema = InputSchema("SiteExitInput", [
        ("peopleChecked", InputField(.boolean, label: Text("作业人员已核对", "peopleChecked"), rule: "SH-44")),
        ("toolsChecked", InputField(.boolean, label: Text("施工工具已检查", "toolsChecked"), rule: "SH-44")),
        ("materialsChecked", InputField(.boolean, label: Text("携带物品已检查", "materialsChecked"), rule: "SH-44")),
        ("carriedOut", .text(200, label: Text("携带出场物品", "carriedOut"), rule: "SH-44")),
        ("note", .text(200, label: Text("备注", "note"), rule: "SH-44")),
    ])
}

/// 成品保护 / 完工清场 (SH-45): each line of the stage's checklist.
public struct SiteCheckInput: CheckedInput, Content {
    public struct Line: CheckedInput, Content {
        public var ok: Bool?
        public var note: String?
        public static let schema = InputSchema("SiteCheckLineInput", [
            ("ok", InputField(.boolean, label: Text("是否做到", "ok"), rule: "SH-45")),
            ("note", .text(200, label: Text("情况说明", "note"), rule: "SH-45")),
        ])
    }
    public var stage: String?
    public var lines: [Line]?

    public static let schema = InputSchema("SiteCheckInput", [
        ("stage", .choice(SiteCheckStage.allCases.map(\.rawValue), label: Text("检查环节", "stage"), rule: "SH-45")),
        ("lines", .list(InputField(.object(Line.schema)), maxItems: 10, label: Text("检查项", "lines"), rule: "SH-45")),
    ])
}

/// 违规、损坏、驱逐 (SH-44, SH-46).
public struct ContractorIncidentInput: CheckedInput, Content {
    public var formID: String?
    public var workerID: String?
    public var kind: String?
    public var description: String?
    public var compensation: String?
    public var workStopped: Bool?

    public static let schema = InputSchema("ContractorIncidentInput", [
        ("formID", InputField(.uuid, label: Text("工作联络单", "formID"), rule: "SH-46")),
        ("workerID", InputField(.uuid, label: Text("施工人员", "workerID"), rule: "SH-46")),
        ("kind", .choice(ContractorIncidentKind.allCases.map(\.rawValue), label: Text("类别", "kind"), rule: "SH-46")),
        ("description", .text(1000, multiline: true, label: Text("经过", "description"), rule: "SH-46")),
        ("compensation", .text(10, pattern: #"^\d{1,7}(\.\d{1,2})?$"#, label: Text("赔偿金额（元）", "compensation"), rule: "SH-46")),
        ("workStopped", InputField(.boolean, label: Text("已当场制止施工", "workStopped"), rule: "SH-44")),
    ])
}

/// 紧急进入 (SH-2, SH-54).
public struct EmergencyEntryInput: CheckedInput, Content {
    public var showHouseID: String?
    public var emergency: String?
    public var reason: String?
    public var guards: String?
    public var supervisorID: String?
    public var keySetID: String?

    public static let schema = InputSchema("EmergencyEntryInput", [
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "SH-2")),
        ("emergency", .choice(Emergency.allCases.map(\.rawValue), label: Text("紧急情况", "emergency"), rule: "SH-1")),
        ("reason", .text(500, multiline: true, label: Text("进入原因", "reason"), rule: "SH-2")),
        ("guards", .text(100, label: Text("进入的安管员", "guards"), rule: "SH-2")),
        ("supervisorID", InputField(.uuid, label: Text("在场监护的主管", "supervisorID"), rule: "SH-2")),
        ("keySetID", InputField(.uuid, label: Text("启封的安管钥匙组", "keySetID"), rule: "SH-54")),
    ])
}

/// 书面报告 (SH-2).
public struct EmergencyReportInput: CheckedInput, Content {
    public var report: String?

    public static let schema = InputSchema("EmergencyReportInput", [("report", .text(4000, multiline: true, label: Text("书面报告", "report"), rule: "SH-2"))])
}

/// 非接待时间进入申请 (SH-3).
public struct AfterHoursPassInput: CheckedInput, Content {
    public var showHouseID: String?
    public var visitor: String?
    public var purpose: String?
    public var validFrom: String?
    public var validUntil: String?

    public static let schema = InputSchema("AfterHoursPassInput", [
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "SH-3")),
        ("visitor", .text(60, label: Text("进入人员", "visitor"), rule: "SH-3")),
        ("purpose", .text(300, label: Text("事由", "purpose"), rule: "SH-3")),
        ("validFrom", InputField(.dateTime, label: Text("自", "validFrom"), rule: "SH-3")),
        ("validUntil", InputField(.dateTime, label: Text("至", "validUntil"), rule: "SH-3")),
    ])
}

/// 领导批复 (SH-3).
public struct PassDecisionInput: CheckedInput, Content {
    public var approve: Bool?
    public var note: String?

    public static let schema = InputSchema("PassDecisionInput", [
        ("approve", InputField(.boolean, label: Text("是否批准", "approve"), rule: "SH-3")),
        ("note", .text(300, label: Text("批复意见", "note"), rule: "SH-3")),
    ])
}
