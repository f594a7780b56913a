import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A record whose every change is written to the audit chain. Its
/// snapshot is the state the chain vouches for: `wuye audit verify` compares
/// each row with the last snapshot written for it.
public protocol Audited: Model where IDValue == UUID {
    associatedtype Snapshot: Encodable
    /// The record type's name in the chain, e.g. "key_checkout".
    static var auditType: String { get }
    var auditSnapshot: Snapshot { get }
}

/// A record that people edit (rather than move through steps) carries a
/// version: an edit names the version it started from, and a stale one is
/// refused instead of silently overwriting someone else's change.
public protocol Versioned: AnyObject {
    var version: Int { get set }
}

/// A record read and locked inside the current transaction; only these can
/// be changed with `AuditLog.update`, so no change starts from a stale copy.
@dynamicMemberLookup
public struct Locked<M: Audited>: @unchecked Sendable {
    public let record: M
    public subscript<T>(dynamicMember keyPath: KeyPath<M, T>) -> T { record[keyPath: keyPath] }
}

/// 审计事件 — one link of the append-only chain: who did what to which record,
/// when, with the state before and after; `hash` covers all of it and the
/// previous link's hash.
public final class AuditEvent: Model, @unchecked Sendable {
    public static let schema = "audit_events"
    @ID(custom: "seq", generatedBy: .user) public var id: Int?
    @Field(key: "occurred_at") public var occurredAt: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: String
    @Field(key: "record_type") public var recordType: String
    @Field(key: "record_id") public var recordID: String
    @OptionalField(key: "property_id") public var propertyID: UUID?
    @OptionalField(key: "before") public var before: String?
    @OptionalField(key: "after") public var after: String?
    @Field(key: "prev_hash") public var prevHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $occurredAt, $actorID, $actorName, $action, $recordType, $recordID, $propertyID, $before, $after, $prevHash, $hash] }

    var computedHash: String {
        AuditLink.hash(seq: id ?? 0, prevHash: prevHash, occurredAt: occurredAt, actorID: actorID, actorName: actorName, action: action,
                       recordType: recordType, recordID: recordID, propertyID: propertyID, before: before, after: after)
    }
}

/// The chain's head: the last sequence number and hash. Every append moves
/// it in the same transaction as its events; on PostgreSQL that UPDATE locks
/// the row until commit, so concurrent transactions append one after another
/// with no gap or fork.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"
    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    var properties: [any AnyProperty] { [$id, $seq, $hash] }
    init(id: Int, seq: Int, hash: String) { self.id = id; self.seq = seq; self.hash = hash }

    static let genesisHash = String(repeating: "0", count: 64)
}

/// Where this process last saw the head of the chain. Only a hint: an
/// append moves the head on condition that it is still here, and reads it
/// afresh when it is not (another process appended, or a transaction that
/// moved it rolled back). So the usual append reads nothing first.
final class AuditHeadHint: Sendable {
    private let head = NIOLockedValueBox<(seq: Int, hash: String)?>(nil)

    var current: (seq: Int, hash: String)? { head.withLockedValue { $0 } }
    func set(seq: Int, hash: String) { head.withLockedValue { $0 = (seq, hash) } }
}

/// The end of the chain as one write transaction sees it: its events are
/// kept in memory and, at its end, chained onto the head and written with
/// one head update and one insert, however many events the action wrote.
final class AuditTail: @unchecked Sendable {
    @TaskLocal static var current: AuditTail?

    private let hint: AuditHeadHint?
    private var events: [AuditEvent] = []

    init(hint: AuditHeadHint? = nil) { self.hint = hint }

    func add(_ event: AuditEvent) { events.append(event) }

    /// Numbers and links the events after `head`; returns the new head.
    private func chain(after head: (seq: Int, hash: String)) -> (seq: Int, hash: String) {
        var (seq, hash) = head
        for event in events {
            seq += 1
            event.id = seq
            event.prevHash = hash
            event.hash = event.computedHash
            hash = event.hash
        }
        return (seq, hash)
    }

