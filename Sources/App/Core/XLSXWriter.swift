import Foundation

/// Writing a one-sheet workbook, for exports.
extension XLSX {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case empty
    }

    /// A workbook of one sheet: the first row a bold heading that stays in
    /// view (a frozen pane), texts as inline strings (never formulas, so
    /// "=..." is safe), `widths` in Excel's character units. A number that
    /// is not finite has no cell. Callers keep within Excel's limits
    /// (1,048,576 rows, 16,384 columns, 32,767 characters a cell).
    public static func workbook(sheetName: String, columns widths: [Double]? = nil, rows: [[Cell]]) -> [UInt8] {
        let workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)"><sheets>\
            <sheet name="\(escaped(sanitizedSheetName(sheetName)))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        return Zip.archive([
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(packageRelationships.utf8)),
            ("xl/workbook.xml", Array(workbook.utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
            ("xl/worksheets/sheet1.xml", worksheet(widths: widths, rows: rows)),
        ])
    }

    /// A name Excel accepts: without []:*?/\ and control characters, at most
    /// 31 characters, not starting or ending with an apostrophe, not "History".
    static func sanitizedSheetName(_ name: String) -> String {
        var result = ""
        for character in name where !"[]:*?/\\".contains(character) && !character.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            guard result.utf16.count + character.utf16.count <= 31 else { break }
            result.append(character)
        }
        while result.hasPrefix("'") { result.removeFirst() }
        while result.hasSuffix("'") { result.removeLast() }
        return result.isEmpty || result.lowercased() == "history" ? "Sheet1" : result
    }

    static func worksheet(widths: [Double]?, rows: [[Cell]]) -> [UInt8] {
        var xml = Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNamespace)">
            """.utf8)
        if !rows.isEmpty {
            xml += Array(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>"#.utf8)
        }
        if let widths, !widths.isEmpty {
            xml += Array("<cols>".utf8)
            for (index, width) in widths.enumerated() {
                xml += Array(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(min(max(width, 0), 255))" customWidth="1"/>"#.utf8)
            }
            xml += Array("</cols>".utf8)
        }
        xml += Array("<sheetData>".utf8)
        for (rowIndex, row) in rows.enumerated() {
            let rowNumber = String(rowIndex + 1)
            xml += Array(#"<row r="\#(rowNumber)">"#.utf8)
            let style = rowIndex == 0 ? #" s="1""# : ""
            for (columnIndex, cell) in row.enumerated() {
                let reference = columnName(columnIndex + 1) + rowNumber
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? #" xml:space="preserve""# : ""
                    xml += Array(#"<c r="\#(reference)"\#(style) t="inlineStr"><is><t\#(space)>"#.utf8)
                    appendEscaped(text, to: &xml)
                    xml += Array("</t></is></c>".utf8)
                case .number(let number):
                    guard number.isFinite else { continue }
                    let written = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
                    xml += Array(#"<c r="\#(reference)"\#(style)><v>\#(written)</v></c>"#.utf8)
                }
            }
            xml += Array("</row>".utf8)
        }
        xml += Array("</sheetData></worksheet>".utf8)
        return xml
    }

    /// "A", …, "Z", "AA", … for column 1, 2, ….
    static func columnName(_ number: Int) -> String {
        var number = number, letters: [UInt8] = []
        while number > 0 {
            letters.insert(UInt8(ascii: "A") + UInt8((number - 1) % 26), at: 0)
            number = (number - 1) / 26
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// A cell's text for XML: markup characters as entities; characters XML
    /// cannot hold (control characters but tab and line feed, U+FFFE/U+FFFF)
    /// as Excel writes them, `_xHHHH_`; and the "_" of text that looks like
    /// such an escape as `_x005F_`, so it reads back as written.
    static func appendEscaped(_ text: String, to xml: inout [UInt8]) {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "&"): xml += Array("&amp;".utf8)
            case UInt8(ascii: "<"): xml += Array("&lt;".utf8)
            case UInt8(ascii: ">"): xml += Array("&gt;".utf8)
            case UInt8(ascii: "\""): xml += Array("&quot;".utf8)
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"): xml.append(byte)
            case 0..<0x20: xml += Array("_x00\(hexByte(byte))_".utf8)
            case UInt8(ascii: "_") where index + 6 < bytes.count && bytes[index + 1] == UInt8(ascii: "x")
                && bytes[index + 6] == UInt8(ascii: "_") && hexValue(bytes[(index + 2)..<(index + 6)]) != nil:
                xml += Array("_x005F_".utf8)
            case 0xBE...0xBF where index >= 2 && bytes[index - 2] == 0xEF && bytes[index - 1] == 0xBF:
                // U+FFFE or U+FFFF (EF BF BE/BF): its first two bytes are already out.
                xml.removeLast(2)
                xml += Array("_xFFF\(byte == 0xBE ? "E" : "F")_".utf8)
            default: xml.append(byte)
            }
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// Text for an XML attribute or element.
    static func escaped(_ text: String) -> String {
        var xml: [UInt8] = []
        appendEscaped(text, to: &xml)
        return String(decoding: xml, as: UTF8.self)
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationshipNamespace)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Two cell styles: 0 plain, 1 bold (the heading). Excel insists on the
    /// two default fills and a border even when nothing uses them.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(mainNamespace)">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
