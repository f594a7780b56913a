import Fluent
import Vapor

/// The demo's duties and supervision (SH-19, SH-30…SH-32): the
/// procedure's duties for both show houses and the control-room handover, a
/// month of inspections (one late, a few missed and explained or not), the
/// last nights' patrol rounds (one anomaly, a few missed), the misses on
/// record, rectification notices in every state, and a chat group that
/// failed once.
extension DemoData {
    static func duties(property: PropertyInfo, staff: [String: Staff], now: Date, on db: any Database) async throws {
        let time = property.localTime
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let today = time.day(now)
        func day(_ daysAgo: Int) -> String { LocalTime.day(today, plus: -daysAgo) }
        func at(_ day: String, _ hhmm: String) -> Date { time.moment(time.startOfDay(day)!, plus: DutyRules.minutes(hhmm)!) }
        let houses = try await ShowHouse.query(on: db).filter(\.$property.$id == property.id).sort(\.$name).all()
        guard houses.count == 2 else { return }
        let supervisor = staff["kf.zhuguan"]!, foreman = staff["kf.lingban"]!, foreman2 = staff["kf.lingban2"]!, lobby = staff["wy.zhuguan"]!
        let guardStaff = staff["ag.yuangong"]!, securityForeman = staff["ag.lingban"]!, cleaner = staff["qj.yuangong"]!, engineer = staff["gc.lingban"]!

        // The duties: a month of inspections, two weeks of counts and signed days (as the show-house
        // records have them), five nights of patrols, a week of control-room handovers.
        let monthAgo = at(day(30), "00:00"), twoWeeks = at(day(14), "00:00"), patrolsFrom = at(day(5), "00:00"), weekAgo = at(day(7), "00:00")
        for house in houses {
            for draft in DutyRules.defaults(opensAt: house.opensAt, closesAt: house.closesAt) {
                let from = draft.kind == .inspection ? monthAgo : draft.kind == .patrol ? patrolsFrom : twoWeeks
                try await Duties.write(draft, property: property.id, house: house.id, from: from, by: Duties.procedureDefaults, editor: nil, on: db)
            }
        }
        for post in Set(try await HandoverTemplate.query(on: db).filter(\.$property.$id == property.id).all().map { $0.$post.id }).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await Duties.installPostHandover(post: post, from: twoWeeks, by: Duties.procedureDefaults, on: db)
        }
        for (draft, weekday) in DutyRules.weekly {
            try await Duties.write(draft, property: property.id, house: nil, weekday: weekday, from: monthAgo, by: Duties.procedureDefaults, editor: nil, on: db)
        }
        try await Duties.write(DutyRules.deskHandover(morning: ShiftSettings.defaults.morning, evening: ShiftSettings.defaults.evening), property: property.id, house: nil,
                               from: weekAgo, by: Duties.procedureDefaults, editor: nil, on: db)

        // Inspections: twice a day, 10:40 and 15:20; 13 days ago B's afternoon one came late, and a few were missed.
        let checklist = try await Inspections.checklistInUse(.inspection, property: property.id, now: monthAgo, on: db)
        let items = checklist.itemList
        var failedInspection: Inspection?
        for (index, house) in houses.enumerated() {
            for daysAgo in (0...30).reversed() {
                let d = day(daysAgo)
                for (slot, hhmm) in [(0, "10:40"), (1, index == 1 && daysAgo == 13 ? "14:05" : "15:20")] {
                    if (daysAgo == 9 && slot == 1) || (daysAgo == 20 && index == 1) || (daysAgo == 2 && index == 0 && slot == 1) { continue }
                    let inspectedAt = at(d, hhmm)
                    guard inspectedAt < now else { continue }
                    let inspector = (daysAgo + slot) % 3 == 0 ? supervisor : (daysAgo % 2 == 0 ? foreman : foreman2)
                    var results = items.map { InspectionResult(item: $0, result: .pass, note: nil) }
                    if index == 0 && daysAgo == 2 && slot == 0 { results[1] = InspectionResult(item: items[1], result: .fail, note: "主卧飘窗台面有灰尘、茶几玻璃有指纹") }
                    if index == 1 && daysAgo == 4 && slot == 1 { results[7] = InspectionResult(item: items[7], result: .flag, note: "一次性鞋套仅余半箱，请补货") }
                    let inspection = Inspection()
                    inspection.id = UUID(); inspection.$property.id = property.id; inspection.$showHouse.id = house.id!; inspection.$checklist.id = checklist.id!
                    inspection.day = d; inspection.results = AuditLog.canonicalJSON(results); inspection.$inspectedBy.id = inspector.id!; inspection.inspectedAt = inspectedAt
                    try await AuditLog.create("inspection.recorded", inspection, by: who(inspector), property: property.id, at: inspectedAt, on: db)
                    if results.contains(where: { $0.result == .fail }) { failedInspection = inspection }
                }
            }
        }

