import Fluent
import Foundation

/// The demo's show houses (SH-4, SH-10…SH-18): A and B 户型 at z城 with their
/// inventory lists and two weeks of days — counts (one late), batches (one
/// whose counts differ), refusals, feedback, closings signed by the foreman;
/// a damaged lamp still open at the desk; yesterday's A day waiting for the
/// signature. Today, A is open and counted; B is left for a newcomer to run.
/// Each house has its three key sets (SH-50): security's sealed (B's opened
/// in a typhoon and resealed), property service's issued for today's shift at A.
extension DemoData {
    static let demoInventory: [InventoryLine] = [
        InventoryLine(room: "客厅", item: "沙发靠枕", expected: 4), InventoryLine(room: "客厅", item: "装饰花瓶", expected: 2),
        InventoryLine(room: "客厅", item: "电视机", expected: 1), InventoryLine(room: "客厅", item: "地毯", expected: 1),
        InventoryLine(room: "餐厅", item: "餐椅", expected: 6), InventoryLine(room: "餐厅", item: "餐具套装", expected: 6),
        InventoryLine(room: "主卧", item: "床头台灯", expected: 2), InventoryLine(room: "主卧", item: "床品四件套", expected: 1),
        InventoryLine(room: "厨房", item: "咖啡机", expected: 1), InventoryLine(room: "卫生间", item: "毛巾", expected: 4),
    ]

