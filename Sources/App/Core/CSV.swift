/// Spreadsheet exports: UTF-8 with a BOM so spreadsheet programs read
/// Chinese, CRLF rows, and no cell a spreadsheet would run as a formula.
public enum CSV {
    public static let byteOrderMark = "\u{FEFF}"

    /// One cell. A value a spreadsheet would take for a formula (starting
    /// with = + - @, a tab or a carriage return) is neutralised first with a
    /// leading apostrophe, then the cell is quoted if it needs quoting — in
    /// that order, so quoting never skips the protection.
    public static func cell(_ value: String?) -> String {
        var value = value ?? ""
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    public static func row(_ values: [String?]) -> String {
        values.map(cell).joined(separator: ",") + "\r\n"
    }
}
