import Fluent
import Foundation

// What the audit chain vouches for in each organisation record.

extension Property: Audited {
    public static let auditType = "property"
    public struct Snapshot: Encodable { let company: UUID, name: String, code: String, timeZone: String }
    public var auditSnapshot: Snapshot { Snapshot(company: $company.id, name: name, code: code, timeZone: timeZone) }
}

extension Building: Audited {
    public static let auditType = "building"
    public struct Snapshot: Encodable { let property: UUID, name: String }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, name: name) }
}

extension Unit: Audited {
    public static let auditType = "unit"
    public struct Snapshot: Encodable { let property: UUID, building: UUID, number: String }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, building: $building.id, number: number) }
}

extension Department: Audited {
    public static let auditType = "department"
    public struct Snapshot: Encodable { let code: DepartmentCode, name: String }
    public var auditSnapshot: Snapshot { Snapshot(code: code, name: name) }
}

extension Post: Audited {
    public static let auditType = "post"
    public struct Snapshot: Encodable { let property: UUID, department: UUID, name: String }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, department: $department.id, name: name) }
}

extension Staff: Audited {
    public static let auditType = "staff"
    public struct Snapshot: Encodable {
        let username: String, name: String, rank: Rank, department: UUID, phone: String?, isAdmin: Bool, isActive: Bool
        /// A fingerprint, so a password reset behind the app's back shows, without putting the hash in the log.
        let passwordFingerprint: String
        let assignmentsVersion: Int, version: Int
    }
    public var auditSnapshot: Snapshot {
        Snapshot(username: username, name: name, rank: rank, department: $department.id, phone: phone,
                 isAdmin: isAdmin, isActive: isActive, passwordFingerprint: String(Hex.sha256(passwordHash).prefix(16)),
                 assignmentsVersion: assignmentsVersion, version: version)
    }
}

extension StaffProperty: Audited {
    public static let auditType = "staff_property"
    public struct Snapshot: Encodable { let staff: UUID, property: UUID }
    public var auditSnapshot: Snapshot { Snapshot(staff: $staff.id, property: $property.id) }
}
