@testable import App
import Foundation
import Testing

/// The hand-written .xlsx reader and writer, and the zip and DEFLATE code
/// under them. The fixtures were made with Python's standard library (no
/// spreadsheet program or openpyxl): XML parts written by hand, packed with
/// `zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)` and `writestr`.
@Suite("XLSX")
struct XLSXTests {
    static func bytes(_ base64: String) throws -> [UInt8] {
        [UInt8](try #require(Data(base64Encoded: base64, options: .ignoreUnknownCharacters)))
    }

    /// Deflated parts. xl/workbook.xml lists sheet "名单" (rId2 → "/xl/worksheets/sheet2.xml")
    /// before "Other" (rId1 → worksheets/sheet1.xml, one cell "wrong sheet").
    /// xl/sharedStrings.xml: `<si><t>姓名</t></si>`,
    /// `<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 &amp; 李四</t></r></si>`,
    /// `<si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>`,
    /// `<si><t>a_x000D_b_x005F_x0041_</t></si>`.
    /// xl/styles.xml: `<numFmt numFmtId="176" formatCode="yyyy/m/d;@"/>`; cellXfs numFmtId 0, 14, 176, 22.
    /// sheet2.xml, rows 1, 2, 5 and an empty styled row 6:
    /// `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>3</v></c></row>`
    /// `<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>46356</v></c><c r="D2" s="2"><v>46356</v></c></row>`
    /// `<row r="5"><c r="A5"><v>1.3800138E10</v></c><c r="B5" t="b"><v>1</v></c><c r="C5" t="str"><f>A1&amp;"!"</f><v>姓名!</v></c>`
    /// `<c r="D5" s="3"><v>46356.5</v></c><c r="E5"><v>0.30000000000000004</v></c></row><row r="6" s="1" customFormat="1"/>`
    static let sharedStringsFixture = """
        UEsDBBQAAAAIAOcofl2TR0GDqgAAABQBAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbHWPSQ7CMAxFrxJ5i9oUFgihpl0wnKAcIErdQaRJlJiq3J50WCFY2v99
        Pzkvp0GzEX3orRGwTzNgaJSte9MKeFT35ARlkVdvh4FF1AQBHZE7cx5Uh4MMqXVoYtJYP0iKo2+5k+opW+SHLDtyZQ2hoYTmG1DkV2zkSxO7TXG9aj3qAOyy
        grNLgHRO90pSzPlo6i9LshnS2FyY0PUu7CIA/KdhTv4Lth5f3iw+UEsDBBQAAAAIAOcofl0cSfe+pAAAABYBAAALAAAAX3JlbHMvLnJlbHONz8EOwiAMBuBX
        Ib07pgdjzNguxmRXMx8AWcfIBiWAOt9ejs548Nj0/7+mVbPYmT0wRENOwLYogaFT1BunBVy78+YATV1dcJYpJ+JofGS54qKAMSV/5DyqEa2MBXl0eTNQsDLl
        MWjupZqkRr4ryz0PnwasTdb2AkLbb4F1L4//2DQMRuGJ1N2iSz9OfCWyLIPGJGCZ+ZPCdCOaiowCryu+erB+A1BLAwQUAAAACADnKH5dT8+ztaYAAAARAQAA
        DwAAAHhsL3dvcmtib29rLnhtbI2QTQ6CMBBGr9L0ABZYuCDAyg0rz1BhsA2008zU6CVI3HhE7iGCJLhzNX8v70umuCP1F8RePNzguZQmxpArxY0Bp/mAAfx8
        6ZCcjvNIV8WBQLdsAKIbVJYkR+W09XI15PSPA7vONnDC5ubAx1VCMOho0bOxgWVVLAn8rcJrB6WcnuM0vqRYdnVbykwKyu3cUN1mUv3S52iAdnC6g9MPrLYM
        tb2hegNQSwMEFAAAAAgA5yh+XS3Rm1C5AAAAjgIAABoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc7WSQQ6CQAxFr0LmABbQuDDAyg1b9QITKAwBZibT
        GuH2EhIVDCEucNX8Nnn/LRpdsJFcGU2qsuR1baMpForZngAoU9hK2hmLergUxrWSh+hKsDKrZYkQ+v4R3JQhkmjK9NI8Fi7NA+Hdeou/sE1RVBmeTXZvUfNC
        BTyMq0kh8gCVrkSOxXtFMI5gN1AFLMuEf5aBroFvoXBNaL+lECnpML+yq3RJH6nZek3msKkM9w1OLcb8qofZ+yVPUEsDBBQAAAAIAOcofl1M8mH5/wAAAFYB
        AAAUAAAAeGwvc2hhcmVkU3RyaW5ncy54bWxVUL1OwzAQfhXLAyN2q8JQHC9USGx5g8hJrzhS7bg+B3VEysQAQoKtAjEgsdKNgbcJgdfACVCEdP/f3Xf2CcRA
        1mZpMaE6BDdlDAsNRuF+5cBGZFF5o0JM/RlD50HNUQMEs2Rjzg+ZUaWlpKhqGxI6oaS25aqG499cCiylCLJ7vu1urgQLUrC+0quPkkaTs1gcotj39vjd5Ad8
        eNsUnSogoXE5gj8HKt9fL8meMu6IfNxfd5vNbmTHHZm228+7lwHxqSaYJ5RTAtGNaY+3zVPbPLTNxc9wqqVwurIQyiL1ZFHZcDpP6Iiyf7QqW3POZ1ne+4OT
        3k5G2d/HWDyo/AJQSwMEFAAAAAgA5yh+XR4Fiw2/AAAAjAEAAA0AAAB4bC9zdHlsZXMueG1sjZBfC4IwFMW/ytgH6JqIQakEgdBLL770uvSawe4cboJ+++Yf
        SqmgvWz37PzODouM7SVmFaJlHUllYl5Zq/cAJq+QhNnUGpW7KeuGhHVjcwejGxSFGSCS4HteCCQeiieRaikla1het8rGfPuS2LSdCyfuQs6muFNdYMx7t4Cg
        OBw5JBHMGUmUo5TZUO9arhK7cpHmjczSOoELJvjKrJRtwJnQWvaXlm7YpGO74bUP41D+L6fv/zbC3NCd3v+fPAFQSwMEFAAAAAgA5yh+XXJ32IaIAAAAuAAA
        ABgAAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWxNjk0KAjEMha9SegAz48KFtAHBG3iCUuu02J8hDdTjm+lCXCS8fI/3iBmN3j2GwOpTcu1WR+b9CtB9DMX1
        U9tDFefVqDiWkzboOwX3nKGS4bwsFyguVY1msrtjh4baUGT1KtQf4rZqxVanmlMNDybhqaNhHNTqpmbSAKOBA4OXkQrZf53wexa/UEsDBBQAAAAIAOcofl2c
        ZXCVAAEAADICAAAYAAAAeGwvd29ya3NoZWV0cy9zaGVldDIueG1sbZJdboQgEICv4vLQRwdkMZsWSfav96BW16aLGmDdvUSTJj1ET7b3KMrGipEnmG8YvgH4
        tdGfpioKG93UuTYZqqxtnwFMXhVKmrhpi9qRstFKWrfUJzCtLuT7sEmdIcE4BSU/aiT4EDtIKwXXzTXSGSIumveTLUGRzZBx605gDp3gkD/YfsroyMDVGAsl
        Y6FkkkzCQrspS2aHOGa8UCfWKWVpyA+eJws8EGGjCPMKMd1gTOjmSGZt7dhg87ZkuvfMWO1oKbbkSar2Ba0Qh7JPv//+3L+/VjNFNijSf8WYhRlH74RjisOx
        Xm4mfdxJlF+MbdTr8Mp9AFzi5DVh/CbiD1BLAQIUAxQAAAAIAOcofl2TR0GDqgAAABQBAAATAAAAAAAAAAAAAACAAQAAAABbQ29udGVudF9UeXBlc10ueG1s
        UEsBAhQDFAAAAAgA5yh+XRxJ976kAAAAFgEAAAsAAAAAAAAAAAAAAIAB2wAAAF9yZWxzLy5yZWxzUEsBAhQDFAAAAAgA5yh+XU/Ps7WmAAAAEQEAAA8AAAAA
        AAAAAAAAAIABqAEAAHhsL3dvcmtib29rLnhtbFBLAQIUAxQAAAAIAOcofl0t0ZtQuQAAAI4CAAAaAAAAAAAAAAAAAACAAXsCAAB4bC9fcmVscy93b3JrYm9v
        ay54bWwucmVsc1BLAQIUAxQAAAAIAOcofl1M8mH5/wAAAFYBAAAUAAAAAAAAAAAAAACAAWwDAAB4bC9zaGFyZWRTdHJpbmdzLnhtbFBLAQIUAxQAAAAIAOco
        fl0eBYsNvwAAAIwBAAANAAAAAAAAAAAAAACAAZ0EAAB4bC9zdHlsZXMueG1sUEsBAhQDFAAAAAgA5yh+XXJ32IaIAAAAuAAAABgAAAAAAAAAAAAAAIABhwUA
        AHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbFBLAQIUAxQAAAAIAOcofl2cZXCVAAEAADICAAAYAAAAAAAAAAAAAACAAUUGAAB4bC93b3Jrc2hlZXRzL3NoZWV0
        Mi54bWxQSwUGAAAAAAgACAAIAgAAewcAAAAA
        """

    /// The 1904 date system and tags with a namespace prefix, deflated:
    /// `<x:workbookPr date1904="1"/>`; cellXfs numFmtId 0 and 14; one row without `r`:
    /// `<x:row><x:c s="1"><x:v>44894</x:v></x:c><x:c t="inlineStr"><x:is><x:t>1904</x:t></x:is></x:c></x:row>`.
    static let date1904Fixture = """
        UEsDBBQAAAAIAOcofl2TR0GDqgAAABQBAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbHWPSQ7CMAxFrxJ5i9oUFgihpl0wnKAcIErdQaRJlJiq3J50WCFY2v99
        Pzkvp0GzEX3orRGwTzNgaJSte9MKeFT35ARlkVdvh4FF1AQBHZE7cx5Uh4MMqXVoYtJYP0iKo2+5k+opW+SHLDtyZQ2hoYTmG1DkV2zkSxO7TXG9aj3qAOyy
        grNLgHRO90pSzPlo6i9LshnS2FyY0PUu7CIA/KdhTv4Lth5f3iw+UEsDBBQAAAAIAOcofl0cSfe+pAAAABYBAAALAAAAX3JlbHMvLnJlbHONz8EOwiAMBuBX
        Ib07pgdjzNguxmRXMx8AWcfIBiWAOt9ejs548Nj0/7+mVbPYmT0wRENOwLYogaFT1BunBVy78+YATV1dcJYpJ+JofGS54qKAMSV/5DyqEa2MBXl0eTNQsDLl
        MWjupZqkRr4ryz0PnwasTdb2AkLbb4F1L4//2DQMRuGJ1N2iSz9OfCWyLIPGJGCZ+ZPCdCOaiowCryu+erB+A1BLAwQUAAAACADnKH5d3k/Uj58AAAAHAQAA
        DwAAAHhsL3dvcmtib29rLnhtbI2OwQ6CMBBEf6XpB7hgjIkNePLCzcQvqHSxDbRLdmvk8wU0cvU2k9l5O9VkXsT9nahXUxySmKnWPufRAEjrMVrZ0Yhpzjri
        aPNs+QEyMlonHjHHAfZFcYRoQ9JfBv/DoK4LLV6ofUZM+QNhHGwOlMSHUfS52tZdWTmbsTwVh1qXGpZs/S8/pZKNWOubVqtt3HKo2IRZcOPWEmwt2ODnN1BL
        AwQUAAAACADnKH5dF3ZZeZ0AAABwAQAAGgAAAHhsL19yZWxzL3dvcmtib29rLnhtbC5yZWxzrZA9DoMwDEavgnIADAwdKmDqwlpxgSg4BEF+FLtquX2jVm2p
        xNChk/XZ0vueXJ9xkTx5R2YKlN3s4qgRhjkcAUgZtJJyH9Cli/bRSk4xjhCkmuWIUBXFAeKWIdp6y8y6oRGxG0qR9WvAX9he60nhyauLRcc7FXD1cSaDyAkq
        44jciPeK4DHKPFEF7MtU/5QhXhekj8kzv+rh68HtHVBLAwQUAAAACADnKH5d84mx/34AAACrAAAADQAAAHhsL3N0eWxlcy54bWxljsEKwjAQRH+l5APcWMRD
        aHsUPPfiNaQbI2STkN1C/HvbHvTgbeYND2ZohuUdcQ6I0jWKiU0bVRApBoBdQLJ8ygXTtvlcycpW6xO4VLQL7xpF6LW+AtlXUtPQjMMYH547l9cko+oP2HyX
        VrqR3JdRaQV/7HzZIXz1I//OTR9QSwMEFAAAAAgA5yh+XewLpzaSAAAA3wAAABgAAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWxVT10OwiAMvsrCASwzi3GE
        8bQbeAIyUYj8LLRxHN/BfNCXtt9fm8oitpRfaI2hrgQfUZSJWaJVAOBiTdB4SquJu/ZIOWjaYX4Crtnoe4sFD2fOLxC0i0zJIho7a9IV5LTVtnQ4sb7JbzUM
        13GQUMdal8NAE3PRu2hulJvRYa2k+pE3NzV3ZY8QfLfD30n4+Uh9AFBLAQIUAxQAAAAIAOcofl2TR0GDqgAAABQBAAATAAAAAAAAAAAAAACAAQAAAABbQ29u
        dGVudF9UeXBlc10ueG1sUEsBAhQDFAAAAAgA5yh+XRxJ976kAAAAFgEAAAsAAAAAAAAAAAAAAIAB2wAAAF9yZWxzLy5yZWxzUEsBAhQDFAAAAAgA5yh+Xd5P
        1I+fAAAABwEAAA8AAAAAAAAAAAAAAIABqAEAAHhsL3dvcmtib29rLnhtbFBLAQIUAxQAAAAIAOcofl0Xdll5nQAAAHABAAAaAAAAAAAAAAAAAACAAXQCAAB4
        bC9fcmVscy93b3JrYm9vay54bWwucmVsc1BLAQIUAxQAAAAIAOcofl3zibH/fgAAAKsAAAANAAAAAAAAAAAAAACAAUkDAAB4bC9zdHlsZXMueG1sUEsBAhQD
        FAAAAAgA5yh+XewLpzaSAAAA3wAAABgAAAAAAAAAAAAAAIAB8gMAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbFBLBQYAAAAABgAGAIABAAC6BAAAAAA=
        """

    @Test("What the writer writes reads back cell for cell: Chinese, long digit strings, gaps, decimals, markup, line breaks")
    func roundTrip() throws {
        let rows: [[XLSX.Cell]] = [
            [.text("姓名"), .text("手机"), .text("证件号码"), .text("备注"), .text("金额")],
            [.text("张三"), .number(13_800_138_000), .text("11010119900101123X"), .empty, .number(1234.56)],
            [.text("李四\n二楼"), .text(#"a & <b> "c""#), .empty, .text("_x0041_ 原样"), .number(-0.5)],
            [.text(" 前后空格 "), .text("tab\there, CR\r, bell\u{7}"), .text("=1+1"), .text("110101199001011234"), .text("13800138000")],
        ]
        let file = XLSX.workbook(sheetName: "客户/名单:2026", columns: [10, 14, 22, 8, 10], rows: rows)
        #expect(XLSX.looksLikeXLSX(file))
        #expect(try XLSX.rows(of: file) == [
            ["姓名", "手机", "证件号码", "备注", "金额"],
            ["张三", "13800138000", "11010119900101123X", "", "1234.56"],
            ["李四\n二楼", #"a & <b> "c""#, "", "_x0041_ 原样", "-0.5"],
            [" 前后空格 ", "tab\there, CR\r, bell\u{7}", "=1+1", "110101199001011234", "13800138000"],
        ])
        #expect(try XLSX.rows(of: XLSX.workbook(sheetName: "S", rows: [[.text("a"), .empty, .text("c")]])) == [["a", "", "c"]])
        #expect(XLSX.sanitizedSheetName("客户/名单:2026") == "客户名单2026")
        #expect(XLSX.sanitizedSheetName(String(repeating: "楼", count: 40)).count == 31)
        #expect(XLSX.sanitizedSheetName("[]") == "Sheet1")
    }

    @Test("A deflated workbook: the first sheet in workbook order, shared strings with rich text and phonetic runs, dates, row numbers kept")
    func sharedStringsAndDates() throws {
        let rows = try XLSX.rows(of: Self.bytes(Self.sharedStringsFixture))
        #expect(rows == [
            ["姓名", "", "a\rb_x0041_"],
            ["张三 & 李四", "山田", "2026-11-30", "2026-11-30"],
            [],
            [],
            ["13800138000", "TRUE", "姓名!", "2026-11-30 12:00", "0.3"],
        ])
    }

