import Vapor

/// The documents in a customer's file and the form that registers one
/// (CA-2, CA-3 归档): kind, title, number, date, amount, how long it is kept.
/// Entries are never edited; a correction is a new entry naming the old one.
enum CustomerDocumentsPart {
    /// What the page's form sends: scans as files rather than data URLs.
    struct Sent: CheckedInput, Content {
        var kind: String?, title: String?, referenceNo: String?, dated: String?, amountYuan: String?, retainUntil: String?, note: String?, correctsID: String?
        var scans: [File]?

        static let schema = InputSchema("CustomerDocumentForm", CustomerDocumentInput.schema.fields.filter { $0.name != "scans" } + [
            ("scans", Upload.files(label: Text("扫描件", "scans"), rule: "CA-2")),
        ])
        var input: CustomerDocumentInput {
            CustomerDocumentInput(kind: kind, title: title, referenceNo: referenceNo, dated: dated, amountYuan: amountYuan, retainUntil: retainUntil,
                                  note: note, correctsID: correctsID)
        }
    }

    static func section(_ ctx: ViewContext, customer: Customer, documents: [CustomerQueries.DocumentRow], scans: [UUID: [UUID]], mayEdit: Bool,
                        form: FormState, today: String) -> Node {
        let mayOpenScans = ctx.may(.revealPersonalData, at: customer.$property.id)
        let action = "/customers/\(customer.id!)/documents"
        let sent = form.for(action)
        let schema = CustomerDocumentInput.schema
        return H.section(.id("documents")) {
            H.h2 { ctx.t("档案材料", "Documents") }
            if documents.isEmpty {
                H.p(.class("muted")) { ctx.t("尚未登记材料", "Nothing registered yet") }
            } else {
                H.table(.class("stack"), .id("document-list")) {
                    H.thead { H.tr {
                        H.th { ctx.t("日期", "Date") }; H.th { ctx.t("类别", "Kind") }; H.th { ctx.t("名称", "Title") }; H.th { ctx.t("编号", "No.") }
                        H.th { ctx.t("金额（元）", "Amount (¥)") }; H.th { ctx.t("保管至", "Keep until") }; H.th { ctx.t("登记人", "Registered by") }
                    } }
                    H.tbody {
                        for document in documents {
                            H.tr(.id("doc-\(document.id)")) {
                                Layout.cell(ctx.t("日期", "Date")) { document.dated }
                                Layout.cell(ctx.t("类别", "Kind")) { ctx.t(document.kind.title) }
                                Layout.cell(ctx.t("名称", "Title")) {
                                    document.title
                                    if let corrects = document.correctsID { " "; H.a(.href("#doc-\(corrects)"), .class("muted")) { ctx.t("（更正）", "(correction)") } }
                                    if let note = document.note { H.br(); H.small(.class("muted")) { note } }
                                    if let ids = scans[document.id], !ids.isEmpty {
                                        H.br()
                                        if mayOpenScans {
                                            for (index, scan) in ids.enumerated() {
                                                H.a(.href("/customer-documents/\(document.id)/scans/\(scan)"), .attr("target", "_blank"), .class("scan-link")) {
                                                    ctx.t("扫描件\(index + 1)", "Scan \(index + 1)")
                                                }
                                                " "
                                            }
                                        } else {
                                            H.small(.class("muted")) { ctx.t("扫描件 \(ids.count) 份（查看需主管权限）", "\(ids.count) scans (a supervisor may open them)") }
                                        }
                                    }
                                }
                                if let number = document.referenceNo { Layout.cell(ctx.t("编号", "No.")) { number } } else { Layout.emptyCell(ctx.t("编号", "No.")) }
                                if let fen = document.amountFen { Layout.cell(ctx.t("金额（元）", "Amount (¥)")) { CustomerRules.yuan(fen) } } else { Layout.emptyCell(ctx.t("金额（元）", "Amount (¥)")) }
                                if let until = document.retainUntil { Layout.cell(ctx.t("保管至", "Keep until")) { until } } else { Layout.emptyCell(ctx.t("保管至", "Keep until")) }
                                Layout.cell(ctx.t("登记人", "Registered by")) { document.registeredByName }
                            }
                        }
                    }
                }
            }
            if mayEdit {
                H.details(.class("card"), .when(sent.isRefused, .flag("open"))) {
                    H.summary { ctx.t("登记材料", "Register a document") }
                    H.form(.method("post"), .action(action), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("document-form")) {
                        ctx.csrfField
                        Form.select(ctx, sent, "kind", label: ctx.t("类别", "Kind"), options: DocumentKind.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                                    prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.input(ctx, sent, "title", label: ctx.t("名称", "Title"), field: schema.field("title"), required: true)
                        Form.input(ctx, sent, "dated", label: ctx.t("日期", "Date"), field: schema.field("dated"), type: "date", value: today, required: true)
                        Form.input(ctx, sent, "referenceNo", label: ctx.t("编号（函件必填）", "Number (letters need one)"), field: schema.field("referenceNo"))
                        Form.input(ctx, sent, "amountYuan", label: ctx.t("金额（元；缴费、押金、欠费必填）", "Amount in yuan (payments, deposits, arrears)"),
                                   field: schema.field("amountYuan"), extra: [.attr("inputmode", "decimal")])
                        Form.input(ctx, sent, "retainUntil", label: ctx.t("保管至", "Keep until"), field: schema.field("retainUntil"), type: "date")
                        if !documents.isEmpty {
                            Form.select(ctx, sent, "correctsID", label: ctx.t("更正哪条记录（可不选）", "Corrects (optional)"),
                                        options: documents.map { ($0.id.text, $0.dated + " " + $0.title) }, prompt: ctx.t("不是更正", "Not a correction"))
                        }
                        Form.textarea(ctx, sent, "note", label: ctx.t("备注", "Note"), field: schema.field("note"))
                        Form.row(ctx, sent, "scans", label: ctx.t("扫描件或照片（可不传，最多 \(Upload.maxCount) 份）", "Scans or photos (optional, up to \(Upload.maxCount))"),
                                 hint: sent.isRefused ? ctx.t("请重新选择文件", "Choose the files again") : nil) { id, problem in
                            H.input([.type("file"), .name("scans[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp,application/pdf"), .flag("multiple")] + problem)
                        }
                        H.button(.id("save-document")) { ctx.t("登记", "Register") }
                    }
                }
            }
        }
    }
}
