import Fluent
import Vapor

/// 交接班记录 — one sheet: the checklist √/×, the work log, what is carried
/// over, the cabinet count, the questions and answers, both signatures, the
/// refusal and its resolution, addenda; prints as 《样板房交接班记录表》 (HO-1…HO-6, KY-3).
enum HandoverSheetPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("handover-sheets", ":sheetID") { req in try await show(req, form: .blank) }
        step(pages, "sign-out", done: Text("已交班签字，等待接班人", "Signed out; waiting for the incoming person")) { id, req in
            try await Handovers.signOut(sheetID: id, try req.input(HandoverSignOutInput.self), on: req)
        }
        step(pages, "acceptance", done: Text("已接班签字，交接完成", "Accepted; the handover is complete")) { id, req in
            try await Handovers.accept(sheetID: id, try req.input(HandoverSignatureInput.self), on: req)
        }
        step(pages, "refusal", done: Text("已拒绝接班，已通知领班处理", "Refused; the foreman is told")) { id, req in
            try await Handovers.refuse(sheetID: id, try req.input(HandoverRefusalInput.self), on: req)
        }
        step(pages, "resolution", done: Text("已处理，接班人可接班", "Resolved; the incoming person may accept")) { id, req in
            try await Handovers.resolve(sheetID: id, try req.input(HandoverWordsInput.self), on: req)
        }
        step(pages, "review", done: Text("已审核签字", "Reviewed")) { id, req in
            try await Handovers.review(sheetID: id, on: req)
        }
        for (path, kind, done) in [("questions", HandoverEntryKind.question, Text("已提问", "Question asked")), ("answers", .answer, Text("已答复", "Answered")),
                                   ("addenda", .addendum, Text("已补记", "Addendum added"))] {
            step(pages, path, done: done) { id, req in
                try await Handovers.find(try await Handovers.addWords(sheetID: id, kind: kind, try req.input(HandoverWordsInput.self), on: req).$sheet.id, on: req.db)
            }
        }
    }

    private static func step(_ pages: any RoutesBuilder, _ path: String, done: Text, _ action: @escaping @Sendable (UUID?, Request) async throws -> HandoverSheet) {
        pages.recordStep("handover-sheets", "sheetID", path, show: { try await show($0, form: $1) }, done: { _ in done }, action)
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (found, post) = try await Handovers.sheet(req.parameters.get("sheetID", as: UUID.self), for: actor, action: .viewHandovers, on: req)
        let ctx = try await req.viewContext(propertyID: post.property.id)
        guard let s = try await HandoverQueries.one(found.id!, on: req.db) else { throw WuyeError.notFound(Handovers.noun) }
        let entries = try await HandoverQueries.entries(of: s.id, on: req.db)
        let events = try await AuditLog.history(of: [(HandoverSheet.auditType, s.id)] + entries.map { (HandoverEntry.auditType, $0.id) }, on: req.db)
        let time = post.property.localTime
        let base = "/handover-sheets/\(s.id)"
        let marks = s.markList
        let colleagues = s.status == .draft && s.outgoingID == actor.id
            ? try await ServiceQueries.colleagues(propertyID: post.property.id, department: post.department, on: req.db).filter { $0.id != actor.id } : []
        let preview = s.status == .draft && s.outgoingID == actor.id ? try await HandoverQueries.carried(post: post, now: ctx.now, on: req.db) : s.carriedList
        let expected = s.status == .draft && post.department == .customerService ? try await HandoverQueries.keysInCabinet(property: post.property.id, on: req.db) : s.cabinetExpected
        return Layout.page(ctx, title: post.name + " " + s.day + " " + ctx.t(s.shift.title)) {
            H.p(.class("print-only")) { H.strong { "《样板房交接班记录表》" }; "　" + post.property.name }
            H.h1 { post.name + " " + s.day + " " + ctx.t(s.shift.title) + " "; HandoverPages.badge(ctx, s) }
            H.p(.class("no-print")) { H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") } }
            Form.problems(ctx, form)
            H.dl(.class("facts card"), .id("sheet-facts")) {
                H.dt { ctx.t("交班人（记录责任人）", "Outgoing (recorder)") }
                H.dd { s.outgoingName + (s.offeredAt.map { " · " + ctx.t("签字 ", "signed ") + time.dateTime($0) } ?? "") }
                H.dt { ctx.t("接班人", "Incoming") }
                H.dd { (s.incomingName ?? "—") + (s.acceptedAt.map { " · " + ctx.t("签字 ", "signed ") + time.dateTime($0) } ?? "") }
                H.dt { ctx.t("检查表", "Checklist") }; H.dd { ctx.t("第 \(s.templateVersion) 版", "version \(s.templateVersion)") }
                if let reason = s.refusalReason { H.dt { ctx.t("拒绝理由", "Refused because") }; H.dd(.class("late")) { reason } }
                if let reviewed = s.reviewedAt { H.dt { ctx.t("领班审核", "Reviewed") }; H.dd { (s.reviewedByName ?? "") + " · " + time.dateTime(reviewed) } }
            }
            if s.status == .draft && s.outgoingID == actor.id {
                HandoverSheetSteps.signOut(ctx, s, form: form.for(base + "/sign-out"), base: base, colleagues: colleagues, keepsCabinet: post.department == .customerService, expected: expected)
            } else {
                H.table(.class("stack"), .id("checklist")) {
                    H.thead { H.tr { H.th { "#" }; H.th { ctx.t("检查项目", "Item") }; H.th { "√ / ×" }; H.th { ctx.t("情况说明", "Note") } } }
                    H.tbody {
                        for (index, item) in s.checklist.enumerated() {
                            let mark = index < marks.count ? marks[index] : nil
                            H.tr(.class(mark?.ok == false ? "late" : "")) {
                                Layout.cell("#") { String(index + 1) }
                                Layout.cell(ctx.t("检查项目", "Item")) { item.title + (item.hint.map { "（\($0)）" } ?? "") }
                                Layout.cell("√ / ×") { mark.map { $0.ok ? "√" : "×" } ?? "—" }
                                Layout.cell(ctx.t("情况说明", "Note")) { mark?.note ?? "" }
                            }
                        }
                    }
                }
                H.section(.class("card"), .id("work-log")) { H.h2 { ctx.t("工作日记", "Work log") }; H.p { s.workLog ?? "—" } }
                if let counted = s.cabinetCounted {
                    H.section(.class("card"), .id("cabinet-count")) {
                        H.h2 { ctx.t("钥匙柜清点", "Key cabinet count") }
                        H.p(.class((s.cabinetDifference ?? 0) != 0 ? "late" : "")) {
                            ctx.t("台账应在柜 \(s.cabinetExpected ?? 0) 把，清点 \(counted) 把", "Ledger says \(s.cabinetExpected ?? 0) in the cabinet; counted \(counted)")
                            if let difference = s.cabinetDifference, difference != 0 { ctx.t("，差 \(difference) 把，须查明", ", a difference of \(difference) to account for") }
                        }
                    }
                }
            }
            H.section(.class("card"), .id("carried")) {
                H.h2 { ctx.t("遗留事项（来自系统记录）", "Carried over (from the records)") }
                if preview.isEmpty { H.p(.class("muted")) { ctx.t("无", "None") } }
                H.ul(.class("plain")) { for c in preview { H.li { H.a(.href(c.link)) { c.label }; " · " + c.detail } } }
            }
            H.section(.class("card"), .id("entries")) {
                H.h2 { ctx.t("问答与补记", "Questions, answers and addenda") }
                if entries.isEmpty { H.p(.class("muted")) { ctx.t("无", "None") } }
                H.ol { for e in entries { H.li(.class("entry-\(e.kind.rawValue)")) { H.strong { ctx.t(e.kind.title) + " · " + e.writtenByName + " · " + time.dateTime(e.writtenAt) }; "：" + e.text } } }
            }
            if s.outgoingSignature != nil || s.incomingSignature != nil {
                H.div(.class("signatures")) {
                    if let picture = s.outgoingSignature { H.img(.class("sig-img"), .attr("src", picture), .attr("alt", ctx.t("交班人签名", "Outgoing signature"))) }
                    if let picture = s.incomingSignature { H.img(.class("sig-img"), .attr("src", picture), .attr("alt", ctx.t("接班人签名", "Incoming signature"))) }
                }
            }
            HandoverSheetSteps.forms(ctx, s, form: form, base: base, actor: actor, post: post)
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}

extension Handovers {
    static func find(_ id: UUID, on db: any Database) async throws -> HandoverSheet {
        guard let sheet = try await HandoverSheet.find(id, on: db) else { throw WuyeError.notFound(noun, field: "sheetID") }
        return sheet
    }
}
