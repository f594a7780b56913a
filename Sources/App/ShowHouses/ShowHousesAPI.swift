import Fluent
import OpenAPIKit30
import Vapor

/// Show houses in the JSON API (SH-4, SH-10…SH-18). Same service functions as the pages.
enum ShowHousesAPI {
    struct HouseDTO: Content {
        let id: UUID; let name: String; let unitType: String; let floor: String; let unit: String; let opensAt: String; let closesAt: String; let inventoryVersion: Int?
        let day: String; let openingCountAt: Date?; let closingCountAt: Date?; let batches: Int; let visitors: Int; let turnedAway: Int; let openFindings: Int
        let dayStatus: ShowHouseDayStatus?
    }
    struct InventoryDTO: Content { let showHouseID: UUID; let version: Int; let items: [InventoryLine] }
    struct LineDTO: Content { let room: String; let item: String; let expected: Int; let state: ItemState?; let note: String? }
    struct CountDTO: Content {
        let id: UUID; let kind: CountKind; let countedBy: String; let countedAt: Date; let late: Bool; let inventoryVersion: Int; let lines: [LineDTO]
        let hygieneOK: Bool; let hygieneNote: String?; let outdoorTemp: Int?; let setTemp: Int?; let crowded: Bool?; let raining: Bool?; let dehumidify: Bool?
        let dayType: DayType?; let shoeCovers: ShoeCovers?; let umbrellaBagger: Bool?; let signage: Bool?
    }
    struct BatchDTO: Content {
        let id: UUID; let number: Int; let salesName: String; let headcount: Int; let sentBy: String; let sentAt: Date; let arrivedCount: Int?; let arrivedAt: Date?
        let leftCount: Int?; let leftAt: Date?; let returnedCount: Int?; let returnedAt: Date?; let mismatch: Bool; let notes: [BatchNote]; let note: String?
    }
    struct RefusalDTO: Content { let headcount: Int; let note: String?; let recordedBy: String; let recordedAt: Date }
    struct FeedbackDTO: Content {
        let id: UUID; let kind: FeedbackKind; let rating: Int?; let text: String; let guestName: String?; let batchNumber: Int?; let recordedBy: String; let recordedAt: Date
        let serviceItemID: UUID?; let serviceItemNo: String?
    }
    struct FindingDTO: Content { let room: String; let item: String; let state: ItemState; let note: String; let foundOn: String; let serviceItemID: UUID; let serviceItemNo: String; let serviceItemStatus: ServiceStatus }
    struct ClosingDTO: Content {
        let id: UUID; let closedBy: String; let closedAt: Date; let checks: [ClosingCheck]; let workLog: String; let keysPost: String; let keysGuard: String; let keysReceivedAt: Date?
        let reviewedBy: String?; let reviewedAt: Date?; let reviewNote: String?; let status: ShowHouseDayStatus
    }
    struct DayDTO: Content {
        let showHouse: HouseDTO; let counts: [CountDTO]; let batches: [BatchDTO]; let refusals: [RefusalDTO]; let feedback: [FeedbackDTO]
        let closing: ClosingDTO?; let openFindings: [FindingDTO]
    }

    static func dto(_ h: ShowHouseQueries.House, day: String) -> HouseDTO {
        HouseDTO(id: h.id, name: h.name, unitType: h.unitType, floor: h.floor, unit: h.unitLabel, opensAt: h.opensAt, closesAt: h.closesAt, inventoryVersion: h.inventoryVersion,
                 day: day, openingCountAt: h.openingAt, closingCountAt: h.closingAt, batches: h.batches, visitors: h.visitors, turnedAway: h.refusals,
                 openFindings: h.openFindings, dayStatus: h.dayStatus)
    }

