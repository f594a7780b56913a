import Fluent
import Foundation

/// 样板房 — a furnished unit shown to buyers (ORG-1): its unit type (户型),
/// floor and opening hours. It is a real unit of a building, so its keys are
/// the key cabinet's keys of that unit.
public final class ShowHouse: Model, @unchecked Sendable {
    public static let schema = "show_houses"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "unit_id") public var unit: Unit
    @Field(key: "name") public var name: String
    /// 户型, as sales name it: "A户型 三室两厅 128㎡".
    @Field(key: "unit_type") public var unitType: String
    @Field(key: "floor") public var floor: String
    /// Reception hours, "09:00" and "18:00" at the property.
    @Field(key: "opens_at") public var opensAt: String
    @Field(key: "closes_at") public var closesAt: String
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $unit, $name, $unitType, $floor, $opensAt, $closesAt, $registeredBy, $registeredAt] }
}

/// 《样板房物品清点记录表》 — a show house's inventory list. Never edited in
/// place: an edit is a new version, used from the next count (as checklists are).
public final class ShowHouseInventory: Model, @unchecked Sendable {
    public static let schema = "show_house_inventories"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "version") public var version: Int
    /// The lines in order, as JSON: `[{"room": "客厅", "item": "沙发靠枕", "expected": 4}]`.
    @Field(key: "items") public var items: String
    @Parent(key: "edited_by_id") public var editedBy: Staff
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $showHouse, $version, $items, $editedBy, $editedAt] }

    public var lines: [InventoryLine] { JSONColumn.list(items) }
}

/// One furnishing on the list: where it is, what it is, how many there
/// should be, and a photo of it placed as it should be (the show house's
/// attachment, kept across versions).
public struct InventoryLine: Codable, Sendable, Equatable {
    public var room: String
    public var item: String
    public var expected: Int
    public var photo: UUID?

    public init(room: String, item: String, expected: Int, photo: UUID? = nil) {
        self.room = room; self.item = item; self.expected = expected; self.photo = photo
    }
}

/// 开馆清点 / 闭馆清点 — one count of a show house (SH-10): each line of the
/// list marked, the hygiene check, and at opening the climate setting (SH-12)
/// and the lobby's preparation (SH-13). Anything not normal became an
/// incident at the service desk when the count was saved (SH-11).
public final class ShowHouseCount: Model, @unchecked Sendable {
    public static let schema = "show_house_counts"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Parent(key: "inventory_id") public var inventory: ShowHouseInventory
    @Field(key: "day") public var day: String
    @Field(key: "kind") public var kind: CountKind
    @Parent(key: "counted_by_id") public var countedBy: Staff
    @Field(key: "counted_at") public var countedAt: Date
    /// One mark per line of the list, in its order, as JSON `[{"state": "present", "note": null}]`.
    @Field(key: "marks") public var marks: String
    @Field(key: "hygiene_ok") public var hygieneOK: Bool
    @OptionalField(key: "hygiene_note") public var hygieneNote: String?
    /// SH-12, at opening: the weather outside and the air conditioning as set.
    @OptionalField(key: "outdoor_temp") public var outdoorTemp: Int?
    @OptionalField(key: "set_temp") public var setTemp: Int?
    @OptionalField(key: "crowded") public var crowded: Bool?
    @OptionalField(key: "raining") public var raining: Bool?
    @OptionalField(key: "dehumidify") public var dehumidify: Bool?
    /// SH-13, at opening: what kind of day, and how the lobby is laid out for it.
    @OptionalField(key: "day_type") public var dayType: DayType?
    @OptionalField(key: "shoe_covers") public var shoeCovers: ShoeCovers?
    @OptionalField(key: "umbrella_bagger") public var umbrellaBagger: Bool?
    @OptionalField(key: "signage") public var signage: Bool?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $inventory, $day, $kind, $countedBy, $countedAt, $marks, $hygieneOK, $hygieneNote,
         $outdoorTemp, $setTemp, $crowded, $raining, $dehumidify, $dayType, $shoeCovers, $umbrellaBagger, $signage]
    }

    public var markList: [CountMark] { JSONColumn.list(marks) }
}

public enum CountKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case opening, closing

    public var title: Text {
        switch self {
        case .opening: Text("开馆清点", "Opening count")
        case .closing: Text("闭馆清点", "Closing count")
        }
    }
}

