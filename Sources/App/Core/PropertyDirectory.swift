import Fluent
import NIOConcurrencyHelpers
import Vapor

/// 项目 as pages and rules need it: its name, code and clock.
public struct PropertyInfo: Sendable {
    public let id: UUID
    public let name: String
    public let code: String
    public let localTime: LocalTime
}

/// Every property this process has looked up. A property is not edited once
/// created (there is no page or API for it), so its row is read once per
/// process instead of on every request; if editing is ever added, it must
/// bump a version that this checks, as staff assignments do.
final class PropertyDirectory: Sendable {
    private let known = NIOLockedValueBox<[UUID: PropertyInfo]>([:])

    func info(_ id: UUID, on db: any Database) async throws -> PropertyInfo? {
        if let info = known.withLockedValue({ $0[id] }) { return info }
        return try await load([id], on: db)[id]
    }

    func infos<IDs: Sequence>(of ids: IDs, on db: any Database) async throws -> [UUID: PropertyInfo] where IDs.Element == UUID {
        var found: [UUID: PropertyInfo] = [:]
        let missing = known.withLockedValue { known in ids.filter { id in
            if let info = known[id] { found[id] = info; return false }
            return true
        } }
        if !missing.isEmpty { found.merge(try await load(missing, on: db)) { $1 } }
        return found
    }

    func names<IDs: Sequence>(of ids: IDs, on db: any Database) async throws -> [UUID: String] where IDs.Element == UUID {
        try await infos(of: ids, on: db).mapValues(\.name)
    }

    private func load(_ ids: [UUID], on db: any Database) async throws -> [UUID: PropertyInfo] {
        struct Row: ReadRow {
            let id: UUID; let name: String; let code: String; let timeZone: String
            init(_ row: RowReader) throws { id = try row.next("id"); name = try row.next("name"); code = try row.next("code"); timeZone = try row.next("time_zone") }
        }
        let rows = try await db.sql.rows(Row.self, "SELECT id, name, code, time_zone FROM properties WHERE id IN (\(binds: ids))")
        let loaded = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, PropertyInfo(id: $0.id, name: $0.name, code: $0.code, localTime: LocalTime($0.timeZone))) })
        known.withLockedValue { $0.merge(loaded) { $1 } }
        return loaded
    }
}

extension Request {
    /// The property a request acts at, once `actor` may do `action` there:
    /// 404 for an unknown property, 403 (naming the rule) for one they may not.
    func property(_ id: UUID?, for actor: Actor, action: Action) async throws -> PropertyInfo {
        guard let id, let property = try await application.propertyDirectory.info(id, on: db) else {
            throw WuyeError.notFound(Text("项目", "property"), field: "propertyID")
        }
        try Policy.authorize(actor, action, at: id)
        return property
    }
}
