import Foundation

/// The handover rules of 篇3 客服部交接班管理制度, pure:
/// 交班人未经接班人同意不得离岗 (HO-4); 接班人有权拒绝接班 (HO-5);
/// 交接双方签字后交接方为完成，领班每日审核签字 (HO-6).
public enum HandoverRules {
    /// The longest checklist a post keeps.
    static let mostItems = 40

    /// HO-1: every item is marked, and an abnormal (×) one says what is wrong.
    public static func checkMarks(_ marks: [ChecklistMark], items: [ChecklistItem]) throws {
        guard marks.count == items.count else {
            throw WuyeError.invalid("marks", Text("应逐项填写 \(items.count) 项检查（现 \(marks.count) 项）", "must mark each of the \(items.count) items (\(marks.count) sent)"), rule: "HO-1")
        }
        if let index = marks.firstIndex(where: { !$0.ok && ($0.note ?? "").isEmpty }) {
            throw WuyeError.missing("marks.\(index).note", Text("“\(items[index].title)”异常（×）的情况说明", "What is wrong with “\(items[index].title)”"), rule: "HO-1")
        }
    }

    /// HO-6: the same person never signs both sides.
    public static func checkDifferentPeople(outgoing: UUID, incoming: UUID) throws {
        guard outgoing != incoming else {
            throw WuyeError.forbidden(Text("交班人和接班人不能是同一人", "The outgoing and incoming person cannot be the same"), rule: "HO-6")
        }
    }

    /// The cabinet count on customer service's sheet (KY-3): a difference is flagged, never hidden.
    public static func cabinetDifference(expected: Int?, counted: Int?) -> Int? {
        guard let expected, let counted else { return nil }
        return counted - expected
    }

    /// A step asked of a sheet at the wrong point, in a whole sentence.
    public static func notAt(_ status: HandoverStatus, rule: String) -> WuyeError {
        let said: Text = switch status {
        case .draft: Text("交班人尚未签字交班", "The outgoing person has not signed out yet")
        case .offered: Text("已交班签字，正等接班人", "Signed out and waiting for the incoming person")
        case .refused: Text("接班人已拒绝接班，须领班或主管先处理", "The incoming person refused; a foreman or supervisor must resolve it first")
        case .accepted: Text("双方已签字，记录已冻结；如需补充请写补记", "Both have signed and the sheet is frozen; add an addendum instead")
        }
        return WuyeError.conflict(said, rule: rule, field: "status")
    }
}
