import Fluent
import Foundation

/// 客户资料导入 — one spreadsheet of customers brought in (CA-3 收集): the
/// file as uploaded (decoded to text), which column holds which field, and
/// how far the import has come. Rows are imported in chunks, each one
/// transaction; a bad row writes nothing and is reported with its row
/// number, column and reason; a row already on file is skipped, so the
/// same file imported again adds no one twice.
public final class CustomerImport: Model, @unchecked Sendable {
    public static let schema = "customer_imports"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Field(key: "file_name") public var fileName: String
    @Field(key: "encoding") public var encoding: String
    @Field(key: "content") public var content: String
    /// Field name → column number (from 0), as JSON: `{"name":0,"phone":2}`.
    @Field(key: "mapping") public var mapping: String
    /// Data rows (the header row not counted).
    @Field(key: "row_count") public var rowCount: Int
    @Field(key: "status") public var status: ImportStatus
    @Field(key: "rows_done") public var rowsDone: Int
    @Field(key: "imported") public var imported: Int
    @Field(key: "skipped") public var skipped: Int
    @Field(key: "failed") public var failed: Int
    /// The failed rows as JSON: `[{"row":12,"column":"证件号码","reason":"…"}]`.
    @Field(key: "report") public var report: String
    @Parent(key: "uploaded_by_id") public var uploadedBy: Staff
    @Field(key: "uploaded_at") public var uploadedAt: Date
    @OptionalField(key: "started_at") public var startedAt: Date?
    @OptionalField(key: "finished_at") public var finishedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $fileName, $encoding, $content, $mapping, $rowCount, $status, $rowsDone, $imported, $skipped, $failed, $report,
         $uploadedBy, $uploadedAt, $startedAt, $finishedAt]
    }
}

public enum ImportStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// Uploaded; the preview and the column mapping wait for a person to start it.
    case previewed
    case running
    case finished

    public var title: Text {
        switch self {
        case .previewed: Text("待导入", "Ready")
        case .running: Text("导入中", "Importing")
        case .finished: Text("已完成", "Finished")
        }
    }
}

extension CustomerImport: Audited {
    public static let auditType = "customer_import"
    public struct Snapshot: Encodable {
        let property: UUID, fileName: String, encoding: String, contentSHA256: String, mapping: String, rowCount: Int
        let status: ImportStatus, rowsDone: Int, imported: Int, skipped: Int, failed: Int, reportSHA256: String
        let uploadedBy: UUID, uploadedAt: Date, startedAt: Date?, finishedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, fileName: fileName, encoding: encoding, contentSHA256: Hex.sha256(content), mapping: mapping, rowCount: rowCount,
                 status: status, rowsDone: rowsDone, imported: imported, skipped: skipped, failed: failed, reportSHA256: Hex.sha256(report),
                 uploadedBy: $uploadedBy.id, uploadedAt: uploadedAt, startedAt: startedAt, finishedAt: finishedAt)
    }
}

/// One refused row of an import.
public struct ImportProblem: Codable, Sendable, Equatable {
    /// The row as the spreadsheet numbers it (the header is row 1).
    public let row: Int
    /// The column's heading in the file, or the field's name when no column holds it.
    public let column: String
    public let reason: String
}
