import Vapor

/// 登记样板房: which unit it is, its unit type, floor and reception hours.
public struct ShowHouseInput: CheckedInput, Content {
    public var unitID: String?
    public var name: String?
    public var unitType: String?
    public var floor: String?
    public var opensAt: String?
    public var closesAt: String?

    public static let schema = InputSchema("ShowHouse", [
        ("unitID", InputField(.uuid, label: Text("房号", "unitID"), rule: "ORG-1")),
        ("name", .text(40, label: Text("名称", "name"), rule: "ORG-1")),
        ("unitType", .text(60, label: Text("户型", "unitType"), rule: "SH-16")),
        ("floor", .text(20, label: Text("楼层", "floor"), rule: "ORG-1")),
        ("opensAt", .text(5, pattern: ShiftSettingsInput.hhmm, label: Text("开放时间", "opensAt"), rule: "SH-10")),
        ("closesAt", .text(5, pattern: ShiftSettingsInput.hhmm, label: Text("闭馆时间", "closesAt"), rule: "SH-17")),
    ])
}

/// 《样板房物品清点记录表》: the lines, as the supervisor writes them (SH-10).
public struct InventoryInput: CheckedInput, Content {
    public struct Line: CheckedInput, Content {
        public var room: String?
        public var item: String?
        public var expected: Int?
        /// The placement photo to keep (one of the show house's), or a new one as a data URL.
        public var photoID: String?
        public var photo: String?
        public static let schema = InputSchema("InventoryLine", [
            ("room", .text(20, label: Text("房间", "room"), rule: "SH-10")),
            ("item", .text(40, label: Text("物品", "item"), rule: "SH-10")),
            ("expected", .integer(1...999, label: Text("数量", "expected"))),
            ("photoID", InputField(.uuid, label: Text("摆放照片", "photoID"), rule: "SH-10")),
            ("photo", .text((Upload.maxBytes + 2) / 3 * 4 + 40, label: Text("摆放照片", "photo"), rule: "SH-10")),
        ])
    }
    public var items: [Line]?

    public static let schema = InputSchema("Inventory", [
        ("items", .list(InputField(.object(Line.schema)), maxItems: ShowHouseRules.mostLines, label: Text("物品清单", "items"), rule: "SH-10")),
    ])
}

/// 开馆 / 闭馆清点 (SH-10…SH-13). Photos as data URLs; the page sends files.
public struct CountInput: CheckedInput, Content {
    public struct Mark: CheckedInput, Content {
        public var state: String?
        public var note: String?
        public static let schema = InputSchema("CountMark", [
            ("state", .choice(ItemState.allCases.map(\.rawValue), label: Text("清点结果", "state"), rule: "SH-10")),
            ("note", .text(200, label: Text("情况说明", "note"), rule: "SH-11")),
        ])
    }
    public var kind: String?
    public var marks: [Mark]?
    public var hygieneOK: Bool?
    public var hygieneNote: String?
    public var outdoorTemp: Int?
    public var setTemp: Int?
    public var crowded: Bool?
    public var raining: Bool?
    public var dehumidify: Bool?
    public var dayType: String?
    public var shoeCovers: String?
    public var umbrellaBagger: Bool?
    public var signage: Bool?
    public var photos: [String]?

    static let fields: [(String, InputField)] = [
        ("kind", .choice(CountKind.allCases.map(\.rawValue), label: Text("清点类别", "kind"), rule: "SH-10")),
        ("marks", .list(InputField(.object(Mark.schema)), maxItems: ShowHouseRules.mostLines, label: Text("逐项清点", "marks"), rule: "SH-10")),
        ("hygieneOK", InputField(.boolean, label: Text("卫生检查", "hygieneOK"), rule: "SH-10")),
        ("hygieneNote", .text(200, label: Text("卫生情况说明", "hygieneNote"), rule: "SH-10")),
        ("outdoorTemp", .integer(-30...50, label: Text("室外温度", "outdoorTemp"))),
        ("setTemp", .integer(16...30, label: Text("空调设定温度", "setTemp"))),
        ("crowded", InputField(.boolean, label: Text("客流多", "crowded"), rule: "SH-12")),
        ("raining", InputField(.boolean, label: Text("雨天", "raining"), rule: "SH-12")),
        ("dehumidify", InputField(.boolean, label: Text("除湿", "dehumidify"), rule: "SH-12")),
        ("dayType", .choice(DayType.allCases.map(\.rawValue), label: Text("当日类型", "dayType"), rule: "SH-13")),
        ("shoeCovers", .choice(ShoeCovers.allCases.map(\.rawValue), label: Text("鞋套", "shoeCovers"), rule: "SH-13")),
        ("umbrellaBagger", InputField(.boolean, label: Text("雨伞套袋机", "umbrellaBagger"), rule: "SH-13")),
        ("signage", InputField(.boolean, label: Text("指示标识", "signage"), rule: "SH-13")),
    ]
    public static let schema = InputSchema("ShowHouseCount", fields + [("photos", Upload.dataURLs(label: Text("照片", "photos"), rule: "SH-11"))])
}

