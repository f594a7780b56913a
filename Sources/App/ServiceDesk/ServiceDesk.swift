import Fluent
import Vapor

/// 客服工单 — the service desk's items from the first word to the close
/// (篇1 8.6, 9.2 SH-33; 7.8, 7.11 SH-11; CA-2). Pages and API call these
/// same functions.
public enum ServiceDesk {
    static let noun = Text("工单", "service item")

    /// Anyone on duty records what came in, with photos (SH-33).
    public static func record(propertyID: UUID?, _ input: NewServiceItemInput, photos: [Upload], on req: Request) async throws -> ServiceItem {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .recordServiceItem)
        guard let kind = Input.text(input.kind).flatMap(ServiceKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("类别", "Kind"), choose: true, rule: "SH-33") }
        guard let source = Input.text(input.source).flatMap(ServiceSource.init(rawValue:)) else { throw WuyeError.missing("source", Text("来源", "Source"), choose: true, rule: "SH-33") }
        guard let description = Input.text(input.description) else { throw WuyeError.missing("description", Text("内容", "What it is about"), rule: "SH-33") }
        let department = try ServiceDeskRules.owningDepartment(kind: kind, named: Input.text(input.department).flatMap(DepartmentCode.init(rawValue:)), recorder: actor.department)
        let customerID = try Input.uuid(input.customerID, field: "customerID")
        var unitID = try Input.uuid(input.unitID, field: "unitID")
        if let customerID {
            guard try await Customer.query(on: req.db).filter(\.$id == customerID).filter(\.$property.$id == property.id).count() == 1 else {
                throw WuyeError.notFound(CustomerFiles.customerNoun, field: "customerID")
            }
            if unitID == nil { unitID = try await CustomerUnit.query(on: req.db).filter(\.$customer.$id == customerID).filter(\.$endedOn == nil).first()?.$unit.id }
        }
        if let unitID, try await Unit.query(on: req.db).filter(\.$id == unitID).filter(\.$property.$id == property.id).count() != 1 {
            throw WuyeError.notFound(Text("房号", "unit"), field: "unitID")
        }
        let guestName = Input.text(input.guestName), guestPhone = Input.text(input.guestPhone)
        // 回访: a complaint must say how the guest is reached again (SH-33).
        if kind == .complaint, customerID == nil, guestPhone == nil {
            throw WuyeError.missing("guestPhone", Text("投诉人的联系电话（或选择客户档案），以便回访", "The guest's phone (or their customer file), for the callback"), rule: "SH-33")
        }
        try Upload.checkPhotoCount(photos, rule: "SH-33")
        let urgent = input.urgent ?? false
        let now = req.now
        let unit = unitID
        return try await req.write { db in
            try await raise(kind, source: source, property: property, department: department, description: description, urgent: urgent,
                            customerID: customerID, unitID: unit, guestName: guestName, guestPhone: guestPhone, photos: photos, by: actor, at: now, on: db)
        }
    }

    /// An item recorded at the desk, or raised by another record inside that
    /// record's transaction: a missing or damaged item at a count, a guest's
    /// complaint in a show house, a patrol's anomaly (SH-11, SH-16, SH-33).
    /// Photos are stored before the number is taken.
    static func raise(_ kind: ServiceKind, source: ServiceSource, property: PropertyInfo, department: DepartmentCode, description: String, urgent: Bool = false,
                      customerID: UUID? = nil, unitID: UUID? = nil, guestName: String? = nil, guestPhone: String? = nil, photos: [Upload] = [],
                      by actor: Actor, at now: Date, on db: any Database) async throws -> ServiceItem {
        let item = ServiceItem()
        item.id = UUID()
        try await Attachments.add(photos, to: ServiceItem.auditType, item.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
        item.$property.id = property.id
        item.referenceNo = try await ReferenceNumber.next("KF", in: ServiceItem.schema, property: property, now: now, on: db)
        item.kind = kind; item.source = source; item.urgent = urgent; item.description = description
        item.$customer.id = customerID; item.$unit.id = unitID; item.guestName = guestName; item.guestPhone = guestPhone
        item.$raisedBy.id = actor.id; item.raisedAt = now
        item.department = department; item.status = .open; item.reopenCount = 0
        try await AuditLog.create("service_item.recorded", item, by: .person(actor), property: property.id, at: now, on: db)
        if urgent { try await escalate(item, to: [department], property: property.id, except: actor.id, now: now, on: db) }
        return item
    }

    /// 指派: one person follows it up by a due time; a complaint's plan is a
    /// supervisor's, by severity (SH-33). A repair or incident goes to someone
    /// of the department that must resolve it.
    public static func assign(itemID: UUID?, _ input: ServiceAssignInput, on req: Request) async throws -> ServiceItem {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .assignServiceItem)
        try mayDispatch(actor, found)
        guard let ownerID = try Input.uuid(input.ownerID, field: "ownerID") else { throw WuyeError.missing("ownerID", Text("跟进人", "Who follows it up"), choose: true, rule: "SH-33") }
        guard let dueText = Input.text(input.dueAt) else { throw WuyeError.missing("dueAt", Text("完成时限", "Due by"), rule: "SH-33") }
        guard let due = property.localTime.parseDateTime(dueText) else { throw WuyeError.invalid("dueAt", Text("时间格式不正确", "is not a time"), rule: "SH-33") }
        let severity = Input.text(input.severity).flatMap(ComplaintSeverity.init(rawValue:))
        let plan = Input.text(input.plan)
        let now = req.now
        try ServiceDeskRules.checkAssignment(kind: found.kind, severity: severity, plan: plan, due: due, now: now, rank: actor.rank)
        let owner = try await colleague(ownerID, at: property.id, on: req.db)
        if found.kind == .repair || found.kind == .incident, owner.department.code != found.department {
            throw WuyeError.invalid("ownerID", Text("跟进人应为\(found.department.title.zh)的员工", "must be of \(found.department.title.en)"), rule: "SH-11")
        }
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ServiceItem.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .open || locked.status == .assigned else { throw ServiceDeskRules.notAt(.assigned, but: locked.status, kind: locked.kind, rule: "SH-33") }
            let item = try await AuditLog.update("service_item.assigned", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .assigned
                $0.$owner.id = ownerID; $0.dueAt = due
                if $0.kind == .complaint { $0.severity = severity; $0.plan = plan }
                $0.$assignedBy.id = actor.id; $0.assignedAt = now
            }
            if ownerID != actor.id {
                try await Notifier.notify(ownerID, at: property.id, kind: ServiceNotice.assigned.rawValue,
                                          message: Text("请跟进工单 \(item.referenceNo)（\(item.kind.title.zh)），时限 \(property.localTime.dateTime(due))",
                                                        "Follow up \(item.referenceNo) (\(item.kind.title.en)) by \(property.localTime.dateTime(due))"),
                                          link: "/service-items/\(item.id!)", subject: item.id, now: now, on: db)
            }
            return item
        }
    }

    /// 处理记录: what was done, by the follow-up person or their department.
    public static func note(itemID: UUID?, _ input: ServiceNoteInput, on req: Request) async throws -> ServiceItemNote {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .followServiceItem)
        try mayFollow(actor, found)
        guard let text = Input.text(input.text) else { throw WuyeError.missing("text", Text("处理记录", "What was done"), rule: "SH-33") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ServiceItem.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status != .closed else { throw ServiceDeskRules.notAt(.assigned, but: .closed, kind: locked.kind, rule: "SH-33") }
            let note = ServiceItemNote()
            note.$property.id = property.id; note.$item.id = locked.id!
            note.text = text; note.$writtenBy.id = actor.id; note.writtenAt = now
            try await AuditLog.create("service_item.noted", note, by: .person(actor), property: property.id, at: now, on: db)
            return note
        }
    }

    /// 处理完毕: a complaint then waits for its callback and a repair for its
    /// check; the rest close here.
    public static func complete(itemID: UUID?, _ input: ServiceDoneInput, on req: Request) async throws -> ServiceItem {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .followServiceItem)
        try mayFollow(actor, found)
        guard let note = Input.text(input.note) else { throw WuyeError.missing("note", Text("处理结果", "What was done"), rule: "SH-33") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ServiceItem.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .assigned else { throw ServiceDeskRules.notAt(.assigned, but: locked.status, kind: locked.kind, rule: "SH-33") }
            let next = ServiceDeskRules.afterDone(locked.kind)
            return try await AuditLog.update(next == .closed ? "service_item.closed" : "service_item.done", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = next
                $0.$doneBy.id = actor.id; $0.doneAt = now; $0.doneNote = note
                if next == .closed { $0.closedAt = now }
            }
        }
    }

    /// 回访: satisfied closes the complaint; not satisfied reopens it to its
    /// follow-up person (SH-33). Nothing else closes a complaint.
    public static func callback(itemID: UUID?, _ input: ServiceCallbackInput, on req: Request) async throws -> ServiceItem {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .callbackComplaint)
        guard let outcome = Input.text(input.outcome).flatMap(ServiceOutcome.init(rawValue:)) else {
            throw WuyeError.missing("outcome", Text("回访结果", "What the guest said"), choose: true, rule: "SH-33")
        }
        let note = Input.text(input.note)
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ServiceItem.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try ServiceDeskRules.checkCallback(kind: locked.kind, status: locked.status, outcome: outcome, note: note)
            return try await settle(locked, outcome, note: note, by: actor, property: property.id, now: now, on: db)
        }
    }

    /// 验收: the requester sees the repair done, never the one who did it (SH-11).
    public static func verify(itemID: UUID?, _ input: ServiceVerifyInput, on req: Request) async throws -> ServiceItem {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .verifyRepair)
        guard found.$raisedBy.id == actor.id || actor.department == .customerService else {
            throw WuyeError.forbidden(Text("维修由报修人或客服部验收", "A repair is checked by whoever asked for it, or customer service"), rule: "SH-11")
        }
        guard let accepted = input.accepted else { throw WuyeError.missing("accepted", Text("是否验收通过", "Accepted or not"), choose: true, rule: "SH-11") }
        let note = Input.text(input.note)
        if !accepted, note == nil { throw WuyeError.missing("note", Text("验收不通过的原因", "What is still wrong"), rule: "SH-11") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(ServiceItem.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            try ServiceDeskRules.checkVerification(kind: locked.kind, status: locked.status, doneBy: locked.$doneBy.id, verifier: actor.id)
            return try await settle(locked, accepted ? .satisfied : .notSatisfied, note: note, by: actor, property: property.id, now: now, on: db)
        }
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> ServiceItem {
        guard let id, let found = try await ServiceItem.find(id, on: db) else { throw WuyeError.notFound(noun, field: "itemID") }
        return found
    }

    /// Customer service dispatches every item; a department's foreman or
    /// above dispatches its own; a manager or above any (SH-33).
    static func mayDispatch(_ actor: Actor, _ item: ServiceItem) throws {
        guard actor.department == .customerService || actor.department == item.department || actor.rank >= .manager else {
            throw WuyeError.forbidden(Text("只有\(item.department.title.zh)或客服部的领班以上可以指派", "Only a foreman or above of \(item.department.title.en) or customer service may assign it"), rule: "SH-33")
        }
    }

    /// The follow-up person, their department, or customer service.
    static func mayFollow(_ actor: Actor, _ item: ServiceItem) throws {
        guard item.$owner.id == actor.id || actor.department == item.department || actor.department == .customerService else {
            throw WuyeError.forbidden(Text("只有跟进人或\(item.department.title.zh)可以处理", "Only its follow-up person or \(item.department.title.en) may act on it"), rule: "SH-33")
        }
    }

    /// An active colleague at the property, with their department.
    static func colleague(_ id: UUID, at propertyID: UUID, on db: any Database, field: String = "ownerID") async throws -> Staff {
        guard let staff = try await Staff.query(on: db).filter(\.$id == id).filter(\.$isActive == true).with(\.$department).first(), staff.department.code != .contractor,
              try await StaffProperty.query(on: db).filter(\.$staff.$id == id).filter(\.$property.$id == propertyID).count() > 0 else {
            throw WuyeError.notFound(Text("员工", "staff member"), field: field)
        }
        return staff
    }

    /// 紧急 — an urgent item goes at once to the heads of the departments concerned (HO-8):
    /// supervisors and above, since a department such as security may have no manager at a property.
    static func escalate(_ item: ServiceItem, to departments: [DepartmentCode], property: UUID, except: UUID?, now: Date, on db: any Database) async throws {
        let audience = Notifier.Audience(grants: departments.map { .department($0, .supervisor) })
        try await Notifier.notify(audience, at: property, kind: ServiceNotice.urgent.rawValue,
                                  message: Text("紧急工单 \(item.referenceNo)（\(item.kind.title.zh)）：\(item.description.prefix(60))",
                                                "Urgent item \(item.referenceNo) (\(item.kind.title.en)): \(item.description.prefix(60))"),
                                  link: "/service-items/\(item.id!)", subject: item.id, except: except, now: now, on: db)
        try await Alerts.enqueue(.urgentItem, property: property, text: "紧急工单 \(item.referenceNo)（\(item.kind.title.zh)）：\(item.description.prefix(120))",
                                 subject: item.id, now: now, on: db)
    }

    /// The callback's or the check's word: satisfied closes the item; not
    /// satisfied sends it back to its follow-up person, who is told.
    private static func settle(_ locked: Locked<ServiceItem>, _ outcome: ServiceOutcome, note: String?, by actor: Actor, property: UUID, now: Date,
                               on db: any Database) async throws -> ServiceItem {
        let item = try await AuditLog.update(outcome == .satisfied ? "service_item.closed" : "service_item.reopened", locked, by: .person(actor), property: property, at: now, on: db) {
            $0.$checkedBy.id = actor.id; $0.checkedAt = now; $0.outcome = outcome; $0.checkNote = note
            if outcome == .satisfied { $0.status = .closed; $0.closedAt = now } else { $0.status = .assigned; $0.reopenCount += 1 }
        }
        if outcome == .notSatisfied, let owner = item.$owner.id { try await reopened(item, owner: owner, property: property, now: now, on: db) }
        return item
    }

    private static func reopened(_ item: ServiceItem, owner: UUID, property: UUID, now: Date, on db: any Database) async throws {
        try await Notifier.notify(owner, at: property, kind: ServiceNotice.reopened.rawValue,
                                  message: Text("工单 \(item.referenceNo) 未通过\(item.kind == .complaint ? "回访" : "验收")，请继续跟进：\(item.checkNote ?? "")",
                                                "\(item.referenceNo) came back from its \(item.kind == .complaint ? "callback" : "check"): \(item.checkNote ?? "")"),
                                  link: "/service-items/\(item.id!)", subject: item.id, now: now, on: db)
    }

    /// Who may look at an item: anyone on duty at the property (SH-33).
    static func authorizeView(_ item: ServiceItem, on req: Request) async throws -> PropertyInfo {
        try await req.property(item.$property.id, for: try req.actor, action: .viewServiceDesk)
    }
}

/// The service desk's notices.
enum ServiceNotice: String {
    case assigned = "service_item.assigned"
    case urgent = "service_item.urgent"
    case reopened = "service_item.reopened"
    case handover = "desk_handover.offered"
}

extension ServiceDesk {
    /// The guest's full number, for the callback: customer service may see
    /// it, and each look is an audited event (CA privacy, SH-33).
    public static func revealPhone(itemID: UUID?, on req: Request) async throws -> String? {
        let actor = try req.actor
        let found = try await find(itemID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .callbackComplaint)
        var phone = found.guestPhone
        if phone == nil, let customer = found.$customer.id { phone = try await Customer.find(customer, on: req.db)?.phone }
        let now = req.now
        try await req.write { db in
            try await AuditLog.note("service_item.phone_revealed", recordType: ServiceItem.auditType, recordID: found.id!, by: .person(actor), property: property.id, at: now, on: db)
        }
        return phone
    }
}
