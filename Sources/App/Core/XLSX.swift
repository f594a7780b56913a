import Foundation

/// Excel workbooks (.xlsx): the first worksheet read as the texts a person
/// sees in its cells, for imports, and a one-sheet workbook written for
/// exports. Foundation only: the archive is unpacked and its XML read here
/// (FoundationXML needs libxml2, which the server image may lack).
public enum XLSX {
    /// Why a file cannot be read, in words for the person who uploaded it.
    public struct Unreadable: Error, Sendable, Equatable {
        public let reason: Text
    }

    /// Excel's own limits, and caps so an upload cannot exhaust memory.
    public static let maximumRows = 1_048_576
    public static let maximumColumns = 16_384
    public static let maximumPartSize = 64 * 1024 * 1024
    /// The text of all cells together, in UTF-8 bytes: one long shared
    /// string used in every cell would otherwise multiply a small file.
    public static let maximumText = 64 * 1024 * 1024
    public static let maximumSharedStrings = 2_000_000
    /// Cells in the result, counting the "" that fill gaps: one value per
    /// row far out at column XFD would otherwise make 16,384 each.
    public static let maximumCells = 10_000_000

    /// A zip archive's first local header, as every .xlsx starts.
    public static func looksLikeXLSX(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }
}

extension XLSX.Unreadable {
    static let notXLSX = Self(reason: Text("不是有效的 XLSX 文件", "not a valid XLSX file"))
    static let damaged = Self(reason: Text("XLSX 文件已损坏或不完整", "the XLSX file is damaged or incomplete"))
    /// Encrypted workbooks are OLE compound files, as old .xls files are.
    static let protected = Self(reason: Text("文件设有密码，或是旧版 .xls 文件；请在 Excel 中另存为 .xlsx 或 CSV 后再上传",
                                             "the file is password-protected or an old .xls; save it as .xlsx or CSV"))
    static let noWorksheet = Self(reason: Text("不是有效的 XLSX 文件（缺少工作表）", "not a valid XLSX file (no worksheet)"))
    static let tooLarge = Self(reason: Text("文件过大（解压后超过 64 MB）", "the file is too large (over 64 MB unpacked)"))
    static let tooMuchText = Self(reason: Text("工作表的文字过多（超过 64 MB）", "the worksheet holds too much text (over 64 MB)"))
    static let zip64 = Self(reason: Text("文件使用了无法读取的 ZIP64 格式；请在 Excel 中另存后再上传",
                                         "the file uses the ZIP64 format, which cannot be read; save it again in Excel"))
    static let unsupportedCompression = Self(reason: Text("文件使用了无法读取的压缩方式；请在 Excel 中另存后再上传",
                                                          "the file uses a compression method that cannot be read; save it again in Excel"))
    static let tooManyRows = Self(reason: Text("工作表超过 1,048,576 行", "the worksheet has more than 1,048,576 rows"))
    static let tooManyColumns = Self(reason: Text("工作表超过 16,384 列", "the worksheet has more than 16,384 columns"))
    static let tooManyCells = Self(reason: Text("工作表的单元格超过 10,000,000 个", "the worksheet has more than 10,000,000 cells"))
    static let tooManyStrings = Self(reason: Text("文件的文字条目超过 2,000,000 条", "the file has more than 2,000,000 shared strings"))

    init(_ failure: Zip.Failure) {
        switch failure {
        case .encrypted: self = .protected
        case .zip64: self = .zip64
        case .unsupportedMethod: self = .unsupportedCompression
        case .entryTooLarge: self = .tooLarge
        case .notAZip, .corrupt, .tooManyEntries, .checksumMismatch: self = .damaged
        }
    }

    init(_ failure: Inflate.Failure) {
        self = failure == .exceedsLimit ? .tooLarge : .damaged
    }
}

// MARK: - Reading

