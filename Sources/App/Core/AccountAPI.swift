import Fluent
import Vapor

/// `/api/v1` for the signed-in person: tokens, who am I, notices.
enum AccountAPI {
    struct TokenRequest: Content { var username: String?; var password: String?; var name: String? }
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
            let input = try req.content.decode(TokenRequest.self)
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