    @Test("The 1904 date system, prefixed tag names, a row and cells without references")
    func date1904() throws {
        #expect(try XLSX.rows(of: Self.bytes(Self.date1904Fixture)) == [["2026-11-30", "1904"]])
    }

    @Test("Numbers read as Excel's General format shows them; date formats are told from others")
    func numbersAndFormats() {
        #expect(XLSX.plainNumber("13800138000") == "13800138000")
        #expect(XLSX.plainNumber("1.3800138E10") == "13800138000")
        #expect(XLSX.plainNumber("1.10101199001011E+17") == "110101199001011000")
        // An exponent at the edge of Int once trapped in abs(): it is text, not a crash.
        #expect(XLSX.plainNumber("1E-9223372036854775808") == "1E-9223372036854775808")
        #expect(XLSX.plainNumber("1234.5600000000001") == "1234.56")
        #expect(XLSX.plainNumber("1.5E-3") == "0.0015")
        #expect(XLSX.plainNumber("-2.50") == "-2.5")
        #expect(XLSX.plainNumber("0.99999999999999999") == "1")
        #expect(XLSX.plainNumber("1E+300") == "1E+300")
        #expect(XLSX.dateDisplay(ofFormat: "yyyy/m/d;@") == .date)
        #expect(XLSX.dateDisplay(ofFormat: #"[$-804]yyyy"年"m"月"d"日""#) == .date)
        #expect(XLSX.dateDisplay(ofFormat: "yyyy-mm-dd hh:mm") == .dateAndTime)
        #expect(XLSX.dateDisplay(ofFormat: "h:mm AM/PM") == .time)
        #expect(XLSX.dateDisplay(ofFormat: #"#,##0.00"元";[Red]-#,##0.00"#) == nil)
        #expect(XLSX.dateDisplay(ofFormat: "[h]:mm") == nil)
        #expect(XLSX.dateDisplay(ofFormat: "General") == nil)
        #expect(XLSX.dateText(serial: 1, .date, date1904: false) == "1900-01-01")
        #expect(XLSX.dateText(serial: 59, .date, date1904: false) == "1900-02-28")
        #expect(XLSX.dateText(serial: 60, .date, date1904: false) == nil)
        #expect(XLSX.dateText(serial: 61, .date, date1904: false) == "1900-03-01")
        #expect(XLSX.dateText(serial: 0, .date, date1904: true) == "1904-01-01")
        #expect(XLSX.dateText(serial: 0.75, .time, date1904: false) == "18:00")
    }

