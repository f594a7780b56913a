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
