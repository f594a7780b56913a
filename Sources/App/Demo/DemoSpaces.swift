import Fluent
import Foundation

/// The demo's public spaces: a lobby, a plaza, a wall, and a fire lane that
/// may never be used; uses in every state, one approved but unpaid.
extension DemoData {
    static func publicSpaces(property: UUID, clerk: Staff, supervisor: Staff, customers: [Customer], now: Date, on db: any Database) async throws {
        let clerkActor = AuditActor(id: clerk.id, name: clerk.name), boss = AuditActor(id: supervisor.id, name: supervisor.name)
        let time = LocalTime("Asia/Shanghai")
        func space(_ name: String, _ kind: SpaceKind, _ area: Double, _ rule: FeeRule, _ fee: Int, fire: Bool = false, note: String? = nil) async throws -> PublicSpace {
            let space = PublicSpace()
            space.id = UUID(); space.$property.id = property
            space.name = name; space.kind = kind; space.areaM2 = area; space.feeRule = rule; space.feeFen = fee
            space.maxOccupancy = kind == .lobby ? 80 : nil; space.fireRoute = fire; space.note = note; space.active = true; space.version = 1
            try await AuditLog.create("public_space.registered", space, by: boss, property: property, at: now.addingTimeInterval(-30 * 86400), on: db)
            return space
        }
        let lobby = try await space("1栋大堂", .lobby, 120, .perDay, 50_000)
        let plaza = try await space("中心广场", .plaza, 600, .perSquareMetreDay, 500)
        _ = try await space("2栋外墙广告位", .wall, 24, .perEvent, 80_000, note: "仅限经审批的临时横幅")
        _ = try await space("地下车库消防通道", .corridor, 300, .perDay, 0, fire: true, note: "消防通道，任何时候不得占用")
        func use(_ space: PublicSpace, _ customer: Customer, _ purpose: String, area: Double, days: (Int, Int), status: SpaceUseStatus, paid: Bool = false) async throws {
            let use = SpaceUse()
            use.id = UUID(); use.$property.id = property; use.$space.id = space.id!; use.$customer.id = customer.id
            use.applicant = customer.name; use.purpose = purpose; use.areaM2 = area
            use.startsOn = time.day(now.addingTimeInterval(Double(days.0) * 86400)); use.endsOn = time.day(now.addingTimeInterval(Double(days.1) * 86400))
            use.status = .applied; use.$recordedBy.id = clerk.id!; use.recordedAt = now.addingTimeInterval(Double(min(days.0, 0) - 3) * 86400)
            if status != .applied {
                use.fireSafe = true; use.tidy = status != .refused; use.$checkedBy.id = clerk.id!; use.checkedAt = use.recordedAt.addingTimeInterval(3600)
                use.checkNote = status == .refused ? "横幅遮挡窗户，影响美观" : nil
                use.status = status == .refused ? .refused : .checked
            }
            if status == .approved {
                use.status = .approved; use.$decidedBy.id = supervisor.id!; use.decidedAt = use.recordedAt.addingTimeInterval(7200)
                use.feeFen = SpaceRules.fee(rule: space.feeRule, price: space.feeFen, area: area, days: days.1 - days.0 + 1)
                if paid { use.paidAt = use.recordedAt.addingTimeInterval(86400); use.receiptNo = "GD-\(time.day(now).prefix(4))-\(String(format: "%03d", Int(area)))" }
            }
            try await AuditLog.create("space_use.applied", use, by: clerkActor, property: property, at: use.recordedAt, on: db)
        }
        guard customers.count >= 4 else { return }
        try await use(lobby, customers[0], "婚礼签到台", area: 20, days: (-10, -10), status: .approved, paid: true)
        try await use(plaza, customers[1], "儿童跳蚤市场", area: 150, days: (5, 6), status: .approved)
        try await use(lobby, customers[2], "团购提货点", area: 10, days: (8, 12), status: .checked)
        try await use(plaza, customers[3], "装修材料临时堆放", area: 40, days: (2, 4), status: .applied)
        try await use(lobby, customers[1], "商铺开业横幅", area: 6, days: (1, 3), status: .refused)
    }
}