/// 送梯登记: the lobby's count of a batch going up, with its sales person (SH-4, SH-14).
public struct BatchInput: CheckedInput, Content {
    public var salesName: String?
    public var headcount: Int?

    public static let schema = InputSchema("VisitorBatch", [
        ("salesName", .text(40, label: Text("陪同销售", "salesName"), rule: "SH-4")),
        ("headcount", .integer(1...200, label: Text("人数", "headcount"))),
    ])
}

/// A later count of a batch: arrival, departure (with the batch's notes), return (SH-14, SH-15).
public struct BatchCountInput: CheckedInput, Content {
    public var count: Int?
    public var notes: [String]?
    public var note: String?

    public static let schema = InputSchema("VisitorBatchCount", [
        ("count", .integer(0...200, label: Text("人数", "count"))),
        ("notes", .list(.choice(BatchNote.allCases.map(\.rawValue), label: Text("情况", "notes"), rule: "SH-15"), maxItems: BatchNote.allCases.count,
                        label: Text("情况", "notes"), rule: "SH-15")),
        ("note", .text(200, label: Text("备注", "note"), rule: "SH-15")),
    ])
}

/// 劝离: visitors with no sales person, turned away and counted (SH-4).
public struct RefusalInput: CheckedInput, Content {
    public var headcount: Int?
    public var note: String?

    public static let schema = InputSchema("VisitorRefusal", [
        ("headcount", .integer(1...200, label: Text("人数", "headcount"))),
        ("note", .text(200, label: Text("备注", "note"), rule: "SH-4")),
    ])
}

/// 客户意见、建议、评价、投诉 (SH-16, SH-33).
public struct FeedbackInput: CheckedInput, Content {
    public var kind: String?
    public var rating: Int?
    public var text: String?
    public var guestName: String?
    public var guestPhone: String?
    public var batchID: String?

    public static let schema = InputSchema("GuestFeedback", [
        ("kind", .choice(FeedbackKind.allCases.map(\.rawValue), label: Text("类别", "kind"), rule: "SH-16")),
        ("rating", .integer(1...5, label: Text("评分", "rating"))),
        ("text", .text(1000, multiline: true, label: Text("内容", "text"), rule: "SH-16")),
        ("guestName", .text(40, label: Text("客人姓名", "guestName"), rule: "SH-16")),
        ("guestPhone", .text(20, pattern: #"^[0-9+\- ]{3,20}$"#, label: Text("联系电话", "guestPhone"), rule: "SH-33")),
        ("batchID", InputField(.uuid, label: Text("参观批次", "batchID"), rule: "SH-16")),
    ])
}

/// 闭馆: the routine confirmed, the day's work, the keys to the security post (SH-17).
public struct ClosingInput: CheckedInput, Content {
    public var checks: [String]?
    public var workLog: String?
    public var keysPostID: String?
    public var keysGuardID: String?

    public static let schema = InputSchema("ShowHouseClosing", [
        ("checks", .list(.choice(ClosingCheck.allCases.map(\.rawValue), label: Text("闭馆检查", "checks"), rule: "SH-17"), maxItems: ClosingCheck.allCases.count,
                         label: Text("闭馆检查", "checks"), rule: "SH-17")),
        ("workLog", .text(4000, multiline: true, label: Text("当日工作记录", "workLog"), rule: "SH-17")),
        ("keysPostID", InputField(.uuid, label: Text("钥匙交接岗位", "keysPostID"), rule: "SH-17")),
        ("keysGuardID", InputField(.uuid, label: Text("接钥匙的安管员", "keysGuardID"), rule: "SH-17")),
    ])
}

/// 审核签字 (SH-18), with an optional note and drawn signature.
public struct DayReviewInput: CheckedInput, Content {
    public var note: String?
    public var signature: String?

    public static let schema = InputSchema("ShowHouseDayReview", [
        ("note", .text(1000, multiline: true, label: Text("审核意见", "note"), rule: "SH-18")),
        ("signature", InputField(.signature, label: Text("签名", "signature"), rule: "X-1")),
    ])
}
