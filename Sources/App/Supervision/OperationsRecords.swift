import Fluent
import SQLKit
import Vapor

/// 运行记录 (SH-5, SH-6, SH-7, SH-20, SH-35, SH-37, SH-38): written by the
/// department the kind belongs to, reviewed (or approved) by the rank the
/// kind names, never by its writer; reviewed, frozen. Pages and API call
/// these same functions.
public enum OperationsRecords {
    static let noun = Text("运行记录", "record")
    static let reviewNotice = "operations_record.to_review"

    static func find(_ id: UUID?, on db: any Database) async throws -> OperationsRecord {
        guard let id, let found = try await OperationsRecord.find(id, on: db) else { throw WuyeError.notFound(noun, field: "recordID") }
        return found
    }

    public static func record(propertyID: UUID?, _ input: OperationsRecordInput, on req: Request) async throws -> OperationsRecord {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .viewOperationsRecords)
        guard let kind = Input.text(input.kind).flatMap(OperationsKind.init(rawValue:)) else {
            throw WuyeError.missing("kind", Text("记录类别", "What kind of record"), choose: true, rule: "SH-6")
        }
        let rule = OperationsRules.rule(of: kind)
        try Policy.authorize(actor, OperationsRules.action(for: kind), at: property.id)
        let houseID = try Input.uuid(input.showHouseID, field: "showHouseID")
        if OperationsRules.needsShowHouse(kind) {
            guard let houseID else { throw WuyeError.missing("showHouseID", Text("样板房", "The show house"), choose: true, rule: rule) }
            guard try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).count() == 1 else {
                throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
            }
        }
        let subjectID = try Input.uuid(input.subjectID, field: "subjectID")
        if OperationsRules.needsSubject(kind) {
            guard let subjectID else { throw WuyeError.missing("subjectID", Text("员工", "The person"), choose: true, rule: rule) }
            guard try await StaffProperty.query(on: req.db).filter(\.$staff.$id == subjectID).filter(\.$property.$id == property.id).count() == 1 else {
                throw WuyeError.notFound(Text("员工", "staff member"), field: "subjectID")
            }
            if subjectID == actor.id { throw WuyeError.invalid("subjectID", Text("不能针对自己", "cannot be yourself"), rule: rule) }
        }
        let department = Input.text(input.department).flatMap(DepartmentCode.init(rawValue:))
        if OperationsRules.needsDepartment(kind), department == nil { throw WuyeError.missing("department", Text("被检查的部门", "The department audited"), choose: true, rule: rule) }
        let vendor = Input.text(input.vendor)
        if OperationsRules.needsVendor(kind), vendor == nil { throw WuyeError.missing("vendor", Text("外包单位", "The vendor"), rule: rule) }
        guard let title = Input.text(input.title) else { throw WuyeError.missing("title", Text("标题", "A title"), rule: rule) }
        guard let summary = Input.text(input.summary) else { throw WuyeError.missing("summary", Text("情况记录", "What was found or done"), rule: rule) }
        let items = OperationsRules.checklist(kind)
        let checks = (input.checks ?? []).enumerated().map { index, sent in
            RecordCheck(item: index < items.count ? items[index] : "", ok: sent.ok ?? true, note: Input.text(sent.note))
        }
        let followUp = Input.text(input.followUp)
        try OperationsRules.check(kind: kind, checks: checks, score: input.score, followUp: followUp)
        let now = req.now
        return try await req.write { db in
            let record = OperationsRecord()
            record.id = UUID()
            record.$property.id = property.id; record.kind = kind; record.day = property.localTime.day(now)
            record.$showHouse.id = OperationsRules.needsShowHouse(kind) ? houseID : nil
            record.department = OperationsRules.needsDepartment(kind) ? department : nil
            record.$subject.id = OperationsRules.needsSubject(kind) ? subjectID : nil
            record.vendor = OperationsRules.needsVendor(kind) ? vendor : nil
            record.title = title; record.checks = AuditLog.canonicalJSON(checks); record.summary = summary
            record.score = OperationsRules.needsScore(kind) ? input.score : nil; record.followUp = followUp
            record.$recordedBy.id = actor.id; record.recordedAt = now
            try await AuditLog.create("operations_record.recorded", record, by: .person(actor), property: property.id, at: now, on: db)
            let link = "/operations-records/\(record.id!)"
            if let rank = OperationsRules.review(of: kind).rank {
                try await Notifier.notify(Notifier.Audience(grants: [.anyDepartment(rank)]), at: property.id, kind: reviewNotice,
                                          message: Text("请审阅\(kind.title.zh)：\(title)（\(actor.name)）", "Review the \(kind.title.en.lowercased()): \(title) (\(actor.name))"),
                                          link: link, subject: record.id, except: actor.id, now: now, on: db)
            }
            if kind == .negligence, let subjectID {
                try await Notifier.notify(subjectID, at: property.id, kind: "operations_record.negligence",
                                          message: Text("你有一条失职记录：\(title)", "A negligence record names you: \(title)"), link: link, subject: record.id, now: now, on: db)
            }
            return record
        }
    }

    /// 审阅 / 审批: by the kind's rank, not the writer, once; then frozen.
    public static func review(recordID: UUID?, _ input: OperationsReviewInput, on req: Request) async throws -> OperationsRecord {
        let actor = try req.actor
        let found = try await find(recordID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .reviewOperationsRecord)
        try OperationsRules.checkReviewer(actor, kind: found.kind, recordedBy: found.$recordedBy.id, subject: found.$subject.id)
        guard let approved = input.approved else { throw WuyeError.missing("approved", Text("审阅结论", "Approve or not"), choose: true, rule: OperationsRules.rule(of: found.kind)) }
        let note = Input.text(input.note)
        if !approved, note == nil { throw WuyeError.missing("note", Text("不通过的理由", "Why it is not approved"), rule: OperationsRules.rule(of: found.kind)) }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(OperationsRecord.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.reviewedAt == nil else {
                throw WuyeError.conflict(Text("已审阅，记录已冻结", "Already reviewed; the record is frozen"), rule: OperationsRules.rule(of: found.kind), field: "approved")
            }
            let record = try await AuditLog.update("operations_record.reviewed", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.$reviewedBy.id = actor.id; $0.reviewedAt = now; $0.approved = approved; $0.reviewNote = note
            }
            try await Notifier.settle([reviewNotice], about: record.id!, now: now, on: db)
            return record
        }
    }
}

