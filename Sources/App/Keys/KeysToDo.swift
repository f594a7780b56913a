import Fluent
import SQLKit
import Vapor

/// What the key cabinet asks of each person (篇4): keys they hold, keys they
/// issued that are late, spare keys waiting for security, locks waiting for
/// engineering.
enum KeysToDo {
    static let source = ToDoSource(heading: Text("钥匙", "Keys"), items: items, count: count)

    /// The same items, counted in SQL for the navigation (every page shows it).
    @Sendable static func count(_ actor: Actor, _ now: Date) -> SQLQueryString {
        let me = actor.id
        let mine: SQLQueryString = "(SELECT property_id FROM staff_properties WHERE staff_id = \(bind: me))"
        var sum: SQLQueryString = "(SELECT COUNT(*) FROM key_checkouts WHERE borrower_staff_id = \(bind: me) AND open_key_id IS NOT NULL)"
        sum += " + (SELECT COUNT(*) FROM key_checkouts WHERE issued_by_id = \(bind: me) AND open_key_id IS NOT NULL AND expected_return_at < \(bind: now)"
        sum += " AND (borrower_staff_id IS NULL OR borrower_staff_id <> \(bind: me)))"
        if Policy.allows(actor, .confirmSpareKey, at: nil) {
            sum += " + (SELECT COUNT(*) FROM spare_key_releases WHERE property_id IN " + mine + " AND confirmed_at IS NULL AND requested_by_id <> \(bind: me))"
        }
        sum += " + (SELECT COUNT(*) FROM spare_key_releases r JOIN room_keys k ON k.id = r.key_id WHERE r.requested_by_id = \(bind: me)"
        sum += " AND r.confirmed_at IS NOT NULL AND r.used_by_checkout_id IS NULL AND k.status = \(bind: KeyStatus.inCabinet.rawValue))"
        if Policy.allows(actor, .completeLockChange, at: nil) {
            sum += " + (SELECT COUNT(*) FROM lock_changes WHERE property_id IN " + mine + " AND completed_at IS NULL)"
        }
        return sum
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        var items: [ToDoItem] = []
        let properties = Array(actor.propertyIDs)
        guard !properties.isEmpty else { return [] }

        // Keys I hold: confirm taking it, then bring it back on time (KY-2).
        let held = try await KeyCheckout.query(on: db).filter(\.$borrowerStaff.$id == actor.id).filter(\.$openKeyID != nil)
            .with(\.$key).sort(\.$expectedReturnAt).limit(50).all()
        for checkout in held {
            let late = checkout.isOverdue(at: now)
            let title: Text = checkout.confirmedAt == nil
                ? Text("确认已领取钥匙 \(checkout.key.tag)", "Confirm you took key \(checkout.key.tag)")
                : late ? Text("归还钥匙 \(checkout.key.tag)（已逾期）", "Return key \(checkout.key.tag) (overdue)")
                       : Text("按时归还钥匙 \(checkout.key.tag)", "Return key \(checkout.key.tag) on time")
            items.append(ToDoItem(kind: checkout.confirmedAt == nil ? "key.confirm" : "key.return", title: title,
                                  detail: Text("\(checkout.purpose)", "\(checkout.purpose)"), link: "/checkouts/\(checkout.id!)",
                                  propertyID: checkout.$property.id, due: checkout.expectedReturnAt, urgent: late))
        }

        // Keys I issued that are late: chase them (催还).
        let late = try await KeyCheckout.query(on: db).filter(\.$issuedBy.$id == actor.id).filter(\.$openKeyID != nil)
            .filter(\.$expectedReturnAt < now).with(\.$key).sort(\.$expectedReturnAt).limit(50).all()
        for checkout in late where checkout.$borrowerStaff.id != actor.id {
            items.append(ToDoItem(kind: "key.chase", title: Text("催还钥匙 \(checkout.key.tag)", "Chase key \(checkout.key.tag)"),
                                  detail: Text("领用人 \(checkout.borrowerName)", "Borrowed by \(checkout.borrowerName)"),
                                  link: "/checkouts/\(checkout.id!)", propertyID: checkout.$property.id, due: checkout.expectedReturnAt, urgent: true))
        }

        // Spare keys waiting for security (KY-6).
        let confirmAt = properties.filter { Policy.allows(actor, .confirmSpareKey, at: $0) }
        if !confirmAt.isEmpty {
            let waiting = try await SpareKeyRelease.query(on: db).filter(\.$property.$id ~~ confirmAt).filter(\.$confirmedAt == nil)
                .filter(\.$requestedBy.$id != actor.id).with(\.$key).sort(\.$requestedAt).limit(50).all()
            for release in waiting {
                items.append(ToDoItem(kind: "spare_key.confirm", title: Text("确认备用钥匙 \(release.key.tag) 的使用手续", "Clear spare key \(release.key.tag)"),
                                      detail: Text(release.reason, release.reason), link: "/properties/\(release.$property.id)/spare-releases",
                                      propertyID: release.$property.id, due: nil, urgent: false))
            }
        }

        // Spare keys security has cleared for me: issue them.
        let cleared = try await SpareKeyRelease.query(on: db).filter(\.$requestedBy.$id == actor.id).filter(\.$confirmedAt != nil)
            .filter(\.$usedByCheckoutID == nil).with(\.$key).limit(50).all()
        for release in cleared where release.key.status == .inCabinet {
            items.append(ToDoItem(kind: "spare_key.issue", title: Text("发放备用钥匙 \(release.key.tag)（保安部已确认）", "Issue spare key \(release.key.tag) (cleared by security)"),
                                  detail: Text(release.reason, release.reason), link: "/keys/\(release.$key.id)/issue",
                                  propertyID: release.$property.id, due: nil, urgent: false))
        }

        // Locks to change (KY-5).
        let changeAt = properties.filter { Policy.allows(actor, .completeLockChange, at: $0) }
        if !changeAt.isEmpty {
            let open = try await LockChange.query(on: db).filter(\.$property.$id ~~ changeAt).filter(\.$completedAt == nil)
                .with(\.$unit) { $0.with(\.$building) }.sort(\.$reportedAt).limit(50).all()
            for change in open {
                let unit = UnitLabel.of(change.unit)
                items.append(ToDoItem(kind: "lock_change.complete", title: Text("更换门锁：\(unit)", "Change the lock of \(unit)"),
                                      detail: Text(change.note, change.note), link: "/lock-changes/\(change.id!)",
                                      propertyID: change.$property.id, due: nil, urgent: true))
            }
        }
        return items
    }
}
