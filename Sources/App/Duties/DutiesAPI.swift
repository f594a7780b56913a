import Fluent
import OpenAPIKit30
import Vapor

/// Duties and their compliance in the JSON API (X-2). Same service functions and figures as the pages.
enum DutiesAPI {
    struct DutyDTO: Content {
        /// The duty's id across its edits (its series).
        let id: UUID; let versionID: UUID; let kind: DutyKind; let showHouseID: UUID?; let postID: UUID?; let place: String; let department: DepartmentCode; let minimumRank: Rank
        let cadence: DutyCadence; let windows: String; let everyMinutes: Int?; let weekday: Int?; let monthDay: Int?; let graceMinutes: Int
        let effectiveFrom: Date; let retiredAt: Date?
    }
    struct OccurrenceDTO: Content { let from: Date; let due: Date; let until: Date; let state: DutyRules.State; let recordAt: Date?; let missID: UUID? }
    struct DutyDayDTO: Content { let duty: DutyDTO; let figures: DutyViews.Figures; let occurrences: [OccurrenceDTO] }
    struct MissDTO: Content {
        let id: UUID; let dutyID: UUID; let kind: DutyKind; let place: String; let dueAt: Date; let missedAt: Date; let explanation: String?; let explainedBy: String?; let explainedAt: Date?
    }
    struct DayDTO: Content { let day: String; let figures: DutyViews.Figures; let duties: [DutyDayDTO]; let dueNow: [DutyDayDTO] }
    struct MonthDayDTO: Content { let day: String; let figures: DutyViews.Figures }
    struct MonthDTO: Content { let duty: DutyDTO; let month: String; let figures: DutyViews.Figures; let days: [MonthDayDTO]; let misses: [MissDTO] }

    static func dto(_ series: DutyQueries.Series) -> DutyDTO {
        let d = series.current
        return DutyDTO(id: series.id, versionID: d.id!, kind: d.kind, showHouseID: d.$showHouse.id, postID: d.$post.id, place: series.place, department: d.department, minimumRank: d.minimumRank,
                       cadence: d.cadence, windows: d.windows, everyMinutes: d.everyMinutes, weekday: d.weekday, monthDay: d.monthDay, graceMinutes: d.graceMinutes,
                       effectiveFrom: d.effectiveFrom, retiredAt: d.retiredAt)
    }

    static func dto(_ o: DutyRules.Occurrence, misses: [String: DutyQueries.MissRow]) -> OccurrenceDTO {
        OccurrenceDTO(from: o.slot.from, due: o.slot.due, until: o.slot.until, state: o.state, recordAt: o.recordAt, missID: misses[DutyViews.key(o.slot.dutyID, o.slot.due)]?.id)
    }

    static func dto(_ m: DutyQueries.MissRow) -> MissDTO {
        MissDTO(id: m.id, dutyID: m.seriesID, kind: m.kind, place: m.houseName ?? "", dueAt: m.dueAt, missedAt: m.missedAt, explanation: m.explanation,
                explainedBy: m.explainedBy, explainedAt: m.explainedAt)
    }

    static func dto(_ v: DutyViews.Day) -> DayDTO {
        DayDTO(day: v.day, figures: v.figures,
               duties: v.duties.map { DutyDayDTO(duty: dto($0.series), figures: $0.figures, occurrences: $0.occurrences.map { dto($0, misses: v.misses) }) },
               dueNow: v.dueNow.map { series, o in
                   var f = DutyViews.Figures(); f.add(o.state)
                   return DutyDayDTO(duty: dto(series), figures: f, occurrences: [dto(o, misses: v.misses)])
               })
    }

