import Fluent
import Vapor

/// 钥匙领用登记表 — the ledger (KY-2): newest first on screen; the print view
/// runs oldest first on A4 landscape as the paper form does; CSV for
/// spreadsheets.
enum LedgerPage {
    static let printFlag = InputField.choice(["0", "1"], label: Text("打印", "print"))

    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "ledger", use: ledger)
        pages.get("properties", ":propertyID", "ledger.csv", use: ledgerCSV)
    }

    @Sendable static func ledger(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let range = try KeyQueries.range(from: try req.queryValue("from", KeysAPI.Query.from), to: try req.queryValue("to", KeysAPI.Query.to), time: time, now: ctx.now)
        let printing = try req.queryValue("print", printFlag) == "1"
        let paging = printing ? Paging(page: 1, per: 2000) : try Paging.from(req, per: 100, fixedPer: true)
        let (page, per) = (paging.page, paging.per)
        let (rows, total) = try await KeyQueries.ledger(propertyID: property.id, from: range.from, to: range.to, paging: paging, newestFirst: !printing, signatures: true, on: req.db)
        let shiftTimes = try await DeskHandovers.times(property.id, on: req.db)
        let base = "/properties/\(property.id)/ledger?from=\(range.fromText)&to=\(range.toText)"

        return Layout.page(ctx, title: ctx.t("钥匙领用登记表", "Key checkout ledger"), wide: true) {
            H.h1 { ctx.t("钥匙领用登记表", "Key checkout ledger") }
            H.p(.class("print-only")) { ctx.t("项目：", "Property: ") + property.name + "　" + ctx.t("日期：", "Dates: ") + range.fromText + " — " + range.toText }
            H.form(.class("filters"), .method("get"), .action("/properties/\(property.id)/ledger")) {
                H.label(.for("ledger-from")) { ctx.t("从", "From") }
                H.input(.type("date"), .name("from"), .id("ledger-from"), .value(range.fromText))
                H.label(.for("ledger-to")) { ctx.t("到", "To") }
                H.input(.type("date"), .name("to"), .id("ledger-to"), .value(range.toText))
                H.button { ctx.t("查询", "Show") }
                H.a(.class("button secondary"), .href(base + "&print=1"), .id("print-view")) { ctx.t("打印版", "Print view") }
                H.a(.class("button secondary"), .href("/properties/\(property.id)/ledger.csv?from=\(range.fromText)&to=\(range.toText)")) { ctx.t("导出 CSV", "Export CSV") }
            }
            if printing {
                H.p(.class("no-print")) { H.button(.data("print", "1")) { ctx.t("打印", "Print") } }
                if total > rows.count { H.p(.class("error-box")) { ctx.t("打印版最多 \(per) 行，请缩小日期范围", "The print view shows at most \(per) rows; narrow the dates") } }
            }
            H.table(.class(printing ? "ledger" : "ledger stack"), .id("ledger")) {
                H.thead { H.tr {
                    H.th { ctx.t("序号", "No.") }; H.th { ctx.t("领用时间", "Issued") }; H.th { ctx.t("钥匙编号", "Tag") }; H.th { ctx.t("房号", "Unit") }
                    H.th { ctx.t("领用人", "Borrower") }; H.th { ctx.t("事由", "Purpose") }; H.th { ctx.t("预计归还", "Due back") }
                    H.th { ctx.t("归还时间", "Returned") }; H.th { ctx.t("发放人", "Issued by") }; H.th { ctx.t("接收人", "Received by") }; H.th { ctx.t("领用人签字", "Signature") }
                } }
                H.tbody {
                    for (index, row) in rows.enumerated() {
                        H.tr {
                            // On screen the newest row comes first; its number is still its place in the ledger.
                            Layout.cell(ctx.t("序号", "No.")) { "\(printing ? index + 1 : total - (page - 1) * per - index)" }
                            Layout.cell(ctx.t("领用时间", "Issued")) {
                                time.dateTime(row.issuedAt)
                                // 非工作时间 the control room holds the cabinet (KY-3): such a loan is marked.
                                if !ServiceDeskRules.isWorkingHours(row.issuedAt, morning: shiftTimes.morning, evening: shiftTimes.evening, time: time) {
                                    " "; H.span(.class("badge s-out")) { ctx.t("非工作时间", "after hours") }
                                }
                            }
                            Layout.cell(ctx.t("钥匙编号", "Tag")) { H.a(.href("/checkouts/\(row.id)")) { row.tag } }
                            Layout.cell(ctx.t("房号", "Unit")) { row.unitLabel }
                            Layout.cell(ctx.t("领用人", "Borrower")) { row.borrowerName + (row.borrowerCompany.map { "（\($0)）" } ?? "") }
                            Layout.cell(ctx.t("事由", "Purpose")) { row.purpose }
                            Layout.cell(ctx.t("预计归还", "Due back")) { time.dateTime(row.expectedReturnAt) }
                            Layout.cell(ctx.t("归还时间", "Returned")) {
                                if let returned = row.returnedAt { time.dateTime(returned) + (row.outcome == .returned ? "" : " " + (row.outcome.map { ctx.t($0.title) } ?? "")) }
                                else if row.isOverdue(at: ctx.now) { H.span(.class("overdue")) { ctx.t("逾期未还", "overdue") } }
                                else { ctx.t("未归还", "not back yet") }
                            }
                            Layout.cell(ctx.t("发放人", "Issued by")) { row.issuedByName }
                            Layout.cell(ctx.t("接收人", "Received by")) { row.receivedByName ?? "" }
                            Layout.cell(ctx.t("领用人签字", "Signature")) {
                                if let signature = row.signature { H.img(.attr("src", signature), .attr("alt", row.borrowerName), .class("sig-inline")) }
                                else if row.confirmation == .session { ctx.t("账号确认", "confirmed") }
                                else { ctx.t("未归还", "not back yet") }
                            }
                        }
                    }
                }
            }
            if rows.isEmpty { H.p(.class("muted")) { ctx.t("此期间没有领用记录", "No checkouts in these dates") } }
            if !printing { Layout.pager(ctx, page: page, per: per, total: total, base: base) }
            H.p(.class("print-only")) { ctx.t("客服部领班签字：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", "Customer-service foreman: ____________   Date: ________") }
        }
    }

    @Sendable static func ledgerCSV(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req)
        let time = property.localTime
        let range = try KeyQueries.range(from: try req.queryValue("from", KeysAPI.Query.from), to: try req.queryValue("to", KeysAPI.Query.to), time: time, now: req.now)
        let csv = try await KeyQueries.ledgerCSV(propertyID: property.id, from: range.from, to: range.to, time: time, language: req.language, on: req.db)
        return CSV.download(csv, filename: "key-ledger-\(property.code)-\(range.fromText)-\(range.toText).csv")
    }
}
