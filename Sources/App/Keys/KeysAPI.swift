import Fluent
import Vapor

/// The key cabinet's JSON API (篇4). Same service functions as the pages.
enum KeysAPI {
    struct UnitRef: Content { let id: UUID; let label: String }
    struct HolderDTO: Content {
        let checkoutID: UUID; let name: String; let isOutsider: Bool; let since: Date; let expectedReturnAt: Date; let overdue: Bool
    }
    struct KeyDTO: Content {
        let id: UUID; let propertyID: UUID; let tag: String; let hook: String; let kind: KeyKind; let status: KeyStatus
        let lockNo: Int; let unit: UnitRef?; let holder: HolderDTO?
    }
    struct PersonRef: Content { let id: UUID; let name: String }
    struct CheckoutDTO: Content {
        let id: UUID; let propertyID: UUID; let keyID: UUID; let keyTag: String?
        let borrowerStaffID: UUID?; let borrowerName: String; let borrowerCompany: String?
        /// Masked: the whole number needs the reveal endpoint (audited).
        let borrowerPhone: String?; let borrowerIDNumber: String?
        let purpose: String; let issuedByID: UUID; let issuedAt: Date; let expectedReturnAt: Date
        let returnedAt: Date?; let receivedByID: UUID?; let outcome: CheckoutOutcome?; let returnNote: String?
        let confirmedAt: Date?; let confirmation: BorrowerConfirmation?; let open: Bool; let overdue: Bool
    }
    struct KeyDetailDTO: Content { let key: KeyDTO; let checkouts: [CheckoutDTO]; let history: [AuditEventDTO] }
    struct LockChangeDTO: Content {
        let id: UUID; let propertyID: UUID; let unitID: UUID; let lostKeyID: UUID; let reportedByID: UUID; let reportedAt: Date
        let note: String; let oldLockNo: Int; let completedAt: Date?; let completedByID: UUID?
    }
    struct SpareReleaseDTO: Content {
        let id: UUID; let propertyID: UUID; let keyID: UUID; let requestedByID: UUID; let reason: String; let requestedAt: Date
        let confirmedByID: UUID?; let confirmedAt: Date?; let usedByCheckoutID: UUID?
    }
    struct PersonalDataDTO: Content { let borrowerPhone: String?; let borrowerIDNumber: String? }

    static func key(_ key: RoomKey, unitLabel: String?, open: KeyCheckout?, now: Date) -> KeyDTO {
        KeyDTO(id: key.id!, propertyID: key.$property.id, tag: key.tag, hook: key.hook, kind: key.kind, status: key.status, lockNo: key.lockNo,
               unit: unitLabel.map { UnitRef(id: key.$unit.id, label: $0) },
               holder: open.map { HolderDTO(checkoutID: $0.id!, name: $0.borrowerName, isOutsider: $0.isOutsider, since: $0.issuedAt, expectedReturnAt: $0.expectedReturnAt, overdue: $0.isOverdue(at: now)) })
    }

    static func key(_ row: KeyQueries.CabinetRow, now: Date) -> KeyDTO {
        KeyDTO(id: row.id, propertyID: row.propertyID, tag: row.tag, hook: row.hook, kind: row.kind, status: row.status, lockNo: row.lockNo,
               unit: UnitRef(id: row.unitID, label: row.unitLabel),
               holder: row.checkoutID.map { HolderDTO(checkoutID: $0, name: row.borrowerName ?? "", isOutsider: row.borrowerStaffID == nil,
                                                      since: row.issuedAt ?? now, expectedReturnAt: row.expectedReturnAt ?? now, overdue: row.isOverdue(at: now)) })
    }

