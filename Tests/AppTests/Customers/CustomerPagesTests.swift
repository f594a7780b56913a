@testable import App
import Fluent
import Testing
import Vapor

/// The customer files' pages, through a signed-in session.
@Suite("Customer file pages")
struct CustomerPagesTests {
    @Test("KY-6, CA-1: a key's page names its unit's customers, and each customer's file lists the keys of their units", arguments: TestDatabase.selected)
    func ky6KeysAndResidents(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let tie = try #require(try await CustomerUnit.query(on: t.db).filter(\.$endedOn == nil).filter(\.$relation == .owner).with(\.$customer).first())
            let key = try #require(try await RoomKey.query(on: t.db).filter(\.$unit.$id == tie.$unit.id).first())
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let keyPage = try await session.get("/keys/\(key.id!)")
            #expect(keyPage.status == .ok)
            #expect(keyPage.text.contains("/customers/\(tie.$customer.id)") && keyPage.text.contains(tie.customer.name), "the key page does not name the owner")
            let file = try await session.get("/customers/\(tie.$customer.id)")
            #expect(file.status == .ok && file.text.contains("id=\"customer-facts\""))
            if try await KeyCheckout.query(on: t.db).filter(\.$key.$id == key.id!).count() > 0 {
                #expect(file.text.contains("id=\"unit-keys\"") && file.text.contains(key.tag))
            }
            // Security keeps keys but not files: the key page names nobody to them.
            let guardSession = try await PageSession.signIn(t, as: "ag.yuangong")
            let guardView = try await guardSession.get("/keys/\(key.id!)")
            #expect(guardView.status == .ok && !guardView.text.contains("id=\"residents\""))
            #expect(try await guardSession.get("/customers/\(tie.$customer.id)").status == .forbidden)
        }
    }

    @Test("CA-2: a refused registration comes back as sent with its problem at the field, and nothing is written; the page masks, the reveal shows once", arguments: TestDatabase.selected)
    func ca2FormAsSent(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let session = try await PageSession.signIn(t, as: "kf.yuangong")
            let before = try await t.count(Customer.schema)
            let refused = try await session.post("/properties/\(zc.id!)/customers/new", ["name": "马小玲", "phone": "13822223333", "idType": "resident_id", "idNumber": "440106198503121230"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("value=\"马小玲\"") && refused.text.contains("value=\"13822223333\""), "the refused form lost what was typed")
            #expect(refused.text.contains("f-idNumber-error"))
            #expect(try await t.count(Customer.schema) == before)
            let made = try await session.post("/properties/\(zc.id!)/customers/new", ["name": "马小玲", "phone": "13822223333"])
            #expect(made.status == .seeOther || made.status == .found, "\(made.text.prefix(300))")
            let location = try #require(made.headers.first(name: .location))
            let file = try await session.get(location)
            #expect(file.text.contains("138****3333") && !file.text.contains("13822223333"))
            #expect(!file.text.contains("/reveal"), "a staff member is offered the whole numbers")
            // An edit that leaves the masked boxes empty keeps the numbers.
            let id = try #require(location.split(separator: "/").last.map(String.init))
            let edited = try await session.post("/customers/\(id)/edit", ["version": "1", "name": "马小玲", "phone": "", "note": "只在白天联系"])
            #expect(edited.status == .seeOther || edited.status == .found, "\(edited.text.prefix(300))")
            let stored = try #require(try await Customer.find(UUID(uuidString: id), on: t.db))
            #expect(stored.phone == "13822223333" && stored.note == "只在白天联系")
            let supervisor = try await PageSession.signIn(t, as: "kf.zhuguan")
            let revealed = try await supervisor.post("/customers/\(id)/reveal", [:])
            #expect(revealed.status == .ok && revealed.text.contains("13822223333"))
            #expect(!(try await supervisor.get("/customers/\(id)")).text.contains("13822223333"))
        }
    }

    @Test("X-1: the files export masked for those who read them, whole only for a manager, and the whole export is recorded; an export reads back in the import", arguments: TestDatabase.selected)
    func x1Export(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let customer = try #require(try await Customer.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$phone != nil).first())
            let phone = try #require(customer.phone)
            let events = try await t.count(AuditEvent.schema)
            let staff = try await PageSession.signIn(t, as: "kf.yuangong")
            let masked = try await staff.get("/properties/\(zc.id!)/customers.csv")
            #expect(masked.status == .ok && masked.headers.contentType?.subType == "csv")
            #expect(masked.text.contains(customer.name) && !masked.text.contains(phone) && masked.text.contains(Mask.phone(phone)!))
            #expect(try await t.count(AuditEvent.schema) == events)
            let manager = try await PageSession.signIn(t, as: "kf.jingli")
            let whole = try await manager.get("/properties/\(zc.id!)/customers.csv")
            #expect(whole.text.contains(phone))
            #expect(try await t.count(AuditEvent.schema) == events + 1)
            let lines = whole.text.split(separator: "\r\n")
            // A line per unit each customer is at, or one for a customer at none.
            let customers = try await Customer.query(on: t.db).filter(\.$property.$id == zc.id!).all()
            let open = Dictionary(grouping: try await CustomerUnit.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$endedOn == nil).all(), by: \.$customer.id)
            let expected: Int = customers.reduce(1) { total, customer in total + max(1, open[customer.id!]?.count ?? 0) }
            #expect(lines.count == expected)
            // The export's headings are the import's: every column is recognised.
            let headings = CSV.rows(String(whole.text.dropFirst())).first ?? []
            #expect(CustomerImportRules.mapping(headings: headings).count == 15, "\(headings)")
            #expect(try await staff.get("/properties/\((try await t.property("YW")).id!)/customers.csv").status == .forbidden)
            // Read back: every row is someone on file already, none refused, nobody added.
            let count = try await t.count(Customer.schema)
            let uploaded = try await t.api(.POST, "/properties/\(zc.id!)/customer-imports", as: "kf.jingli", json: ["fileName": "export.csv", "content": String(whole.text.dropFirst())])
            let importID = try #require(try uploaded.json()["id"] as? String, "\(uploaded.text.prefix(300))")
            _ = try await t.api(.POST, "/customer-imports/\(importID)/start", as: "kf.jingli")
            var result: [String: Any] = [:]
            for _ in 0..<200 {
                result = try await t.api(.GET, "/customer-imports/\(importID)", as: "kf.jingli").json()
                if result["status"] as? String == "finished" { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(result["failed"] as? Int == 0 && result["imported"] as? Int == 0, "\((result["problems"] as? [[String: Any]])?.prefix(3) ?? [])")
            #expect(try await t.count(Customer.schema) == count)
        }
    }
}

