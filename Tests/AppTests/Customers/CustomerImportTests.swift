@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Importing the spreadsheets offices keep (CA-3 收集), through real HTTP.
@Suite("Customer import (CA-3)")
struct CustomerImportTests {
    /// A spreadsheet of `count` customers; every 200th row is wrong in one of five ways.
    static func spreadsheet(count: Int) -> (csv: String, bad: [Int: String]) {
        var lines = ["姓名,手机号,证件类型,身份证号,楼栋,房号,身份,入住日期,备注"]
        var bad: [Int: String] = [:]
        for index in 0..<count {
            let row = index + 2
            var name = "导入客户\(index)", phone = "1\(String(format: "%010d", 3_000_000_000 + index))", idType = "身份证"
            let seventeen = "440106" + "19\(50 + index % 40)" + String(format: "%02d", 1 + index % 12) + String(format: "%02d", 1 + index % 28) + String(format: "%03d", index % 1000)
            var idNumber = seventeen + String(CustomerRules.residentIDCheck(seventeen))
            var building = index % 2 == 0 ? "1栋" : "2栋", unit = String(format: "%02d%02d", 1 + index % 10, 1 + index % 2), relation = index % 3 == 0 ? "业主" : "家庭成员"
            if index % 200 == 199 {
                switch (index / 200) % 5 {
                case 0: idNumber = seventeen + (CustomerRules.residentIDCheck(seventeen) == "1" ? "2" : "1"); bad[row] = "身份证号"
                case 1: name = ""; bad[row] = "姓名"
                case 2: building = "9栋"; bad[row] = "房号"
                case 3: phone = "138-ABCD-0000"; bad[row] = "手机号"
                default: relation = "房东"; bad[row] = "身份"
                }
            }
            if index % 7 == 0 && bad[row] == nil { idType = ""; idNumber = "" }
            lines.append([name, phone, idType, idNumber, building, unit, relation, "2024/6/\(1 + index % 28)", index % 11 == 0 ? "\"备注，含逗号\"" : ""].joined(separator: ","))
        }
        return (lines.joined(separator: "\r\n") + "\r\n", bad)
    }

    func runImport(_ t: TestApp, csv: String, as user: String = "kf.yuangong") async throws -> [String: Any] {
        try await runImport(t, body: ["fileName": "客户.csv", "content": csv], as: user)
    }

    func runImport(_ t: TestApp, body: [String: Any], as user: String = "kf.yuangong") async throws -> [String: Any] {
        let zc = try await t.property("ZC")
        let uploaded = try await t.api(.POST, "/properties/\(zc.id!)/customer-imports", as: user, json: body)
        #expect(uploaded.status == .created, "\(uploaded.text.prefix(300))")
        let id = try #require(try uploaded.json()["id"] as? String)
        let started = try await t.api(.POST, "/customer-imports/\(id)/start", as: user)
        #expect(started.status == .ok, "\(started.text.prefix(300))")
        for _ in 0..<1200 {
            let progress = try await t.api(.GET, "/customer-imports/\(id)", as: user)
            let body = try progress.json()
            if body["status"] as? String == "finished" { return body }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("the import did not finish in 2 minutes")
        return [:]
    }

    @Test("CA-3: 10,000 customers with 50 bad rows: 9,950 imported, 50 reported by row, column and reason with nothing of them written; the same file again adds no one", arguments: TestDatabase.selected)
    func ca3ImportTenThousand(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let (csv, bad) = Self.spreadsheet(count: 10_000)
            let before = try await t.count(Customer.schema)
            let result = try await runImport(t, csv: csv)
            #expect(result["imported"] as? Int == 9_950 && result["failed"] as? Int == 50 && result["skipped"] as? Int == 0, "\(result.filter { $0.key != "problems" && $0.key != "preview" })")
            #expect(try await t.count(Customer.schema) == before + 9_950)
            let problems = try #require(result["problems"] as? [[String: Any]])
            #expect(problems.count == 50)
            for problem in problems {
                let row = try #require(problem["row"] as? Int)
                #expect(bad[row] == problem["column"] as? String, "row \(row): \(problem)")
                #expect(!(problem["reason"] as? String ?? "").isEmpty)
            }
            // Nothing of a bad row was written.
            let zc = try await t.property("ZC")
            #expect(try await Customer.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "导入客户399").count() == 0)
            #expect(try await Customer.query(on: t.db).filter(\.$name == "导入客户398").count() == 1)
            // A quoted cell keeps its comma; a spreadsheet's day becomes a day.
            let noted = try #require(try await Customer.query(on: t.db).filter(\.$name == "导入客户11").first())
            #expect(noted.note == "备注，含逗号")
            let tie = try #require(try await CustomerUnit.query(on: t.db).filter(\.$customer.$id == noted.id!).first())
            #expect(tie.since == "2024-06-12" && tie.relation == .member)

            let again = try await runImport(t, csv: csv)
            #expect(again["imported"] as? Int == 0 && again["skipped"] as? Int == 9_950 && again["failed"] as? Int == 50)
            #expect(try await t.count(Customer.schema) == before + 9_950)
            try await t.expectChainIntact()
        }
    }