    static func checkout(_ c: KeyQueries.CheckoutRow, now: Date) -> CheckoutDTO {
        CheckoutDTO(id: c.id, propertyID: c.propertyID, keyID: c.keyID, keyTag: c.tag,
                    borrowerStaffID: c.borrowerStaffID, borrowerName: c.borrowerName, borrowerCompany: c.borrowerCompany,
                    borrowerPhone: Mask.phone(c.borrowerPhone), borrowerIDNumber: Mask.idNumber(c.borrowerIDNumber),
                    purpose: c.purpose, issuedByID: c.issuedByID, issuedAt: c.issuedAt, expectedReturnAt: c.expectedReturnAt,
                    returnedAt: c.returnedAt, receivedByID: c.receivedByID, outcome: c.outcome, returnNote: c.returnNote,
                    confirmedAt: c.confirmedAt, confirmation: c.confirmation, open: c.isOpen, overdue: c.isOverdue(at: now))
    }

    static func checkout(_ c: KeyCheckout, now: Date) -> CheckoutDTO {
        CheckoutDTO(id: c.id!, propertyID: c.$property.id, keyID: c.$key.id, keyTag: c.$key.value?.tag,
                    borrowerStaffID: c.$borrowerStaff.id, borrowerName: c.borrowerName, borrowerCompany: c.borrowerCompany,
                    borrowerPhone: Mask.phone(c.borrowerPhone), borrowerIDNumber: Mask.idNumber(c.borrowerIDNumber),
                    purpose: c.purpose, issuedByID: c.$issuedBy.id, issuedAt: c.issuedAt, expectedReturnAt: c.expectedReturnAt,
                    returnedAt: c.returnedAt, receivedByID: c.$receivedBy.id, outcome: c.outcome, returnNote: c.returnNote,
                    confirmedAt: c.confirmedAt, confirmation: c.confirmation, open: c.isOpen, overdue: c.isOverdue(at: now))
    }

    static func lockChange(_ t: KeyQueries.LockChangeRow) -> LockChangeDTO {
        LockChangeDTO(id: t.id, propertyID: t.propertyID, unitID: t.unitID, lostKeyID: t.lostKeyID, reportedByID: t.reportedByID,
                      reportedAt: t.reportedAt, note: t.note, oldLockNo: t.oldLockNo, completedAt: t.completedAt, completedByID: t.completedByID)
    }

    static func lockChange(_ t: LockChange) -> LockChangeDTO {
        LockChangeDTO(id: t.id!, propertyID: t.$property.id, unitID: t.$unit.id, lostKeyID: t.$lostKey.id, reportedByID: t.$reportedBy.id,
                      reportedAt: t.reportedAt, note: t.note, oldLockNo: t.oldLockNo, completedAt: t.completedAt, completedByID: t.$completedBy.id)
    }

    static func spareRelease(_ r: KeyQueries.SpareReleaseListRow) -> SpareReleaseDTO {
        SpareReleaseDTO(id: r.id, propertyID: r.propertyID, keyID: r.keyID, requestedByID: r.requestedByID, reason: r.reason,
                        requestedAt: r.requestedAt, confirmedByID: r.confirmedByID, confirmedAt: r.confirmedAt, usedByCheckoutID: r.usedByCheckoutID)
    }

    static func spareRelease(_ r: SpareKeyRelease) -> SpareReleaseDTO {
        SpareReleaseDTO(id: r.id!, propertyID: r.$property.id, keyID: r.$key.id, requestedByID: r.$requestedBy.id, reason: r.reason,
                        requestedAt: r.requestedAt, confirmedByID: r.$confirmedBy.id, confirmedAt: r.confirmedAt, usedByCheckoutID: r.usedByCheckoutID)
    }