        // Patrol rounds, five minutes before each half hour from 18:30 to 08:30, up to now; 4 nights ago A's window was found open at 23:25.
        let patrolList = try await Inspections.checklistInUse(.patrol, property: property.id, now: patrolsFrom, on: db)
        let points = patrolList.itemList
        for (index, house) in houses.enumerated() {
            for daysAgo in (0...5).reversed() {
                let d = day(daysAgo)
                var due = at(d, "18:30")
                while due <= at(d, "18:00").addingTimeInterval(14.5 * 3_600), due < now {
                    let hhmm = time.dateTime(due).suffix(5)
                    defer { due = due.addingTimeInterval(1_800) }
                    if (index == 0 && daysAgo == 3 && hhmm == "22:30") || (index == 1 && daysAgo == 2 && ["02:00", "02:30"].contains(hhmm)) { continue }
                    let patrolledAt = due.addingTimeInterval(index == 1 && daysAgo == 1 && hhmm == "20:00" ? 420 : -300)
                    let walker = daysAgo % 2 == 0 ? lobby : guardStaff
                    var marks = points.map { PatrolCheckpoint(item: $0, ok: true, note: nil) }
                    let round = PatrolRound()
                    round.id = UUID(); round.$property.id = property.id; round.$showHouse.id = house.id!; round.$checklist.id = patrolList.id!
                    round.day = time.day(patrolledAt); round.$patrolledBy.id = walker.id!; round.patrolledAt = patrolledAt
                    if index == 0 && daysAgo == 4 && hhmm == "23:30" {
                        marks[1] = PatrolCheckpoint(item: points[1], ok: false, note: "主卧窗户未关，窗帘被风吹湿")
                        let actor = Actor(id: walker.id!, username: walker.username, name: walker.name, rank: walker.rank, department: .security, propertyIDs: [property.id], isAdmin: false)
                        let item = try await ServiceDesk.raise(.incident, source: .record, property: property, department: .security,
                                                               description: "\(house.name) 闭馆巡视发现异常——\(points[1])：主卧窗户未关，窗帘被风吹湿", urgent: true, by: actor,
                                                               at: patrolledAt, on: db)
                        round.$serviceItem.id = item.id
                    }
                    round.checkpoints = AuditLog.canonicalJSON(marks); round.anomaly = marks.contains { !$0.ok }
                    try await AuditLog.create("patrol_round.recorded", round, by: who(walker), property: property.id, at: patrolledAt, on: db)
                }
            }
        }

