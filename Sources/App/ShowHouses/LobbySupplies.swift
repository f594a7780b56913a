import Fluent
import Vapor

/// 耗材库存 (SH-13): the lobby's consumables, used and replenished against
/// their stock, low ones flagged. Pages and API call these same functions.
public enum LobbySupplies {
    static let noun = Text("耗材", "supply")

    /// A new consumable with its opening stock (supervisors, with the show houses).
    public static func add(propertyID: UUID?, _ input: SupplyInput, on req: Request) async throws -> LobbySupply {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageShowHouses)
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("名称", "Name"), rule: "SH-13") }
        guard let unit = Input.text(input.unit) else { throw WuyeError.missing("unit", Text("单位", "Unit"), rule: "SH-13") }
        let now = req.now
        do {
            return try await req.write { db in
                let supply = LobbySupply()
                supply.$property.id = property.id; supply.name = name; supply.unit = unit; supply.stock = input.stock ?? 0; supply.lowAt = input.lowAt ?? 0
                supply.$registeredBy.id = actor.id; supply.registeredAt = now
                try await AuditLog.create("lobby_supply.added", supply, by: .person(actor), property: property.id, at: now, on: db)
                return supply
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("已有同名耗材", "A supply has this name"), rule: "SH-13", field: "name")
        }
    }

    /// 领用 or 补充: never more used than there is (SH-13).
    public static func move(supplyID: UUID?, _ input: SupplyMovementInput, on req: Request) async throws -> LobbySupply {
        let actor = try req.actor
        guard let supplyID, let found = try await LobbySupply.find(supplyID, on: req.db) else { throw WuyeError.notFound(noun, field: "supplyID") }
        let property = try await req.property(found.$property.id, for: actor, action: .keepShowHouse)
        guard let kind = Input.text(input.kind).flatMap(SupplyMovementKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("领用或补充", "Used or replenished"), choose: true, rule: "SH-13") }
        guard let quantity = input.quantity else { throw WuyeError.missing("quantity", Text("数量", "Quantity"), rule: "SH-13") }
        let now = req.now
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(LobbySupply.self, found.id, on: db) else { throw WuyeError.notFound(noun) }
            let after = kind == .use ? locked.record.stock - quantity : locked.record.stock + quantity
            guard after >= 0 else {
                throw WuyeError.invalid("quantity", Text("库存只有 \(locked.record.stock) \(locked.record.unit)", "only \(locked.record.stock) in stock"), rule: "SH-13")
            }
            let movement = SupplyMovement()
            movement.$property.id = property.id; movement.$supply.id = found.id!; movement.kind = kind; movement.quantity = quantity; movement.stockAfter = after
            movement.note = Input.text(input.note); movement.$by.id = actor.id; movement.at = now
            try await AuditLog.create("supply_movement.\(kind.rawValue)", movement, by: .person(actor), property: property.id, at: now, on: db)
            return try await AuditLog.update("lobby_supply.\(kind.rawValue)", locked, by: .person(actor), property: property.id, at: now, on: db) { $0.stock = after }
        }
    }
}

/// A new consumable (SH-13).
public struct SupplyInput: CheckedInput, Content {
    public var name: String?
    public var unit: String?
    public var stock: Int?
    public var lowAt: Int?

    public static let schema = InputSchema("LobbySupplyInput", [
        ("name", .text(30, label: Text("名称", "name"), rule: "SH-13")),
        ("unit", .text(6, label: Text("单位", "unit"), rule: "SH-13")),
        ("stock", .integer(0...1_000_000, label: Text("库存", "stock"))),
        ("lowAt", .integer(0...1_000_000, label: Text("低库存提醒", "lowAt"))),
    ])
}

/// 领用 / 补充 (SH-13).
public struct SupplyMovementInput: CheckedInput, Content {
    public var kind: String?
    public var quantity: Int?
    public var note: String?

    public static let schema = InputSchema("SupplyMovement", [
        ("kind", .choice(SupplyMovementKind.allCases.map(\.rawValue), label: Text("领用或补充", "kind"), rule: "SH-13")),
        ("quantity", .integer(1...100_000, label: Text("数量", "quantity"))),
        ("note", .text(200, label: Text("备注", "note"), rule: "SH-13")),
    ])
}