    static let dayQuery = InputField(.date, label: Text("日期", "day"), rule: "X-2")
    static let monthQuery = InputField.text(7, pattern: #"^[0-9]{4}-(0[1-9]|1[0-2])$"#, label: Text("月份", "month"), rule: "X-2")

    static func month(_ seriesID: UUID?, month: String?, on req: Request) async throws -> MonthDTO {
        let duty = try await Duties.current(seriesID, on: req.db)
        let property = try await req.property(duty.$property.id, for: try req.actor, action: .viewDuties)
        let v = try await DutyViews.month(property: property, seriesID: duty.seriesID, month: month ?? String(property.localTime.day(req.now).prefix(7)), now: req.now, on: req.db)
        return MonthDTO(duty: dto(v.series), month: v.month, figures: v.figures, days: v.days.map { MonthDayDTO(day: $0.day, figures: $0.figures) }, misses: v.misses.map(dto))
    }

    static func dutyID(_ req: Request) throws -> UUID? { try Input.uuid(req.parameters.get("dutyID"), field: "dutyID") }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "duties") { req async throws -> DayDTO in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewDuties)
            let day = try req.queryValue("day", dayQuery) ?? property.localTime.day(req.now)
            return dto(try await DutyViews.day(property: property, day: day, now: req.now, on: req.db))
        }
        api.post("properties", ":propertyID", "duties") { req async throws -> Response in
            let made = try await Duties.create(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(DutyInput.self), on: req)
            return try KeysAPI.created(try await month(made.seriesID, month: nil, on: req).duty)
        }
        api.get("duties", ":dutyID") { req async throws -> MonthDTO in
            try await month(try dutyID(req), month: try req.queryValue("month", monthQuery), on: req)
        }
        api.post("duties", ":dutyID") { req async throws -> DutyDTO in
            let made = try await Duties.revise(dutyID: try dutyID(req), try req.input(DutyInput.self), on: req)
            return try await month(made.seriesID, month: nil, on: req).duty
        }
        api.post("duties", ":dutyID", "retirement") { req async throws -> DutyDTO in
            let made = try await Duties.retire(dutyID: try dutyID(req), on: req)
            return try await month(made.seriesID, month: nil, on: req).duty
        }
        api.post("duty-misses", ":missID", "explanation") { req async throws -> MissDTO in
            let made = try await Duties.explain(missID: try Input.uuid(req.parameters.get("missID"), field: "missID"), try req.input(DutyMissInput.self), on: req)
            let duty = try await Duties.find(made.$duty.id, on: req.db)
            guard let row = try await DutyQueries.misses(propertyID: made.$property.id, since: made.dueAt, until: made.dueAt.addingTimeInterval(1), seriesID: duty.seriesID, on: req.db)
                .first(where: { $0.id == made.id }) else { throw WuyeError.notFound(Text("未完成记录", "missed occurrence")) }
            return dto(row)
        }
    }

    static var section: APISection {
        let nullableTime = Schema.nullable(Schema.dateTime), nullableInt = Schema.nullable(.integer), nullableString = Schema.nullable(.string)
        let figures = Schema.object([("done", .integer), ("late", .integer), ("missed", .integer), ("open", .integer), ("upcoming", .integer)])
        let duty = Schema.object([
            ("id", Schema.uuid), ("versionID", Schema.uuid), ("kind", Schema.enumeration(DutyKind.allCases.map(\.rawValue))), ("showHouseID", Schema.nullable(Schema.uuid)),
            ("postID", Schema.nullable(Schema.uuid)), ("place", .string), ("department", Schema.enumeration(DepartmentCode.staffDepartments.map(\.rawValue))), ("minimumRank", Schema.enumeration(Rank.allCases.map(\.rawValue))),
            ("cadence", Schema.enumeration(DutyCadence.allCases.map(\.rawValue))), ("windows", .string), ("everyMinutes", nullableInt), ("weekday", nullableInt),
            ("monthDay", nullableInt), ("graceMinutes", .integer), ("effectiveFrom", Schema.dateTime), ("retiredAt", nullableTime),
        ], optional: ["showHouseID", "postID", "everyMinutes", "weekday", "monthDay", "retiredAt"])
        let occurrence = Schema.object([
            ("from", Schema.dateTime), ("due", Schema.dateTime), ("until", Schema.dateTime), ("state", Schema.enumeration(DutyRules.State.allCases.map(\.rawValue))),
            ("recordAt", nullableTime), ("missID", Schema.nullable(Schema.uuid)),
        ], optional: ["recordAt", "missID"])
        let dutyDay = Schema.object([("duty", Schema.ref("Duty")), ("figures", Schema.ref("DutyFigures")), ("occurrences", Schema.array(occurrence))])
        let miss = Schema.object([
            ("id", Schema.uuid), ("dutyID", Schema.uuid), ("kind", Schema.enumeration(DutyKind.allCases.map(\.rawValue))), ("place", .string), ("dueAt", Schema.dateTime),
            ("missedAt", Schema.dateTime), ("explanation", nullableString), ("explainedBy", nullableString), ("explainedAt", nullableTime),
        ], optional: ["explanation", "explainedBy", "explainedAt"])
        let schemas: [String: JSONSchema] = [
            "Duty": duty, "DutyFigures": figures, "DutyMiss": miss,
            "DutyDay": Schema.object([("day", .string), ("figures", Schema.ref("DutyFigures")), ("duties", Schema.array(dutyDay)), ("dueNow", Schema.array(dutyDay))]),
            "DutyMonth": Schema.object([("duty", Schema.ref("Duty")), ("month", .string), ("figures", Schema.ref("DutyFigures")),
                                        ("days", Schema.array(Schema.object([("day", .string), ("figures", Schema.ref("DutyFigures"))]))), ("misses", Schema.array(Schema.ref("DutyMiss")))]),
        ]
        let tag = "duties"
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/duties", "duties of a day", tag: tag, query: [("day", dayQuery)], returns: Schema.ref("DutyDay"), rules: "X-2"),
            .post("/api/v1/properties/{propertyID}/duties", "create duty", tag: tag, body: DutyInput.self, status: 201, returns: Schema.ref("Duty"), rules: "X-2"),
            .get("/api/v1/duties/{dutyID}", "duty month", tag: tag, query: [("month", monthQuery)], returns: Schema.ref("DutyMonth"), rules: "X-2"),
            .post("/api/v1/duties/{dutyID}", "revise duty", tag: tag, body: DutyInput.self, returns: Schema.ref("Duty"), rules: "X-2"),
            .post("/api/v1/duties/{dutyID}/retirement", "stop duty", tag: tag, returns: Schema.ref("Duty"), rules: "X-2"),
            .post("/api/v1/duty-misses/{missID}/explanation", "explain missed duty", tag: tag, body: DutyMissInput.self, returns: Schema.ref("DutyMiss"), rules: "X-2"),
        ])
    }
}
