@testable import App
import Fluent
import Testing
import Vapor

/// Customer files (篇5) through real HTTP on a real database.
@Suite("Customer files (CA-1…CA-3)")
struct CustomerFilesTests {
    /// A valid resident ID number (its check digit computed).
    static func residentID(_ seventeen: String = "44010619850312123") -> String { seventeen + String(CustomerRules.residentIDCheck(seventeen)) }

    static func unit(_ t: TestApp, _ code: String = "ZC", skip: Int = 0) async throws -> App.Unit {
        let property = try await t.property(code)
        return try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == property.id!).sort(\.$number).offset(skip).first())
    }

    func register(_ t: TestApp, as user: String = "kf.yuangong", property code: String = "ZC", _ body: [String: Any]) async throws -> TestApp.Reply {
        let property = try await t.property(code)
        return try await t.api(.POST, "/properties/\(property.id!)/customers", as: user, json: body)
    }

    func footprint(_ t: TestApp) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [Customer.schema, CustomerUnit.schema, CustomerDocument.schema, "customer_search_terms", AuditEvent.schema, Attachment.schema] { counts[table] = try await t.count(table) }
        return counts
    }

    @Test("CA-1: a customer is registered at a unit; answers mask the phone and ID number; the file has its history", arguments: TestDatabase.selected)
    func ca1Register(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let unit = try await Self.unit(t, skip: 3)
            let reply = try await register(t, ["name": "欧阳娜娜", "phone": "13912345678", "idType": "resident_id", "idNumber": Self.residentID(),
                                               "unitID": unit.id!.uuidString, "relation": "owner", "since": "2024-06-01",
                                               "emergencyName": "欧阳明", "emergencyPhone": "13800000001", "emergencyRelation": "父亲"])
            #expect(reply.status == .created, "\(reply.text)")
            let file = try reply.json()
            #expect(file["phone"] as? String == "139****5678")
            #expect((file["idNumber"] as? String)?.hasPrefix("4401") == true && (file["idNumber"] as? String)?.contains("**********") == true)
            #expect(file["emergencyPhone"] as? String == "138****0001")
            #expect(!reply.text.contains("13912345678") && !reply.text.contains(Self.residentID()))
            let units = try #require(file["units"] as? [[String: Any]])
            #expect(units.count == 1 && units[0]["relation"] as? String == "owner" && units[0]["since"] as? String == "2024-06-01")
            let history = try #require(file["history"] as? [[String: Any]])
            #expect(history.map { $0["action"] as? String } == ["customer.registered", "customer.moved_in"])
            // The chain keeps fingerprints of the numbers, never the numbers.
            #expect(!(history[0]["after"] as? String ?? "").contains("13912345678"))
            try await t.expectChainIntact()
        }
    }

    @Test("CA-2: a mistyped resident ID number, an ID number without its type, a customer with no phone, ID or unit: refused naming the field, nothing written", arguments: TestDatabase.selected)
    func ca2BadParticulars(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let before = try await footprint(t)
            var wrong = Self.residentID()
            wrong.removeLast()
            wrong += wrong.last == "1" ? "2" : "1"
            for (body, status, field, rule) in [
                (["name": "王五", "idType": "resident_id", "idNumber": wrong], HTTPResponseStatus.unprocessableEntity, "idNumber", "CA-2"),
                (["name": "王五", "idType": "resident_id", "idNumber": "44010619851332123X"], .unprocessableEntity, "idNumber", "CA-2"),
                (["name": "王五", "idNumber": Self.residentID()], .badRequest, "idType", "CA-2"),
                (["name": "王五"], .unprocessableEntity, "phone", "CA-1"),
                (["phone": "13900000000"], .badRequest, "name", "CA-1"),
                (["name": "王五", "phone": "13900000000", "emergencyName": "王六"], .badRequest, "emergencyPhone", "CA-2"),
                (["name": "王五", "phone": "13900000000", "unitID": UUID().uuidString, "relation": "owner"], .notFound, "unitID", nil),
                (["name": "王五", "phone": "13900000000", "unitID": try await Self.unit(t).id!.uuidString], .badRequest, "relation", "CA-1"),
                (["name": "王五", "phone": "1390000000\u{7}"], .badRequest, "phone", "CA-2"),
            ] as [([String: Any], HTTPResponseStatus, String, String?)] {
                let reply = try await register(t, body)
                #expect(reply.status == status, "\(body): \(reply.text)")
                #expect(reply.error?.field == field, "\(body): \(reply.text)")
                if let rule { #expect(reply.error?.rule == rule, "\(body): \(reply.text)") }
            }
            // Another property's unit is not found from here (ORG-4).
            let other = try await register(t, ["name": "王五", "phone": "13900000000", "unitID": try await Self.unit(t, "YW").id!.uuidString, "relation": "owner"])
            #expect(other.status == .notFound && other.error?.field == "unitID", "\(other.text)")
            #expect(try await footprint(t) == before)
        }
    }

    @Test("CA-1: the same person is one file — entered twice, or by twenty people at once", arguments: TestDatabase.selected)
    func ca1OneFilePerPerson(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let id = Self.residentID("11010519491231002")
            let first = try await register(t, ["name": "钱学森", "idType": "resident_id", "idNumber": id])
            #expect(first.status == .created, "\(first.text)")
            let again = try await register(t, ["name": "钱学森", "idType": "resident_id", "idNumber": id.lowercased(), "phone": "13700000000"])
            #expect(again.status == .conflict && again.error?.rule == "CA-1", "\(again.text)")
            // Name and phone identify one without an ID document.
            let racers = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask { try await register(t, as: index % 2 == 0 ? "kf.yuangong" : "kf.yuangong2", ["name": "林 小 雨", "phone": "137-0000-1111"]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(racers.filter { $0 == .created }.count == 1, "\(racers)")
            #expect(racers.filter { $0 == .conflict }.count == 19, "\(racers)")
            let property = try await t.property("ZC")
            #expect(try await Customer.query(on: t.db).filter(\.$property.$id == property.id!).filter(\.$name == "林 小 雨").count() == 1)
            // Another property keeps its own files: the same person may be a customer there too.
            let elsewhere = try await register(t, as: "kf.jingli", property: "YW", ["name": "钱学森", "idType": "resident_id", "idNumber": id])
            #expect(elsewhere.status == .created, "\(elsewhere.text)")
            try await t.expectChainIntact()
        }
    }

    @Test("CA-3: found by part of the name, pinyin initials or syllables, the phone's or ID's last digits, or the unit — and only at its own property", arguments: TestDatabase.selected)
    func ca3Search(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let unit = try await Self.unit(t, skip: 5)
            let label = try await UnitLabel.of(unitID: unit.id!, on: t.db)
            let made = try await register(t, ["name": "欧阳娜娜", "phone": "13912345678", "idType": "passport", "idNumber": "E12345678",
                                              "unitID": unit.id!.uuidString, "relation": "tenant"])
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(try made.json()["id"] as? String)
            let zc = try await t.property("ZC"), yw = try await t.property("YW")
            func found(_ q: String, at property: UUID? = nil, as user: String = "kf.yuangong") async throws -> [String] {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let reply = try await t.api(.GET, "/properties/\(property ?? zc.id!)/customers?q=\(encoded)&per=100", as: user)
                #expect(reply.status == .ok, "\(q): \(reply.text)")
                return (try reply.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            for q in ["欧阳娜娜", "娜娜", "阳娜", "oynn", "ouyang", "OYNN", "5678", "678", "5678 ", "139-1234-5678", "E12345678", unit.number, label] {
                #expect(try await found(q).contains(id), "\(q) should find 欧阳娜娜")
            }
            // Several words narrow: each must match.
            #expect(try await found("娜娜 5678").contains(id))
            #expect(try await found("oynn e12345678").contains(id))
            #expect(try await !found("娜娜 4321").contains(id))
            // Nothing between the four digits the mask shows and the whole number: the hidden digits cannot be found one by one.
            for q in ["娜娜欧", "1234", "oyx", "zz", "45678", "345678", "12345678", "1391234567"] {
                #expect(try await !found(q).contains(id), "\(q) should not find 欧阳娜娜")
            }
            #expect(try await found("欧阳娜娜", at: yw.id!, as: "kf.jingli").isEmpty)
            // The list masks what it shows.
            let list = try await t.api(.GET, "/properties/\(zc.id!)/customers?q=5678", as: "kf.yuangong")
            #expect(!list.text.contains("13912345678") && list.text.contains("139****5678"))
            // Moving out takes the unit out of what finds them; the name still does.
            let tieID = try #require(((try made.json()["units"] as? [[String: Any]])?.first?["id"]) as? String)
            let ended = try await t.api(.POST, "/customer-units/\(tieID)/end", as: "kf.yuangong", json: ["endedOn": "2026-11-29"])
            #expect(ended.status == .ok, "\(ended.text)")
            #expect(try await !found(label).contains(id))
            #expect(try await found("娜娜").contains(id))
        }
    }

    @Test("CA-2: moving out ends the tie once, not before it began; the household's changes stay in the file", arguments: TestDatabase.selected)
    func ca2MoveOut(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let unit = try await Self.unit(t, skip: 7)
            let made = try await register(t, ["name": "周杰", "phone": "13600001111", "unitID": unit.id!.uuidString, "relation": "member", "since": "2025-01-10"])
            let customerID = try #require(try made.json()["id"] as? String)
            let tieID = try #require(((try made.json()["units"] as? [[String: Any]])?.first?["id"]) as? String)
            let early = try await t.api(.POST, "/customer-units/\(tieID)/end", as: "kf.yuangong", json: ["endedOn": "2025-01-09"])
            #expect(early.status == .unprocessableEntity && early.error?.field == "endedOn" && early.error?.rule == "CA-2", "\(early.text)")
            let ended = try await t.api(.POST, "/customer-units/\(tieID)/end", as: "kf.yuangong", json: ["endedOn": "2025-08-31"])
            #expect(try ended.status == .ok && ended.json()["endedOn"] as? String == "2025-08-31", "\(ended.text)")
            let twice = try await t.api(.POST, "/customer-units/\(tieID)/end", as: "kf.yuangong", json: [:])
            #expect(twice.status == .conflict && twice.error?.rule == "CA-2", "\(twice.text)")
            // Back at the same unit later: a new tie, the old one kept.
            let back = try await t.api(.POST, "/customers/\(customerID)/units", as: "kf.yuangong", json: ["unitID": unit.id!.uuidString, "relation": "owner"])
            #expect(back.status == .created, "\(back.text)")
            let again = try await t.api(.POST, "/customers/\(customerID)/units", as: "kf.yuangong", json: ["unitID": unit.id!.uuidString, "relation": "tenant"])
            #expect(again.status == .conflict && again.error?.field == "unitID", "\(again.text)")
            let file = try await t.api(.GET, "/customers/\(customerID)", as: "kf.yuangong")
            let units = try #require(try file.json()["units"] as? [[String: Any]])
            #expect(units.count == 2 && units.filter { $0["endedOn"] == nil }.count == 1, "\(units)")
            try await t.expectChainIntact()
        }
    }

    @Test("CA-2, CA-3: documents are registered with what their kind needs, and a correction names an entry of the same file", arguments: TestDatabase.selected)
    func ca3Documents(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let made = try await register(t, ["name": "吴敏", "phone": "13600002222"])
            let customerID = try #require(try made.json()["id"] as? String)
            let other = try #require(try await CustomerDocument.query(on: t.db).first())
            let before = try await footprint(t)
            for (body, status, field) in [
                (["kind": "payment", "title": "物业费", "dated": "2026-11-01"], HTTPResponseStatus.badRequest, "amountYuan"),
                (["kind": "payment", "title": "物业费", "dated": "2026-11-01", "amountYuan": "12.345"], .badRequest, "amountYuan"),
                (["kind": "renovation", "title": "装修图", "dated": "2026-11-01", "amountYuan": "10"], .unprocessableEntity, "amountYuan"),
                (["kind": "letter_in", "title": "业主来函", "dated": "2026-11-01"], .badRequest, "referenceNo"),
                (["kind": "letter_in", "title": "业主来函", "dated": "2026-02-30", "referenceNo": "L-1"], .badRequest, "dated"),
                (["kind": "other", "title": "说明", "dated": "2026-11-01", "retainUntil": "2026-10-01"], .unprocessableEntity, "retainUntil"),
                (["kind": "other", "title": "说明", "dated": "2026-11-01", "correctsID": other.id!.uuidString], .notFound, "correctsID"),
                (["title": "说明", "dated": "2026-11-01"], .badRequest, "kind"),
            ] as [([String: Any], HTTPResponseStatus, String)] {
                let reply = try await t.api(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong", json: body)
                #expect(reply.status == status && reply.error?.field == field, "\(body): \(reply.text)")
            }
            #expect(try await footprint(t) == before)
            let paid = try await t.api(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong",
                                       json: ["kind": "deposit", "title": "装修押金", "dated": "2026-11-01", "amountYuan": "3,000.5", "referenceNo": "SJ-001"])
            #expect(try paid.status == .created && paid.json()["amountFen"] as? Int == 300_050, "\(paid.text)")
            let paidID = try #require(try paid.json()["id"] as? String)
            let fixed = try await t.api(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong",
                                        json: ["kind": "deposit", "title": "装修押金（更正金额）", "dated": "2026-11-01", "amountYuan": "3000", "correctsID": paidID])
            #expect(try fixed.status == .created && (fixed.json()["correctsID"] as? String)?.lowercased() == paidID.lowercased(), "\(fixed.text)")
            let file = try await t.api(.GET, "/customers/\(customerID)", as: "wy.jingli")
            #expect((try file.json()["documents"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("CA-2, X-1: an ID document is filed with its scans (images or PDF); opening a scan is for those who may see whole numbers, and is recorded", arguments: TestDatabase.selected)
    func ca2Scans(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let made = try await register(t, ["name": "郭靖", "phone": "13512349999"])
            let customerID = try #require(try made.json()["id"] as? String)
            let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let png = DemoPhoto.png(width: 16, height: 16)
            let body: [String: Any] = ["kind": "id_document", "title": "身份证正反面", "dated": "2026-11-01",
                                       "scans": ["data:application/pdf;base64," + Data(pdf).base64EncodedString(), "data:image/png;base64," + Data(png).base64EncodedString()]]
            let before = try await footprint(t)
            let fake = try await t.api(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong",
                                       json: body.merging(["scans": ["data:application/pdf;base64," + Data("<html>".utf8).base64EncodedString()]]) { $1 })
            #expect(fake.status == .unprocessableEntity && fake.error?.field == "scans.0" && fake.error?.rule == "CA-2", "\(fake.text)")
            #expect(try await footprint(t) == before)
            let filed = try await t.api(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong", json: body)
            #expect(filed.status == .created, "\(filed.text)")
            let paths = try #require(try filed.json()["scans"] as? [String])
            #expect(paths.count == 2)
            let documentText = try #require(try filed.json()["id"] as? String)
            let documentID = try #require(UUID(uuidString: documentText))
            let events = try await t.count(AuditEvent.schema)
            let clerk = try await t.api(.GET, String(paths[0].dropFirst("/api/v1".count)), as: "kf.yuangong")
            #expect(clerk.status == .forbidden)
            #expect(try await t.count(AuditEvent.schema) == events)
            let shown = try await t.api(.GET, String(paths[0].dropFirst("/api/v1".count)), as: "kf.zhuguan")
            #expect(shown.status == .ok && shown.headers.contentType?.description == "application/pdf" && Array(shown.body) == pdf, "\(shown.status) \(shown.text.prefix(200))")
            let image = try await t.api(.GET, String(paths[1].dropFirst("/api/v1".count)), as: "kf.zhuguan")
            #expect(image.headers.contentType?.description == "image/png" && Array(image.body) == png)
            let history = try await AuditLog.history(recordType: CustomerDocument.auditType, recordID: documentID, on: t.db)
            #expect(history.filter { $0.action == "personal_data.shown" }.count == 2)
            // Another document's scan is not reached through this one.
            let other = try #require(try await CustomerDocument.query(on: t.db).filter(\.$id != documentID).first())
            let scanID = try #require(paths[0].split(separator: "/").last)
            #expect(try await t.api(.GET, "/customer-documents/\(other.id!)/scans/\(scanID)", as: "kf.zhuguan").status == .notFound)
            // The file page links the scans for a supervisor and only counts them for a clerk.
            let supervisor = try await PageSession.signIn(t, as: "kf.zhuguan")
            #expect(try await supervisor.get("/customers/\(customerID)").text.contains("/customer-documents/\(documentID)/scans/"))
            let page = try await PageSession.signIn(t, as: "kf.yuangong")
            let clerkFile = try await page.get("/customers/\(customerID)")
            #expect(clerkFile.text.contains("扫描件 2 份") && !clerkFile.text.contains("/scans/"))
            try await t.expectChainIntact()
        }
    }

    @Test("X-1: whole numbers are shown only to a customer-service supervisor or a manager, and each showing is recorded", arguments: TestDatabase.selected)
    func x1Reveal(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let made = try await register(t, ["name": "黄蓉", "phone": "13512340000", "idType": "resident_id", "idNumber": Self.residentID()])
            let customerID = try #require(try made.json()["id"] as? String)
            let events = try await t.count(AuditEvent.schema)
            for user in ["kf.yuangong", "kf.lingban", "ag.zhuguan", "gc.lingban"] {
                let refused = try await t.api(.POST, "/customers/\(customerID)/personal-data", as: user)
                #expect(refused.status == .forbidden, "\(user): \(refused.text)")
            }
            #expect(try await t.count(AuditEvent.schema) == events)
            let shown = try await t.api(.POST, "/customers/\(customerID)/personal-data", as: "kf.zhuguan")
            #expect(shown.status == .ok, "\(shown.text)")
            #expect(try shown.json()["phone"] as? String == "13512340000" && shown.json()["idNumber"] as? String == Self.residentID())
            let history = try await AuditLog.history(recordType: Customer.auditType, recordID: try #require(UUID(uuidString: customerID)), on: t.db)
            #expect(history.last?.action == "personal_data.shown" && history.last?.actorName == "张敏")
            try await t.expectChainIntact()
        }
    }

    @Test("CA-2: an edit names the version it started from; absent fields keep their value, empty ones clear it", arguments: TestDatabase.selected)
    func ca2Edit(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let made = try await register(t, ["name": "郭靖", "phone": "13511112222", "note": "行动不便，来访请提前电话"])
            let customerID = try #require(try made.json()["id"] as? String)
            let edited = try await t.api(.PATCH, "/customers/\(customerID)", as: "kf.yuangong", json: ["version": 1, "otherContact": "wx_guojing", "note": ""])
            #expect(edited.status == .ok, "\(edited.text)")
            let stored = try #require(try await Customer.find(UUID(uuidString: customerID), on: t.db))
            #expect(stored.phone == "13511112222" && stored.otherContact == "wx_guojing" && stored.note == nil && stored.version == 2)
            let stale = try await t.api(.PATCH, "/customers/\(customerID)", as: "kf.yuangong2", json: ["version": 1, "name": "郭大侠"])
            #expect(stale.status == .conflict && stale.error?.field == "version", "\(stale.text)")
            // A new phone is a new way to find them; the old one no longer is.
            let phoned = try await t.api(.PATCH, "/customers/\(customerID)", as: "kf.yuangong", json: ["version": 2, "phone": "13599990000"])
            #expect(phoned.status == .ok, "\(phoned.text)")
            let zc = try await t.property("ZC")
            let byNew = try await t.api(.GET, "/properties/\(zc.id!)/customers?q=13599990000", as: "kf.yuangong")
            let byOld = try await t.api(.GET, "/properties/\(zc.id!)/customers?q=13511112222", as: "kf.yuangong")
            #expect(byNew.text.contains(customerID.lowercased()) || byNew.text.contains(customerID))
            #expect(!byOld.text.contains(customerID.lowercased()) && !byOld.text.contains(customerID))
        }
    }

    @Test("CA-3: who may read and who may change the files", arguments: TestDatabase.selected)
    func ca3Permissions(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            for (user, status) in [("kf.yuangong", HTTPResponseStatus.ok), ("wy.zhuguan", .ok), ("wy.jingli", .ok), ("leader", .ok),
                                   ("ag.yuangong", .forbidden), ("gc.lingban", .forbidden), ("qj.yuangong", .forbidden)] {
                let reply = try await t.api(.GET, "/properties/\(zc.id!)/customers", as: user)
                #expect(reply.status == status, "\(user): \(reply.text.prefix(200))")
            }
            for user in ["wy.zhuguan", "ag.zhuguan", "leader"] {
                let reply = try await register(t, as: user, ["name": "不应登记", "phone": "13000000000"])
                #expect(reply.status == .forbidden && reply.error?.rule == "CA-3", "\(user): \(reply.text)")
            }
        }
    }

    @Test("CA-2 rules: resident ID check digits and birth days; yuan to fen")
    func ca2Rules() {
        #expect(CustomerRules.isValidResidentID("11010519491231002X"))
        #expect(CustomerRules.isValidResidentID("11010519491231002x"))
        #expect(!CustomerRules.isValidResidentID("110105194912310021"))
        #expect(!CustomerRules.isValidResidentID(Self.residentID("44010619850230123")))   // 30 February
        #expect(CustomerRules.isValidResidentID(Self.residentID("44010620000229123")))    // a leap day
        #expect(!CustomerRules.isValidResidentID("1101051949123100"))
        #expect(CustomerRules.fen(fromYuan: "1,280.5") == 128_050)
        #expect(CustomerRules.fen(fromYuan: "0.05") == 5)
        #expect(CustomerRules.fen(fromYuan: "12.345") == nil)
        #expect(CustomerRules.fen(fromYuan: "-1") == nil)
        #expect(CustomerRules.yuan(128_050) == "1280.50")
        #expect(SearchIndex.probes(for: "5678").contains("p8765"))
        #expect(SearchIndex.probes(for: "45678").allSatisfy { !$0.hasPrefix("p") && !$0.hasPrefix("i") })
        #expect(SearchIndex.probes(for: "- -").isEmpty)
        #expect(Mask.phone("88881234") == "****1234" && Mask.idNumber("A1234567") == "****4567" && Mask.idNumber("E12345678") == "*****5678")
        #expect(SearchIndex.probes(for: "赵丽") == ["n赵丽", "u赵丽"])
    }
}