/// The demo's violations (PS-4, PS-5): one just reported by a guard, one
/// ordered and overdue, one restored with its penalty unpaid (arrears in the
/// customer's file), one paid, one dismissed.
extension DemoData {
    static func violations(property: PropertyInfo, clerk: Staff, supervisor: Staff, guard patrol: Staff, customers: [Customer], now: Date, on db: any Database) async throws {
        guard customers.count >= 6 else { return }
        let spaces = try await PublicSpace.query(on: db).filter(\.$property.$id == property.id).all()
        func space(_ name: String) -> UUID? { spaces.first { $0.name == name }?.id }
        let time = property.localTime
        func day(_ offset: Double) -> String { time.day(now.addingTimeInterval(offset * 86400)) }
        func violation(_ kind: ViolationKind, _ place: String, space spaceName: String? = nil, _ description: String, by reporter: Staff, hoursAgo: Double,
                       photo: (UInt8, UInt8, UInt8), _ steps: (SpaceViolation) -> Void) async throws {
            let v = SpaceViolation()
            v.id = UUID(); v.$property.id = property.id
            v.reportedAt = now.addingTimeInterval(-hoursAgo * 3600)
            v.referenceNo = try await ReferenceNumber.next("WZ", in: SpaceViolation.schema, property: property, now: v.reportedAt, on: db)
            v.$space.id = spaceName.flatMap(space)
            v.place = place; v.kind = kind; v.description = description
            v.$reportedBy.id = reporter.id!
            v.status = .reported; v.failedChecks = 0
            steps(v)
            let who = AuditActor(id: reporter.id, name: reporter.name)
            try await AuditLog.create("space_violation.reported", v, by: who, property: property.id, at: v.reportedAt, on: db)
            try await Attachments.add([Upload(contentType: "image/png", bytes: DemoPhoto.png(notice: photo))], to: SpaceViolation.auditType, v.id!,
                                      property: property.id, by: reporter.id!, who, at: v.reportedAt, on: db)
        }
        func order(_ v: SpaceViolation, _ customer: Customer, restoreBy: String, daysAgo: Double, note: String) {
            v.status = .ordered; v.$customer.id = customer.id; v.party = customer.name
            v.$orderedBy.id = clerk.id!; v.orderedAt = now.addingTimeInterval(-daysAgo * 86400); v.orderNote = note
            v.restoreBy = restoreBy; v.restoreDueAt = time.endOfDay(restoreBy)
        }
        func close(_ v: SpaceViolation, _ status: ViolationStatus, daysAgo: Double, note: String) {
            v.status = status; v.$closedBy.id = clerk.id!; v.closedAt = now.addingTimeInterval(-daysAgo * 86400); v.closingNote = note
        }
        try await violation(.graffiti, "3栋消防楼梯间", "楼梯间墙面被涂画", by: patrol, hoursAgo: 24 * 20, photo: (37, 99, 235)) { v in
            order(v, customers[3], restoreBy: day(-15), daysAgo: 19, note: "重新粉刷恢复墙面")
            close(v, .restored, daysAgo: 15, note: "墙面已重新粉刷")
            v.penaltyFen = 5_000; v.penaltyBasis = "《管理规约》第十五条：损坏公共部位"; v.$penaltyBy.id = supervisor.id!
            v.penaltyPaidAt = now.addingTimeInterval(-14 * 86400); v.penaltyReceipt = "FK-\(day(0).prefix(4))-003"
        }
        try await violation(.occupation, "中心广场东侧", space: "中心广场", "未经申请堆放装修材料约 30 平方米", by: clerk, hoursAgo: 24 * 12, photo: (146, 64, 14)) { v in
            order(v, customers[5], restoreBy: day(-10), daysAgo: 12, note: "当日清理完毕")
            close(v, .restored, daysAgo: 10, note: "材料已清走，地面已清扫")
            v.penaltyFen = 20_000; v.penaltyBasis = "《管理规约》第十二条：擅自占用公共场地"; v.$penaltyBy.id = supervisor.id!
        }
        try await violation(.occupation, "中心广场", space: "中心广场", "广场有人摆摊", by: patrol, hoursAgo: 24 * 9, photo: (22, 163, 74)) { v in
            close(v, .dismissed, daysAgo: 9, note: "已批准的儿童跳蚤市场筹备，不属违章")
        }
        try await violation(.signage, "2栋底商外窗", "商铺在二楼外窗悬挂“旺铺转让”横幅", by: patrol, hoursAgo: 24 * 4, photo: (220, 38, 38)) { v in
            order(v, customers[4], restoreBy: day(-1), daysAgo: 4, note: "三日内拆除横幅，恢复窗面原状")
        }
        try await violation(.posters, "1栋大堂玻璃门", space: "1栋大堂", "玻璃门上贴了多张装修公司小广告", by: patrol, hoursAgo: 2, photo: (250, 204, 21)) { _ in }
    }
}
