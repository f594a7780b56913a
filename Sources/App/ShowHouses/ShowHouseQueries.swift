import Fluent
import SQLKit
import Vapor

/// The show houses' read side: the property's houses with how their day
/// stands, and one house's day with everything recorded in it.
enum ShowHouseQueries {
    /// A line a count found not normal whose service-desk item is still open (SH-11).
    struct OpenFinding: ReadRow {
        let room: String; let item: String; let state: ItemState; let note: String; let day: String
        let serviceItemID: UUID; let referenceNo: String; let status: ServiceStatus
        init(_ row: RowReader) throws {
            room = try row.next("room"); item = try row.next("item"); state = try row.next("state"); note = try row.next("note"); day = try row.next("day")
            serviceItemID = try row.next("service_item_id"); referenceNo = try row.next("reference_no"); status = try row.next("status")
        }
    }

    static func openFindings(of houseID: UUID, on db: any Database) async throws -> [OpenFinding] {
        try await db.sql.rows(OpenFinding.self, """
            SELECT f.room, f.item, f.state, f.note, f.day, f.service_item_id, i.reference_no, i.status
            FROM show_house_findings f JOIN service_items i ON i.id = f.service_item_id
            WHERE f.show_house_id = \(bind: houseID) AND i.status <> \(bind: ServiceStatus.closed.rawValue) ORDER BY f.day, f.room, f.item
            """)
    }

