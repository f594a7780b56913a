import Foundation

/// What each record of 篇1 needs and who reviews it, pure (SH-5, SH-6, SH-7,
/// SH-20, SH-35, SH-37, SH-38).
public enum OperationsRules {
    /// Who must look at a record after it is written.
    public enum Review: Sendable, Equatable {
        /// Kept as written.
        case none
        /// 复核: a supervisor or above who did not write it.
        case supervisor
        /// 领导审阅 / 审批: leadership (消防检查 SH-6, 岗位分布图 SH-5, 演练 SH-7).
        case leadership
        /// 经理确认: a manager or above, for a record against a person (SH-38).
        case manager

        var rank: Rank? {
            switch self {
            case .none: nil
            case .supervisor: .supervisor
            case .leadership: .leadership
            case .manager: .manager
            }
        }
    }

    public static func review(of kind: OperationsKind) -> Review {
        switch kind {
        case .fireCheck, .nightPostLayout, .emergencyPlan, .emergencyDrill: .leadership
        case .negligence: .manager
        case .extinguisherReview, .floorMaintenance, .vendorAssessment, .staffAssessment: .supervisor
        case .weatherPreparation, .cleaning, .managementAudit, .staffTraining: .none
        }
    }

    /// The rule each kind comes from.
    public static func rule(of kind: OperationsKind) -> String {
        switch kind {
        case .fireCheck, .extinguisherReview: "SH-6"
        case .emergencyPlan, .emergencyDrill: "SH-7"
        case .weatherPreparation, .nightPostLayout: "SH-5"
        case .cleaning, .floorMaintenance: "SH-20"
        case .vendorAssessment: "SH-35"
        case .managementAudit, .staffTraining, .staffAssessment: "SH-37"
        case .negligence: "SH-38"
        }
    }

    /// Who writes it: security keeps fire safety, drills, the weather and the night posts; cleaning its own work; supervisors and up the rest.
    public static func action(for kind: OperationsKind) -> Action {
        switch kind {
        case .fireCheck, .extinguisherReview, .emergencyPlan, .emergencyDrill, .weatherPreparation, .nightPostLayout: .recordSecurityRecord
        case .cleaning, .floorMaintenance: .recordCleaningRecord
        case .vendorAssessment, .managementAudit, .staffTraining, .staffAssessment, .negligence: .recordManagementRecord
        }
    }

    /// What a kind is about besides its text.
    public static func needsShowHouse(_ kind: OperationsKind) -> Bool { [.emergencyPlan, .emergencyDrill, .cleaning, .floorMaintenance].contains(kind) }
    public static func needsSubject(_ kind: OperationsKind) -> Bool { [.staffAssessment, .negligence].contains(kind) }
    public static func needsDepartment(_ kind: OperationsKind) -> Bool { kind == .managementAudit }
    public static func needsVendor(_ kind: OperationsKind) -> Bool { kind == .vendorAssessment }
    public static func needsScore(_ kind: OperationsKind) -> Bool { [.vendorAssessment, .staffAssessment].contains(kind) }

    /// The procedure's checklist for a kind; kinds without one are written as text.
    public static func checklist(_ kind: OperationsKind) -> [String] {
        switch kind {
        case .fireCheck: ["灭火器压力正常、在有效期内", "消防栓、水带完好", "疏散通道畅通", "安全出口指示灯、应急照明正常", "烟感、喷淋无遮挡", "电气线路无私拉乱接"]
        case .extinguisherReview: ["本月灭火器检查表已逐具填写", "压力指针在绿区", "铅封、喷管完好", "过期灭火器已送检或更换"]
        case .weatherPreparation: ["已查看当日天气预报", "防风防雨用品（雨衣、雨靴、手电）到位", "沙袋、挡水板备足", "门窗、广告牌加固", "排水沟畅通"]
        case .cleaning: ["入口、走廊清洁", "地面、台面、玻璃清洁", "卫生间清洁无异味", "清洁后门窗已关好", "清洁后电器已关闭"]
        case .floorMaintenance: ["按计划完成区域", "保养期间设置警示标识", "完工后地面干燥防滑"]
        case .emergencyDrill: ["按预案分工到位", "报警、疏散程序熟练", "器材使用正确", "演练后总结讲评"]
        case .emergencyPlan, .nightPostLayout, .vendorAssessment, .managementAudit, .staffTraining, .staffAssessment, .negligence: []
        }
    }

    /// A record as written: each checklist line marked, anything not in order says what; a score within 0–100;
    /// what must follow when the record found problems (SH-6 整改意见, SH-35 跟进, SH-38 the loss).
    public static func check(kind: OperationsKind, checks: [RecordCheck], score: Int?, followUp: String?) throws {
        let items = checklist(kind)
        guard checks.count == items.count else {
            throw WuyeError.invalid("checks", Text("应逐项检查 \(items.count) 项（现 \(checks.count) 项）", "must mark each of the \(items.count) lines (\(checks.count) sent)"), rule: rule(of: kind))
        }
        if let index = checks.firstIndex(where: { !$0.ok && ($0.note ?? "").isEmpty }) {
            throw WuyeError.missing("checks.\(index).note", Text("“\(items[index])”的问题", "What is wrong with “\(items[index])”"), rule: rule(of: kind))
        }
        if needsScore(kind) {
            guard let score else { throw WuyeError.missing("score", Text("评分（0–100）", "The score (0–100)"), rule: rule(of: kind)) }
            guard (0...100).contains(score) else { throw WuyeError.invalid("score", Text("应在 0–100 之间", "must be 0–100"), rule: rule(of: kind)) }
        }
        let troubled = checks.contains { !$0.ok } || (needsScore(kind) && (score ?? 100) < 60)
        if (troubled && [.fireCheck, .vendorAssessment].contains(kind)) || kind == .negligence, followUp == nil {
            throw WuyeError.missing("followUp", kind == .negligence ? Text("造成的损失与处理意见", "The loss and what is to be done") :
                                        kind == .fireCheck ? Text("消防整改意见", "The fire rectification opinion") : Text("跟进措施", "The follow-up"), rule: rule(of: kind))
        }
    }

    /// SH-5, SH-6, SH-7, SH-38: the reviewer is of the kind's rank and never the writer; a record against a person is never reviewed by that person.
    public static func checkReviewer(_ actor: Actor, kind: OperationsKind, recordedBy: UUID, subject: UUID?) throws {
        guard let rank = review(of: kind).rank else {
            throw WuyeError.conflict(Text("\(kind.title.zh)不需要审阅", "A \(kind.title.en.lowercased()) is not reviewed"), rule: rule(of: kind), field: "approved")
        }
        guard actor.rank >= rank else {
            throw WuyeError.forbidden(Text("\(kind.title.zh)应由\(rank.title.zh)以上审阅", "A \(kind.title.en.lowercased()) is reviewed by \(rank.title.en.lowercased()) or above"), rule: rule(of: kind))
        }
        try Policy.requireDifferentPeople(requester: recordedBy, approver: actor.id, rule: rule(of: kind), what: Text("审阅", "review"))
        if let subject, subject == actor.id {
            throw WuyeError.forbidden(Text("不能审阅针对自己的记录", "Nobody reviews a record against themselves"), rule: "SH-38")
        }
    }
}
