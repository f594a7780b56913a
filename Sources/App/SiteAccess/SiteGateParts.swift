import Fluent
import Vapor

/// The gate page's emergency entries (SH-1, SH-2, SH-54) and after-hours
/// passes (SH-3): the open ones, and the forms to record or ask for one.
enum SiteGateParts {
    static func emergencies(_ ctx: ViewContext, req: Request, property: PropertyInfo, houses: [ShowHouse], open: [SiteAccessQueries.EmergencyView],
                            form: FormState) async throws -> Node {
        let time = property.localTime
        let mayRecord = ctx.may(.recordEmergencyEntry, at: property.id)
        let supervisors = mayRecord ? try await ServiceQueries.colleagues(propertyID: property.id, department: nil, on: req.db).filter { $0.rank >= .supervisor } : []
        let sealed = mayRecord ? try await KeySet.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$keeper == .security)
            .filter(\.$sealNo != nil).filter(\.$retiredAt == nil).all() : []
        let houseNames = Dictionary(uniqueKeysWithValues: houses.map { ($0.id!, $0.name) })
        let action = "/properties/\(property.id)/emergency-entries"
        let sent = form.for(action)
        return H.section(.class("card"), .id("emergencies")) {
            H.h2 { ctx.t("紧急进入样板房", "Emergency entries") }
            H.p(.class("muted")) {
                ctx.t("安管员非紧急情况（火灾、台风、暴雨水浸、门窗未锁）不得进入样板房；须主管以上人员到场监护并在系统中确认，事后提交书面报告。",
                      "Guards go in only in an emergency, with a supervisor or above present who confirms it here; the supervisor reports in writing afterwards.")
            }
            H.ul(.class("tap-list")) {
                for e in open {
                    H.li {
                        H.a(.class("strong-link"), .href(EmergencyEntries.link(e.id))) { e.showHouse + " · " + ctx.t(e.emergency.title) }
                        " " + time.dateTime(e.recordedAt) + " · " + ctx.t("监护 ", "supervisor ") + e.supervisor + " "
                        H.span(.class("badge " + (e.stage == .awaitingReport ? "late" : "waiting"))) { ctx.t(e.stage.title) }
                    }
                }
            }
            if mayRecord {
                H.details(.class("no-print"), .when(sent.isRefused, .attr("open", "open"))) {
                    H.summary(.id("new-emergency")) { ctx.t("记录紧急进入", "Record an emergency entry") }
                    H.form(.method("post"), .action(action), .id("emergency-form")) {
                        ctx.csrfField
                        let schema = EmergencyEntryInput.schema
                        Form.select(ctx, sent, "showHouseID", label: ctx.t("样板房", "Show house"), options: houses.map { ($0.id!.uuidString, $0.name) }, prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.radios(ctx, sent, "emergency", legend: ctx.t("紧急情况", "Emergency"), options: Emergency.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: "")
                        Form.textarea(ctx, sent, "reason", label: ctx.t("进入原因", "Why"), field: schema.field("reason"), required: true)
                        Form.input(ctx, sent, "guards", label: ctx.t("进入的安管员", "Guards going in"), field: schema.field("guards"), value: ctx.actor?.name, required: true)
                        Form.select(ctx, sent, "supervisorID", label: ctx.t("到场监护的主管以上人员", "Supervisor or above present"),
                                    options: supervisors.map { ($0.id.uuidString, $0.name + " · " + ctx.t($0.department.title) + ctx.t($0.rank.title)) }, prompt: ctx.t("请选择", "Choose"),
                                    required: true, hint: ctx.t("该主管须用本人账号确认到场后方可进入", "They confirm in their own account before anyone goes in"))
                        Form.select(ctx, sent, "keySetID", label: ctx.t("启封安管钥匙组（如需开门）", "Open security's sealed set (if the door must be opened)"),
                                    options: sealed.map { ($0.id!.uuidString, (houseNames[$0.$showHouse.id] ?? "") + " · " + ctx.t("封条 ", "seal ") + ($0.sealNo ?? "")) }, prompt: ctx.t("— 不启封 —", "— do not open —"))
                        H.button(.class("danger"), .id("emergency-button")) { ctx.t("记录", "Record") }
                    }
                }
            }
        }
    }

