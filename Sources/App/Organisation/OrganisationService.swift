import Fluent
import Vapor

/// Creating and changing the organisation (ORG-1…ORG-4). Used by the admin
/// pages, the API, `wuye user create` and the demo loader alike.
public enum OrganisationService {
    public struct PropertyInput: CheckedInput, Content {
        public var name: String?; public var code: String?; public var timeZone: String?
        public static let schema = InputSchema("PropertyInput", [
            ("name", .text(60, label: Text("项目名称", "name"), rule: "ORG-1")),
            ("code", .text(20, pattern: "^[A-Za-z0-9_-]+$", label: Text("项目代码", "code"), rule: "ORG-1")),
            ("timeZone", .text(64, pattern: "^[A-Za-z0-9_+/-]+$", label: Text("时区", "timeZone"), rule: "ORG-1")),
        ])
    }
    public struct NameInput: CheckedInput, Content {
        public var name: String?
        public static let schema = InputSchema("NameInput", [("name", .text(60, label: Text("名称", "name"), rule: "ORG-1"))])
    }
    public struct UnitsInput: CheckedInput, Content {
        public var numbers: [String]?
        public static let schema = InputSchema("UnitsInput", [
            ("numbers", .list(.text(20, label: Text("房号", "number")), maxItems: 500, label: Text("房号", "numbers"), rule: "ORG-1")),
        ])
    }
    public struct PostInput: CheckedInput, Content {
        public var name: String?; public var department: String?
        public static let schema = InputSchema("PostInput", [
            ("name", .text(60, label: Text("岗位名称", "name"), rule: "ORG-1")),
            ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("部门", "department"), rule: "ORG-2")),
        ])
    }
    public struct StaffInput: CheckedInput, Content {
        public var username: String?
        public var name: String?
        public var password: String?
        public var rank: String?
        public var department: String?
        public var phone: String?
        public var properties: [String]?
        public var isAdmin: Bool?
        public var isActive: Bool?
        /// The version the editor started from; a stale edit is refused (409).
        public var version: Int?

        public init(username: String? = nil, name: String? = nil, password: String? = nil, rank: String? = nil, department: String? = nil,
                    phone: String? = nil, properties: [String]? = nil, isAdmin: Bool? = nil, isActive: Bool? = nil, version: Int? = nil) {
            self.username = username; self.name = name; self.password = password; self.rank = rank; self.department = department
            self.phone = phone; self.properties = properties; self.isAdmin = isAdmin; self.isActive = isActive; self.version = version
        }

        public static let schema = InputSchema("StaffInput", [
            ("username", InputFields.username),
            ("name", InputFields.personName),
            ("password", InputFields.password),
            ("rank", .choice(Rank.allCases.map(\.rawValue), label: Text("职级", "rank"), rule: "ORG-3")),
            ("department", .choice(DepartmentCode.staffDepartments.map(\.rawValue), label: Text("部门", "department"), rule: "ORG-2")),
            ("phone", InputFields.phone),
            ("properties", .list(.uuid, maxItems: 5000, label: Text("项目", "properties"), rule: "ORG-4")),
            ("isAdmin", .boolean),
            ("isActive", .boolean),
            ("version", .integer(1...Int(Int32.max), label: Text("版本", "version"), description: "The version being edited (from GET or the ETag); a stale one is refused with 409")),
        ])
    }

    public struct PasswordChange: CheckedInput, Content {
        public var current: String?; public var new: String?; public var `repeat`: String?
        public static let schema = InputSchema("PasswordChange", [
            ("current", InputField(.secret(minLength: 1, maxLength: 128), label: Text("当前密码", "current password"))),
            ("new", InputField(.secret(minLength: 8, maxLength: 128), label: Text("新密码", "new password"))),
            ("repeat", InputField(.secret(minLength: 8, maxLength: 128), label: Text("再次输入的新密码", "repeated new password"))),
        ])
    }

    /// A required text field, named in the form's own words when it is missing.
    static func required(_ value: String?, _ field: String, in schema: InputSchema, rule: String = "ORG-1") throws -> String {
        guard let text = Input.text(value) else {
            throw WuyeError.missing(field, schema.field(field)?.label ?? Text(field, field), rule: rule)
        }
        return text
    }

    /// Runs an insert; a UNIQUE refusal becomes "楼栋名称已存在" at the field.
    static func unique<T>(_ field: String, _ label: Text, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(label.zh)已存在", "That \(label.en.lowercased()) already exists"), rule: "ORG-1", field: field)
        }
    }

    public static func createProperty(_ input: PropertyInput, by actor: AuditActor, now: Date, app: Application) async throws -> Property {
        let name = try required(input.name, "name", in: PropertyInput.schema)
        let code = try required(input.code, "code", in: PropertyInput.schema)
        let zone = Input.text(input.timeZone) ?? "Asia/Shanghai"
        guard TimeZone(identifier: zone) != nil else {
            throw WuyeError.invalid("timeZone", Text("无效的时区", "Unknown time zone"), rule: "ORG-1")
        }
        return try await unique("code", Text("项目代码", "Property code")) {
            try await app.write { db in
                guard let company = try await Company.query(on: db).first() else { throw WuyeError.notFound(Text("公司", "company")) }
                let property = Property(id: UUID(), companyID: company.id!, name: name, code: code, timeZone: zone)
                try await AuditLog.create("property.created", property, by: actor, property: property.id, at: now, on: db)
                return property
            }
        }
    }

    public static func createBuilding(propertyID: UUID, _ input: NameInput, by actor: AuditActor, now: Date, app: Application) async throws -> Building {
        let name = try required(input.name, "name", in: NameInput.schema)
        return try await unique("name", Text("楼栋名称", "Building name")) {
            try await app.write { db in
                let building = Building(id: UUID(), propertyID: propertyID, name: name)
                try await AuditLog.create("building.created", building, by: actor, property: propertyID, at: now, on: db)
                return building
            }
        }
    }

    public static func createUnits(building: Building, _ input: UnitsInput, by actor: AuditActor, now: Date, app: Application) async throws -> [Unit] {
        let numbers = (input.numbers ?? []).compactMap(Input.text)
        guard !numbers.isEmpty else { throw WuyeError.missing("numbers", Text("房号", "unit numbers"), rule: "ORG-1") }
        guard numbers.count <= 500 else { throw WuyeError.invalid("numbers", Text("一次最多 500 个房号", "At most 500 units at once"), rule: "ORG-1") }
        let repeated = Dictionary(grouping: numbers, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        guard repeated.isEmpty else {
            throw WuyeError.invalid("numbers", Text("房号 \(repeated.joined(separator: "、")) 重复", "Unit \(repeated.joined(separator: ", ")) is repeated"), rule: "ORG-1")
        }
        let propertyID = building.$property.id
        return try await unique("numbers", Text("房号", "Unit number")) {
            try await app.write { db in
                let existing = try await Unit.query(on: db).filter(\.$building.$id == building.id!).filter(\.$number ~~ numbers).all().map(\.number).sorted()
                guard existing.isEmpty else {
                    throw WuyeError.conflict(Text("\(building.name) 已有房号 \(existing.joined(separator: "、"))", "\(building.name) already has unit \(existing.joined(separator: ", "))"),
                                             rule: "ORG-1", field: "numbers")
                }
                var units: [Unit] = []
                for number in numbers {
                    let unit = Unit(id: UUID(), propertyID: propertyID, buildingID: building.id!, number: number)
                    try await AuditLog.create("unit.created", unit, by: actor, property: propertyID, at: now, on: db)
                    units.append(unit)
                }
                return units
            }
        }
    }

    public static func createPost(propertyID: UUID, _ input: PostInput, by actor: AuditActor, now: Date, app: Application) async throws -> Post {
        let name = try required(input.name, "name", in: PostInput.schema)
        let department = try await findDepartment(input.department, on: app.db)
        return try await unique("name", Text("岗位名称", "Post name")) {
            try await app.write { db in
                let post = Post(id: UUID(), propertyID: propertyID, departmentID: department.id!, name: name)
                try await AuditLog.create("post.created", post, by: actor, property: propertyID, at: now, on: db)
                return post
            }
        }
    }

    static func findDepartment(_ code: String?, on db: any Database) async throws -> Department {
        guard let text = Input.text(code) else { throw WuyeError.missing("department", Text("部门", "department"), choose: true, rule: "ORG-2") }
        guard let code = DepartmentCode(rawValue: text) else {
            throw WuyeError(.badRequest, Text("department 应为 \(DepartmentCode.staffDepartments.map(\.rawValue).joined(separator: "、"))", "department must be one of \(DepartmentCode.staffDepartments.map(\.rawValue).joined(separator: ", "))"), field: "department", rule: "ORG-2")
        }
        guard let department = try await Department.query(on: db).filter(\.$code == code).first() else {
            throw WuyeError.notFound(Text("部门", "department"), field: "department")
        }
        return department
    }

    static func rank(_ value: String?) throws -> Rank {
        guard let text = Input.text(value) else { throw WuyeError.missing("rank", Text("职级", "rank"), choose: true, rule: "ORG-3") }
        guard let rank = Rank(rawValue: text) else {
            throw WuyeError(.badRequest, Text("rank 应为 staff、foreman、supervisor、manager 或 leadership", "rank must be staff, foreman, supervisor, manager or leadership"), field: "rank", rule: "ORG-3")
        }
        return rank
    }

    static func propertyIDs(_ values: [String]?, on db: any Database) async throws -> [UUID] {
        let ids = try (values ?? []).compactMap(Input.text).map { value -> UUID in
            guard let id = UUID(uuidString: value) else { throw WuyeError(.badRequest, Text("properties 中有无效编号", "properties has an invalid id"), field: "properties") }
            return id
        }
        let found = try await Property.query(on: db).filter(\.$id ~~ ids).count()
        guard found == Set(ids).count else { throw WuyeError.notFound(Text("项目", "property"), field: "properties") }
        return Array(Set(ids))
    }

    public static func createStaff(_ input: StaffInput, by actor: AuditActor, now: Date, app: Application) async throws -> Staff {
        let username = try required(input.username, "username", in: StaffInput.schema, rule: "ORG-3").lowercased()
        guard username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }) else {
            throw WuyeError.invalid("username", Text("用户名只能含字母、数字和 . _ -", "A username may contain only letters, digits and . _ -"), rule: "ORG-3")
        }
        let name = try required(input.name, "name", in: StaffInput.schema, rule: "ORG-3")
        guard let password = input.password, password.count >= 8 else {
            throw WuyeError.invalid("password", Text("密码至少 8 位", "The password must have at least 8 characters"), rule: "ORG-3")
        }
        let rank = try rank(input.rank)
        let department = try await findDepartment(input.department, on: app.db)
        let properties = try await propertyIDs(input.properties, on: app.db)
        try requireAProperty(properties)
        let hash = try await app.password.async.hash(password)
        return try await unique("username", Text("用户名", "Username")) {
            try await app.write { db in
                let staff = Staff(id: UUID(), username: username, name: name, passwordHash: hash, rank: rank, departmentID: department.id!,
                                  phone: Input.text(input.phone), isAdmin: input.isAdmin ?? false)
                try await AuditLog.create("staff.created", staff, by: actor, property: nil, at: now, on: db)
                for propertyID in properties {
                    let link = StaffProperty(staffID: staff.id!, propertyID: propertyID)
                    link.id = UUID()
                    try await AuditLog.create("staff.assigned", link, by: actor, property: propertyID, at: now, on: db)
                }
                return staff
            }
        }
    }

    /// Everyone works somewhere: without a property a person could sign in to nothing (ORG-4).
    static func requireAProperty(_ properties: [UUID]) throws {
        guard !properties.isEmpty else {
            throw WuyeError.invalid("properties", Text("请至少选择一个项目", "Choose at least one property"), rule: "ORG-4")
        }
    }

    /// Anyone changes their own password, with the current one (ORG-3).
    public static func changeOwnPassword(_ input: PasswordChange, of actor: Actor, now: Date, app: Application) async throws {
        guard let current = input.current, !current.isEmpty else { throw WuyeError.missing("current", Text("当前密码", "current password")) }
        guard let new = input.new, !new.isEmpty else { throw WuyeError.missing("new", Text("新密码", "new password")) }
        guard new.count >= 8 else { throw WuyeError.invalid("new", Text("新密码至少 8 位", "The new password must have at least 8 characters"), rule: "ORG-3") }
        guard new == input.repeat else { throw WuyeError.invalid("repeat", Text("两次输入的新密码不一致", "The two new passwords differ"), rule: "ORG-3") }
        guard let staff = try await Staff.find(actor.id, on: app.db), try await app.password.async.verify(current, created: staff.passwordHash) else {
            throw WuyeError.invalid("current", Text("当前密码不正确", "The current password is wrong"), rule: "ORG-3")
        }
        let hash = try await app.password.async.hash(new)
        try await app.write { db in
            guard let locked = try await AuditLog.lock(Staff.self, actor.id, on: db) else { throw WuyeError.signInRequired }
            try await AuditLog.update("staff.password_changed", locked, by: .person(actor), property: nil, at: now, on: db) { $0.passwordHash = hash }
        }
    }

    /// Changes rank, department, properties or active flag; the password only
    /// when given. `version` (the one the editor started from) refuses a
    /// stale edit; everything is read again inside the transaction, locked.
    public static func updateStaff(_ staffID: UUID?, _ input: StaffInput, by actor: AuditActor, now: Date, app: Application) async throws -> Staff {
        guard let staffID, let existing = try await Staff.query(on: app.db).filter(\.$id == staffID).with(\.$department).first() else {
            throw WuyeError.notFound(Text("员工", "staff member"), field: "staffID")
        }
        // A contractor's account stays a contractor's: moved into a department it would act as staff (ORG-4).
        if existing.department.code == .contractor, let code = input.department, code != DepartmentCode.contractor.rawValue {
            throw WuyeError.conflict(Text("施工单位账号不能转为公司部门", "A contractor's account cannot join a department"), rule: "ORG-4", field: "department")
        }
        if existing.department.code == .contractor, input.isAdmin == true {
            throw WuyeError.conflict(Text("施工单位账号不能成为系统管理员", "A contractor's account cannot be an administrator"), rule: "ORG-4", field: "isAdmin")
        }
        guard input.version != nil else {
            throw WuyeError(.preconditionRequired, Text("修改须注明所依据的版本（version 或 If-Match）", "An edit must name the version it starts from (version or If-Match)"),
                            field: "version", rule: "X-1")
        }
        let newRank: Rank? = try input.rank.map { try Self.rank($0) }
        var department: Department?
        if let code = input.department { department = try await findDepartment(code, on: app.db) }
        var properties: [UUID]?
        if let ids = input.properties { properties = try await propertyIDs(ids, on: app.db) }
        var hash: String?
        if let password = input.password, !password.isEmpty {
            guard password.count >= 8 else { throw WuyeError.invalid("password", Text("密码至少 8 位", "The password must have at least 8 characters"), rule: "ORG-3") }
            hash = try await app.password.async.hash(password)
        }
        let name = try input.name.map { try required($0, "name", in: StaffInput.schema, rule: "ORG-3") }
        if let properties { try requireAProperty(properties) }
        let finalDepartment = department, finalProperties = properties, finalHash = hash
        return try await app.write { db in
            // An edit that may take administration away locks every active
            // administrator first, in id order, and only then the person edited:
            // two such edits at once then queue instead of each holding its own
            // target while waiting for the other's (a deadlock on PostgreSQL).
            let mayRemoveAdministration = input.isAdmin == false || input.isActive == false
            let admins = mayRemoveAdministration
                ? try await AuditLog.lockAll(Staff.query(on: db).filter(\.$isAdmin == true).filter(\.$isActive == true), on: db) : []
            guard let staff = try await AuditLog.lock(Staff.self, staffID, on: db) else { throw WuyeError.notFound(Text("员工", "staff member"), field: "staffID") }
            // Nobody locks the organisation out of its own administration.
            let losesAdministration = staff.isAdmin && staff.isActive && mayRemoveAdministration
            let field = input.isActive == false ? "isActive" : "isAdmin"
            if losesAdministration && actor.id == staffID {
                throw WuyeError.conflict(Text("不能停用自己或取消自己的管理员权限", "You cannot deactivate yourself or remove your own administrator rights"), rule: "ORG-3", field: field)
            }
            if losesAdministration, admins.allSatisfy({ $0.id == staffID }) {
                throw WuyeError.conflict(Text("这是最后一位系统管理员，不能停用", "This is the last administrator; another must be appointed first"), rule: "ORG-3", field: field)
            }
            let updated = try await AuditLog.update("staff.updated", staff, expecting: input.version, by: actor, property: nil, at: now, on: db) { staff in
                if let name { staff.name = name }
                if let newRank { staff.rank = newRank }
                if let finalDepartment { staff.$department.id = finalDepartment.id! }
                if let phone = input.phone { staff.phone = Input.text(phone) }
                if let isAdmin = input.isAdmin { staff.isAdmin = isAdmin }
                if let isActive = input.isActive { staff.isActive = isActive }
                if let finalHash { staff.passwordHash = finalHash }
                // Read by every process's assignment cache: counted on the locked row, so two edits never share a number.
                if finalProperties != nil { staff.assignmentsVersion += 1 }
            }
            if let properties = finalProperties {
                let current = try await StaffProperty.query(on: db).filter(\.$staff.$id == staffID).all()
                for link in current where !properties.contains(link.$property.id) {
                    try await link.delete(on: db)
                    try await AuditLog.record("staff.unassigned", link, deleted: true, by: actor, property: link.$property.id, at: now, on: db)
                }
                for propertyID in properties where !current.contains(where: { $0.$property.id == propertyID }) {
                    let link = StaffProperty(staffID: staffID, propertyID: propertyID)
                    link.id = UUID()
                    try await AuditLog.create("staff.assigned", link, by: actor, property: propertyID, at: now, on: db)
                }
            }
            return updated
        }
    }
}