/// 运行记录 as written (SH-5…SH-38): which fields count depends on the kind.
public struct OperationsRecordInput: CheckedInput, Content {
    public struct Check: CheckedInput, Content {
        public var ok: Bool?
        public var note: String?
        public static let schema = InputSchema("OperationsCheckInput", [
            ("ok", InputField(.boolean, label: Text("是否正常", "ok"), rule: "SH-6")),
            ("note", .text(200, label: Text("问题", "note"), rule: "SH-6")),
        ])
    }
    public var kind: String?
    public var showHouseID: String?
    public var department: String?
    public var subjectID: String?
    public var vendor: String?
    public var title: String?
    public var checks: [Check]?
    public var summary: String?
    public var score: Int?
    public var followUp: String?

    public static let schema = InputSchema("OperationsRecordInput", [
        ("kind", .choice(OperationsKind.allCases.map(\.rawValue), label: Text("记录类别", "kind"), rule: "SH-6")),
        ("showHouseID", InputField(.uuid, label: Text("样板房", "showHouseID"), rule: "SH-7")),
        ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("部门", "department"), rule: "SH-37")),
        ("subjectID", InputField(.uuid, label: Text("员工", "subjectID"), rule: "SH-38")),
        ("vendor", .text(60, label: Text("外包单位", "vendor"), rule: "SH-35")),
        ("title", .text(80, label: Text("标题", "title"), rule: "SH-6")),
        ("checks", .list(InputField(.object(Check.schema)), maxItems: 20, label: Text("检查项", "checks"), rule: "SH-6")),
        ("summary", .text(2000, multiline: true, label: Text("情况记录", "summary"), rule: "SH-6")),
        ("score", .integer(0...100, label: Text("评分", "score"))),
        ("followUp", .text(1000, multiline: true, label: Text("整改意见 / 跟进", "followUp"), rule: "SH-6")),
    ])
}

/// 审阅 / 审批 (SH-5, SH-6, SH-7, SH-38).
public struct OperationsReviewInput: CheckedInput, Content {
    public var approved: Bool?
    public var note: String?

    public static let schema = InputSchema("OperationsReviewInput", [
        ("approved", InputField(.boolean, label: Text("审阅结论", "approved"), rule: "SH-6")),
        ("note", .text(500, multiline: true, label: Text("审阅意见", "note"), rule: "SH-6")),
    ])
}
