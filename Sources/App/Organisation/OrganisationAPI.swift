import Fluent
import Vapor

/// `/api/v1` for the organisation. Reading is for anyone assigned to the
/// property; changing is for administrators (ORG-1…ORG-4).
enum OrganisationAPI {
    struct PropertyDTO: Content { let id: UUID; let name: String; let code: String; let timeZone: String }
    struct BuildingDTO: Content { let id: UUID; let propertyID: UUID; let name: String }
    struct UnitDTO: Content { let id: UUID; let propertyID: UUID; let buildingID: UUID; let number: String }
    struct DepartmentDTO: Content { let id: UUID; let code: DepartmentCode; let name: String }
    struct PostDTO: Content { let id: UUID; let propertyID: UUID; let departmentID: UUID; let name: String }
    struct StaffDTO: Content {
        let id: UUID; let username: String; let name: String; let rank: Rank; let departmentID: UUID
        let phone: String?; let isAdmin: Bool; let isActive: Bool; let properties: [UUID]; let version: Int
    }

    static func property(_ p: Property) -> PropertyDTO { PropertyDTO(id: p.id!, name: p.name, code: p.code, timeZone: p.timeZone) }

    static func staff(_ s: Staff, properties: [UUID]) -> StaffDTO {
        StaffDTO(id: s.id!, username: s.username, name: s.name, rank: s.rank, departmentID: s.$department.id,
                 phone: Mask.phone(s.phone), isAdmin: s.isAdmin, isActive: s.isActive, properties: properties.sortedByText(), version: s.version)
    }

    /// One staff member with their version as the ETag, for an edit with If-Match.
    static func staffResponse(_ s: Staff, on db: any Database) async throws -> Response {
        let properties = try await StaffProperty.query(on: db).filter(\.$staff.$id == s.id!).all().map { $0.$property.id }
        let response = Response(status: .ok)
        try response.content.encode(staff(s, properties: properties))
        response.headers.replaceOrAdd(name: .eTag, value: "\"\(s.version)\"")
        return response
    }

    /// The version an edit starts from: `version` in the body, or `If-Match: "3"`.
    static func editedVersion(_ req: Request, body: Int?) throws -> Int? {
        if let body { return body }
        if let header = req.headers.first(name: .ifMatch) {
            let digits = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            guard let version = Int(digits), version >= 1 else {
                throw WuyeError(.badRequest, Text("If-Match 应为版本号，如 \"3\"", "If-Match must be a version such as \"3\""), field: "If-Match")
            }
            return version
        }
        return nil
    }

    /// A property the actor may read: assigned, or an administrator.
    static func readable(_ id: UUID?, _ req: Request) async throws -> Property {
        let actor = try req.actor
        guard let id, let property = try await Property.find(id, on: req.db) else { throw WuyeError.notFound(Text("项目", "property"), field: "propertyID") }
        guard actor.isAdmin || actor.propertyIDs.contains(id) else {
            throw WuyeError.forbidden(Text("你未被分配到这个项目", "You are not assigned to this property"), rule: "ORG-4")
        }
        // A contractor's account reads its own forms, not the property's buildings, units and posts (ORG-4).
        guard actor.department != .contractor else { throw WuyeError.forbidden(Text("施工单位账号只能查看本单位的联络单", "A contractor's account reads its own forms only"), rule: "ORG-4") }
        return property
    }

