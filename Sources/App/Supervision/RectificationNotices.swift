import Fluent
import SQLKit
import Vapor

/// 整改通知单 (SH-31, SH-32): issue, answer, verify or send back, extend.
/// Pages and API call these same functions; each step is one transaction
/// with its audit event and the notices to the people it concerns.
public enum RectificationNotices {
    static let noun = Text("整改通知单", "rectification notice")

    enum Notice: String {
        case issued = "rectification.issued"
        case responded = "rectification.responded"
        case returned = "rectification.returned"
        case extensionAsked = "rectification.extension_asked"
        case overdue = "rectification.overdue"
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> RectificationNotice {
        guard let id, let found = try await RectificationNotice.find(id, on: db) else { throw WuyeError.notFound(noun, field: "rectificationID") }
        return found
    }

    static func link(_ notice: RectificationNotice) -> String { "/rectification-notices/\(notice.id!)" }

    static func departmentAudience(_ department: DepartmentCode) -> Notifier.Audience { Notifier.Audience(grants: [.department(department, .foreman)]) }

    /// 发出: to a department, with the finding, what is required and a deadline within 90 days.
    public static func issue(propertyID: UUID?, _ input: RectificationInput, from inspection: (id: UUID, item: Int)? = nil, on req: Request) async throws -> RectificationNotice {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .issueRectification)
        guard let department = Input.text(input.department).flatMap(DepartmentCode.init(rawValue:)) else {
            throw WuyeError.missing("department", Text("整改部门", "The department"), choose: true, rule: "SH-31")
        }
        let category = Input.text(input.category).flatMap(RectificationCategory.init(rawValue:)) ?? .service
        guard let finding = Input.text(input.finding) else { throw WuyeError.missing("finding", Text("发现的问题", "What was found"), rule: "SH-31") }
        guard let requirement = Input.text(input.requirement) else {
            throw WuyeError.missing("requirement", category == .construction ? Text("整改建议", "The proposal") : Text("整改要求", "What is required"), rule: category == .construction ? "SH-32" : "SH-31")
        }
        let now = req.now
        let deadline = try deadline(input.deadline, property: property, field: "deadline")
        try RectificationRules.checkDeadline(deadline, after: now, now: now)
        let houseID = try Input.uuid(input.showHouseID, field: "showHouseID")
        if let houseID, try await ShowHouse.query(on: req.db).filter(\.$id == houseID).filter(\.$property.$id == property.id).count() == 0 {
            throw WuyeError.notFound(ShowHouses.noun, field: "showHouseID")
        }
        do {
            return try await req.write { db in
                let notice = RectificationNotice()
                notice.id = UUID()
                notice.$property.id = property.id
                notice.referenceNo = try await ReferenceNumber.next("ZG", in: RectificationNotice.schema, property: property, now: now, on: db)
                notice.category = category; notice.department = department; notice.$showHouse.id = houseID
                notice.$inspection.id = inspection?.id; notice.inspectionItem = inspection?.item
                notice.finding = finding; notice.requirement = requirement; notice.deadline = deadline; notice.status = .issued
                notice.$issuedBy.id = actor.id; notice.issuedAt = now; notice.returnedCount = 0
                try await AuditLog.create("rectification_notice.issued", notice, by: .person(actor), property: property.id, at: now, on: db)
                try await Notifier.notify(departmentAudience(department), at: property.id, kind: Notice.issued.rawValue,
                                          message: Text("整改通知单 \(notice.referenceNo)：\(finding.prefix(60))，期限 \(property.localTime.dateTime(deadline))",
                                                        "Rectification \(notice.referenceNo): \(finding.prefix(60)), by \(property.localTime.dateTime(deadline))"),
                                          link: link(notice), subject: notice.id, except: actor.id, now: now, on: db)
                return notice
            }
        } catch where isUniqueViolation(error) && inspection != nil {
            throw WuyeError.conflict(Text("这一检查项已开出整改通知单", "This item already has a notice"), rule: "SH-30", field: "item")
        }
    }

