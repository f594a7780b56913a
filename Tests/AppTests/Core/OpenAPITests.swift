@testable import App
import Fluent
import Testing
import Vapor

/// The API answers as `/openapi.json` says it does.
@Suite("OpenAPI document")
struct OpenAPITests {
    /// Turns "/api/v1/keys/3F…/checkouts" into "/api/v1/keys/{keyID}/checkouts" using the spec's paths.
    static func template(for path: String, in spec: [String: Any]) -> String? {
        let parts = path.split(separator: "?").first!.split(separator: "/")
        for candidate in (spec["paths"] as? [String: Any] ?? [:]).keys {
            let pattern = candidate.split(separator: "/")
            guard pattern.count == parts.count else { continue }
            if zip(pattern, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return candidate }
        }
        return nil
    }

    @Test("Every API route is documented, and real responses match their schemas", arguments: TestDatabase.selected)
    func responsesMatchSchemas(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let document = try await t.request(.GET, "/openapi.json")
            #expect(document.status == .ok)
            let validator = try OpenAPIValidator(json: document.body)

            // Every registered /api/v1 route has an operation.
            for route in t.app.routes.all where route.path.first?.description == "api" && route.userInfo[notAnOperationKey] == nil {
                let path = "/" + route.path.map { component -> String in
                    if case let .parameter(name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let documented = [200, 201, 204].contains { validator.responseSchema(method: route.method.rawValue, path: path, status: $0) != nil }
                #expect(documented, "\(route.method) \(path) is not in /openapi.json")
            }

            var checked = 0
            func check(_ method: HTTPMethod, _ path: String, as user: String? = "kf.lingban", json: [String: Any]? = nil) async throws -> TestApp.Reply {
                let reply = try await t.api(method, path, as: user, json: json)
                let template = try #require(Self.template(for: "/api/v1" + path, in: validator.spec), "\(path) has no template")
                let schema = validator.responseSchema(method: method.rawValue, path: template, status: Int(reply.status.code))
                #expect(schema != nil, "\(method) \(template) answered \(reply.status.code), which the spec does not list: \(reply.text)")
                if let schema = schema ?? nil {
                    let value = try JSONSerialization.jsonObject(with: reply.body, options: [.fragmentsAllowed])
                    let problems = validator.validate(value, against: schema)
                    #expect(problems.isEmpty, "\(method) \(template) \(reply.status.code): \(problems.prefix(5))")
                }
                checked += 1
                return reply
            }

            let zc = try await t.property("ZC")
            let key = try await t.idleKey()
            let spare = try await t.idleKey(kind: .spare)
            let borrower = try await t.staff("kf.yuangong").id!
            _ = try await check(.GET, "/me")
            _ = try await check(.GET, "/tokens")
            _ = try await check(.GET, "/notifications", as: "kf.jingli")
            _ = try await check(.GET, "/properties")
            _ = try await check(.GET, "/properties/\(zc.id!)/buildings")
            _ = try await check(.GET, "/properties/\(zc.id!)/units")
            _ = try await check(.GET, "/departments")
            _ = try await check(.GET, "/properties/\(zc.id!)/posts")
            _ = try await check(.GET, "/staff", as: "admin")
            _ = try await check(.GET, "/properties/\(zc.id!)/keys?status=out")
            _ = try await check(.GET, "/properties/\(zc.id!)/keys/overdue")
            _ = try await check(.GET, "/properties/\(zc.id!)/checkouts?from=2026-11-01&to=2026-11-29&per=500")
            _ = try await check(.GET, "/properties/\(zc.id!)/lock-changes")
            _ = try await check(.GET, "/properties/\(zc.id!)/spare-releases")
            _ = try await check(.GET, "/keys/\(key.id!)")
            let issued = try await check(.POST, "/keys/\(key.id!)/checkouts", json: ["borrowerStaffID": borrower.uuidString, "purpose": "抄表", "expectedReturnAt": inHours(1)])
            let checkoutID = try #require(try issued.json()["id"] as? String)
            _ = try await check(.GET, "/checkouts/\(checkoutID)")
            _ = try await check(.POST, "/checkouts/\(checkoutID)/confirm", as: "kf.yuangong")
            _ = try await check(.POST, "/checkouts/\(checkoutID)/personal-data", as: "kf.zhuguan")
            _ = try await check(.POST, "/checkouts/\(checkoutID)/return", json: ["condition": "good"])
            _ = try await check(.POST, "/checkouts/\(checkoutID)/return", json: ["condition": "good"])            // 409
            _ = try await check(.POST, "/keys/\(key.id!)/checkouts", json: ["purpose": 1])                           // 400
            _ = try await check(.POST, "/keys/\(key.id!)/checkouts", as: "kf.yuangong", json: [:])                  // 403
            _ = try await check(.POST, "/keys/\(UUID())/checkouts", json: [:])                                     // 404
            _ = try await check(.POST, "/keys/\(key.id!)/checkouts", json: ["borrowerStaffID": borrower.uuidString, "purpose": "x", "expectedReturnAt": inHours(-1)]) // 422
            _ = try await check(.GET, "/me", as: nil)                                                              // 401
            let requested = try await check(.POST, "/keys/\(spare.id!)/spare-releases", json: ["reason": "业主委托"])
            _ = try await check(.POST, "/spare-releases/\(try #require(try requested.json()["id"] as? String))/confirm", as: "ag.yuangong")
            _ = try await check(.POST, "/keys/\(key.id!)/withdraw", as: "kf.yuangong", json: ["reason": "断齿"])
            _ = try await check(.POST, "/keys/\(key.id!)/lock-changes", as: "kf.zhuguan", json: ["reason": "断齿"])
            let other = try await t.idleKey()
            let loss = try await check(.POST, "/keys/\(other.id!)/report-loss", json: ["reason": "遗失"])
            _ = try await check(.POST, "/lock-changes/\(try #require(try loss.json()["id"] as? String))/complete", as: "gc.lingban", json: ["keys": [["tag": "NEW-9", "hook": "A-9"]]])
            let building = try await check(.POST, "/properties/\(zc.id!)/buildings", as: "admin", json: ["name": "3栋"])
            _ = try await check(.POST, "/buildings/\(try #require(try building.json()["id"] as? String))/units", as: "admin", json: ["numbers": ["101", "102"]])
            _ = try await check(.POST, "/properties/\(zc.id!)/posts", as: "admin", json: ["name": "巡逻岗", "department": "security"])
            let created = try await check(.POST, "/staff", as: "admin", json: ["username": "new.person", "name": "新人", "password": "longenough", "rank": "staff", "department": "cleaning", "properties": [zc.id!.uuidString]])
            let createdID = try #require(try created.json()["id"] as? String)
            _ = try await check(.GET, "/staff/\(createdID)", as: "admin")
            _ = try await check(.PATCH, "/staff/\(createdID)", as: "admin", json: ["rank": "foreman", "version": 1])
            _ = try await check(.PATCH, "/staff/\(createdID)", as: "admin", json: ["rank": "foreman", "version": 1])      // 409: stale
            _ = try await check(.PATCH, "/staff/\(createdID)", as: "admin", json: ["rank": "foreman"])                    // 428
            _ = try await check(.POST, "/properties", as: "admin", json: ["name": "x湖", "code": "XH"])
            _ = try await check(.POST, "/properties", as: "admin", json: ["name": "x湖", "code": "XH"])            // 409
            // Customer files (篇5).
            let unit = try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == zc.id!).first())
            let customer = try await check(.POST, "/properties/\(zc.id!)/customers", as: "kf.yuangong",
                                           json: ["name": "测试客户", "phone": "13700009999", "unitID": unit.id!.uuidString, "relation": "tenant"])
            let customerID = try #require(try customer.json()["id"] as? String)
            _ = try await check(.POST, "/properties/\(zc.id!)/customers", as: "kf.yuangong", json: ["name": "测试客户", "phone": "13700009999"])   // 409
            _ = try await check(.POST, "/properties/\(zc.id!)/customers", as: "kf.yuangong", json: ["name": "无联系方式"])                          // 422
            _ = try await check(.GET, "/properties/\(zc.id!)/customers?q=9999", as: "kf.yuangong")
            _ = try await check(.GET, "/properties/\(zc.id!)/customers", as: "kf.yuangong")
            _ = try await check(.GET, "/customers/\(customerID)", as: "kf.yuangong")
            _ = try await check(.PATCH, "/customers/\(customerID)", as: "kf.yuangong", json: ["version": 1, "note": "夜间勿扰"])
            _ = try await check(.POST, "/customers/\(customerID)/personal-data", as: "kf.zhuguan")
            _ = try await check(.POST, "/customers/\(customerID)/documents", as: "kf.yuangong", json: ["kind": "letter_out", "title": "通知", "dated": "2026-11-20", "referenceNo": "FH-1"])
            let secondUnit = try #require(try await App.Unit.query(on: t.db).filter(\.$property.$id == zc.id!).sort(\.$number, .descending).first())
            let moved = try await check(.POST, "/customers/\(customerID)/units", as: "kf.yuangong", json: ["unitID": secondUnit.id!.uuidString, "relation": "owner"])
            _ = try await check(.POST, "/customer-units/\(try #require(try moved.json()["id"] as? String))/end", as: "kf.yuangong", json: [:])
            let sheet = try await check(.POST, "/properties/\(zc.id!)/customer-imports", as: "kf.yuangong", json: ["fileName": "a.csv", "content": "姓名,电话\r\n甲,13700000001\r\n"])
            let sheetID = try #require(try sheet.json()["id"] as? String)
            _ = try await check(.POST, "/properties/\(zc.id!)/customer-imports", as: "kf.yuangong", json: ["content": "姓名\r\n"])      // 422: no rows
            _ = try await check(.POST, "/customer-imports/\(sheetID)/mapping", as: "kf.yuangong", json: ["name": 0, "phone": 1])
            _ = try await check(.POST, "/customer-imports/\(sheetID)/start", as: "kf.yuangong")
            _ = try await check(.POST, "/customer-imports/\(sheetID)/start", as: "kf.yuangong")                                        // 409
            _ = try await check(.GET, "/customer-imports/\(sheetID)", as: "kf.yuangong")
            let notice = try await check(.POST, "/properties/\(zc.id!)/customer-notices", as: "kf.yuangong", json: ["title": "通知", "body": "正文", "unitIDs": [unit.id!.uuidString]])
            let noticeID = try #require(try notice.json()["id"] as? String)
            let deliveryID = try #require(((try notice.json()["deliveries"] as? [[String: Any]])?.first?["id"]) as? String)
            _ = try await check(.POST, "/properties/\(zc.id!)/customer-notices", as: "kf.yuangong", json: ["title": "通知", "body": "正文"])      // 400
            _ = try await check(.GET, "/properties/\(zc.id!)/customer-notices", as: "kf.yuangong")
            _ = try await check(.GET, "/customer-notices/\(noticeID)", as: "kf.yuangong")
            _ = try await check(.POST, "/notice-deliveries/\(deliveryID)/read", as: "kf.yuangong")                                         // 409
            _ = try await check(.POST, "/notice-deliveries/\(deliveryID)/delivered", as: "kf.yuangong", json: ["method": "posted"])
            _ = try await check(.POST, "/notice-deliveries/\(deliveryID)/read", as: "kf.yuangong")
            _ = try await check(.GET, "/properties/\(zc.id!)/public-spaces", as: "kf.yuangong")
            let space = try await check(.POST, "/properties/\(zc.id!)/public-spaces", as: "kf.zhuguan", json: ["name": "3栋门廊", "kind": "corridor", "areaM2": "12.5", "feeYuan": "80"])
            let spaceID = try #require(try space.json()["id"] as? String)
            let applied = try await check(.POST, "/properties/\(zc.id!)/space-uses", as: "kf.yuangong",
                                          json: ["spaceID": spaceID, "applicant": "某商户", "purpose": "促销", "areaM2": "5", "startsOn": "2026-12-20"])
            let useID = try #require(try applied.json()["id"] as? String)
            _ = try await check(.POST, "/space-uses/\(useID)/decision", as: "kf.zhuguan", json: ["approve": true])                          // 409: not checked
            _ = try await check(.POST, "/space-uses/\(useID)/check", as: "kf.yuangong", json: ["fireSafe": true, "tidy": true])
            _ = try await check(.POST, "/space-uses/\(useID)/decision", as: "kf.zhuguan", json: ["approve": true])
            _ = try await check(.POST, "/space-uses/\(useID)/payment", as: "kf.yuangong", json: ["receiptNo": "R-1"])
            _ = try await check(.GET, "/space-uses/\(useID)", as: "kf.yuangong")
            _ = try await check(.GET, "/properties/\(zc.id!)/space-uses?from=2026-12-01&to=2026-12-31", as: "kf.yuangong")
            #expect(checked >= 75)
        }
    }
}