extension XLSX {
    /// The first worksheet a person sees (in workbook order, hidden sheets
    /// last), as rows of cell texts. Row `n` of the result is the sheet's row
    /// `n + 1`, so error reports name the rows Excel shows: missing and blank
    /// rows come back as `[]`, blank rows at the end are dropped. A row's
    /// cells are placed by their column (gaps are ""), without trailing
    /// empty cells. Numbers read as General shows them, dates as
    /// "YYYY-MM-DD" (see `dateText`), booleans as "TRUE"/"FALSE" (as Excel
    /// shows them), errors as written ("#N/A"), formulas as their last result.
    public static func rows(of bytes: [UInt8]) throws -> [[String]] {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw Unreadable.protected }
        guard looksLikeXLSX(bytes) else { throw Unreadable.notXLSX }
        do {
            let package = try Zip(bytes, maximumEntrySize: maximumPartSize)
            let parts = try Parts(in: package)
            guard let sheet = try package.entry(named: parts.worksheet) else { throw Unreadable.noWorksheet }
            let sharedStrings = try package.entry(named: parts.sharedStrings).map(readSharedStrings) ?? []
            let dateStyles = try package.entry(named: parts.styles).map(readDateStyles) ?? []
            return try readRows(sheet, CellContext(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: parts.date1904))
        } catch let failure as Zip.Failure {
            throw Unreadable(failure)
        } catch let failure as Inflate.Failure {
            throw Unreadable(failure)
        }
    }

    /// Where the parts are. Their names are conventional, not fixed, so they
    /// are found through the relationships; "xl/worksheets/sheet1.xml" need
    /// not even be the first sheet.
    struct Parts {
        var worksheet = "xl/worksheets/sheet1.xml"
        var sharedStrings = "xl/sharedStrings.xml"
        var styles = "xl/styles.xml"
        var date1904 = false

        init(in package: Zip) throws {
            let workbook = try Relationship.all(of: "", in: package).first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
            let related = try Relationship.all(of: workbook, in: package)
            if let path = related.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target { sharedStrings = path }
            if let path = related.first(where: { $0.type.hasSuffix("/styles") })?.target { styles = path }
            guard let xml = try package.entry(named: workbook) else { return }
            var scanner = XMLScanner(xml)
            var visible: [String] = [], hidden: [String] = []
            while let event = try scanner.next() {
                guard case .start(let element) = event else { continue }
                if scanner.isName(element.name, "workbookPr") {
                    date1904 = ["1", "true"].contains(scanner.attributeText("date1904", of: element))
                } else if scanner.isName(element.name, "sheet"), let id = scanner.attributeText("id", of: element) {
                    if let state = scanner.attributeText("state", of: element), state != "visible" { hidden.append(id) } else { visible.append(id) }
                }
            }
            // A chart sheet may come first; the first sheet of cells counts.
            for id in visible + hidden {
                if let path = related.first(where: { $0.id == id && $0.type.hasSuffix("/worksheet") })?.target {
                    worksheet = path
                    return
                }
            }
        }
    }

    /// One `<Relationship>` of a part (or of the package, part ""), its target as a path in the archive.
    struct Relationship {
        let id: String
        let type: String
        let target: String

        static func all(of part: String, in package: Zip) throws -> [Relationship] {
            var directory = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let name = directory.removeLast()
            guard let xml = try package.entry(named: (directory + ["_rels", name + ".rels"]).joined(separator: "/")) else { return [] }
            var scanner = XMLScanner(xml)
            var found: [Relationship] = []
            while let event = try scanner.next() {
                guard case .start(let element) = event, scanner.isName(element.name, "Relationship"),
                      scanner.attributeText("TargetMode", of: element) != "External",
                      let id = scanner.attributeText("Id", of: element), let type = scanner.attributeText("Type", of: element),
                      let target = scanner.attributeText("Target", of: element) else { continue }
                found.append(Relationship(id: id, type: type, target: resolve(target, from: directory)))
            }
            return found
        }

        /// A target relative to the part's folder, or from the root when it starts with "/".
        static func resolve(_ target: String, from directory: [String]) -> String {
            var path = target.hasPrefix("/") ? [] : directory
            for component in target.split(separator: "/") {
                switch component {
                case ".": continue
                case "..": _ = path.popLast()
                default: path.append(String(component))
                }
            }
            return path.joined(separator: "/")
        }
    }

    /// The shared strings table: each `<si>`'s text, rich-text runs joined,
    /// phonetic guides (`<rPh>`, common in Chinese and Japanese files) left out.
    static func readSharedStrings(_ xml: [UInt8]) throws -> [String] {
        var scanner = XMLScanner(xml)
        var strings: [String] = [], current = ""
        var phonetic = 0, inText = false
        while let event = try scanner.next() {
            switch event {
            case .start(let element):
                if scanner.isName(element.name, "si") {
                    current = ""
                } else if scanner.isName(element.name, "rPh") {
                    phonetic += 1
                } else if scanner.isName(element.name, "t") {
                    inText = phonetic == 0
                }
            case .end(let name):
                if scanner.isName(name, "si") {
                    guard strings.count < maximumSharedStrings else { throw Unreadable.tooManyStrings }
                    strings.append(unescapeControlCharacters(current))
                } else if scanner.isName(name, "rPh") {
                    phonetic -= 1
                } else if scanner.isName(name, "t") {
                    inText = false
                }
            case .characters(let range, let verbatim):
                if inText { current += scanner.string(range, verbatim: verbatim) }
            }
        }
        return strings
    }

    /// What a cell's value needs besides its own XML.
    struct CellContext {
        let sharedStrings: [String]
        /// By cell style (`s`): how a date in it shows, nil for other styles.
        let dateStyles: [DateDisplay?]
        let date1904: Bool
    }

    static func readRows(_ xml: [UInt8], _ context: CellContext) throws -> [[String]] {
        var scanner = XMLScanner(xml)
        var rows: [[String]] = [], cells: [String] = []
        var inSheetData = false
        var rowNumber = 0, column = 0   // the current (or last) row and column, from 1
        var cellCount = 0, textBytes = 0
        var cellType: String?, cellStyle = 0, value = ""
        var inValue = false, inInlineString = false, phonetic = 0
        reading: while let event = try scanner.next() {
            switch event {
            case .start(let element):
                let name = element.name
                guard inSheetData else {
                    inSheetData = scanner.isName(name, "sheetData")
                    continue
                }
                if scanner.isName(name, "row") {
                    rowNumber = scanner.attributeText("r", of: element).flatMap { Int($0) } ?? rowNumber + 1
                    guard rowNumber >= 1 else { throw Unreadable.damaged }
                    guard rowNumber <= maximumRows else { throw Unreadable.tooManyRows }
                    cells = []
                    column = 0
                } else if scanner.isName(name, "c") {
                    column = scanner.attribute("r", of: element).flatMap { columnNumber(scanner.xml[$0]) } ?? column + 1
                    guard column <= maximumColumns else { throw Unreadable.tooManyColumns }
                    cellType = scanner.attributeText("t", of: element)
                    cellStyle = scanner.attributeText("s", of: element).flatMap { Int($0) } ?? 0
                    value = ""
                } else if scanner.isName(name, "v") {
                    inValue = true
                } else if scanner.isName(name, "is") {
                    inInlineString = true
                } else if scanner.isName(name, "rPh") {
                    phonetic += 1
                } else if scanner.isName(name, "t") {
                    inValue = inInlineString && phonetic == 0
                }
            case .end(let name):
                guard inSheetData else { continue }
                if scanner.isName(name, "v") || scanner.isName(name, "t") {
                    inValue = false
                } else if scanner.isName(name, "rPh") {
                    phonetic -= 1
                } else if scanner.isName(name, "is") {
                    inInlineString = false
                } else if scanner.isName(name, "c") {
                    guard column >= 1 else { continue }   // an end without a start
                    let text = try cellText(type: cellType, style: cellStyle, value: value, context)
                    guard !text.isEmpty else { continue }
                    textBytes += text.utf8.count
                    guard textBytes <= maximumText else { throw Unreadable.tooMuchText }
                    if column > cells.count {
                        cellCount += column - cells.count
                        guard cellCount <= maximumCells else { throw Unreadable.tooManyCells }
                        cells.append(contentsOf: repeatElement("", count: column - 1 - cells.count))
                        cells.append(text)
                    } else {
                        cells[column - 1] = text
                    }
                } else if scanner.isName(name, "row") {
                    guard rowNumber >= 1 else { continue }
                    let row = cells.contains { !$0.allSatisfy(\.isWhitespace) } ? cells : []
                    if rowNumber > rows.count {
                        rows.append(contentsOf: repeatElement([], count: rowNumber - 1 - rows.count))
                        rows.append(row)
                    } else if !row.isEmpty {
                        rows[rowNumber - 1] = row   // rows out of order: Excel never writes them
                    }
                } else if scanner.isName(name, "sheetData") {
                    break reading
                }
            case .characters(let range, let verbatim):
                if inValue { value += scanner.string(range, verbatim: verbatim) }
            }
        }
        while rows.last?.isEmpty == true { rows.removeLast() }
        return rows
    }

    /// A column's number from a cell reference ("C7" → 3), nil when it has no letters.
    static func columnNumber(_ reference: ArraySlice<UInt8>) -> Int? {
        var number = 0, letters = 0
        for byte in reference {
            let letter = byte | 0x20   // lower case
            guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { break }
            letters += 1
            guard letters <= 3 else { return maximumColumns + 1 }
            number = number * 26 + Int(letter - UInt8(ascii: "a")) + 1
        }
        return letters == 0 ? nil : number
    }

    static func cellText(type: String?, style: Int, value: String, _ context: CellContext) throws -> String {
        guard !value.isEmpty else { return "" }
        switch type {
        case "s":
            guard let index = Int(value) ?? Int(value.trimmingCharacters(in: .whitespacesAndNewlines)),
                  context.sharedStrings.indices.contains(index) else {
                throw Unreadable.damaged
            }
            return context.sharedStrings[index]
        case "inlineStr", "str":
            return unescapeControlCharacters(value)
        case "b":
            return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case nil, "n":
            let number = value.utf8.first.map(XMLScanner.isSpace) == true || value.utf8.last.map(XMLScanner.isSpace) == true
                ? value.trimmingCharacters(in: .whitespacesAndNewlines) : value
            if context.dateStyles.indices.contains(style), let display = context.dateStyles[style], let serial = Double(number),
               let date = dateText(serial: serial, display, date1904: context.date1904) {
                return date
            }
            return plainNumber(number)
        default:
            return value   // "e" errors (#N/A, #DIV/0!), "d" ISO dates: as written
        }
    }

    /// `_xHHHH_` is how Excel writes a character XML cannot hold (a control
    /// character, "_x000D_" for a carriage return); `_x005F_` is a literal "_".
    static func unescapeControlCharacters(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"), let code = hexValue(bytes[(index + 2)..<(index + 6)]),
               let scalar = Unicode.Scalar(code) {
                out.append(contentsOf: String(scalar).utf8)
                index += 7
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            guard let nibble = Character(Unicode.Scalar(digit)).hexDigitValue else { return nil }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// A number as Excel's General format shows it: no exponent for ordinary
    /// magnitudes ("13800138000", never "1.3800138E10"), no trailing zeros,
    /// at most 15 significant digits (Excel's precision: a formula's
    /// 0.30000000000000004 shows as 0.3). Text that is not a number, or a
    /// number too large or small to write out, comes back as written.
    static func plainNumber(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.count <= 15, let first = bytes.first, first != UInt8(ascii: "0") || bytes.count == 1, bytes.allSatisfy(isDigit) {
            return text
        }
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { index += 1 }
        var digits: [UInt8] = [], integerDigits = 0, seenPoint = false
        while index < bytes.count {
            if isDigit(bytes[index]) {
                digits.append(bytes[index] - UInt8(ascii: "0"))
                if !seenPoint { integerDigits += 1 }
            } else if bytes[index] == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "e"), let written = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)),
                  written.magnitude < 1000 else { return text }
            exponent = written
        }
        guard !digits.isEmpty else { return text }
        // The value is 0.digits × 10^point.
        var point = integerDigits + exponent
        guard let firstSignificant = digits.firstIndex(where: { $0 != 0 }) else { return "0" }
        digits.removeFirst(firstSignificant)
        point -= firstSignificant
        if digits.count > 15 {
            let roundUp = digits[15] >= 5
            digits.removeLast(digits.count - 15)
            if roundUp {
                var position = 14
                while position >= 0, digits[position] == 9 {
                    digits[position] = 0
                    position -= 1
                }
                if position >= 0 {
                    digits[position] += 1
                } else {
                    digits.insert(1, at: 0)
                    point += 1
                }
            }
        }
        while digits.last == 0 { digits.removeLast() }
        guard point > -20, point <= 30 else { return text }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        let characters = digits.map { $0 + UInt8(ascii: "0") }
        if point <= 0 {
            out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -point) + characters
        } else if point >= characters.count {
            out += characters + [UInt8](repeating: UInt8(ascii: "0"), count: point - characters.count)
        } else {
            out += characters[..<point] + [UInt8(ascii: ".")] + characters[point...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
