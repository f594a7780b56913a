import Fluent
import Vapor

/// The forms a sheet offers each person at each point: the outgoing
/// person's checklist and signature, the incoming person's questions,
/// acceptance or refusal, the answers, the foreman's resolution and review,
/// and addenda once frozen (HO-1…HO-6).
enum HandoverSheetSteps {
    static func signOut(_ ctx: ViewContext, _ s: HandoverQueries.Sheet, form: FormState, base: String, colleagues: [ServiceQueries.Colleague],
                        keepsCabinet: Bool, expected: Int?) -> Node {
        let schema = HandoverSignOutInput.schema
        return H.form(.class("card"), .method("post"), .action(base + "/sign-out"), .id("sign-out-form")) {
            ctx.csrfField
            H.h2 { ctx.t("逐项检查（√ 正常 / × 异常，异常须说明）", "Check each item (√ normal / × abnormal, with a note)") }
            for (index, item) in s.checklist.enumerated() {
                let chosen = form.value("marks[\(index)][ok]") ?? ""
                let problem = form.problem("marks.\(index).note") ?? form.problem("marks.\(index).ok")
                H.fieldset(.class(problem == nil ? "choices" : "choices invalid"), .id("mark-\(index)")) {
                    H.legend { "\(index + 1). " + item.title + (item.hint.map { "（\($0)）" } ?? "") }
                    H.label(.class("choice")) { H.input(.type("radio"), .name("marks[\(index)][ok]"), .value("true"), .required, .when(chosen == "true", .checked)); " √ " + ctx.t("正常", "normal") }
                    H.label(.class("choice")) { H.input(.type("radio"), .name("marks[\(index)][ok]"), .value("false"), .when(chosen == "false", .checked)); " × " + ctx.t("异常", "abnormal") }
                    H.input([.type("text"), .name("marks[\(index)][note]"), .id("mark-\(index)-note"), .value(form.value("marks[\(index)][note]") ?? ""),
                             .attr("aria-label", ctx.t("第 \(index + 1) 项情况说明", "Note on item \(index + 1)")), .attr("placeholder", ctx.t("情况说明", "Note")),
                             .attr("maxlength", "200")])
                    if let problem { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
                }
            }
            Form.textarea(ctx, form, "workLog", label: ctx.t("工作日记（如实、详细）", "Work log (true and in detail)"), field: schema.field("workLog"), required: true, rows: 5)
            if keepsCabinet {
                Form.input(ctx, form, "cabinetCounted", label: ctx.t("钥匙柜清点：柜内钥匙把数（台账应在柜 \(expected ?? 0) 把）", "Key cabinet: keys counted in it (the ledger says \(expected ?? 0))"),
                           field: schema.field("cabinetCounted"), type: "number", required: true, extra: [.attr("inputmode", "numeric"), .attr("min", "0")])
            }
            Form.select(ctx, form, "incomingID", label: ctx.t("接班人", "Who takes over"), options: colleagues.map { ($0.id.text, $0.name + " · " + ctx.t($0.rank.title)) },
                        prompt: ctx.t("请选择", "Choose"), required: true)
            SignaturePad.field(ctx, form, legend: ctx.t("交班人签名（可选）", "Outgoing signature (optional)"), typed: ctx.t("或输入姓名作为签名", "Or type your name as the signature"),
                               hint: ctx.t("在自己的账号中签字即有效；手写签名会印在纸质记录表上。", "Signing in your own account is what counts; a drawn signature is printed on the paper form."))
            H.p(.class("hint")) { ctx.t("交班签字后，接班人在自己的账号中确认接班；接班前你的班次不能结束。", "Once you sign out, the incoming person accepts in their own account; your shift is not closed until then.") }
            H.button(.id("sign-out")) { ctx.t("交班签字", "Sign out") }
        }
    }

    static func forms(_ ctx: ViewContext, _ s: HandoverQueries.Sheet, form: FormState, base: String, actor: Actor, post: Handovers.PostInfo) -> Node {
        let incoming = s.incomingID == actor.id
        let outgoing = s.outgoingID == actor.id
        let superior = (try? Handovers.requireDepartment(actor, post, superior: true)) != nil && !incoming && !outgoing
        return H.div(.class("no-print")) {
            if s.status == .offered && incoming {
                words(ctx, form, base: base, path: "questions", title: ctx.t("向交班人提问", "Ask the outgoing person"), button: ctx.t("提问", "Ask"))
                H.form(.class("card"), .method("post"), .action(base + "/acceptance"), .id("accept-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("接班", "Take over") }
                    H.p { ctx.t("核对无误后签字接班，记录随即冻结。", "Check it, then sign to take over; the sheet is then frozen.") }
                    SignaturePad.field(ctx, form.for(base + "/acceptance"), legend: ctx.t("接班人签名（可选）", "Incoming signature (optional)"),
                                       typed: ctx.t("或输入姓名作为签名", "Or type your name as the signature"), hint: nil)
                    H.button(.id("accept-sheet")) { ctx.t("接班签字", "Accept and sign") }
                }
                H.details(.class("card"), .when(form.sentTo == base + "/refusal", .flag("open"))) {
                    H.summary { ctx.t("拒绝接班", "Refuse") }
                    H.form(.method("post"), .action(base + "/refusal"), .id("refuse-form")) {
                        ctx.csrfField
                        Form.textarea(ctx, form.for(base + "/refusal"), "reason", label: ctx.t("拒绝理由（将通知领班或主管）", "Why (the foreman or supervisor is told)"),
                                      field: HandoverRefusalInput.schema.field("reason"), required: true, scope: "refuse")
                        H.button(.class("secondary"), .id("refuse-sheet")) { ctx.t("拒绝接班", "Refuse") }
                    }
                }
            }
            if (s.status == .offered || s.status == .refused) && outgoing {
                words(ctx, form, base: base, path: "answers", title: ctx.t("答复接班人", "Answer the incoming person"), button: ctx.t("答复", "Answer"))
            }
            if s.status == .refused && superior {
                words(ctx, form, base: base, path: "resolution", title: ctx.t("处理拒绝接班", "Resolve the refusal"), button: ctx.t("处理完毕", "Resolved"))
            }
            if s.status == .accepted && s.reviewedAt == nil && superior {
                H.form(.class("card"), .method("post"), .action(base + "/review"), .id("review-form")) {
                    ctx.csrfField
                    H.button(.id("review-sheet")) { ctx.t("领班审核签字", "Review and sign") }
                }
            }
            if s.status == .accepted && (incoming || outgoing || superior) {
                words(ctx, form, base: base, path: "addenda", title: ctx.t("补记（记录已冻结，补记另行显示）", "Addendum (the sheet is frozen; this shows separately)"), button: ctx.t("补记", "Add"))
            }
        }
    }

    static func words(_ ctx: ViewContext, _ form: FormState, base: String, path: String, title: String, button: String) -> Node {
        H.form(.class("card"), .method("post"), .action(base + "/" + path), .id(path + "-form")) {
            ctx.csrfField
            Form.textarea(ctx, form.for(base + "/" + path), "text", label: title, field: HandoverWordsInput.schema.field("text"), required: true, scope: path)
            H.button(.class("secondary"), .id("save-" + path)) { button }
        }
    }
}
