import Fluent
import Vapor

/// 安管岗 — security's view of who comes in (SH-1…SH-4, SH-44): who is on
/// site now (printable for an evacuation) with the exit check, the forms
/// valid now, emergency entries, after-hours passes, and the visitors the
/// show houses turned away today.
enum SiteGatePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "site-gate") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "emergency-entries") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await EmergencyEntries.record(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(EmergencyEntryInput.self), on: req)
                return (made.enteredAt == nil ? Text("已记录，待主管到场确认后进入", "Recorded; go in once the supervisor confirms") : Text("已记录紧急进入", "Emergency entry recorded"),
                        EmergencyEntries.link(made.id!))
            }
        }
        pages.post("properties", ":propertyID", "after-hours-passes") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await AfterHoursPasses.request(propertyID: req.parameters.get("propertyID", as: UUID.self), try req.input(AfterHoursPassInput.self), on: req)
                return (Text("已提交，待领导批准", "Asked; leadership decides"), "/properties/\(made.$property.id)/site-gate")
            }
        }
        for step in ["decision", "admission"] {
            pages.post("after-hours-passes", ":passID", .constant(step)) { req in
                let pass = try await AfterHoursPass.find(req.parameters.get("passID", as: UUID.self), on: req.db)
                req.parameters.set("propertyID", to: pass?.$property.id.uuidString)
                return try await req.formAction(render: { try await show(req, form: $0) }) {
                    let made = step == "decision" ? try await AfterHoursPasses.decide(passID: pass?.id, try req.input(PassDecisionInput.self), on: req)
                                                  : try await AfterHoursPasses.admit(passID: pass?.id, on: req)
                    let done = step == "admission" ? Text("已放行", "Admitted") : made.approved == true ? Text("已批准", "Approved") : Text("已不批准", "Refused")
                    return (done, "/properties/\(made.$property.id)/site-gate")
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .viewShowHouses)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let now = ctx.now
        let onSite = try await SiteAccessQueries.onSite(propertyID: property.id, on: req.db)
        let valid = try await WorkLiaisonForm.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$status == .active)
            .filter(\.$startsAt <= now).filter(\.$endsAt > now).sort(\.$startsAt).limit(100).all()
        let forms = try await SiteAccessQueries.views(valid, today: time.day(now), on: req.db)
        let emergencies = try await SiteAccessQueries.emergencies(propertyID: property.id, openOnly: true, on: req.db)
        let passes = try await SiteAccessQueries.passes(propertyID: property.id, since: now.addingTimeInterval(-86_400), on: req.db)
        let refused = try await SiteAccessQueries.refusals(propertyID: property.id, day: time.day(now), on: req.db)
        let atGate = ctx.may(.keepSiteGate, at: property.id)
        let houses = try await ShowHouse.query(on: req.db).filter(\.$property.$id == property.id).sort(\.$name).all()
        let emergencyPart = try await SiteGateParts.emergencies(ctx, req: req, property: property, houses: houses, open: emergencies, form: form)
        let passPart = SiteGateParts.passes(ctx, property: property, passes: passes, houses: houses, form: form, actor: actor)
        return Layout.page(ctx, title: ctx.t("安管岗", "Security gate"), wide: true) {
            H.h1 { property.name + " · " + ctx.t("安管岗：施工与进出", "Security gate: construction and access") }
            H.div(.class("stats"), .id("gate-figures")) {
                H.a(.href("#on-site")) { H.strong { "\(onSite.count)" }; ctx.t("人在场", "on site") }
                H.a(.href("#valid-forms")) { H.strong { "\(forms.count)" }; ctx.t("联络单有效", "forms valid") }
                H.a(.href("#emergencies")) { H.strong { "\(emergencies.count)" }; ctx.t("紧急进入未结", "emergencies open") }
                H.a(.href("/properties/\(property.id)/show-houses"), .id("refusals"), .attr("title", ctx.t("今日无销售人员陪同、已劝离的访客（SH-4）", "Visitors without a sales person turned away today (SH-4)"))) {
                    H.strong { "\(refused.times)" }; ctx.t("批劝离（\(refused.people) 人）", "turned away (\(refused.people))")
                }
            }
            Form.problems(ctx, form)
            H.section(.class("card"), .id("on-site")) {
                H.h2 { ctx.t("在场施工人员", "Workers on site now") }
                H.p(.class("no-print")) { H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印疏散名单", "Print for an evacuation") } }
                if onSite.isEmpty { H.p(.class("muted")) { ctx.t("现在没有施工人员在场", "Nobody is on site") } }
                H.ul(.class("tap-list")) {
                    for (index, e) in onSite.enumerated() {
                        H.li(.id("on-site-\(index)")) {
                            H.strong { e.worker }
                            " · " + e.contractor + " · " + e.area + " · " + ctx.t("进场 ", "in ") + time.dateTime(e.enteredAt)
                            if e.night { " "; H.span(.class("badge s-out")) { ctx.t("夜间施工", "Night work") } }
                            " "; H.a(.href(WorkLiaisonForms.link(e.formID))) { e.referenceNo }
                            if atGate { WorkFormParts.exitForm(ctx, entry: e.id, form: form, id: "gate-exit-\(index)", back: "gate") }
                        }
                    }
                }
            }
            H.section(.class("card"), .id("valid-forms")) {
                H.h2 { ctx.t("现在有效的联络单", "Forms valid now") }
                if forms.isEmpty { H.p(.class("muted")) { ctx.t("没有有效的联络单：施工人员一律不得进场", "No valid form: no worker comes in") } }
                H.ul(.class("tap-list")) {
                    for f in forms {
                        H.li {
                            H.a(.class("strong-link"), .href(WorkLiaisonForms.link(f.id))) { f.referenceNo }
                            " " + f.contractor + " · " + (f.showHouse.map { $0 + " " } ?? "") + f.area + " · "
                            H.span(.class("nowrap")) { time.dateTime(f.endsAt) + ctx.t(" 止", " until") }
                            " · " + ctx.t("名单 \(f.workers.count) 人，在场 \(f.onSite) 人", "\(f.workers.count) named, \(f.onSite) on site")
                            if f.needsExtraApproval, f.extraApprovedAt == nil { " "; H.span(.class("badge late")) { ctx.t("停电/跨区未获同意", "Outage not agreed") } }
                            if atGate, f.onSite > 0 { " "; H.a(.href(WorkLiaisonForms.link(f.id) + "#site-checks")) { ctx.t("监护巡查", "Look in") } }
                        }
                    }
                }
            }
            emergencyPart
            passPart
        }
    }
}