/// What a line was found as (SH-10, SH-11).
public enum ItemState: String, TextColumn, Codable, Sendable, CaseIterable {
    case present, missing, damaged, misplaced

    public var title: Text {
        switch self {
        case .present: Text("✓ 齐全在位", "✓ present")
        case .missing: Text("缺失", "Missing")
        case .damaged: Text("损坏", "Damaged")
        case .misplaced: Text("错位", "Misplaced")
        }
    }
}

/// One line's mark on a count.
public struct CountMark: Codable, Sendable, Equatable {
    public var state: ItemState
    public var note: String?
}

/// SH-13: 开盘、节庆、高峰 call for disposable shoe covers, as rain does.
public enum DayType: String, TextColumn, Codable, Sendable, CaseIterable {
    case normal, opening, celebration, peak

    public var title: Text {
        switch self {
        case .normal: Text("平日", "Ordinary day")
        case .opening: Text("开盘日", "Sales opening")
        case .celebration: Text("节庆活动", "Celebration")
        case .peak: Text("客流高峰", "Peak")
        }
    }
}

public enum ShoeCovers: String, TextColumn, Codable, Sendable, CaseIterable {
    case cloth, disposable

    public var title: Text {
        switch self {
        case .cloth: Text("布鞋套", "Cloth shoe covers")
        case .disposable: Text("一次性鞋套", "Disposable shoe covers")
        }
    }
}

/// A line found not normal at a count, or when construction handed the show
/// house back (SH-21), and the service-desk item it raised (SH-11). While that
/// item is open, every later count shows it on its line and does not raise it again.
public final class ShowHouseFinding: Model, @unchecked Sendable {
    public static let schema = "show_house_findings"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    @Field(key: "day") public var day: String
    @OptionalParent(key: "count_id") public var count: ShowHouseCount?
    @OptionalParent(key: "handover_id") public var handover: ConstructionHandover?
    @Field(key: "room") public var room: String
    @Field(key: "item") public var item: String
    @Field(key: "state") public var state: ItemState
    @Field(key: "note") public var note: String
    @Parent(key: "service_item_id") public var serviceItem: ServiceItem

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $showHouse, $day, $count, $handover, $room, $item, $state, $note, $serviceItem] }
}

extension ShowHouse: Audited {
    public static let auditType = "show_house"
    public struct Snapshot: Encodable { let property: UUID, unit: UUID, name: String, unitType: String, floor: String, opensAt: String, closesAt: String, registeredBy: UUID, registeredAt: Date }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, unit: $unit.id, name: name, unitType: unitType, floor: floor, opensAt: opensAt, closesAt: closesAt, registeredBy: $registeredBy.id, registeredAt: registeredAt)
    }
}

extension ShowHouseInventory: Audited {
    public static let auditType = "show_house_inventory"
    public struct Snapshot: Encodable { let property: UUID, showHouse: UUID, version: Int, items: String, editedBy: UUID, editedAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, showHouse: $showHouse.id, version: version, items: items, editedBy: $editedBy.id, editedAt: editedAt) }
}

extension ShowHouseCount: Audited {
    public static let auditType = "show_house_count"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, inventory: UUID, day: String, kind: CountKind, countedBy: UUID, countedAt: Date, marks: String, hygieneOK: Bool, hygieneNote: String?
        let outdoorTemp: Int?, setTemp: Int?, crowded: Bool?, raining: Bool?, dehumidify: Bool?, dayType: DayType?, shoeCovers: ShoeCovers?, umbrellaBagger: Bool?, signage: Bool?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, inventory: $inventory.id, day: day, kind: kind, countedBy: $countedBy.id, countedAt: countedAt, marks: marks,
                 hygieneOK: hygieneOK, hygieneNote: hygieneNote, outdoorTemp: outdoorTemp, setTemp: setTemp, crowded: crowded, raining: raining, dehumidify: dehumidify,
                 dayType: dayType, shoeCovers: shoeCovers, umbrellaBagger: umbrellaBagger, signage: signage)
    }
}

extension ShowHouseFinding: Audited {
    public static let auditType = "show_house_finding"
    public struct Snapshot: Encodable { let property: UUID, showHouse: UUID, day: String, count: UUID?, handover: UUID?, room: String, item: String, state: ItemState, note: String, serviceItem: UUID }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, day: day, count: $count.id, handover: $handover.id, room: room, item: item, state: state, note: note,
                 serviceItem: $serviceItem.id)
    }
}
