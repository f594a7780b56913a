import ConsoleKit
import Fluent
import Vapor

/// `wuye serve [--hostname H] [--port P] [--demo]`: migrates, optionally loads
/// the demo into an empty database, then serves.
struct WuyeServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).")
        var port: Int?
        @Flag(name: "demo", help: "Load the demo company into an empty database first and print the demo sign-ins.")
        var demo: Bool
        @Option(name: "public-url", help: "The address people use, e.g. https://wuye.example.com (or WUYE_PUBLIC_URL); https makes cookies Secure and sends HSTS.")
        var publicURL: String?
    }

    var help: String { "Migrate the database and serve Wuye over HTTP." }

    func run(using context: inout CommandContext) async throws {
        let demo = context.input.arguments.contains("--demo")
        context.input.arguments.removeAll { $0 == "--demo" }
        let app = context.application
        if let publicURL = argument("--public-url", "", in: context.input.arguments) {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                context.console.error("--public-url must be an http:// or https:// address.")
                throw ExitCode(2)
            }
            app.deployment.publicURL = url
        }
        context.input.arguments = strip("--public-url", from: context.input.arguments)
        try await app.autoMigrate()
        if demo {
            let loaded = try await DemoData.loadIfEmpty(app)
            context.console.info(loaded ? "Demo company loaded." : "The database already has data; the demo was not loaded.")
            DemoData.printSignIns(context.console)
        }
        let hostname = argument("--hostname", "-H", in: context.input.arguments) ?? app.http.server.configuration.hostname
        let port = argument("--port", "-p", in: context.input.arguments).flatMap(Int.init) ?? app.http.server.configuration.port
        BackgroundJobs.start(app)
        context.console.info("Wuye is at http://\(hostname == "0.0.0.0" ? "127.0.0.1" : hostname):\(port)/  (database: \(app.databaseDescription))")
        try await app.servers.asyncCommand.run(using: &context)
    }

    /// Unused: `run(using:)` above takes the arguments itself so that it can
    /// hand the rest to Vapor's serve command; `Signature` is there for `--help`.
    func run(using context: CommandContext, signature: Signature) async throws {}

    /// The arguments without `option` and its value, for Vapor's serve command.
    private func strip(_ option: String, from arguments: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == option { skipNext = true; continue }
            if argument.hasPrefix(option + "=") { continue }
            kept.append(argument)
        }
        return kept
    }

    private func argument(_ long: String, _ short: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if (argument == long || argument == short), index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix(long + "=") { return String(argument.dropFirst(long.count + 1)) }
        }
        return nil
    }
}

/// `wuye migrate`: brings the schema up to date, without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Create or update the database schema." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.info("Database is up to date (\(context.application.databaseDescription)).")
    }
}

/// `wuye demo`: loads the demo company into an empty database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Load the demo company (z城) into an empty database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard try await DemoData.loadIfEmpty(app) else {
            context.console.error("The database already has data; the demo is loaded only into an empty one.")
            throw ExitCode(1)
        }
        context.console.info("Demo company loaded.")
        DemoData.printSignIns(context.console)
    }
}

/// `wuye user create …`
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manage staff accounts." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Sign-in name (letters, digits, . _ -).") var username: String?
        @Option(name: "name", help: "Full name as shown on forms.") var name: String?
        @Option(name: "password", help: "At least 8 characters; read from WUYE_PASSWORD when omitted.") var password: String?
        @Option(name: "rank", help: "staff, foreman, supervisor, manager or leadership.") var rank: String?
        @Option(name: "department", help: "security, property_service, cleaning, customer_service or engineering.") var department: String?
        @Option(name: "properties", help: "Comma-separated property codes the person works at.") var properties: String?
        @Flag(name: "admin", help: "May manage the organisation.") var admin: Bool
    }

    var help: String { "Create a staff account with rank, department and properties." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await Company.query(on: app.db).count() == 0 {
            try await DemoData.createCompany(app, name: "物业服务公司")
        }
        let codes = (signature.properties ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var ids: [String] = []
        for code in codes {
            guard let property = try await Property.query(on: app.db).filter(\.$code == code).first() else {
                context.console.error("No property with code \(code).")
                throw ExitCode(1)
            }
            ids.append(property.id!.text)
        }
        do {
            let staff = try await OrganisationService.createStaff(
                .init(username: signature.username, name: signature.name, password: signature.password ?? Environment.get("WUYE_PASSWORD"),
                      rank: signature.rank, department: signature.department, properties: ids, isAdmin: signature.admin),
                by: .system("wuye user create"), now: app.clock.now(), app: app)
            context.console.info("Created \(staff.username) (\(staff.rank.rawValue), \(signature.department ?? "")).")
        } catch let error as WuyeError {
            context.console.error("\(error.message.en)" + (error.field.map { " [\($0)]" } ?? ""))
            throw ExitCode(1)
        }
    }
}

public struct ExitCode: Error, CustomStringConvertible {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { "exit \(code)" }
}

extension Application {
    var databaseDescription: String {
        (try? DatabaseLocation.fromEnvironment()).map { location in
            switch location {
            case let .sqlite(path): "sqlite:\(path)"
            case .postgres: "PostgreSQL"
            }
        } ?? "?"
    }

    /// Registers the `wuye` subcommands.
    public func useWuyeCommands() {
        asyncCommands.use(WuyeServeCommand(), as: "serve", isDefault: true)
        asyncCommands.use(MigrateCommand(), as: "migrate")
        asyncCommands.use(DemoCommand(), as: "demo")
        asyncCommands.use(UserCommands(), as: "user")
        asyncCommands.use(AuditCommands(), as: "audit")
    }
}
