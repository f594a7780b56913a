import Crypto
import Fluent
import Foundation
import SQLKit

/// The outcome of `wuye audit verify`.
public struct AuditReport: Sendable {
    public var eventsChecked = 0
    public var recordsChecked = 0
    /// The first problem found, in words an operator can act on.
    public var firstProblem: String?
    public var problemCount = 0

    public var isIntact: Bool { firstProblem == nil }

    mutating func problem(_ text: String) {
        if firstProblem == nil { firstProblem = text }
        problemCount += 1
    }
}

/// One link of the chain as the verifier reads it: a row straight from
/// `audit_events`, no model object (ten years are ten million of them).
struct AuditLink: ReadRow {
    let seq: Int
    let occurredAt: Date
    let actorID: UUID?
    let actorName: String
    let action: String
    let recordType: String
    let recordID: String
    let propertyID: UUID?
    let before: String?
    let after: String?
    let prevHash: String
    let hash: String

    static let columns = "seq, occurred_at, actor_id, actor_name, action, record_type, record_id, property_id, before, after, prev_hash, hash"

    init(_ row: RowReader) throws {
        seq = try row.next("seq"); occurredAt = try row.next("occurred_at"); actorID = try row.next("actor_id"); actorName = try row.next("actor_name")
        action = try row.next("action"); recordType = try row.next("record_type"); recordID = try row.next("record_id")
        propertyID = try row.next("property_id"); before = try row.next("before"); after = try row.next("after")
        prevHash = try row.next("prev_hash"); hash = try row.next("hash")
    }

    var computedHash: String {
        Self.hash(seq: seq, prevHash: prevHash, occurredAt: occurredAt, actorID: actorID, actorName: actorName, action: action,
                  recordType: recordType, recordID: recordID, propertyID: propertyID, before: before, after: after)
    }

    /// The chain's hash (X-1): SHA-256 of the fields joined by newlines —
    /// seq, previous hash, time in ms, actor id, actor name, action, record
    /// type, record id, property id, before, after. Fed to the hasher part by
    /// part, never joined into one string.
    static func hash(seq: Int, prevHash: String, occurredAt: Date, actorID: UUID?, actorName: String, action: String,
                     recordType: String, recordID: String, propertyID: UUID?, before: String?, after: String?) -> String {
        var hasher = SHA256()
        func add(_ text: String, newline: Bool = true) {
            var text = text
            text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            if newline { withUnsafeBytes(of: UInt8(0x0A)) { hasher.update(bufferPointer: $0) } }
        }
        add(String(seq)); add(prevHash); add(String(occurredAt.epochMilliseconds))
        add(actorID.map(UUIDText.string) ?? ""); add(actorName); add(action); add(recordType); add(recordID)
        add(propertyID.map(UUIDText.string) ?? ""); add(before ?? ""); add(after ?? "", newline: false)
        return Hex.string(hasher.finalize())
    }
}

/// A table whose rows the verifier compares with the chain.
struct AuditedTable: Sendable {
    let type: String
    let schema: String
    /// Every row's id and snapshot, read in batches; nil for a row that no
    /// longer decodes (a value written behind the app's back that the app would never write).
    let snapshots: @Sendable (any Database) async throws -> [(String, String?)]
    /// The same for the given ids only (the rows that are there).
    let snapshotsOf: @Sendable ([UUID], any Database) async throws -> [(String, String?)]

    /// `rowsAtOnce`: how many whole rows are read together; few for a table of photos.
    static func of<M: Audited>(_ model: M.Type, rowsAtOnce: Int = 2000) -> AuditedTable {
        @Sendable func read(_ ids: [UUID], on db: any Database) async throws -> [(String, String?)] {
            guard ids.count <= rowsAtOnce else {
                var all: [(String, String?)] = []
                for start in stride(from: 0, to: ids.count, by: rowsAtOnce) { all += try await read(Array(ids[start..<min(start + rowsAtOnce, ids.count)]), on: db) }
                return all
            }
            do {
                let rows = try await M.query(on: db).filter(\M._$id ~~ ids).sort(\M._$id).all()
                return rows.map { (UUIDText.string($0.id!), AuditLog.snapshot(of: $0)) }
            } catch {
                // One of these rows cannot be read: find which, one by one.
                var found: [(String, String?)] = []
                for id in ids {
                    guard try await M.query(on: db).filter(\M._$id == id).count() > 0 else { continue }
                    let row = try? await M.find(id, on: db)
                    found.append((UUIDText.string(id), row.map { AuditLog.snapshot(of: $0) }))
                }
                return found
            }
        }
        return AuditedTable(type: M.auditType, schema: M.schema, snapshots: { db in
            var all: [(String, String?)] = []
            var last: UUID?
            while true {
                // Keyset paging (after the last id seen), so each batch costs the same however deep.
                let query = M.query(on: db).sort(\M._$id).limit(2000)
                if let last { query.filter(\M._$id > last) }
                let ids = try await query.all(\M._$id)
                if ids.isEmpty { break }
                all += try await read(ids, on: db)
                if ids.count < 2000 { break }
                last = ids.last
            }
            return all
        }, snapshotsOf: { ids, db in try await read(ids, on: db) })
    }
}

