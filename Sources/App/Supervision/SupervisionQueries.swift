import Fluent
import SQLKit
import Vapor

/// Supervision records as pages and the API show them: the same views for both.
enum SupervisionQueries {
    struct NoticeView: Content {
        let id: UUID; let referenceNo: String; let category: RectificationCategory; let department: DepartmentCode; let showHouseID: UUID?; let showHouse: String?
        let inspectionID: UUID?; let inspectionItem: Int?; let finding: String; let requirement: String; let deadline: Date; let status: RectificationStatus; let overdue: Bool
        let issuedByID: UUID; let issuedBy: String; let issuedAt: Date; let action: String?; let respondedBy: String?; let respondedAt: Date?; let returnedCount: Int
        let returnNote: String?; let extensionTo: Date?; let extensionReason: String?; let verifiedBy: String?; let verifiedAt: Date?; let verificationNote: String?
        let photos: [UUID]
    }

    struct ResultView: Content { let item: String; let result: InspectionMark; let note: String?; let rectificationID: UUID?; let noticeNo: String? }
    struct InspectionView: Content {
        let id: UUID; let showHouseID: UUID; let showHouse: String; let day: String; let inspectedBy: String; let inspectedAt: Date; let checklistVersion: Int
        let results: [ResultView]; let note: String?; let photos: [UUID]
    }
    struct RoundView: Content {
        let id: UUID; let showHouseID: UUID; let showHouse: String; let day: String; let patrolledBy: String; let patrolledAt: Date; let anomaly: Bool
        let checkpoints: [PatrolCheckpoint]; let serviceItemID: UUID?
    }
    struct ChecklistView: Content { let kind: ChecklistKind; let version: Int; let items: [String] }

