import Vapor

/// 手写签名 on a form: drawn with a finger or a mouse, or a name typed and
/// drawn into the same picture for whoever cannot draw; sent as the PNG
/// data URL `SignatureImage` checks. One pad per page (the script finds it by id).
enum SignaturePad {
    static func field(_ ctx: ViewContext, _ form: FormState, legend: String, typed: String, hint: String?) -> Node {
        let problem = form.problem("signature")
        return H.fieldset(.class(problem == nil ? "signature" : "signature invalid"), .id(Form.fieldID("signature"))) {
            H.legend { legend }
            H.canvas(.class("sig"), .id("sig"), .data("input", "signature"), .attr("tabindex", "0"), .attr("role", "img"),
                     .attr("aria-label", ctx.t("签名板：用手指或鼠标签名，或在下方输入姓名", "Signature pad: sign with a finger or mouse, or type the name below")))
            H.input(.type("hidden"), .name("signature"), .id("signature"), .value(form.value("signature") ?? ""))
            H.div(.class("field")) {
                H.label(.for("typed-name")) { typed }
                H.input(.type("text"), .id("typed-name"), .data("typed-for", "sig"), .attr("maxlength", "30"), .attr("autocomplete", "off"))
            }
            H.p(.class("hint")) {
                (hint.map { $0 + " " } ?? "")
                H.button(.type("button"), .class("link-button"), .data("clear", "sig")) { ctx.t("清除签名", "Clear") }
            }
            if let problem { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
        }
    }
}
