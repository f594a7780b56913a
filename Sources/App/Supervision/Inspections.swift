import Fluent
import SQLKit
import Vapor

/// 巡查 and 闭馆巡视: the checklists, a supervisor's inspection of a show
/// house (SH-30) and the lobby post's patrol round after closing (SH-19).
/// Pages and API call these same functions.
public enum Inspections {
    static let noun = Text("巡查记录", "inspection")

    /// The checklist in use: the latest version, or the procedure's items before anyone wrote one.
    static func current(_ kind: ChecklistKind, property propertyID: UUID, on db: any Database) async throws -> SupervisionChecklist? {
        try await SupervisionChecklist.query(on: db).filter(\.$property.$id == propertyID).filter(\.$kind == kind).sort(\.$version, .descending).first()
    }

    static func items(_ kind: ChecklistKind, property propertyID: UUID, on db: any Database) async throws -> [String] {
        try await current(kind, property: propertyID, on: db)?.itemList ?? kind.defaults
    }

    /// The checklist a record is made on, written as version 1 the first time it is used.
    static func checklistInUse(_ kind: ChecklistKind, property propertyID: UUID, now: Date, on db: any Database) async throws -> SupervisionChecklist {
        try await SQLLock.takeTurns(on: Property.schema, id: propertyID, in: db.sql)
        if let found = try await current(kind, property: propertyID, on: db) { return found }
        let first = SupervisionChecklist()
        first.$property.id = propertyID; first.kind = kind; first.version = 1; first.items = AuditLog.canonicalJSON(kind.defaults); first.editedAt = now
        try await AuditLog.create("supervision_checklist.saved", first, by: Duties.procedureDefaults, property: propertyID, at: now, on: db)
        return first
    }

    /// A new version of a checklist, used from the next record (SH-19, SH-30).
    public static func saveChecklist(propertyID: UUID?, kind: ChecklistKind, _ input: ChecklistInput, on req: Request) async throws -> SupervisionChecklist {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageChecklists)
        let items = (input.items ?? []).compactMap(Input.text)
        guard !items.isEmpty else { throw WuyeError.missing("items", Text("至少一个检查项", "At least one item"), rule: kind == .patrol ? "SH-19" : "SH-30") }
        guard Set(items).count == items.count else { throw WuyeError.invalid("items", Text("检查项不能重复", "must not repeat"), rule: "SH-30") }
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: Property.schema, id: property.id, in: db.sql)
            let last = try await current(kind, property: property.id, on: db)?.version ?? 0
            let list = SupervisionChecklist()
            list.$property.id = property.id; list.kind = kind; list.version = last + 1; list.items = AuditLog.canonicalJSON(items)
            list.$editedBy.id = actor.id; list.editedAt = now
            try await AuditLog.create("supervision_checklist.saved", list, by: .person(actor), property: property.id, at: now, on: db)
            return list
        }
    }

    /// 巡查 (SH-30): every item passed, failed or flagged; what is not a pass says what, a failure shows it.
    public static func record(showHouseID: UUID?, _ input: InspectionInput, photos: [Upload], on req: Request) async throws -> Inspection {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .inspectShowHouse, on: req)
        let items = try await items(.inspection, property: property.id, on: req.db)
        var results: [InspectionResult] = []
        for (index, sent) in (input.results ?? []).enumerated() {
            let item = index < items.count ? items[index] : ""
            guard let mark = Input.text(sent.result).flatMap(InspectionMark.init(rawValue:)) else {
                throw WuyeError.missing("results.\(index).result", Text("“\(item)”的检查结果", "The result for “\(item)”"), choose: true, rule: "SH-30")
            }
            results.append(InspectionResult(item: item, result: mark, note: Input.text(sent.note)))
        }
        try Upload.checkPhotoCount(photos, rule: "SH-30")
        try RectificationRules.checkInspection(results, items: items, photos: photos.count)
        let now = req.now
        let found = results
        return try await req.write { db in
            let checklist = try await checklistInUse(.inspection, property: property.id, now: now, on: db)
            guard checklist.itemList == items else {
                throw WuyeError.conflict(Text("检查表刚被修改，请刷新后重新检查", "The checklist just changed; reload and inspect again"), rule: "SH-30", field: "results")
            }
            let inspection = Inspection()
            inspection.id = UUID()
            try await Attachments.add(photos, to: Inspection.auditType, inspection.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
            inspection.$property.id = property.id; inspection.$showHouse.id = house.id!; inspection.$checklist.id = checklist.id!
            inspection.day = property.localTime.day(now); inspection.results = AuditLog.canonicalJSON(found); inspection.note = Input.text(input.note)
            inspection.$inspectedBy.id = actor.id; inspection.inspectedAt = now
            try await AuditLog.create("inspection.recorded", inspection, by: .person(actor), property: property.id, at: now, on: db)
            return inspection
        }
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> Inspection {
        guard let id, let found = try await Inspection.find(id, on: db) else { throw WuyeError.notFound(noun, field: "inspectionID") }
        return found
    }

    /// 一步开出整改通知单 from a failed or flagged item (SH-30, SH-31), once per item.
    public static func raiseNotice(inspectionID: UUID?, _ input: InspectionNoticeInput, on req: Request) async throws -> RectificationNotice {
        let inspection = try await find(inspectionID, on: req.db)
        _ = try await req.property(inspection.$property.id, for: try req.actor, action: .issueRectification)
        guard let index = input.item else { throw WuyeError.missing("item", Text("检查项", "The item"), choose: true, rule: "SH-30") }
        let results = inspection.resultList
        guard results.indices.contains(index) else { throw WuyeError.notFound(Text("检查项", "item"), field: "item") }
        let result = results[index]
        guard result.result != .pass else { throw WuyeError.invalid("item", Text("合格项不需要整改", "passed; there is nothing to put right"), rule: "SH-30") }
        let house = try await ShowHouse.find(inspection.$showHouse.id, on: req.db)
        let finding = "\(house?.name ?? "") 巡查：\(result.item) \(result.result.title.zh)——\(result.note ?? "")"
        let sent = RectificationInput(category: RectificationCategory.service.rawValue, department: input.department, showHouseID: inspection.$showHouse.id.uuidString,
                                      finding: finding, requirement: input.requirement, deadline: input.deadline)
        return try await RectificationNotices.issue(propertyID: inspection.$property.id, sent, from: (inspection.id!, index), on: req)
    }
}