    static func deadline(_ text: String?, property: PropertyInfo, field: String) throws -> Date {
        guard let text = Input.text(text) else { throw WuyeError.missing(field, Text("整改期限", "The deadline"), rule: "SH-31") }
        guard let date = property.localTime.parseDateTime(text) else { throw WuyeError.invalid(field, Text("时间格式不正确", "is not a time"), rule: "SH-31") }
        return date
    }

    /// 整改情况: the department's action and its evidence; then the issuer checks.
    public static func respond(rectificationID: UUID?, _ input: RectificationResponseInput, photos: [Upload], on req: Request) async throws -> RectificationNotice {
        let actor = try req.actor
        let found = try await find(rectificationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .respondRectification)
        try RectificationRules.checkResponder(actor, department: found.department)
        guard let action = Input.text(input.action) else { throw WuyeError.missing("action", Text("整改情况", "What was done"), rule: "SH-31") }
        guard !photos.isEmpty else { throw WuyeError.missing("photos", Text("整改后的照片（至少 1 张）", "A photo of the work (at least one)"), rule: "SH-31") }
        try Upload.checkPhotoCount(photos, rule: "SH-31")
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(RectificationNotice.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .issued else { throw RectificationRules.notAt(.issued, but: locked.status) }
            try await Attachments.add(photos, to: RectificationNotice.auditType, found.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
            let notice = try await AuditLog.update("rectification_notice.responded", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.status = .responded; $0.action = action; $0.$respondedBy.id = actor.id; $0.respondedAt = now
            }
            try await Notifier.settle([Notice.issued.rawValue, Notice.returned.rawValue, Notice.overdue.rawValue], about: notice.id!, now: now, on: db)
            try await Notifier.notify(notice.$issuedBy.id, at: property.id, kind: Notice.responded.rawValue,
                                      message: Text("\(notice.department.title.zh)已回复整改通知单 \(notice.referenceNo)，请验证", "\(notice.department.title.en) answered \(notice.referenceNo); verify it"),
                                      link: link(notice), subject: notice.id, now: now, on: db)
            return notice
        }
    }

    /// 验证: the issuer (or leadership), not the department, closes it or sends it back.
    public static func verify(rectificationID: UUID?, _ input: RectificationVerificationInput, on req: Request) async throws -> RectificationNotice {
        let actor = try req.actor
        let found = try await find(rectificationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .verifyRectification)
        try RectificationRules.checkVerifier(actor, issuer: found.$issuedBy.id, department: found.department, what: Text("验证", "verify"))
        if let responder = found.$respondedBy.id { try Policy.requireDifferentPeople(requester: responder, approver: actor.id, rule: "SH-31", what: Text("验证", "verify")) }
        guard let outcome = Input.text(input.outcome), ["close", "return"].contains(outcome) else {
            throw WuyeError.missing("outcome", Text("验证结果（关闭或退回）", "Close or send back"), choose: true, rule: "SH-31")
        }
        let note = Input.text(input.note)
        if outcome == "return", note == nil { throw WuyeError.missing("note", Text("退回的理由", "What is still wrong"), rule: "SH-31") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(RectificationNotice.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .responded else { throw RectificationRules.notAt(.responded, but: locked.status) }
            let notice = try await AuditLog.update(outcome == "close" ? "rectification_notice.closed" : "rectification_notice.returned", locked, by: .person(actor),
                                                   property: property.id, at: now, on: db) {
                if outcome == "close" {
                    $0.status = .closed; $0.$verifiedBy.id = actor.id; $0.verifiedAt = now; $0.verificationNote = note
                } else {
                    $0.status = .issued; $0.returnedCount += 1; $0.returnNote = note
                }
            }
            try await Notifier.settle([Notice.responded.rawValue], about: notice.id!, now: now, on: db)
            if outcome == "return" {
                try await Notifier.notify(departmentAudience(notice.department), at: property.id, kind: Notice.returned.rawValue,
                                          message: Text("整改通知单 \(notice.referenceNo) 验证未通过，已退回：\(note ?? "")", "\(notice.referenceNo) was sent back: \(note ?? "")"),
                                          link: link(notice), subject: notice.id, now: now, on: db)
            }
            return notice
        }
    }

    /// 申请延期: the department asks for a later deadline, with its reason.
    public static func requestExtension(rectificationID: UUID?, _ input: ExtensionRequestInput, on req: Request) async throws -> RectificationNotice {
        let actor = try req.actor
        let found = try await find(rectificationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .respondRectification)
        try RectificationRules.checkResponder(actor, department: found.department)
        let to = try deadline(input.deadline, property: property, field: "deadline")
        guard let reason = Input.text(input.reason) else { throw WuyeError.missing("reason", Text("延期理由", "Why more time is needed"), rule: "SH-31") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(RectificationNotice.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .issued else { throw RectificationRules.notAt(.issued, but: locked.status) }
            guard locked.extensionTo == nil else { throw WuyeError.conflict(Text("已有延期申请待批复", "An extension is already waiting"), rule: "SH-31", field: "deadline") }
            try RectificationRules.checkDeadline(to, after: locked.deadline, now: now)
            let notice = try await AuditLog.update("rectification_notice.extension_requested", locked, by: .person(actor), property: property.id, at: now, on: db) {
                $0.extensionTo = to; $0.extensionReason = reason; $0.$extensionBy.id = actor.id
            }
            try await Notifier.notify(notice.$issuedBy.id, at: property.id, kind: Notice.extensionAsked.rawValue,
                                      message: Text("\(notice.referenceNo) 申请延期至 \(property.localTime.dateTime(to))：\(reason.prefix(60))",
                                                    "\(notice.referenceNo) asks for time until \(property.localTime.dateTime(to)): \(reason.prefix(60))"),
                                      link: link(notice), subject: notice.id, now: now, on: db)
            return notice
        }
    }

    /// 批复延期: granted, the deadline moves; refused, it stands. Either way with reasons, audited.
    public static func decideExtension(rectificationID: UUID?, _ input: ExtensionDecisionInput, on req: Request) async throws -> RectificationNotice {
        let actor = try req.actor
        let found = try await find(rectificationID, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .verifyRectification)
        try RectificationRules.checkVerifier(actor, issuer: found.$issuedBy.id, department: found.department, what: Text("批复延期", "decide the extension of"))
        guard let grant = input.grant else { throw WuyeError.missing("grant", Text("是否同意延期", "Grant or refuse"), choose: true, rule: "SH-31") }
        guard let note = Input.text(input.note) else { throw WuyeError.missing("note", Text("批复意见", "The reason for the decision"), rule: "SH-31") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(RectificationNotice.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard let to = locked.extensionTo, locked.status == .issued else {
                throw WuyeError.conflict(Text("没有待批复的延期申请", "There is no extension to decide"), rule: "SH-31", field: "grant")
            }
            let asker = locked.$extensionBy.id
            let notice = try await AuditLog.update(grant ? "rectification_notice.extension_granted" : "rectification_notice.extension_refused", locked, by: .person(actor),
                                                   property: property.id, at: now, on: db) {
                if grant { $0.deadline = to; $0.overdueAlertedAt = nil }
                $0.extensionTo = nil; $0.extensionReason = (($0.extensionReason ?? "") + " → " + (grant ? "同意：" : "不同意：") + note); $0.$extensionBy.id = nil
            }
            try await Notifier.settle([Notice.extensionAsked.rawValue], about: notice.id!, now: now, on: db)
            if let asker {
                try await Notifier.notify(asker, at: property.id, kind: Notice.returned.rawValue,
                                          message: grant ? Text("\(notice.referenceNo) 已同意延期至 \(property.localTime.dateTime(to))", "\(notice.referenceNo): more time granted until \(property.localTime.dateTime(to))")
                                                         : Text("\(notice.referenceNo) 延期未获同意：\(note)", "\(notice.referenceNo): extension refused: \(note)"),
                                          link: link(notice), subject: notice.id, now: now, on: db)
            }
            return notice
        }
    }
}
