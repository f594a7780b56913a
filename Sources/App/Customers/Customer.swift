import Fluent
import Foundation

/// 客户 — an owner, tenant or household member of a property, and the file
/// kept on them (篇5 CA-1, CA-2). Phones and ID numbers are shown masked
/// everywhere; the whole value is shown only to those allowed, and each
/// showing is an audit event.
public final class Customer: Model, @unchecked Sendable {
    public static let schema = "customers"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String
    /// Pinyin initials of the name ("zl" for 赵丽): what lists sort by.
    @Field(key: "name_initials") public var nameInitials: String
    @OptionalField(key: "phone") public var phone: String?
    /// Another way to reach them: a second phone, WeChat, e-mail (CA-2 联系方式).
    @OptionalField(key: "other_contact") public var otherContact: String?
    @OptionalField(key: "mailing_address") public var mailingAddress: String?
    @OptionalField(key: "id_type") public var idType: IDDocumentType?
    @OptionalField(key: "id_number") public var idNumber: String?
    /// A calendar day, "2031-05-01".
    @OptionalField(key: "id_expiry") public var idExpiry: String?
    /// 紧急联系人 (CA-2 [3.5.3]).
    @OptionalField(key: "emergency_name") public var emergencyName: String?
    @OptionalField(key: "emergency_phone") public var emergencyPhone: String?
    @OptionalField(key: "emergency_relation") public var emergencyRelation: String?
    @OptionalField(key: "note") public var note: String?
    /// Who this person is, for finding them again (an import run twice adds
    /// no one twice): unique in the property. See `CustomerRules.identity`.
    @Field(key: "identity") public var identity: String
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date
    @Field(key: "version") public var version: Int

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $name, $nameInitials, $phone, $otherContact, $mailingAddress, $idType, $idNumber, $idExpiry,
         $emergencyName, $emergencyPhone, $emergencyRelation, $note, $identity, $registeredBy, $registeredAt, $version]
    }
}

extension Customer: Versioned {}

/// 证件类型 (CA-2 [3.5.1]).
public enum IDDocumentType: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 居民身份证: 18 characters with a check digit (GB 11643).
    case residentID = "resident_id"
    case passport
    /// 港澳居民来往内地通行证
    case hongKongMacauPermit = "hk_macau_permit"
    /// 台湾居民来往大陆通行证
    case taiwanPermit = "taiwan_permit"
    case other

    public var title: Text {
        switch self {
        case .residentID: Text("居民身份证", "Resident ID card")
        case .passport: Text("护照", "Passport")
        case .hongKongMacauPermit: Text("港澳通行证", "Hong Kong/Macau permit")
        case .taiwanPermit: Text("台胞证", "Taiwan permit")
        case .other: Text("其他证件", "Other document")
        }
    }
}

/// How a customer is tied to a unit (CA-1).
public enum CustomerRelation: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 业主
    case owner
    /// 租户
    case tenant
    /// 家庭成员 — lives with the owner or tenant.
    case member

    public var title: Text {
        switch self {
        case .owner: Text("业主", "Owner")
        case .tenant: Text("租户", "Tenant")
        case .member: Text("家庭成员", "Household member")
        }
    }
}

/// 客户房号 — a customer at a unit, from a day until a day. Moving out ends the
/// tie instead of deleting it, so the file keeps the household's changes
/// (CA-2 [3.5.4] 家庭成员变更).
public final class CustomerUnit: Model, @unchecked Sendable {
    public static let schema = "customer_units"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "customer_id") public var customer: Customer
    @Parent(key: "unit_id") public var unit: Unit
    @Field(key: "relation") public var relation: CustomerRelation
    /// Calendar days, "2026-11-29".
    @Field(key: "since") public var since: String
    @OptionalField(key: "ended_on") public var endedOn: String?
    @Parent(key: "recorded_by_id") public var recordedBy: Staff
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $customer, $unit, $relation, $since, $endedOn, $recordedBy, $recordedAt] }
}

/// 档案材料 — one document or entry in a customer's file, registered when it
/// arrives or leaves (CA-2, CA-3). Registered entries are never edited: a
/// mistake is put right by a new entry that names the one it corrects.
public final class CustomerDocument: Model, @unchecked Sendable {
    public static let schema = "customer_documents"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "customer_id") public var customer: Customer
    @Field(key: "kind") public var kind: DocumentKind
    @Field(key: "title") public var title: String
    /// 编号 — a letter's or receipt's number.
    @OptionalField(key: "reference_no") public var referenceNo: String?
    /// The day on the document, "2026-11-29".
    @Field(key: "dated") public var dated: String
    /// Money in fen (分), for payments, deposits and arrears.
    @OptionalField(key: "amount_fen") public var amountFen: Int?
    /// Keep until this day (CA-3 归档).
    @OptionalField(key: "retain_until") public var retainUntil: String?
    @OptionalField(key: "note") public var note: String?
    @OptionalField(key: "corrects_id") public var correctsID: UUID?
    @Parent(key: "registered_by_id") public var registeredBy: Staff
    @Field(key: "registered_at") public var registeredAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $customer, $kind, $title, $referenceNo, $dated, $amountFen, $retainUntil, $note, $correctsID, $registeredBy, $registeredAt]
    }
}

/// What the file holds (CA-2), in the procedure's order.
public enum DocumentKind: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 缴费 [3.2]
    case payment
    /// 押金 [3.2]
    case deposit
    /// 押金退还 [3.2]
    case depositRefund = "deposit_refund"
    /// 装修资料 [3.3]
    case renovation
    /// 入住资料 [3.4]
    case moveIn = "move_in"
    /// 证件资料 [3.5.1]
    case idDocument = "id_document"
    /// 家庭成员变更 [3.5.4]
    case householdChange = "household_change"
    /// 来函 [3.6]
    case letterIn = "letter_in"
    /// 发函 [3.6]
    case letterOut = "letter_out"
    /// 违章 [3.7]
    case violation
    /// 欠费 [3.7]
    case arrears
    /// 维修记录 [3.8]
    case repair
    case other

    public var title: Text {
        switch self {
        case .payment: Text("缴费", "Payment")
        case .deposit: Text("押金", "Deposit")
        case .depositRefund: Text("押金退还", "Deposit refunded")
        case .renovation: Text("装修资料", "Renovation")
        case .moveIn: Text("入住资料", "Move-in")
        case .idDocument: Text("证件资料", "ID document")
        case .householdChange: Text("家庭成员变更", "Household change")
        case .letterIn: Text("来函", "Letter received")
        case .letterOut: Text("发函", "Letter sent")
        case .violation: Text("违章", "Violation")
        case .arrears: Text("欠费", "Arrears")
        case .repair: Text("维修记录", "Repair")
        case .other: Text("其他", "Other")
        }
    }

    /// Money changes hands: the amount is required.
    public var hasAmount: Bool { [.payment, .deposit, .depositRefund, .arrears].contains(self) }
    /// Correspondence is registered with its number and date (CA-3 [2.2]).
    public var needsReference: Bool { [.letterIn, .letterOut].contains(self) }
}