    static func admin(_ req: Request) throws -> Actor {
        let actor = try req.actor
        try Policy.authorize(actor, .manageOrganisation, at: nil)
        return actor
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties") { req async throws -> [PropertyDTO] in
            let actor = try req.actor
            let query = Property.query(on: req.db).sort(\.$name)
            if !actor.isAdmin { query.filter(\.$id ~~ Array(actor.propertyIDs)) }
            return try await query.all().map(property)
        }
        api.post("properties") { req async throws -> Response in
            let actor = try admin(req)
            let created = try await OrganisationService.createProperty(try req.input(OrganisationService.PropertyInput.self), by: .person(actor), now: req.now, app: req.application)
            return try KeysAPI.created(property(created))
        }
        api.get("properties", ":propertyID", "buildings") { req async throws -> [BuildingDTO] in
            let p = try await readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
            return try await Building.query(on: req.db).filter(\.$property.$id == p.id!).sort(\.$name).all().map { BuildingDTO(id: $0.id!, propertyID: p.id!, name: $0.name) }
        }
        api.post("properties", ":propertyID", "buildings") { req async throws -> Response in
            let actor = try admin(req)
            let p = try await readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
            let b = try await OrganisationService.createBuilding(propertyID: p.id!, try req.input(OrganisationService.NameInput.self), by: .person(actor), now: req.now, app: req.application)
            return try KeysAPI.created(BuildingDTO(id: b.id!, propertyID: p.id!, name: b.name))
        }
        api.get("properties", ":propertyID", "units") { req async throws -> [UnitDTO] in
            let p = try await readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
            return try await Unit.query(on: req.db).filter(\.$property.$id == p.id!).sort(\.$number).all()
                .map { UnitDTO(id: $0.id!, propertyID: p.id!, buildingID: $0.$building.id, number: $0.number) }
        }
        api.post("buildings", ":buildingID", "units") { req async throws -> Response in
            let actor = try admin(req)
            guard let id = try Input.uuid(req.parameters.get("buildingID"), field: "buildingID"), let building = try await Building.find(id, on: req.db) else {
                throw WuyeError.notFound(Text("楼栋", "building"), field: "buildingID")
            }
            let units = try await OrganisationService.createUnits(building: building, try req.input(OrganisationService.UnitsInput.self), by: .person(actor), now: req.now, app: req.application)
            return try KeysAPI.created(units.map { UnitDTO(id: $0.id!, propertyID: $0.$property.id, buildingID: id, number: $0.number) })
        }
        api.get("departments") { req async throws -> [DepartmentDTO] in
            _ = try req.actor
            return try await Department.query(on: req.db).sort(\.$code).all().map { DepartmentDTO(id: $0.id!, code: $0.code, name: $0.name) }
        }
        api.get("properties", ":propertyID", "posts") { req async throws -> [PostDTO] in
            let p = try await readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
            return try await Post.query(on: req.db).filter(\.$property.$id == p.id!).sort(\.$name).all()
                .map { PostDTO(id: $0.id!, propertyID: p.id!, departmentID: $0.$department.id, name: $0.name) }
        }
        api.post("properties", ":propertyID", "posts") { req async throws -> Response in
            let actor = try admin(req)
            let p = try await readable(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), req)
            let post = try await OrganisationService.createPost(propertyID: p.id!, try req.input(OrganisationService.PostInput.self), by: .person(actor), now: req.now, app: req.application)
            return try KeysAPI.created(PostDTO(id: post.id!, propertyID: p.id!, departmentID: post.$department.id, name: post.name))
        }
        api.get("staff") { req async throws -> [StaffDTO] in
            _ = try admin(req)
            let links = try await StaffProperty.query(on: req.db).all()
            let byStaff = Dictionary(grouping: links, by: { $0.$staff.id })
            return try await Staff.query(on: req.db).sort(\.$username).all().map { staff($0, properties: byStaff[$0.id!]?.map { $0.$property.id } ?? []) }
        }
        api.post("staff") { req async throws -> Response in
            let actor = try admin(req)
            let created = try await OrganisationService.createStaff(try req.input(OrganisationService.StaffInput.self), by: .person(actor), now: req.now, app: req.application)
            let properties = try await StaffProperty.query(on: req.db).filter(\.$staff.$id == created.id!).all().map { $0.$property.id }
            return try KeysAPI.created(staff(created, properties: properties))
        }
        api.get("staff", ":staffID") { req async throws -> Response in
            _ = try admin(req)
            guard let id = try Input.uuid(req.parameters.get("staffID"), field: "staffID"), let found = try await Staff.find(id, on: req.db) else {
                throw WuyeError.notFound(Text("员工", "staff member"), field: "staffID")
            }
            return try await staffResponse(found, on: req.db)
        }
        api.patch("staff", ":staffID") { req async throws -> Response in
            let actor = try admin(req)
            var input = try req.input(OrganisationService.StaffInput.self)
            input.version = try editedVersion(req, body: input.version)
            let updated = try await OrganisationService.updateStaff(try Input.uuid(req.parameters.get("staffID"), field: "staffID"), input, by: .person(actor), now: req.now, app: req.application)
            return try await staffResponse(updated, on: req.db)
        }
    }
}
