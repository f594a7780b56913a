import Fluent
import Vapor

// Customer spare keys: security's procedure before one is used (篇4 KY-6).
extension KeyCabinet {
    // MARK: Spare keys (KY-6)

    static let securityAudience = Notifier.Audience(grants: [.department(.security, .staff)])

    public static func requestSpareRelease(keyID: UUID?, _ input: ReasonInput, on req: Request) async throws -> SpareKeyRelease {
        let actor = try req.actor
        let key = try await findKey(keyID, on: req.db)
        let propertyID = key.$property.id
        try Policy.authorize(actor, .requestSpareKey, at: propertyID)
        let reason = try Input.reason(input.reason, rule: "KY-6")
        let now = req.now
        let unitLabel = try await UnitLabel.of(unitID: key.$unit.id, on: req.db)
        return try await req.write { db in
            guard let current = try await AuditLog.lock(RoomKey.self, key.id, on: db) else { throw WuyeError.notFound(keyNoun, field: "keyID") }
            let pending = try await SpareKeyRelease.query(on: db).filter(\.$key.$id == current.id!).filter(\.$usedByCheckoutID == nil).count()
            try KeyRules.checkSpareRequest(tag: current.tag, kind: current.kind, status: current.status, hasPendingRelease: pending > 0)
            let release = SpareKeyRelease()
            release.id = UUID()
            release.$property.id = propertyID
            release.$key.id = current.id!
            release.$requestedBy.id = actor.id
            release.reason = reason
            release.requestedAt = now
            try await AuditLog.create("spare_key.requested", release, by: .person(actor), property: propertyID, at: now, on: db)
            try await Notifier.notify(
                securityAudience, at: propertyID, kind: KeyNotice.spareRequested.rawValue,
                message: Text("客服部申请使用备用钥匙 \(current.tag)（\(unitLabel)）：\(reason)。请确认。", "Customer service asks to use spare key \(current.tag) (\(unitLabel)): \(reason). Please confirm."),
                link: "/properties/\(propertyID)/spare-releases", subject: release.id, except: actor.id, now: now, on: db)
            return release
        }
    }

    public static func confirmSpareRelease(releaseID: UUID?, on req: Request) async throws -> SpareKeyRelease {
        let actor = try req.actor
        guard let releaseID, let release = try await SpareKeyRelease.find(releaseID, on: req.db) else {
            throw WuyeError.notFound(Text("备用钥匙手续", "spare key release"), field: "releaseID")
        }
        try Policy.authorize(actor, .confirmSpareKey, at: release.$property.id)
        try Policy.requireDifferentPeople(requester: release.$requestedBy.id, approver: actor.id, rule: "KY-6", what: Text("确认", "confirm"))
        let now = req.now
        return try await req.write { db in
            guard let current = try await AuditLog.lock(SpareKeyRelease.self, release.id, on: db) else { throw WuyeError.notFound(Text("备用钥匙手续", "spare key release")) }
            try KeyRules.checkSpareConfirmable(alreadyConfirmed: current.confirmedAt != nil)
            let confirmed = try await AuditLog.update("spare_key.confirmed_by_security", current, by: .person(actor), property: current.record.$property.id, at: now, on: db) { current in
                current.$confirmedBy.id = actor.id
                current.confirmedAt = now
            }
            // Security's notices about it are settled; the requester may now issue the key.
            try await Notifier.settle([KeyNotice.spareRequested.rawValue], about: confirmed.id!, now: now, on: db)
            let key = try await RoomKey.find(confirmed.$key.id, on: db)
            try await Notifier.notify(confirmed.$requestedBy.id, at: confirmed.$property.id, kind: KeyNotice.spareConfirmed.rawValue,
                                      message: Text("保安部\(actor.name)已确认备用钥匙 \(key?.tag ?? "") 的使用手续，可以发放。", "\(actor.name) of security cleared spare key \(key?.tag ?? ""); it may be issued now."),
                                      link: "/keys/\(confirmed.$key.id)", subject: confirmed.id, now: now, on: db)
            return confirmed
        }
    }
}