    @Test("The XML reader: entities, character references, CDATA, comments, single quotes, line ends, a '>' in an attribute")
    func xml() throws {
        let xml = """
            <?xml version="1.0"?><!-- <si> in a comment --><x:sst xmlns:x='main' note="a>b"><si><t>&lt;&amp;&gt;&quot;&apos;&#20013;&#x6587;&nbsp;</t></si>\
            <si><t><![CDATA[<b>&amp;</b>]]></t></si><si><t>one\r\ntwo\rthree</t></si><x:si/></x:sst>
            """
        #expect(try XLSX.readSharedStrings(Array(xml.utf8)) == [#"<&>"'中文&nbsp;"#, "<b>&amp;</b>", "one\ntwo\nthree", ""])
        #expect(throws: XLSX.Unreadable.self) { try XLSX.readSharedStrings(Array(#"<!DOCTYPE x [<!ENTITY a "b">]><sst/>"#.utf8)) }
        #expect(throws: XLSX.Unreadable.self) { try XLSX.readSharedStrings(Array("<sst><si><t>cut</t".utf8)) }
    }

    @Test("A damaged, truncated, encrypted or non-zip file is refused with a reason, not a crash")
    func unreadable() throws {
        let file = try Self.bytes(Self.sharedStringsFixture)
        #expect(throws: XLSX.Unreadable.self) { try XLSX.rows(of: Array(file.prefix(file.count / 2))) }
        #expect(throws: XLSX.Unreadable.self) { try XLSX.rows(of: Array(file.dropLast(30))) }
        var damaged = file
        damaged[1000] ^= 0xFF   // inside the deflated shared strings
        #expect(throws: XLSX.Unreadable.self) { try XLSX.rows(of: damaged) }
        #expect(throws: XLSX.Unreadable.notXLSX) { try XLSX.rows(of: Array("姓名,手机\r\n张三,13800138000\r\n".utf8)) }
        #expect(throws: XLSX.Unreadable.notXLSX) { try XLSX.rows(of: []) }
        #expect(throws: XLSX.Unreadable.protected) {
            try XLSX.rows(of: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512))
        }
        let noSheet = Zip.archive([(name: "xl/workbook.xml", data: Array("<workbook/>".utf8))])
        #expect(throws: XLSX.Unreadable.noWorksheet) { try XLSX.rows(of: noSheet) }
    }

    @Test("Zip: stored entries written and read back, CRC-32 checked, names case-insensitive")
    func zip() throws {
        #expect(CRC32.of(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        let archive = Zip.archive([(name: "a/文件.txt", data: Array("内容".utf8)), (name: "empty", data: [])])
        let reader = try Zip(archive, maximumEntrySize: 100)
        #expect(try reader.entry(named: "A/文件.TXT") == Array("内容".utf8))
        #expect(try reader.entry(named: "empty") == [])
        #expect(try reader.entry(named: "missing") == nil)
        #expect(throws: Zip.Failure.entryTooLarge("a/文件.txt")) { try Zip(archive, maximumEntrySize: 3).entry(named: "a/文件.txt") }
        var damaged = archive
        damaged[30 + "a/文件.txt".utf8.count] ^= 1   // the first byte of the first entry's data
        #expect(throws: Zip.Failure.checksumMismatch("a/文件.txt")) { try Zip(damaged, maximumEntrySize: 100).entry(named: "a/文件.txt") }
    }

    /// zlib.compressobj(9, zlib.DEFLATED, -15) (raw DEFLATE) of b"hello hello hello": a fixed-Huffman block.
    static let fixedBlock = "y0jNyclXyECQAA=="
    /// The same call on the UTF-8 of `dynamicBlockText` (497 bytes): a dynamic-Huffman block.
    static let dynamicBlock = """
        ZdE9DsIwDAXgvWfJ4Bfn93gdK4RAYmXoxsgGCDhOUzgGreQqEbYHS0/f5Fcup3Lcm3nYzeen+V776XUrh/tn7LvyHqfHQAaciMC0jAFoWeRM610jYWhYVAws
        zFYGp5gNwrgyC8U4C3MNS4p5K8xXxl6x4IWFypxVLCZhsWFZsQxhqTIf/hnICcuVBVYMcXtvU0NUNSzp5poeouoBjrsf
        """
    static let dynamicBlockText = "姓名,手机,证件号码\n" + (0..<12).map {
        "张三\($0),1380013\(String(format: "%04d", $0 * 7)),11010119900101\(String(format: "%04d", $0 * 13))\n"
    }.joined()

    /// zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_HUFFMAN_ONLY) of a, b, c, … m, 1, 2, 3, 5, …, 377 times:
    /// with the end-of-block code these are Fibonacci weights, the deepest Huffman tree, so the rare
    /// letters' codes (up to 13 bits) are longer than the decoder's one-lookup table.
    static let longCodesBlock = """
        BcFBgiRJkiSxt+50ZbipMOH/1wX+3//93//+97///vvvv//+/fv379+/f//+/v7+/v7+/v7+/v7+fr/f7/f7/X6/3+/3+/1+v9/v933f933f933f933f933f
        933f933f933f933vvffee++9995777333nvvvffee++9995777333nvvvffeu7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7
        bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2bdu2qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
        qqqqqqqqqqqqqqqqqqqqqqqqqqqqqgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/H8=
        """

    @Test("Inflate: stored, fixed-Huffman and dynamic-Huffman blocks; corrupt data and output past the limit are refused")
    func inflate() throws {
        let stored: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFF] + Array("hello".utf8)
        #expect(try Inflate.decompress(stored[...], expectedSize: 5, limit: 100) == Array("hello".utf8))

        let fixed = try Self.bytes(Self.fixedBlock)
        #expect(fixed[0] >> 1 & 3 == 1)
        #expect(try Inflate.decompress(fixed[...], expectedSize: nil, limit: 100) == Array("hello hello hello".utf8))

        let dynamic = try Self.bytes(Self.dynamicBlock)
        #expect(dynamic[0] >> 1 & 3 == 2)
        let text = Array(Self.dynamicBlockText.utf8)
        #expect(try Inflate.decompress(dynamic[...], expectedSize: text.count, limit: 1000) == text)

        var fibonacci = [1, 2]
        while fibonacci.count < 13 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        let skewed = fibonacci.enumerated().flatMap { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0.offset), count: $0.element) }
        #expect(try Inflate.decompress(Self.bytes(Self.longCodesBlock)[...], expectedSize: skewed.count, limit: 1000) == skewed)

        #expect(throws: Inflate.Failure.exceedsLimit) { try Inflate.decompress(dynamic[...], expectedSize: nil, limit: 100) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(dynamic[...], expectedSize: text.count - 1, limit: 1000) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(dynamic.dropLast(20), expectedSize: nil, limit: 1000) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([0x01, 0x05, 0x00, 0xFA, 0xFE, 0x68][...], expectedSize: nil, limit: 100) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([0x07][...], expectedSize: nil, limit: 100) }   // reserved block type
    }
}