    /// A show house with how its day stands.
    struct House: ReadRow {
        let id: UUID; let propertyID: UUID; let name: String; let unitType: String; let floor: String; let opensAt: String; let closesAt: String
        let unitLabel: String; let inventoryVersion: Int?
        let openingAt: Date?; let closingAt: Date?; let batches: Int; let visitors: Int; let refusals: Int; let openFindings: Int
        let dayID: UUID?; let keysReceivedAt: Date?; let reviewedAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); name = try row.next("name"); unitType = try row.next("unit_type"); floor = try row.next("floor")
            opensAt = try row.next("opens_at"); closesAt = try row.next("closes_at"); unitLabel = try row.next("unit_label"); inventoryVersion = try row.next("inventory_version")
            openingAt = try row.next("opening_at"); closingAt = try row.next("closing_at"); batches = try row.next("batches"); visitors = try row.next("visitors")
            refusals = try row.next("refusals"); openFindings = try row.next("open_findings")
            dayID = try row.next("day_id"); keysReceivedAt = try row.next("keys_received_at"); reviewedAt = try row.next("reviewed_at")
        }
        var dayStatus: ShowHouseDayStatus? { dayID == nil ? nil : ShowHouseDayStatus(keysReceived: keysReceivedAt != nil, reviewed: reviewedAt != nil) }
    }

    static func houses(propertyID: UUID, day: String, houseID: UUID? = nil, on db: any Database) async throws -> [House] {
        var query: SQLQueryString = """
            SELECT h.id, h.property_id, h.name, h.unit_type, h.floor, h.opens_at, h.closes_at, b.name || ' ' || u.number AS unit_label,
                   (SELECT MAX(version) FROM show_house_inventories WHERE show_house_id = h.id) AS inventory_version,
                   (SELECT counted_at FROM show_house_counts WHERE show_house_id = h.id AND day = \(bind: day) AND kind = 'opening') AS opening_at,
                   (SELECT counted_at FROM show_house_counts WHERE show_house_id = h.id AND day = \(bind: day) AND kind = 'closing') AS closing_at,
                   (SELECT COUNT(*) FROM visitor_batches WHERE show_house_id = h.id AND day = \(bind: day)) AS batches,
                   (SELECT CAST(COALESCE(SUM(headcount), 0) AS BIGINT) FROM visitor_batches WHERE show_house_id = h.id AND day = \(bind: day)) AS visitors,
                   (SELECT CAST(COALESCE(SUM(headcount), 0) AS BIGINT) FROM visitor_refusals WHERE show_house_id = h.id AND day = \(bind: day)) AS refusals,
                   (SELECT COUNT(*) FROM show_house_findings f JOIN service_items i ON i.id = f.service_item_id
                     WHERE f.show_house_id = h.id AND i.status <> 'closed') AS open_findings,
                   d.id AS day_id, d.keys_received_at, d.reviewed_at
            FROM show_houses h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id
            LEFT JOIN show_house_days d ON d.show_house_id = h.id AND d.day = \(bind: day)
            WHERE h.property_id = \(bind: propertyID)
            """
        if let houseID { query += " AND h.id = \(bind: houseID)" }
        return try await db.sql.rows(House.self, query + " ORDER BY h.name")
    }

    struct Count: ReadRow {
        let id: UUID; let kind: CountKind; let countedByName: String; let countedAt: Date; let marks: String; let items: String; let inventoryVersion: Int
        let hygieneOK: Bool; let hygieneNote: String?; let outdoorTemp: Int?; let setTemp: Int?; let crowded: Bool?; let raining: Bool?; let dehumidify: Bool?
        let dayType: DayType?; let shoeCovers: ShoeCovers?; let umbrellaBagger: Bool?; let signage: Bool?
        init(_ row: RowReader) throws {
            id = try row.next("id"); kind = try row.next("kind"); countedByName = try row.next("counted_by_name"); countedAt = try row.next("counted_at")
            marks = try row.next("marks"); items = try row.next("items"); inventoryVersion = try row.next("version")
            hygieneOK = try row.next("hygiene_ok"); hygieneNote = try row.next("hygiene_note"); outdoorTemp = try row.next("outdoor_temp"); setTemp = try row.next("set_temp")
            crowded = try row.next("crowded"); raining = try row.next("raining"); dehumidify = try row.next("dehumidify"); dayType = try row.next("day_type")
            shoeCovers = try row.next("shoe_covers"); umbrellaBagger = try row.next("umbrella_bagger"); signage = try row.next("signage")
        }
        var lines: [InventoryLine] { JSONColumn.list(items) }
        var markList: [CountMark] { JSONColumn.list(marks) }
        var abnormal: Int { markList.filter { $0.state != .present }.count }
    }

    struct Batch: ReadRow {
        let id: UUID; let number: Int; let salesName: String; let headcount: Int; let sentByName: String; let sentAt: Date
        let arrivedCount: Int?; let arrivedAt: Date?; let leftCount: Int?; let leftByName: String?; let leftAt: Date?; let returnedCount: Int?; let returnedAt: Date?
        let notes: String?; let note: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); number = try row.next("number"); salesName = try row.next("sales_name"); headcount = try row.next("headcount")
            sentByName = try row.next("sent_by_name"); sentAt = try row.next("sent_at"); arrivedCount = try row.next("arrived_count"); arrivedAt = try row.next("arrived_at")
            leftCount = try row.next("left_count"); leftByName = try row.next("left_by_name"); leftAt = try row.next("left_at")
            returnedCount = try row.next("returned_count"); returnedAt = try row.next("returned_at"); notes = try row.next("notes"); note = try row.next("note")
        }
        var noteList: [BatchNote] { JSONColumn.list(notes) }
        var mismatch: Bool { ShowHouseRules.mismatch(headcount: headcount, arrived: arrivedCount, left: leftCount, returned: returnedCount) }
        /// The next step, if any.
        var next: ShowHouseRules.BatchStep? { arrivedAt == nil ? .arrival : leftAt == nil ? .departure : returnedAt == nil ? .return : nil }
    }

    struct Refusal: ReadRow {
        let headcount: Int; let note: String?; let recordedByName: String; let recordedAt: Date
        init(_ row: RowReader) throws { headcount = try row.next("headcount"); note = try row.next("note"); recordedByName = try row.next("recorded_by_name"); recordedAt = try row.next("recorded_at") }
    }

    struct Feedback: ReadRow {
        let id: UUID; let kind: FeedbackKind; let rating: Int?; let text: String; let guestName: String?; let batchNumber: Int?
        let recordedByName: String; let recordedAt: Date; let serviceItemID: UUID?; let referenceNo: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); kind = try row.next("kind"); rating = try row.next("rating"); text = try row.next("text"); guestName = try row.next("guest_name")
            batchNumber = try row.next("batch_number"); recordedByName = try row.next("recorded_by_name"); recordedAt = try row.next("recorded_at")
            serviceItemID = try row.next("service_item_id"); referenceNo = try row.next("reference_no")
        }
    }

    struct Closing: ReadRow {
        let id: UUID; let closedByID: UUID; let closedByName: String; let closedAt: Date; let workLog: String; let keysPostName: String; let keysGuardID: UUID
        let keysGuardName: String; let keysReceivedAt: Date?; let reviewedByName: String?; let reviewedAt: Date?; let reviewNote: String?; let reviewSignature: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); closedByID = try row.next("closed_by_id"); closedByName = try row.next("closed_by_name"); closedAt = try row.next("closed_at")
            workLog = try row.next("work_log"); keysPostName = try row.next("keys_post_name"); keysGuardID = try row.next("keys_guard_id")
            keysGuardName = try row.next("keys_guard_name"); keysReceivedAt = try row.next("keys_received_at"); reviewedByName = try row.next("reviewed_by_name")
            reviewedAt = try row.next("reviewed_at"); reviewNote = try row.next("review_note"); reviewSignature = try row.next("review_signature")
        }
        var status: ShowHouseDayStatus { ShowHouseDayStatus(keysReceived: keysReceivedAt != nil, reviewed: reviewedAt != nil) }
    }

    /// One show house's day: its counts, batches, refusals, feedback, closing and what is still open.
    struct Day {
        let house: House; let day: String
        let counts: [Count]; let batches: [Batch]; let refusals: [Refusal]; let feedback: [Feedback]; let closing: Closing?; let open: [OpenFinding]
        var visitors: Int { batches.reduce(0) { $0 + $1.headcount } }
        var turnedAway: Int { refusals.reduce(0) { $0 + $1.headcount } }
    }

    static func day(_ house: House, day: String, on db: any Database) async throws -> Day {
        let sql = db.sql
        let counts = try await sql.rows(Count.self, """
            SELECT c.id, c.kind, s.name AS counted_by_name, c.counted_at, c.marks, v.items, v.version, c.hygiene_ok, c.hygiene_note, c.outdoor_temp, c.set_temp,
                   c.crowded, c.raining, c.dehumidify, c.day_type, c.shoe_covers, c.umbrella_bagger, c.signage
            FROM show_house_counts c JOIN staff s ON s.id = c.counted_by_id JOIN show_house_inventories v ON v.id = c.inventory_id
            WHERE c.show_house_id = \(bind: house.id) AND c.day = \(bind: day) ORDER BY c.counted_at
            """)
        let batches = try await sql.rows(Batch.self, """
            SELECT b.id, b.number, b.sales_name, b.headcount, s.name AS sent_by_name, b.sent_at, b.arrived_count, b.arrived_at, b.left_count, l.name AS left_by_name,
                   b.left_at, b.returned_count, b.returned_at, b.notes, b.note
            FROM visitor_batches b JOIN staff s ON s.id = b.sent_by_id LEFT JOIN staff l ON l.id = b.left_by_id
            WHERE b.show_house_id = \(bind: house.id) AND b.day = \(bind: day) ORDER BY b.number
            """)
        let refusals = try await sql.rows(Refusal.self, """
            SELECT r.headcount, r.note, s.name AS recorded_by_name, r.recorded_at FROM visitor_refusals r JOIN staff s ON s.id = r.recorded_by_id
            WHERE r.show_house_id = \(bind: house.id) AND r.day = \(bind: day) ORDER BY r.recorded_at
            """)
        let feedback = try await sql.rows(Feedback.self, """
            SELECT g.id, g.kind, g.rating, g.text, g.guest_name, b.number AS batch_number, s.name AS recorded_by_name, g.recorded_at, g.service_item_id, i.reference_no
            FROM guest_feedback g JOIN staff s ON s.id = g.recorded_by_id LEFT JOIN visitor_batches b ON b.id = g.batch_id LEFT JOIN service_items i ON i.id = g.service_item_id
            WHERE g.show_house_id = \(bind: house.id) AND g.day = \(bind: day) ORDER BY g.recorded_at
            """)
        let closing = try await sql.row(Closing.self, """
            SELECT d.id, d.closed_by_id, c.name AS closed_by_name, d.closed_at, d.work_log, p.name AS keys_post_name, d.keys_guard_id, g.name AS keys_guard_name,
                   d.keys_received_at, r.name AS reviewed_by_name, d.reviewed_at, d.review_note, d.review_signature
            FROM show_house_days d JOIN staff c ON c.id = d.closed_by_id JOIN posts p ON p.id = d.keys_post_id JOIN staff g ON g.id = d.keys_guard_id
            LEFT JOIN staff r ON r.id = d.reviewed_by_id
            WHERE d.show_house_id = \(bind: house.id) AND d.day = \(bind: day)
            """)
        return Day(house: house, day: day, counts: counts, batches: batches, refusals: refusals, feedback: feedback, closing: closing,
                   open: try await openFindings(of: house.id, on: db))
    }

    /// The property's security posts and guards, for the keys at closing (SH-17).
    static func securityPosts(propertyID: UUID, on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await Post.query(on: db).filter(\.$property.$id == propertyID).join(Department.self, on: \Post.$department.$id == \Department.$id)
            .filter(Department.self, \.$code == .security).sort(\.$name).all().map { ($0.id!, $0.name) }
    }
}
