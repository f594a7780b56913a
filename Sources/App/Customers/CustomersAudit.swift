import Fluent
import Foundation

// What the audit chain vouches for in each customer record. Phones, ID
// numbers and addresses go in as fingerprints only: more people may read the
// chain than may see them (DESIGN: personal data).

extension Customer: Audited {
    public static let auditType = "customer"
    public struct Snapshot: Encodable {
        let property: UUID, name: String, nameInitials: String
        let phoneSHA256: String?, otherContactSHA256: String?, mailingAddressSHA256: String?
        let idType: IDDocumentType?, idNumberSHA256: String?, idExpiry: String?
        let emergencyName: String?, emergencyPhoneSHA256: String?, emergencyRelation: String?
        let note: String?, identitySHA256: String, registeredBy: UUID, registeredAt: Date, version: Int
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, name: name, nameInitials: nameInitials,
                 phoneSHA256: phone.map(Hex.sha256), otherContactSHA256: otherContact.map(Hex.sha256), mailingAddressSHA256: mailingAddress.map(Hex.sha256),
                 idType: idType, idNumberSHA256: idNumber.map(Hex.sha256), idExpiry: idExpiry,
                 emergencyName: emergencyName, emergencyPhoneSHA256: emergencyPhone.map(Hex.sha256), emergencyRelation: emergencyRelation,
                 note: note, identitySHA256: Hex.sha256(identity), registeredBy: $registeredBy.id, registeredAt: registeredAt, version: version)
    }
}

extension CustomerUnit: Audited {
    public static let auditType = "customer_unit"
    public struct Snapshot: Encodable {
        let property: UUID, customer: UUID, unit: UUID, relation: CustomerRelation, since: String, endedOn: String?
        let recordedBy: UUID, recordedAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, customer: $customer.id, unit: $unit.id, relation: relation, since: since, endedOn: endedOn,
                 recordedBy: $recordedBy.id, recordedAt: recordedAt)
    }
}

extension CustomerDocument: Audited {
    public static let auditType = "customer_document"
    public struct Snapshot: Encodable {
        let property: UUID, customer: UUID, kind: DocumentKind, title: String, referenceNo: String?, dated: String
        let amountFen: Int?, retainUntil: String?, note: String?, corrects: UUID?, registeredBy: UUID, registeredAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, customer: $customer.id, kind: kind, title: title, referenceNo: referenceNo, dated: dated,
                 amountFen: amountFen, retainUntil: retainUntil, note: note, corrects: correctsID, registeredBy: $registeredBy.id, registeredAt: registeredAt)
    }
}