/// 闭馆巡视 (SH-19).
public enum PatrolRounds {
    static let anomalyAudience = Notifier.Audience(grants: [.department(.security, .foreman)])

    /// A round: each checkpoint looked at. Anything not in order goes to
    /// security's foreman on duty and opens an urgent incident at the desk,
    /// which follows the emergency procedure.
    public static func record(showHouseID: UUID?, _ input: PatrolInput, on req: Request) async throws -> PatrolRound {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .patrolShowHouse, on: req)
        let items = try await Inspections.items(.patrol, property: property.id, on: req.db)
        var checkpoints: [PatrolCheckpoint] = []
        for (index, sent) in (input.checkpoints ?? []).enumerated() {
            let item = index < items.count ? items[index] : ""
            guard let ok = sent.ok else { throw WuyeError.missing("checkpoints.\(index).ok", Text("“\(item)”是否正常", "Whether “\(item)” is in order"), choose: true, rule: "SH-19") }
            checkpoints.append(PatrolCheckpoint(item: item, ok: ok, note: Input.text(sent.note)))
        }
        try RectificationRules.checkRound(checkpoints, items: items)
        let now = req.now
        let found = checkpoints
        return try await req.write { db in
            let checklist = try await Inspections.checklistInUse(.patrol, property: property.id, now: now, on: db)
            guard checklist.itemList == items else {
                throw WuyeError.conflict(Text("检查点刚被修改，请刷新后重新巡视", "The checkpoints just changed; reload and patrol again"), rule: "SH-19", field: "checkpoints")
            }
            let round = PatrolRound()
            round.id = UUID()
            round.$property.id = property.id; round.$showHouse.id = house.id!; round.$checklist.id = checklist.id!
            round.day = property.localTime.day(now); round.checkpoints = AuditLog.canonicalJSON(found); round.anomaly = found.contains { !$0.ok }
            round.$patrolledBy.id = actor.id; round.patrolledAt = now
            if round.anomaly {
                let what = found.filter { !$0.ok }.map { "\($0.item)：\($0.note ?? "")" }.joined(separator: "；")
                let item = try await ServiceDesk.raise(.incident, source: .record, property: property, department: .security,
                                                       description: "\(house.name) 闭馆巡视发现异常——\(what)", urgent: true, by: actor, at: now, on: db)
                round.$serviceItem.id = item.id
                try await Notifier.notify(anomalyAudience, at: property.id, kind: "patrol.anomaly",
                                          message: Text("\(house.name) 巡视异常（\(actor.name)）：\(what.prefix(80))", "\(house.name) patrol found: \(what.prefix(80)) (\(actor.name))"),
                                          link: "/service-items/\(item.id!)", subject: item.id, except: actor.id, now: now, on: db)
            }
            try await AuditLog.create("patrol_round.recorded", round, by: .person(actor), property: property.id, at: now, on: db)
            return round
        }
    }
}