    static func showHouses(property: PropertyInfo, staff: [String: Staff], now: Date, on db: any Database) async throws {
        let time = property.localTime
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let clerk = staff["kf.yuangong"]!, clerk2 = staff["kf.yuangong2"]!, lobby = staff["wy.zhuguan"]!, foreman = staff["kf.lingban"]!
        let guardStaff = staff["ag.yuangong"]!, supervisor = staff["kf.zhuguan"]!
        guard let post005 = try await Post.query(on: db).filter(\.$property.$id == property.id).filter(\.$name == "005岗").first() else { return }
        let units = try await Unit.query(on: db).filter(\.$property.$id == property.id).join(Building.self, on: \Unit.$building.$id == \Building.$id)
            .filter(Building.self, \.$name == "2栋").filter(\.$number ~~ ["1001", "1002"]).sort(\.$number).all()
        guard units.count == 2 else { return }
        let today = time.day(now)
        let registered = now.addingTimeInterval(-31 * 86_400)
        for (index, (name, type)) in [("A户型样板房", "A户型 三室两厅 128㎡"), ("B户型样板房", "B户型 四室两厅 156㎡")].enumerated() {
            let house = ShowHouse()
            house.id = UUID(); house.$property.id = property.id; house.$unit.id = units[index].id!; house.name = name; house.unitType = type; house.floor = "10F"
            house.opensAt = "09:00"; house.closesAt = "18:00"; house.$registeredBy.id = supervisor.id!; house.registeredAt = registered
            try await AuditLog.create("show_house.registered", house, by: who(supervisor), property: property.id, at: registered, on: db)
            let inventory = ShowHouseInventory()
            inventory.id = UUID(); inventory.$property.id = property.id; inventory.$showHouse.id = house.id!; inventory.version = 1
            inventory.items = AuditLog.canonicalJSON(demoInventory); inventory.$editedBy.id = supervisor.id!; inventory.editedAt = registered
            try await AuditLog.create("show_house_inventory.saved", inventory, by: who(supervisor), property: property.id, at: registered, on: db)
            try await demoKeySets(house: house, letter: index == 0 ? "A" : "B", staff: staff, registered: registered, now: now, property: property, on: db)
            for daysAgo in (0...14).reversed() {
                let day = time.day(now.addingTimeInterval(Double(-daysAgo) * 86_400))
                // B's today is the newcomer's to run.
                if day == today && index == 1 { continue }
                func at(_ hhmm: String) -> Date? { ServiceDeskRules.slotTime(day: day, at: hhmm, time: time).flatMap { $0 < now ? $0 : nil } }
                let receptionist = daysAgo % 2 == 0 ? clerk : clerk2
                // The opening count; nine days ago A's was late.
                guard let opened = at(daysAgo == 9 && index == 0 ? "09:12" : "08:40") else { continue }
                var marks = demoInventory.map { _ in CountMark(state: .present, note: nil) }
                var finding: (Int, String, ServiceKind, DepartmentCode, Bool)? = nil
                if index == 0 && daysAgo == 3 { marks[6] = CountMark(state: .damaged, note: "左侧台灯灯罩破裂"); finding = (6, "左侧台灯灯罩破裂", .repair, .engineering, false) }
                if index == 1 && daysAgo == 6 { marks[1] = CountMark(state: .missing, note: "少一只，已调监控"); finding = (1, "少一只，已调监控", .incident, .security, true) }
                let count = try await demoCount(house: house, inventory: inventory, day: day, kind: .opening, by: receptionist, at: opened, marks: marks, property: property.id, on: db)
                if let (line, note, kind, department, resolved) = finding {
                    try await demoFinding(house: house, count: count, line: demoInventory[line], state: marks[line].state, note: note, kind: kind, department: department,
                                          resolved: resolved, by: receptionist, fixer: staff[department == .engineering ? "gc.lingban" : "ag.lingban"]!, property: property, on: db)
                }
                // Batches through the day, and sometimes visitors turned away.
                for number in 1...(3 + (daysAgo + index) % 4) {
                    guard let sent = at(String(format: "%02d:%02d", 9 + number, 10 + 7 * index)) else { break }
                    let b = VisitorBatch()
                    b.$property.id = property.id; b.$showHouse.id = house.id!; b.day = day; b.number = number
                    b.salesName = ["置业顾问 王磊", "置业顾问 李婷", "置业顾问 陈晨"][number % 3]; b.headcount = 2 + (number + daysAgo) % 5
                    b.$sentBy.id = lobby.id!; b.sentAt = sent
                    let differs = daysAgo == 2 && number == 2 && index == 0
                    if sent.addingTimeInterval(120) < now { b.arrivedCount = b.headcount; b.$arrivedBy.id = receptionist.id; b.arrivedAt = sent.addingTimeInterval(120) }
                    if sent.addingTimeInterval(1500) < now {
                        b.leftCount = differs ? b.headcount - 1 : b.headcount; b.$leftBy.id = receptionist.id; b.leftAt = sent.addingTimeInterval(1500)
                        if number == 1 { b.notes = AuditLog.canonicalJSON([BatchNote.children]) }
                        if differs { b.note = "一位客人先行下楼，已告知大堂" }
                    }
                    if sent.addingTimeInterval(1620) < now { b.returnedCount = b.leftCount; b.$returnedBy.id = lobby.id; b.returnedAt = sent.addingTimeInterval(1620) }
                    try await AuditLog.create("visitor_batch.sent", b, by: who(lobby), property: property.id, at: sent, on: db)
                    if number == 2, daysAgo % 3 == 0, let fed = at("11:30") {
                        let f = GuestFeedback()
                        f.$property.id = property.id; f.$showHouse.id = house.id!; f.unitType = type; f.day = day; f.kind = .evaluation; f.rating = 4 + daysAgo % 2
                        f.text = index == 0 ? "客厅采光好，动线合理" : "主卧空间大，收纳多"; f.guestName = "参观客户"; f.$batch.id = b.id
                        f.$recordedBy.id = receptionist.id!; f.recordedAt = fed
                        try await AuditLog.create("guest_feedback.recorded", f, by: who(receptionist), property: property.id, at: fed, on: db)
                    }
                }
                if daysAgo % 4 == 1, let turned = at("14:20") {
                    let r = VisitorRefusal()
                    r.$property.id = property.id; r.$showHouse.id = house.id!; r.day = day; r.headcount = 2; r.note = "无销售陪同，已引导至售楼处"
                    r.$recordedBy.id = lobby.id!; r.recordedAt = turned
                    try await AuditLog.create("visitor_refusal.recorded", r, by: who(lobby), property: property.id, at: turned, on: db)
                }
                // The closing count and routine; keys to 005岗; the foreman signs (yesterday's A day waits).
                guard let closingAt = at("18:05") else { continue }
                _ = try await demoCount(house: house, inventory: inventory, day: day, kind: .closing, by: receptionist, at: closingAt,
                                        marks: demoInventory.map { _ in CountMark(state: .present, note: nil) }, property: property.id, on: db)
                let d = ShowHouseDay()
                d.$property.id = property.id; d.$showHouse.id = house.id!; d.day = day; d.$closedBy.id = receptionist.id!; d.closedAt = closingAt.addingTimeInterval(600)
                d.checks = AuditLog.canonicalJSON(ClosingCheck.allCases.map(\.rawValue)); d.workLog = "接待参观，清点无误，门窗水电已关闭。"
                d.$keysPost.id = post005.id!; d.$keysGuard.id = guardStaff.id!; d.keysReceivedAt = closingAt.addingTimeInterval(900)
                if !(daysAgo == 1 && index == 0) { d.$reviewedBy.id = foreman.id; d.reviewedAt = closingAt.addingTimeInterval(2400) }
                try await AuditLog.create("show_house_day.closed", d, by: who(receptionist), property: property.id, at: d.closedAt, on: db)
            }
        }
    }