    static func dto(_ d: ShowHouseQueries.Day, time: LocalTime) -> DayDTO {
        DayDTO(showHouse: dto(d.house, day: d.day),
               counts: d.counts.map { c in
                   let marks = c.markList
                   return CountDTO(id: c.id, kind: c.kind, countedBy: c.countedByName, countedAt: c.countedAt,
                                   late: ShowHouseRules.isLate(c.kind, hhmm: String(time.dateTime(c.countedAt).suffix(5))), inventoryVersion: c.inventoryVersion,
                                   lines: c.lines.enumerated().map { i, l in LineDTO(room: l.room, item: l.item, expected: l.expected, state: i < marks.count ? marks[i].state : nil, note: i < marks.count ? marks[i].note : nil) },
                                   hygieneOK: c.hygieneOK, hygieneNote: c.hygieneNote, outdoorTemp: c.outdoorTemp, setTemp: c.setTemp, crowded: c.crowded, raining: c.raining,
                                   dehumidify: c.dehumidify, dayType: c.dayType, shoeCovers: c.shoeCovers, umbrellaBagger: c.umbrellaBagger, signage: c.signage)
               },
               batches: d.batches.map { b in
                   BatchDTO(id: b.id, number: b.number, salesName: b.salesName, headcount: b.headcount, sentBy: b.sentByName, sentAt: b.sentAt, arrivedCount: b.arrivedCount,
                            arrivedAt: b.arrivedAt, leftCount: b.leftCount, leftAt: b.leftAt, returnedCount: b.returnedCount, returnedAt: b.returnedAt, mismatch: b.mismatch,
                            notes: b.noteList, note: b.note)
               },
               refusals: d.refusals.map { RefusalDTO(headcount: $0.headcount, note: $0.note, recordedBy: $0.recordedByName, recordedAt: $0.recordedAt) },
               feedback: d.feedback.map { FeedbackDTO(id: $0.id, kind: $0.kind, rating: $0.rating, text: $0.text, guestName: $0.guestName, batchNumber: $0.batchNumber,
                                                      recordedBy: $0.recordedByName, recordedAt: $0.recordedAt, serviceItemID: $0.serviceItemID, serviceItemNo: $0.referenceNo) },
               closing: d.closing.map { c in
                   ClosingDTO(id: c.id, closedBy: c.closedByName, closedAt: c.closedAt, checks: ClosingCheck.allCases, workLog: c.workLog, keysPost: c.keysPostName,
                              keysGuard: c.keysGuardName, keysReceivedAt: c.keysReceivedAt, reviewedBy: c.reviewedByName, reviewedAt: c.reviewedAt, reviewNote: c.reviewNote, status: c.status)
               },
               openFindings: d.open.map { FindingDTO(room: $0.room, item: $0.item, state: $0.state, note: $0.note, foundOn: $0.day, serviceItemID: $0.serviceItemID,
                                                     serviceItemNo: $0.referenceNo, serviceItemStatus: $0.status) })
    }

    /// A house's day as the API answers it; today when no day is given.
    static func dayView(_ houseID: UUID?, day: String?, on req: Request) async throws -> DayDTO {
        let (house, property) = try await ShowHouses.house(houseID, for: try req.actor, action: .viewShowHouses, on: req)
        let day = day ?? property.localTime.day(req.now)
        guard let row = try await ShowHouseQueries.houses(propertyID: property.id, day: day, houseID: house.id, on: req.db).first else { throw WuyeError.notFound(ShowHouses.noun) }
        return dto(try await ShowHouseQueries.day(row, day: day, on: req.db), time: property.localTime)
    }

