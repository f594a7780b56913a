import Vapor

/// An export as offices open it: CSV (any spreadsheet program, with a BOM so
/// Excel reads it as UTF-8) or an Excel workbook. One table, two formats.
enum Spreadsheet {
    enum Format: String, CaseIterable, Sendable { case csv, xlsx }

    static let xlsxType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    /// The format a download path asks for: "/….xlsx" or (otherwise) CSV.
    static func format(of req: Request) -> Format { req.url.path.hasSuffix(".xlsx") ? .xlsx : .csv }

    /// `numeric`: columns whose values go into a workbook as numbers, so they add up.
    static func download(_ format: Format, name: String, sheet: String, heading: [String], rows: [[String?]], numeric: Set<Int> = []) -> Response {
        switch format {
        case .csv:
            var text = CSV.byteOrderMark + CSV.row(heading)
            for row in rows { text += CSV.row(row) }
            return CSV.download(text, filename: name + ".csv")
        case .xlsx:
            let cells: [[XLSX.Cell]] = [heading.map { .text($0) }] + rows.map { row in
                row.enumerated().map { column, value in
                    guard let value else { return .empty }
                    if numeric.contains(column), let number = Double(value) { return .number(number) }
                    return .text(value)
                }
            }
            let widths = heading.indices.map { column in
                Double(min(40, max(8, ([heading[column]] + rows.prefix(200).compactMap { $0.indices.contains(column) ? $0[column] : nil }).map(displayWidth).max() ?? 8)))
            }
            let response = Response(status: .ok, body: .init(data: Data(XLSX.workbook(sheetName: sheet, columns: widths, rows: cells))))
            CSV.headers(of: response, filename: name + ".xlsx", type: xlsxType)
            return response
        }
    }

    /// Columns as Excel counts them: a Chinese character is two.
    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } + 1
    }
}