        // The other records of 篇1: cleaning before opening (one day late, one missed), the weekly fire-safety
        // reviews and management audits, a fire check and a drill waiting for leadership, the night posts approved,
        // the weather, a floor maintenance run, a vendor assessed, training, an assessment, a negligence record.
        func op(_ kind: OperationsKind, by person: Staff, at: Date, title: String, summary: String, house: ShowHouse? = nil, department: DepartmentCode? = nil,
                subject: Staff? = nil, vendor: String? = nil, score: Int? = nil, followUp: String? = nil, problem: (Int, String)? = nil,
                review: (Staff, Double, Bool, String?)? = nil) async throws {
            guard at < now else { return }
            var checks = OperationsRules.checklist(kind).map { RecordCheck(item: $0, ok: true, note: nil) }
            if let (index, note) = problem { checks[index] = RecordCheck(item: checks[index].item, ok: false, note: note) }
            let r = OperationsRecord()
            r.id = UUID(); r.$property.id = property.id; r.kind = kind; r.day = time.day(at); r.$showHouse.id = house?.id; r.department = department
            r.$subject.id = subject?.id; r.vendor = vendor; r.title = title; r.checks = AuditLog.canonicalJSON(checks); r.summary = summary; r.score = score
            r.followUp = followUp; r.$recordedBy.id = person.id!; r.recordedAt = at
            try await AuditLog.create("operations_record.recorded", r, by: who(person), property: property.id, at: at, on: db)
            if let (reviewer, hoursLater, approved, note) = review {
                let reviewedAt = at.addingTimeInterval(hoursLater * 3_600)
                try await AuditLog.update("operations_record.reviewed", Locked(record: r), by: who(reviewer), property: property.id, at: reviewedAt, on: db) {
                    $0.$reviewedBy.id = reviewer.id; $0.reviewedAt = reviewedAt; $0.approved = approved; $0.reviewNote = note
                }
            }
        }
        let securitySupervisor = staff["ag.zhuguan"]!, leader = staff["leader"]!, clerk2 = staff["kf.yuangong2"]!
        for (index, house) in houses.enumerated() {
            for daysAgo in (0...13).reversed() where !(index == 1 && daysAgo == 6) {
                let d = day(daysAgo)
                try await op(.cleaning, by: cleaner, at: at(d, index == 0 && daysAgo == 8 ? "08:45" : "08:10"), title: "\(house.name) 开馆前清洁 \(d)",
                             summary: "入口、走廊、各房间地面与台面清洁完毕，门窗电器已复查", house: house)
            }
        }
        for daysAgo in 0...30 {
            let d = day(daysAgo)
            switch LocalTime.weekday(of: d) {
            case 1 where daysAgo != 14:
                try await op(.extinguisherReview, by: securitySupervisor, at: at(d, "16:00"), title: "灭火器月检周复核 \(d)", summary: "样板房及大堂灭火器 12 具逐一复核",
                             problem: daysAgo == 7 ? (1, "大堂 3 号灭火器压力偏低，已送检") : nil, review: (supervisor, 2, true, "已阅"))
            case 5:
                try await op(.managementAudit, by: supervisor, at: at(d, "15:30"), title: "每周管理检查 \(d)", summary: "检查样板房接待流程、交接班记录与钥匙台账，整体规范",
                             department: .customerService)
            default: break
            }
        }
        try await op(.fireCheck, by: securitySupervisor, at: at(day(3), "10:00"), title: "样板房季度消防检查", summary: "A、B户型样板房及大堂消防设施检查",
                     followUp: "B户型走廊应急照明灯不亮，三日内更换", problem: (3, "B户型走廊应急照明灯不亮"), review: (leader, 20, true, "请安管部跟进更换"))
        try await op(.fireCheck, by: securitySupervisor, at: at(day(0), "09:30"), title: "台风前消防检查", summary: "检查配电间、疏散通道与消防栓", house: nil)
        try await op(.emergencyPlan, by: securitySupervisor, at: at(day(28), "10:00"), title: "A户型样板房 台风、暴雨、火灾应急预案",
                     summary: "报警：005岗 → 安管领班 → 主管；断电、关窗、疏散至 1 楼大堂；沙袋封堵入户门；启封安管部钥匙须主管在场", house: houses[0],
                     review: (leader, 30, true, "同意执行，每季度演练一次"))
        try await op(.emergencyDrill, by: securitySupervisor, at: at(day(10), "15:00"), title: "A户型样板房 台风应急预案演练", summary: "模拟台风天门窗破损，8 人参加，疏散用时 4 分钟",
                     house: houses[0], review: (leader, 24, true, "演练到位，下次增加夜间场景"))
        try await op(.nightPostLayout, by: securitySupervisor, at: at(day(20), "14:00"), title: "样板房夜间岗位分布图（第 2 版）",
                     summary: "005岗固定岗 1 人；大堂岗夜间每 30 分钟巡视样板房；监控室 1 人", review: (leader, 5, true, nil))
        try await op(.weatherPreparation, by: guardStaff, at: at(day(0), "07:40"), title: "天气防范准备 \(day(0))", summary: "预报傍晚有雷阵雨，沙袋 20 袋、挡水板已就位")
        try await op(.floorMaintenance, by: cleaner, at: at(day(5), "19:00"), title: "B户型样板房 大理石地面结晶保养", summary: "闭馆后完成客厅与走廊石材结晶", house: houses[1],
                     review: (staff["qj.zhuguan"] ?? supervisor, 14, true, nil))
        try await op(.vendorAssessment, by: lobby, at: at(day(4), "16:00"), title: "11 月外包保洁服务评估", summary: "日常保洁基本到位，玻璃与卫生间细节不足",
                     vendor: "洁美保洁服务有限公司", score: 72, followUp: "约谈项目负责人，下月复评", review: (staff["wy.jingli"]!, 20, true, "同意"))
        try await op(.staffTraining, by: supervisor, at: at(day(6), "14:00"), title: "样板房接待规范培训", summary: "接待流程、鞋套使用、参观登记，8 人参加")
        try await op(.staffAssessment, by: supervisor, at: at(day(2), "11:00"), title: "11 月接待员考核", summary: "接待礼仪与清点规范，表现良好", subject: staff["kf.yuangong"]!, score: 92)
        try await op(.negligence, by: supervisor, at: at(day(1), "18:30"), title: "闭馆未关空调", summary: "前一日闭馆后 B户型空调未关，运行至次日早上",
                     subject: clerk2, followUp: "电费损失约 60 元；书面警告一次，重新学习闭馆流程")

