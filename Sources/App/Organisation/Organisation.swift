import Fluent
import Vapor

/// 公司 — the property-services company that runs every property (ORG-1).
public final class Company: Model, @unchecked Sendable {
    public static let schema = "companies"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $name] }
    public init(id: UUID? = nil, name: String) { self.id = id; self.name = name }
}

/// 项目 — one property the company manages, e.g. "z城" (ORG-1). Clock rules
/// are read in its time zone.
public final class Property: Model, @unchecked Sendable {
    public static let schema = "properties"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "company_id") public var company: Company
    @Field(key: "name") public var name: String
    @Field(key: "code") public var code: String
    @Field(key: "time_zone") public var timeZone: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $company, $name, $code, $timeZone] }
    public init(id: UUID? = nil, companyID: UUID, name: String, code: String, timeZone: String = "Asia/Shanghai") {
        self.id = id; self.$company.id = companyID; self.name = name; self.code = code; self.timeZone = timeZone
    }

    public var localTime: LocalTime { LocalTime(timeZone) }
}

/// 楼栋 — a building of a property.
public final class Building: Model, @unchecked Sendable {
    public static let schema = "buildings"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "name") public var name: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $name] }
    public init(id: UUID? = nil, propertyID: UUID, name: String) { self.id = id; self.$property.id = propertyID; self.name = name }
}

/// 房号 — a unit (flat, shop) in a building; keys belong to its door lock.
public final class Unit: Model, @unchecked Sendable {
    public static let schema = "units"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "building_id") public var building: Building
    @Field(key: "number") public var number: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $building, $number] }
    public init(id: UUID? = nil, propertyID: UUID, buildingID: UUID, number: String) {
        self.id = id; self.$property.id = propertyID; self.$building.id = buildingID; self.number = number
    }
}

/// 部门 (ORG-2). Departments are company-wide; their code is what rules check.
public final class Department: Model, @unchecked Sendable {
    public static let schema = "departments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: DepartmentCode
    @Field(key: "name") public var name: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $code, $name] }
    public init(id: UUID? = nil, code: DepartmentCode, name: String) { self.id = id; self.code = code; self.name = name }
}

/// The departments the procedure names; rules refer to these codes.
public enum DepartmentCode: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 安管部
    case security
    /// 物业服务部
    case propertyService = "property_service"
    /// 清洁部
    case cleaning
    /// 客服部
    case customerService = "customer_service"
    /// 工程部
    case engineering
    /// 施工单位 — a contractor's own limited account (ORG-4): it files and
    /// follows its own work liaison forms, and nothing else.
    case contractor

    public var title: Text {
        switch self {
        case .security: Text("安管部", "Security")
        case .propertyService: Text("物业服务部", "Property service")
        case .cleaning: Text("清洁部", "Cleaning")
        case .customerService: Text("客服部", "Customer service")
        case .engineering: Text("工程部", "Engineering")
        case .contractor: Text("施工单位", "Contractor")
        }
    }

    /// The company's own departments: those work is given to, and staff belong to.
    public static let staffDepartments = allCases.filter { $0 != .contractor }
}

/// 岗位 — a post at a property (大堂岗, 005岗, 监控室…), staffed by a department.
public final class Post: Model, @unchecked Sendable {
    public static let schema = "posts"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "department_id") public var department: Department
    @Field(key: "name") public var name: String

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $department, $name] }
    public init(id: UUID? = nil, propertyID: UUID, departmentID: UUID, name: String) {
        self.id = id; self.$property.id = propertyID; self.$department.id = departmentID; self.name = name
    }
}

/// 职级 (ORG-3): 员工 < 领班 < 主管 < 经理 < 主管领导. "Supervisor or above" is
/// `rank >= .supervisor`.
public enum Rank: String, TextColumn, Codable, Sendable, CaseIterable, Comparable {
    case staff, foreman, supervisor, manager, leadership

    var order: Int { Rank.allCases.firstIndex(of: self)! }
    public static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.order < rhs.order }

    public var title: Text {
        switch self {
        case .staff: Text("员工", "Staff")
        case .foreman: Text("领班", "Foreman")
        case .supervisor: Text("主管", "Supervisor")
        case .manager: Text("经理", "Manager")
        case .leadership: Text("主管领导", "Leadership")
        }
    }
}

/// 员工 — a person who signs in: department, rank and the properties they
/// are assigned to decide what they may do (ORG-3, ORG-4).
public final class Staff: Model, @unchecked Sendable {
    public static let schema = "staff"
    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "name") public var name: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "rank") public var rank: Rank
    @Parent(key: "department_id") public var department: Department
    @OptionalField(key: "phone") public var phone: String?
    @Field(key: "is_admin") public var isAdmin: Bool
    @Field(key: "is_active") public var isActive: Bool
    /// Bumped whenever the person's properties change, so every server
    /// process knows to reload them (see `AssignmentCache`).
    @Field(key: "assignments_version") public var assignmentsVersion: Int
    /// Counts edits, so a stale edit is refused (see `Versioned`).
    @Field(key: "version") public var version: Int

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $username, $name, $passwordHash, $rank, $department, $phone, $isAdmin, $isActive, $assignmentsVersion, $version] }
    public init(id: UUID? = nil, username: String, name: String, passwordHash: String, rank: Rank, departmentID: UUID, phone: String? = nil, isAdmin: Bool = false) {
        self.id = id; self.username = username; self.name = name; self.passwordHash = passwordHash
        self.rank = rank; self.$department.id = departmentID; self.phone = phone; self.isAdmin = isAdmin; self.isActive = true
        self.assignmentsVersion = 0
        self.version = 1
    }
}

extension Staff: Versioned {}

/// Which properties a staff member works at (ORG-4).
public final class StaffProperty: Model, @unchecked Sendable {
    public static let schema = "staff_properties"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "staff_id") public var staff: Staff
    @Parent(key: "property_id") public var property: Property

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $staff, $property] }
    public init(staffID: UUID, propertyID: UUID) { self.$staff.id = staffID; self.$property.id = propertyID }
}