    static func created<T: Content>(_ value: T) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(value)
        return response
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "keys") { req async throws -> Page<KeyDTO> in
            let property = try await KeyQueries.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, on: req)
            let paging = try Paging.from(req)
            let filter = try KeyQueries.CabinetFilter(req)
            let now = req.now
            let (rows, total) = try await KeyQueries.cabinet(propertyID: property.id, filter: filter, actorID: try req.actor.id, time: property.localTime,
                                                             now: now, paging: paging, on: req.db)
            return Page(items: rows.map { key($0, now: now) }, paging: paging, total: total)
        }
        api.get("properties", ":propertyID", "keys", "overdue") { req async throws -> [CheckoutDTO] in
            let property = try await KeyQueries.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, on: req)
            let now = req.now
            return try await KeyQueries.overdue(propertyID: property.id, now: now, on: req.db).map { checkout($0, now: now) }
        }
        api.get("properties", ":propertyID", "checkouts") { req async throws -> Page<CheckoutDTO> in
            let property = try await KeyQueries.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, on: req)
            let paging = try Paging.from(req)
            let range = try KeyQueries.range(from: try req.queryValue("from", Query.from), to: try req.queryValue("to", Query.to), time: property.localTime, now: req.now)
            let (rows, total) = try await KeyQueries.ledger(propertyID: property.id, from: range.from, to: range.to, paging: paging, on: req.db)
            let now = req.now
            return Page(items: rows.map { checkout($0, now: now) }, paging: paging, total: total)
        }
        api.get("properties", ":propertyID", "lock-changes") { req async throws -> [LockChangeDTO] in
            let property = try await KeyQueries.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor,
                                                         action: .viewLockChanges, on: req)
            return try await KeyQueries.lockChanges(propertyID: property.id, limit: 500, on: req.db).map(lockChange)
        }
        api.get("properties", ":propertyID", "spare-releases") { req async throws -> [SpareReleaseDTO] in
            let property = try await KeyQueries.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, on: req)
            return try await KeyQueries.spareReleases(propertyID: property.id, limit: 500, on: req.db).map(spareRelease)
        }
        api.post("units", ":unitID", "keys") { req async throws -> Response in
            let keys = try await KeyCabinet.registerKeys(unitID: try Input.uuid(req.parameters.get("unitID"), field: "unitID"), try req.input(NewKeysInput.self), on: req)
            let now = req.now
            return try created(keys.map { key($0, unitLabel: nil, open: nil, now: now) })
        }
        api.get("keys", ":keyID") { req async throws -> KeyDetailDTO in
            let place = try await KeyQueries.keyPlace(try Input.uuid(req.parameters.get("keyID"), field: "keyID"), on: req.db)
            _ = try await KeyQueries.property(place.propertyID, for: try req.actor, on: req)
            guard let found = try await KeyQueries.cabinetRows(ids: [place.id], on: req.db).first else { throw WuyeError.notFound(KeyCabinet.keyNoun, field: "keyID") }
            let checkouts = try await KeyQueries.keyHistory(keyID: place.id, on: req.db)
            let history = try await AuditLog.history(recordType: RoomKey.auditType, recordID: place.id, on: req.db)
            let now = req.now
            return KeyDetailDTO(key: key(found, now: now), checkouts: checkouts.map { checkout($0, now: now) }, history: history.map { AuditEventDTO($0) })
        }
        api.post("keys", ":keyID", "checkouts") { req async throws -> Response in
            let result = try await KeyCabinet.issue(keyID: try Input.uuid(req.parameters.get("keyID"), field: "keyID"), try req.input(IssueKeyInput.self), on: req)
            return try created(checkout(result, now: req.now))
        }
        api.post("properties", ":propertyID", "checkouts") { req async throws -> Response in
            let checkouts = try await KeyCabinet.issueMany(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(BatchIssueInput.self), on: req)
            let now = req.now
            return try created(checkouts.map { checkout($0, now: now) })
        }
        api.post("properties", ":propertyID", "returns") { req async throws -> [CheckoutDTO] in
            let returned = try await KeyCabinet.receiveReturns(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(BatchReturnInput.self), on: req)
            let now = req.now
            return returned.map { checkout($0, now: now) }
        }
        api.post("checkouts", ":checkoutID", "chase") { req async throws -> CheckoutDTO in
            checkout(try await KeyCabinet.chase(checkoutID: try Input.uuid(req.parameters.get("checkoutID"), field: "checkoutID"), on: req), now: req.now)
        }
        api.post("keys", ":keyID", "withdraw") { req async throws -> KeyDTO in
            let result = try await KeyCabinet.withdraw(keyID: try Input.uuid(req.parameters.get("keyID"), field: "keyID"), try req.input(ReasonInput.self), on: req)
            return key(result, unitLabel: nil, open: nil, now: req.now)
        }
        api.post("keys", ":keyID", "report-loss") { req async throws -> Response in
            let task = try await KeyCabinet.reportLoss(keyID: try Input.uuid(req.parameters.get("keyID"), field: "keyID"), try req.input(ReasonInput.self), on: req)
            return try created(lockChange(task))
        }
        api.post("keys", ":keyID", "lock-changes") { req async throws -> Response in
            let task = try await KeyCabinet.requestLockChange(keyID: try Input.uuid(req.parameters.get("keyID"), field: "keyID"), try req.input(ReasonInput.self), on: req)
            return try created(lockChange(task))
        }
        api.post("keys", ":keyID", "spare-releases") { req async throws -> Response in
            let release = try await KeyCabinet.requestSpareRelease(keyID: try Input.uuid(req.parameters.get("keyID"), field: "keyID"), try req.input(ReasonInput.self), on: req)
            return try created(spareRelease(release))
        }
        api.post("spare-releases", ":releaseID", "confirm") { req async throws -> SpareReleaseDTO in
            spareRelease(try await KeyCabinet.confirmSpareRelease(releaseID: try Input.uuid(req.parameters.get("releaseID"), field: "releaseID"), on: req))
        }
        api.get("checkouts", ":checkoutID") { req async throws -> CheckoutDTO in
            let found = try await KeyQueries.checkout(try Input.uuid(req.parameters.get("checkoutID"), field: "checkoutID"), signature: false, on: req.db)
            _ = try await KeyQueries.property(found.propertyID, for: try req.actor, on: req)
            return checkout(found, now: req.now)
        }
        api.post("checkouts", ":checkoutID", "return") { req async throws -> CheckoutDTO in
            checkout(try await KeyCabinet.receiveReturn(checkoutID: try Input.uuid(req.parameters.get("checkoutID"), field: "checkoutID"), try req.input(ReturnKeyInput.self), on: req), now: req.now)
        }
        api.post("checkouts", ":checkoutID", "confirm") { req async throws -> CheckoutDTO in
            checkout(try await KeyCabinet.confirmBorrowing(checkoutID: try Input.uuid(req.parameters.get("checkoutID"), field: "checkoutID"), on: req), now: req.now)
        }
        api.post("checkouts", ":checkoutID", "personal-data") { req async throws -> PersonalDataDTO in
            let data = try await KeyCabinet.revealBorrower(checkoutID: try Input.uuid(req.parameters.get("checkoutID"), field: "checkoutID"), on: req)
            return PersonalDataDTO(borrowerPhone: data.phone, borrowerIDNumber: data.idNumber)
        }
        api.post("lock-changes", ":lockChangeID", "complete") { req async throws -> [KeyDTO] in
            let keys = try await KeyCabinet.completeLockChange(taskID: try Input.uuid(req.parameters.get("lockChangeID"), field: "lockChangeID"), try req.input(NewKeysInput.self), on: req)
            let now = req.now
            return keys.map { key($0, unitLabel: nil, open: nil, now: now) }
        }
    }
}

/// An audit event as the API shows it.
struct AuditEventDTO: Content {
    let seq: Int; let occurredAt: Date; let actorID: UUID?; let actorName: String; let action: String
    let recordType: String; let recordID: String; let before: String?; let after: String?; let hash: String

    /// `withStates: false` leaves out the snapshots: they hold fingerprints of
    /// phones and ID numbers, which a short masked number lets anyone try
    /// against, so only those who may see the whole numbers get them.
    init(_ e: AuditEvent, withStates: Bool = true) {
        seq = e.id ?? 0; occurredAt = e.occurredAt; actorID = e.actorID; actorName = e.actorName; action = e.action
        recordType = e.recordType; recordID = e.recordID; hash = e.hash
        before = withStates ? e.before : nil; after = withStates ? e.after : nil
    }
}
