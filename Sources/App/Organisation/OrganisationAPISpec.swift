import OpenAPIKit30

// The organisation's part of /openapi.json (ORG-1…ORG-4).
extension OrganisationAPI {
    static var section: APISection {
        let ranks = Schema.enumeration(Rank.allCases.map(\.rawValue))
        let departments = Schema.enumeration(DepartmentCode.allCases.map(\.rawValue))
        let schemas: [String: JSONSchema] = [
            "Property": Schema.object([("id", Schema.uuid), ("name", .string), ("code", .string), ("timeZone", .string)]),
            "Building": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("name", .string)]),
            "Unit": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("buildingID", Schema.uuid), ("number", .string)]),
            "Department": Schema.object([("id", Schema.uuid), ("code", departments), ("name", .string)]),
            "Post": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("departmentID", Schema.uuid), ("name", .string)]),
            "Staff": Schema.object([("id", Schema.uuid), ("username", .string), ("name", .string), ("rank", ranks), ("departmentID", Schema.uuid),
                                    ("phone", Schema.nullable(.string)), ("isAdmin", .boolean), ("isActive", .boolean),
                                    ("properties", Schema.array(Schema.uuid)), ("version", .integer)]),
        ]
        let tag = "organisation"
        var update = APIOperation(method: .patch, path: "/api/v1/staff/{staffID}", summary: "update staff", tag: tag,
                                  body: OrganisationService.StaffInput.self, returns: Schema.ref("Staff"), rules: "ORG-3, ORG-4")
        update.headers = [("If-Match", "The version being edited, as the ETag of GET /api/v1/staff/{staffID}; or `version` in the body")]
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties", "list properties", tag: tag, returns: Schema.array(Schema.ref("Property"))),
            .post("/api/v1/properties", "create property", tag: tag, body: OrganisationService.PropertyInput.self, status: 201,
                  returns: Schema.ref("Property"), rules: "ORG-1")
                .linking("Buildings", to: "list_buildings", parameter: "propertyID"),
            .get("/api/v1/properties/{propertyID}/buildings", "list buildings", tag: tag, returns: Schema.array(Schema.ref("Building"))),
            .post("/api/v1/properties/{propertyID}/buildings", "create building", tag: tag, body: OrganisationService.NameInput.self, status: 201,
                  returns: Schema.ref("Building"), rules: "ORG-1")
                .linking("Units", to: "create_units", parameter: "buildingID"),
            .get("/api/v1/properties/{propertyID}/units", "list units", tag: tag, returns: Schema.array(Schema.ref("Unit"))),
            .post("/api/v1/buildings/{buildingID}/units", "create units", tag: tag, body: OrganisationService.UnitsInput.self, status: 201,
                  returns: Schema.array(Schema.ref("Unit")), rules: "ORG-1"),
            .get("/api/v1/departments", "list departments", tag: tag, returns: Schema.array(Schema.ref("Department"))),
            .get("/api/v1/properties/{propertyID}/posts", "list posts", tag: tag, returns: Schema.array(Schema.ref("Post"))),
            .post("/api/v1/properties/{propertyID}/posts", "create post", tag: tag, body: OrganisationService.PostInput.self, status: 201,
                  returns: Schema.ref("Post"), rules: "ORG-1"),
            .get("/api/v1/staff", "list staff", tag: tag, returns: Schema.array(Schema.ref("Staff"))),
            .post("/api/v1/staff", "create staff", tag: tag, body: OrganisationService.StaffInput.self, status: 201, returns: Schema.ref("Staff"), rules: "ORG-3")
                .linking("Get", to: "get_staff", parameter: "staffID"),
            .get("/api/v1/staff/{staffID}", "get staff", tag: tag, returns: Schema.ref("Staff"), rules: "ORG-3"),
            update,
        ])
    }
}