    /// Moves the head and writes the events; inside the caller's transaction.
    func flush(on db: any Database) async throws {
        guard !events.isEmpty else { return }
        let sql = db.sql
        var moved: (seq: Int, hash: String)?
        if let seen = hint?.current {
            let next = chain(after: seen)
            let updated = try await sql.raw("""
                UPDATE audit_head SET seq = \(bind: next.seq), hash = \(bind: next.hash) WHERE id = 1 AND seq = \(bind: seen.seq) AND hash = \(bind: seen.hash) RETURNING seq
                """).first()
            if updated != nil { moved = next }
        }
        if moved == nil {
            guard let row = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1" + SQLLock.forUpdate(on: sql)).first() else {
                throw Abort(.internalServerError, reason: "audit head missing")
            }
            let next = chain(after: (try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self)))
            try await sql.raw("UPDATE audit_head SET seq = \(bind: next.seq), hash = \(bind: next.hash) WHERE id = 1").run()
            moved = next
        }
        let columns = ["seq", "occurred_at", "actor_id", "actor_name", "action", "record_type", "record_id", "property_id", "before", "after", "prev_hash", "hash"]
        var start = 0
        while start < events.count {
            let chunk = events[start..<min(start + 80, events.count)]
            var insert = sql.insert(into: AuditEvent.schema).columns(columns)
            for event in chunk {
                insert = insert.values([SQLBind(event.id!), SQLBind(event.occurredAt), SQLBind(event.actorID), SQLBind(event.actorName), SQLBind(event.action),
                                        SQLBind(event.recordType), SQLBind(event.recordID), SQLBind(event.propertyID), SQLBind(event.before),
                                        SQLBind(event.after), SQLBind(event.prevHash), SQLBind(event.hash)])
            }
            try await insert.run()
            start += chunk.count
        }
        events.removeAll()
        if let moved { hint?.set(seq: moved.seq, hash: moved.hash) }
    }
}

/// Who the chain names as the actor.
public struct AuditActor: Sendable {
    public let id: UUID?
    public let name: String

    public static func person(_ actor: Actor) -> AuditActor { AuditActor(id: actor.id, name: actor.name) }
    public static func system(_ name: String) -> AuditActor { AuditActor(id: nil, name: name) }
}

public enum AuditLog {
    /// Sorted keys, dates as milliseconds: the same state always writes the same text.
    static func canonicalJSON<T: Encodable>(_ value: T) -> String {
        try! snapshotJSON.string(value)
    }

    private static let snapshotJSON = FastJSON(dates: .epochMilliseconds)

    /// Writes one event for `record` inside the caller's transaction. Pass
    /// `before` (taken with `snapshot(of:)` before the change) for updates.
    public static func record<M: Audited>(
        _ action: String, _ record: M, before: String? = nil, deleted: Bool = false,
        by actor: AuditActor, property propertyID: UUID?, at time: Date, on db: any Database
    ) async throws {
        try await append(
            action: action, recordType: M.auditType, recordID: record.id!.text,
            before: before, after: deleted ? nil : snapshot(of: record),
            actor: actor, propertyID: propertyID, at: time, on: db)
    }

    /// Saves a new record and writes its event: the one way an audited record is created.
    public static func create<M: Audited>(
        _ action: String, _ record: M, by actor: AuditActor, property propertyID: UUID?, at time: Date, on db: any Database
    ) async throws {
        try await RowWrite.insert(record, on: db)
        try await self.record(action, record, by: actor, property: propertyID, at: time, on: db)
    }

    /// Reads one record inside the caller's transaction and locks it until
    /// the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite
    /// the store already runs one write transaction at a time). Checks made on
    /// it and the change that follows see the row as it really is.
    public static func lock<M: Audited>(_ type: M.Type, _ id: UUID?, on db: any Database) async throws -> Locked<M>? {
        guard let id else { return nil }
        let sql = db.sql
        let row = try await sql.raw("SELECT * FROM \(ident: M.schema) WHERE id = \(bind: id)" + SQLLock.forUpdate(on: sql)).first()
        return try row.map { Locked(record: try $0.decode(fluentModel: M.self)) }
    }