    /// The lobby's consumables (one running low), the daily summaries (yesterday's waiting for leadership),
    /// and B handed to a curtain contractor and back a week ago, a cushion missing on return (SH-13, SH-21, SH-34).
    static func showHouseRecords(property: PropertyInfo, staff: [String: Staff], now: Date, on db: any Database) async throws {
        let time = property.localTime
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let lobby = staff["wy.zhuguan"]!, leader = staff["leader"]!, clerk = staff["kf.yuangong"]!
        let started = now.addingTimeInterval(-20 * 86_400)
        for (name, unit, stock, low, used) in [("布鞋套", "双", 160, 40, 30), ("一次性鞋套", "双", 35, 100, 120), ("雨伞套袋", "个", 400, 100, 60)] {
            let supply = LobbySupply()
            supply.id = UUID(); supply.$property.id = property.id; supply.name = name; supply.unit = unit; supply.stock = stock + used; supply.lowAt = low
            supply.$registeredBy.id = lobby.id!; supply.registeredAt = started
            try await AuditLog.create("lobby_supply.added", supply, by: who(lobby), property: property.id, at: started, on: db)
            let at = now.addingTimeInterval(-2 * 86_400)
            let m = SupplyMovement()
            m.$property.id = property.id; m.$supply.id = supply.id!; m.kind = .use; m.quantity = used; m.stockAfter = stock; m.note = "周末客流高峰"; m.$by.id = clerk.id!; m.at = at
            try await AuditLog.create("supply_movement.use", m, by: who(clerk), property: property.id, at: at, on: db)
            let before = AuditLog.snapshot(of: supply)
            supply.stock = stock
            try await RowWrite.update(supply, on: db)
            try await AuditLog.record("lobby_supply.use", supply, before: before, by: who(clerk), property: property.id, at: at, on: db)
        }
        if let b = try await ShowHouse.query(on: db).filter(\.$property.$id == property.id).filter(\.$name == "B户型样板房").first(),
           let inventory = try await ShowHouses.currentInventory(of: b.id!, on: db) {
            for (direction, daysAgo) in [(HandoverDirection.handedOver, 8.0), (.takenBack, 7.0)] {
                let at = now.addingTimeInterval(-daysAgo * 86_400)
                var marks = demoInventory.map { _ in CountMark(state: .present, note: nil) }
                if direction == .takenBack { marks[0] = CountMark(state: .missing, note: "少一个靠枕，施工方称未见") }
                let h = ConstructionHandover()
                h.id = UUID(); h.$property.id = property.id; h.$showHouse.id = b.id!; h.$inventory.id = inventory.id!; h.direction = direction; h.day = time.day(at)
                h.contractor = "美居窗帘工程队"; h.representative = "钱师傅"; h.representativeSignature = DemoData.demoSignature; h.marks = AuditLog.canonicalJSON(marks)
                h.note = direction == .handedOver ? "更换主卧窗帘，一天" : nil; h.$by.id = clerk.id!; h.at = at
                try await AuditLog.create("construction_handover.\(direction.rawValue)", h, by: who(clerk), property: property.id, at: at, on: db)
                if direction == .takenBack {
                    let actor = Actor(id: clerk.id!, username: clerk.username, name: clerk.name, rank: clerk.rank, department: .customerService, propertyIDs: [property.id], isAdmin: false)
                    try await ShowHouses.raiseFindings(zip(demoInventory, marks), house: b, day: h.day, what: direction.title.zh + "（\(h.contractor)）", open: [],
                                                       property: property, by: actor, at: at, on: db) { $0.$handover.id = h.id }
                }
            }
        }
        for daysAgo in 1...7 {
            let day = time.day(now.addingTimeInterval(Double(-daysAgo) * 86_400))
            guard let at = ServiceDeskRules.slotTime(day: day, at: "19:30", time: time) else { continue }
            let summary = ShowHouseSummary()
            summary.$property.id = property.id; summary.day = day
            summary.figures = AuditLog.canonicalJSON(try await ShowHouseSummaries.figures(propertyID: property.id, day: day, on: db))
            summary.note = daysAgo == 2 ? "周末客流大，一次性鞋套消耗快，已申购" : nil
            summary.$submittedBy.id = lobby.id!; summary.submittedAt = at
            if daysAgo > 1 { summary.$approvedBy.id = leader.id; summary.approvedAt = at.addingTimeInterval(14 * 3_600) }
            try await AuditLog.create("show_house_summary.submitted", summary, by: who(lobby), property: property.id, at: at, on: db)
        }
    }

