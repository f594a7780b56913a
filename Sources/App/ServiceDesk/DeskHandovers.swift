import Fluent
import Vapor

/// 监控室交接 — the desk and the security control room hand items to each
/// other at the property's two times (篇3 3.1–3.3, HO-7, HO-8).
public enum DeskHandovers {
    static let noun = Text("交接记录", "desk handover")

    /// The property's two times, "HH:mm" (defaults 08:00 and 18:00).
    static func times(_ propertyID: UUID, on db: any Database) async throws -> (morning: String, evening: String) {
        guard let row = try await ShiftSettings.query(on: db).filter(\.$property.$id == propertyID).first() else { return ShiftSettings.defaults }
        return (row.morningHandover, row.eveningHandover)
    }

    /// Customer service's working hours: from the morning handover to the
    /// evening one; outside them the control room holds the desk and the key cabinet (KY-3).
    static func isWorkingHours(_ now: Date, property: PropertyInfo, on db: any Database) async throws -> Bool {
        let times = try await times(property.id, on: db)
        return ServiceDeskRules.isWorkingHours(now, morning: times.morning, evening: times.evening, time: property.localTime)
    }

    /// 交班: the handing department offers its open items at the slot's time
    /// or later; each stays theirs, marked pending, until accepted (HO-7).
    /// Urgent ones go at once to both departments' managers (HO-8).
    public static func offer(propertyID: UUID?, _ input: DeskHandoverInput, on req: Request) async throws -> DeskHandover {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .deskHandover)
        guard let slot = Input.text(input.slot).flatMap(DeskSlot.init(rawValue:)) else { throw WuyeError.missing("slot", Text("交接班次", "Which handover"), choose: true, rule: "HO-7") }
        guard actor.department == slot.from else {
            throw WuyeError.forbidden(Text("\(slot.title.zh)由\(slot.from.title.zh)交出", "\(slot.title.en) is handed over by \(slot.from.title.en)"), rule: "HO-7")
        }
        let now = req.now
        let day = property.localTime.day(now)
        let times = try await times(property.id, on: req.db)
        let hhmm = slot == .morning ? times.morning : times.evening
        guard let at = ServiceDeskRules.slotTime(day: day, at: hhmm, time: property.localTime) else { throw WuyeError.invalid("slot", Text("交接时间设置有误", "the handover time is not set right"), rule: "HO-7") }
        try ServiceDeskRules.checkHandoverTime(now: now, slot: at, hhmm: hhmm)
        let note = Input.text(input.note)
        let kinds: [ServiceKind] = slot == .morning ? [.complaint, .request, .opinion] : ServiceKind.allCases
        do {
            return try await req.write { db in
                let handover = DeskHandover()
                handover.id = UUID()
                handover.$property.id = property.id
                handover.day = day; handover.slot = slot
                handover.$offeredBy.id = actor.id; handover.offeredAt = now; handover.note = note
                let items = try await AuditLog.lockAll(ServiceItem.query(on: db).filter(\.$property.$id == property.id).filter(\.$department == slot.from)
                    .filter(\.$status != .closed).filter(\.$kind ~~ kinds), on: db)
                handover.itemCount = items.count
                handover.urgentCount = items.filter { $0.record.urgent }.count
                try await AuditLog.create("desk_handover.offered", handover, by: .person(actor), property: property.id, at: now, on: db)
                for locked in items {
                    let line = DeskHandoverItem()
                    line.$property.id = property.id; line.$handover.id = handover.id!; line.$item.id = locked.record.id!
                    try await AuditLog.create("desk_handover.item_offered", line, by: .person(actor), property: property.id, at: now, on: db)
                    let item = try await AuditLog.update("service_item.offered", locked, by: .person(actor), property: property.id, at: now, on: db) {
                        $0.pendingDepartment = slot.to
                    }
                    if item.urgent { try await ServiceDesk.escalate(item, to: [slot.from, slot.to], property: property.id, except: actor.id, now: now, on: db) }
                }
                try await Notifier.notify(Notifier.Audience(grants: [.department(slot.to, .staff)]), at: property.id, kind: ServiceNotice.handover.rawValue,
                                          message: Text("\(slot.from.title.zh)交来 \(items.count) 项工单，请接收", "\(slot.from.title.en) hands over \(items.count) items: please take them"),
                                          link: "/desk-handovers/\(handover.id!)", subject: handover.id, now: now, on: db)
                return handover
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("今天的\(slot.title.zh)已交接", "Today's \(slot.title.en) handover is already made"), rule: "HO-7", field: "slot")
        }
    }

    /// 接班: the receiving department takes the items it accepts; they become
    /// its own. The rest stay with the old owner, pending (HO-7).
    public static func accept(handoverID: UUID?, _ input: DeskAcceptInput, on req: Request) async throws -> DeskHandover {
        let actor = try req.actor
        guard let handoverID, let found = try await DeskHandover.find(handoverID, on: req.db) else { throw WuyeError.notFound(noun, field: "handoverID") }
        let property = try await req.property(found.$property.id, for: actor, action: .deskHandover)
        guard actor.department == found.slot.to else {
            throw WuyeError.forbidden(Text("\(found.slot.title.zh)由\(found.slot.to.title.zh)接收", "\(found.slot.title.en) is received by \(found.slot.to.title.en)"), rule: "HO-7")
        }
        let taken = Set(try (input.itemIDs ?? []).enumerated().compactMap { try Input.uuid($1, field: "itemIDs.\($0)") })
        let note = Input.text(input.note)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(DeskHandover.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.acceptedAt == nil else {
                throw WuyeError.conflict(Text("此次交接已接收", "This handover has already been received"), rule: "HO-7", field: "status")
            }
            let lines = try await AuditLog.lockAll(DeskHandoverItem.query(on: db).filter(\.$handover.$id == found.id!), on: db)
            let offered = Set(lines.map { $0.record.$item.id })
            if let stranger = taken.subtracting(offered).first {
                throw WuyeError.invalid("itemIDs", Text("工单 \(stranger) 不在此次交接中", "item \(stranger) is not in this handover"), rule: "HO-7")
            }
            let items = try await AuditLog.lockAll(ServiceItem.query(on: db).filter(\.$id ~~ Array(offered)), on: db)
            var accepted = 0
            for item in items {
                let line = lines.first { $0.record.$item.id == item.record.id }!
                // Taken only if still the old owner's and waiting for this department.
                let takes = taken.contains(item.record.id!) && item.record.pendingDepartment == found.slot.to && item.record.department == found.slot.from
                _ = try await AuditLog.update(takes ? "desk_handover.item_accepted" : "desk_handover.item_left", line, by: .person(actor), property: property.id, at: now, on: db) {
                    $0.accepted = takes
                }
                guard takes else { continue }
                accepted += 1
                _ = try await AuditLog.update("service_item.taken_over", item, by: .person(actor), property: property.id, at: now, on: db) {
                    $0.department = found.slot.to
                    $0.pendingDepartment = nil
                    // The new department names its own follow-up person.
                    if $0.status == .assigned { $0.status = .open; $0.$owner.id = nil }
                }
            }
            let count = accepted
            try await Notifier.settle([ServiceNotice.handover.rawValue], about: found.id!, now: now, on: db)
            return try await AuditLog.update("desk_handover.accepted", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$acceptedBy.id = actor.id; $0.acceptedAt = now; $0.acceptedCount = count; $0.acceptanceNote = note
            }
        }
    }

    /// The two times, set by a manager (HO-7).
    public static func setTimes(propertyID: UUID?, _ input: ShiftSettingsInput, on req: Request) async throws -> ShiftSettings {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageShiftSettings)
        guard let morning = Input.text(input.morningHandover) else { throw WuyeError.missing("morningHandover", Text("早交接时间", "Morning handover"), rule: "HO-7") }
        guard let evening = Input.text(input.eveningHandover) else { throw WuyeError.missing("eveningHandover", Text("晚交接时间", "Evening handover"), rule: "HO-7") }
        guard morning < evening else {
            throw WuyeError.invalid("eveningHandover", Text("晚交接应晚于早交接", "must be later than the morning handover"), rule: "HO-7")
        }
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: Property.schema, id: property.id, in: db.sql)
            if let existing = try await AuditLog.lockAll(ShiftSettings.query(on: db).filter(\.$property.$id == property.id), on: db).first {
                return try await AuditLog.update("shift_settings.changed", existing, by: .person(actor), property: property.id, at: now, on: db) {
                    $0.morningHandover = morning; $0.eveningHandover = evening; $0.$editedBy.id = actor.id; $0.editedAt = now
                }
            }
            let row = ShiftSettings()
            row.$property.id = property.id; row.morningHandover = morning; row.eveningHandover = evening
            row.$editedBy.id = actor.id; row.editedAt = now
            try await AuditLog.create("shift_settings.set", row, by: .person(actor), property: property.id, at: now, on: db)
            return row
        }
    }
}