/// `wuye audit verify`: the chain links and hashes, the head, and every
/// audited row against its last event (X-1). `verify(after:)` checks only
/// what was added since a signed checkpoint.
public enum AuditVerifier {
    private static let batch = 20_000

    public static func verify(on db: any Database) async throws -> AuditReport {
        var (report, lastState) = try await chain(on: db)
        try await checkRows(of: auditedTables, against: lastState, on: db, report: &report)
        return report
    }

    /// Each record's last event, as the whole chain (checked link by link, and its head) has it.
    typealias LastStates = [String: (seq: Int, after: String?)]

    static func chain(on db: any Database) async throws -> (AuditReport, LastStates) {
        var report = AuditReport()
        var lastState: LastStates = [:]
        let end = try await checkChain(from: 1, previousHash: AuditHead.genesisHash, on: db, report: &report) { link in
            lastState[link.recordType + "/" + link.recordID] = (link.seq, link.after)
        }
        try await checkHead(end, on: db, report: &report)
        return (report, lastState)
    }

    /// Every row of these tables against its last event; a record with events but no row was deleted.
    static func checkRows(of tables: [AuditedTable], against lastState: LastStates, on db: any Database, report: inout AuditReport) async throws {
        for table in tables {
            var present = Set<String>()
            for (id, snapshot) in try await table.snapshots(db) {
                let key = table.type + "/" + id
                present.insert(key)
                report.recordsChecked += 1
                compare(key, snapshot: snapshot, with: lastState[key], type: table.type, id: id, report: &report)
            }
            for (key, state) in lastState where key.hasPrefix(table.type + "/") && state.after != nil && !present.contains(key) {
                report.problem("\(key.replacingOccurrences(of: "/", with: " ")) was deleted behind the app's back (last audit event #\(state.seq))")
            }
        }
    }

