import Fluent
import Foundation

/// The demo's shift handovers (HO-1…HO-6, KY-3): checklists for four posts,
/// two weeks of sheets on each, one refused and then resolved, one with an
/// addendum; yesterday's sheets not yet reviewed, and today's day sheet of
/// the reception post waiting for its incoming person.
extension DemoData {
    static let demoChecklists: [String: [ChecklistItem]] = [
        "样板房接待岗": [ChecklistItem(title: "样板房物品", hint: "按清点表核对摆放"), ChecklistItem(title: "鞋套、雨伞袋", hint: "库存充足"),
                     ChecklistItem(title: "对讲机", hint: "电量、频道"), ChecklistItem(title: "钥匙柜", hint: "清点并核对台账"), ChecklistItem(title: "客户登记本", hint: "记录完整")],
        "005岗": [ChecklistItem(title: "对讲机", hint: "电量、频道"), ChecklistItem(title: "巡更棒", hint: nil), ChecklistItem(title: "手电筒", hint: nil),
                 ChecklistItem(title: "门岗登记本", hint: "访客、施工人员登记完整")],
        "监控室": [ChecklistItem(title: "监控画面", hint: "各路画面正常"), ChecklistItem(title: "录像存储", hint: "硬盘录像正常"), ChecklistItem(title: "消防主机", hint: "无报警、无故障"),
                 ChecklistItem(title: "钥匙箱封条", hint: "完好"), ChecklistItem(title: "夜间接报记录", hint: nil)],
        "大堂岗": [ChecklistItem(title: "大堂卫生", hint: nil), ChecklistItem(title: "宣传资料", hint: "摆放整齐"), ChecklistItem(title: "饮水机", hint: nil)],
    ]

    static func handovers(property: PropertyInfo, staff: [String: Staff], now: Date, on db: any Database) async throws {
        let time = property.localTime
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let posts = try await Post.query(on: db).filter(\.$property.$id == property.id).all()
        // Outgoing and incoming for the day and night sheets, and who reviews.
        let people: [String: (day: (String, String), night: (String, String), reviewer: String)] = [
            "样板房接待岗": (("kf.yuangong", "kf.lingban"), ("kf.lingban", "kf.yuangong2"), "kf.lingban2"),
            "005岗": (("ag.yuangong", "ag.lingban"), ("ag.lingban", "ag.yuangong"), "ag.zhuguan"),
            "监控室": (("ag.lingban", "ag.yuangong"), ("ag.yuangong", "ag.lingban"), "ag.zhuguan"),
            "大堂岗": (("wy.zhuguan", "wy.jingli"), ("wy.jingli", "wy.zhuguan"), "leader"),
        ]
        let keysIn = try await HandoverQueries.keysInCabinet(property: property.id, on: db)
        for post in posts.sorted(by: { $0.name < $1.name }) {
            guard let items = demoChecklists[post.name], let crew = people[post.name] else { continue }
            let foreman = staff[crew.reviewer]!
            let template = HandoverTemplate()
            template.$property.id = property.id; template.$post.id = post.id!; template.version = 1
            template.items = AuditLog.canonicalJSON(items)
            template.$editedBy.id = foreman.id!; template.editedAt = now.addingTimeInterval(-20 * 86_400)
            try await AuditLog.create("handover_template.saved", template, by: who(foreman), property: property.id, at: template.editedAt, on: db)
            for daysAgo in (0...14).reversed() {
                let day = time.day(now.addingTimeInterval(Double(-daysAgo) * 86_400))
                for shift in ShiftName.allCases {
                    guard let start = ServiceDeskRules.slotTime(day: day, at: shift == .day ? "17:40" : "07:40", time: time) else { continue }
                    // A night sheet hands over the next morning; it is dated the day the night began.
                    let waiting = daysAgo == 0 && shift == .day && post.name == "样板房接待岗"
                    // Today's waiting sheet was signed out a few minutes ago, whatever the hour the demo starts.
                    let signed = waiting ? now.addingTimeInterval(-600) : shift == .day ? start : start.addingTimeInterval(86_400)
                    guard signed.addingTimeInterval(1800) < now || waiting else { continue }
                    let (outName, inName) = shift == .day ? crew.day : crew.night
                    let out = staff[outName]!, incoming = staff[inName]!
                    let sheet = HandoverSheet()
                    sheet.id = UUID(); sheet.$property.id = property.id; sheet.$post.id = post.id!; sheet.$template.id = template.id!
                    sheet.day = day; sheet.shift = shift; sheet.$outgoing.id = out.id!; sheet.startedAt = signed.addingTimeInterval(-900)
                    var marks = items.map { _ in ChecklistMark(ok: true, note: nil) }
                    if daysAgo % 4 == 1, marks.count > 1 { marks[1] = ChecklistMark(ok: false, note: post.name == "样板房接待岗" ? "鞋套仅剩半箱，已申领" : "电量不足，已充电") }
                    sheet.marks = AuditLog.canonicalJSON(marks)
                    sheet.workLog = shift == .day ? "接待参观 \(12 + daysAgo % 7) 批，无投诉；下午例行巡查一次。" : "夜间巡查 \(8 + daysAgo % 3) 次，无异常。"
                    sheet.carried = "[]"
                    if post.name == "样板房接待岗" { sheet.cabinetExpected = keysIn; sheet.cabinetCounted = keysIn }
                    sheet.$incoming.id = incoming.id; sheet.offeredAt = signed; sheet.refusalCount = 0
                    sheet.status = waiting ? .offered : .accepted
                    if !waiting { sheet.acceptedAt = signed.addingTimeInterval(600) }
                    if !waiting, daysAgo >= 2 { sheet.$reviewedBy.id = foreman.id; sheet.reviewedAt = time.startOfDay(containing: signed).addingTimeInterval(86_400 + 9 * 3600) }
                    let refused = daysAgo == 5 && shift == .night && post.name == "005岗"
                    if refused { sheet.refusalCount = 1 }
                    try await AuditLog.create("handover_sheet.started", sheet, by: who(out), property: property.id, at: sheet.startedAt, on: db)
                    var position = 0
                    func entry(_ kind: HandoverEntryKind, _ text: String, by writer: Staff, at: Date) async throws {
                        let e = HandoverEntry()
                        position += 1
                        e.$property.id = property.id; e.$sheet.id = sheet.id!; e.position = position; e.kind = kind; e.text = text; e.$writtenBy.id = writer.id!; e.writtenAt = at
                        try await AuditLog.create("handover_entry.\(kind.rawValue)", e, by: who(writer), property: property.id, at: at, on: db)
                    }
                    if refused {
                        try await entry(.refusal, "巡更棒未充电，对讲机少一台，不能接班", by: incoming, at: signed.addingTimeInterval(300))
                        try await entry(.answer, "对讲机借给监控室，已取回", by: out, at: signed.addingTimeInterval(420))
                        try await entry(.resolution, "已补齐对讲机，巡更棒改用备用机，可以接班", by: foreman, at: signed.addingTimeInterval(540))
                    }
                    if daysAgo == 3 && shift == .day && post.name == "样板房接待岗" {
                        try await entry(.question, "A户型主卧花瓶是否已报失？", by: incoming, at: signed.addingTimeInterval(200))
                        try await entry(.answer, "已登记为事件，安管部在查", by: out, at: signed.addingTimeInterval(300))
                        try await entry(.addendum, "补记：花瓶已在储物间找到，系保洁误放", by: out, at: signed.addingTimeInterval(5 * 3600))
                    }
                }
            }
        }
    }
}
