import Foundation

/// The reception day of 篇1 客服部样板房管理操作流程 (6.2, 6.3), pure.
public enum ShowHouseRules {
    /// The longest inventory list a show house keeps.
    static let mostLines = 300
    /// 开馆清点 08:30–09:00 (SH-10).
    static let openingCountFrom = "08:30", openingCountBy = "09:00"

    /// SH-10: an opening count after 09:00 is late (it is still recorded).
    public static func isLate(_ kind: CountKind, hhmm: String) -> Bool {
        kind == .opening && hhmm > openingCountBy
    }

    /// SH-10, SH-11: every line marked; anything not normal says what is wrong
    /// and the count carries a photo of it.
    public static func checkMarks(_ marks: [CountMark], lines: [InventoryLine], photos: Int) throws {
        guard marks.count == lines.count else {
            throw WuyeError.invalid("marks", Text("应逐项清点 \(lines.count) 项物品（现 \(marks.count) 项）", "must mark each of the \(lines.count) lines (\(marks.count) sent)"), rule: "SH-10")
        }
        if let index = marks.firstIndex(where: { $0.state != .present && ($0.note ?? "").isEmpty }) {
            throw WuyeError.missing("marks.\(index).note", Text("“\(lines[index].room) \(lines[index].item)”\(marks[index].state.title.zh)的情况说明", "What is wrong with “\(lines[index].item)”"), rule: "SH-11")
        }
        if marks.contains(where: { $0.state != .present }), photos == 0 {
            throw WuyeError.missing("photos", Text("异常物品的照片（至少 1 张）", "A photo of what is not normal (at least one)"), rule: "SH-11")
        }
    }

    /// SH-10: the hygiene check; not clean says what.
    public static func checkHygiene(ok: Bool?, note: String?) throws -> Bool {
        guard let ok else { throw WuyeError.missing("hygieneOK", Text("卫生检查结果", "The hygiene check"), choose: true, rule: "SH-10") }
        if !ok, note == nil { throw WuyeError.missing("hygieneNote", Text("卫生不合格之处", "What is not clean"), rule: "SH-10") }
        return ok
    }

    /// SH-12 空调: 23 °C; 23–24 °C when it is above 30 °C outside or the
    /// house is crowded; dehumidify when it rains.
    public static func checkClimate(setTemp: Int?, outdoor: Int?, crowded: Bool, raining: Bool, dehumidify: Bool) throws {
        guard let outdoor else { throw WuyeError.missing("outdoorTemp", Text("室外温度", "The temperature outside"), rule: "SH-12") }
        guard let setTemp else { throw WuyeError.missing("setTemp", Text("空调设定温度", "The air conditioning's setting"), rule: "SH-12") }
        let warm = outdoor > 30 || crowded
        let allowed = warm ? 23...24 : 23...23
        guard allowed.contains(setTemp) else {
            throw WuyeError.invalid("setTemp", warm ? Text("室外 30 °C 以上或人多时应设为 23–24 °C", "must be 23–24 °C when it is above 30 °C outside or crowded")
                                                    : Text("应设为 23 °C（室外 30 °C 以上或人多时 23–24 °C）", "must be 23 °C (23–24 °C above 30 °C outside or when crowded)"), rule: "SH-12")
        }
        if raining, !dehumidify {
            throw WuyeError.invalid("dehumidify", Text("雨天应开启除湿", "must be on when it rains"), rule: "SH-12")
        }
    }

    /// SH-13 大堂准备: disposable shoe covers on sales openings, celebrations,
    /// peaks and rainy days, cloth otherwise; the umbrella bagger out when it
    /// rains; the signage set up.
    public static func shoeCovers(for dayType: DayType, raining: Bool) -> ShoeCovers {
        dayType != .normal || raining ? .disposable : .cloth
    }

    public static func checkLobby(dayType: DayType?, raining: Bool, shoeCovers: ShoeCovers?, umbrellaBagger: Bool, signage: Bool) throws {
        guard let dayType else { throw WuyeError.missing("dayType", Text("当日类型（平日、开盘、节庆、高峰）", "What kind of day it is"), choose: true, rule: "SH-13") }
        guard let shoeCovers else { throw WuyeError.missing("shoeCovers", Text("鞋套", "Shoe covers"), choose: true, rule: "SH-13") }
        let expected = Self.shoeCovers(for: dayType, raining: raining)
        guard shoeCovers == expected else {
            throw WuyeError.invalid("shoeCovers", Text("\(dayType.title.zh)\(raining ? "雨天" : "")应备\(expected.title.zh)", "must be \(expected.title.en.lowercased()) on this day"), rule: "SH-13")
        }
        if raining, !umbrellaBagger { throw WuyeError.invalid("umbrellaBagger", Text("雨天应摆放雨伞套袋机", "must be set out when it rains"), rule: "SH-13") }
        if !signage { throw WuyeError.invalid("signage", Text("应摆放指示标识", "must be set up"), rule: "SH-13") }
    }