    static func passes(_ ctx: ViewContext, property: PropertyInfo, passes: [SiteAccessQueries.PassView], houses: [ShowHouse], form: FormState, actor: Actor) -> Node {
        let time = property.localTime
        let action = "/properties/\(property.id)/after-hours-passes"
        let sent = form.for(action)
        let mayDecide = ctx.may(.decideAfterHoursPass, at: property.id), mayAdmit = ctx.may(.keepSiteGate, at: property.id)
        return H.section(.class("card"), .id("passes")) {
            H.h2 { ctx.t("非接待时间进入", "After-hours entry") }
            H.p(.class("muted")) { ctx.t("接待时间以外，除样板房工作人员外，须经领导批准方可进入。", "Outside reception hours only the show house's staff, and people leadership approved, come in.") }
            if passes.isEmpty { H.p(.class("muted")) { ctx.t("近期没有申请", "No recent passes") } }
            H.ul(.class("tap-list")) {
                for p in passes {
                    H.li(.id("pass-\(p.id)")) {
                        H.strong { p.visitor }
                        " · " + p.showHouse + " · " + time.dateTime(p.validFrom) + "–" + String(time.dateTime(p.validUntil).suffix(5)) + " · " + p.purpose + " "
                        switch p.approved {
                        case nil: H.span(.class("badge waiting")) { ctx.t("待领导批准", "Waiting for leadership") }
                        case true?: H.span(.class("badge h-accepted")) { ctx.t("已批准", "Approved") + " · " + (p.decidedBy ?? "") }
                        case false?: H.span(.class("badge late")) { ctx.t("不批准", "Refused") + " · " + (p.decisionNote ?? "") }
                        }
                        if let at = p.admittedAt { " "; H.span(.class("badge s-out")) { ctx.t("已进入 ", "In at ") + String(time.dateTime(at).suffix(5)) } }
                        if p.approved == nil, mayDecide, p.requestedByID != actor.id {
                            H.form(.class("inline no-print"), .method("post"), .action("/after-hours-passes/\(p.id)/decision")) {
                                ctx.csrfField
                                H.input(.type("hidden"), .name("approve"), .value("true"))
                                H.button(.class("secondary")) { ctx.t("批准", "Approve") }
                            }
                            H.form(.class("inline no-print"), .method("post"), .action("/after-hours-passes/\(p.id)/decision")) {
                                ctx.csrfField
                                H.input(.type("hidden"), .name("approve"), .value("false"))
                                H.input(.type("text"), .name("note"), .attr("maxlength", "300"), .attr("placeholder", ctx.t("不批准的理由", "Why not")), .required,
                                        .attr("aria-label", ctx.t("不批准的理由", "Why not")))
                                H.button(.class("danger")) { ctx.t("不批准", "Refuse") }
                            }
                        }
                        if p.approved == true, p.admittedAt == nil, mayAdmit {
                            H.form(.class("inline no-print"), .method("post"), .action("/after-hours-passes/\(p.id)/admission")) {
                                ctx.csrfField
                                H.button(.class("secondary"), .id("admit-\(p.id)")) { ctx.t("凭批准放行", "Admit") }
                            }
                        }
                    }
                }
            }
            if ctx.may(.requestAfterHoursPass, at: property.id) {
                H.details(.class("no-print"), .when(sent.isRefused, .attr("open", "open"))) {
                    H.summary { ctx.t("申请非接待时间进入", "Ask for an after-hours pass") }
                    H.form(.method("post"), .action(action), .id("pass-form")) {
                        ctx.csrfField
                        let schema = AfterHoursPassInput.schema
                        Form.select(ctx, sent, "showHouseID", label: ctx.t("样板房", "Show house"), options: houses.map { ($0.id!.uuidString, $0.name) }, prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.input(ctx, sent, "visitor", label: ctx.t("进入人员", "Who"), field: schema.field("visitor"), required: true)
                        Form.input(ctx, sent, "purpose", label: ctx.t("事由", "Why"), field: schema.field("purpose"), required: true)
                        Form.input(ctx, sent, "validFrom", label: ctx.t("自", "From"), type: "datetime-local", value: time.day(ctx.now) + "T18:30", required: true)
                        Form.input(ctx, sent, "validUntil", label: ctx.t("至", "Until"), type: "datetime-local", value: time.day(ctx.now) + "T20:30", required: true)
                        H.button(.class("secondary")) { ctx.t("提交申请", "Ask") }
                    }
                }
            }
        }
    }
}
