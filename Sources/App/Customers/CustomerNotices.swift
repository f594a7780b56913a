import Fluent
import Vapor

/// 客户通知 — notices to customers (CA-4): written once, sent to the chosen
/// buildings and units, registered with a number, and tracked household by
/// household until delivered and read.
public enum CustomerNotices {
    static let noticeNoun = Text("通知", "notice")
    static let deliveryNoun = Text("送达记录", "delivery")
    static let mostUnits = 5_000

    public static func send(propertyID: UUID?, _ input: NewNoticeInput, on req: Request) async throws -> CustomerNotice {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .editCustomers)
        guard let title = Input.text(input.title) else { throw WuyeError.missing("title", Text("标题", "Title"), rule: "CA-4") }
        guard let body = Input.text(input.body) else { throw WuyeError.missing("body", Text("正文", "Text"), rule: "CA-4") }
        let buildingIDs = try (input.buildingIDs ?? []).compactMap { try Input.uuid($0, field: "buildingIDs") }
        let unitIDs = try (input.unitIDs ?? []).compactMap { try Input.uuid($0, field: "unitIDs") }
        let units = try await audience(buildings: buildingIDs, units: unitIDs, property: property.id, on: req.db)
        let addressees = try await addressees(of: units.map { $0.id! }, on: req.db)
        let now = req.now
        return try await req.write { db in
            let notice = CustomerNotice()
            notice.id = UUID()
            notice.$property.id = property.id
            notice.referenceNo = try await ReferenceNumber.next("TZ", in: CustomerNotice.schema, property: property, now: now, on: db)
            notice.title = title
            notice.body = body
            notice.$issuedBy.id = actor.id
            notice.issuedAt = now
            try await AuditLog.create("customer_notice.sent", notice, by: .person(actor), property: property.id, at: now, on: db)
            for unit in units {
                let delivery = NoticeDelivery()
                delivery.id = UUID()
                delivery.$property.id = property.id
                delivery.$notice.id = notice.id!
                delivery.$unit.id = unit.id!
                delivery.addressedTo = addressees[unit.id!] ?? Text("住户", "Residents").zh
                try await AuditLog.create("customer_notice.addressed", delivery, by: .person(actor), property: property.id, at: now, on: db)
            }
            return notice
        }
    }

    /// The units of the chosen buildings and the chosen units, all at this property (CA-4).
    static func audience(buildings: [UUID], units: [UUID], property: UUID, on db: any Database) async throws -> [Unit] {
        guard !buildings.isEmpty || !units.isEmpty else {
            throw WuyeError.missing("unitIDs", Text("发送给哪些楼栋或房号", "the buildings or units it goes to"), choose: true, rule: "CA-4")
        }
        let inBuildings = buildings.isEmpty ? [] : try await Building.query(on: db).filter(\.$id ~~ buildings).filter(\.$property.$id == property).all()
        guard inBuildings.count == Set(buildings).count else { throw WuyeError.notFound(Text("楼栋", "building"), field: "buildingIDs") }
        var found = buildings.isEmpty ? [] : try await Unit.query(on: db).filter(\.$building.$id ~~ buildings).with(\.$building).all()
        if !units.isEmpty {
            let chosen = try await Unit.query(on: db).filter(\.$id ~~ units).filter(\.$property.$id == property).with(\.$building).all()
            guard chosen.count == Set(units).count else { throw WuyeError.notFound(CustomerFiles.unitNoun, field: "unitIDs") }
            found += chosen
        }
        var seen = Set<UUID>()
        let all = found.filter { seen.insert($0.id!).inserted }
        guard all.count <= mostUnits else {
            throw WuyeError.invalid("unitIDs", Text("一份通知最多发给 \(mostUnits) 户", "A notice goes to at most \(mostUnits) units"), rule: "CA-4")
        }
        guard !all.isEmpty else { throw WuyeError.invalid("buildingIDs", Text("所选楼栋没有房号", "The chosen buildings have no units"), rule: "CA-4") }
        return all.sorted { UnitLabel.of($0).localizedStandardCompare(UnitLabel.of($1)) == .orderedAscending }
    }

    /// Owners and tenants living at each unit now: whom the notice is addressed to.
    static func addressees(of units: [UUID], on db: any Database) async throws -> [UUID: String] {
        struct Row: ReadRow {
            let unitID: UUID; let name: String
            init(_ row: RowReader) throws { unitID = try row.next("unit_id"); name = try row.next("name") }
        }
        var names: [UUID: [String]] = [:]
        for start in stride(from: 0, to: units.count, by: 500) {
            let batch = Array(units[start..<min(units.count, start + 500)])
            let rows = try await db.sql.rows(Row.self, """
                SELECT cu.unit_id, c.name FROM customer_units cu JOIN customers c ON c.id = cu.customer_id
                WHERE cu.unit_id IN (\(binds: batch)) AND cu.ended_on IS NULL AND cu.relation <> 'member' ORDER BY cu.relation, c.name
                """)
            for row in rows { names[row.unitID, default: []].append(row.name) }
        }
        return names.mapValues { $0.joined(separator: "、") }
    }

    /// "TZ-2026-0007": the property's notices of the year, counted inside the sending transaction.
    // MARK: Delivery and reading

    public static func delivered(deliveryID: UUID?, _ input: DeliveredInput, on req: Request) async throws -> NoticeDelivery {
        let actor = try req.actor
        let found = try await findDelivery(deliveryID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: found.$property.id)
        let method = try deliveryMethod(input)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(NoticeDelivery.self, found.id, on: db) else { throw WuyeError.notFound(deliveryNoun) }
            guard locked.deliveredAt == nil else {
                throw WuyeError.conflict(Text("已于 \(locked.deliveredAt.map { $0.formatted(.iso8601) } ?? "") 送达", "Already delivered"), rule: "CA-4", field: "method")
            }
            return try await record(locked, deliveredBy: method, actor: actor, property: found.$property.id, now: now, on: db)
        }
    }

    /// Every household not yet recorded, delivered the same way (posted on
    /// each building's board, or put in every mailbox): one action.
    public static func deliveredToAll(noticeID: UUID?, _ input: DeliveredInput, on req: Request) async throws -> Int {
        let actor = try req.actor
        let notice = try await findNotice(noticeID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: notice.$property.id)
        let method = try deliveryMethod(input)
        let now = req.now
        return try await req.write { db in
            // Read again once locked: one delivered in between is left as it was recorded.
            let waiting = try await AuditLog.lockAll(NoticeDelivery.query(on: db).filter(\.$notice.$id == notice.id!).filter(\.$deliveredAt == nil), on: db)
                .filter { $0.deliveredAt == nil }
            guard !waiting.isEmpty else { throw WuyeError.conflict(Text("各户都已登记送达", "Every household is already recorded"), rule: "CA-4", field: "method") }
            for delivery in waiting {
                try await record(delivery, deliveredBy: method, actor: actor, property: notice.$property.id, now: now, on: db)
            }
            return waiting.count
        }
    }

    static func deliveryMethod(_ input: DeliveredInput) throws -> DeliveryMethod {
        guard let method = Input.text(input.method).flatMap(DeliveryMethod.init(rawValue:)) else {
            throw WuyeError.missing("method", Text("送达方式", "How it was delivered"), choose: true, rule: "CA-4")
        }
        return method
    }

    /// One household's delivery, inside the caller's transaction, on the row it locked.
    @discardableResult
    static func record(_ delivery: Locked<NoticeDelivery>, deliveredBy method: DeliveryMethod, actor: Actor, property: UUID, now: Date,
                       on db: any Database) async throws -> NoticeDelivery {
        try await AuditLog.update("customer_notice.delivered", delivery, by: .person(actor), property: property, at: now, on: db) {
            $0.deliveredAt = now
            $0.deliveryMethod = method
            $0.$deliveredBy.id = actor.id
        }
    }

    /// The household says it has read the notice (a call, a signature on the
    /// returned slip): recorded by staff, after the delivery.
    public static func read(deliveryID: UUID?, on req: Request) async throws -> NoticeDelivery {
        let actor = try req.actor
        let found = try await findDelivery(deliveryID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: found.$property.id)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(NoticeDelivery.self, found.id, on: db) else { throw WuyeError.notFound(deliveryNoun) }
            guard locked.deliveredAt != nil else {
                throw WuyeError.conflict(Text("请先登记送达", "Record the delivery first"), rule: "CA-4", field: "deliveryID")
            }
            guard locked.readAt == nil else { throw WuyeError.conflict(Text("已登记为已阅", "Already recorded as read"), rule: "CA-4", field: "deliveryID") }
            return try await AuditLog.update("customer_notice.read", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.readAt = now
                $0.$readRecordedBy.id = actor.id
            }
        }
    }

    static func findNotice(_ id: UUID?, on db: any Database) async throws -> CustomerNotice {
        guard let id, let found = try await CustomerNotice.find(id, on: db) else { throw WuyeError.notFound(noticeNoun, field: "noticeID") }
        return found
    }

    static func findDelivery(_ id: UUID?, on db: any Database) async throws -> NoticeDelivery {
        guard let id, let found = try await NoticeDelivery.find(id, on: db) else { throw WuyeError.notFound(deliveryNoun, field: "deliveryID") }
        return found
    }
}
