import Foundation

/// The public-space rules of 篇2 客服部公共场地使用管理制度, pure.
public enum SpaceRules {
    /// PS-1: fire lanes and exits are never occupied (《消防安全管理条例》).
    public static func checkNotAFireRoute(_ fireRoute: Bool, name: String) throws {
        guard !fireRoute else {
            throw WuyeError.invalid("spaceID", Text("\(name)是消防通道或安全出口，任何时候不得占用", "\(name) is a fire lane or exit and may never be occupied"), rule: "PS-1")
        }
    }

    /// A period of whole days, the last not before the first, at most `longest` days.
    public static func days(from start: String, to end: String, longest: Int = 366) throws -> Int {
        guard let first = StrictTime.day(start), let last = StrictTime.day(end),
              let a = Calendar(identifier: .gregorian).date(from: first), let b = Calendar(identifier: .gregorian).date(from: last) else {
            throw WuyeError.invalid("startsOn", Text("日期无效", "is not a date"), rule: "PS-2")
        }
        let count = Int(((b.timeIntervalSince(a)) / 86_400).rounded()) + 1
        guard count >= 1 else { throw WuyeError.invalid("endsOn", Text("结束日期不能早于开始日期", "cannot be before the first day"), rule: "PS-2") }
        guard count <= longest else { throw WuyeError.invalid("endsOn", Text("一次最多申请 \(longest) 天", "at most \(longest) days at a time"), rule: "PS-2") }
        return count
    }

    /// The area asked for fits the space.
    public static func checkArea(_ area: Double, of space: Double) throws {
        guard area > 0, area <= space else {
            throw WuyeError.invalid("areaM2", Text("面积应大于 0，且不超过场地的 \(format(space)) 平方米", "must be above 0 and at most the space's \(format(space)) m²"), rule: "PS-2")
        }
    }

    /// 有偿使用: the fee the space's rule sets for this use (PS-2), in fen, rounded to the fen.
    public static func fee(rule: FeeRule, price: Int, area: Double, days: Int) -> Int {
        switch rule {
        case .perDay: price * days
        case .perSquareMetreDay: Int((Double(price) * area * Double(days)).rounded())
        case .perEvent: price
        }
    }

    /// PS-3 统一规划: two approved uses of one space never share a day.
    public static func overlaps(_ start: String, _ end: String, with other: (start: String, end: String)) -> Bool {
        start <= other.end && other.start <= end
    }

    /// Approval follows the staff check; a check that failed cannot be approved.
    public static func checkApprovable(status: SpaceUseStatus, fireSafe: Bool?, tidy: Bool?) throws {
        switch status {
        case .checked:
            guard fireSafe == true, tidy == true else {
                throw WuyeError.conflict(Text("消防或美观核查未通过，不能批准", "The fire-safety or appearance check failed; it cannot be approved"), rule: "PS-2", field: "status")
            }
        case .applied:
            throw WuyeError.conflict(Text("请先核查消防安全与美观", "Check fire safety and appearance first"), rule: "PS-2", field: "status")
        case .approved, .refused, .cancelled:
            throw notAt(.checked, but: status)
        }
    }

    /// A step asked of an application that is past (or not yet at) it, said in a whole sentence.
    public static func notAt(_ expected: SpaceUseStatus, but status: SpaceUseStatus) -> WuyeError {
        let said: Text = switch status {
        case .applied: Text("此申请尚未核查", "This application is not checked yet")
        case .checked: Text("此申请已核查，正待审批", "This application is checked and waiting for a decision")
        case .approved: Text("此申请已批准", "This application is approved")
        case .refused: Text("此申请已不予批准", "This application was refused")
        case .cancelled: Text("此申请已撤销", "This application was cancelled")
        }
        return WuyeError.conflict(said, rule: "PS-2", field: "status")
    }

    static func format(_ area: Double) -> String {
        area == area.rounded() ? String(Int(area)) : String(format: "%.1f", area)
    }
}
