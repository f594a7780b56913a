import ConsoleKit
import Fluent
import Vapor

/// The demo company a newcomer can click through: property "z城" with two
/// buildings and 40 units, the five departments and their posts, fifteen
/// staff covering every rank, 60 customer-room keys and three weeks of key
/// history — written with audit events, so `wuye audit verify` passes on it.
public enum DemoData {
    public static let password = "wuye2026"

    /// username, name, department, rank, admin, also at the second property
    static let people: [(String, String, DepartmentCode, Rank, Bool, Bool)] = [
        ("admin", "王建国", .customerService, .manager, true, true),
        ("kf.jingli", "刘洋", .customerService, .manager, false, true),
        ("kf.zhuguan", "张敏", .customerService, .supervisor, false, false),
        ("kf.lingban", "李娜", .customerService, .foreman, false, false),
        ("kf.lingban2", "陈静", .customerService, .foreman, false, false),
        ("kf.yuangong", "赵丽", .customerService, .staff, false, false),
        ("kf.yuangong2", "孙悦", .customerService, .staff, false, false),
        ("ag.zhuguan", "郑伟", .security, .supervisor, false, false),
        ("ag.lingban", "吴刚", .security, .foreman, false, false),
        ("ag.yuangong", "周强", .security, .staff, false, false),
        ("gc.lingban", "冯涛", .engineering, .foreman, false, false),
        ("qj.yuangong", "何芳", .cleaning, .staff, false, false),
        ("wy.zhuguan", "许杰", .propertyService, .supervisor, false, false),
        ("wy.jingli", "马超", .propertyService, .manager, false, false),
        ("leader", "杨志远", .propertyService, .leadership, false, true),
    ]

    public static func printSignIns(_ console: any Console) {
        console.info("Demo sign-ins (password for all: \(password)):")
        for (username, name, department, rank, admin, _) in people {
            console.print("  \(username.padding(toLength: 13, withPad: " ", startingAt: 0)) \(name)  \(department.title.zh) \(rank.title.zh)\(admin ? "  系统管理员" : "")")
        }
    }

    static func createCompany(_ app: Application, name: String) async throws {
        try await app.write { db in
            try await Company(id: UUID(), name: name).create(on: db)
            for code in DepartmentCode.allCases {
                let department = Department(id: UUID(), code: code, name: code.title.zh)
                try await AuditLog.create("department.created", department, by: .system("setup"), property: nil, at: app.clock.now(), on: db)
            }
        }
    }

