import Fluent
import Crypto
import Vapor

/// 附件 — a photo or scan kept with a record: the evidence of a violation
/// (PS-4), the scan of an ID document (CA-2). The bytes live in the database
/// beside the record, so one backup holds both and several servers share them.
/// Never changed once added; the chain vouches for its fingerprint.
public final class Attachment: Model, @unchecked Sendable {
    public static let schema = "attachments"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    /// The record it belongs to, by its audit type ("space_violation") and id.
    @Field(key: "owner_type") public var ownerType: String
    @Field(key: "owner_id") public var ownerID: UUID
    /// Its place among those added in one action: the order they were sent in.
    @Field(key: "position") public var position: Int
    @Field(key: "content_type") public var contentType: String
    @Field(key: "byte_count") public var byteCount: Int
    @Field(key: "bytes") public var bytes: Data
    @Parent(key: "added_by_id") public var addedBy: Staff
    @Field(key: "added_at") public var addedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $ownerType, $ownerID, $position, $contentType, $byteCount, $bytes, $addedBy, $addedAt] }
}

extension Attachment: Audited {
    public static let auditType = "attachment"
    /// A fingerprint of the bytes stands for them, worked out from the bytes
    /// each time: the chain stays small and `audit verify` notices a swapped photo.
    public struct Snapshot: Encodable {
        let property: UUID, ownerType: String, ownerID: UUID, position: Int, contentType: String, byteCount: Int, sha256: String, addedBy: UUID, addedAt: Date
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, ownerType: ownerType, ownerID: ownerID, position: position, contentType: contentType, byteCount: byteCount, sha256: Hex.string(SHA256.hash(data: bytes)),
                 addedBy: $addedBy.id, addedAt: addedAt)
    }
}

/// An uploaded photo or scan, checked: its bytes are what their first bytes
/// say (JPEG, PNG, WebP, or PDF where scans are allowed), whatever name or
/// type the browser gave it.
public struct Upload: Sendable {
    public let contentType: String
    public let bytes: [UInt8]

    public static let maxBytes = 8 * 1_048_576
    public static let maxCount = 4

    /// A record's photos: at most `maxCount` (the page's files are counted here; the API's list is also limited by its schema).
    static func checkPhotoCount(_ photos: [Upload], rule: String) throws {
        guard photos.count <= maxCount else {
            throw WuyeError.invalid("photos", Text("照片最多 \(maxCount) 张", "at most \(maxCount) photos"), rule: rule)
        }
    }

    /// An API field of up to `maxCount` data URLs, each within `maxBytes` once decoded.
    static func dataURLs(label: Text, rule: String) -> InputField {
        InputField(.list(.text((maxBytes + 2) / 3 * 4 + 40, label: label, rule: rule), maxItems: maxCount), label: label, rule: rule)
    }

    /// A page's file box of up to `maxCount` files of at most `maxBytes` each.
    static func files(label: Text, rule: String) -> InputField {
        InputField(.list(InputField(.file(maxBytes: maxBytes), label: label, rule: rule), maxItems: maxCount), label: label, rule: rule)
    }

    /// From a page's file field.
    public static func file(_ file: File, field: String, allowPDF: Bool = false, rule: String?) throws -> Upload? {
        guard file.data.readableBytes > 0 else { return nil }
        return try checked(Array(buffer: file.data), field: field, allowPDF: allowPDF, rule: rule)
    }

    /// From the API: `data:image/jpeg;base64,…` (the type in the prefix is not trusted either).
    public static func dataURL(_ text: String, field: String, allowPDF: Bool = false, rule: String?) throws -> Upload {
        guard text.hasPrefix("data:"), let comma = text.firstIndex(of: ","), text[..<comma].hasSuffix(";base64"),
              let data = Data(base64Encoded: String(text[text.index(after: comma)...])) else {
            throw WuyeError.invalid(field, allowPDF ? Text("应为 data:image/jpeg;base64,… 或 data:application/pdf;base64,… 形式的文件", "must be a file as data:image/jpeg;base64,… or data:application/pdf;base64,…")
                                                    : Text("应为 data:image/jpeg;base64,… 形式的图片", "must be an image as data:image/jpeg;base64,…"), rule: rule)
        }
        return try checked([UInt8](data), field: field, allowPDF: allowPDF, rule: rule)
    }

