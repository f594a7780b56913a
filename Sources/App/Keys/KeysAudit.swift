import Fluent
import Foundation

// What the audit chain vouches for in each key record.

extension RoomKey: Audited {
    public static let auditType = "room_key"
    public struct Snapshot: Encodable {
        let property: UUID, unit: UUID, tag: String, hook: String, kind: KeyKind, status: KeyStatus
        let lockNo: Int, registeredAt: Date, statusChangedAt: Date, note: String?
        /// Absent (not null) for a key in no set, so the snapshots of keys from before sets existed read the same.
        let keySet: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, unit: $unit.id, tag: tag, hook: hook, kind: kind, status: status,
                 lockNo: lockNo, registeredAt: registeredAt, statusChangedAt: statusChangedAt, note: note, keySet: keySetID)
    }
}

extension KeyCheckout: Audited {
    public static let auditType = "key_checkout"
    public struct Snapshot: Encodable {
        /// The key while the checkout is open (what keeps one holder per key, KY-7), else nil.
        let property: UUID, key: UUID, openKey: UUID?, borrowerStaff: UUID?, borrowerName: String
        /// Fingerprints only: the chain is readable by more people than may see ID numbers.
        let borrowerPhoneSHA256: String?, borrowerIDNumberSHA256: String?, borrowerCompany: String?, purpose: String
        let issuedBy: UUID, issuedAt: Date, expectedReturnAt: Date, returnedAt: Date?, receivedBy: UUID?
        let outcome: CheckoutOutcome?, returnNote: String?, confirmedAt: Date?, confirmation: BorrowerConfirmation?
        let signatureSHA256: String?, spareRelease: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, key: $key.id, openKey: openKeyID, borrowerStaff: $borrowerStaff.id,
                 borrowerName: borrowerName, borrowerPhoneSHA256: borrowerPhone.map { Hex.sha256($0) }, borrowerIDNumberSHA256: borrowerIDNumber.map { Hex.sha256($0) },
                 borrowerCompany: borrowerCompany, purpose: purpose, issuedBy: $issuedBy.id, issuedAt: issuedAt,
                 expectedReturnAt: expectedReturnAt, returnedAt: returnedAt, receivedBy: $receivedBy.id, outcome: outcome,
                 returnNote: returnNote, confirmedAt: confirmedAt, confirmation: confirmation,
                 signatureSHA256: signature.map { Hex.sha256($0) }, spareRelease: $spareRelease.id)
    }
}

extension SpareKeyRelease: Audited {
    public static let auditType = "spare_key_release"
    public struct Snapshot: Encodable {
        let property: UUID, key: UUID, requestedBy: UUID, reason: String, requestedAt: Date
        let confirmedBy: UUID?, confirmedAt: Date?, usedByCheckout: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, key: $key.id, requestedBy: $requestedBy.id, reason: reason, requestedAt: requestedAt,
                 confirmedBy: $confirmedBy.id, confirmedAt: confirmedAt, usedByCheckout: usedByCheckoutID)
    }
}

extension LockChange: Audited {
    public static let auditType = "lock_change"
    public struct Snapshot: Encodable {
        let property: UUID, unit: UUID, lostKey: UUID, reportedBy: UUID, reportedAt: Date, note: String
        let oldLockNo: Int, completedAt: Date?, completedBy: UUID?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, unit: $unit.id, lostKey: $lostKey.id, reportedBy: $reportedBy.id, reportedAt: reportedAt,
                 note: note, oldLockNo: oldLockNo, completedAt: completedAt, completedBy: $completedBy.id)
    }
}
