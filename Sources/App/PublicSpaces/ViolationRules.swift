import Foundation

/// The violation rules of 篇2 客服部公共场地使用管理制度, pure:
/// 责令其拆除，撤销违章物品、修补破损部位并恢复原状…根据有关规定做出相应处罚 [2.3].
public enum ViolationRules {
    /// The longest a party is given to restore the place.
    static let longestRestoreDays = 90
    /// The largest penalty one violation may carry, in fen (¥100,000).
    static let largestPenaltyFen = 10_000_000

    /// 责令整改: the day the place must be restored by, today at the
    /// earliest (a sign comes down at once), at most 90 days ahead.
    public static func checkRestoreBy(_ day: String, today: String) throws {
        guard day >= today else { throw WuyeError.invalid("restoreBy", Text("整改期限不能早于今天", "cannot be before today"), rule: "PS-4") }
        guard (try? SpaceRules.days(from: today, to: day, longest: longestRestoreDays + 1)) != nil else {
            throw WuyeError.invalid("restoreBy", Text("整改期限最长 \(longestRestoreDays) 天", "may be at most \(longestRestoreDays) days ahead"), rule: "PS-4")
        }
    }

    /// An order names who must put it right.
    public static func checkParty(customer: UUID?, party: String?) throws {
        guard customer != nil || party != nil else {
            throw WuyeError.missing("party", Text("责任人（客户档案或名称）", "The party (a customer file or a name)"), rule: "PS-4")
        }
    }

    /// A penalty follows a rule, is more than nothing, and is set once, on a
    /// violation whose party was ordered to put it right (PS-4).
    public static func checkPenalty(fen: Int, status: ViolationStatus, already: Int?) throws {
        guard already == nil else { throw WuyeError.conflict(Text("已记录处罚，不能更改", "The penalty is recorded and cannot be changed"), rule: "PS-4", field: "penaltyYuan") }
        guard status == .ordered || status == .restored else {
            throw status == .reported ? WuyeError.conflict(Text("请先责令整改，再记录处罚", "Order it put right before recording a penalty"), rule: "PS-4", field: "status")
                                      : notAt(.ordered, but: status)
        }
        guard fen > 0, fen <= largestPenaltyFen else {
            throw WuyeError.invalid("penaltyYuan", Text("处罚金额应大于 0，且不超过 ¥\(CustomerRules.yuan(largestPenaltyFen))", "must be above 0 and at most ¥\(CustomerRules.yuan(largestPenaltyFen))"), rule: "PS-4")
        }
    }

    /// A step asked of a violation that is past (or not yet at) it, said in a whole sentence.
    public static func notAt(_ expected: ViolationStatus, but status: ViolationStatus) -> WuyeError {
        let said: Text = switch status {
        case .reported: Text("此违章尚未责令整改", "This violation has not been ordered put right yet")
        case .ordered: Text("此违章已责令整改，正待复查", "This violation is ordered put right and waiting for its check")
        case .restored: Text("此违章已复查恢复，已结案", "This violation was found restored and is closed")
        case .dismissed: Text("此报告已认定不属违章", "This report was found not to be a violation")
        }
        return WuyeError.conflict(said, rule: "PS-4", field: "status")
    }
}
