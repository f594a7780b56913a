import Fluent
import Foundation

/// 样板房钥匙组 — one set of a show house's keys in the keeping of one
/// responsible holder (《样板房钥匙持用人登记表》, SH-50): security's,
/// property service's, cleaning's. The keys are the key cabinet's keys of the
/// show house's unit, grouped (one key model, not two); while grouped they are
/// the holder's, not the cabinet's. Security's set is sealed (SH-54).
public final class KeySet: Model, @unchecked Sendable {
    public static let schema = "key_sets"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "show_house_id") public var showHouse: ShowHouse
    /// Whose set it is: security, property service or cleaning.
    @Field(key: "keeper") public var keeper: DepartmentCode
    /// 持用人: the one person responsible for it; changed only by a registered transfer (SH-52).
    @Parent(key: "holder_id") public var holder: Staff
    /// The holder's signature on the register, drawn (SH-50).
    @OptionalField(key: "holder_signature") public var holderSignature: String?
    /// 封条号 while sealed; nil while the seal is broken (SH-54).
    @OptionalField(key: "seal_no") public var sealNo: String?
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date
    /// Retired when one of its keys is lost: the lock is changed (SH-53).
    @OptionalField(key: "retired_at") public var retiredAt: Date?
    @OptionalField(key: "retire_note") public var retireNote: String?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $showHouse, $keeper, $holder, $holderSignature, $sealNo, $registeredBy, $registeredAt, $retiredAt, $retireNote]
    }
}

/// One line of a set's register after its registration: a transfer to a new
/// holder (SH-52), the seal broken in an emergency and the reseal (SH-54).
public final class KeySetEvent: Model, @unchecked Sendable {
    public static let schema = "key_set_events"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "key_set_id") public var keySet: KeySet
    @Field(key: "kind") public var kind: KeySetEventKind
    /// Transfer: from whom to whom.
    @OptionalParent(key: "from_holder_id") public var fromHolder: Staff?
    @OptionalParent(key: "to_holder_id") public var toHolder: Staff?
    /// Seal broken: the emergency, in the procedure's words, and what happened.
    @OptionalField(key: "emergency") public var emergency: Emergency?
    @Field(key: "reason") public var reason: String
    /// Seal broken: the key holder or supervisor who was present.
    @OptionalParent(key: "witness_id") public var witness: Staff?
    /// The seal's number: the one broken, or the new one.
    @OptionalField(key: "seal_no") public var sealNo: String?
    @OptionalField(key: "signature") public var signature: String?
    @Parent(key: "by_id") public var by: Staff
    @Field(key: "at") public var at: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $keySet, $kind, $fromHolder, $toHolder, $emergency, $reason, $witness, $sealNo, $signature, $by, $at] }
}

public enum KeySetEventKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case transfer
    case sealBroken = "seal_broken"
    case resealed

    public var title: Text {
        switch self {
        case .transfer: Text("移交持用人", "Transferred")
        case .sealBroken: Text("紧急启封", "Seal broken")
        case .resealed: Text("重新封存", "Resealed")
        }
    }
}

/// 紧急情况 (SH-1, SH-54): the only reasons to open security's set at night.
public enum Emergency: String, TextColumn, Codable, Sendable, CaseIterable {
    case fire, typhoon, flooding
    case unlocked
    case other

    public var title: Text {
        switch self {
        case .fire: Text("火灾", "Fire")
        case .typhoon: Text("台风", "Typhoon")
        case .flooding: Text("暴雨水浸", "Rainstorm flooding")
        case .unlocked: Text("门窗未锁", "Doors or windows unlocked")
        case .other: Text("其他紧急情况", "Other emergency")
        }
    }
}

extension KeySet: Audited {
    public static let auditType = "key_set"
    public struct Snapshot: Encodable {
        let property: UUID, showHouse: UUID, keeper: DepartmentCode, holder: UUID, holderSignature: String?, sealNo: String?, registeredBy: UUID, registeredAt: Date
        let retiredAt: Date?, retireNote: String?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, showHouse: $showHouse.id, keeper: keeper, holder: $holder.id, holderSignature: holderSignature, sealNo: sealNo,
                 registeredBy: $registeredBy.id, registeredAt: registeredAt, retiredAt: retiredAt, retireNote: retireNote)
    }
}

extension KeySetEvent: Audited {
    public static let auditType = "key_set_event"
    public struct Snapshot: Encodable {
        let property: UUID, keySet: UUID, kind: KeySetEventKind, fromHolder: UUID?, toHolder: UUID?, emergency: Emergency?, reason: String, witness: UUID?
        let sealNo: String?, signature: String?, by: UUID, at: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, keySet: $keySet.id, kind: kind, fromHolder: $fromHolder.id, toHolder: $toHolder.id, emergency: emergency, reason: reason,
                 witness: $witness.id, sealNo: sealNo, signature: signature, by: $by.id, at: at)
    }
}
