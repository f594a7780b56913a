import Fluent
import SQLKit
import Vapor

/// 运行记录 as pages and the API show them.
enum OperationsRecordQueries {
    struct View: Content {
        let id: UUID; let kind: OperationsKind; let day: String; let showHouseID: UUID?; let showHouse: String?; let department: DepartmentCode?; let subjectID: UUID?
        let subject: String?; let vendor: String?; let title: String; let checks: [RecordCheck]; let summary: String; let score: Int?; let followUp: String?
        let recordedBy: String; let recordedAt: Date; let review: String; let reviewedBy: String?; let reviewedAt: Date?; let approved: Bool?; let reviewNote: String?
    }

    static let kindQuery = InputField.choice(OperationsKind.allCases.map(\.rawValue), label: Text("记录类别", "kind"), rule: "SH-6")

    /// Negligence names a person: only supervisors and up, and that person, see it (SH-38).
    static func mayRead(_ record: OperationsRecord, actor: Actor) -> Bool {
        record.kind != .negligence || actor.rank >= .supervisor || record.$subject.id == actor.id
    }

    static func views(_ records: [OperationsRecord], on db: any Database) async throws -> [View] {
        let people = try await SupervisionQueries.names(records.flatMap { [$0.$recordedBy.id, $0.$reviewedBy.id, $0.$subject.id] }, on: db)
        let houses = try await SupervisionQueries.houseNames(records.map { $0.$showHouse.id }, on: db)
        return records.map { r in
            let review = OperationsRules.review(of: r.kind) == .none ? "none" : r.reviewedAt == nil ? "waiting" : r.approved == true ? "approved" : "not_approved"
            return View(id: r.id!, kind: r.kind, day: r.day, showHouseID: r.$showHouse.id, showHouse: r.$showHouse.id.flatMap { houses[$0] }, department: r.department,
                        subjectID: r.$subject.id, subject: r.$subject.id.flatMap { people[$0] }, vendor: r.vendor, title: r.title, checks: r.checkList, summary: r.summary,
                        score: r.score, followUp: r.followUp, recordedBy: people[r.$recordedBy.id] ?? "", recordedAt: r.recordedAt, review: review,
                        reviewedBy: r.$reviewedBy.id.flatMap { people[$0] }, reviewedAt: r.reviewedAt, approved: r.approved, reviewNote: r.reviewNote)
        }
    }

    /// A property's records of a kind (or all), newest first, those the person may read.
    static func list(propertyID: UUID, kind: OperationsKind?, actor: Actor, limit: Int = 100, on db: any Database) async throws -> [View] {
        var query = OperationsRecord.query(on: db).filter(\.$property.$id == propertyID)
        if let kind { query = query.filter(\.$kind == kind) }
        if actor.rank < .supervisor {
            query = query.group(.or) { $0.filter(\.$kind != .negligence).filter(\.$subject.$id == actor.id) }
        }
        return try await views(try await query.sort(\.$recordedAt, .descending).limit(limit).all(), on: db)
    }

    static func one(_ id: UUID?, actor: Actor, on req: Request) async throws -> (OperationsRecord, PropertyInfo) {
        let found = try await OperationsRecords.find(id, on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .viewOperationsRecords)
        guard mayRead(found, actor: actor) else { throw WuyeError.forbidden(Text("失职记录只给主管以上和本人查看", "Only supervisors and the person named see a negligence record"), rule: "SH-38") }
        return (found, property)
    }
}
