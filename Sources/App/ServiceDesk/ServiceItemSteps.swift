import Fluent
import Vapor

/// The forms for the step an item is at: assign (a complaint's plan by a
/// supervisor), done, the callback, the check (SH-33, SH-11).
enum ServiceItemSteps {
    static func forms(_ ctx: ViewContext, _ i: ServiceQueries.Row, form: FormState, base: String, property: PropertyInfo, dispatches: Bool, follows: Bool,
                      colleagues: [ServiceQueries.Colleague], actor: Actor) -> Node {
        let time = property.localTime
        return H.div {
            if dispatches && (i.status == .open || i.status == .assigned) && (i.kind != .complaint || actor.rank >= .supervisor) {
                H.details(.class("card"), .when(i.status == .open || form.sentTo == base + "/assignment", .flag("open"))) {
                    H.summary { i.kind == .complaint ? ctx.t("处理方案与跟进人", "Handling plan and follow-up") : ctx.t(i.status == .open ? "指派跟进人" : "改派", i.status == .open ? "Assign" : "Reassign") }
                    H.form(.method("post"), .action(base + "/assignment"), .id("assign-form")) {
                        ctx.csrfField
                        let sent = form.for(base + "/assignment")
                        let schema = ServiceAssignInput.schema
                        if i.kind == .complaint {
                            Form.select(ctx, sent, "severity", label: ctx.t("严重程度", "Severity"), options: ComplaintSeverity.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                                        selected: i.severity?.rawValue, prompt: ctx.t("请选择", "Choose"), required: true)
                            Form.textarea(ctx, sent, "plan", label: ctx.t("处理方案", "Handling plan"), field: schema.field("plan"), value: i.plan, required: true)
                        }
                        Form.select(ctx, sent, "ownerID", label: ctx.t("跟进人", "Follow-up person"),
                                    options: colleagues.map { ($0.id.text, $0.name + " · " + ctx.t($0.department.title) + " " + ctx.t($0.rank.title)) },
                                    selected: i.ownerID?.text, prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.input(ctx, sent, "dueAt", label: ctx.t("完成时限", "Due by"), field: schema.field("dueAt"), type: "datetime-local",
                                   value: i.dueAt.map(time.inputValue) ?? time.inputValue(ctx.now.addingTimeInterval(86_400)), required: true)
                        H.button(.id("save-assignment")) { ctx.t("确定", "Save") }
                    }
                }
            }
            if follows && i.status == .assigned {
                H.form(.class("card"), .method("post"), .action(base + "/done"), .id("done-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("处理完毕", "Done") }
                    Form.textarea(ctx, form.for(base + "/done"), "note", label: ctx.t("处理结果", "What was done"), field: ServiceDoneInput.schema.field("note"), required: true, scope: "done")
                    H.button(.id("save-done")) { ctx.t(i.kind == .complaint ? "处理完毕，转回访" : i.kind == .repair ? "维修完毕，请验收" : "处理完毕，关闭", i.kind == .complaint ? "Done: to the callback" : i.kind == .repair ? "Done: to be checked" : "Done: close") }
                }
            }
            if i.status == .done && i.kind == .complaint && ctx.may(.callbackComplaint, at: property.id) {
                H.form(.class("card"), .method("post"), .action(base + "/callback"), .id("callback-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("回访", "Callback") }
                    let sent = form.for(base + "/callback")
                    Form.radios(ctx, sent, "outcome", legend: ctx.t("客户对处理结果", "The guest is"), options: ServiceOutcome.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                                selected: "", extra: [.required])
                    Form.textarea(ctx, sent, "note", label: ctx.t("回访记录（不满意须写明原因）", "What they said (required if not satisfied)"), field: ServiceCallbackInput.schema.field("note"), scope: "callback")
                    H.button(.id("save-callback")) { ctx.t("登记回访", "Record the callback") }
                }
            }
            if i.status == .done && i.kind == .repair && (i.raisedByID == actor.id || actor.department == .customerService) && i.doneByID != actor.id {
                H.form(.class("card"), .method("post"), .action(base + "/verification"), .id("verify-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("验收", "Check the repair") }
                    let sent = form.for(base + "/verification")
                    Form.radios(ctx, sent, "accepted", legend: ctx.t("维修是否合格", "Is it put right?"), options: [("true", ctx.t("验收通过", "Accepted")), ("false", ctx.t("不通过", "Not yet"))],
                                selected: "", extra: [.required])
                    Form.textarea(ctx, sent, "note", label: ctx.t("验收情况（不通过须写明）", "What you found (required if not accepted)"), field: ServiceVerifyInput.schema.field("note"), scope: "verify")
                    H.button(.id("save-verification")) { ctx.t("登记验收", "Record the check") }
                }
            }
        }
    }
}
