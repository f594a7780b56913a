import Fluent
import Foundation

/// 交接班检查表 — a post's handover checklist (HO-1). Never edited in place:
/// an edit is a new version, used from the next sheet; old sheets keep theirs.
public final class HandoverTemplate: Model, @unchecked Sendable {
    public static let schema = "handover_templates"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "post_id") public var post: Post
    @Field(key: "version") public var version: Int
    /// The items, in order, as JSON: `[{"title": "对讲机", "hint": "电量、频道"}]`.
    @Field(key: "items") public var items: String
    @Parent(key: "edited_by_id") public var editedBy: Staff
    @Field(key: "edited_at") public var editedAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $post, $version, $items, $editedBy, $editedAt] }

    public var checklist: [ChecklistItem] { JSONColumn.list(items) }
}

/// The sheet's JSON columns (checklist, marks, carried items), written with
/// `AuditLog.canonicalJSON` and read back as lists; absent is empty.
enum JSONColumn {
    static func list<Element: Decodable>(_ text: String?) -> [Element] {
        text.flatMap { try? JSONDecoder().decode([Element].self, from: Data($0.utf8)) } ?? []
    }
}

/// One line of a checklist: what to check, and a short description.
public struct ChecklistItem: Codable, Sendable, Equatable {
    public var title: String
    public var hint: String?
}

/// 交接班记录 — one post's handover at the end of one shift (HO-1…HO-6): each
/// item √ or × with a note, the work log, what is carried over, the incoming
/// person's questions and the answers; both sign, each in their own session,
/// and then it is frozen (later words are addenda).
public final class HandoverSheet: Model, @unchecked Sendable {
    public static let schema = "handover_sheets"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "post_id") public var post: Post
    @Parent(key: "template_id") public var template: HandoverTemplate
    /// The property's calendar day of the shift that hands over.
    @Field(key: "day") public var day: String
    @Field(key: "shift") public var shift: ShiftName
    @Field(key: "status") public var status: HandoverStatus
    /// 记录责任人: the outgoing person, who fills in and signs first (HO-6).
    @Parent(key: "outgoing_id") public var outgoing: Staff
    @Field(key: "started_at") public var startedAt: Date
    /// √/× per checklist item, as JSON `[{"ok": true, "note": null}]`, in the template's order (HO-1).
    @OptionalField(key: "marks") public var marks: String?
    /// 工作日记 (HO-2).
    @OptionalField(key: "work_log") public var workLog: String?
    /// What is still open, filled in from the records when the sheet is signed out, as JSON.
    @OptionalField(key: "carried") public var carried: String?
    /// The key cabinet's count on customer service's post (KY-3): keys that
    /// should be in it by the ledger, and keys counted.
    @OptionalField(key: "cabinet_expected") public var cabinetExpected: Int?
    @OptionalField(key: "cabinet_counted") public var cabinetCounted: Int?
    @OptionalParent(key: "incoming_id") public var incoming: Staff?
    @OptionalField(key: "offered_at") public var offeredAt: Date?
    @OptionalField(key: "outgoing_signature") public var outgoingSignature: String?
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "incoming_signature") public var incomingSignature: String?
    /// 拒绝接班 (HO-5): how many times, and the last one's reason until a superior resolves it.
    @Field(key: "refusal_count") public var refusalCount: Int
    @OptionalField(key: "refusal_reason") public var refusalReason: String?
    /// 领班审核 (HO-6).
    @OptionalParent(key: "reviewed_by_id") public var reviewedBy: Staff?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] {
        [$id, $property, $post, $template, $day, $shift, $status, $outgoing, $startedAt, $marks, $workLog, $carried, $cabinetExpected, $cabinetCounted,
         $incoming, $offeredAt, $outgoingSignature, $acceptedAt, $incomingSignature, $refusalCount, $refusalReason, $reviewedBy, $reviewedAt]
    }
}

/// One line's mark on a sheet: √ (normal) or × (abnormal, with a note) (HO-1).
public struct ChecklistMark: Codable, Sendable, Equatable {
    public var ok: Bool
    public var note: String?
}

/// One open thing carried to the next shift, as the records had it at sign-out.
public struct CarriedItem: Codable, Sendable, Equatable {
    /// "service_item" or "key".
    public var kind: String
    public var label: String
    public var detail: String
    public var link: String
}

/// 班次.
public enum ShiftName: String, TextColumn, Codable, Sendable, CaseIterable {
    case day, night