        // The misses on record, as the watch would have written them; some explained.
        let explanations = ["接待外宾陪同讲解，未能按时巡查", "B户型卫生间漏水，巡视人员协助处理", "交接班交叉，漏记"]
        var explained = 0
        for series in try await DutyQueries.series(propertyID: property.id, from: monthAgo, to: now, on: db) {
            let days = DutyQueries.days(from: day(31), to: today)
            for occurrence in try await DutyQueries.occurrences(series, days: days, time: time, now: now, on: db) where occurrence.state == .missed && occurrence.slot.until < now.addingTimeInterval(-3_600) {
                let miss = DutyMiss()
                miss.$property.id = property.id; miss.$duty.id = occurrence.slot.dutyID; miss.dueAt = occurrence.slot.due; miss.missedAt = occurrence.slot.until
                miss.detectedAt = occurrence.slot.until.addingTimeInterval(60)
                try await AuditLog.create("duty_miss.recorded", miss, by: DutyWatch.actor, property: property.id, at: miss.detectedAt, on: db)
                if series.current.kind != .deskHandover, explained < explanations.count, occurrence.slot.due > now.addingTimeInterval(-10 * 86_400) {
                    let person = series.current.kind == .patrol ? securityForeman : foreman
                    let at = miss.detectedAt.addingTimeInterval(3_600)
                    try await AuditLog.update("duty_miss.explained", Locked(record: miss), by: who(person), property: property.id, at: at, on: db) {
                        $0.explanation = explanations[explained]; $0.$explainedBy.id = person.id; $0.explainedAt = at
                    }
                    explained += 1
                }
            }
        }

        // Rectification notices in every state.
        func notice(_ department: DepartmentCode, house: ShowHouse?, finding: String, requirement: String, category: RectificationCategory = .service,
                    issuedBy issuer: Staff, issuedDaysAgo: Double, deadlineDays: Double, from inspection: (Inspection, Int)? = nil) async throws -> RectificationNotice {
            let n = RectificationNotice()
            let issuedAt = now.addingTimeInterval(-issuedDaysAgo * 86_400)
            n.id = UUID(); n.$property.id = property.id
            n.referenceNo = try await ReferenceNumber.next("ZG", in: RectificationNotice.schema, property: property, now: issuedAt, on: db)
            n.category = category; n.department = department; n.$showHouse.id = house?.id; n.$inspection.id = inspection?.0.id; n.inspectionItem = inspection?.1
            n.finding = finding; n.requirement = requirement; n.deadline = issuedAt.addingTimeInterval(deadlineDays * 86_400); n.status = .issued
            n.$issuedBy.id = issuer.id!; n.issuedAt = issuedAt; n.returnedCount = 0
            try await AuditLog.create("rectification_notice.issued", n, by: who(issuer), property: property.id, at: issuedAt, on: db)
            return n
        }
        func step(_ n: RectificationNotice, _ action: String, by person: Staff, at: Date, _ change: (RectificationNotice) -> Void) async throws {
            try await AuditLog.update(action, Locked(record: n), by: who(person), property: property.id, at: at, on: db, change)
        }
        let (a, b) = (houses[0], houses[1])
        if let failed = failedInspection {
            _ = try await notice(.cleaning, house: a, finding: "\(a.name) 巡查：\(items[1]) 不合格——主卧飘窗台面有灰尘、茶几玻璃有指纹", requirement: "当日重新清洁，并在开馆前复查",
                                 issuedBy: supervisor, issuedDaysAgo: 2, deadlineDays: 3, from: (failed, 1))
        }
        let overdue = try await notice(.engineering, house: b, finding: "\(b.name) 主卫淋浴房玻璃门合页松动，开关有异响", requirement: "更换合页并调试，确保开关顺畅无异响",
                                       issuedBy: supervisor, issuedDaysAgo: 6, deadlineDays: 3)
        _ = overdue
        let answered = try await notice(.security, house: nil, finding: "夜间 005 岗交接记录缺少样板房钥匙接收签名", requirement: "补全签名，并对当班保安进行交接流程培训",
                                        issuedBy: lobby, issuedDaysAgo: 4, deadlineDays: 5)
        try await step(answered, "rectification_notice.responded", by: securityForeman, at: now.addingTimeInterval(-86_400)) {
            $0.status = .responded; $0.action = "已补签，并于当晚组织 005 岗全员学习交接流程"; $0.$respondedBy.id = securityForeman.id; $0.respondedAt = now.addingTimeInterval(-86_400)
        }
        let closed = try await notice(.cleaning, house: b, finding: "\(b.name) 入户地毯边缘有污渍", requirement: "清洗地毯，更换防滑垫", issuedBy: foreman, issuedDaysAgo: 12, deadlineDays: 2)
        try await step(closed, "rectification_notice.responded", by: cleaner, at: now.addingTimeInterval(-11 * 86_400)) {
            $0.status = .responded; $0.action = "已送洗地毯，防滑垫已更换"; $0.$respondedBy.id = cleaner.id; $0.respondedAt = now.addingTimeInterval(-11 * 86_400)
        }
        try await step(closed, "rectification_notice.closed", by: foreman, at: now.addingTimeInterval(-10.8 * 86_400)) {
            $0.status = .closed; $0.$verifiedBy.id = foreman.id; $0.verifiedAt = now.addingTimeInterval(-10.8 * 86_400); $0.verificationNote = "复查合格"
        }
        let returned = try await notice(.customerService, house: a, finding: "\(a.name) 接待员未按规范引导客户穿鞋套", requirement: "重新培训接待流程，并提交培训签到表",
                                        issuedBy: lobby, issuedDaysAgo: 8, deadlineDays: 6)
        try await step(returned, "rectification_notice.responded", by: foreman2, at: now.addingTimeInterval(-6 * 86_400)) {
            $0.status = .responded; $0.action = "已口头提醒当班接待员"; $0.$respondedBy.id = foreman2.id; $0.respondedAt = now.addingTimeInterval(-6 * 86_400)
        }
        try await step(returned, "rectification_notice.returned", by: lobby, at: now.addingTimeInterval(-5.5 * 86_400)) {
            $0.status = .issued; $0.returnedCount = 1; $0.returnNote = "口头提醒不够，请按要求组织培训并附签到表"
        }
        try await step(returned, "rectification_notice.extension_requested", by: foreman2, at: now.addingTimeInterval(-86_400)) {
            $0.extensionTo = returned.deadline.addingTimeInterval(4 * 86_400); $0.extensionReason = "本周两场开盘活动，培训安排在下周一"; $0.$extensionBy.id = foreman2.id
        }
        _ = try await notice(.engineering, house: b, finding: "\(b.name) 次卧外墙窗框下沿雨后渗水，墙纸起鼓", requirement: "建议开发商维保单位检查窗框打胶并重做防水，修复墙纸",
                             category: .construction, issuedBy: supervisor, issuedDaysAgo: 1, deadlineDays: 10)
        _ = engineer

