import Fluent
import Vapor

/// 客户房间钥匙 — one physical key to a customer's unit kept in the
/// customer-service key cabinet (KY-1). Keys are only ever registered with a
/// lock (first registration or a lock change), never as copies (KY-5).
public final class RoomKey: Model, @unchecked Sendable {
    public static let schema = "room_keys"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "unit_id") public var unit: Unit
    /// The code on the key's tag, unique within the property.
    @Field(key: "tag") public var tag: String
    /// Hook or slot in the cabinet, e.g. "A-12".
    @Field(key: "hook") public var hook: String
    @Field(key: "kind") public var kind: KeyKind
    @Field(key: "status") public var status: KeyStatus
    /// Which lock of the unit this key opens: 1 for the original lock, +1 on each lock change.
    @Field(key: "lock_no") public var lockNo: Int
    @Field(key: "registered_at") public var registeredAt: Date
    @Field(key: "status_changed_at") public var statusChangedAt: Date
    @OptionalField(key: "note") public var note: String?
    /// The show-house key set it is grouped in, if any: then it is the set holder's, not the cabinet's (SH-50).
    @OptionalField(key: "key_set_id") public var keySetID: UUID?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $unit, $tag, $hook, $kind, $status, $lockNo, $registeredAt, $statusChangedAt, $note, $keySetID] }
    public init(id: UUID? = nil, propertyID: UUID, unitID: UUID, tag: String, hook: String, kind: KeyKind, lockNo: Int, at: Date) {
        self.id = id; self.$property.id = propertyID; self.$unit.id = unitID; self.tag = tag; self.hook = hook
        self.kind = kind; self.status = .inCabinet; self.lockNo = lockNo; self.registeredAt = at; self.statusChangedAt = at
    }
}

public enum KeyKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 客户房间钥匙
    case room
    /// 客户备用钥匙 — issued only through security's procedure (KY-6).
    case spare

    public var title: Text {
        switch self {
        case .room: Text("房间钥匙", "Room key")
        case .spare: Text("备用钥匙", "Spare key")
        }
    }
}

public enum KeyStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    case inCabinet = "in_cabinet"
    case out
    /// 损坏停用 (KY-4): never issued again.
    case withdrawnDamaged = "withdrawn_damaged"
    case lost
    /// Its lock was changed (KY-5).
    case retired

    public var title: Text {
        switch self {
        case .inCabinet: Text("在柜", "In cabinet")
        case .out: Text("借出", "Out")
        case .withdrawnDamaged: Text("损坏停用", "Withdrawn (damaged)")
        case .lost: Text("丢失", "Lost")
        case .retired: Text("已作废", "Retired")
        }
    }
}

/// 钥匙领用登记 — one row of the key checkout ledger 《钥匙领用登记表》 (KY-2).
/// While the key is out `openKeyID` holds the key's id; a UNIQUE constraint
/// on it is what keeps a key with one holder at a time, even when two
/// requests race (KY-7).
public final class KeyCheckout: Model, @unchecked Sendable {
    public static let schema = "key_checkouts"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "key_id") public var key: RoomKey
    @OptionalField(key: "open_key_id") public var openKeyID: UUID?
    @OptionalParent(key: "borrower_staff_id") public var borrowerStaff: Staff?
    /// The borrower's name as written on the form (staff name or outsider's).
    @Field(key: "borrower_name") public var borrowerName: String
    @OptionalField(key: "borrower_phone") public var borrowerPhone: String?
    @OptionalField(key: "borrower_id_number") public var borrowerIDNumber: String?
    @OptionalField(key: "borrower_company") public var borrowerCompany: String?
    @Field(key: "purpose") public var purpose: String
    @Parent(key: "issued_by_id") public var issuedBy: Staff
    @Field(key: "issued_at") public var issuedAt: Date
    @Field(key: "expected_return_at") public var expectedReturnAt: Date
    @OptionalField(key: "returned_at") public var returnedAt: Date?
    @OptionalParent(key: "received_by_id") public var receivedBy: Staff?
    @OptionalField(key: "outcome") public var outcome: CheckoutOutcome?
    @OptionalField(key: "return_note") public var returnNote: String?
    @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
    @OptionalField(key: "confirmation") public var confirmation: BorrowerConfirmation?
    /// A drawn signature (PNG data URL) made on the issuer's screen.
    @OptionalField(key: "signature") public var signature: String?
    @OptionalParent(key: "spare_release_id") public var spareRelease: SpareKeyRelease?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $key, $openKeyID, $borrowerStaff, $borrowerName, $borrowerPhone, $borrowerIDNumber, $borrowerCompany, $purpose, $issuedBy, $issuedAt, $expectedReturnAt, $returnedAt, $receivedBy, $outcome, $returnNote, $confirmedAt, $confirmation, $signature, $spareRelease] }

    public var isOpen: Bool { returnedAt == nil }
    public var isOutsider: Bool { $borrowerStaff.id == nil }

    public func isOverdue(at now: Date) -> Bool { KeyRules.isOverdue(expectedReturn: expectedReturnAt, isOpen: isOpen, now: now) }
}

/// How a checkout ended.
public enum CheckoutOutcome: String, TextColumn, Codable, Sendable, CaseIterable {
    case returned
    /// Returned damaged, so withdrawn at once (KY-4).
    case returnedDamaged = "returned_damaged"
    /// Reported lost while out (KY-5).
    case lost

    public var title: Text {
        switch self {
        case .returned: Text("已归还", "Returned")
        case .returnedDamaged: Text("归还时损坏", "Returned damaged")
        case .lost: Text("丢失", "Lost")
        }
    }
}

/// How the borrower acknowledged taking the key.
public enum BorrowerConfirmation: String, TextColumn, Codable, Sendable {
    /// In their own signed-in session.
    case session
    /// A signature drawn on the issuer's screen.
    case signature
}

/// 备用钥匙使用手续 — before a customer's spare key is issued security is
/// notified and a security staff member confirms in the app (KY-6).
public final class SpareKeyRelease: Model, @unchecked Sendable {
    public static let schema = "spare_key_releases"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "key_id") public var key: RoomKey
    @Parent(key: "requested_by_id") public var requestedBy: Staff
    @Field(key: "reason") public var reason: String
    @Field(key: "requested_at") public var requestedAt: Date
    @OptionalParent(key: "confirmed_by_id") public var confirmedBy: Staff?
    @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
    /// The checkout that used this release; each release serves one checkout.
    @OptionalField(key: "used_by_checkout_id") public var usedByCheckoutID: UUID?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $key, $requestedBy, $reason, $requestedAt, $confirmedBy, $confirmedAt, $usedByCheckoutID] }
}

/// 换锁任务 — opened when a key is reported lost; closed when the lock is
/// changed, which retires every key of the old lock and registers the new
/// keys (KY-5).
public final class LockChange: Model, @unchecked Sendable {
    public static let schema = "lock_changes"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "unit_id") public var unit: Unit
    @Parent(key: "lost_key_id") public var lostKey: RoomKey
    @Parent(key: "reported_by_id") public var reportedBy: Staff
    @Field(key: "reported_at") public var reportedAt: Date
    @Field(key: "note") public var note: String
    @Field(key: "old_lock_no") public var oldLockNo: Int
    @OptionalField(key: "completed_at") public var completedAt: Date?
    @OptionalParent(key: "completed_by_id") public var completedBy: Staff?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $unit, $lostKey, $reportedBy, $reportedAt, $note, $oldLockNo, $completedAt, $completedBy] }
    public var isOpen: Bool { completedAt == nil }
}