    public var title: Text {
        switch self {
        case .day: Text("白班", "Day shift")
        case .night: Text("夜班", "Night shift")
        }
    }
}

public enum HandoverStatus: String, TextColumn, Codable, Sendable, CaseIterable {
    /// 填写中: the outgoing person is filling it in.
    case draft
    /// 待接班: signed out, waiting for the incoming person (HO-4).
    case offered
    /// 拒绝接班: refused, waiting for the foreman or supervisor (HO-5).
    case refused
    /// 已交接: both signed; frozen (HO-6).
    case accepted

    public var title: Text {
        switch self {
        case .draft: Text("填写中", "Being filled in")
        case .offered: Text("待接班", "Waiting for the incoming shift")
        case .refused: Text("拒绝接班", "Refused")
        case .accepted: Text("已交接", "Handed over")
        }
    }
}

/// 问答、拒绝、处理与补记 — words added to a sheet, never edited: the
/// incoming person's questions and the answers (HO-3), a refusal and its
/// resolution (HO-5), and addenda after both signed (HO-6).
public final class HandoverEntry: Model, @unchecked Sendable {
    public static let schema = "handover_entries"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "property_id") public var property: Property
    @Parent(key: "sheet_id") public var sheet: HandoverSheet
    /// 1, 2, 3… on its sheet: the order words were added, even within one millisecond.
    @Field(key: "position") public var position: Int
    @Field(key: "kind") public var kind: HandoverEntryKind
    @Field(key: "text") public var text: String
    @Parent(key: "written_by_id") public var writtenBy: Staff
    @Field(key: "written_at") public var writtenAt: Date

    public init() {}
    /// The fields, listed for Fluent rather than found by reflection at every use (see `ModelFieldsTests`).
    public var properties: [any AnyProperty] { [$id, $property, $sheet, $position, $kind, $text, $writtenBy, $writtenAt] }
}

public enum HandoverEntryKind: String, TextColumn, Codable, Sendable, CaseIterable {
    case question, answer, refusal, resolution, addendum

    public var title: Text {
        switch self {
        case .question: Text("接班人提问", "Question")
        case .answer: Text("交班人答复", "Answer")
        case .refusal: Text("拒绝接班", "Refusal")
        case .resolution: Text("领班处理", "Resolution")
        case .addendum: Text("补记", "Addendum")
        }
    }
}

extension HandoverTemplate: Audited {
    public static let auditType = "handover_template"
    public struct Snapshot: Encodable { let property: UUID, post: UUID, version: Int, items: String, editedBy: UUID, editedAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, post: $post.id, version: version, items: items, editedBy: $editedBy.id, editedAt: editedAt) }
}

extension HandoverSheet: Audited {
    public static let auditType = "handover_sheet"
    public struct Snapshot: Encodable {
        let property: UUID, post: UUID, template: UUID, day: String, shift: ShiftName, status: HandoverStatus, outgoing: UUID, startedAt: Date
        let marks: String?, workLog: String?, carried: String?, cabinetExpected: Int?, cabinetCounted: Int?, incoming: UUID?, offeredAt: Date?
        let outgoingSignature: String?, acceptedAt: Date?, incomingSignature: String?, refusalCount: Int, refusalReason: String?
        let reviewedBy: UUID?, reviewedAt: Date?
    }
    public var auditSnapshot: Snapshot {
        Snapshot(property: $property.id, post: $post.id, template: $template.id, day: day, shift: shift, status: status, outgoing: $outgoing.id, startedAt: startedAt,
                 marks: marks, workLog: workLog, carried: carried, cabinetExpected: cabinetExpected, cabinetCounted: cabinetCounted, incoming: $incoming.id,
                 offeredAt: offeredAt, outgoingSignature: outgoingSignature, acceptedAt: acceptedAt, incomingSignature: incomingSignature,
                 refusalCount: refusalCount, refusalReason: refusalReason, reviewedBy: $reviewedBy.id, reviewedAt: reviewedAt)
    }
}

extension HandoverEntry: Audited {
    public static let auditType = "handover_entry"
    public struct Snapshot: Encodable { let property: UUID, sheet: UUID, position: Int, kind: HandoverEntryKind, text: String, writtenBy: UUID, writtenAt: Date }
    public var auditSnapshot: Snapshot { Snapshot(property: $property.id, sheet: $sheet.id, position: position, kind: kind, text: text, writtenBy: $writtenBy.id, writtenAt: writtenAt) }
}