    /// SH-11: who must resolve what a count found. Damage is a repair for
    /// engineering (报修); a missing item is security's to look into; a
    /// misplaced one is put back by the show house's own department.
    public static func incident(for state: ItemState, countedBy department: DepartmentCode) -> (kind: ServiceKind, department: DepartmentCode) {
        switch state {
        case .damaged: (.repair, .engineering)
        case .missing: (.incident, .security)
        case .misplaced, .present: (.incident, department)
        }
    }

    /// SH-14: a batch's step, asked in its order.
    public enum BatchStep: String, Sendable { case arrival, departure, `return` }

    public static func checkStep(_ step: BatchStep, of batch: VisitorBatch) throws {
        let ready: Bool, already: Bool
        switch step {
        case .arrival: (ready, already) = (true, batch.arrivedAt != nil)
        case .departure: (ready, already) = (batch.arrivedAt != nil, batch.leftAt != nil)
        case .return: (ready, already) = (batch.leftAt != nil, batch.returnedAt != nil)
        }
        guard !already else { throw WuyeError.conflict(Text("这一步已登记", "This step is already recorded"), rule: "SH-14", field: "status") }
        guard ready else {
            throw WuyeError.conflict(step == .departure ? Text("样板房尚未确认到达人数", "The show house has not confirmed the batch's arrival")
                                                        : Text("样板房尚未登记离开人数", "The show house has not counted the batch out"), rule: "SH-14", field: "status")
        }
    }

    /// SH-14: counts that differ from the lobby's first count.
    public static func mismatch(headcount: Int, arrived: Int?, left: Int?, returned: Int?) -> Bool {
        [arrived, left, returned].contains { $0 != nil && $0 != headcount }
    }

    /// SH-14: the count is confirmed by the other post, not by whoever counted before.
    public static func checkOtherPost(previous: UUID?, actor: UUID, step: BatchStep) throws {
        guard previous != actor else {
            throw WuyeError.forbidden(step == .arrival ? Text("到达人数须由样板房确认，不能由送梯的人本人确认", "The arrival is confirmed by the show house, not by whoever sent the batch up")
                                                       : Text("返回人数须由大堂确认，不能由样板房登记离开的人本人确认", "The return is confirmed by the lobby, not by whoever counted the batch out"), rule: "SH-14")
        }
    }

    /// SH-16: an evaluation carries its stars; a complaint, a way to call the guest back (SH-33).
    public static func checkFeedback(kind: FeedbackKind, rating: Int?, guestPhone: String?) throws {
        if kind == .evaluation, rating == nil { throw WuyeError.missing("rating", Text("评分（1–5 星）", "The rating (1–5 stars)"), choose: true, rule: "SH-16") }
        if kind == .complaint, guestPhone == nil {
            throw WuyeError.missing("guestPhone", Text("投诉人的联系电话，以便回访", "The guest's phone, for the callback"), rule: "SH-33")
        }
    }

    /// SH-17: closing comes after the closing count, with no batch still
    /// inside, and every item of the routine confirmed.
    public static func checkClosing(checks: Set<ClosingCheck>, closingCounted: Bool, batchesInside: Int) throws {
        guard closingCounted else {
            throw WuyeError.conflict(Text("请先完成闭馆清点", "Do the closing count first"), rule: "SH-17", field: "checks")
        }
        guard batchesInside == 0 else {
            throw WuyeError.conflict(Text("还有 \(batchesInside) 批客人未登记离开", "\(batchesInside) batch(es) not yet counted out"), rule: "SH-17", field: "checks")
        }
        if let missing = ClosingCheck.allCases.first(where: { !checks.contains($0) }) {
            throw WuyeError.missing("checks", Text("确认：" + missing.title.zh, "Confirm: " + missing.title.en.lowercased()), choose: true, rule: "SH-17")
        }
    }

    /// SH-18: the foreman or supervisor on duty signs after the keys are with
    /// security, and never a day they closed themselves.
    public static func checkReview(_ day: ShowHouseDay, reviewer: UUID) throws {
        guard day.reviewedAt == nil else { throw WuyeError.conflict(Text("当日记录已审核签字", "The day is already signed"), rule: "SH-18", field: "status") }
        guard day.keysReceivedAt != nil else {
            throw WuyeError.conflict(Text("安管岗尚未确认接到钥匙", "Security has not confirmed the keys yet"), rule: "SH-17", field: "status")
        }
        guard day.$closedBy.id != reviewer else {
            throw WuyeError.forbidden(Text("不能审核自己闭馆的当日记录", "You may not sign a day you closed yourself"), rule: "SH-18")
        }
    }
}
