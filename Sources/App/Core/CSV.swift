import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

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
        return quoted(value)
    }

    /// A cell quoted if it needs quoting, nothing more: for text the app
    /// keeps and reads back itself, never for a download.
    static func quoted(_ value: String) -> String {
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    public static func row(_ values: [String?]) -> String {
        values.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A row the app keeps and reads back itself (a workbook kept as CSV text), unguarded.
    static func storedRow(_ values: [String]) -> String {
        values.map(quoted).joined(separator: ",") + "\r\n"
    }
}

/// Reading the spreadsheets offices already keep (CA-3 收集): UTF-8 (with or
/// without a BOM) or GB18030, as Chinese Excel saves "CSV".
extension CSV {
    public enum Encoding: String, Sendable, CaseIterable { case utf8 = "utf-8", gb18030 }

    /// The text of a file: UTF-8 when the bytes are valid UTF-8, else GB18030
    /// (which every byte sequence Excel writes decodes as); nil when neither fits.
    public static func text(of bytes: [UInt8], as encoding: Encoding? = nil) -> (text: String, encoding: Encoding)? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if encoding != .gb18030, let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        if encoding == .utf8 { return nil }
        return fromGB18030(Array(body)).map { ($0, .gb18030) }
    }

    private static func fromGB18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress, outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 || inLeft != 0 ? nil : outBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output[..<converted].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The rows of a CSV text (RFC 4180: quoted cells may hold commas, quotes
    /// doubled, and line breaks; rows end in LF or CRLF). A quote opens a
    /// quoted cell only at the cell's start (`12"电视` is text). Blank rows
    /// are kept as `[]`, so a row's place is the spreadsheet's row number;
    /// blank rows at the end are dropped. `unclosed`: the text ended inside quotes.
    public static func parse(_ text: String) -> (rows: [[String]], unclosed: Bool) {
        var rows: [[String]] = [], row: [String] = [], cell = ""
        var quoted = false, afterQuote = false, cellStarted = false
        func endCell() { row.append(cell); cell = ""; cellStarted = false }
        func endRow() {
            endCell()
            rows.append(row.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ? row : [])
            row = []
        }
        for scalar in text.unicodeScalars {
            if quoted {
                if scalar == "\"" { quoted = false; afterQuote = true } else { cell.unicodeScalars.append(scalar) }
                continue
            }
            switch scalar {
            case "\"" where afterQuote:
                cell.unicodeScalars.append("\"")   // a doubled quote inside a quoted cell
                quoted = true
            case "\"" where !cellStarted:
                quoted = true
                cellStarted = true
            case ",": endCell()
            case "\n": endRow()
            case "\r": continue
            default:
                cell.unicodeScalars.append(scalar)
                cellStarted = true
            }
            afterQuote = false
        }
        if !cell.isEmpty || !row.isEmpty || quoted { endRow() }
        while rows.last?.isEmpty == true { rows.removeLast() }
        return (rows, quoted)
    }

    public static func rows(_ text: String) -> [[String]] { parse(text).rows }

    /// Control characters other than tab and line breaks: none belongs in a spreadsheet's text.
    public static func firstControlCharacter(in text: String) -> Int? {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1; continue }
            if scalar == "\t" || scalar == "\r" { continue }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return line }
        }
        return nil
    }
}

/// Spreadsheets as downloads.
extension CSV {
    /// A whole spreadsheet, already written, as an attachment.
    static func download(_ text: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        headers(of: response, filename: filename)
        return response
    }

    /// A spreadsheet of any length, written while it is sent: `produce`
    /// hands its text to `write` a chunk at a time, so memory stays flat.
    static func streamedDownload(filename: String, _ produce: @escaping @Sendable (_ write: @Sendable (String) async throws -> Void) async throws -> Void) -> Response {
        let response = Response(status: .ok, body: .init(managedAsyncStream: { writer in
            try await writer.writeBuffer(ByteBuffer(string: byteOrderMark))
            try await produce { text in try await writer.writeBuffer(ByteBuffer(string: text)) }
        }))
        headers(of: response, filename: filename)
        return response
    }

    static let mediaType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])

    /// A download's headers: its type, its name (as RFC 6266 writes a non-ASCII one, with a plain fallback), never cached.
    static func headers(of response: Response, filename: String, type: HTTPMediaType = mediaType) {
        response.headers.contentType = type
        // The name as RFC 6266 writes a non-ASCII one, and a plain fallback.
        let fallback = "export." + (filename.split(separator: ".").last.map(String.init) ?? "csv")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? fallback
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename.allSatisfy(\.isASCII) ? filename : fallback)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    }
}
