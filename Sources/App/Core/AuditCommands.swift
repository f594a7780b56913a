import ConsoleKit
import Vapor

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
        @Option(name: "since", help: "A checkpoint file: check each is contained, then only what was added after the newest (quick; run the full verify regularly too).")
        var since: String?
        @Option(name: "public-key", help: "The checkpoint signer's public key (base64); or WUYE_AUDIT_PUBLIC_KEY, or derived from --key.")
        var publicKey: String?
        @Option(name: "key", help: "The signing key file, to derive the public key from (or WUYE_AUDIT_KEY_FILE).")
        var key: String?
    }
    var help: String { "Exit 0 when the audit chain and the records it vouches for are intact (and contain every checkpoint given); 1 naming the first break." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let started = DispatchTime.now().uptimeNanoseconds
        var checkpoints: [AuditCheckpoint] = []
        if let path = signature.since ?? signature.against {
            checkpoints = try Self.checkpoints(in: path, context: context)
            let publicKey = try Self.publicKey(signature, context: context)
            if let missing = try await AuditCheckpoints.firstMissing(checkpoints, trusting: publicKey, on: db) {
                context.console.error("BROKEN: \(missing)")
                throw ExitCode(1)
            }
        }
        let newest = checkpoints.max(by: { $0.seq < $1.seq })
        let report: AuditReport
        if signature.since != nil {
            guard let newest else {
                context.console.error("BROKEN: \(signature.since!) holds no checkpoint to start from.")
                throw ExitCode(1)
            }
            report = try await AuditVerifier.verify(after: newest, on: db)
        } else {
            report = try await AuditVerifier.verify(on: db)
        }
        if let problem = report.firstProblem {
            context.console.error("BROKEN: \(problem)")
            if report.problemCount > 1 { context.console.error("(\(report.problemCount - 1) more problems after this one)") }
            throw ExitCode(1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let timing = String(format: " (%.2f s)", seconds)
        if signature.since != nil, let newest {
            context.console.info("OK: \(report.eventsChecked) audit events after checkpoint #\(newest.seq), \(report.recordsChecked) records they touched intact, \(checkpoints.count) checkpoints contained\(timing).")
        } else {
            let contained = signature.against == nil ? "" : ", \(checkpoints.count) checkpoints contained"
            context.console.info("OK: \(report.eventsChecked) audit events, \(report.recordsChecked) records intact\(contained)\(timing).")
        }
    }

    private static func publicKey(_ signature: Signature, context: CommandContext) throws -> Curve25519.Signing.PublicKey {
        do {
            if let base64 = signature.publicKey ?? Environment.get("WUYE_AUDIT_PUBLIC_KEY") {
                return try AuditKey.publicKey(base64: base64)
            } else if let keyPath = signature.key ?? Environment.get("WUYE_AUDIT_KEY_FILE") {
                return try AuditKey.read(from: keyPath).publicKey
            }
        } catch let error as WuyeError {
            context.console.error(error.message.en)
            throw ExitCode(2)
        }
        context.console.error("Checking checkpoints needs the signer's key: --public-key BASE64 (or WUYE_AUDIT_PUBLIC_KEY) or --key FILE.")
        throw ExitCode(2)
    }

    private static func checkpoints(in path: String, context: CommandContext) throws -> [AuditCheckpoint] {
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
        return checkpoints
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
