import Fluent
import Vapor

/// 监控室交接 — the control room and customer service hand items to each
/// other at the property's two times: the recent handovers, the form to
/// hand over, and one handover with the items to take (HO-7, HO-8).
enum DeskHandoverPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "desk-handovers") { req in try await list(req, form: .blank) }
        pages.post("properties", ":propertyID", "desk-handovers") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let made = try await DeskHandovers.offer(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(DeskHandoverInput.self), on: req)
                return (Text("已交出 \(made.itemCount) 项工单，待\(made.slot.to.title.zh)接收", "\(made.itemCount) items handed over; waiting for \(made.slot.to.title.en)"), "/desk-handovers/\(made.id!)")
            }
        }
        pages.post("properties", ":propertyID", "shift-settings") { req in
            try await req.formAction(render: { try await list(req, form: $0) }) {
                let set = try await DeskHandovers.setTimes(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(ShiftSettingsInput.self), on: req)
                return (Text("交接时间已改为 \(set.morningHandover) 和 \(set.eveningHandover)", "Handovers now at \(set.morningHandover) and \(set.eveningHandover)"), "/properties/\(set.$property.id)/desk-handovers")
            }
        }
        pages.get("desk-handovers", ":handoverID") { req in try await show(req, form: .blank) }
        pages.post("desk-handovers", ":handoverID", "acceptance") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let done = try await DeskHandovers.accept(handoverID: req.parameters.get("handoverID", as: UUID.self), try req.input(DeskAcceptInput.self), on: req)
                return (Text("已接收 \(done.acceptedCount ?? 0) 项", "\(done.acceptedCount ?? 0) items taken over"), "/desk-handovers/\(done.id!)")
            }
        }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .deskHandover)
        let ctx = try await req.viewContext(propertyID: property.id)
        let times = try await DeskHandovers.times(property.id, on: req.db)
        let recent = try await DeskQueries.recent(propertyID: property.id, on: req.db)
        let time = property.localTime
        let base = "/properties/\(property.id)"
        let slot: DeskSlot? = DeskSlot.allCases.first { $0.from == actor.department }
        let working = try await DeskHandovers.isWorkingHours(ctx.now, property: property, on: req.db)
        return Layout.page(ctx, title: ctx.t("监控室交接", "Control-room handover")) {
            H.h1 { property.name + " · " + ctx.t("监控室交接", "Control-room handover") }
            H.p(.class("muted"), .id("handover-times")) {
                ctx.t("每天 \(times.morning) 安管部将夜间接报的投诉和服务需求交客服部；\(times.evening) 客服部将未完成的工单交安管部。接收后工单才换负责部门。",
                      "Every day at \(times.morning) security hands the night's complaints and requests to customer service; at \(times.evening) customer service hands its open items to security. An item changes department only when taken.")
                " "
                H.strong { working ? ctx.t("现在由客服部值守。", "Customer service is on duty now.") : ctx.t("现在由监控室值守。", "The control room is on duty now.") }
            }
            Form.problems(ctx, form)
            if let slot {
                H.form(.class("card"), .method("post"), .action(base + "/desk-handovers"), .id("desk-handover-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t(slot.title) }
                    H.input(.type("hidden"), .name("slot"), .value(slot.rawValue))
                    Form.textarea(ctx, form.for(base + "/desk-handovers"), "note", label: ctx.t("交接说明", "Notes for the other side"), field: DeskHandoverInput.schema.field("note"))
                    H.button(.id("offer-desk-handover")) { ctx.t("交出未完成工单", "Hand over the open items") }
                }
            }
            H.section(.class("card")) {
                H.h2 { ctx.t("最近的交接", "Recent handovers") }
                if recent.isEmpty { H.p(.class("empty-state")) { ctx.t("还没有交接记录", "No handovers yet") } }
                else {
                    H.table(.class("stack"), .id("desk-handovers")) {
                        H.thead { H.tr { H.th { ctx.t("日期", "Day") }; H.th { ctx.t("班次", "Handover") }; H.th { ctx.t("交出", "Handed over") }; H.th { ctx.t("接收", "Taken") } } }
                        H.tbody {
                            for h in recent {
                                H.tr {
                                    Layout.cell(ctx.t("日期", "Day")) { H.a(.href("/desk-handovers/\(h.id)")) { h.day } }
                                    Layout.cell(ctx.t("班次", "Handover")) { ctx.t(h.slot.title) }
                                    Layout.cell(ctx.t("交出", "Handed over")) {
                                        time.dateTime(h.offeredAt) + " · " + h.offeredByName + " · " + ctx.t("\(h.itemCount) 项", "\(h.itemCount) items")
                                        if h.urgentCount > 0 { " "; H.span(.class("badge late")) { ctx.t("紧急 \(h.urgentCount)", "\(h.urgentCount) urgent") } }
                                    }
                                    Layout.cell(ctx.t("接收", "Taken")) {
                                        if let at = h.acceptedAt { time.dateTime(at) + " · " + (h.acceptedByName ?? "") + " · " + ctx.t("接收 \(h.acceptedCount ?? 0) 项", "\(h.acceptedCount ?? 0) taken") }
                                        else { H.span(.class("badge s-out")) { ctx.t("待接收", "waiting") } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if ctx.may(.manageShiftSettings, at: property.id) {
                H.details(.class("card"), .when(form.sentTo == base + "/shift-settings", .flag("open"))) {
                    H.summary { ctx.t("交接时间", "Handover times") }
                    H.form(.method("post"), .action(base + "/shift-settings"), .id("shift-settings-form")) {
                        ctx.csrfField
                        let sent = form.for(base + "/shift-settings")
                        Form.input(ctx, sent, "morningHandover", label: ctx.t("早交接（客服部上班）", "Morning (customer service starts)"), field: ShiftSettingsInput.schema.field("morningHandover"),
                                   type: "time", value: times.morning, required: true)
                        Form.input(ctx, sent, "eveningHandover", label: ctx.t("晚交接（客服部下班）", "Evening (customer service ends)"), field: ShiftSettingsInput.schema.field("eveningHandover"),
                                   type: "time", value: times.evening, required: true)
                        H.button(.class("secondary"), .id("save-shift-settings")) { ctx.t("保存", "Save") }
                    }
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("handoverID", as: UUID.self), let h = try await DeskQueries.one(id, on: req.db) else {
            throw WuyeError.notFound(DeskHandovers.noun, field: "handoverID")
        }
        let property = try await req.property(h.propertyID, for: actor, action: .deskHandover)
        let ctx = try await req.viewContext(propertyID: property.id)
        let lines = try await DeskQueries.items(of: id, on: req.db)
        let events = try await AuditLog.history(recordType: DeskHandover.auditType, recordID: id, on: req.db)
        let time = property.localTime
        let receives = h.acceptedAt == nil && actor.department == h.slot.to
        return Layout.page(ctx, title: ctx.t("监控室交接", "Control-room handover") + " " + h.day) {
            H.h1 { h.day + " " + ctx.t(h.slot.title) }
            Form.problems(ctx, form)
            H.dl(.class("facts card"), .id("handover-facts")) {
                H.dt { ctx.t("交出", "Handed over") }; H.dd { time.dateTime(h.offeredAt) + " · " + h.offeredByName }
                if let note = h.note { H.dt { ctx.t("说明", "Notes") }; H.dd { note } }
                H.dt { ctx.t("接收", "Taken") }
                H.dd { if let at = h.acceptedAt { time.dateTime(at) + " · " + (h.acceptedByName ?? "") + (h.acceptanceNote.map { " · " + $0 } ?? "") } else { ctx.t("待\(h.slot.to.title.zh)接收", "Waiting for \(h.slot.to.title.en)") } }
            }
            H.form(.class("card"), .method("post"), .action("/desk-handovers/\(id)/acceptance"), .id("desk-accept-form")) {
                if receives { ctx.csrfField }
                H.h2 { ctx.t("交接的工单（\(lines.count) 项）", "Items handed over (\(lines.count))") }
                if lines.isEmpty { H.p(.class("muted")) { ctx.t("没有未完成的工单", "No open items") } }
                H.ul(.class("plain"), .id("handover-items")) {
                    for line in lines {
                        H.li {
                            if receives {
                                H.label(.class("choice")) {
                                    H.input(.type("checkbox"), .name("itemIDs[]"), .value(line.itemID.text), .when(!form.wasSent || form.values("itemIDs[]").contains(line.itemID.text), .checked))
                                    " "; H.a(.href("/service-items/\(line.itemID)")) { line.referenceNo }; " " + ctx.t(line.kind.title) + "：" + String(line.description.prefix(50))
                                }
                            } else {
                                H.a(.href("/service-items/\(line.itemID)")) { line.referenceNo }; " " + ctx.t(line.kind.title) + "：" + String(line.description.prefix(50)) + " "
                                if let accepted = line.accepted {
                                    H.span(.class(accepted ? "badge d-closed" : "badge s-out")) { accepted ? ctx.t("已接收", "taken") : ctx.t("未接收，仍由原部门负责", "not taken: still the old owner's") }
                                }
                            }
                            if line.urgent { " "; H.span(.class("badge late")) { ctx.t("紧急", "urgent") } }
                        }
                    }
                }
                if receives {
                    Form.textarea(ctx, form.for("/desk-handovers/\(id)/acceptance"), "note", label: ctx.t("接收说明（未接收的请写明原因）", "Notes (why any are not taken)"), field: DeskAcceptInput.schema.field("note"))
                    H.button(.id("accept-desk-handover")) { ctx.t("接收勾选的工单", "Take the ticked items") }
                }
            }
            Layout.history(ctx, events, time: time)
        }
    }
}