    /// The holders the procedure names (11.1): security's manager and cleaning's supervisor are not among the demo's sign-ins, so they are made here.
    static func keyHolders(staff: [String: Staff], at: Date, property: UUID, on db: any Database) async throws -> (security: Staff, cleaning: Staff) {
        if let security = try await Staff.query(on: db).filter(\.$username == "ag.jingli").first(), let cleaning = try await Staff.query(on: db).filter(\.$username == "qj.zhuguan").first() {
            return (security, cleaning)
        }
        var made: [Staff] = []
        for (username, name, like, rank) in [("ag.jingli", "孟军", "ag.zhuguan", Rank.manager), ("qj.zhuguan", "黄丽", "qj.yuangong", .supervisor)] {
            let person = Staff(id: UUID(), username: username, name: name, passwordHash: staff[like]!.passwordHash, rank: rank, departmentID: staff[like]!.$department.id)
            try await AuditLog.create("staff.created", person, by: .system("demo"), property: nil, at: at, on: db)
            let link = StaffProperty(staffID: person.id!, propertyID: property)
            link.id = UUID()
            try await AuditLog.create("staff.assigned", link, by: .system("demo"), property: property, at: at, on: db)
            made.append(person)
        }
        return (made[0], made[1])
    }

    /// Six keys of the house's lock, two to a set; B's seal broken in a typhoon five nights ago and resealed; A's property-service set out today.
    private static func demoKeySets(house: ShowHouse, letter: String, staff: [String: Staff], registered: Date, now: Date, property: PropertyInfo, on db: any Database) async throws {
        func who(_ s: Staff) -> AuditActor { AuditActor(id: s.id, name: s.name) }
        let holders = try await keyHolders(staff: staff, at: registered, property: property.id, on: db)
        let clerk = staff["kf.zhuguan"]!
        for (set, (keeper, holder, seal)) in [(DepartmentCode.security, holders.security, "FT-\(letter)-031"), (.propertyService, staff["wy.zhuguan"]!, nil), (.cleaning, holders.cleaning, nil)].enumerated() {
            let group = KeySet()
            group.id = UUID(); group.$property.id = property.id; group.$showHouse.id = house.id!; group.keeper = keeper; group.$holder.id = holder.id!
            group.holderSignature = DemoData.demoSignature; group.sealNo = seal; group.$registeredBy.id = clerk.id!; group.registeredAt = registered
            try await AuditLog.create("key_set.registered", group, by: who(clerk), property: property.id, at: registered, on: db)
            for n in 1...2 {
                let key = RoomKey(id: UUID(), propertyID: property.id, unitID: house.$unit.id, tag: "YB\(letter)-\(set * 2 + n)", hook: "样板房\(letter)", kind: .room, lockNo: 1, at: registered)
                key.keySetID = group.id
                try await AuditLog.create("key.registered", key, by: who(clerk), property: property.id, at: registered, on: db)
                if keeper == .propertyService, letter == "A", let shift = ServiceDeskRules.slotTime(day: property.localTime.day(now), at: "08:30", time: property.localTime), shift < now {
                    let c = KeyCheckout()
                    c.id = UUID(); c.$property.id = property.id; c.$key.id = key.id!; c.openKeyID = key.id; c.$borrowerStaff.id = staff["kf.yuangong"]!.id
                    c.borrowerName = staff["kf.yuangong"]!.name; c.purpose = "样板房当班领用（\(house.name)）"; c.$issuedBy.id = holder.id!; c.issuedAt = shift
                    c.expectedReturnAt = ServiceDeskRules.slotTime(day: property.localTime.day(now), at: "18:30", time: property.localTime)!
                    c.confirmedAt = shift.addingTimeInterval(120); c.confirmation = .session
                    try await AuditLog.create("key.issued", c, by: who(holder), property: property.id, at: shift, on: db)
                    let before = AuditLog.snapshot(of: key)
                    key.status = .out; key.statusChangedAt = shift
                    try await RowWrite.update(key, on: db)
                    try await AuditLog.record("key.issued", key, before: before, by: who(holder), property: property.id, at: shift, on: db)
                }
            }
            if keeper == .security, letter == "B" {
                let broken = now.addingTimeInterval(-5 * 86_400 + 3_600 * 3), guardStaff = staff["ag.yuangong"]!, witness = staff["ag.zhuguan"]!
                for (kind, at, by, reason, sealNo) in [(KeySetEventKind.sealBroken, broken, guardStaff, "台风夜巡查发现客厅窗户被吹开，开门关窗并清理积水", "FT-B-031"),
                                                      (.resealed, broken.addingTimeInterval(6 * 3_600), witness, "重新封存", "FT-B-032")] {
                    let e = KeySetEvent()
                    e.$property.id = property.id; e.$keySet.id = group.id!; e.kind = kind; e.reason = reason; e.sealNo = sealNo; e.$by.id = by.id!; e.at = at
                    if kind == .sealBroken { e.emergency = .typhoon; e.$witness.id = witness.id }
                    try await AuditLog.create("key_set_event.\(kind.rawValue)", e, by: who(by), property: property.id, at: at, on: db)
                }
                let before = AuditLog.snapshot(of: group)
                group.sealNo = "FT-B-032"
                try await RowWrite.update(group, on: db)
                try await AuditLog.record("key_set.resealed", group, before: before, by: who(witness), property: property.id, at: broken.addingTimeInterval(6 * 3_600), on: db)
            }
        }
    }