        // A WeCom group, switched off after its address stopped answering.
        let kfManager = staff["kf.jingli"]!
        let channel = AlertChannel()
        channel.id = UUID(); channel.$property.id = property.id; channel.name = "客服部督办群"; channel.kind = .wecom
        channel.url = "http://127.0.0.1:9/cgi-bin/webhook/send?key=demo"; channel.events = AuditLog.canonicalJSON(AlertEvent.allCases.map(\.rawValue)); channel.active = true
        channel.$createdBy.id = kfManager.id!; channel.createdAt = now.addingTimeInterval(-3 * 86_400)
        try await AuditLog.create("alert_channel.created", channel, by: who(kfManager), property: property.id, at: channel.createdAt, on: db)
        for (text, sent, hoursAgo) in [("【z城】职责未完成：A户型样板房 闭馆巡视，应于 \(day(3)) 22:30 前完成（宽限 10 分钟）。负责：物业服务部。", true, 60.0),
                                       ("【z城】职责未完成：B户型样板房 闭馆巡视，应于 \(day(1)) 02:00 前完成（宽限 10 分钟）。负责：物业服务部。", false, 30.0)] {
            let d = AlertDelivery()
            d.$property.id = property.id; d.$channel.id = channel.id!; d.event = AlertEvent.missedDuty.rawValue; d.text = text
            d.createdAt = now.addingTimeInterval(-hoursAgo * 3_600); d.status = sent ? .sent : .failed; d.attempts = sent ? 1 : Alerts.mostAttempts
            d.nextAttemptAt = d.createdAt; d.sentAt = sent ? d.createdAt.addingTimeInterval(2) : nil
            d.lastError = sent ? nil : "connect(descriptor:addr:size:): Connection refused (errno: 111)"
            try await RowWrite.insert(d, on: db)
        }
        try await AuditLog.update("alert_channel.changed", Locked(record: channel), by: who(kfManager), property: property.id, at: now.addingTimeInterval(-20 * 3_600), on: db) {
            $0.active = false
        }
    }
}
