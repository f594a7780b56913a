import Vapor

/// A notice to customers (CA-4): its words, and the buildings and units it goes to.
public struct NewNoticeInput: CheckedInput, Content {
    public var title: String?
    public var body: String?
    public var buildingIDs: [String]?
    public var unitIDs: [String]?

    public static let schema = InputSchema("NewCustomerNotice", [
        ("title", .text(100, label: Text("标题", "title"), rule: "CA-4")),
        ("body", .text(5_000, multiline: true, label: Text("正文", "body"), rule: "CA-4")),
        ("buildingIDs", .list(InputField(.uuid, label: Text("楼栋", "buildingIDs"), rule: "CA-4"), maxItems: 200, label: Text("楼栋", "buildingIDs"), rule: "CA-4")),
        ("unitIDs", .list(InputField(.uuid, label: Text("房号", "unitIDs"), rule: "CA-4"), maxItems: CustomerNotices.mostUnits, label: Text("房号", "unitIDs"), rule: "CA-4")),
    ])
}

/// How a notice reached a household.
public struct DeliveredInput: CheckedInput, Content {
    public var method: String?

    public static let schema = InputSchema("NoticeDelivered", [
        ("method", .choice(DeliveryMethod.allCases.map(\.rawValue), label: Text("送达方式", "method"), rule: "CA-4")),
    ])
}
