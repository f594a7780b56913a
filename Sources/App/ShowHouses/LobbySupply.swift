import Fluent
import Foundation

/// 大堂耗材 — a consumable the lobby lays out (SH-13): cloth and disposable
/// shoe covers, umbrella bags; its stock, and the level at which it is low.
public final class LobbySupply: Model, @unchecked Sendable {
    public static let schema = "lobby_supplies"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String
    /// 双, 个, 包…
    @Field(key: "unit") public var unit: String
    @Field(key: "stock") public var stock: Int
    /// At or below this, it is low and shows so.
    @Field(key: "low_at") public var lowAt: Int
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $name, $unit, $stock, $lowAt, $registeredBy, $registeredAt] }
}

/// One use or replenishment of a supply, with the stock after it (SH-13 [6.2.11.2]).
public final class SupplyMovement: Model, @unchecked Sendable {
    public static let schema = "supply_movements"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "supply_id") public var supply: LobbySupply
    @Field(key: "kind") public var kind: SupplyMovementKind
    @Field(key: "quantity") public var quantity: Int
    @Field(key: "stock_after") public var stockAfter: Int
    @OptionalField(key: "note") public var note: String?
    @Parent(key: "by_id") public var by: Staff
    @Field(key: "at") public var at: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $supply, $kind, $quantity, $stockAfter, $note, $by, $at] }
}

public enum SupplyMovementKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 领用: taken out for the lobby.
    case use
    /// 补充: delivered.
    case replenish

    public var title: Text {
        switch self {
        case .use: Text("领用", "Used")
        case .replenish: Text("补充", "Replenished")
        }
    }
}

extension LobbySupply: Audited {
    public static let auditType = "lobby_supply"
    public struct Snapshot: Encodable { let property: UUID, name: String, unit: String, stock: Int, lowAt: Int, registeredBy: UUID, registeredAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, name: name, unit: unit, stock: stock, lowAt: lowAt, registeredBy: $registeredBy.id, registeredAt: registeredAt) }
}

extension SupplyMovement: Audited {
    public static let auditType = "supply_movement"
    public struct Snapshot: Encodable { let property: UUID, supply: UUID, kind: SupplyMovementKind, quantity: Int, stockAfter: Int, note: String?, by: UUID, at: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, supply: $supply.id, kind: kind, quantity: quantity, stockAfter: stockAfter, note: note, by: $by.id, at: at) }
}