    static func names(_ ids: [UUID?], on db: any Database) async throws -> [UUID: String] {
        let wanted = Set(ids.compactMap { $0 })
        guard !wanted.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Staff.query(on: db).filter(\.$id ~~ wanted).all().map { ($0.id!, $0.name) })
    }

    static func houseNames(_ ids: [UUID?], on db: any Database) async throws -> [UUID: String] {
        let wanted = Set(ids.compactMap { $0 })
        guard !wanted.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await ShowHouse.query(on: db).filter(\.$id ~~ wanted).all().map { ($0.id!, $0.name) })
    }

    static func views(_ notices: [RectificationNotice], now: Date, photos: Bool = false, on db: any Database) async throws -> [NoticeView] {
        let people = try await names(notices.flatMap { [$0.$issuedBy.id, $0.$respondedBy.id, $0.$verifiedBy.id] }, on: db)
        let houses = try await houseNames(notices.map { $0.$showHouse.id }, on: db)
        let attached = photos ? try await Attachments.ids(of: RectificationNotice.auditType, notices.compactMap(\.id), on: db) : [:]
        return notices.map { n in
            NoticeView(id: n.id!, referenceNo: n.referenceNo, category: n.category, department: n.department, showHouseID: n.$showHouse.id,
                       showHouse: n.$showHouse.id.flatMap { houses[$0] }, inspectionID: n.$inspection.id, inspectionItem: n.inspectionItem, finding: n.finding,
                       requirement: n.requirement, deadline: n.deadline, status: n.status, overdue: n.isOverdue(at: now), issuedByID: n.$issuedBy.id,
                       issuedBy: people[n.$issuedBy.id] ?? "", issuedAt: n.issuedAt, action: n.action, respondedBy: n.$respondedBy.id.flatMap { people[$0] },
                       respondedAt: n.respondedAt, returnedCount: n.returnedCount, returnNote: n.returnNote, extensionTo: n.extensionTo, extensionReason: n.extensionReason,
                       verifiedBy: n.$verifiedBy.id.flatMap { people[$0] }, verifiedAt: n.verifiedAt, verificationNote: n.verificationNote, photos: attached[n.id!] ?? [])
        }
    }

    /// Which notices a list shows.
    struct NoticeFilter {
        var status: RectificationStatus?
        var department: DepartmentCode?
        var overdueOnly = false
    }

    /// A property's notices: overdue first, then the open ones by deadline, then the closed ones newest first.
    static func notices(propertyID: UUID, filter: NoticeFilter, now: Date, limit: Int = 200, on db: any Database) async throws -> [NoticeView] {
        var query: SQLQueryString = "SELECT id FROM rectification_notices WHERE property_id = \(bind: propertyID)"
        if let status = filter.status { query += " AND status = \(bind: status.rawValue)" }
        if let department = filter.department { query += " AND department = \(bind: department.rawValue)" }
        if filter.overdueOnly { query += " AND status = 'issued' AND deadline < \(bind: now)" }
        query += """
             ORDER BY CASE WHEN status = 'issued' AND deadline < \(bind: now) THEN 0 WHEN status <> 'closed' THEN 1 ELSE 2 END,
             CASE WHEN status <> 'closed' THEN deadline END, issued_at DESC LIMIT \(unsafeRaw: String(limit))
            """
        let ids = try await db.sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        let found = Dictionary(uniqueKeysWithValues: try await RectificationNotice.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        return try await views(ids.compactMap { found[$0] }, now: now, on: db)
    }

    static func notice(_ id: UUID, now: Date, on db: any Database) async throws -> NoticeView {
        let found = try await RectificationNotices.find(id, on: db)
        return try await views([found], now: now, photos: true, on: db)[0]
    }

    static func inspectionViews(_ inspections: [Inspection], on db: any Database) async throws -> [InspectionView] {
        let ids = inspections.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let people = try await names(inspections.map { $0.$inspectedBy.id }, on: db)
        let houses = try await houseNames(inspections.map { $0.$showHouse.id }, on: db)
        let versions = Dictionary(uniqueKeysWithValues: try await SupervisionChecklist.query(on: db).filter(\.$id ~~ Set(inspections.map { $0.$checklist.id })).all().map { ($0.id!, $0.version) })
        let notices = try await RectificationNotice.query(on: db).filter(\.$inspection.$id ~~ ids).all()
        let attached = try await Attachments.ids(of: Inspection.auditType, ids, on: db)
        return inspections.map { i in
            InspectionView(id: i.id!, showHouseID: i.$showHouse.id, showHouse: houses[i.$showHouse.id] ?? "", day: i.day, inspectedBy: people[i.$inspectedBy.id] ?? "",
                           inspectedAt: i.inspectedAt, checklistVersion: versions[i.$checklist.id] ?? 0,
                           results: i.resultList.enumerated().map { index, r in
                               let notice = notices.first { $0.$inspection.id == i.id && $0.inspectionItem == index }
                               return ResultView(item: r.item, result: r.result, note: r.note, rectificationID: notice?.id, noticeNo: notice?.referenceNo)
                           }, note: i.note, photos: attached[i.id!] ?? [])
        }
    }

    static func inspections(houseID: UUID, day: String?, limit: Int = 50, on db: any Database) async throws -> [InspectionView] {
        var query = Inspection.query(on: db).filter(\.$showHouse.$id == houseID)
        if let day { query = query.filter(\.$day == day) }
        return try await inspectionViews(try await query.sort(\.$inspectedAt, .descending).limit(limit).all(), on: db)
    }

    static func rounds(houseID: UUID, day: String?, limit: Int = 100, on db: any Database) async throws -> [RoundView] {
        var query = PatrolRound.query(on: db).filter(\.$showHouse.$id == houseID)
        if let day { query = query.filter(\.$day == day) }
        return try await roundViews(try await query.sort(\.$patrolledAt, .descending).limit(limit).all(), on: db)
    }

    static func roundViews(_ rounds: [PatrolRound], on db: any Database) async throws -> [RoundView] {
        let people = try await names(rounds.map { $0.$patrolledBy.id }, on: db)
        let houses = try await houseNames(rounds.map { $0.$showHouse.id }, on: db)
        return rounds.map { r in
            RoundView(id: r.id!, showHouseID: r.$showHouse.id, showHouse: houses[r.$showHouse.id] ?? "", day: r.day, patrolledBy: people[r.$patrolledBy.id] ?? "",
                      patrolledAt: r.patrolledAt, anomaly: r.anomaly, checkpoints: r.checkpointList, serviceItemID: r.$serviceItem.id)
        }
    }

    static func checklist(_ kind: ChecklistKind, propertyID: UUID, on db: any Database) async throws -> ChecklistView {
        let current = try await Inspections.current(kind, property: propertyID, on: db)
        return ChecklistView(kind: kind, version: current?.version ?? 0, items: current?.itemList ?? kind.defaults)
    }
}
