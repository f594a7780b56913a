import Fluent
import Foundation

/// The demo's service desk (SH-33, SH-11, HO-7): complaints, repairs,
/// requests, an opinion and an incident in every state; a week of
/// control-room handovers, and this morning's waiting to be taken when the
/// demo starts after the morning handover; last month's complaint review signed.
extension DemoData {
    static func serviceDesk(property: PropertyInfo, staff: [String: Staff], customers: [Customer], now: Date, on db: any Database) async throws {
        guard customers.count >= 6 else { return }
        let time = property.localTime
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let clerk = staff["kf.yuangong"]!, foreman = staff["kf.lingban"]!, supervisor = staff["kf.zhuguan"]!, engineer = staff["gc.lingban"]!
        let guardStaff = staff["ag.yuangong"]!, securityForeman = staff["ag.lingban"]!
        @discardableResult
        func item(_ kind: ServiceKind, _ source: ServiceSource, _ description: String, by raiser: Staff, hoursAgo: Double, customer: Customer? = nil,
                  guest: (String, String)? = nil, department: DepartmentCode? = nil, urgent: Bool = false, _ steps: (ServiceItem) -> Void = { _ in }) async throws -> ServiceItem {
            let i = ServiceItem()
            i.id = UUID(); i.$property.id = property.id
            i.raisedAt = now.addingTimeInterval(-hoursAgo * 3600)
            i.referenceNo = try await ReferenceNumber.next("KF", in: ServiceItem.schema, property: property, now: i.raisedAt, on: db)
            i.kind = kind; i.source = source; i.urgent = urgent; i.description = description
            i.$customer.id = customer?.id
            if let customer { i.$unit.id = try await CustomerUnit.query(on: db).filter(\.$customer.$id == customer.id!).first()?.$unit.id }
            i.guestName = guest?.0; i.guestPhone = guest?.1
            i.$raisedBy.id = raiser.id!
            i.department = try ServiceDeskRules.owningDepartment(kind: kind, named: department, recorder: DemoData.people.first { $0.0 == raiser.username }!.2)
            i.status = .open; i.reopenCount = 0
            steps(i)
            try await AuditLog.create("service_item.recorded", i, by: who(raiser), property: property.id, at: i.raisedAt, on: db)
            return i
        }
        func assign(_ i: ServiceItem, to owner: Staff, by boss: Staff, hoursAfter: Double, dueHours: Double, plan: (ComplaintSeverity, String)? = nil) {
            i.status = .assigned; i.$owner.id = owner.id; i.$assignedBy.id = boss.id
            i.assignedAt = i.raisedAt.addingTimeInterval(hoursAfter * 3600); i.dueAt = i.raisedAt.addingTimeInterval(dueHours * 3600)
            if let plan { i.severity = plan.0; i.plan = plan.1 }
        }
        func done(_ i: ServiceItem, by doer: Staff, hoursAfter: Double, note: String) {
            i.status = ServiceDeskRules.afterDone(i.kind); i.$doneBy.id = doer.id; i.doneAt = i.raisedAt.addingTimeInterval(hoursAfter * 3600); i.doneNote = note
            if i.status == .closed { i.closedAt = i.doneAt }
        }
        func checked(_ i: ServiceItem, by checker: Staff, hoursAfter: Double, _ outcome: ServiceOutcome, note: String?) {
            i.$checkedBy.id = checker.id; i.checkedAt = i.raisedAt.addingTimeInterval(hoursAfter * 3600); i.outcome = outcome; i.checkNote = note
            if outcome == .satisfied { i.status = .closed; i.closedAt = i.checkedAt } else { i.status = .assigned; i.reopenCount += 1 }
        }
        func note(_ i: ServiceItem, _ text: String, by writer: Staff, hoursAfter: Double) async throws {
            let n = ServiceItemNote()
            n.$property.id = property.id; n.$item.id = i.id!; n.text = text; n.$writtenBy.id = writer.id!; n.writtenAt = i.raisedAt.addingTimeInterval(hoursAfter * 3600)
            try await AuditLog.create("service_item.noted", n, by: who(writer), property: property.id, at: n.writtenAt, on: db)
        }

        // Complaints: just in, in hand, waiting for the callback, sent back and late, closed.
        try await item(.complaint, .walkIn, "样板房接待人员讲解时态度冷淡，参观者提问无人回应", by: clerk, hoursAgo: 1, guest: ("王先生", "13800001111"))
        let inHand = try await item(.complaint, .phone, "晚上十点后广场仍有人跳广场舞，噪音扰民", by: clerk, hoursAgo: 20, customer: customers[0]) { i in
            assign(i, to: foreman, by: supervisor, hoursAfter: 1, dueHours: 44, plan: (.ordinary, "联系广场舞组织者，约定 21:30 结束；安管部夜间巡查劝导"))
        }
        try await note(inHand, "已联系组织者李阿姨，同意 21:30 前结束", by: foreman, hoursAfter: 5)
        try await item(.complaint, .phone, "快递柜旁垃圾未及时清运，有异味", by: clerk, hoursAgo: 30, customer: customers[1]) { i in
            assign(i, to: staff["qj.yuangong"]!, by: supervisor, hoursAfter: 1, dueHours: 24, plan: (.minor, "保洁每日两次清运，增加除味"))
            done(i, by: staff["qj.yuangong"]!, hoursAfter: 6, note: "已清运并消毒，调整为每日两次")
        }
        let reopened = try await item(.complaint, .showHouse, "参观样板房时被推销，感觉不受尊重", by: clerk, hoursAgo: 24 * 4, guest: ("刘女士", "13911112222")) { i in
            assign(i, to: foreman, by: supervisor, hoursAfter: 2, dueHours: 48, plan: (.serious, "约谈当班销售与接待人员，向客户致歉"))
            done(i, by: foreman, hoursAfter: 30, note: "已约谈并电话致歉")
            checked(i, by: clerk, hoursAfter: 50, .notSatisfied, note: "客户希望当面致歉")
            i.dueAt = now.addingTimeInterval(-2 * 3600)
        }
        try await note(reopened, "已约客户周末来访当面致歉", by: foreman, hoursAfter: 60)
        try await item(.complaint, .phone, "地下车库照明不足", by: clerk, hoursAgo: 24 * 9, customer: customers[2]) { i in
            assign(i, to: engineer, by: supervisor, hoursAfter: 1, dueHours: 48, plan: (.ordinary, "工程部检查并更换灯管"))
            done(i, by: engineer, hoursAfter: 20, note: "更换 12 支灯管")
            checked(i, by: clerk, hoursAfter: 26, .satisfied, note: "客户表示满意")
        }
        // Repairs: in hand, waiting for the check, closed.
        try await item(.repair, .phone, "卫生间天花渗水", by: clerk, hoursAgo: 6, customer: customers[3]) { i in
            assign(i, to: engineer, by: foreman, hoursAfter: 0.5, dueHours: 30)
        }
        try await item(.repair, .walkIn, "入户门门锁卡涩", by: clerk, hoursAgo: 28, customer: customers[4]) { i in
            assign(i, to: engineer, by: foreman, hoursAfter: 1, dueHours: 24)
            done(i, by: engineer, hoursAfter: 5, note: "锁芯已清洗上油")
        }
        try await item(.repair, .showHouse, "B户型样板房客厅射灯不亮", by: clerk, hoursAgo: 24 * 6) { i in
            assign(i, to: engineer, by: foreman, hoursAfter: 1, dueHours: 8)
            done(i, by: engineer, hoursAfter: 3, note: "更换灯泡")
            checked(i, by: clerk, hoursAfter: 4, .satisfied, note: "已亮")
        }
        // An urgent repair nobody has taken yet, an incident from a count, an opinion, a request.
        try await item(.repair, .phone, "2栋 1 号电梯运行异响，业主担心安全", by: clerk, hoursAgo: 0.5, customer: customers[5], urgent: true)
        try await item(.incident, .record, "A户型样板房开馆清点：主卧装饰花瓶缺失", by: clerk, hoursAgo: 3, department: .security)
        try await item(.opinion, .showHouse, "建议样板房增加儿童等候区", by: clerk, hoursAgo: 24 * 3, guest: ("陈先生", "13722223333")) { i in
            assign(i, to: supervisor, by: foreman, hoursAfter: 1, dueHours: 72)
            done(i, by: supervisor, hoursAfter: 20, note: "已转营销部，下月增设")
        }
        // Last night's calls to security: handed over at this morning's handover (HO-7).
        let night = try await item(.request, .afterHours, "业主反映楼上深夜装修噪音", by: guardStaff, hoursAgo: 0, customer: customers[2]) { i in
            i.raisedAt = time.startOfDay(containing: now).addingTimeInterval(-2 * 3600)
        }

        // A week of control-room handovers, each taken; today's morning one waits to be taken.
        let times = ShiftSettings.defaults
        let settings = ShiftSettings()
        settings.$property.id = property.id; settings.morningHandover = times.morning; settings.eveningHandover = times.evening
        settings.$editedBy.id = staff["kf.jingli"]!.id!; settings.editedAt = now.addingTimeInterval(-30 * 86_400)
        try await AuditLog.create("shift_settings.set", settings, by: who(staff["kf.jingli"]!), property: property.id, at: settings.editedAt, on: db)
        let today = time.day(now)
        for daysAgo in (1...7).reversed() {
            let day = time.day(now.addingTimeInterval(Double(-daysAgo) * 86_400))
            for slot in DeskSlot.allCases {
                guard let at = ServiceDeskRules.slotTime(day: day, at: slot == .morning ? times.morning : times.evening, time: time) else { continue }
                let giver = slot == .morning ? securityForeman : staff["kf.lingban2"]!, taker = slot == .morning ? foreman : securityForeman
                let h = DeskHandover()
                h.$property.id = property.id; h.day = day; h.slot = slot; h.$offeredBy.id = giver.id!; h.offeredAt = at.addingTimeInterval(180)
                h.itemCount = 0; h.urgentCount = 0
                h.$acceptedBy.id = taker.id; h.acceptedAt = at.addingTimeInterval(600); h.acceptedCount = 0
                h.note = slot == .morning ? "夜间无异常" : "白班工单均已交代"
                try await AuditLog.create("desk_handover.offered", h, by: who(giver), property: property.id, at: h.offeredAt, on: db)
            }
        }
        if let morning = ServiceDeskRules.slotTime(day: today, at: times.morning, time: time), now >= morning {
            let h = DeskHandover()
            h.id = UUID(); h.$property.id = property.id; h.day = today; h.slot = .morning; h.$offeredBy.id = securityForeman.id!
            h.offeredAt = morning.addingTimeInterval(120); h.note = "夜间接报 1 项，请跟进"; h.itemCount = 1; h.urgentCount = 0
            try await AuditLog.create("desk_handover.offered", h, by: who(securityForeman), property: property.id, at: h.offeredAt, on: db)
            let line = DeskHandoverItem()
            line.$property.id = property.id; line.$handover.id = h.id!; line.$item.id = night.id!
            try await AuditLog.create("desk_handover.item_offered", line, by: who(securityForeman), property: property.id, at: h.offeredAt, on: db)
            _ = try await AuditLog.update("service_item.offered", try await AuditLog.lock(ServiceItem.self, night.id, on: db)!, by: who(securityForeman),
                                          property: property.id, at: h.offeredAt, on: db) { $0.pendingDepartment = .customerService }
        }

        // Last month's complaints, reviewed and signed by leadership (SH-33 [9.2]).
        let thisMonth = String(today.prefix(7))
        let lastMonth = String(time.day(time.startOfDay(thisMonth + "-01")!.addingTimeInterval(-86_400)).prefix(7))
        let figures = try await ComplaintReviews.figures(propertyID: property.id, month: lastMonth, time: time, now: now, on: db)
        let review = ComplaintReview()
        review.$property.id = property.id; review.month = lastMonth
        review.figures = AuditLog.canonicalJSON(figures)
        review.note = "投诉处理及时，回访到位。下月重点关注样板房接待服务态度。"
        review.$signedBy.id = staff["leader"]!.id!; review.signedAt = min(time.startOfDay(thisMonth + "-01")!.addingTimeInterval(2 * 86_400 + 10 * 3600), now)
        review.signature = demoSignature
        try await AuditLog.create("complaint_review.signed", review, by: who(staff["leader"]!), property: property.id, at: review.signedAt, on: db)
    }
}
