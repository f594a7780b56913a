import Fluent
import OpenAPIKit30
import Vapor

/// Show-house key sets in the JSON API (SH-50…SH-54). Same service functions as the page.
enum KeySetsAPI {
    struct KeyDTO: Content { let id: UUID; let tag: String; let status: KeyStatus; let outTo: String?; let expectedReturnAt: Date? }
    struct EventDTO: Content {
        let kind: KeySetEventKind; let from: String?; let to: String?; let emergency: Emergency?; let reason: String; let witness: String?; let sealNo: String?; let by: String; let at: Date
    }
    struct SetDTO: Content {
        let id: UUID; let showHouseID: UUID; let keeper: DepartmentCode; let holderID: UUID; let holder: String; let sealed: Bool; let sealNo: String?
        let registeredBy: String; let registeredAt: Date; let retiredAt: Date?; let retireNote: String?; let keys: [KeyDTO]; let register: [EventDTO]
    }

    static func dtos(_ found: (sets: [KeySetQueries.Set], keys: [KeySetQueries.Key], events: [KeySetQueries.Event])) -> [SetDTO] {
        found.sets.map { s in
            SetDTO(id: s.id, showHouseID: s.showHouseID, keeper: s.keeper, holderID: s.holderID, holder: s.holderName, sealed: s.sealNo != nil, sealNo: s.sealNo,
                   registeredBy: s.registeredByName, registeredAt: s.registeredAt, retiredAt: s.retiredAt, retireNote: s.retireNote,
                   keys: found.keys.filter { $0.setID == s.id }.map { KeyDTO(id: $0.id, tag: $0.tag, status: $0.status, outTo: $0.borrowerName, expectedReturnAt: $0.expectedReturnAt) },
                   register: found.events.filter { $0.setID == s.id }.map {
                       EventDTO(kind: $0.kind, from: $0.fromName, to: $0.toName, emergency: $0.emergency, reason: $0.reason, witness: $0.witnessName, sealNo: $0.sealNo, by: $0.byName, at: $0.at)
                   })
        }
    }

    static func one(_ set: KeySet, on req: Request) async throws -> SetDTO {
        guard let dto = dtos(try await KeySetQueries.sets(houseID: set.$showHouse.id, setID: set.id, on: req.db)).first else { throw WuyeError.notFound(KeySets.noun) }
        return dto
    }

    static func setID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("keySetID"), field: "keySetID") }

    static func register(_ api: any RoutesBuilder) {
        api.get("show-houses", ":showHouseID", "key-sets") { req async throws -> [SetDTO] in
            let (house, _) = try await ShowHouses.house(try ShowHousesAPI.houseID(req), for: try req.actor, action: .viewKeySets, on: req)
            return dtos(try await KeySetQueries.sets(houseID: house.id!, on: req.db))
        }
        api.post("show-houses", ":showHouseID", "key-sets") { req async throws -> Response in
            try KeysAPI.created(try await one(try await KeySets.register(showHouseID: try ShowHousesAPI.houseID(req), try req.input(KeySetInput.self), on: req), on: req))
        }
        api.post("key-sets", ":keySetID", "transfer") { req async throws -> SetDTO in
            try await one(try await KeySets.transfer(keySetID: try setID(req), try req.input(KeySetTransferInput.self), on: req), on: req)
        }
        api.post("key-sets", ":keySetID", "issue") { req async throws -> SetDTO in
            let id = try setID(req)
            _ = try await KeySets.issue(keySetID: id, try req.input(KeySetIssueInput.self), on: req)
            return try await one(try await KeySets.set(id, for: try req.actor, action: .viewKeySets, on: req).0, on: req)
        }
        api.post("key-sets", ":keySetID", "return") { req async throws -> SetDTO in
            let id = try setID(req)
            _ = try await KeySets.receive(keySetID: id, on: req)
            return try await one(try await KeySets.set(id, for: try req.actor, action: .viewKeySets, on: req).0, on: req)
        }
        api.post("key-sets", ":keySetID", "seal-break") { req async throws -> SetDTO in
            try await one(try await KeySets.breakSeal(keySetID: try setID(req), try req.input(KeySetSealBreakInput.self), on: req), on: req)
        }
        api.post("key-sets", ":keySetID", "reseal") { req async throws -> SetDTO in
            try await one(try await KeySets.reseal(keySetID: try setID(req), try req.input(KeySetResealInput.self), on: req), on: req)
        }
        api.post("key-sets", ":keySetID", "loss") { req async throws -> SetDTO in
            let id = try setID(req)
            _ = try await KeySets.reportLoss(keySetID: id, try req.input(KeySetLossInput.self), on: req)
            return try await one(try await KeySets.set(id, for: try req.actor, action: .viewKeySets, on: req).0, on: req)
        }
    }

    static var section: APISection {
        let nullableString = Schema.nullable(.string), nullableTime = Schema.nullable(Schema.dateTime)
        let schemas: [String: JSONSchema] = [
            "KeySet": Schema.object([
                ("id", Schema.uuid), ("showHouseID", Schema.uuid), ("keeper", Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))), ("holderID", Schema.uuid),
                ("holder", .string), ("sealed", .boolean), ("sealNo", nullableString), ("registeredBy", .string), ("registeredAt", Schema.dateTime),
                ("retiredAt", nullableTime), ("retireNote", nullableString),
                ("keys", Schema.array(Schema.object([("id", Schema.uuid), ("tag", .string), ("status", Schema.enumeration(KeyStatus.allCases.map(\.rawValue))),
                                                     ("outTo", nullableString), ("expectedReturnAt", nullableTime)]))),
                ("register", Schema.array(Schema.object([
                    ("kind", Schema.enumeration(KeySetEventKind.allCases.map(\.rawValue))), ("from", nullableString), ("to", nullableString),
                    ("emergency", Schema.nullable(Schema.enumeration(Emergency.allCases.map(\.rawValue)))), ("reason", .string), ("witness", nullableString),
                    ("sealNo", nullableString), ("by", .string), ("at", Schema.dateTime),
                ]))),
            ]),
        ]
        let tag = "show-house keys"
        let one = Schema.ref("KeySet")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/show-houses/{showHouseID}/key-sets", "show house key sets", tag: tag, returns: Schema.array(one), rules: "SH-50"),
            .post("/api/v1/show-houses/{showHouseID}/key-sets", "register key set", tag: tag, body: KeySetInput.self, status: 201, returns: one, rules: "SH-50, SH-54"),
            .post("/api/v1/key-sets/{keySetID}/transfer", "transfer key set", tag: tag, body: KeySetTransferInput.self, returns: one, rules: "SH-52"),
            .post("/api/v1/key-sets/{keySetID}/issue", "issue key set for a shift", tag: tag, body: KeySetIssueInput.self, returns: one, rules: "SH-51"),
            .post("/api/v1/key-sets/{keySetID}/return", "return key set", tag: tag, returns: one, rules: "SH-51"),
            .post("/api/v1/key-sets/{keySetID}/seal-break", "break key set seal", tag: tag, body: KeySetSealBreakInput.self, returns: one, rules: "SH-54"),
            .post("/api/v1/key-sets/{keySetID}/reseal", "reseal key set", tag: tag, body: KeySetResealInput.self, returns: one, rules: "SH-54"),
            .post("/api/v1/key-sets/{keySetID}/loss", "report key set key lost", tag: tag, body: KeySetLossInput.self, returns: one, rules: "SH-53"),
        ])
    }
}
