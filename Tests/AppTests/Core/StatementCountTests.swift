@testable import App
import Fluent
import Testing
import Vapor

/// How many statements the busiest requests send to the database, printed
/// for the record (a debug counter: `X-DB-Statements`, outside production)
/// and held under a budget so a change that adds round trips shows.
@Suite("Statements per request")
struct StatementCountTests {
    static func statements(_ reply: TestApp.Reply) -> Int { Int(reply.headers.first(name: "X-DB-Statements") ?? "") ?? -1 }

    /// Budgets are for a process that has served the request before (its
    /// caches of properties and of the audit chain's head are warm).
    @Test("The checkout, the return, the key list and the cabinet page stay within their statement budgets", arguments: TestDatabase.selected)
    func budgets(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let key = try await t.idleKey()
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            var figures: [(String, Int, Int)] = []
            for round in 1...2 {
                let issued = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: [
                    "borrowerKind": "outsider", "borrowerName": "压测", "borrowerPhone": "13800000000", "borrowerIDNumber": "440106198001011234",
                    "purpose": "bench", "expectedReturnAt": inHours(1), "signature": DemoData.demoSignature])
                #expect(issued.status == .created)
                let checkoutID = try #require(try issued.json()["id"] as? String)
                let returned = try await t.api(.POST, "/checkouts/\(checkoutID)/return", as: "kf.lingban", json: ["condition": "good"])
                #expect(returned.status == .ok)
                let list = try await t.api(.GET, "/properties/\(zc.id!)/keys", as: "kf.lingban")
                let page = try await session.get("/properties/\(zc.id!)/keys")
                #expect(page.status == .ok)
                let health = try await t.request(.GET, "/healthz")
                if round == 2 {
                    // ZC has more keys than a page shows, so both lists also count them (`SQLDatabase.page`).
                    // The cabinet page also says who holds the cabinet now (KY-3): one statement more.
                    figures = [("checkout (outsider, signed)", Self.statements(issued), 7), ("return", Self.statements(returned), 7),
                               ("JSON key list", Self.statements(list), 3), ("cabinet page", Self.statements(page), 7), ("/healthz", Self.statements(health), 1)]
                }
            }
            for (name, count, budget) in figures {
                print("statements per request [\(database)]: \(name): \(count) (budget \(budget))")
                #expect(count >= 1 && count <= budget, "\(name): \(count) statements, budget \(budget)")
            }
        }
    }
}