    @Test("CA-3: an Excel workbook imports as its CSV does — phones typed as numbers, the same rows refused; the CSV after it adds no one", arguments: TestDatabase.selected)
    func ca3ImportWorkbook(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let (csv, bad) = Self.spreadsheet(count: 2_000)
            let rows = CSV.parse(csv).rows
            // Excel keeps a typed phone number as a number.
            let cells: [[XLSX.Cell]] = rows.enumerated().map { index, row in
                row.enumerated().map { column, value in
                    if index > 0, column == 1, let number = Double(value) { return .number(number) }
                    return value.isEmpty ? .empty : .text(value)
                }
            }
            let workbook = XLSX.workbook(sheetName: "业主资料", rows: cells)
            let before = try await t.count(Customer.schema)
            let result = try await runImport(t, body: ["fileName": "业主资料.xlsx", "contentBase64": Data(workbook).base64EncodedString()])
            #expect(result["imported"] as? Int == 1_990 && result["failed"] as? Int == 10, "\(result.filter { $0.key != "problems" && $0.key != "preview" })")
            for problem in try #require(result["problems"] as? [[String: Any]]) {
                let row = try #require(problem["row"] as? Int)
                #expect(bad[row] == problem["column"] as? String, "row \(row): \(problem)")
            }
            let first = try #require(try await Customer.query(on: t.db).filter(\.$name == "导入客户1").first())
            #expect(first.phone == rows[2][1], "a phone typed as a number reads back as its digits")
            let twin = try await runImport(t, csv: csv)
            #expect(twin["imported"] as? Int == 0 && twin["skipped"] as? Int == 1_990)
            #expect(try await t.count(Customer.schema) == before + 1_990)
            // A damaged workbook is refused before anything is kept, saying why.
            let zc = try await t.property("ZC")
            let imports = try await t.count(CustomerImport.schema)
            let damaged = try await t.api(.POST, "/properties/\(zc.id!)/customer-imports", as: "kf.yuangong",
                                          json: ["fileName": "坏.xlsx", "contentBase64": Data(workbook.prefix(workbook.count / 2)).base64EncodedString()])
            #expect(damaged.status == .unprocessableEntity && damaged.error?.field == "file" && damaged.error?.message.contains("Excel") == true, "\(damaged.text)")
            #expect(try await t.count(CustomerImport.schema) == imports)
        }
    }

    @Test("CA-3: a GB18030 file from Chinese Excel is read as Chinese; the preview maps its headings; the mapping can be changed, not after the start", arguments: TestDatabase.selected)
    func ca3GB18030AndMapping(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let text = "客户姓名,电话,备注\r\n诸葛亮,13811112222,卧龙\r\n司马懿,13833334444,\r\n"
            let bytes = try #require(Self.gb18030(text))
            #expect(String(decoding: bytes, as: UTF8.self) != text, "the fixture is not GB18030")
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            _ = try await session.get("/properties/\(zc.id!)/customers/import")
            let uploaded = try await session.postMultipart("/properties/\(zc.id!)/customers/import", [("encoding", "auto")],
                                                           files: [("file", "kehu.csv", "text/csv", bytes)])
            #expect(uploaded.status == .seeOther || uploaded.status == .found, "\(uploaded.text.prefix(400))")
            let record = try #require(try await CustomerImport.query(on: t.db).sort(\.$uploadedAt, .descending).first())
            #expect(record.encoding == "gb18030" && record.rowCount == 2)
            let view = try await t.api(.GET, "/customer-imports/\(record.id!)", as: "kf.yuangong")
            let json = try view.json()
            #expect((json["preview"] as? [[String]])?.first?.first == "诸葛亮")
            let mapping = try #require(json["mapping"] as? [[String: Any]])
            #expect(mapping.first { $0["field"] as? String == "name" }?["heading"] as? String == "客户姓名")
            #expect(mapping.first { $0["field"] as? String == "phone" }?["column"] as? Int == 1)
            // The note column read as the other contact instead: a person's choice.
            let remapped = try await t.api(.POST, "/customer-imports/\(record.id!)/mapping", as: "kf.yuangong", json: ["name": 0, "phone": 1, "otherContact": 2])
            #expect(remapped.status == .ok, "\(remapped.text)")
            let tooFar = try await t.api(.POST, "/customer-imports/\(record.id!)/mapping", as: "kf.yuangong", json: ["name": 0, "phone": 7])
            #expect(tooFar.status == .unprocessableEntity && tooFar.error?.field == "phone", "\(tooFar.text)")
            let noName = try await t.api(.POST, "/customer-imports/\(record.id!)/mapping", as: "kf.yuangong", json: ["phone": 1])
            #expect(noName.status == .badRequest && noName.error?.field == "name", "\(noName.text)")
            let started = try await t.api(.POST, "/customer-imports/\(record.id!)/start", as: "kf.yuangong")
            #expect(started.status == .ok)
            let twice = try await t.api(.POST, "/customer-imports/\(record.id!)/start", as: "kf.yuangong")
            #expect(twice.status == .conflict && twice.error?.rule == "CA-3", "\(twice.text)")
            let late = try await t.api(.POST, "/customer-imports/\(record.id!)/mapping", as: "kf.yuangong", json: ["name": 0])
            #expect(late.status == .conflict, "\(late.text)")
            for _ in 0..<100 where try await CustomerImport.find(record.id, on: t.db)?.status != .finished { try await Task.sleep(nanoseconds: 50_000_000) }
            let zhuge = try #require(try await Customer.query(on: t.db).filter(\.$name == "诸葛亮").first())
            #expect(zhuge.otherContact == "卧龙" && zhuge.phone == "13811112222")
            let page = try await session.get("/customer-imports/\(record.id!)")
            #expect(page.status == .ok && page.text.contains("import-progress"))
        }
    }

    @Test("CA-3: files that cannot be imported are refused before anything is kept", arguments: TestDatabase.selected)
    func ca3RefusedFiles(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let before = try await t.count(CustomerImport.schema)
            for (content, field) in [("姓名,电话\r\n", "file"), ("", "file"), ("a\u{1}b", "content"), ("姓名\r\n\"张三\r\n李四\r\n", "file")] {
                let reply = try await t.api(.POST, "/properties/\(zc.id!)/customer-imports", as: "kf.yuangong", json: ["content": content])
                #expect((400..<500).contains(Int(reply.status.code)) && reply.error?.field == field, "\(content.debugDescription): \(reply.text)")
            }
            let guardReply = try await t.api(.POST, "/properties/\(zc.id!)/customer-imports", as: "ag.zhuguan", json: ["content": "姓名\r\n张三\r\n"])
            #expect(guardReply.status == .forbidden)
            #expect(try await t.count(CustomerImport.schema) == before)
            #expect(CSV.firstControlCharacter(in: "a\nb\u{0}") == 2)
            // A blank row in the middle: the report still names the spreadsheet's own row numbers.
            let result = try await runImport(t, csv: "姓名,电话\r\n甲乙,13700000011\r\n,\r\n丙丁,abc\r\n")
            let problems = try #require(result["problems"] as? [[String: Any]])
            #expect(problems.count == 1 && problems.first?["row"] as? Int == 4 && result["imported"] as? Int == 1, "\(problems)")
        }
    }

    @Test("CSV: quoted cells with commas, doubled quotes and line breaks; CRLF or LF; a BOM; empty rows left out")
    func csvRows() {
        #expect(CSV.rows("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n,,\r\n\"two\nlines\",z\n\n") == [["a", "b"], ["x, y", "say \"hi\""], [], ["two\nlines", "z"]])
        #expect(CSV.rows("12\"电视,b\n") == [["12\"电视", "b"]])
        #expect(CSV.parse("a,\"never closed\nb,c\n").unclosed)
        #expect(CSV.text(of: Array("\u{FEFF}姓名\n".utf8))?.text == "姓名\n")
        #expect(CSV.text(of: [0xD5, 0xC5], as: .utf8) == nil)
        #expect(CSV.text(of: [0xD5, 0xC5])?.text == "张")
        #expect(CustomerImportRules.mapping(headings: ["序号", "业主姓名", "手机号码", "房号"]) == ["name": 1, "phone": 2, "unit": 3])
    }

    /// GB18030 bytes of a text, as Excel on a Chinese Windows writes a CSV.
    static func gb18030(_ text: String) -> [UInt8]? {
        let converter = iconv_open("GB18030", "UTF-8")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, inLeft = inBuffer.count, outPointer = outBuffer.baseAddress, outLeft = outBuffer.count
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return outBuffer.count - outLeft
            }
        }
        return output[..<written].map { UInt8(bitPattern: $0) }
    }
}