    static func checked(_ bytes: [UInt8], field: String, allowPDF: Bool, rule: String?) throws -> Upload {
        guard bytes.count <= maxBytes else {
            throw WuyeError.invalid(field, Text("每个文件不能超过 \(maxBytes / 1_048_576) MB", "each file may be at most \(maxBytes / 1_048_576) MB"), rule: rule)
        }
        guard let type = sniff(bytes), allowPDF || type != "application/pdf" else {
            throw WuyeError.invalid(field, allowPDF ? Text("应为 JPEG、PNG、WebP 图片或 PDF", "must be a JPEG, PNG or WebP image or a PDF")
                                                    : Text("应为 JPEG、PNG 或 WebP 图片", "must be a JPEG, PNG or WebP image"), rule: rule)
        }
        return Upload(contentType: type, bytes: bytes)
    }

    /// The type the bytes themselves declare.
    static func sniff(_ b: [UInt8]) -> String? {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        if b.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }
}

/// Keeping and showing attachments; the owning feature says who may see them.
public enum Attachments {
    /// Adds the uploads to a record, inside the record's own transaction.
    @discardableResult
    static func add(_ uploads: [Upload], to ownerType: String, _ ownerID: UUID, property: UUID, by staff: Staff.IDValue, _ who: AuditActor, at now: Date,
                    on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        for (position, upload) in uploads.enumerated() {
            let attachment = Attachment()
            attachment.position = position
            attachment.id = UUID()
            attachment.$property.id = property
            attachment.ownerType = ownerType
            attachment.ownerID = ownerID
            attachment.contentType = upload.contentType
            attachment.byteCount = upload.bytes.count
            attachment.bytes = Data(upload.bytes)
            attachment.$addedBy.id = staff
            attachment.addedAt = now
            try await AuditLog.create("attachment.added", attachment, by: who, property: property, at: now, on: db)
            ids.append(attachment.id!)
        }
        return ids
    }

    /// The ids of a record's attachments, oldest first, without their bytes.
    static func ids(of ownerType: String, _ ownerID: UUID, on db: any Database) async throws -> [UUID] {
        try await ids(of: ownerType, [ownerID], on: db)[ownerID] ?? []
    }

    /// The attachment ids of several records of one type, by record, oldest first.
    static func ids(of ownerType: String, _ ownerIDs: [UUID], on db: any Database) async throws -> [UUID: [UUID]] {
        guard !ownerIDs.isEmpty else { return [:] }
        let rows = try await Attachment.query(on: db).filter(\.$ownerType == ownerType).filter(\.$ownerID ~~ ownerIDs)
            .field(\.$id).field(\.$ownerID).field(\.$addedAt).field(\.$position).sort(\.$addedAt).sort(\.$position).all()
        return Dictionary(grouping: rows, by: \.ownerID).mapValues { $0.compactMap(\.id) }
    }

    /// One of a record's attachments as a response: the owning feature has
    /// already checked that the person may see the record. `personal`: it
    /// shows personal data, so the browser keeps no copy to reopen unchecked.
    static func response(_ id: UUID?, of ownerType: String, _ ownerID: UUID, personal: Bool = false, on db: any Database) async throws -> Response {
        guard let id, let attachment = try await Attachment.query(on: db).filter(\.$id == id).filter(\.$ownerType == ownerType).filter(\.$ownerID == ownerID).first() else {
            throw WuyeError.notFound(Text("附件", "attachment"), field: "attachmentID")
        }
        let response = Response(status: .ok, body: .init(data: attachment.bytes))
        response.headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
        let suffix = ["image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"][attachment.contentType] ?? "bin"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(id.uuidString.lowercased()).\(suffix)\"")
        // Evidence is never kept by a shared cache, and an id never changes its bytes.
        response.headers.replaceOrAdd(name: .cacheControl, value: personal ? "no-store" : "private, max-age=86400, immutable")
        return response
    }
}
