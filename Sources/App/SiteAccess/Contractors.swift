import Fluent
import Vapor

/// 施工单位: registered per property, with their own limited accounts
/// (ORG-4), and the property's filing rules (SH-40). Pages and API call
/// these same functions.
public enum Contractors {
    static let noun = Text("施工单位", "contractor")

    /// A contractor's account sees only its own contractor; anyone else is told it does not exist.
    static func requireOwn(_ actor: Actor, _ contractorID: UUID, noun: Text, field: String) throws {
        if let own = actor.contractorID, own != contractorID { throw WuyeError.notFound(noun, field: field) }
    }

    static func find(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (Contractor, PropertyInfo) {
        guard let id, let found = try await Contractor.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "contractorID") }
        let property = try await req.property(found.$property.id, for: actor, action: action)
        try requireOwn(actor, found.id!, noun: noun, field: "contractorID")
        return (found, property)
    }

    /// 登记施工单位.
    public static func register(propertyID: UUID?, _ input: ContractorInput, on req: Request) async throws -> Contractor {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageContractors)
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("施工单位名称", "The contractor's name"), rule: "SH-40") }
        guard let contact = Input.text(input.contact) else { throw WuyeError.missing("contact", Text("联系人", "The contact"), rule: "SH-40") }
        guard let phone = Input.text(input.phone) else { throw WuyeError.missing("phone", Text("联系电话", "The phone"), rule: "SH-40") }
        let now = req.now
        do {
            return try await req.write { db in
                let contractor = Contractor()
                contractor.id = UUID(); contractor.$property.id = property.id; contractor.name = name; contractor.contact = contact; contractor.phone = phone
                contractor.$registeredBy.id = actor.id; contractor.registeredAt = now
                try await AuditLog.create("contractor.registered", contractor, by: .person(actor), property: property.id, at: now, on: db)
                return contractor
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("已有同名施工单位", "A contractor of that name is registered"), rule: "SH-40", field: "name")
        }
    }

    /// 开通施工单位账号 (ORG-4): a sign-in of the contractor "department" at this property, for this contractor only.
    public static func openAccount(contractorID: UUID?, _ input: ContractorAccountInput, on req: Request) async throws -> Staff {
        let actor = try req.actor
        let (contractor, property) = try await find(contractorID, for: actor, action: .manageContractors, on: req)
        guard let username = Input.text(input.username)?.lowercased() else { throw WuyeError.missing("username", Text("用户名", "The username"), rule: "ORG-4") }
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("姓名", "The name"), rule: "ORG-4") }
        guard let password = input.password, password.count >= 8 else {
            throw WuyeError.invalid("password", Text("密码至少 8 位", "must have at least 8 characters"), rule: "ORG-4")
        }
        guard contractor.expelledAt == nil else { throw WuyeError.conflict(Text("施工单位已被驱逐出场", "The contractor was expelled"), rule: "SH-46", field: "contractorID") }
        let hash = try await req.password.async.hash(password)
        let now = req.now
        do {
            return try await req.write { db in
                let department: Department
                if let found = try await Department.query(on: db).filter(\.$code == .contractor).first() {
                    department = found
                } else {
                    department = Department(id: UUID(), code: .contractor, name: DepartmentCode.contractor.title.zh)
                    try await AuditLog.create("department.created", department, by: .person(actor), property: nil, at: now, on: db)
                }
                let staff = Staff(id: UUID(), username: username, name: name, passwordHash: hash, rank: .staff, departmentID: department.id!, phone: nil, isAdmin: false)
                try await AuditLog.create("staff.created", staff, by: .person(actor), property: property.id, at: now, on: db)
                let link = StaffProperty(staffID: staff.id!, propertyID: property.id)
                link.id = UUID()
                try await AuditLog.create("staff.assigned", link, by: .person(actor), property: property.id, at: now, on: db)
                let account = ContractorAccount()
                account.id = UUID(); account.$property.id = property.id; account.$contractor.id = contractor.id!; account.$staff.id = staff.id!
                account.$createdBy.id = actor.id; account.createdAt = now
                try await AuditLog.create("contractor_account.opened", account, by: .person(actor), property: property.id, at: now, on: db)
                return staff
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("用户名已被使用", "That username is taken"), rule: "ORG-4", field: "username")
        }
    }

    /// The property's filing rules, or the procedure's.
    static func settings(of propertyID: UUID, on db: any Database) async throws -> (leadDays: Int, longestDays: Int) {
        guard let row = try await SiteAccessSettings.query(on: db).filter(\.$property.$id == propertyID).first() else { return SiteAccessSettings.defaults }
        return (row.leadDays, row.longestDays)
    }

    /// 提前申报天数、最长施工期 (SH-40).
    public static func saveSettings(propertyID: UUID?, _ input: SiteAccessSettingsInput, on req: Request) async throws -> SiteAccessSettings {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageContractors)
        guard let lead = input.leadDays else { throw WuyeError.missing("leadDays", Text("提前申报天数", "The days ahead"), rule: "SH-40") }
        guard let longest = input.longestDays else { throw WuyeError.missing("longestDays", Text("最长天数", "The longest window"), rule: "SH-40") }
        let now = req.now
        return try await req.write { db in
            try await SQLLock.takeTurns(on: Property.schema, id: property.id, in: db.sql)
            if let existing = try await AuditLog.lockAll(SiteAccessSettings.query(on: db).filter(\.$property.$id == property.id), on: db).first {
                return try await AuditLog.update("site_access_settings.changed", existing, by: .person(actor), property: property.id, at: now, on: db) {
                    $0.leadDays = lead; $0.longestDays = longest; $0.$editedBy.id = actor.id; $0.editedAt = now
                }
            }
            let row = SiteAccessSettings()
            row.id = UUID(); row.$property.id = property.id; row.leadDays = lead; row.longestDays = longest; row.$editedBy.id = actor.id; row.editedAt = now
            try await AuditLog.create("site_access_settings.changed", row, by: .person(actor), property: property.id, at: now, on: db)
            return row
        }
    }
}
