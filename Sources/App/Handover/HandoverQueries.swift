import Fluent
import SQLKit
import Vapor

/// The handover's read side: posts with their checklists, sheets, their
/// words, and what a sheet carries over from the records.
enum HandoverQueries {
    /// Not yet reviewed by the foreman: drafts, sheets waiting or refused, and
    /// accepted ones not yet signed off. Written out so both databases use the
    /// partial index, and the to-do counts never walk years of reviewed sheets.
    static let unfinishedPredicate = "reviewed_at IS NULL"

    struct Sheet: ReadRow {
        let id: UUID; let propertyID: UUID; let postID: UUID; let postName: String; let department: DepartmentCode; let templateID: UUID; let templateVersion: Int
        let templateItems: String; let day: String; let shift: ShiftName; let status: HandoverStatus; let outgoingID: UUID; let outgoingName: String; let startedAt: Date
        let marks: String?; let workLog: String?; let carried: String?; let cabinetExpected: Int?; let cabinetCounted: Int?
        let incomingID: UUID?; let incomingName: String?; let offeredAt: Date?; let outgoingSignature: String?; let acceptedAt: Date?; let incomingSignature: String?
        let refusalCount: Int; let refusalReason: String?; let reviewedByName: String?; let reviewedAt: Date?
        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); postID = try row.next("post_id"); postName = try row.next("post_name")
            department = try row.next("department"); templateID = try row.next("template_id"); templateVersion = try row.next("template_version")
            templateItems = try row.next("template_items"); day = try row.next("day"); shift = try row.next("shift"); status = try row.next("status")
            outgoingID = try row.next("outgoing_id"); outgoingName = try row.next("outgoing_name"); startedAt = try row.next("started_at")
            marks = try row.next("marks"); workLog = try row.next("work_log"); carried = try row.next("carried")
            cabinetExpected = try row.next("cabinet_expected"); cabinetCounted = try row.next("cabinet_counted")
            incomingID = try row.next("incoming_id"); incomingName = try row.next("incoming_name"); offeredAt = try row.next("offered_at")
            outgoingSignature = try row.next("outgoing_signature"); acceptedAt = try row.next("accepted_at"); incomingSignature = try row.next("incoming_signature")
            refusalCount = try row.next("refusal_count"); refusalReason = try row.next("refusal_reason"); reviewedByName = try row.next("reviewed_by_name")
            reviewedAt = try row.next("reviewed_at")
        }

        var checklist: [ChecklistItem] { JSONColumn.list(templateItems) }
        var markList: [ChecklistMark] { JSONColumn.list(marks) }
        var carriedList: [CarriedItem] { JSONColumn.list(carried) }
        var cabinetDifference: Int? { HandoverRules.cabinetDifference(expected: cabinetExpected, counted: cabinetCounted) }
    }

    static let columns: SQLQueryString = """
        SELECT s.id, s.property_id, s.post_id, p.name AS post_name, d.code AS department, s.template_id, t.version AS template_version, t.items AS template_items,
               s.day, s.shift, s.status, s.outgoing_id, o.name AS outgoing_name, s.started_at, s.marks, s.work_log, s.carried, s.cabinet_expected, s.cabinet_counted,
               s.incoming_id, i.name AS incoming_name, s.offered_at, s.outgoing_signature, s.accepted_at, s.incoming_signature, s.refusal_count, s.refusal_reason,
               r.name AS reviewed_by_name, s.reviewed_at
        FROM handover_sheets s JOIN posts p ON p.id = s.post_id JOIN departments d ON d.id = p.department_id JOIN handover_templates t ON t.id = s.template_id
        JOIN staff o ON o.id = s.outgoing_id LEFT JOIN staff i ON i.id = s.incoming_id LEFT JOIN staff r ON r.id = s.reviewed_by_id
        """

    static func one(_ id: UUID, on db: any Database) async throws -> Sheet? {
        try await db.sql.row(Sheet.self, columns + " WHERE s.id = \(bind: id)")
    }

    /// The property's sheets of one day, or of one post over recent days.
    static func sheets(propertyID: UUID, day: String? = nil, postID: UUID? = nil, limit: Int = 200, on db: any Database) async throws -> [Sheet] {
        var query = columns + " WHERE s.property_id = \(bind: propertyID)"
        if let day { query += " AND s.day = \(bind: day)" }
        if let postID { query += " AND s.post_id = \(bind: postID)" }
        return try await db.sql.rows(Sheet.self, query + " ORDER BY s.day DESC, p.name, s.shift LIMIT \(literal: limit)")
    }

    struct Entry: ReadRow {
        let id: UUID; let kind: HandoverEntryKind; let text: String; let writtenByName: String; let writtenAt: Date
        init(_ row: RowReader) throws {
            id = try row.next("id"); kind = try row.next("kind"); text = try row.next("text"); writtenByName = try row.next("written_by_name"); writtenAt = try row.next("written_at")
        }
    }

    static func entries(of sheetID: UUID, on db: any Database) async throws -> [Entry] {
        try await db.sql.rows(Entry.self, """
            SELECT e.id, e.kind, e.text, s.name AS written_by_name, e.written_at FROM handover_entries e JOIN staff s ON s.id = e.written_by_id
            WHERE e.sheet_id = \(bind: sheetID) ORDER BY e.position
            """)
    }

    struct PostRow: ReadRow {
        let id: UUID; let name: String; let department: DepartmentCode; let templateVersion: Int?; let templateItems: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); name = try row.next("name"); department = try row.next("code"); templateVersion = try row.next("version"); templateItems = try row.next("items")
        }
        var checklist: [ChecklistItem] { JSONColumn.list(templateItems) }
    }

    /// The property's posts, each with its current checklist (the latest version).
    static func posts(propertyID: UUID, on db: any Database) async throws -> [PostRow] {
        try await db.sql.rows(PostRow.self, """
            SELECT p.id, p.name, d.code, t.version, t.items FROM posts p JOIN departments d ON d.id = p.department_id
            LEFT JOIN handover_templates t ON t.post_id = p.id AND t.version = (SELECT MAX(version) FROM handover_templates WHERE post_id = p.id)
            WHERE p.property_id = \(bind: propertyID) ORDER BY d.code, p.name
            """)
    }

    /// 遗留事项: what is still open for the post's department at sign-out —
    /// its service-desk items, and on customer service's post every key out
    /// with its holder and due time (HO-2, KY-3).
    static func carried(post: Handovers.PostInfo, now: Date, on db: any Database) async throws -> [CarriedItem] {
        let time = post.property.localTime
        var items = try await db.sql.rows(ServiceQueries.Row.self, ServiceQueries.columns
            + " WHERE i.property_id = \(bind: post.property.id) AND i.department = \(bind: post.department.rawValue) AND i.\(unsafeRaw: ServiceQueries.openPredicate)"
            + " ORDER BY i.urgent DESC, i.raised_at LIMIT 50").map { i in
            CarriedItem(kind: "service_item", label: i.referenceNo + " " + i.kind.title.zh + (i.urgent ? "（紧急）" : ""),
                        detail: String(i.description.prefix(60)) + (i.ownerName.map { " · 跟进 " + $0 } ?? "") + (i.dueAt.map { " · 时限 " + time.dateTime($0) } ?? ""),
                        link: "/service-items/\(i.id)")
        }
        if post.department == .customerService {
            struct Out: ReadRow {
                let id: UUID; let tag: String; let borrowerName: String; let expectedReturnAt: Date
                init(_ row: RowReader) throws { id = try row.next("id"); tag = try row.next("tag"); borrowerName = try row.next("borrower_name"); expectedReturnAt = try row.next("expected_return_at") }
            }
            let out = try await db.sql.rows(Out.self, """
                SELECT c.id, k.tag, c.borrower_name, c.expected_return_at FROM key_checkouts c JOIN room_keys k ON k.id = c.key_id
                WHERE c.property_id = \(bind: post.property.id) AND c.open_key_id IS NOT NULL ORDER BY c.expected_return_at LIMIT 200
                """)
            items += out.map { c in
                CarriedItem(kind: "key", label: "钥匙 " + c.tag, detail: c.borrowerName + " · 应还 " + time.dateTime(c.expectedReturnAt) + (c.expectedReturnAt <= now ? " · 已逾期" : ""),
                            link: "/checkouts/\(c.id)")
            }
        }
        if post.department == .customerService || post.department == .propertyService {
            struct Day: ReadRow {
                let id: UUID; let name: String; let day: String; let keysReceivedAt: Date?
                init(_ row: RowReader) throws { id = try row.next("id"); name = try row.next("name"); day = try row.next("day"); keysReceivedAt = try row.next("keys_received_at") }
            }
            // 样板房当日记录 not yet signed: the next shift sees the day is still open (SH-17, SH-18).
            let days = try await db.sql.rows(Day.self, """
                SELECT d.id, h.name, d.day, d.keys_received_at FROM show_house_days d JOIN show_houses h ON h.id = d.show_house_id
                WHERE d.property_id = \(bind: post.property.id) AND d.reviewed_at IS NULL ORDER BY d.day LIMIT 50
                """)
            items += days.map { d in
                CarriedItem(kind: "show_house_day", label: d.name + " " + d.day, detail: d.keysReceivedAt == nil ? "钥匙待安管确认" : "当日记录待领班审核签字",
                            link: "/show-house-days/\(d.id)")
            }
            // Today's counts not yet done, once their time has come (SH-10, SH-17).
            let today = time.day(now), hhmm = String(time.dateTime(now).suffix(5))
            for house in try await ShowHouseQueries.houses(propertyID: post.property.id, day: today, on: db) where house.dayID == nil {
                let missing = [house.openingAt == nil && hhmm > ShowHouseRules.openingCountBy ? "开馆清点" : nil, house.closingAt == nil && hhmm >= house.closesAt ? "闭馆清点" : nil].compactMap { $0 }
                guard !missing.isEmpty else { continue }
                items.append(CarriedItem(kind: "show_house_count", label: house.name + " " + today, detail: missing.joined(separator: "、") + "未做", link: "/show-houses/\(house.id)"))
            }
        }
        return items
    }

    /// Keys the ledger says are in the cabinet now (KY-3).
    static func keysInCabinet(property: UUID, on db: any Database) async throws -> Int {
        try await db.sql.count("SELECT COUNT(*) AS n FROM room_keys WHERE property_id = \(bind: property) AND status = \(bind: KeyStatus.inCabinet.rawValue) AND key_set_id IS NULL")
    }

    /// 钥匙柜保管人 (KY-3): in working hours the customer-service foreman (or
    /// above) who last accepted the cabinet at a handover; a staff member taking
    /// over the post does not take the cabinet. Outside them the control room.
    /// One statement, the cabinet page being the busiest page there is: the
    /// property's handover times and the last such acceptance side by side.
    static func custodian(property: PropertyInfo, now: Date, on db: any Database) async throws -> (name: String?, since: Date?, controlRoom: Bool) {
        struct Row: ReadRow {
            let morning: String?; let evening: String?; let name: String?; let acceptedAt: Date?
            init(_ row: RowReader) throws { morning = try row.next("morning"); evening = try row.next("evening"); name = try row.next("name"); acceptedAt = try row.next("accepted_at") }
        }
        let row = try await db.sql.row(Row.self, """
            SELECT m.morning, m.evening, c.name, c.accepted_at FROM (SELECT 1 AS one) x
            LEFT JOIN (SELECT morning_handover AS morning, evening_handover AS evening FROM shift_settings WHERE property_id = \(bind: property.id)) m ON 1 = 1
            LEFT JOIN (SELECT st.name, s.accepted_at FROM handover_sheets s JOIN staff st ON st.id = s.incoming_id
                       WHERE s.property_id = \(bind: property.id) AND s.cabinet_counted IS NOT NULL AND s.status = \(bind: HandoverStatus.accepted.rawValue)
                         AND st.rank IN (\(binds: Rank.allCases.filter { $0 >= .foreman }.map(\.rawValue)))
                       ORDER BY s.accepted_at DESC LIMIT 1) c ON 1 = 1
            """)
        let morning = row?.morning ?? ShiftSettings.defaults.morning, evening = row?.evening ?? ShiftSettings.defaults.evening
        guard ServiceDeskRules.isWorkingHours(now, morning: morning, evening: evening, time: property.localTime) else { return (nil, nil, true) }
        return (row?.name, row?.acceptedAt, false)
    }
}