    /// Checks the events after a checkpoint (whose signature the caller has
    /// checked): the checkpoint's event still has its hash, each later event
    /// links and hashes, the head is the last of them, and every record those
    /// events touched matches the newest of them. Rows changed behind the
    /// app's back without an event are found by the full verify.
    public static func verify(after checkpoint: AuditCheckpoint, on db: any Database) async throws -> AuditReport {
        var report = AuditReport()
        let anchor = try await db.sql.row(AuditLink.self, "SELECT \(unsafeRaw: AuditLink.columns) FROM audit_events WHERE seq = \(bind: checkpoint.seq)")
        guard let anchor, anchor.hash == checkpoint.hash, anchor.computedHash == anchor.hash else {
            report.problem("audit event #\(checkpoint.seq) no longer has the hash published in the checkpoint: the chain was cut back or rewritten")
            return report
        }
        var touched: [String: (seq: Int, after: String?)] = [:]
        let end = try await checkChain(from: checkpoint.seq + 1, previousHash: checkpoint.hash, on: db, report: &report) { link in
            touched[link.recordType + "/" + link.recordID] = (link.seq, link.after)
        }
        try await checkHead(end, on: db, report: &report)

        let byType = Dictionary(grouping: touched.keys, by: { String($0.prefix(while: { $0 != "/" })) })
        for table in auditedTables {
            let ids = (byType[table.type] ?? []).compactMap { UUIDText.parse(String($0.dropFirst(table.type.count + 1))) }
            var present = Set<String>()
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for (id, snapshot) in try await table.snapshotsOf(chunk, db) {
                    let key = table.type + "/" + id
                    present.insert(key)
                    report.recordsChecked += 1
                    compare(key, snapshot: snapshot, with: touched[key], type: table.type, id: id, report: &report)
                }
            }
            for id in ids {
                let key = table.type + "/" + UUIDText.string(id)
                if let state = touched[key], state.after != nil, !present.contains(key) {
                    report.problem("\(table.type) \(UUIDText.string(id)) was deleted behind the app's back (last audit event #\(state.seq))")
                }
            }
        }
        return report
    }

    /// Reads the chain from `first` on in batches, checking each link;
    /// `visit` sees every event that is about a record. Returns the next
    /// expected sequence number and the last hash.
    private static func checkChain(from first: Int, previousHash: String, on db: any Database, report: inout AuditReport,
                                   visit: (AuditLink) -> Void) async throws -> (next: Int, hash: String) {
        var expected = first
        var previousHash = previousHash
        while true {
            let links = try await db.sql.rows(AuditLink.self, """
                SELECT \(unsafeRaw: AuditLink.columns) FROM audit_events WHERE seq >= \(bind: expected) ORDER BY seq LIMIT \(unsafeRaw: String(batch))
                """)
            for link in links {
                if link.seq != expected {
                    report.problem("audit event #\(expected) is missing (the chain jumps from #\(expected - 1) to #\(link.seq))")
                }
                if link.prevHash != previousHash {
                    report.problem("audit event #\(link.seq) does not link to the event before it")
                }
                if link.computedHash != link.hash {
                    report.problem("audit event #\(link.seq) (\(link.action) on \(link.recordType) \(link.recordID)) was altered after it was written")
                }
                if !link.recordType.hasPrefix("note:") { visit(link) }
                previousHash = link.hash
                expected = link.seq + 1
                report.eventsChecked += 1
            }
            if links.count < batch { return (expected, previousHash) }
        }
    }

    private static func checkHead(_ end: (next: Int, hash: String), on db: any Database, report: inout AuditReport) async throws {
        guard let head = try await AuditHead.find(1, on: db) else {
            return report.problem("the audit chain head is missing")
        }
        if head.seq != end.next - 1 {
            report.problem("audit events after #\(end.next - 1) are missing (the chain head is at #\(head.seq))")
        } else if head.hash != end.hash {
            report.problem("the audit chain head does not match audit event #\(end.next - 1)")
        }
    }

    private static func compare(_ key: String, snapshot: String?, with state: (seq: Int, after: String?)?, type: String, id: String, report: inout AuditReport) {
        guard let state else {
            return report.problem("\(type) \(id) has no audit event: it was written behind the app's back")
        }
        guard let snapshot else {
            return report.problem("\(type) \(id) holds a value the app never writes (it cannot be read): it was changed behind the app's back")
        }
        if state.after != snapshot {
            report.problem("\(type) \(id) differs from its last audited state (audit event #\(state.seq)): it was changed behind the app's back")
        }
    }

    /// Every table the chain vouches for.
    static var auditedTables: [AuditedTable] {
        [
            .of(Property.self), .of(Building.self), .of(Unit.self), .of(Department.self), .of(Post.self),
            .of(Staff.self), .of(StaffProperty.self),
            .of(RoomKey.self), .of(KeyCheckout.self), .of(SpareKeyRelease.self), .of(LockChange.self),
            .of(Customer.self), .of(CustomerUnit.self), .of(CustomerDocument.self), .of(CustomerImport.self), .of(CustomerNotice.self), .of(NoticeDelivery.self),
            .of(PublicSpace.self), .of(SpaceUse.self), .of(SpaceViolation.self), .of(Attachment.self, rowsAtOnce: 4),
            .of(ServiceItem.self), .of(ServiceItemNote.self), .of(DeskHandover.self), .of(DeskHandoverItem.self), .of(ShiftSettings.self), .of(ComplaintReview.self),
            .of(HandoverTemplate.self), .of(HandoverSheet.self), .of(HandoverEntry.self),
            .of(ShowHouse.self), .of(ShowHouseInventory.self), .of(ShowHouseCount.self), .of(ShowHouseFinding.self), .of(VisitorBatch.self), .of(VisitorRefusal.self),
            .of(GuestFeedback.self), .of(ShowHouseDay.self), .of(KeySet.self), .of(KeySetEvent.self),
            .of(ShowHouseSummary.self), .of(LobbySupply.self), .of(SupplyMovement.self), .of(ConstructionHandover.self),
            .of(Duty.self), .of(DutyMiss.self), .of(SupervisionChecklist.self), .of(Inspection.self), .of(PatrolRound.self), .of(RectificationNotice.self), .of(AlertChannel.self), .of(OperationsRecord.self),
            .of(Contractor.self), .of(ContractorAccount.self), .of(SiteAccessSettings.self), .of(WorkLiaisonForm.self), .of(WorkFormWorker.self), .of(SiteEntry.self),
            .of(WorkSiteCheck.self), .of(ContractorIncident.self), .of(EmergencyEntry.self), .of(AfterHoursPass.self),
        ]
    }
}
