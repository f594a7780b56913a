import Fluent
import Vapor

/// A published head of the audit chain. Nothing inside one database can
/// catch someone who rewrites a row, its snapshot, every later hash and the
/// head; a checkpoint kept outside the database can. `wuye audit checkpoint`
/// signs the current sequence number and head hash with a key kept outside
/// the database (Ed25519); `wuye audit verify --against FILE` proves the
/// chain still contains every checkpoint in the file.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public let seq: Int
    public let hash: String
    public let at: Date
    /// The signer's public key (base64), so a reader can tell which key signed.
    public let publicKey: String
    public let signature: String

    static func message(seq: Int, hash: String, at: Date) -> Data {
        Data("wuye-audit-checkpoint\n\(seq)\n\(hash)\n\(at.epochMilliseconds)".utf8)
    }

    static func make(seq: Int, hash: String, at: Date, key: Curve25519.Signing.PrivateKey) throws -> AuditCheckpoint {
        let signature = try key.signature(for: message(seq: seq, hash: hash, at: at))
        return AuditCheckpoint(seq: seq, hash: hash, at: at, publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                               signature: signature.base64EncodedString())
    }

    func isSigned(by publicKey: Curve25519.Signing.PublicKey) -> Bool {
        guard let signature = Data(base64Encoded: signature) else { return false }
        return publicKey.isValidSignature(signature, for: Self.message(seq: seq, hash: hash, at: at))
    }

    /// One line of a checkpoint file.
    var line: String { AuditLog.canonicalJSON(self) }

    static func parse(line: String) throws -> AuditCheckpoint {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(timeIntervalSince1970: Double(try decoder.singleValueContainer().decode(Int64.self)) / 1000)
        }
        return try decoder.decode(AuditCheckpoint.self, from: Data(line.utf8))
    }
}

/// The signing key: 32 random bytes, base64, in a file only the operator reads.
public enum AuditKey {
    public static func generate() -> Curve25519.Signing.PrivateKey { Curve25519.Signing.PrivateKey() }

    public static func write(_ key: Curve25519.Signing.PrivateKey, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw WuyeError(.conflict, Text("\(path) 已存在，不会覆盖", "\(path) exists; it is not overwritten"))
        }
        let created = FileManager.default.createFile(atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw WuyeError(.internalServerError, Text("无法写入 \(path)", "Cannot write \(path)")) }
    }

    public static func read(from path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let data = FileManager.default.contents(atPath: path),
              let raw = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw WuyeError(.badRequest, Text("无法读取签名密钥 \(path)", "Cannot read the signing key at \(path)"))
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public static func publicKey(base64: String) throws -> Curve25519.Signing.PublicKey {
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw WuyeError(.badRequest, Text("公钥不是有效的 base64", "The public key is not valid base64"))
        }
        return try Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

public enum AuditCheckpoints {
    /// Signs the head as it is now, after checking the chain: a broken chain is never vouched for.
    public static func make(on db: any Database, key: Curve25519.Signing.PrivateKey, now: Date) async throws -> (AuditCheckpoint?, AuditReport) {
        let report = try await AuditVerifier.verify(on: db)
        guard report.isIntact, let head = try await AuditHead.find(1, on: db) else { return (nil, report) }
        return (try AuditCheckpoint.make(seq: head.seq, hash: head.hash, at: now, key: key), report)
    }

    /// The first checkpoint the chain no longer contains, or nil when it contains them all.
    public static func firstMissing(_ checkpoints: [AuditCheckpoint], trusting publicKey: Curve25519.Signing.PublicKey, on db: any Database) async throws -> String? {
        for checkpoint in checkpoints {
            guard checkpoint.isSigned(by: publicKey) else {
                return "checkpoint #\(checkpoint.seq) is not signed by the trusted key"
            }
            guard let event = try await AuditEvent.find(checkpoint.seq, on: db) else {
                return "audit event #\(checkpoint.seq) of the checkpoint of \(ISO8601DateFormatter().string(from: checkpoint.at)) is gone: the chain was cut back"
            }
            guard event.hash == checkpoint.hash else {
                return "audit event #\(checkpoint.seq) no longer has the hash published in the checkpoint of \(ISO8601DateFormatter().string(from: checkpoint.at)): the chain was rewritten"
            }
        }
        return nil
    }
}
