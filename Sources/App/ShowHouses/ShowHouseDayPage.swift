import Fluent
import Vapor

/// 样板房当日记录 — one show house's day on one page: the counts and what
/// they found, what is still open, visitor batches between the lobby and the
/// house, visitors turned away, guests' feedback, the closing routine, the
/// keys to security and the foreman's signature (SH-4, SH-10…SH-18). Prints
/// as the day's work record.
enum ShowHouseDayPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID") { req in
            try await show(req, houseID: req.parameters.get("showHouseID", as: UUID.self), day: try req.queryValue("day", HandoverAPI.dayQuery), form: .blank)
        }
        pages.get("show-house-days", ":dayID") { req in
            let (day, _) = try await ShowHouseDays.record(req.parameters.get("dayID", as: UUID.self), for: try req.actor, action: .viewShowHouses, on: req)
            return req.redirect(to: "/show-houses/\(day.$showHouse.id)?day=\(day.day)")
        }
        let house: @Sendable (Request) -> UUID? = { $0.parameters.get("showHouseID", as: UUID.self) }
        houseAction(pages, "batches", house) { req in
            let made = try await ShowHouseVisits.send(showHouseID: house(req), try req.input(BatchInput.self), on: req)
            return Text("第 \(made.number) 批 \(made.headcount) 人已送梯，请样板房确认到达", "Batch \(made.number) (\(made.headcount)) sent up: the show house confirms the arrival")
        }
        houseAction(pages, "refusals", house) { req in
            let made = try await ShowHouseVisits.turnAway(showHouseID: house(req), try req.input(RefusalInput.self), on: req)
            return Text("已登记劝离 \(made.headcount) 人", "\(made.headcount) turned away, recorded")
        }
        houseAction(pages, "feedback", house) { req in
            let made = try await ShowHouseVisits.feedback(showHouseID: house(req), try req.input(FeedbackInput.self), on: req)
            return made.$serviceItem.id == nil ? Text("已登记客户\(made.kind.title.zh)", "\(made.kind.title.en) recorded") : Text("已登记投诉并转客服工单", "Complaint recorded and sent to the service desk")
        }
        houseAction(pages, "closing", house) { req in
            _ = try await ShowHouseDays.close(showHouseID: house(req), try req.input(ClosingInput.self), on: req)
            return Text("已闭馆，钥匙待安管确认接收", "Closed: the keys wait for security to confirm")
        }
        for step in [ShowHouseRules.BatchStep.arrival, .departure, .return] {
            pages.post("visitor-batches", ":batchID", .constant(step.rawValue)) { req in
                let batchID = req.parameters.get("batchID", as: UUID.self)
                let (batch, _) = try await ShowHouseVisits.batch(batchID, for: try req.actor, action: .viewShowHouses, on: req)
                return try await req.formAction(render: { try await show(req, houseID: batch.$showHouse.id, day: batch.day, form: $0) }) {
                    let made = try await ShowHouseVisits.step(step, batchID: batchID, try req.input(BatchCountInput.self), on: req)
                    let flag = ShowHouseRules.mismatch(headcount: made.headcount, arrived: made.arrivedCount, left: made.leftCount, returned: made.returnedCount)
                    return (flag ? Text("已登记；第 \(made.number) 批人数不符，已标记", "Recorded; batch \(made.number)'s counts differ and are flagged")
                                 : Text("已登记第 \(made.number) 批", "Batch \(made.number) recorded"), "/show-houses/\(made.$showHouse.id)?day=\(made.day)")
                }
            }
        }
        for (step, done) in [("keys-received", Text("已确认接收钥匙", "Keys confirmed")), ("review", Text("已审核签字，当日关闭", "Signed: the day is closed"))] {
            pages.post("show-house-days", ":dayID", .constant(step)) { req in
                let dayID = req.parameters.get("dayID", as: UUID.self)
                let (record, _) = try await ShowHouseDays.record(dayID, for: try req.actor, action: .viewShowHouses, on: req)
                return try await req.formAction(render: { try await show(req, houseID: record.$showHouse.id, day: record.day, form: $0) }) {
                    let made = step == "review" ? try await ShowHouseDays.review(dayID: dayID, try req.input(DayReviewInput.self), on: req)
                                                : try await ShowHouseDays.receiveKeys(dayID: dayID, on: req)
                    return (done, "/show-houses/\(made.$showHouse.id)?day=\(made.day)")
                }
            }
        }
    }

    /// A form posted to `/show-houses/:showHouseID/<path>`: done, back to today's page; refused, the page with the form as sent.
    static func houseAction(_ pages: any RoutesBuilder, _ path: String, _ house: @escaping @Sendable (Request) -> UUID?, _ action: @escaping @Sendable (Request) async throws -> Text) {
        pages.post("show-houses", ":showHouseID", .constant(path)) { req in
            try await req.formAction(render: { try await show(req, houseID: house(req), day: nil, form: $0) }) {
                (try await action(req), "/show-houses/\(house(req)?.text ?? "")")
            }
        }
    }

    static func show(_ req: Request, houseID: UUID?, day: String?, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(houseID, for: actor, action: .viewShowHouses, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let today = time.day(ctx.now)
        let day = day ?? today
        guard let row = try await ShowHouseQueries.houses(propertyID: property.id, day: day, houseID: house.id, on: req.db).first else { throw WuyeError.notFound(ShowHouses.noun) }
        let d = try await ShowHouseQueries.day(row, day: day, on: req.db)
        let keeps = ctx.may(.keepShowHouse, at: property.id) && day == today && d.closing == nil
        let base = "/show-houses/\(house.id!)"
        let closingForm = keeps && d.closing == nil ? try await ShowHouseDayForms.closingOptions(property: property.id, on: req.db) : nil
        let records: [(type: String, id: UUID)] = d.counts.map { (ShowHouseCount.auditType, $0.id) } + d.batches.map { (VisitorBatch.auditType, $0.id) }
            + d.feedback.map { (GuestFeedback.auditType, $0.id) } + (d.closing.map { [(ShowHouseDay.auditType, $0.id)] } ?? [])
        let events = try await AuditLog.history(of: records, on: req.db)
        return Layout.page(ctx, title: house.name + " · " + day, wide: true) {
            H.p(.class("print-only")) { H.strong { "《样板房当日工作记录》" }; "　" + property.name }
            H.h1 { house.name + " · " + day; " "; H.small(.class("muted")) { row.unitType + " · " + row.unitLabel + " · " + row.floor } }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/properties/\(property.id)/show-houses?day=\(day)")) { ctx.t("← 全部样板房", "← All show houses") }
                " "
                H.a(.class("strong-link"), .href("/show-houses/\(house.id!)/key-sets")) { ctx.t("钥匙组", "Key sets") }
                " "
                H.a(.class("strong-link"), .href("/show-houses/\(house.id!)/construction-handovers")) { ctx.t("施工交接", "Construction handover") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p { ShowHousesPages.badges(ctx, row, time: time) }
            Form.problems(ctx, form)
            ShowHouseDayForms.counts(ctx, d, base: base, keeps: keeps, time: time)
            if !d.open.isEmpty {
                H.section(.class("card"), .id("open-findings")) {
                    H.h2 { ctx.t("未结异常（处理完毕前每次清点都会显示）", "Still open (shown at every count until resolved)") }
                    H.ul(.class("plain")) {
                        for f in d.open {
                            H.li { f.day + " " + f.room + " " + f.item + " · " + ctx.t(f.state.title) + " · " + f.note + " · "; H.a(.class("strong-link"), .href("/service-items/\(f.serviceItemID)")) { f.referenceNo }; " " + ctx.t(f.status.title) }
                        }
                    }
                }
            }
            ShowHouseDayForms.batches(ctx, d, form: form, base: base, keeps: keeps, time: time)
            ShowHouseDayForms.feedback(ctx, d, form: form, base: base, keeps: keeps, time: time)
            ShowHouseDayForms.closing(ctx, d, form: form, base: base, options: closingForm, actor: actor, time: time)
            H.div(.class("no-print")) { Layout.history(ctx, events, time: time) }
        }
    }
}