    static func houseID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("showHouseID"), field: "showHouseID") }

    static func created(_ houseID: UUID, day: String?, on req: Request) async throws -> Response {
        try KeysAPI.created(try await dayView(houseID, day: day, on: req))
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "show-houses") { req async throws -> [HouseDTO] in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewShowHouses)
            let day = try req.queryValue("day", HandoverAPI.dayQuery) ?? property.localTime.day(req.now)
            return try await ShowHouseQueries.houses(propertyID: property.id, day: day, on: req.db).map { dto($0, day: day) }
        }
        api.post("properties", ":propertyID", "show-houses") { req async throws -> Response in
            let made = try await ShowHouses.register(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(ShowHouseInput.self), on: req)
            return try await created(made.id!, day: nil, on: req)
        }
        api.get("show-houses", ":showHouseID") { req async throws -> DayDTO in
            try await dayView(try houseID(req), day: try req.queryValue("day", HandoverAPI.dayQuery), on: req)
        }
        api.get("show-houses", ":showHouseID", "inventory") { req async throws -> InventoryDTO in
            let (house, _) = try await ShowHouses.house(try houseID(req), for: try req.actor, action: .viewShowHouses, on: req)
            guard let inventory = try await ShowHouses.currentInventory(of: house.id!, on: req.db) else { throw WuyeError.notFound(Text("物品清单", "inventory list")) }
            return InventoryDTO(showHouseID: house.id!, version: inventory.version, items: inventory.lines)
        }
        api.on(.POST, "show-houses", ":showHouseID", "inventory", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            // Who may edit the list is settled before megabytes of photos are decoded.
            _ = try await ShowHouses.house(try houseID(req), for: try req.actor, action: .manageShowHouses, on: req)
            let input = try req.input(InventoryInput.self)
            var photos: [Int: Upload] = [:]
            for (index, line) in (input.items ?? []).enumerated() {
                if let photo = Input.text(line.photo) { photos[index] = try Upload.dataURL(photo, field: "items.\(index).photo", rule: "SH-10") }
            }
            let made = try await ShowHouses.saveInventory(showHouseID: try houseID(req), input, photos: photos, on: req)
            return try KeysAPI.created(InventoryDTO(showHouseID: made.$showHouse.id, version: made.version, items: made.lines))
        }
        api.get("show-houses", ":showHouseID", "placement-photos", ":attachmentID") { req async throws -> Response in
            let (house, _) = try await ShowHouses.house(try houseID(req), for: try req.actor, action: .viewShowHouses, on: req)
            return try await Attachments.response(try Input.uuid(req.parameters.get("attachmentID"), field: "attachmentID"), of: ShowHouse.auditType, house.id!, on: req.db)
        }
        api.on(.POST, "show-houses", ":showHouseID", "counts", body: .collect(maxSize: "48mb")) { req async throws -> Response in
            // Who may count is settled before megabytes of photos are decoded.
            _ = try await ShowHouses.house(try houseID(req), for: try req.actor, action: .keepShowHouse, on: req)
            let input = try req.input(CountInput.self)
            let photos = try (input.photos ?? []).enumerated().map { try Upload.dataURL($1, field: "photos.\($0)", rule: "SH-11") }
            let made = try await ShowHouses.count(showHouseID: try houseID(req), input, photos: photos, on: req)
            return try await created(made.$showHouse.id, day: made.day, on: req)
        }
        api.post("show-houses", ":showHouseID", "batches") { req async throws -> Response in
            let made = try await ShowHouseVisits.send(showHouseID: try houseID(req), try req.input(BatchInput.self), on: req)
            return try await created(made.$showHouse.id, day: made.day, on: req)
        }
        for step in [ShowHouseRules.BatchStep.arrival, .departure, .return] {
            api.post("visitor-batches", ":batchID", .constant(step.rawValue)) { req async throws -> DayDTO in
                let made = try await ShowHouseVisits.step(step, batchID: try Input.uuid(req.parameters.get("batchID"), field: "batchID"), try req.input(BatchCountInput.self), on: req)
                return try await dayView(made.$showHouse.id, day: made.day, on: req)
            }
        }
        api.post("show-houses", ":showHouseID", "refusals") { req async throws -> Response in
            let made = try await ShowHouseVisits.turnAway(showHouseID: try houseID(req), try req.input(RefusalInput.self), on: req)
            return try await created(made.$showHouse.id, day: made.day, on: req)
        }
        api.post("show-houses", ":showHouseID", "feedback") { req async throws -> Response in
            let made = try await ShowHouseVisits.feedback(showHouseID: try houseID(req), try req.input(FeedbackInput.self), on: req)
            return try await created(made.$showHouse.id, day: made.day, on: req)
        }
        api.post("show-houses", ":showHouseID", "closing") { req async throws -> Response in
            let made = try await ShowHouseDays.close(showHouseID: try houseID(req), try req.input(ClosingInput.self), on: req)
            return try await created(made.$showHouse.id, day: made.day, on: req)
        }
        api.post("show-house-days", ":dayID", "keys-received") { req async throws -> DayDTO in
            let made = try await ShowHouseDays.receiveKeys(dayID: try Input.uuid(req.parameters.get("dayID"), field: "dayID"), on: req)
            return try await dayView(made.$showHouse.id, day: made.day, on: req)
        }
        api.post("show-house-days", ":dayID", "review") { req async throws -> DayDTO in
            let made = try await ShowHouseDays.review(dayID: try Input.uuid(req.parameters.get("dayID"), field: "dayID"), try req.input(DayReviewInput.self), on: req)
            return try await dayView(made.$showHouse.id, day: made.day, on: req)
        }
    }

    static var section: APISection {
        let nullableInt = Schema.nullable(.integer), nullableBool = Schema.nullable(.boolean), nullableString = Schema.nullable(.string), nullableTime = Schema.nullable(Schema.dateTime)
        let states = Schema.enumeration(ItemState.allCases.map(\.rawValue))
        let inventoryLine = Schema.object([("room", .string), ("item", .string), ("expected", .integer), ("photo", Schema.uuid)], optional: ["photo"])
        let schemas: [String: JSONSchema] = [
            "ShowHouseSummary": Schema.object([
                ("id", Schema.uuid), ("name", .string), ("unitType", .string), ("floor", .string), ("unit", .string), ("opensAt", .string), ("closesAt", .string),
                ("inventoryVersion", nullableInt), ("day", .string), ("openingCountAt", nullableTime), ("closingCountAt", nullableTime), ("batches", .integer),
                ("visitors", .integer), ("turnedAway", .integer), ("openFindings", .integer),
                ("dayStatus", Schema.nullable(Schema.enumeration(ShowHouseDayStatus.allCases.map(\.rawValue)))),
            ]),
            "ShowHouseInventory": Schema.object([("showHouseID", Schema.uuid), ("version", .integer), ("items", Schema.array(inventoryLine))]),
            "ShowHouseDay": Schema.object([
                ("showHouse", Schema.ref("ShowHouseSummary")),
                ("counts", Schema.array(Schema.object([
                    ("id", Schema.uuid), ("kind", Schema.enumeration(CountKind.allCases.map(\.rawValue))), ("countedBy", .string), ("countedAt", Schema.dateTime),
                    ("late", .boolean), ("inventoryVersion", .integer),
                    ("lines", Schema.array(Schema.object([("room", .string), ("item", .string), ("expected", .integer), ("state", Schema.nullable(states)), ("note", nullableString)]))),
                    ("hygieneOK", .boolean), ("hygieneNote", nullableString), ("outdoorTemp", nullableInt), ("setTemp", nullableInt), ("crowded", nullableBool),
                    ("raining", nullableBool), ("dehumidify", nullableBool), ("dayType", Schema.nullable(Schema.enumeration(DayType.allCases.map(\.rawValue)))),
                    ("shoeCovers", Schema.nullable(Schema.enumeration(ShoeCovers.allCases.map(\.rawValue)))), ("umbrellaBagger", nullableBool), ("signage", nullableBool),
                ]))),
                ("batches", Schema.array(Schema.object([
                    ("id", Schema.uuid), ("number", .integer), ("salesName", .string), ("headcount", .integer), ("sentBy", .string), ("sentAt", Schema.dateTime),
                    ("arrivedCount", nullableInt), ("arrivedAt", nullableTime), ("leftCount", nullableInt), ("leftAt", nullableTime), ("returnedCount", nullableInt),
                    ("returnedAt", nullableTime), ("mismatch", .boolean), ("notes", Schema.array(Schema.enumeration(BatchNote.allCases.map(\.rawValue)))), ("note", nullableString),
                ]))),
                ("refusals", Schema.array(Schema.object([("headcount", .integer), ("note", nullableString), ("recordedBy", .string), ("recordedAt", Schema.dateTime)]))),
                ("feedback", Schema.array(Schema.object([
                    ("id", Schema.uuid), ("kind", Schema.enumeration(FeedbackKind.allCases.map(\.rawValue))), ("rating", nullableInt), ("text", .string),
                    ("guestName", nullableString), ("batchNumber", nullableInt), ("recordedBy", .string), ("recordedAt", Schema.dateTime),
                    ("serviceItemID", Schema.nullable(Schema.uuid)), ("serviceItemNo", nullableString),
                ]))),
                ("closing", Schema.nullable(Schema.object([
                    ("id", Schema.uuid), ("closedBy", .string), ("closedAt", Schema.dateTime), ("checks", Schema.array(Schema.enumeration(ClosingCheck.allCases.map(\.rawValue)))),
                    ("workLog", .string), ("keysPost", .string), ("keysGuard", .string), ("keysReceivedAt", nullableTime), ("reviewedBy", nullableString),
                    ("reviewedAt", nullableTime), ("reviewNote", nullableString), ("status", Schema.enumeration(ShowHouseDayStatus.allCases.map(\.rawValue))),
                ]))),
                ("openFindings", Schema.array(Schema.object([
                    ("room", .string), ("item", .string), ("state", states), ("note", .string), ("foundOn", .string), ("serviceItemID", Schema.uuid),
                    ("serviceItemNo", .string), ("serviceItemStatus", Schema.enumeration(ServiceStatus.allCases.map(\.rawValue))),
                ]))),
            ]),
        ]
        let tag = "show houses"
        let day = Schema.ref("ShowHouseDay")
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/show-houses", "show houses and their day", tag: tag, query: [("day", HandoverAPI.dayQuery)],
                 returns: Schema.array(Schema.ref("ShowHouseSummary")), rules: "SH-10, SH-18"),
            .post("/api/v1/properties/{propertyID}/show-houses", "register show house", tag: tag, body: ShowHouseInput.self, status: 201, returns: day, rules: "ORG-1"),
            .get("/api/v1/show-houses/{showHouseID}", "show house day", tag: tag, query: [("day", HandoverAPI.dayQuery)], returns: day, rules: "SH-10…SH-18"),
            .get("/api/v1/show-houses/{showHouseID}/inventory", "show house inventory list", tag: tag, returns: Schema.ref("ShowHouseInventory"), rules: "SH-10"),
            .post("/api/v1/show-houses/{showHouseID}/inventory", "save show house inventory list", tag: tag, body: InventoryInput.self, status: 201,
                  returns: Schema.ref("ShowHouseInventory"), rules: "SH-10"),
            .get("/api/v1/show-houses/{showHouseID}/placement-photos/{attachmentID}", "inventory placement photo", tag: tag, returns: nil, rules: "SH-10"),
            .post("/api/v1/show-houses/{showHouseID}/counts", "record show house count", tag: tag, body: CountInput.self, status: 201, returns: day, rules: "SH-10, SH-11, SH-12, SH-13"),
            .post("/api/v1/show-houses/{showHouseID}/batches", "send visitor batch up", tag: tag, body: BatchInput.self, status: 201, returns: day, rules: "SH-4, SH-14"),
            .post("/api/v1/visitor-batches/{batchID}/arrival", "confirm visitor batch arrival", tag: tag, body: BatchCountInput.self, returns: day, rules: "SH-14"),
            .post("/api/v1/visitor-batches/{batchID}/departure", "count visitor batch out", tag: tag, body: BatchCountInput.self, returns: day, rules: "SH-14, SH-15"),
            .post("/api/v1/visitor-batches/{batchID}/return", "confirm visitor batch return", tag: tag, body: BatchCountInput.self, returns: day, rules: "SH-14"),
            .post("/api/v1/show-houses/{showHouseID}/refusals", "turn visitors away", tag: tag, body: RefusalInput.self, status: 201, returns: day, rules: "SH-4"),
            .post("/api/v1/show-houses/{showHouseID}/feedback", "record guest feedback", tag: tag, body: FeedbackInput.self, status: 201, returns: day, rules: "SH-16, SH-33"),
            .post("/api/v1/show-houses/{showHouseID}/closing", "close show house", tag: tag, body: ClosingInput.self, status: 201, returns: day, rules: "SH-17"),
            .post("/api/v1/show-house-days/{dayID}/keys-received", "confirm show house keys received", tag: tag, returns: day, rules: "SH-17"),
            .post("/api/v1/show-house-days/{dayID}/review", "sign show house day", tag: tag, body: DayReviewInput.self, returns: day, rules: "SH-18"),
        ])
    }
}
