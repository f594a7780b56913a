import Foundation

/// Supervision (篇1 8.1–8.7, 6.2.12), pure: inspections, patrol rounds and
/// rectification notices.
public enum RectificationRules {
    /// The longest a deadline (or an extension) reaches ahead.
    static let longestDeadlineDays = 90
    static let mostItems = 40

    /// SH-30: every item of the checklist marked; a fail or a flag says what,
    /// and a failure carries a photo.
    public static func checkInspection(_ results: [InspectionResult], items: [String], photos: Int) throws {
        guard results.count == items.count else {
            throw WuyeError.invalid("results", Text("应逐项检查 \(items.count) 项（现 \(results.count) 项）", "must mark each of the \(items.count) items (\(results.count) sent)"), rule: "SH-30")
        }
        if let index = results.firstIndex(where: { $0.result != .pass && ($0.note ?? "").isEmpty }) {
            throw WuyeError.missing("results.\(index).note", Text("“\(items[index])”的问题说明", "What is wrong with “\(items[index])”"), rule: "SH-30")
        }
        if results.contains(where: { $0.result == .fail }), photos == 0 {
            throw WuyeError.missing("photos", Text("不合格项的照片（至少 1 张）", "A photo of what failed (at least one)"), rule: "SH-30")
        }
    }

    /// SH-19: every checkpoint of the round looked at; anything not in order says what.
    public static func checkRound(_ checkpoints: [PatrolCheckpoint], items: [String]) throws {
        guard checkpoints.count == items.count else {
            throw WuyeError.invalid("checkpoints", Text("应逐一检查 \(items.count) 个检查点（现 \(checkpoints.count) 个）", "must mark each of the \(items.count) checkpoints (\(checkpoints.count) sent)"), rule: "SH-19")
        }
        if let index = checkpoints.firstIndex(where: { !$0.ok && ($0.note ?? "").isEmpty }) {
            throw WuyeError.missing("checkpoints.\(index).note", Text("“\(items[index])”的异常情况", "What is wrong at “\(items[index])”"), rule: "SH-19")
        }
    }

    /// SH-31: a deadline ahead, within 90 days.
    public static func checkDeadline(_ deadline: Date, after earliest: Date, now: Date, field: String = "deadline") throws {
        guard deadline > earliest else {
            throw WuyeError.invalid(field, earliest == now ? Text("应晚于现在", "must be later than now") : Text("应晚于原期限", "must be later than the deadline now"), rule: "SH-31")
        }
        guard deadline <= now.addingTimeInterval(TimeInterval(longestDeadlineDays * 86_400)) else {
            throw WuyeError.invalid(field, Text("最长 \(longestDeadlineDays) 天", "at most \(longestDeadlineDays) days ahead"), rule: "SH-31")
        }
    }

    /// SH-31: overdue while it is still the department's to do past its deadline.
    public static func isOverdue(status: RectificationStatus, deadline: Date, now: Date) -> Bool {
        status == .issued && now > deadline
    }

    /// SH-31: the department answers its own notices; nobody else answers for it.
    public static func checkResponder(_ actor: Actor, department: DepartmentCode) throws {
        guard actor.department == department else {
            throw WuyeError.forbidden(Text("只能由\(department.title.zh)填写整改情况", "Only \(department.title.en) answers this notice"), rule: "SH-31")
        }
    }

    /// SH-31: 由发出人验证 — the issuer (or leadership) checks the work,
    /// never someone of the department that did it, nor whoever answered.
    public static func checkVerifier(_ actor: Actor, issuer: UUID, department: DepartmentCode, what: Text) throws {
        guard actor.department != department else {
            throw WuyeError.forbidden(Text("整改部门不能自行\(what.zh)", "The department may not \(what.en) its own notice"), rule: "SH-31")
        }
        guard actor.id == issuer || actor.rank == .leadership else {
            throw WuyeError.forbidden(Text("应由发出人或领导\(what.zh)", "Only the issuer or leadership may \(what.en) it"), rule: "SH-31")
        }
    }

    public static func notAt(_ expected: RectificationStatus, but status: RectificationStatus) -> WuyeError {
        WuyeError.conflict(Text("通知单现为“\(status.title.zh)”，不能这样做（应为“\(expected.title.zh)”）",
                                "The notice is \(status.title.en.lowercased()), not \(expected.title.en.lowercased())"), rule: "SH-31", field: "status")
    }
}
