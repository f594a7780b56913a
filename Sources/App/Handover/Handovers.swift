import Fluent
import SQLKit
import Vapor

/// 交接班 — a post's shift handed to the next (篇3 HO-1…HO-6, KY-3). Pages
/// and API call these same functions.
public enum Handovers {
    static let noun = Text("交接班记录", "handover sheet")
    static let postNoun = Text("岗位", "post")

    /// A post with its department, at a property the person may act at.
    struct PostInfo: Sendable { let id: UUID; let name: String; let department: DepartmentCode; let property: PropertyInfo }

    static func post(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> PostInfo {
        guard let id, let post = try await Post.query(on: req.db).filter(\.$id == id).with(\.$department).first() else {
            throw WuyeError.notFound(postNoun, field: "postID")
        }
        let property = try await req.property(post.$property.id, for: actor, action: action)
        return PostInfo(id: id, name: post.name, department: post.department.code, property: property)
    }

    /// A post's sheets are kept by its department's people; foremen and up of
    /// that department (or any manager) edit its checklist, resolve refusals and review.
    static func requireDepartment(_ actor: Actor, _ post: PostInfo, superior: Bool) throws {
        let own = actor.department == post.department
        let allowed = superior ? (own && actor.rank >= .foreman) || actor.rank >= .manager : own
        guard allowed else {
            throw WuyeError.forbidden(superior ? Text("须为\(post.department.title.zh)领班以上", "Needs a foreman or above of \(post.department.title.en)")
                                               : Text("须为\(post.department.title.zh)的员工", "Needs someone of \(post.department.title.en)"), rule: "HO-6")
        }
    }

    /// 交接班检查表: a new version, used from the next sheet (HO-1).
    public static func saveTemplate(postID: UUID?, _ input: HandoverTemplateInput, on req: Request) async throws -> HandoverTemplate {
        let actor = try req.actor
        let post = try await post(postID, for: actor, action: .editHandoverTemplate, on: req)
        try requireDepartment(actor, post, superior: true)
        var items: [ChecklistItem] = []
        for (index, line) in (input.items ?? []).enumerated() {
            guard let title = Input.text(line.title) else { throw WuyeError.missing("items.\(index).title", Text("检查项目名称", "The item's name"), rule: "HO-1") }
            items.append(ChecklistItem(title: title, hint: Input.text(line.hint)))
        }
        guard !items.isEmpty else { throw WuyeError.missing("items", Text("至少一项检查项目", "At least one item"), rule: "HO-1") }
        let encoded = AuditLog.canonicalJSON(items)
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: Post.schema, id: post.id, in: db.sql)
            let last = try await HandoverTemplate.query(on: db).filter(\.$post.$id == post.id).sort(\.$version, .descending).first()?.version ?? 0
            let template = HandoverTemplate()
            template.$property.id = post.property.id; template.$post.id = post.id; template.version = last + 1
            template.items = encoded; template.$editedBy.id = actor.id; template.editedAt = now
            try await AuditLog.create("handover_template.saved", template, by: .person(actor), property: post.property.id, at: now, on: db)
            return template
        }
    }

    /// 开始交接: the outgoing person opens this shift's sheet with the post's
    /// current checklist; one sheet per post per shift (HO-6).
    public static func start(postID: UUID?, _ input: HandoverStartInput, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let post = try await post(postID, for: actor, action: .keepHandoverSheet, on: req)
        try requireDepartment(actor, post, superior: false)
        guard let shift = Input.text(input.shift).flatMap(ShiftName.init(rawValue:)) else { throw WuyeError.missing("shift", Text("班次", "Shift"), choose: true, rule: "HO-6") }
        guard let template = try await HandoverTemplate.query(on: req.db).filter(\.$post.$id == post.id).sort(\.$version, .descending).first() else {
            throw WuyeError.conflict(Text("\(post.name)尚无交接班检查表，请领班先制定", "\(post.name) has no checklist yet; a foreman must write one first"), rule: "HO-1", field: "postID")
        }
        let now = req.now
        let day = post.property.localTime.day(now)
        do {
            return try await req.write { db in
                let sheet = HandoverSheet()
                sheet.$property.id = post.property.id; sheet.$post.id = post.id; sheet.$template.id = template.id!
                sheet.day = day; sheet.shift = shift; sheet.status = .draft
                sheet.$outgoing.id = actor.id; sheet.startedAt = now; sheet.refusalCount = 0
                try await AuditLog.create("handover_sheet.started", sheet, by: .person(actor), property: post.property.id, at: now, on: db)
                return sheet
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(post.name)今天的\(shift.title.zh)已有交接记录", "\(post.name) already has today's \(shift.title.en) sheet"), rule: "HO-6", field: "shift")
        }
    }

    /// 交班签字: every item √ or ×, the work log, the open items filled in from
    /// the records, the cabinet count on customer service's post; the named
    /// incoming person is asked to take over (HO-1, HO-2, HO-4, KY-3).
    public static func signOut(sheetID: UUID?, _ input: HandoverSignOutInput, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .keepHandoverSheet, on: req)
        guard found.$outgoing.id == actor.id else { throw WuyeError.forbidden(Text("只有交班人本人可以交班签字", "Only the outgoing person signs out"), rule: "HO-6") }
        guard let template = try await HandoverTemplate.find(found.$template.id, on: req.db) else { throw WuyeError.notFound(noun) }
        let marks = (input.marks ?? []).map { ChecklistMark(ok: $0.ok ?? false, note: Input.text($0.note)) }
        if let index = (input.marks ?? []).firstIndex(where: { $0.ok == nil }) {
            throw WuyeError.missing("marks.\(index).ok", Text("第 \(index + 1) 项的 √ 或 ×", "√ or × for item \(index + 1)"), choose: true, rule: "HO-1")
        }
        try HandoverRules.checkMarks(marks, items: template.checklist)
        guard let workLog = Input.text(input.workLog) else { throw WuyeError.missing("workLog", Text("工作日记", "Work log"), rule: "HO-2") }
        let keepsCabinet = post.department == .customerService
        if keepsCabinet, input.cabinetCounted == nil {
            throw WuyeError.missing("cabinetCounted", Text("钥匙柜清点数（柜内钥匙把数）", "The cabinet count (keys in the cabinet)"), rule: "KY-3")
        }
        guard let incomingID = try Input.uuid(input.incomingID, field: "incomingID") else { throw WuyeError.missing("incomingID", Text("接班人", "Who takes over"), choose: true, rule: "HO-4") }
        try HandoverRules.checkDifferentPeople(outgoing: actor.id, incoming: incomingID)
        let incoming = try await ServiceDesk.colleague(incomingID, at: post.property.id, on: req.db, field: "incomingID")
        guard incoming.department.code == post.department else {
            throw WuyeError.invalid("incomingID", Text("接班人应为\(post.department.title.zh)的员工", "must be of \(post.department.title.en)"), rule: "HO-4")
        }
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "X-1") }
        let now = req.now
        let carried = try await HandoverQueries.carried(post: post, now: now, on: req.db)
        let expected = keepsCabinet ? try await HandoverQueries.keysInCabinet(property: post.property.id, on: req.db) : nil
        let encodedMarks = AuditLog.canonicalJSON(marks)
        let encodedCarried = AuditLog.canonicalJSON(carried)
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .draft else { throw HandoverRules.notAt(locked.status, rule: "HO-4") }
            let sheet = try await AuditLog.update("handover_sheet.signed_out", locked, by: .person(actor), property: post.property.id, at: now, on: db) {
                $0.marks = encodedMarks; $0.workLog = workLog; $0.carried = encodedCarried
                $0.cabinetExpected = expected; $0.cabinetCounted = keepsCabinet ? input.cabinetCounted : nil
                $0.$incoming.id = incomingID; $0.offeredAt = now; $0.outgoingSignature = signature
                $0.status = .offered
            }
            try await Notifier.notify(incomingID, at: post.property.id, kind: HandoverNotice.offered.rawValue,
                                      message: Text("\(actor.name)请你接\(post.name)的班（\(sheet.day) \(sheet.shift.title.zh)）", "\(actor.name) asks you to take over \(post.name) (\(sheet.day) \(sheet.shift.title.en))"),
                                      link: "/handover-sheets/\(sheet.id!)", subject: sheet.id, now: now, on: db)
            return sheet
        }
    }

    /// 接班人提问 / 交班人答复 (HO-3), and 补记 after both signed (HO-6).
    public static func addWords(sheetID: UUID?, kind: HandoverEntryKind, _ input: HandoverWordsInput, on req: Request) async throws -> HandoverEntry {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .keepHandoverSheet, on: req)
        switch kind {
        case .question:
            guard found.$incoming.id == actor.id else { throw WuyeError.forbidden(Text("只有接班人可以提问", "Only the incoming person asks"), rule: "HO-3") }
        case .answer:
            guard found.$outgoing.id == actor.id else { throw WuyeError.forbidden(Text("只有交班人可以答复", "Only the outgoing person answers"), rule: "HO-3") }
        case .addendum:
            let superior = (try? requireDepartment(actor, post, superior: true)) != nil
            guard found.$outgoing.id == actor.id || found.$incoming.id == actor.id || superior else {
                throw WuyeError.forbidden(Text("只有交接双方或领班以上可以补记", "Only the two who signed, or a foreman or above, add an addendum"), rule: "HO-6")
            }
        case .refusal, .resolution:
            throw WuyeError.invalid("kind", Text("拒绝与处理另有步骤", "refusals and resolutions have their own steps"), rule: "HO-5")
        }
        guard let text = Input.text(input.text) else { throw WuyeError.missing("text", Text(kind.title.zh + "内容", kind.title.en), rule: "HO-3") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            switch kind {
            case .addendum: guard locked.status == .accepted else { throw WuyeError.conflict(Text("补记用于双方签字之后；签字前请直接修改或问答", "An addendum follows both signatures; before that, ask or answer"), rule: "HO-6", field: "status") }
            default: guard locked.status == .offered || locked.status == .refused else { throw HandoverRules.notAt(locked.status, rule: "HO-3") }
            }
            return try await entry(kind, text, on: locked.record, by: actor, at: now, on: db)
        }
    }

    /// 接班签字: the named incoming person accepts; the sheet is then frozen
    /// and the outgoing shift closed (HO-4, HO-6). On customer service's post
    /// the key cabinet's custodian becomes the incoming person (KY-3).
    public static func accept(sheetID: UUID?, _ input: HandoverSignatureInput, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .keepHandoverSheet, on: req)
        try HandoverRules.checkDifferentPeople(outgoing: found.$outgoing.id, incoming: actor.id)
        guard found.$incoming.id == actor.id else { throw WuyeError.forbidden(Text("只有被指定的接班人可以接班签字", "Only the named incoming person accepts"), rule: "HO-4") }
        let signature = Input.text(input.signature)
        if let signature { try SignatureImage.check(signature, field: "signature", rule: "X-1") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .offered else { throw HandoverRules.notAt(locked.status, rule: "HO-4") }
            let sheet = try await AuditLog.update("handover_sheet.accepted", locked, by: .person(actor), property: post.property.id, at: now, on: db) {
                $0.status = .accepted; $0.acceptedAt = now; $0.incomingSignature = signature
            }
            try await Notifier.settle([HandoverNotice.offered.rawValue], about: sheet.id!, now: now, on: db)
            return sheet
        }
    }

    /// 拒绝接班: with the reason; the foreman or supervisor on duty is told and
    /// must resolve it before the sheet can complete (HO-5).
    public static func refuse(sheetID: UUID?, _ input: HandoverRefusalInput, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .keepHandoverSheet, on: req)
        guard found.$incoming.id == actor.id else { throw WuyeError.forbidden(Text("只有被指定的接班人可以拒绝接班", "Only the named incoming person refuses"), rule: "HO-5") }
        guard let reason = Input.text(input.reason) else { throw WuyeError.missing("reason", Text("拒绝理由", "Why"), rule: "HO-5") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .offered else { throw HandoverRules.notAt(locked.status, rule: "HO-5") }
            let sheet = try await AuditLog.update("handover_sheet.refused", locked, by: .person(actor), property: post.property.id, at: now, on: db) {
                $0.status = .refused; $0.refusalCount += 1; $0.refusalReason = reason
            }
            _ = try await entry(.refusal, reason, on: sheet, by: actor, at: now, on: db)
            try await Notifier.notify(Notifier.Audience(grants: [.department(post.department, .foreman)]), at: post.property.id, kind: HandoverNotice.refused.rawValue,
                                      message: Text("\(actor.name)拒绝接\(post.name)的班：\(reason)", "\(actor.name) refused to take over \(post.name): \(reason)"),
                                      link: "/handover-sheets/\(sheet.id!)", subject: sheet.id, except: actor.id, now: now, on: db)
            return sheet
        }
    }

    /// 领班处理: a foreman or above of the post's department, neither of the
    /// two, settles the refusal with a note; the incoming person may then accept (HO-5).
    public static func resolve(sheetID: UUID?, _ input: HandoverWordsInput, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .superviseHandover, on: req)
        try requireDepartment(actor, post, superior: true)
        guard found.$outgoing.id != actor.id, found.$incoming.id != actor.id else {
            throw WuyeError.forbidden(Text("交接双方不能处理自己的拒绝", "Neither of the two may resolve their own refusal"), rule: "HO-5")
        }
        guard let note = Input.text(input.text) else { throw WuyeError.missing("text", Text("处理意见", "How it is resolved"), rule: "HO-5") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .refused else { throw WuyeError.conflict(Text("没有待处理的拒绝接班", "There is no refusal to resolve"), rule: "HO-5", field: "status") }
            let sheet = try await AuditLog.update("handover_sheet.resolved", locked, by: .person(actor), property: post.property.id, at: now, on: db) {
                $0.status = .offered; $0.refusalReason = nil
            }
            _ = try await entry(.resolution, note, on: sheet, by: actor, at: now, on: db)
            try await Notifier.settle([HandoverNotice.refused.rawValue], about: sheet.id!, now: now, on: db)
            if let incoming = sheet.$incoming.id {
                try await Notifier.notify(incoming, at: post.property.id, kind: HandoverNotice.offered.rawValue,
                                          message: Text("\(actor.name)已处理拒绝接班：\(note)。请接班。", "\(actor.name) resolved the refusal: \(note). Please take over."),
                                          link: "/handover-sheets/\(sheet.id!)", subject: sheet.id, now: now, on: db)
            }
            return sheet
        }
    }

    /// 领班审核签字: the foreman reviews each day's sheets (HO-6), never one they signed themselves.
    public static func review(sheetID: UUID?, on req: Request) async throws -> HandoverSheet {
        let actor = try req.actor
        let (found, post) = try await sheet(sheetID, for: actor, action: .superviseHandover, on: req)
        try requireDepartment(actor, post, superior: true)
        guard found.$outgoing.id != actor.id, found.$incoming.id != actor.id else {
            throw WuyeError.forbidden(Text("不能审核自己签字的交接记录", "You may not review a sheet you signed"), rule: "HO-6")
        }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(HandoverSheet.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            guard locked.status == .accepted else { throw HandoverRules.notAt(locked.status, rule: "HO-6") }
            guard locked.reviewedAt == nil else { throw WuyeError.conflict(Text("已审核", "Already reviewed"), rule: "HO-6", field: "status") }
            return try await AuditLog.update("handover_sheet.reviewed", locked, by: .person(actor), property: post.property.id, at: now, on: db) {
                $0.$reviewedBy.id = actor.id; $0.reviewedAt = now
            }
        }
    }

    static func sheet(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (HandoverSheet, PostInfo) {
        guard let id, let sheet = try await HandoverSheet.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "sheetID") }
        return (sheet, try await post(sheet.$post.id, for: actor, action: action, on: req))
    }

    /// 在交接班记录本上注明 (SH-2 [5.2 2)]): what happened, written into the
    /// shift's sheet being filled in — the person's own, else one of their
    /// department's posts at the property. None open, nothing is written.
    static func writeIntoShift(_ text: String, by actor: Actor, property: UUID, department: DepartmentCode, at now: Date, on db: any Database) async throws -> HandoverEntry? {
        let drafts = try await HandoverSheet.query(on: db).filter(\.$property.$id == property).filter(\.$status == .draft)
            .join(Post.self, on: \HandoverSheet.$post.$id == \Post.$id).join(Department.self, on: \Post.$department.$id == \Department.$id)
            .filter(Department.self, \.$code == department).sort(\.$startedAt, .descending).all()
        guard let sheet = drafts.first(where: { $0.$outgoing.id == actor.id }) ?? drafts.first else { return nil }
        try await SQLLock.takeTurns(on: HandoverSheet.schema, id: sheet.id!, in: db.sql)
        return try await entry(.addendum, text, on: sheet, by: actor, at: now, on: db)
    }

    private static func entry(_ kind: HandoverEntryKind, _ text: String, on sheet: HandoverSheet, by actor: Actor, at now: Date, on db: any Database) async throws -> HandoverEntry {
        let entry = HandoverEntry()
        entry.$property.id = sheet.$property.id; entry.$sheet.id = sheet.id!
        // The sheet's row is locked by the caller, so two entries never take one place.
        entry.position = try await HandoverEntry.query(on: db).filter(\.$sheet.$id == sheet.id!).count() + 1
        entry.kind = kind; entry.text = text; entry.$writtenBy.id = actor.id; entry.writtenAt = now
        try await AuditLog.create("handover_entry.\(kind.rawValue)", entry, by: .person(actor), property: sheet.$property.id, at: now, on: db)
        return entry
    }
}

enum HandoverNotice: String {
    case offered = "handover_sheet.offered"
    case refused = "handover_sheet.refused"
}
