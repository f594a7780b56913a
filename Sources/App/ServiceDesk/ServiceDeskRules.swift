import Foundation

/// The service desk's rules, pure: 篇1 8.6 and 9.2 (complaints, SH-33),
/// 7.8/7.11 (incidents and repairs, SH-11), and 篇3 3.1–3.3 (the control
/// room's handover of items, HO-7, HO-8).
public enum ServiceDeskRules {
    /// The longest an item may be given before it is due.
    static let longestDueDays = 90.0

    /// Which department owns a new item. 报修 goes to engineering; an
    /// incident names the department that must resolve it; a complaint,
    /// request or opinion stays with security when security took it (after
    /// hours, to be handed over at 08:00, HO-7), else customer service.
    public static func owningDepartment(kind: ServiceKind, named: DepartmentCode?, recorder: DepartmentCode) throws -> DepartmentCode {
        switch kind {
        case .incident:
            guard let named else { throw WuyeError.missing("department", Text("负责处理的部门", "The department that must resolve it"), choose: true, rule: "SH-11") }
            return named
        case .repair:
            return named ?? .engineering
        case .complaint, .request, .opinion:
            return named ?? (recorder == .security ? .security : .customerService)
        }
    }

    /// 处理方案: a complaint's plan is decided by a supervisor or above and
    /// says how serious it is; every item's follow-up has a due time after
    /// now and within 90 days (SH-33).
    public static func checkAssignment(kind: ServiceKind, severity: ComplaintSeverity?, plan: String?, due: Date, now: Date, rank: Rank) throws {
        if kind == .complaint {
            guard rank >= .supervisor else {
                throw WuyeError.forbidden(Text("投诉的处理方案须由主管以上决定", "A complaint's handling plan is decided by a supervisor or above"), rule: "SH-33")
            }
            guard severity != nil else { throw WuyeError.missing("severity", Text("严重程度", "Severity"), choose: true, rule: "SH-33") }
            guard plan != nil else { throw WuyeError.missing("plan", Text("处理方案", "Handling plan"), rule: "SH-33") }
        }
        guard due > now else { throw WuyeError.invalid("dueAt", Text("完成时限应晚于现在", "must be later than now"), rule: "SH-33") }
        guard due.timeIntervalSince(now) <= longestDueDays * 86_400 else {
            throw WuyeError.invalid("dueAt", Text("完成时限最长 \(Int(longestDueDays)) 天", "may be at most \(Int(longestDueDays)) days ahead"), rule: "SH-33")
        }
    }

    /// What "done" leads to: a complaint waits for its callback, a repair for
    /// its check; the rest close when the owner says they are done.
    public static func afterDone(_ kind: ServiceKind) -> ServiceStatus {
        kind == .complaint || kind == .repair ? .done : .closed
    }

    /// 回访: only a complaint that is done is called back; not satisfied
    /// sends it back to its follow-up person, and then a note is required.
    public static func checkCallback(kind: ServiceKind, status: ServiceStatus, outcome: ServiceOutcome, note: String?) throws {
        guard kind == .complaint else {
            throw WuyeError.conflict(Text("只有投诉需要回访", "Only complaints are called back"), rule: "SH-33", field: "kind")
        }
        guard status == .done else { throw notAt(.done, but: status, kind: kind, rule: "SH-33") }
        if outcome == .notSatisfied, note == nil {
            throw WuyeError.missing("note", Text("客户不满意的原因", "Why the guest is not satisfied"), rule: "SH-33")
        }
    }

    /// 验收: a repair is checked by someone other than the one who did it.
    public static func checkVerification(kind: ServiceKind, status: ServiceStatus, doneBy: UUID?, verifier: UUID) throws {
        guard kind == .repair else {
            throw WuyeError.conflict(Text("只有报修需要验收", "Only repairs are checked this way"), rule: "SH-11", field: "kind")
        }
        guard status == .done else { throw notAt(.done, but: status, kind: kind, rule: "SH-11") }
        if let doneBy, doneBy == verifier {
            throw WuyeError.forbidden(Text("维修人不能验收自己的维修", "The one who did the repair may not check it"), rule: "SH-11")
        }
    }

    /// A step asked of an item that is past (or not yet at) it, said in a whole sentence.
    public static func notAt(_ expected: ServiceStatus, but status: ServiceStatus, kind: ServiceKind, rule: String) -> WuyeError {
        let said: Text = switch status {
        case .open: Text("此工单尚未指派跟进人", "Nobody has been named to follow this item up yet")
        case .assigned: Text("此工单正在处理，尚未完成", "This item is still in hand, not done")
        case .done: kind == .complaint ? Text("此投诉已处理完毕，正待回访", "This complaint is done and waiting for its callback")
                                       : Text("此工单已完成，正待验收", "This item is done and waiting for its check")
        case .closed: Text("此工单已关闭", "This item is closed")
        }
        return WuyeError.conflict(said, rule: rule, field: "status")
    }

    /// 08:00 and 18:00 as "HH:mm" (a property setting): the time that day at the property.
    public static func slotTime(day: String, at hhmm: String, time: LocalTime) -> Date? {
        time.parseDateTime(day + "T" + hhmm)
    }

    /// Customer service's working hours run from the morning handover to the
    /// evening one, read on the property's clock (KY-3, HO-7).
    public static func isWorkingHours(_ date: Date, morning: String, evening: String, time: LocalTime) -> Bool {
        let hhmm = String(time.dateTime(date).suffix(5))
        return hhmm >= morning && hhmm < evening
    }

    /// The control room's handover of a day may be offered from its time on,
    /// not before (HO-7): the night's items are not the night's until 08:00.
    public static func checkHandoverTime(now: Date, slot: Date, hhmm: String) throws {
        guard now >= slot else {
            throw WuyeError.conflict(Text("未到交接时间 \(hhmm)", "It is not \(hhmm) yet"), rule: "HO-7", field: "slot")
        }
    }
}