    /// Every record a query finds, read and locked as `lock` does (in id
    /// order, so two transactions locking overlapping sets cannot deadlock).
    public static func lockAll<M: Audited>(_ query: QueryBuilder<M>, on db: any Database) async throws -> [Locked<M>] {
        let ids = try await query.copy().all(\._$id)
        guard !ids.isEmpty else { return [] }
        let sql = db.sql
        let rows = try await sql.raw("SELECT * FROM \(ident: M.schema) WHERE id IN (\(binds: ids.sortedByText())) ORDER BY id" + SQLLock.forUpdate(on: sql)).all()
        return try rows.map { Locked(record: try $0.decode(fluentModel: M.self)) }
    }

    /// Changes a locked record, saves it and writes the event with its state
    /// before and after: the one way an audited record is updated. A record
    /// with a version refuses a change made from an older version (409) and
    /// counts one up on each change.
    @discardableResult
    public static func update<M: Audited>(
        _ action: String, _ locked: Locked<M>, expecting version: Int? = nil,
        by actor: AuditActor, property propertyID: UUID?, at time: Date, on db: any Database,
        _ change: (M) throws -> Void
    ) async throws -> M {
        let record = locked.record
        if let versioned = record as? any Versioned {
            if let version, version != versioned.version {
                throw WuyeError.conflict(Text("这条记录已被他人修改（现为第 \(versioned.version) 版）。请核对后再保存",
                                              "Someone else changed this record (now version \(versioned.version)); check it and save again"),
                                         rule: "X-1", field: "version")
            }
        }
        let before = snapshot(of: record)
        try change(record)
        if let versioned = record as? any Versioned { versioned.version += 1 }
        try await RowWrite.update(record, on: db)
        try await self.record(action, record, before: before, by: actor, property: propertyID, at: time, on: db)
        return record
    }

    /// An event about a record that did not change, e.g. "ID number shown".
    public static func note(
        _ action: String, recordType: String, recordID: UUID,
        by actor: AuditActor, property propertyID: UUID?, at time: Date, on db: any Database
    ) async throws {
        try await append(action: action, recordType: recordType, recordID: recordID.text, before: nil, after: nil,
                         actor: actor, propertyID: propertyID, at: time, on: db, keepsState: false)
    }

    public static func snapshot<M: Audited>(of record: M) -> String { canonicalJSON(record.auditSnapshot) }

    static func append(
        action: String, recordType: String, recordID: String, before: String?, after: String?,
        actor: AuditActor, propertyID: UUID?, at time: Date, on db: any Database, keepsState: Bool = true
    ) async throws {
        let event = AuditEvent()
        event.occurredAt = time
        event.actorID = actor.id
        event.actorName = actor.name
        event.action = action
        // Notes carry a marker so verify does not take them for a state.
        event.recordType = keepsState ? recordType : "note:" + recordType
        event.recordID = recordID
        event.propertyID = propertyID
        event.before = before
        event.after = after
        if let tail = AuditTail.current {
            tail.add(event)
        } else {
            let tail = AuditTail()
            tail.add(event)
            try await tail.flush(on: db)
        }
    }

    /// The events of several records that make up one thing on screen (a
    /// customer's file: the customer, their units, their documents), in chain order.
    public static func history(of records: [(type: String, id: UUID)], on db: any Database) async throws -> [AuditEvent] {
        guard !records.isEmpty else { return [] }
        let types = Set(records.map(\.type)).flatMap { [$0, "note:" + $0] }
        return try await AuditEvent.query(on: db)
            .filter(\.$recordType ~~ types)
            .filter(\.$recordID ~~ records.map(\.id.text))
            .sort(\.$id)
            .all()
    }

    public static func history(recordType: String, recordID: UUID, on db: any Database) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: db)
            .group(.or) { $0.filter(\.$recordType == recordType).filter(\.$recordType == "note:" + recordType) }
            .filter(\.$recordID == recordID.text)
            .sort(\.$id)
            .all()
    }
}
