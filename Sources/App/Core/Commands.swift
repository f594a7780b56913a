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
            ids.append(property.id!.uuidString)
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

/// `wuye audit verify | checkpoint | keygen`
struct AuditCommands: AsyncCommandGroup {
    var help: String { "Check the audit chain; publish and check signed checkpoints of its head." }
    var commands: [String: any AnyAsyncCommand] {
        ["verify": VerifyAuditCommand(), "checkpoint": CheckpointAuditCommand(), "keygen": AuditKeygenCommand()]
    }
}

struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "against", help: "A checkpoint file (one signed checkpoint per line): the chain must still contain each.")
        var against: String?
        @Option(name: "public-key", help: "The checkpoint signer's public key (base64); or WUYE_AUDIT_PUBLIC_KEY, or derived from --key.")
        var publicKey: String?
        @Option(name: "key", help: "The signing key file, to derive the public key from (or WUYE_AUDIT_KEY_FILE).")
        var key: String?
    }
    var help: String { "Exit 0 when the audit chain and the records it vouches for are intact (and contain every checkpoint given); 1 naming the first break." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let report = try await AuditVerifier.verify(on: db)
        if let problem = report.firstProblem {
            context.console.error("BROKEN: \(problem)")
            if report.problemCount > 1 { context.console.error("(\(report.problemCount - 1) more problems after this one)") }
            throw ExitCode(1)
        }
        var checked = ""
        if let path = signature.against {
            let publicKey: Curve25519.Signing.PublicKey
            do {
                if let base64 = signature.publicKey ?? Environment.get("WUYE_AUDIT_PUBLIC_KEY") {
                    publicKey = try AuditKey.publicKey(base64: base64)
                } else if let keyPath = signature.key ?? Environment.get("WUYE_AUDIT_KEY_FILE") {
                    publicKey = try AuditKey.read(from: keyPath).publicKey
                } else {
                    context.console.error("--against needs the signer's key: --public-key BASE64 (or WUYE_AUDIT_PUBLIC_KEY) or --key FILE.")
                    throw ExitCode(2)
                }
            } catch let error as WuyeError {
                context.console.error(error.message.en)
                throw ExitCode(2)
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                context.console.error("Cannot read \(path).")
                throw ExitCode(2)
            }
            var checkpoints: [AuditCheckpoint] = []
            for (number, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let checkpoint = try? AuditCheckpoint.parse(line: String(line)) else {
                    context.console.error("BROKEN: line \(number + 1) of \(path) is not a checkpoint.")
                    throw ExitCode(1)
                }
                checkpoints.append(checkpoint)
            }
            if let missing = try await AuditCheckpoints.firstMissing(checkpoints, trusting: publicKey, on: db) {
                context.console.error("BROKEN: \(missing)")
                throw ExitCode(1)
            }
            checked = ", \(checkpoints.count) checkpoints contained"
        }
        context.console.info("OK: \(report.eventsChecked) audit events, \(report.recordsChecked) records intact\(checked).")
    }
}

struct CheckpointAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "key", help: "The signing key file (or WUYE_AUDIT_KEY_FILE); make one with `wuye audit keygen`.")
        var key: String?
        @Option(name: "append", help: "Also append the checkpoint line to this file (keep it off the database server).")
        var append: String?
        @Option(name: "webhook", help: "Also POST the checkpoint as JSON to this URL.")
        var webhook: String?
    }
    var help: String { "Verify the chain, then print its head (sequence number and hash) signed with a key kept outside the database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let keyPath = signature.key ?? Environment.get("WUYE_AUDIT_KEY_FILE") else {
            context.console.error("Give the signing key with --key FILE or WUYE_AUDIT_KEY_FILE (make one with `wuye audit keygen --out FILE`).")
            throw ExitCode(2)
        }
        let key: Curve25519.Signing.PrivateKey
        do { key = try AuditKey.read(from: keyPath) } catch let error as WuyeError {
            context.console.error(error.message.en)
            throw ExitCode(2)
        }
        let (made, report) = try await AuditCheckpoints.make(on: app.db, key: key, now: app.clock.now())
        guard let checkpoint = made else {
            context.console.error("BROKEN: \(report.firstProblem ?? "the chain head is missing"); no checkpoint was made.")
            throw ExitCode(1)
        }
        let line = checkpoint.line
        context.console.print(line)
        if let path = signature.append {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                context.console.error("Cannot append to \(path).")
                throw ExitCode(1)
            }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((line + "\n").utf8))
            try handle.close()
        }
        if let webhook = signature.webhook {
            let response = try await app.client.post(URI(string: webhook)) { request in
                request.headers.contentType = .json
                request.body = ByteBuffer(string: line)
            }
            guard (200..<300).contains(response.status.code) else {
                context.console.error("The webhook answered \(response.status.code); the checkpoint was printed but not delivered.")
                throw ExitCode(1)
            }
        }
    }
}

struct AuditKeygenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "Where to write the new signing key (created with mode 600; never overwritten).")
        var out: String?
    }
    var help: String { "Make a new checkpoint signing key and print its public key." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.out else {
            context.console.error("Give the file with --out FILE.")
            throw ExitCode(2)
        }
        let key = AuditKey.generate()
        do { try AuditKey.write(key, to: path) } catch let error as WuyeError {
            context.console.error(error.message.en)
            throw ExitCode(1)
        }
        context.console.info("Signing key written to \(path). Public key (give it to `wuye audit verify --public-key`):")
        context.console.print(key.publicKey.rawRepresentation.base64EncodedString())
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
