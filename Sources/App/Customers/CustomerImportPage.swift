import Fluent
import Vapor

/// 导入客户资料 — upload a spreadsheet, check the first rows and which column
/// holds what, start the import and watch it run, then read the report of
/// refused rows (CA-3 收集).
enum CustomerImportPage {
    /// What the upload form sends.
    struct UploadForm: CheckedInput, Content {
        var file: File?
        var encoding: String?

        static let schema = InputSchema("CustomerImportUpload", [
            ("file", InputField(.file(maxBytes: 16 * 1_048_576), label: Text("文件", "file"), rule: "CA-3")),
            ("encoding", .choice(["auto"] + CSV.Encoding.allCases.map(\.rawValue), label: Text("编码", "encoding"))),
        ])
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "customers", "import") { req in try await uploadPage(req, form: .blank) }
        pages.uploadForm("properties", ":propertyID", "customers", "import", megabytes: 17) { req in
            try await req.formAction(render: { try await uploadPage(req, form: $0) }) {
                let form = try req.input(UploadForm.self)
                guard let file = form.file, file.data.readableBytes > 0 else { throw WuyeError.missing("file", Text("要导入的文件", "the file to import"), choose: true, rule: "CA-3") }
                let made = try await CustomerImports.upload(propertyID: req.parameters.get("propertyID", as: UUID.self), fileName: file.filename,
                                                            bytes: Array(buffer: file.data), encoding: form.encoding.flatMap(CSV.Encoding.init(rawValue:)), on: req)
                return (Text("已读取 \(made.rowCount) 行，请核对各列后开始导入", "\(made.rowCount) rows read; check the columns, then start"), "/customer-imports/\(made.id!)")
            }
        }
        pages.get("customer-imports", ":importID") { req in try await show(req, form: .blank) }
        pages.post("customer-imports", ":importID", "mapping") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await CustomerImports.remap(importID: req.parameters.get("importID", as: UUID.self), try req.input(ImportMappingInput.self), on: req)
                return (Text("已保存列的对应关系", "Columns saved"), "/customer-imports/\(made.id!)")
            }
        }
        pages.post("customer-imports", ":importID", "start") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await CustomerImports.start(importID: req.parameters.get("importID", as: UUID.self), on: req)
                return (Text("导入已开始", "Import started"), "/customer-imports/\(made.id!)")
            }
        }
        pages.get("customer-imports", ":importID", "problems.csv") { req -> Response in
            let found = try await CustomerImports.find(req.parameters.get("importID", as: UUID.self), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewCustomers)
            var text = CSV.byteOrderMark + CSV.row(["行号", "列", "原因"])
            for problem in CustomerImports.problems(found) { text += CSV.row([String(problem.row), problem.column, problem.reason]) }
            return CSV.download(text, filename: "import-problems.csv")
        }
    }

    static func uploadPage(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await req.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .editCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let recent = try await CustomerImport.query(on: req.db).filter(\.$property.$id == property.id)
            .field(\.$id).field(\.$fileName).field(\.$status).field(\.$rowCount).field(\.$imported).field(\.$skipped).field(\.$failed).field(\.$uploadedAt)
            .sort(\.$uploadedAt, .descending).limit(10).all()
        let time = property.localTime
        return Layout.page(ctx, title: ctx.t("导入客户资料", "Import customers")) {
            H.h1 { ctx.t("导入客户资料", "Import customers") }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/properties/\(property.id)/customers/import"), .attr("enctype", "multipart/form-data"), .id("import-form")) {
                ctx.csrfField
                H.p(.class("muted")) {
                    ctx.t("Excel 文件（.xlsx，读取第一个工作表）或 CSV 文件，第一行为标题：姓名、联系电话、证件类型、证件号码、楼栋、房号、身份、入住日期……导入前可预览并调整各列。",
                          "An Excel workbook (.xlsx, its first sheet) or a CSV file, headings in the first row: 姓名, 联系电话, 证件类型, 证件号码, 楼栋, 房号, 身份, 入住日期… You check the columns before anything is imported.")
                }
                Form.row(ctx, form, "file", label: ctx.t("文件", "File"), required: true) { id, problem in
                    H.input([.type("file"), .name("file"), .id(id), .attr("accept", ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), .required] + problem)
                }
                Form.select(ctx, form, "encoding", label: ctx.t("CSV 编码", "CSV encoding"),
                            options: [("auto", ctx.t("自动识别", "Detect")), ("utf-8", "UTF-8"), ("gb18030", "GB18030（简体中文 Excel）")], selected: "auto")
                H.button(.id("upload-import")) { ctx.t("读取并预览", "Read and preview") }
            }
            if !recent.isEmpty {
                H.h2 { ctx.t("最近的导入", "Recent imports") }
                H.ul(.class("plain-list")) {
                    for item in recent {
                        H.li {
                            H.a(.class("row-link"), .href("/customer-imports/\(item.id!)")) {
                                H.strong { item.fileName }
                                " · " + ctx.t(item.status.title) + " · " + time.dateTime(item.uploadedAt)
                                " · " + ctx.t("\(item.rowCount) 行，导入 \(item.imported)，已有 \(item.skipped)，有误 \(item.failed)",
                                              "\(item.rowCount) rows, \(item.imported) imported, \(item.skipped) on file, \(item.failed) refused")
                            }
                        }
                    }
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let found = try await CustomerImports.find(req.parameters.get("importID", as: UUID.self), on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .viewCustomers)
        let ctx = try await req.viewContext(propertyID: property.id)
        let view = CustomersAPI.importView(found, masked: !ctx.may(.revealPersonalData, at: property.id))
        let mayEdit = ctx.may(.editCustomers, at: property.id)
        let columns = [("-1", ctx.t("（不导入）", "(none)"))] + view.headings.enumerated().map { (String($0.offset), "\($0.offset + 1). \($0.element)") }
        return Layout.page(ctx, title: ctx.t("导入客户资料", "Import customers") + " · " + found.fileName, wide: true, refresh: found.status == .running ? 2 : nil) {
            H.h1 { ctx.t("导入客户资料", "Import customers") + " · " + found.fileName }
            Form.problems(ctx, form)
            H.div(.class("card"), .id("import-status")) {
                H.p {
                    H.strong { ctx.t(found.status.title) }
                    " · " + ctx.t("共 \(found.rowCount) 行（\(found.encoding.uppercased())）", "\(found.rowCount) rows (\(found.encoding.uppercased()))")
                }
                if found.status != .previewed {
                    H.el("progress", [.attr("max", String(max(found.rowCount, 1))), .attr("value", String(found.rowsDone)), .id("import-progress")]) { "\(found.rowsDone)/\(found.rowCount)" }
                    H.p {
                        ctx.t("已处理 \(found.rowsDone) 行：导入 \(found.imported)，已在档案中 \(found.skipped)，有误未导入 \(found.failed)",
                              "\(found.rowsDone) rows done: \(found.imported) imported, \(found.skipped) already on file, \(found.failed) refused")
                    }
                }
                if found.status == .finished {
                    H.a(.class("button secondary"), .href("/properties/\(property.id)/customers")) { ctx.t("查看客户档案", "See the customers") }
                }
            }
            if found.status == .previewed && mayEdit {
                H.form(.class("card"), .method("post"), .action("/customer-imports/\(found.id!)/mapping"), .id("mapping-form")) {
                    ctx.csrfField
                    H.h2 { ctx.t("各列对应", "Which column is which") }
                    H.div(.class("grid")) {
                        for mapped in view.mapping {
                            let label = CustomerImportRules.fields.first { $0.field == mapped.field }?.label ?? Text(mapped.field, mapped.field)
                            Form.select(ctx, form, mapped.field, label: ctx.t(label), options: columns, selected: String(mapped.column ?? -1))
                        }
                    }
                    H.button(.class("secondary"), .id("save-mapping")) { ctx.t("保存对应关系", "Save the columns") }
                }
                H.form(.method("post"), .action("/customer-imports/\(found.id!)/start"), .id("start-form")) {
                    ctx.csrfField
                    H.button(.id("start-import"), .data("confirm", ctx.t("开始导入 \(found.rowCount) 行？有误的行不会写入，将列在报告中。", "Import \(found.rowCount) rows? Rows with problems are not written; the report lists them."))) {
                        ctx.t("开始导入", "Start the import")
                    }
                }
            }
            H.h2 { ctx.t("前 \(view.preview.count) 行", "The first \(view.preview.count) rows") }
            H.div(.class("scroll")) {
                H.table(.id("import-preview")) {
                    H.thead { H.tr { H.th { "#" }; for heading in view.headings { H.th { heading } } } }
                    H.tbody {
                        for (index, row) in view.preview.enumerated() {
                            H.tr { H.td { String(index + 2) }; for cell in row { H.td { cell } } }
                        }
                    }
                }
            }
            if !view.problems.isEmpty {
                H.section(.id("import-problems")) {
                    H.h2 { ctx.t("未导入的行（\(view.problems.count)）", "Rows not imported (\(view.problems.count))") }
                    H.p { H.a(.class("button secondary"), .href("/customer-imports/\(found.id!)/problems.csv")) { ctx.t("下载报告 CSV", "Download the report (CSV)") } }
                    H.table(.class("stack")) {
                        H.thead { H.tr { H.th { ctx.t("行号", "Row") }; H.th { ctx.t("列", "Column") }; H.th { ctx.t("原因", "Reason") } } }
                        H.tbody {
                            for problem in view.problems.prefix(200) {
                                H.tr {
                                    Layout.cell(ctx.t("行号", "Row")) { String(problem.row) }
                                    Layout.cell(ctx.t("列", "Column")) { problem.column }
                                    Layout.cell(ctx.t("原因", "Reason")) { problem.reason }
                                }
                            }
                        }
                    }
                    if view.problems.count > 200 { H.p(.class("muted")) { ctx.t("其余见报告 CSV", "The rest are in the CSV report") } }
                }
            }
        }
    }
}
