import Fluent
import OpenAPIKit30
import Vapor

/// `/api/v1` for the signed-in person: tokens, who am I, notices.
enum AccountAPI {
    struct TokenRequest: CheckedInput {
        var username: String?; var password: String?; var name: String?
        static let schema = InputSchema("TokenRequest", [("username", InputFields.username), ("password", InputFields.password), ("name", Tokens.name)])
    }
    struct TokenCreated: Content { let id: UUID; let name: String; let token: String }
    struct TokenDTO: Content { let id: UUID; let name: String; let prefix: String; let createdAt: Date }
    struct MeDTO: Content {
        let id: UUID; let username: String; let name: String; let rank: Rank; let department: DepartmentCode
        let properties: [UUID]; let isAdmin: Bool
    }
    struct NotificationDTO: Content { let id: UUID; let kind: String; let message: String; let link: String; let createdAt: Date; let read: Bool }

    static func registerPublic(_ api: any RoutesBuilder) {
        // Exchange a username and password for a bearer token (throttled like sign-in).
        api.post("tokens") { req async throws -> Response in
            let input = try req.input(TokenRequest.self)
            guard let username = Input.text(input.username) else { throw WuyeError.missing("username") }
            guard let password = input.password, !password.isEmpty else { throw WuyeError.missing("password") }
            let staff = try await SignIn.verify(username: username, password: password, on: req)
            guard let actor = try await req.loadActor(staffID: staff.id!) else { throw WuyeError.signInRequired }
            let (record, token) = try await Tokens.create(for: actor, name: Input.text(input.name) ?? "api", on: req)
            let response = Response(status: .created)
            try response.content.encode(TokenCreated(id: record.id!, name: record.name, token: token))
            return response
        }
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("me") { req async throws -> MeDTO in
            let actor = try req.actor
            return MeDTO(id: actor.id, username: actor.username, name: actor.name, rank: actor.rank, department: actor.department,
                         properties: actor.propertyIDs.sortedByText(), isAdmin: actor.isAdmin)
        }
        api.get("tokens") { req async throws -> [TokenDTO] in
            let actor = try req.actor
            return try await APIToken.query(on: req.db).filter(\.$staff.$id == actor.id).filter(\.$revokedAt == nil).sort(\.$createdAt).all()
                .map { TokenDTO(id: $0.id!, name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt) }
        }
        api.delete("tokens", ":tokenID") { req async throws -> Response in
            try await Tokens.revoke(try Input.uuid(req.parameters.get("tokenID"), field: "tokenID"), by: try req.actor, on: req)
            return Response(status: .noContent)
        }
        api.get("notifications") { req async throws -> [NotificationDTO] in
            let actor = try req.actor
            let language = req.language
            return try await StaffNotification.query(on: req.db).filter(\.$recipient.$id == actor.id).sort(\.$createdAt, .descending).limit(100).all()
                .map { NotificationDTO(id: $0.id!, kind: $0.kind, message: $0.message.in(language), link: $0.link, createdAt: $0.createdAt, read: $0.readAt != nil) }
        }
        api.post("notifications", "read") { req async throws -> Response in
            try await Notifier.markAllRead(for: try req.actor.id, now: req.now, app: req.application)
            return Response(status: .noContent)
        }
    }
}

extension AccountAPI {
    static var section: APISection {
        let schemas: [String: JSONSchema] = [
            "TokenCreated": Schema.object([("id", Schema.uuid), ("name", .string), ("token", .string)]),
            "Token": Schema.object([("id", Schema.uuid), ("name", .string), ("prefix", .string), ("createdAt", Schema.dateTime)]),
            "Me": Schema.object([("id", Schema.uuid), ("username", .string), ("name", .string), ("rank", Schema.enumeration(Rank.allCases.map(\.rawValue))),
                                 ("department", Schema.enumeration(DepartmentCode.allCases.map(\.rawValue))), ("properties", Schema.array(Schema.uuid)), ("isAdmin", .boolean)]),
            "Notification": Schema.object([("id", Schema.uuid), ("kind", .string), ("message", .string), ("link", .string), ("createdAt", Schema.dateTime), ("read", .boolean)]),
        ]
        let tag = "account"
        return APISection(schemas: schemas, operations: [
            .post("/api/v1/tokens", "create token", tag: tag, body: TokenRequest.self, status: 201, returns: Schema.ref("TokenCreated"), secured: false),
            .get("/api/v1/tokens", "list tokens", tag: tag, returns: Schema.array(Schema.ref("Token"))),
            APIOperation(method: .delete, path: "/api/v1/tokens/{tokenID}", summary: "revoke token", tag: tag, status: 204),
            .get("/api/v1/me", "who am I", tag: tag, returns: Schema.ref("Me")),
            .get("/api/v1/notifications", "list notifications", tag: tag, returns: Schema.array(Schema.ref("Notification"))),
            .post("/api/v1/notifications/read", "mark notifications read", tag: tag, status: 204, returns: nil),
        ])
    }
}
