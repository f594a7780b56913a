@testable import App
import Fluent
import Testing
import Vapor

/// The conventions later modules reuse: error pages in the layout, plain
/// field names, unit numbers as people type them, QR codes, accounts.
@Suite("Page conventions")
struct ConventionsTests {
    @Test("A page that does not exist, or is refused, keeps the navigation and 退出", arguments: TestDatabase.selected)
    func errorPagesKeepLayout(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            for path in ["/no-such-page", "/spare-releases", "/keys/\(UUID())", "/admin"] {
                let page = try await session.get(path)
                #expect([.notFound, .forbidden].contains(page.status), "\(path): \(page.status)")
                #expect(page.text.contains(#"<nav aria-label="主导航">"#), "\(path) lost the navigation")
                #expect(page.text.contains("退出"), "\(path) lost sign-out")
                #expect(page.text.contains(#"role="alert""#))
            }
        }
    }

    @Test("Every audit action the code writes has its words on screen, so no history shows a code")
    func everyAuditActionHasATitle() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/App")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }            // The demo writes the same actions, beside usernames that look like them.
            .filter { $0.pathExtension == "swift" && !$0.path.contains("/Demo/") }
        #expect(files.count > 50)
        let literal = try Regex(#""([a-z_]+\.[a-z_]+)""#)
        var actions = Set<String>()
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") where line.contains("AuditLog.") {
                for match in line.matches(of: literal) { actions.insert(String(match.output[1].substring ?? "")) }
            }
        }
        #expect(actions.count > 60, "\(actions.count) actions found")
        let missing = actions.filter { actionTitles[$0] == nil }.sorted()
        #expect(missing.isEmpty, "audit actions without words on screen: \(missing)")
    }

    @Test("ORG-1: unit numbers as offices type them: 、，spaces, ranges, floors × flats")
    func unitNumbers() throws {
        #expect(try UnitNumbers.parse("0101 0102、0103，0104,0105\n0106") == ["0101", "0102", "0103", "0104", "0105", "0106"])
        #expect(try UnitNumbers.parse("0101-0105") == ["0101", "0102", "0103", "0104", "0105"])
        #expect(try UnitNumbers.parse("1-3×01-02") == ["0101", "0102", "0201", "0202", "0301", "0302"])
        #expect(try UnitNumbers.parse("9-10x1-2") == ["0901", "0902", "1001", "1002"])
        #expect(try UnitNumbers.parse("B-1 A12") == ["B-1", "A12"])
        #expect(throws: WuyeError.self) { try UnitNumbers.parse("0110-0101") }
        #expect(throws: WuyeError.self) { try UnitNumbers.parse("1-600") }
    }

    @Test("ORG-1: ranges typed on the admin page become separate units; a repeat names the unit", arguments: TestDatabase.selected)
    func unitsThroughPage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let admin = try await PageSession.signIn(t, as: "admin")
            let building = try #require(try await Building.query(on: t.db).filter(\.$name == "A座").first())
            _ = try await admin.get("/admin/properties/\(building.$property.id)")
            let added = try await admin.post("/admin/buildings/\(building.id!)/units", ["numbers": "4-5×01-02"])
            #expect(added.status == .seeOther)
            #expect(try await Unit.query(on: t.db).filter(\.$building.$id == building.id!).filter(\.$number ~~ ["0401", "0402", "0501", "0502"]).count() == 4)
            let repeated = try await admin.post("/admin/buildings/\(building.id!)/units", ["numbers": "0401 0601"])
            #expect(repeated.status == .conflict)
            #expect(repeated.text.contains("已有房号 0401"))
            #expect(repeated.text.contains("0401 0601"), "the box comes back as typed")
        }
    }

    @Test("ORG-4: a staff member needs at least one property", arguments: TestDatabase.selected)
    func staffNeedsAProperty(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let reply = try await t.api(.POST, "/staff", as: "admin", json: ["username": "no.where", "name": "无项目", "password": "longenough",
                                                                              "rank": "staff", "department": "cleaning"])
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.error?.field == "properties")
            let edit = try await t.editStaff(try await t.staff("qj.yuangong").id!, as: "admin", ["properties": [String]()])
            #expect(edit.status == .unprocessableEntity)
            #expect(edit.error?.field == "properties")
        }
    }

    @Test("ORG-3: everyone changes their own password on the account page, with the current one", arguments: TestDatabase.selected)
    func passwordChange(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let session = try await PageSession.signIn(t, as: "qj.yuangong")
            _ = try await session.get("/account")
            let wrong = try await session.post("/account/password", ["current": "nottheone", "new": "brandnew123", "repeat": "brandnew123"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("当前密码不正确"))
            #expect(!wrong.text.contains("brandnew123"), "passwords are never sent back")
            let differ = try await session.post("/account/password", ["current": DemoData.password, "new": "brandnew123", "repeat": "brandnew124"])
            #expect(differ.text.contains("两次输入的新密码不一致"))
            let done = try await session.post("/account/password", ["current": DemoData.password, "new": "brandnew123", "repeat": "brandnew123"])
            #expect(done.status == .seeOther)
            let fresh = PageSession(t)
            #expect(try await fresh.signIn("qj.yuangong", password: "brandnew123").status == .seeOther)
            try await t.expectChainIntact()
        }
    }

    @Test("QR codes: finder patterns, timing and format information as the standard lays them out")
    func qrStructure() throws {
        let code = try QRCode("https://wuye.example.com/keys/8E121A88-41B2-48C6-994E-AE3B63259FA5")
        #expect(code.size == 17 + 4 * 5, "66 bytes need version 5 at level M")
        let m = code.modules
        for (x, y) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for d in 0..<7 {
                #expect(m[y][x + d] && m[y + 6][x + d] && m[y + d][x] && m[y + d][x + 6], "finder ring at \(x),\(y)")
            }
            #expect(m[y + 3][x + 3] && !m[y + 1][x + 1])
        }
        for i in 8..<(code.size - 8) { #expect(m[6][i] == (i % 2 == 0) && m[i][6] == (i % 2 == 0)) }
        // The two copies of the format information agree, and decode to level M.
        var first = 0, second = 0
        for i in 0...5 { first |= (m[i][8] ? 1 : 0) << i }
        first |= (m[7][8] ? 1 : 0) << 6 | (m[8][8] ? 1 : 0) << 7 | (m[8][7] ? 1 : 0) << 8
        for i in 9...14 { first |= (m[8][14 - i] ? 1 : 0) << i }
        for i in 0...7 { second |= (m[8][code.size - 1 - i] ? 1 : 0) << i }
        for i in 8...14 { second |= (m[code.size - 15 + i][8] ? 1 : 0) << i }
        #expect(first == second)
        #expect(((first ^ 0x5412) >> 13) == 0b00, "error correction level M")
        #expect(throws: QRCode.Failure.self) { try QRCode(String(repeating: "x", count: 300)) }
        #expect(ReedSolomon.remainder([16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17], ecLength: 10)
                == [165, 36, 212, 193, 237, 54, 199, 135, 44, 85], "the standard's worked example (1-M, 01234567)")
    }

    @Test("Chinese names sort and search by pinyin")
    func pinyin() {
        #expect(Pinyin.of("赵丽") == "zhao li")
        #expect(Pinyin.initials("王建国") == "wjg")
        #expect(Pinyin.sorted(["赵丽", "阿明", "陈静", "王建国"], by: { $0 }) == ["阿明", "陈静", "王建国", "赵丽"])
    }
}
