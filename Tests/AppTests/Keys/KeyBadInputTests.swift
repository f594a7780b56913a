@testable import App
import Fluent
import Testing
import Vapor

/// Bad input at every key endpoint: a clear 4xx naming the field and rule,
/// and nothing written — no row, no audit event.
@Suite("Key cabinet: bad input writes nothing")
struct KeyBadInputTests {
    struct Case: Sendable {
        let name: String
        let method: HTTPMethod
        let path: @Sendable (Fixture) -> String
        let json: [String: any Sendable]?
        let raw: String?
        let as_: String
        let status: HTTPResponseStatus
        let field: String?
        let rule: String?

        init(_ name: String, _ method: HTTPMethod, _ path: @escaping @Sendable (Fixture) -> String, json: [String: any Sendable]? = nil, raw: String? = nil,
             as user: String = "kf.lingban", _ status: HTTPResponseStatus, field: String? = nil, rule: String? = nil) {
            self.name = name; self.method = method; self.path = path; self.json = json; self.raw = raw; self.as_ = user
            self.status = status; self.field = field; self.rule = rule
        }
    }

    struct Fixture: Sendable {
        let key: UUID, outKey: UUID, closedCheckout: UUID, openCheckout: UUID, otherPropertyKey: UUID, unit: UUID, borrower: UUID, lockChange: UUID, propertyOf: UUID
    }

    static let later = inHours(2)

