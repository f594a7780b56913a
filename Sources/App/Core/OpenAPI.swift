import Foundation

/// The OpenAPI 3.0 description of `/api/v1`, served at `/openapi.json`.
/// Schemas are strict (no undeclared properties) so tests that validate real
/// responses against them catch any drift.
enum OpenAPI {
    static let document: String = {
        let data = try! JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }()

    // MARK: Schema helpers

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static var string: [String: Any] { ["type": "string"] }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static func nullable(_ schema: [String: Any]) -> [String: Any] { schema.merging(["nullable": true]) { $1 } }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }

    /// An object whose listed properties are all required unless nullable.
    static func object(_ properties: [String: [String: Any]], optional: Set<String> = []) -> [String: Any] {
        let required = properties.filter { $0.value["nullable"] as? Bool != true && !optional.contains($0.key) }.map(\.key).sorted()
        var schema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static var schemas: [String: Any] { [
        "Error": object(["error": string, "field": nullable(string), "rule": nullable(string)], optional: ["field", "rule"]),
        "KeyStatus": enumeration(KeyStatus.allCases.map(\.rawValue)),
        "KeyKind": enumeration(KeyKind.allCases.map(\.rawValue)),
        "Holder": object(["checkoutID": uuid, "name": string, "isOutsider": boolean, "since": dateTime, "expectedReturnAt": dateTime, "overdue": boolean]),
        "UnitRef": object(["id": uuid, "label": string]),
        "Key": object(["id": uuid, "propertyID": uuid, "tag": string, "hook": string, "kind": ref("KeyKind"), "status": ref("KeyStatus"),
                       "lockNo": integer, "unit": nullable(ref("UnitRef")), "holder": nullable(ref("Holder"))], optional: ["unit", "holder"]),
        "Checkout": object([
            "id": uuid, "propertyID": uuid, "keyID": uuid, "keyTag": nullable(string), "borrowerStaffID": nullable(uuid), "borrowerName": string,
            "borrowerCompany": nullable(string), "borrowerPhone": nullable(string), "borrowerIDNumber": nullable(string), "purpose": string,
            "issuedByID": uuid, "issuedAt": dateTime, "expectedReturnAt": dateTime, "returnedAt": nullable(dateTime), "receivedByID": nullable(uuid),
            "outcome": nullable(enumeration(CheckoutOutcome.allCases.map(\.rawValue))), "returnNote": nullable(string), "confirmedAt": nullable(dateTime),
            "confirmation": nullable(enumeration(["session", "signature"])), "open": boolean, "overdue": boolean,
        ]),
        "KeyPage": object(["items": array(ref("Key")), "page": integer, "per": integer, "total": integer]),
        "CheckoutPage": object(["items": array(ref("Checkout")), "page": integer, "per": integer, "total": integer]),
        "AuditEvent": object(["seq": integer, "occurredAt": dateTime, "actorID": nullable(uuid), "actorName": string, "action": string,
                              "recordType": string, "recordID": string, "before": nullable(string), "after": nullable(string), "hash": string]),
        "KeyDetail": object(["key": ref("Key"), "checkouts": array(ref("Checkout")), "history": array(ref("AuditEvent"))]),
        "LockChange": object(["id": uuid, "propertyID": uuid, "unitID": uuid, "lostKeyID": uuid, "reportedByID": uuid, "reportedAt": dateTime,
                              "note": string, "oldLockNo": integer, "completedAt": nullable(dateTime), "completedByID": nullable(uuid)]),
        "SpareRelease": object(["id": uuid, "propertyID": uuid, "keyID": uuid, "requestedByID": uuid, "reason": string, "requestedAt": dateTime,
                                "confirmedByID": nullable(uuid), "confirmedAt": nullable(dateTime), "usedByCheckoutID": nullable(uuid)]),
        "PersonalData": object(["borrowerPhone": nullable(string), "borrowerIDNumber": nullable(string)]),
        "IssueKey": object(["borrowerKind": enumeration(["staff", "outsider"]), "borrowerStaffID": uuid, "borrowerName": string, "borrowerPhone": string,
                            "borrowerIDNumber": string, "borrowerCompany": string, "purpose": string,
                            "expectedReturnAt": ["type": "string", "description": "ISO 8601, or local time at the property (2026-11-29T15:00)"],
                            "signature": ["type": "string", "description": "data:image/png;base64,…"]],
                           optional: ["borrowerKind", "borrowerStaffID", "borrowerName", "borrowerPhone", "borrowerIDNumber", "borrowerCompany", "purpose", "expectedReturnAt", "signature"]),
        "ReturnKey": object(["condition": enumeration(["good", "damaged"]), "note": string], optional: ["condition", "note"]),
        "Reason": object(["reason": string], optional: ["reason"]),
        "NewKeys": object(["keys": array(object(["tag": string, "hook": string, "kind": ref("KeyKind")], optional: ["tag", "hook", "kind"]))], optional: ["keys"]),
        "TokenRequest": object(["username": string, "password": string, "name": string], optional: ["name"]),
        "TokenCreated": object(["id": uuid, "name": string, "token": string]),
        "Token": object(["id": uuid, "name": string, "prefix": string, "createdAt": dateTime]),
        "Me": object(["id": uuid, "username": string, "name": string, "rank": enumeration(Rank.allCases.map(\.rawValue)),
                      "department": enumeration(DepartmentCode.allCases.map(\.rawValue)), "properties": array(uuid), "isAdmin": boolean]),
        "Notification": object(["id": uuid, "kind": string, "message": string, "link": string, "createdAt": dateTime, "read": boolean]),
        "Property": object(["id": uuid, "name": string, "code": string, "timeZone": string]),
        "PropertyInput": object(["name": string, "code": string, "timeZone": string], optional: ["name", "code", "timeZone"]),
        "Building": object(["id": uuid, "propertyID": uuid, "name": string]),
        "NameInput": object(["name": string], optional: ["name"]),
        "Unit": object(["id": uuid, "propertyID": uuid, "buildingID": uuid, "number": string]),
        "UnitsInput": object(["numbers": array(string)], optional: ["numbers"]),
        "Department": object(["id": uuid, "code": enumeration(DepartmentCode.allCases.map(\.rawValue)), "name": string]),
        "Post": object(["id": uuid, "propertyID": uuid, "departmentID": uuid, "name": string]),
        "PostInput": object(["name": string, "department": string], optional: ["name", "department"]),
        "Staff": object(["id": uuid, "username": string, "name": string, "rank": enumeration(Rank.allCases.map(\.rawValue)), "departmentID": uuid,
                         "phone": nullable(string), "isAdmin": boolean, "isActive": boolean, "properties": array(uuid)]),
        "StaffInput": object(["username": string, "name": string, "password": string, "rank": string, "department": string, "phone": string,
                              "properties": array(uuid), "isAdmin": boolean, "isActive": boolean],
                             optional: ["username", "name", "password", "rank", "department", "phone", "properties", "isAdmin", "isActive"]),
    ] }

    // MARK: Operations

    static func parameter(_ name: String, in place: String = "path", _ schema: [String: Any] = uuid) -> [String: Any] {
        ["name": name, "in": place, "required": place == "path", "schema": schema]
    }

    static func json(_ schema: [String: Any]) -> [String: Any] { ["content": ["application/json": ["schema": schema]]] }

    static func operation(_ summary: String, tag: String, parameters: [[String: Any]] = [], body: String? = nil,
                          status: Int = 200, returns: [String: Any]?, rules: String? = nil, secured: Bool = true) -> [String: Any] {
        var responses: [String: Any] = [:]
        var success: [String: Any] = ["description": "OK"]
        if let returns { success.merge(json(returns)) { $1 } }
        responses[String(status)] = success
        let error = json(ref("Error")).merging(["description": "Refused: the message names the field and rule"]) { $1 }
        var codes = ["400", "401", "403", "404", "409", "422"]
        if body != nil { codes += ["413", "415"] }
        if !secured { codes.append("429") }   // sign-in throttling
        for code in codes { responses[code] = error }
        var op: [String: Any] = ["summary": summary, "tags": [tag], "responses": responses, "operationId": summary.replacingOccurrences(of: " ", with: "_")]
        if let rules { op["description"] = "Rules: " + rules }
        if !parameters.isEmpty { op["parameters"] = parameters }
        if let body { op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]] }
        if !secured { op["security"] = [[String: Any]]() }
        return op
    }

    static var propertyID: [String: Any] { parameter("propertyID") }
    static var paging: [[String: Any]] { [parameter("page", in: "query", integer), parameter("per", in: "query", integer)] }

    static var paths: [String: Any] { [
        "/api/v1/tokens": [
            "post": operation("create token", tag: "account", body: "TokenRequest", status: 201, returns: ref("TokenCreated"), secured: false),
            "get": operation("list tokens", tag: "account", returns: array(ref("Token"))),
        ],
        "/api/v1/tokens/{tokenID}": ["delete": operation("revoke token", tag: "account", parameters: [parameter("tokenID")], status: 204, returns: nil)],
        "/api/v1/me": ["get": operation("who am I", tag: "account", returns: ref("Me"))],
        "/api/v1/notifications": ["get": operation("list notifications", tag: "account", returns: array(ref("Notification")))],
        "/api/v1/notifications/read": ["post": operation("mark notifications read", tag: "account", status: 204, returns: nil)],
        "/api/v1/properties": [
            "get": operation("list properties", tag: "organisation", returns: array(ref("Property"))),
            "post": operation("create property", tag: "organisation", body: "PropertyInput", status: 201, returns: ref("Property"), rules: "ORG-1"),
        ],
        "/api/v1/properties/{propertyID}/buildings": [
            "get": operation("list buildings", tag: "organisation", parameters: [propertyID], returns: array(ref("Building"))),
            "post": operation("create building", tag: "organisation", parameters: [propertyID], body: "NameInput", status: 201, returns: ref("Building"), rules: "ORG-1"),
        ],
        "/api/v1/properties/{propertyID}/units": ["get": operation("list units", tag: "organisation", parameters: [propertyID], returns: array(ref("Unit")))],
        "/api/v1/buildings/{buildingID}/units": ["post": operation("create units", tag: "organisation", parameters: [parameter("buildingID")], body: "UnitsInput", status: 201, returns: array(ref("Unit")), rules: "ORG-1")],
        "/api/v1/departments": ["get": operation("list departments", tag: "organisation", returns: array(ref("Department")))],
        "/api/v1/properties/{propertyID}/posts": [
            "get": operation("list posts", tag: "organisation", parameters: [propertyID], returns: array(ref("Post"))),
            "post": operation("create post", tag: "organisation", parameters: [propertyID], body: "PostInput", status: 201, returns: ref("Post"), rules: "ORG-1"),
        ],
        "/api/v1/staff": [
            "get": operation("list staff", tag: "organisation", returns: array(ref("Staff"))),
            "post": operation("create staff", tag: "organisation", body: "StaffInput", status: 201, returns: ref("Staff"), rules: "ORG-3"),
        ],
        "/api/v1/staff/{staffID}": ["patch": operation("update staff", tag: "organisation", parameters: [parameter("staffID")], body: "StaffInput", returns: ref("Staff"), rules: "ORG-3, ORG-4")],
        "/api/v1/properties/{propertyID}/keys": ["get": operation("list keys", tag: "keys", parameters: [propertyID, parameter("status", in: "query", ref("KeyStatus")), parameter("q", in: "query", string)] + paging, returns: ref("KeyPage"), rules: "KY-1, KY-7")],
        "/api/v1/properties/{propertyID}/keys/overdue": ["get": operation("list overdue checkouts", tag: "keys", parameters: [propertyID], returns: array(ref("Checkout")), rules: "KY-2")],
        "/api/v1/properties/{propertyID}/checkouts": ["get": operation("key checkout ledger", tag: "keys", parameters: [propertyID, parameter("from", in: "query", ["type": "string", "format": "date"]), parameter("to", in: "query", ["type": "string", "format": "date"])] + paging, returns: ref("CheckoutPage"), rules: "KY-2, X-3")],
        "/api/v1/properties/{propertyID}/lock-changes": ["get": operation("list lock changes", tag: "keys", parameters: [propertyID], returns: array(ref("LockChange")), rules: "KY-5")],
        "/api/v1/properties/{propertyID}/spare-releases": ["get": operation("list spare key releases", tag: "keys", parameters: [propertyID], returns: array(ref("SpareRelease")), rules: "KY-6")],
        "/api/v1/units/{unitID}/keys": ["post": operation("register keys", tag: "keys", parameters: [parameter("unitID")], body: "NewKeys", status: 201, returns: array(ref("Key")), rules: "KY-1, KY-5")],
        "/api/v1/keys/{keyID}": ["get": operation("key with history", tag: "keys", parameters: [parameter("keyID")], returns: ref("KeyDetail"), rules: "KY-7, X-1")],
        "/api/v1/keys/{keyID}/checkouts": ["post": operation("issue key", tag: "keys", parameters: [parameter("keyID")], body: "IssueKey", status: 201, returns: ref("Checkout"), rules: "KY-2, KY-4, KY-5, KY-6, KY-7")],
        "/api/v1/keys/{keyID}/withdraw": ["post": operation("withdraw damaged key", tag: "keys", parameters: [parameter("keyID")], body: "Reason", returns: ref("Key"), rules: "KY-4")],
        "/api/v1/keys/{keyID}/report-loss": ["post": operation("report key lost", tag: "keys", parameters: [parameter("keyID")], body: "Reason", status: 201, returns: ref("LockChange"), rules: "KY-5")],
        "/api/v1/keys/{keyID}/lock-changes": ["post": operation("request lock change for a damaged key", tag: "keys", parameters: [parameter("keyID")], body: "Reason", status: 201, returns: ref("LockChange"), rules: "KY-4, KY-5")],
        "/api/v1/keys/{keyID}/spare-releases": ["post": operation("request spare key release", tag: "keys", parameters: [parameter("keyID")], body: "Reason", status: 201, returns: ref("SpareRelease"), rules: "KY-6")],
        "/api/v1/spare-releases/{releaseID}/confirm": ["post": operation("security confirms spare key release", tag: "keys", parameters: [parameter("releaseID")], returns: ref("SpareRelease"), rules: "KY-6")],
        "/api/v1/checkouts/{checkoutID}": ["get": operation("get checkout", tag: "keys", parameters: [parameter("checkoutID")], returns: ref("Checkout"))],
        "/api/v1/checkouts/{checkoutID}/return": ["post": operation("return key", tag: "keys", parameters: [parameter("checkoutID")], body: "ReturnKey", returns: ref("Checkout"), rules: "KY-2, KY-4, KY-7")],
        "/api/v1/checkouts/{checkoutID}/confirm": ["post": operation("borrower confirms", tag: "keys", parameters: [parameter("checkoutID")], returns: ref("Checkout"), rules: "X-1")],
        "/api/v1/checkouts/{checkoutID}/personal-data": ["post": operation("show borrower personal data (audited)", tag: "keys", parameters: [parameter("checkoutID")], returns: ref("PersonalData"), rules: "X-1")],
        "/api/v1/lock-changes/{lockChangeID}/complete": ["post": operation("complete lock change", tag: "keys", parameters: [parameter("lockChangeID")], body: "NewKeys", returns: array(ref("Key")), rules: "KY-5")],
    ] }

    static var spec: [String: Any] { [
        "openapi": "3.0.3",
        "info": ["title": "Wuye 物业 API", "version": "1", "description": "The customer-service department's operations. Errors: {error, field, rule} with a 4xx."],
        "servers": [["url": "/"]],
        "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        "security": [["bearer": [String]()]],
        "paths": paths,
    ] }
}
