import Fluent
import Vapor

/// The demo's site access (SH-1…SH-3, SH-40…SH-46, SH-54) at z城: three
/// contractors, 恒达 with its own sign-in (sg.hengda); work liaison forms in
/// every state; tonight's night work on A户型's ceiling, with last night's
/// entries and checks, a worker on site now and an electrician whose
/// certificate has expired; a damage and a violation on 恒达's record; a
/// typhoon entry three nights ago (security's seal broken and resealed,
/// reported) and last night's still waiting for its report; two after-hours
/// passes, one used, one waiting for leadership.
extension DemoData {
    static func siteAccess(property: PropertyInfo, staff: [String: Staff], now: Date, on db: any Database) async throws {
        let time = property.localTime, pid = property.id
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        func acting(_ s: Staff, _ department: DepartmentCode) -> Actor {
            Actor(id: s.id!, username: s.username, name: s.name, rank: s.rank, department: department, propertyIDs: [pid], isAdmin: false)
        }
        let today = time.day(now)
        func day(_ daysAgo: Int) -> String { LocalTime.day(today, plus: -daysAgo) }
        func at(_ daysAgo: Int, _ hhmm: String) -> Date { time.moment(time.startOfDay(day(daysAgo))!, plus: DutyRules.minutes(hhmm)!) }
        func change<M: Audited>(_ action: String, _ record: M, by person: Staff, at: Date, _ body: (M) -> Void) async throws {
            try await AuditLog.update(action, Locked(record: record), by: who(person), property: pid, at: at, on: db, body)
        }
        let houses = try await ShowHouse.query(on: db).filter(\.$property.$id == pid).sort(\.$name).all()
        guard houses.count == 2 else { return }
        let (a, b) = (houses[0], houses[1])
        let registrar = staff["wy.zhuguan"]!, manager = staff["wy.jingli"]!, leader = staff["leader"]!, clerk = staff["kf.zhuguan"]!
        let engineer = staff["gc.lingban"]!
        let guardStaff = staff["ag.yuangong"]!, securityForeman = staff["ag.lingban"]!, securitySupervisor = staff["ag.zhuguan"]!

        // z城 writes the procedure's filing rules down: two days ahead, a month at most (SH-40).
        let rules = SiteAccessSettings()
        rules.id = UUID(); rules.$property.id = pid; rules.leadDays = 2; rules.longestDays = 30; rules.$editedBy.id = manager.id!; rules.editedAt = at(30, "09:30")
        try await AuditLog.create("site_access_settings.changed", rules, by: who(manager), property: pid, at: rules.editedAt, on: db)

        // The contractors, and 恒达's own sign-in (ORG-4), with the demo's password.
        var contractors: [Contractor] = []
        for (name, contact, phone) in [("恒达装饰工程有限公司", "黄师傅", "13812345678"), ("安居水电维修部", "林工", "13987654321"), ("美家软装", "陈女士", "13600001111")] {
            let c = Contractor()
            c.id = UUID(); c.$property.id = pid; c.name = name; c.contact = contact; c.phone = phone
            c.$registeredBy.id = registrar.id!; c.registeredAt = at(30, "10:00")
            try await AuditLog.create("contractor.registered", c, by: who(registrar), property: pid, at: c.registeredAt, on: db)
            contractors.append(c)
        }
        let (hengda, anju, meijia) = (contractors[0], contractors[1], contractors[2])
        let opened = at(25, "10:30")
        let department: Department
        if let found = try await Department.query(on: db).filter(\.$code == .contractor).first() {
            department = found
        } else {
            department = Department(id: UUID(), code: .contractor, name: DepartmentCode.contractor.title.zh)
            try await AuditLog.create("department.created", department, by: who(registrar), property: nil, at: opened, on: db)
        }
        // The same hash of `DemoData.password` as every demo sign-in.
        let account = Staff(id: UUID(), username: "sg.hengda", name: "黄师傅", passwordHash: leader.passwordHash, rank: .staff, departmentID: department.id!)
        try await AuditLog.create("staff.created", account, by: who(registrar), property: pid, at: opened, on: db)
        let link = StaffProperty(staffID: account.id!, propertyID: pid)
        link.id = UUID()
        try await AuditLog.create("staff.assigned", link, by: who(registrar), property: pid, at: opened, on: db)
        let tie = ContractorAccount()
        tie.id = UUID(); tie.$property.id = pid; tie.$contractor.id = hengda.id!; tie.$staff.id = account.id!; tie.$createdBy.id = registrar.id!; tie.createdAt = opened
        try await AuditLog.create("contractor_account.opened", tie, by: who(registrar), property: pid, at: opened, on: db)

        // A form as filed (workers named, the leader's signature, one drawing), then approved step by step as far as `steps` go;
        // leadership's extra approval (SH-42) right after leadership's.
        typealias Named = (name: String, trade: SpecialTrade?, expires: String?)
        var forms: [WorkLiaisonForm] = []
        func form(_ contractor: Contractor, _ house: ShowHouse, _ project: String, scope: String, area: String, from: Date, to: Date, note: String,
                  team: String, workers: [Named], filedBy filer: Staff, at filedAt: Date, power: Bool = false, water: Bool = false,
                  steps: [(SiteAccessRules.Step, Staff, Date)] = [], extra: (Staff, Date)? = nil) async throws -> (WorkLiaisonForm, [WorkFormWorker]) {
            let f = WorkLiaisonForm()
            f.id = UUID(); f.$property.id = pid
            f.referenceNo = try await ReferenceNumber.next("LL", in: WorkLiaisonForm.schema, property: property, now: filedAt, on: db)
            f.$contractor.id = contractor.id!; f.project = project; f.scope = scope; f.$showHouse.id = house.id; f.area = area; f.startsAt = from; f.endsAt = to
            f.headcount = workers.count; f.teamLeader = team; f.leaderPhone = contractor.phone; f.leaderSignature = demoSignature; f.description = note
            f.cutsPower = power; f.cutsWater = water; f.cutsEquipment = false; f.crossesAreas = false
            f.status = .filed; f.$filedBy.id = filer.id!; f.filedAt = filedAt
            try await AuditLog.create("work_liaison_form.filed", f, by: who(filer), property: pid, at: filedAt, on: db)
            var rows: [WorkFormWorker] = []
            for (index, w) in workers.enumerated() {
                let row = WorkFormWorker()
                row.id = UUID(); row.$property.id = pid; row.$form.id = f.id!; row.position = index + 1; row.name = w.name
                row.trade = w.trade; row.certificateNo = w.trade == nil ? nil : "T4401061985\(forms.count)\(index)"; row.certificateExpires = w.expires
                try await AuditLog.create("work_form_worker.named", row, by: who(filer), property: pid, at: filedAt, on: db)
                rows.append(row)
            }
            let drawing = Upload(contentType: "image/png", bytes: DemoPhoto.png(width: 200, height: 140, notice: (37, 99, 235)))
            try await Attachments.add([drawing], to: WorkLiaisonForm.auditType, f.id!, property: pid, by: filer.id!, who(filer), at: filedAt, on: db)
            for (step, person, stamped) in steps {
                try await change("work_liaison_form.\(step.rawValue)", f, by: person, at: stamped) {
                    $0.status = step.after
                    switch step {
                    case .leadership: $0.$leadershipBy.id = person.id; $0.leadershipAt = stamped; $0.leadershipNote = "同意，注意成品保护"
                    case .engineering: $0.$engineeringBy.id = person.id; $0.engineeringAt = stamped; $0.engineeringNote = "图纸已审，按图施工"
                    case .registration: $0.$registeredBy.id = person.id; $0.registeredAt = stamped; $0.replyNo = "HF" + $0.referenceNo.dropFirst(2)
                    case .security: $0.$securityBy.id = person.id; $0.securityAt = stamped
                    }
                }
                if step == .leadership, let (by, agreed) = extra {
                    try await change("work_liaison_form.extra_approved", f, by: by, at: agreed) {
                        $0.$extraBy.id = by.id; $0.extraAt = agreed; $0.extraNote = "同意分段停电（停水），每次不超过 30 分钟"
                    }
                }
            }
            forms.append(f)
            return (f, rows)
        }
        let valid = day(-400), expired = day(20)
        let (done, doneCrew) = try await form(hengda, a, "A户型 客厅墙面翻新", scope: "客厅、餐厅墙面铲除旧漆，批荡后重新涂刷乳胶漆", area: "A户型 客厅、餐厅",
                                              from: at(16, "09:00"), to: at(9, "18:00"), note: "白天施工，每日 18:00 前清场", team: "张建华",
                                              workers: [("张建华", nil, nil), ("李永福", nil, nil), ("陈小兵", nil, nil)], filedBy: clerk, at: at(20, "10:00"),
                                              steps: [(.leadership, manager, at(19, "10:00")), (.engineering, engineer, at(18, "15:00")),
                                                      (.registration, registrar, at(18, "16:30")), (.security, guardStaff, at(17, "09:00"))])
        try await change("work_liaison_form.closed", done, by: registrar, at: at(9, "18:30")) { $0.status = .closed; $0.$closedBy.id = registrar.id; $0.closedAt = at(9, "18:30") }
        let (refused, _) = try await form(meijia, a, "A户型 客厅软装陈列调整", scope: "更换客厅挂画、抱枕与花艺", area: "A户型 客厅", from: at(9, "10:00"), to: at(8, "17:00"),
                                          note: "开放时间内施工", team: "陈丽", workers: [("陈丽", nil, nil), ("吴芳", nil, nil)], filedBy: clerk, at: at(12, "14:00"))
        try await change("work_liaison_form.refused", refused, by: manager, at: at(11, "09:30")) {
            $0.status = .refused; $0.$refusedBy.id = manager.id; $0.refusedAt = at(11, "09:30"); $0.refusalReason = "周末开放日期间不得施工，请改在下周一闭馆日重新申报"
        }
        // Tonight's work: the ceiling at night, power cut in turns, agreed by leadership; 王小虎's electrician's certificate has expired.
        let (ceiling, crew) = try await form(hengda, a, "A户型 客厅吊顶修复（夜间施工）", scope: "拆除客厅开裂石膏板吊顶，更换龙骨与石膏板，恢复灯带线路", area: "A户型 客厅",
                                             from: at(1, "19:00"), to: at(-2, "07:00"), note: "接待时间外施工（19:00 至次日 07:00）；恢复灯带线路时分段停电", team: "张建华",
                                             workers: [("张建华", nil, nil), ("刘德明", .electrician, valid), ("王小虎", .electrician, expired), ("赵磊", nil, nil)],
                                             filedBy: account, at: at(5, "10:00"), power: true,
                                             steps: [(.leadership, manager, at(4, "10:00")), (.engineering, engineer, at(3, "15:00")),
                                                     (.registration, registrar, at(3, "16:30")), (.security, guardStaff, at(2, "09:30"))], extra: (leader, at(4, "11:30")))
        _ = try await form(anju, b, "B户型 主卫水管更换", scope: "更换主卫冷热水管及角阀，试压", area: "B户型 主卫", from: at(-2, "09:00"), to: at(-3, "18:00"),
                           note: "施工期间关闭 B户型 进户水阀", team: "林国栋", workers: [("林国栋", nil, nil), ("黄志明", nil, nil), ("郭小军", nil, nil)],
                           filedBy: clerk, at: at(4, "15:00"), water: true,
                           steps: [(.leadership, manager, at(3, "10:00")), (.engineering, engineer, at(2, "14:00")), (.registration, registrar, at(1, "10:00"))],
                           extra: (leader, at(3, "10:40")))
        _ = try await form(meijia, b, "B户型 主卧窗帘及软装更换", scope: "更换主卧窗帘、床品与挂画", area: "B户型 主卧", from: at(-3, "09:30"), to: at(-3, "17:30"),
                           note: "白天施工，自带梯子", team: "陈丽", workers: [("陈丽", nil, nil), ("吴芳", nil, nil), ("周婷", nil, nil)], filedBy: clerk, at: at(3, "11:00"),
                           steps: [(.leadership, manager, at(2, "09:40")), (.engineering, engineer, at(1, "15:00"))])
        _ = try await form(anju, a, "A户型 厨房插座线路检修", scope: "检修厨房插座回路，更换漏电开关", area: "A户型 厨房", from: at(-2, "13:00"), to: at(-2, "17:00"),
                           note: "检修时断开厨房回路", team: "林国栋", workers: [("林国栋", .electrician, valid), ("郭小军", nil, nil)], filedBy: clerk, at: at(2, "16:00"),
                           power: true, steps: [(.leadership, manager, at(1, "09:20"))])
        _ = try await form(hengda, b, "B户型 次卧墙纸修补", scope: "铲除次卧窗下起鼓墙纸，处理基层后重贴", area: "B户型 次卧", from: at(-3, "09:00"), to: at(-4, "18:00"),
                           note: "白天施工", team: "张建华", workers: [("张建华", nil, nil), ("李永福", nil, nil)], filedBy: account, at: now.addingTimeInterval(-2 * 3_600))
        // Whoever takes a waiting form's next step is told, as the app tells them.
        for f in forms {
            guard let next = SiteAccessRules.nextStep(f.status) else { continue }
            let since = [f.filedAt, f.leadershipAt, f.engineeringAt, f.registeredAt].compactMap { $0 }.max()!
            try await Notifier.notify(WorkLiaisonForms.audience(of: next), at: pid, kind: WorkLiaisonForms.Notice.waiting.rawValue,
                                      message: Text("工作联络单 \(f.referenceNo) 待\(next.title.zh)", "Work form \(f.referenceNo): \(next.title.en) next"),
                                      link: WorkLiaisonForms.link(f.id!), subject: f.id, except: f.$filedBy.id, now: since, on: db)
        }

        // Last night: protection checked, two workers in at 19:10 and out at 23:40, the site checked after; 赵磊 came in within the hour.
        func siteCheck(_ stage: SiteCheckStage, at checked: Date, problem: (Int, String)? = nil) async throws {
            var marks = stage.items.map { SiteCheckMark(item: $0, ok: true, note: nil) }
            if let (index, note) = problem { marks[index] = SiteCheckMark(item: stage.items[index], ok: false, note: note) }
            let c = WorkSiteCheck()
            c.id = UUID(); c.$property.id = pid; c.$form.id = ceiling.id!; c.stage = stage; c.lines = AuditLog.canonicalJSON(marks); c.allOK = marks.allSatisfy(\.ok)
            c.$checkedBy.id = registrar.id!; c.checkedAt = checked
            try await AuditLog.create("work_site_check.\(stage.rawValue)", c, by: who(registrar), property: pid, at: checked, on: db)
        }
        func enter(_ worker: WorkFormWorker, at entered: Date) async throws -> SiteEntry {
            let e = SiteEntry()
            e.id = UUID(); e.$property.id = pid; e.$form.id = ceiling.id!; e.$worker.id = worker.id!; e.enteredAt = entered; e.$enteredBy.id = guardStaff.id!
            e.night = SiteAccessRules.isNight(entered, opens: a.opensAt, closes: a.closesAt, time: time)
            try await AuditLog.create("site_entry.entered", e, by: who(guardStaff), property: pid, at: entered, on: db)
            return e
        }
        try await siteCheck(.before, at: at(1, "18:55"))
        for (index, worker) in crew.prefix(2).enumerated() {
            let entry = try await enter(worker, at: at(1, "19:1\(index)"))
            let out = at(1, "23:40")
            try await change("site_entry.released", entry, by: guardStaff, at: out) {
                $0.exitedAt = out; $0.$exitedBy.id = guardStaff.id; $0.carriedOut = "电钻、梯子"
            }
        }
        try await siteCheck(.after, at: at(1, "23:50"), problem: (1, "拆下的石膏板暂存阳台，约定今早 8 点前清运"))
        _ = try await enter(crew[3], at: now.addingTimeInterval(-40 * 60))

        // 恒达's record: a floor tile broken during the wall job (paid at price), and a worker stopped in B户型 without a form.
        func incident(_ kind: ContractorIncidentKind, worker: WorkFormWorker, _ text: String, fen: Int?, stopped: Bool, by person: Staff,
                      _ staffDepartment: DepartmentCode, at recorded: Date) async throws {
            let item = try await ServiceDesk.raise(.incident, source: .record, property: property, department: kind == .damage ? .propertyService : .security,
                                                   description: "施工\(kind.title.zh)：\(hengda.name)（\(worker.name)） \(text)", urgent: stopped,
                                                   by: acting(person, staffDepartment), at: recorded, on: db)
            let i = ContractorIncident()
            i.id = UUID(); i.$property.id = pid; i.$contractor.id = hengda.id!; i.$form.id = done.id; i.$worker.id = worker.id; i.kind = kind; i.description = text
            i.compensationFen = fen; i.workStopped = stopped; i.$serviceItem.id = item.id; i.$recordedBy.id = person.id!; i.recordedAt = recorded
            try await AuditLog.create("contractor_incident.\(kind.rawValue)", i, by: who(person), property: pid, at: recorded, on: db)
        }
        try await incident(.violation, worker: doneCrew[2], "未经许可进入 B户型 样板房取用材料并在主卧切割石膏线，跨区域施工，已当场制止并带离",
                           fen: nil, stopped: true, by: securityForeman, .security, at: at(13, "15:10"))
        try await incident(.damage, worker: doneCrew[1], "损坏 A户型 客厅地砖一块", fen: 120_050, stopped: false, by: registrar, .propertyService, at: at(11, "17:20"))

        // A typhoon three nights ago: 郑伟 present, security's sealed set of A opened and resealed, the report written next morning.
        let typhoon = EmergencyEntry()
        typhoon.id = UUID(); typhoon.$property.id = pid; typhoon.$showHouse.id = a.id!; typhoon.emergency = .typhoon
        typhoon.reason = "台风过境，A户型 客厅落地窗被吹开，雨水进入"; typhoon.guards = "\(guardStaff.name)、\(securityForeman.name)"
        typhoon.$recordedBy.id = guardStaff.id!; typhoon.recordedAt = at(3, "22:40"); typhoon.$supervisor.id = securitySupervisor.id!
        let sealed = try await KeySet.query(on: db).filter(\.$showHouse.$id == a.id!).filter(\.$keeper == .security).filter(\.$retiredAt == nil).first()
        if let sealed, sealed.sealNo != nil { typhoon.$keySet.id = sealed.id }
        try await AuditLog.create("emergency_entry.recorded", typhoon, by: who(guardStaff), property: pid, at: typhoon.recordedAt, on: db)
        let wentIn = at(3, "22:55"), cameOut = at(3, "23:35"), resealed = at(3, "23:45"), reported = at(2, "09:10")
        try await change("emergency_entry.supervisor_present", typhoon, by: securitySupervisor, at: wentIn) { $0.enteredAt = wentIn }
        if let setID = typhoon.$keySet.id, let locked = try await AuditLog.lock(KeySet.self, setID, on: db) {
            _ = try await KeySets.recordSealBreak(locked, house: a, property: pid, emergency: .typhoon, reason: "紧急进入：" + typhoon.reason,
                                                  witness: securitySupervisor.id!, by: acting(securitySupervisor, .security), at: wentIn, on: db)
        }
        try await change("emergency_entry.left", typhoon, by: guardStaff, at: cameOut) { $0.exitedAt = cameOut; $0.$exitedBy.id = guardStaff.id }
        if let setID = typhoon.$keySet.id, let locked = try await AuditLog.lock(KeySet.self, setID, on: db) {
            let e = KeySetEvent()
            e.$property.id = pid; e.$keySet.id = setID; e.kind = .resealed; e.reason = "重新封存"; e.sealNo = "FT-A-032"; e.$by.id = securitySupervisor.id!; e.at = resealed
            try await AuditLog.create("key_set_event.resealed", e, by: who(securitySupervisor), property: pid, at: resealed, on: db)
            try await AuditLog.update("key_set.resealed", locked, by: who(securitySupervisor), property: pid, at: resealed, on: db) { $0.sealNo = "FT-A-032" }
        }
        try await change("emergency_entry.reported", typhoon, by: securitySupervisor, at: reported) {
            $0.report = "22:40 接报 A户型 客厅落地窗被台风吹开。22:55 本人到场，启封安管钥匙组后与周强、吴刚进入，关闭并加固窗户，清理积水约 2 平方米，"
                + "窗帘与地毯受潮已移至干燥处，无其他损失。23:35 离开并重新封存（封条 FT-A-032）。建议工程部检查该窗锁扣。"
            $0.reportedAt = reported
        }
        // Last night: B's door found unlocked; in and out with 张敏 present; her report is still owed.
        let unlocked = EmergencyEntry()
        unlocked.id = UUID(); unlocked.$property.id = pid; unlocked.$showHouse.id = b.id!; unlocked.emergency = .unlocked
        unlocked.reason = "夜巡发现 B户型 入户门未锁闭，进入检查有无人员滞留"; unlocked.guards = securityForeman.name
        unlocked.$recordedBy.id = securityForeman.id!; unlocked.recordedAt = at(1, "21:30"); unlocked.$supervisor.id = clerk.id!
        try await AuditLog.create("emergency_entry.recorded", unlocked, by: who(securityForeman), property: pid, at: unlocked.recordedAt, on: db)
        try await change("emergency_entry.supervisor_present", unlocked, by: clerk, at: at(1, "21:40")) { $0.enteredAt = at(1, "21:40") }
        try await change("emergency_entry.left", unlocked, by: securityForeman, at: at(1, "21:55")) { $0.exitedAt = at(1, "21:55"); $0.$exitedBy.id = securityForeman.id }
        try await Notifier.notify(clerk.id!, at: pid, kind: EmergencyEntries.Notice.report.rawValue,
                                  message: Text("\(b.name)紧急进入已结束，请提交书面报告", "The emergency entry to \(b.name) is over: write the report"),
                                  link: EmergencyEntries.link(unlocked.id!), subject: unlocked.id, now: at(1, "21:55"), on: db)

        // After hours: last evening's photo shoot, approved and admitted; tonight's visit waiting for leadership.
        let shoot = AfterHoursPass()
        shoot.id = UUID(); shoot.$property.id = pid; shoot.$showHouse.id = b.id!; shoot.visitor = "营销中心摄影团队 3 人（领队 郑雪）"; shoot.purpose = "拍摄 B户型 夜景宣传照"
        shoot.validFrom = at(1, "18:30"); shoot.validUntil = at(1, "21:00"); shoot.$requestedBy.id = clerk.id!; shoot.requestedAt = at(2, "15:00")
        try await AuditLog.create("after_hours_pass.requested", shoot, by: who(clerk), property: pid, at: shoot.requestedAt, on: db)
        try await change("after_hours_pass.approved", shoot, by: leader, at: at(2, "17:20")) {
            $0.approved = true; $0.$decidedBy.id = leader.id; $0.decidedAt = at(2, "17:20"); $0.decisionNote = "同意，安管部全程陪同"
        }
        try await change("after_hours_pass.admitted", shoot, by: guardStaff, at: at(1, "18:35")) { $0.admittedAt = at(1, "18:35"); $0.$admittedBy.id = guardStaff.id }
        var from = at(0, "19:30")
        if from < now.addingTimeInterval(1_800) { from = at(-1, "19:30") }
        let visit = AfterHoursPass()
        visit.id = UUID(); visit.$property.id = pid; visit.$showHouse.id = a.id!; visit.visitor = "开发商工程部 刘经理等 2 人"; visit.purpose = "查看 A户型 吊顶修复进度"
        visit.validFrom = from; visit.validUntil = from.addingTimeInterval(2 * 3_600); visit.$requestedBy.id = registrar.id!; visit.requestedAt = now.addingTimeInterval(-90 * 60)
        try await AuditLog.create("after_hours_pass.requested", visit, by: who(registrar), property: pid, at: visit.requestedAt, on: db)
        try await Notifier.notify(Notifier.Audience(grants: [.anyDepartment(.leadership)]), at: pid, kind: "after_hours_pass.requested",
                                  message: Text("非接待时间进入申请：\(visit.visitor)，\(time.dateTime(from))，\(visit.purpose)", "After-hours pass asked for \(visit.visitor) at \(time.dateTime(from))"),
                                  link: "/properties/\(pid)/site-gate", subject: visit.id, except: registrar.id, now: visit.requestedAt, on: db)
    }
}