    static let cases: [Case] = [
        Case("missing purpose", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "expectedReturnAt": later], .badRequest, field: "purpose", rule: "KY-2"),
        Case("missing expected return", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x"], .badRequest, field: "expectedReturnAt", rule: "KY-2"),
        Case("missing borrower", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerKind": "staff", "purpose": "x", "expectedReturnAt": later], .badRequest, field: "borrowerStaffID", rule: "KY-2"),
        Case("purpose of the wrong type", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": 42, "expectedReturnAt": later], .badRequest, field: "purpose"),
        Case("unreadable date", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": "tomorrow"], .badRequest, field: "expectedReturnAt"),
        Case("return time in the past", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": inHours(-1)], .unprocessableEntity, field: "expectedReturnAt", rule: "KY-2"),
        Case("loan over 30 days", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": inHours(24 * 31)], .unprocessableEntity, field: "expectedReturnAt", rule: "KY-2"),
        Case("unknown borrower", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": UUID().uuidString, "purpose": "x", "expectedReturnAt": later], .notFound, field: "borrowerStaffID"),
        Case("malformed borrower id", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "not-a-uuid", "purpose": "x", "expectedReturnAt": later], .badRequest, field: "borrowerStaffID"),
        Case("outsider with a bad ID number", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerKind": "outsider", "borrowerName": "林工", "borrowerPhone": "13987654321", "borrowerIDNumber": "12", "purpose": "x", "expectedReturnAt": later, "signature": DemoData.demoSignature], .unprocessableEntity, field: "borrowerIDNumber", rule: "KY-2"),
        Case("outsider with a bad phone", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerKind": "outsider", "borrowerName": "林工", "borrowerPhone": "abc", "borrowerIDNumber": "440104198505052345", "purpose": "x", "expectedReturnAt": later, "signature": DemoData.demoSignature], .badRequest, field: "borrowerPhone", rule: "KY-2"),
        Case("signature that is not an image", .POST, { "/keys/\($0.key)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": later, "signature": "<svg onload=alert(1)>"], .badRequest, field: "signature", rule: "X-1"),
        Case("body that is not JSON", .POST, { "/keys/\($0.key)/checkouts" }, raw: "{purpose:", .badRequest),
        Case("unknown key", .POST, { _ in "/keys/\(UUID())/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": later], .notFound, field: "keyID"),
        Case("malformed key id", .POST, { _ in "/keys/12345/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": later], .badRequest, field: "keyID"),
        Case("other property's key", .POST, { "/keys/\($0.otherPropertyKey)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": later], .forbidden, rule: "ORG-4"),
        Case("issuing a key that is out", .POST, { "/keys/\($0.outKey)/checkouts" }, json: ["borrowerStaffID": "B", "purpose": "x", "expectedReturnAt": later], .conflict, field: "keyID", rule: "KY-7"),
        Case("returning a key that is not out", .POST, { "/checkouts/\($0.closedCheckout)/return" }, json: ["condition": "good"], .conflict, rule: "KY-7"),
        Case("unknown return condition", .POST, { "/checkouts/\($0.openCheckout)/return" }, json: ["condition": "bent"], .badRequest, field: "condition", rule: "KY-4"),
        Case("returning an unknown checkout", .POST, { _ in "/checkouts/\(UUID())/return" }, json: ["condition": "good"], .notFound, field: "checkoutID"),
        Case("withdrawing without a reason", .POST, { "/keys/\($0.key)/withdraw" }, json: [:], .badRequest, field: "reason", rule: "KY-4"),
        Case("withdrawing a key that is out", .POST, { "/keys/\($0.outKey)/withdraw" }, json: ["reason": "坏了"], as: "kf.yuangong", .conflict, rule: "KY-4"),
        Case("reporting a loss without a reason", .POST, { "/keys/\($0.key)/report-loss" }, json: ["reason": ""], .badRequest, field: "reason", rule: "KY-5"),
        Case("spare release for a room key", .POST, { "/keys/\($0.key)/spare-releases" }, json: ["reason": "业主委托"], .unprocessableEntity, field: "keyID", rule: "KY-6"),
        Case("confirming an unknown release", .POST, { _ in "/spare-releases/\(UUID())/confirm" }, as: "ag.yuangong", .notFound, field: "releaseID"),
        Case("registering keys with no tags", .POST, { "/units/\($0.unit)/keys" }, json: ["keys": [[String: String]]()], as: "kf.zhuguan", .badRequest, field: "keys", rule: "KY-1"),
        Case("lock change for a key that is not damaged", .POST, { "/keys/\($0.key)/lock-changes" }, json: ["reason": "想换"], as: "kf.zhuguan", .conflict, field: "keyID", rule: "KY-5"),
        Case("lock change without a reason", .POST, { "/keys/\($0.key)/lock-changes" }, json: [:], as: "kf.zhuguan", .badRequest, field: "reason", rule: "KY-5"),
        Case("completing an unknown lock change", .POST, { _ in "/lock-changes/\(UUID())/complete" }, json: ["keys": [["tag": "N", "hook": "1"]]], as: "kf.zhuguan", .notFound, field: "lockChangeID"),
        Case("completing a lock change without keys", .POST, { "/lock-changes/\($0.lockChange)/complete" }, json: ["keys": [[String: String]]()], as: "kf.zhuguan", .badRequest, field: "keys", rule: "KY-5"),
        Case("new keys with a repeated tag", .POST, { "/lock-changes/\($0.lockChange)/complete" }, json: ["keys": [["tag": "N-1", "hook": "1"], ["tag": "N-1", "hook": "2"]]], as: "kf.zhuguan", .conflict, field: "keys.1.tag", rule: "KY-1"),
        Case("new key without a hook", .POST, { "/lock-changes/\($0.lockChange)/complete" }, json: ["keys": [["tag": "N-1"]]], as: "kf.zhuguan", .badRequest, field: "keys.0.hook", rule: "KY-1"),
        Case("new key of an unknown kind", .POST, { "/lock-changes/\($0.lockChange)/complete" }, json: ["keys": [["tag": "N-1", "hook": "1", "kind": "copy"]]], as: "kf.zhuguan", .badRequest, field: "keys.0.kind", rule: "KY-5"),
        Case("confirming an unknown checkout", .POST, { _ in "/checkouts/\(UUID())/confirm" }, as: "kf.yuangong", .notFound, field: "checkoutID"),
        Case("showing an unknown checkout's personal data", .POST, { _ in "/checkouts/\(UUID())/personal-data" }, as: "kf.zhuguan", .notFound, field: "checkoutID"),
        Case("key list with an unknown status", .GET, { "/properties/\($0.propertyOf)/keys?status=gone" }, .badRequest, field: "status"),
        Case("key list page size too large", .GET, { "/properties/\($0.propertyOf)/keys?per=5000" }, .badRequest, field: "per"),
        Case("ledger with an unreadable date", .GET, { "/properties/\($0.propertyOf)/checkouts?from=yesterday" }, .badRequest, field: "from"),
        Case("ledger running backwards", .GET, { "/properties/\($0.propertyOf)/checkouts?from=2026-11-29&to=2026-11-01" }, .unprocessableEntity, field: "from"),
        Case("key list of an unknown property", .GET, { _ in "/properties/\(UUID())/keys?status=gone" }, .notFound, field: "propertyID"),
        Case("unknown key", .GET, { _ in "/keys/\(UUID())" }, .notFound, field: "keyID"),
    ]

    @Test("Each bad request is refused with its field and rule, and writes nothing", arguments: TestDatabase.selected)
    func badInput(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let outKey = try await t.idleKey(skip: 1)
            let borrower = try await t.staff("kf.yuangong").id!
            let open = try await t.api(.POST, "/keys/\(outKey.id!)/checkouts", as: "kf.lingban", json: ["borrowerStaffID": borrower.uuidString, "purpose": "x", "expectedReturnAt": inHours(2)])
            let openText = try #require(try open.json()["id"] as? String)
            let openID = try #require(UUID(uuidString: openText))
            let closed = try #require(try await KeyCheckout.query(on: t.db).filter(\.$returnedAt != nil).first())
            let other = try await t.idleKey(property: "YW")
            let lockChange = try #require(try await LockChange.query(on: t.db).first())
            let fixture = Fixture(key: key.id!, outKey: outKey.id!, closedCheckout: closed.id!, openCheckout: openID, otherPropertyKey: other.id!, unit: outKey.$unit.id,
                                  borrower: borrower, lockChange: lockChange.id!, propertyOf: key.$property.id)

            for item in Self.cases {
                let before = try await t.footprint()
                var json = item.json
                if json?["borrowerStaffID"] as? String == "B" { json?["borrowerStaffID"] = borrower.uuidString }
                let reply = try await t.api(item.method, item.path(fixture), as: item.as_, json: json, raw: item.raw)
                #expect(reply.status == item.status, "\(item.name): \(reply.status.code) \(reply.text)")
                let error = reply.error
                #expect(error != nil && !(error!.message.isEmpty), "\(item.name): no error message")
                if let field = item.field { #expect(error?.field == field, "\(item.name): field \(error?.field ?? "nil")") }
                if let rule = item.rule { #expect(error?.rule == rule, "\(item.name): rule \(error?.rule ?? "nil")") }
                #expect(try await t.footprint() == before, "\(item.name) wrote something")
            }
            try await t.expectChainIntact()
        }
    }

    @Test("Errors speak the caller's language", arguments: TestDatabase.selected)
    func errorLanguage(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let zh = try await t.api(.POST, "/keys/\(key.id!)/withdraw", as: "kf.lingban", json: [:])
            #expect(zh.error?.message == "缺少必填项 reason")
            var headers: HTTPHeaders = ["Accept-Language": "en", "Content-Type": "application/json"]
            headers.bearerAuthorization = BearerAuthorization(token: try await t.token(for: "kf.lingban"))
            let en = try await t.request(.POST, "/api/v1/keys/\(key.id!)/withdraw", headers: headers, body: ByteBuffer(string: "{}"))
            #expect(en.error?.message == "reason is required")
        }
    }
}