    /// Loads the demo unless the database already has staff. Returns whether it loaded.
    @discardableResult
    public static func loadIfEmpty(_ app: Application) async throws -> Bool {
        guard try await Staff.query(on: app.db).count() == 0 else { return false }
        if try await Company.query(on: app.db).count() == 0 {
            try await createCompany(app, name: "示范物业服务有限公司")
        }
        let now = app.clock.now()
        let hash = try await app.password.async.hash(password)
        let system = AuditActor.system("demo")
        try await app.write { db in
            var random = SeededRandom(seed: 2026)
            let company = try await Company.query(on: db).first()!
            let departments = Dictionary(uniqueKeysWithValues: try await Department.query(on: db).all().map { ($0.code, $0.id!) })
            let start = now.addingTimeInterval(-22 * 86400)

            let zc = Property(id: UUID(), companyID: company.id!, name: "z城", code: "ZC")
            let yw = Property(id: UUID(), companyID: company.id!, name: "y湾", code: "YW")
            for property in [zc, yw] {
                try await AuditLog.create("property.created", property, by: system, property: property.id, at: start, on: db)
            }
            var units: [(Unit, String)] = []
            for (propertyID, buildingNames, floors) in [(zc.id!, ["1栋", "2栋"], 10), (yw.id!, ["A座"], 3)] {
                for buildingName in buildingNames {
                    let building = Building(id: UUID(), propertyID: propertyID, name: buildingName)
                    try await AuditLog.create("building.created", building, by: system, property: propertyID, at: start, on: db)
                    for floor in 1...floors {
                        for door in 1...2 {
                            let unit = Unit(id: UUID(), propertyID: propertyID, buildingID: building.id!, number: String(format: "%02d%02d", floor, door))
                            try await AuditLog.create("unit.created", unit, by: system, property: propertyID, at: start, on: db)
                            units.append((unit, buildingName))
                        }
                    }
                }
            }
            for (name, code) in [("大堂岗", DepartmentCode.propertyService), ("样板房接待岗", .customerService), ("保洁岗", .cleaning), ("005岗", .security), ("监控室", .security)] {
                let post = Post(id: UUID(), propertyID: zc.id!, departmentID: departments[code]!, name: name)
                try await AuditLog.create("post.created", post, by: system, property: zc.id, at: start, on: db)
            }

            var staff: [String: Staff] = [:]
            for (username, name, department, rank, admin, both) in people {
                let person = Staff(id: UUID(), username: username, name: name, passwordHash: hash, rank: rank, departmentID: departments[department]!,
                                   phone: "1390000" + String(format: "%04d", staff.count + 1), isAdmin: admin)
                try await AuditLog.create("staff.created", person, by: system, property: nil, at: start, on: db)
                for property in both ? [zc, yw] : [zc] {
                    let link = StaffProperty(staffID: person.id!, propertyID: property.id!)
                    link.id = UUID()
                    try await AuditLog.create("staff.assigned", link, by: system, property: property.id, at: start, on: db)
                }
                staff[username] = person
            }

            // Keys: a room key for every z城 unit, a spare for every other one; y湾 gets room keys.
            var keys: [RoomKey] = []
            let supervisor = AuditActor(id: staff["kf.zhuguan"]!.id, name: staff["kf.zhuguan"]!.name)
            for (index, (unit, buildingName)) in units.enumerated() {
                let prefix = unit.$property.id == zc.id! ? "Z" : "Y"
                let buildingCode = buildingName.filter(\.isNumber).isEmpty ? "A" : buildingName.filter(\.isNumber)
                var kinds: [KeyKind] = [.room]
                if prefix == "Z" && index % 2 == 0 { kinds.append(.spare) }
                for kind in kinds {
                    let tag = "\(prefix)\(buildingCode)-\(unit.number)-\(kind == .room ? "A" : "B")"
                    let hook = "\(kind == .room ? "A" : "B")-\(String(format: "%02d", keys.count % 40 + 1))"
                    let key = RoomKey(id: UUID(), propertyID: unit.$property.id, unitID: unit.id!, tag: tag, hook: hook, kind: kind, lockNo: 1, at: start)
                    try await AuditLog.create("key.registered", key, by: supervisor, property: unit.$property.id, at: start, on: db)
                    keys.append(key)
                }
            }

            // Three weeks of checkouts, in time order so the chain reads chronologically.
            let zcRoomKeys = keys.filter { $0.$property.id == zc.id! && $0.kind == .room }
            let issuers = [staff["kf.lingban"]!, staff["kf.lingban2"]!, staff["kf.jingli"]!]
            let borrowers = [staff["kf.yuangong"]!, staff["kf.yuangong2"]!, staff["gc.lingban"]!, staff["qj.yuangong"]!, staff["wy.zhuguan"]!]
            let contractors = [("黄师傅", "138" + "12345678", "440106198001011234", "恒达装饰"), ("林工", "139" + "87654321", "440104198505052345", "安居水电维修")]
            let purposes = ["业主委托开门验房", "维修漏水", "空调检修", "业主委托保洁", "抄水电表", "装修巡查", "更换灯具"]
            let time = zc.localTime
            var busy = Set<UUID>()
            for day in 0..<21 {
                let dayStart = time.startOfDay(containing: start.addingTimeInterval(Double(day + 1) * 86400))
                for slot in 0..<random.next(in: 2...5) {
                    let key = zcRoomKeys[random.next(in: 0...(zcRoomKeys.count - 1))]
                    if busy.contains(key.id!) { continue }
                    let issuedAt = dayStart.addingTimeInterval(Double(9 * 3600 + slot * 5400 + random.next(in: 0...1800)))
                    let issuer = issuers[random.next(in: 0...2)]
                    let checkout = KeyCheckout()
                    checkout.id = UUID()
                    checkout.$property.id = zc.id!
                    checkout.$key.id = key.id!
                    checkout.purpose = purposes[random.next(in: 0...(purposes.count - 1))]
                    checkout.$issuedBy.id = issuer.id!
                    checkout.issuedAt = issuedAt
                    checkout.expectedReturnAt = issuedAt.addingTimeInterval(Double(random.next(in: 2...6)) * 3600)
                    if random.next(in: 0...3) == 0 {
                        let contractor = contractors[random.next(in: 0...1)]
                        checkout.borrowerName = contractor.0
                        checkout.borrowerPhone = contractor.1
                        checkout.borrowerIDNumber = contractor.2
                        checkout.borrowerCompany = contractor.3
                        checkout.confirmation = .signature
                        checkout.signature = demoSignature
                    } else {
                        let borrower = borrowers[random.next(in: 0...(borrowers.count - 1))]
                        checkout.$borrowerStaff.id = borrower.id!
                        checkout.borrowerName = borrower.name
                        checkout.confirmation = .session
                    }
                    checkout.confirmedAt = issuedAt.addingTimeInterval(60)
                    let last = day == 20
                    let stillOut = last && slot < 2
                    if !stillOut {
                        let back = checkout.expectedReturnAt.addingTimeInterval(Double(random.next(in: -3000...1800)))
                        checkout.returnedAt = back
                        checkout.$receivedBy.id = issuers[random.next(in: 0...2)].id!
                        checkout.outcome = .returned
                    } else {
                        checkout.openKeyID = key.id
                        busy.insert(key.id!)
                    }
                    try await checkout.create(on: db)
                    let issuerActor = AuditActor(id: issuer.id, name: issuer.name)
                    try await AuditLog.record("key.issued", checkout, by: issuerActor, property: zc.id, at: issuedAt, on: db)
                    if stillOut {
                        key.status = .out
                        key.statusChangedAt = issuedAt
                        try await key.update(on: db)
                        try await AuditLog.record("key.issued", key, by: issuerActor, property: zc.id, at: issuedAt, on: db)
                    }
                }
            }
            // One key overdue: out since yesterday.
            if let overdueKey = zcRoomKeys.first(where: { !busy.contains($0.id!) }) {
                let issuer = staff["kf.lingban"]!
                let checkout = KeyCheckout()
                checkout.id = UUID()
                checkout.$property.id = zc.id!
                checkout.$key.id = overdueKey.id!
                checkout.openKeyID = overdueKey.id
                checkout.borrowerName = contractors[0].0
                checkout.borrowerPhone = contractors[0].1
                checkout.borrowerIDNumber = contractors[0].2
                checkout.borrowerCompany = contractors[0].3
                checkout.signature = demoSignature
                checkout.confirmation = .signature
                checkout.purpose = "卫生间防水维修"
                checkout.$issuedBy.id = issuer.id!
                checkout.issuedAt = now.addingTimeInterval(-26 * 3600)
                checkout.confirmedAt = checkout.issuedAt
                checkout.expectedReturnAt = now.addingTimeInterval(-20 * 3600)
                try await checkout.create(on: db)
                let actor = AuditActor(id: issuer.id, name: issuer.name)
                try await AuditLog.record("key.issued", checkout, by: actor, property: zc.id, at: checkout.issuedAt, on: db)
                try await AuditLog.update("key.issued", try await AuditLog.lock(RoomKey.self, overdueKey.id, on: db)!, by: actor, property: zc.id, at: checkout.issuedAt, on: db) { overdueKey in
                    overdueKey.status = .out
                    overdueKey.statusChangedAt = checkout.issuedAt
                }
                busy.insert(overdueKey.id!)
            }
            // One key issued to 赵丽 this morning, which she has not confirmed yet.
            if let morningKey = zcRoomKeys.last(where: { !busy.contains($0.id!) }) {
                let issuer = staff["kf.lingban2"]!, borrower = staff["kf.yuangong"]!
                let checkout = KeyCheckout()
                checkout.id = UUID()
                checkout.$property.id = zc.id!
                checkout.$key.id = morningKey.id!
                checkout.openKeyID = morningKey.id
                checkout.$borrowerStaff.id = borrower.id!
                checkout.borrowerName = borrower.name
                checkout.purpose = "抄水电表"
                checkout.$issuedBy.id = issuer.id!
                checkout.issuedAt = now.addingTimeInterval(-3600)
                checkout.expectedReturnAt = now.addingTimeInterval(3 * 3600)
                try await checkout.create(on: db)
                let actor = AuditActor(id: issuer.id, name: issuer.name)
                try await AuditLog.record("key.issued", checkout, by: actor, property: zc.id, at: checkout.issuedAt, on: db)
                try await AuditLog.update("key.issued", try await AuditLog.lock(RoomKey.self, morningKey.id, on: db)!, by: actor, property: zc.id, at: checkout.issuedAt, on: db) { key in
                    key.status = .out
                    key.statusChangedAt = checkout.issuedAt
                }
                try await Notifier.notify(borrower.id!, at: zc.id, kind: KeyNotice.issuedToYou.rawValue,
                                          message: Text("\(issuer.name) 把钥匙 \(morningKey.tag) 发放给你（抄水电表），请确认已领取。", "\(issuer.name) issued key \(morningKey.tag) to you; confirm you took it."),
                                          link: "/checkouts/\(checkout.id!)", subject: checkout.id, now: checkout.issuedAt, on: db)
                busy.insert(morningKey.id!)
            }
            // One key withdrawn as damaged, one reported lost with its lock change open.
            let idle = zcRoomKeys.filter { !busy.contains($0.id!) }
            let damagedKey = idle[idle.count - 1]
            let lostKey = idle[idle.count - 2]
            let reporter = staff["kf.yuangong"]!
            let reporterActor = AuditActor(id: reporter.id, name: reporter.name)
            let damagedAt = now.addingTimeInterval(-5 * 86400), lostAt = now.addingTimeInterval(-2 * 86400)
            _ = try await AuditLog.update("key.withdrawn_damaged", try await AuditLog.lock(RoomKey.self, damagedKey.id, on: db)!, by: reporterActor, property: zc.id, at: damagedAt, on: db) { damaged in
                damaged.status = .withdrawnDamaged
                damaged.statusChangedAt = damagedAt
                damaged.note = "钥匙齿断裂"
            }
            let lost = try await AuditLog.update("key.reported_lost", try await AuditLog.lock(RoomKey.self, lostKey.id, on: db)!, by: reporterActor, property: zc.id, at: lostAt, on: db) { lost in
                lost.status = .lost
                lost.statusChangedAt = lostAt
                lost.note = "维修人员归还途中遗失"
            }
            let task = LockChange()
            task.id = UUID()
            task.$property.id = zc.id!
            task.$unit.id = lost.$unit.id
            task.$lostKey.id = lost.id!
            task.$reportedBy.id = reporter.id!
            task.reportedAt = lost.statusChangedAt
            task.note = lost.note!
            task.oldLockNo = 1
            try await AuditLog.create("lock_change.opened", task, by: reporterActor, property: zc.id, at: task.reportedAt, on: db)
            try await Notifier.notify(KeyCabinet.lossAudience, at: zc.id!, kind: KeyNotice.lost.rawValue,
                                      message: Text("钥匙 \(lost.tag) 报失：\(lost.note!)。请尽快更换门锁。", "Key \(lost.tag) reported lost: \(lost.note!). Change the lock as soon as possible."),
                                      link: "/lock-changes/\(task.id!)", subject: task.id, except: reporter.id, now: task.reportedAt, on: db)
            try await Notifier.notify(KeyCabinet.engineeringAudience, at: zc.id!, kind: KeyNotice.lockChangeOpened.rawValue,
                                      message: Text("钥匙 \(lost.tag) 丢失，须更换门锁。换锁后请在系统中登记新钥匙。", "Key \(lost.tag) was lost; the lock is to be changed. Record the new keys here when it is done."),
                                      link: "/lock-changes/\(task.id!)", subject: task.id, now: task.reportedAt, on: db)

            let owners = try await customers(units: units, property: zc.id!, clerk: staff["kf.yuangong"]!, at: start, now: now, on: db)
            try await publicSpaces(property: zc.id!, clerk: staff["kf.yuangong"]!, supervisor: staff["kf.zhuguan"]!, customers: owners, now: now, on: db)
            let zcInfo = PropertyInfo(id: zc.id!, name: zc.name, code: zc.code, localTime: LocalTime(zc.timeZone))
            try await violations(property: zcInfo, clerk: staff["kf.yuangong"]!,
                                 supervisor: staff["kf.zhuguan"]!, guard: staff["ag.yuangong"]!, customers: owners, now: now, on: db)
            try await serviceDesk(property: zcInfo, staff: staff, customers: owners, now: now, on: db)
            try await handovers(property: zcInfo, staff: staff, now: now, on: db)
            try await showHouses(property: zcInfo, staff: staff, now: now, on: db)
            try await showHouseRecords(property: zcInfo, staff: staff, now: now, on: db)
            try await duties(property: zcInfo, staff: staff, now: now, on: db)
            try await siteAccess(property: zcInfo, staff: staff, now: now, on: db)

            // A spare key waiting for security (KY-6).
            if let spare = keys.first(where: { $0.kind == .spare && $0.status == .inCabinet }) {
                let foreman = staff["kf.lingban"]!
                let release = SpareKeyRelease()
                release.id = UUID()
                release.$property.id = zc.id!
                release.$key.id = spare.id!
                release.$requestedBy.id = foreman.id!
                release.reason = "业主出差，委托开门接收家具"
                release.requestedAt = now.addingTimeInterval(-1800)
                try await AuditLog.create("spare_key.requested", release, by: AuditActor(id: foreman.id, name: foreman.name), property: zc.id, at: release.requestedAt, on: db)
                try await Notifier.notify(KeyCabinet.securityAudience, at: zc.id!, kind: KeyNotice.spareRequested.rawValue,
                                          message: Text("客服部申请使用备用钥匙 \(spare.tag)：\(release.reason)。请确认。", "Customer service asks to use spare key \(spare.tag): \(release.reason). Please confirm."),
                                          link: "/properties/\(zc.id!)/spare-releases", subject: release.id, except: foreman.id, now: release.requestedAt, on: db)
            }
        }
        return true
    }

    /// A small drawn signature for demo rows.
    static let demoSignature = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAgCAAAAADIqyKIAAAAmklEQVR42u1VQQ7AIAjr/z/NYrZkmaItblwWOAq2EEuFJQeKoAh+QYAzsghwRwrBBR2luItBC51L8swgBD2kwoA+xPbVIR6YhMBN0pa6/KJ+klrfGJPT+q1EYGTSqHraVOSeR19//vxNqQjiu/rFYpM9NdpXaoSNDNLGqtuEEVL1HM0F0YNuehp107euzO06Cd9ANr0+/SLgcQBPuviUu7lhHAAAAABJRU5ErkJggg=="
}

/// A small deterministic generator so the demo is the same every time.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(nextUInt64() % UInt64(range.count))
    }
}