    private static func demoCount(house: ShowHouse, inventory: ShowHouseInventory, day: String, kind: CountKind, by person: Staff, at: Date, marks: [CountMark],
                                  property: UUID, on db: any Database) async throws -> ShowHouseCount {
        let c = ShowHouseCount()
        c.id = UUID(); c.$property.id = property; c.$showHouse.id = house.id!; c.$inventory.id = inventory.id!; c.day = day; c.kind = kind
        c.$countedBy.id = person.id!; c.countedAt = at; c.marks = AuditLog.canonicalJSON(marks); c.hygieneOK = true
        if kind == .opening {
            c.outdoorTemp = 18; c.setTemp = 23; c.crowded = false; c.raining = false; c.dehumidify = false
            c.dayType = .normal; c.shoeCovers = .cloth; c.umbrellaBagger = false; c.signage = true
        }
        try await AuditLog.create("show_house_count.\(kind.rawValue)", c, by: AuditActor(id: person.id, name: person.name), property: property, at: at, on: db)
        return c
    }

    private static func demoFinding(house: ShowHouse, count: ShowHouseCount, line: InventoryLine, state: ItemState, note: String, kind: ServiceKind,
                                    department: DepartmentCode, resolved: Bool, by person: Staff, fixer: Staff, property: PropertyInfo, on db: any Database) async throws {
        let i = ServiceItem()
        i.id = UUID(); i.$property.id = property.id; i.raisedAt = count.countedAt
        i.referenceNo = try await ReferenceNumber.next("KF", in: ServiceItem.schema, property: property, now: i.raisedAt, on: db)
        i.kind = kind; i.source = .showHouse; i.urgent = false
        i.description = "\(house.name) \(count.kind.title.zh)：\(line.room) \(line.item) \(state.title.zh)——\(note)"
        i.$raisedBy.id = person.id!; i.department = department; i.status = .open; i.reopenCount = 0
        if resolved {
            i.status = .closed; i.$owner.id = fixer.id; i.$assignedBy.id = fixer.id; i.assignedAt = i.raisedAt.addingTimeInterval(1800)
            i.dueAt = i.raisedAt.addingTimeInterval(86_400); i.$doneBy.id = fixer.id; i.doneAt = i.raisedAt.addingTimeInterval(7200)
            i.doneNote = "调阅监控，花瓶被移至储物间，已放回原位"; i.closedAt = i.doneAt
        }
        try await AuditLog.create("service_item.recorded", i, by: AuditActor(id: person.id, name: person.name), property: property.id, at: i.raisedAt, on: db)
        let f = ShowHouseFinding()
        f.$property.id = property.id; f.$showHouse.id = house.id!; f.day = count.day; f.$count.id = count.id; f.room = line.room; f.item = line.item; f.state = state; f.note = note
        f.$serviceItem.id = i.id!
        try await AuditLog.create("show_house_finding.raised", f, by: AuditActor(id: person.id, name: person.name), property: property.id, at: i.raisedAt, on: db)
    }
}
