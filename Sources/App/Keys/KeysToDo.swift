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

    /// A loan as the list names it.
    private struct LoanRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let tag: String
        let purpose: String
        let borrowerName: String
        let borrowerStaffID: UUID?
        let expectedReturnAt: Date
        let confirmedAt: Date?

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); tag = try row.next("tag"); purpose = try row.next("purpose")
            borrowerName = try row.next("borrower_name"); borrowerStaffID = try row.next("borrower_staff_id")
            expectedReturnAt = try row.next("expected_return_at"); confirmedAt = try row.next("confirmed_at")
        }
    }

    private struct ReleaseRow: ReadRow {
        let propertyID: UUID
        let keyID: UUID
        let tag: String
        let reason: String
        let keyStatus: KeyStatus

        init(_ row: RowReader) throws {
            propertyID = try row.next("property_id"); keyID = try row.next("key_id"); tag = try row.next("tag")
            reason = try row.next("reason"); keyStatus = try row.next("key_status")
        }
    }

    private struct LockRow: ReadRow {
        let id: UUID
        let propertyID: UUID
        let unitNumber: String
        let buildingName: String
        let note: String

        init(_ row: RowReader) throws {
            id = try row.next("id"); propertyID = try row.next("property_id"); unitNumber = try row.next("unit_number")
            buildingName = try row.next("building_name"); note = try row.next("note")
        }
    }

    @Sendable static func items(_ actor: Actor, _ now: Date, _ db: any Database) async throws -> [ToDoItem] {
        var items: [ToDoItem] = []
        let properties = Array(actor.propertyIDs)
        guard !properties.isEmpty else { return [] }
        let sql = db.sql
        let loanColumns: SQLQueryString = "SELECT c.id, c.property_id, k.tag, c.purpose, c.borrower_name, c.borrower_staff_id, c.expected_return_at, c.confirmed_at FROM key_checkouts c JOIN room_keys k ON k.id = c.key_id"

        // Keys I hold: confirm taking it, then bring it back on time (KY-2).
        let held = try await sql.rows(LoanRow.self, loanColumns
            + " WHERE c.borrower_staff_id = \(bind: actor.id) AND c.open_key_id IS NOT NULL ORDER BY c.expected_return_at LIMIT 50")
        for loan in held {
            let late = KeyRules.isOverdue(expectedReturn: loan.expectedReturnAt, isOpen: true, now: now)
            let title: Text = loan.confirmedAt == nil
                ? Text("确认已领取钥匙 \(loan.tag)", "Confirm you took key \(loan.tag)")
                : late ? Text("归还钥匙 \(loan.tag)（已逾期）", "Return key \(loan.tag) (overdue)")
                       : Text("按时归还钥匙 \(loan.tag)", "Return key \(loan.tag) on time")
            items.append(ToDoItem(kind: loan.confirmedAt == nil ? "key.confirm" : "key.return", title: title,
                                  detail: Text(loan.purpose, loan.purpose), link: "/checkouts/\(loan.id)",
                                  propertyID: loan.propertyID, due: loan.expectedReturnAt, urgent: late))
        }

        // Keys I issued that are late: chase them (催还).
        let late = try await sql.rows(LoanRow.self, loanColumns
            + " WHERE c.issued_by_id = \(bind: actor.id) AND c.open_key_id IS NOT NULL AND c.expected_return_at < \(bind: now) ORDER BY c.expected_return_at LIMIT 50")
        for loan in late where loan.borrowerStaffID != actor.id {
            items.append(ToDoItem(kind: "key.chase", title: Text("催还钥匙 \(loan.tag)", "Chase key \(loan.tag)"),
                                  detail: Text("领用人 \(loan.borrowerName)", "Borrowed by \(loan.borrowerName)"),
                                  link: "/checkouts/\(loan.id)", propertyID: loan.propertyID, due: loan.expectedReturnAt, urgent: true))
        }

        let releaseColumns: SQLQueryString = "SELECT r.property_id, r.key_id, k.tag, r.reason, k.status AS key_status FROM spare_key_releases r JOIN room_keys k ON k.id = r.key_id"

        // Spare keys waiting for security (KY-6).
        let confirmAt = properties.filter { Policy.allows(actor, .confirmSpareKey, at: $0) }
        if !confirmAt.isEmpty {
            let waiting = try await sql.rows(ReleaseRow.self, releaseColumns
                + " WHERE r.property_id IN (\(binds: confirmAt)) AND r.confirmed_at IS NULL AND r.requested_by_id <> \(bind: actor.id) ORDER BY r.requested_at LIMIT 50")
            for release in waiting {
                items.append(ToDoItem(kind: "spare_key.confirm", title: Text("确认备用钥匙 \(release.tag) 的使用手续", "Clear spare key \(release.tag)"),
                                      detail: Text(release.reason, release.reason), link: "/properties/\(release.propertyID)/spare-releases",
                                      propertyID: release.propertyID, due: nil, urgent: false))
            }
        }

        // Spare keys security has cleared for me: issue them.
        let cleared = try await sql.rows(ReleaseRow.self, releaseColumns
            + " WHERE r.requested_by_id = \(bind: actor.id) AND r.confirmed_at IS NOT NULL AND r.used_by_checkout_id IS NULL AND k.status = \(bind: KeyStatus.inCabinet.rawValue) LIMIT 50")
        for release in cleared {
            items.append(ToDoItem(kind: "spare_key.issue", title: Text("发放备用钥匙 \(release.tag)（保安部已确认）", "Issue spare key \(release.tag) (cleared by security)"),
                                  detail: Text(release.reason, release.reason), link: "/keys/\(release.keyID)/issue",
                                  propertyID: release.propertyID, due: nil, urgent: false))
        }

        // Locks to change (KY-5).
        let changeAt = properties.filter { Policy.allows(actor, .completeLockChange, at: $0) }
        if !changeAt.isEmpty {
            let open = try await sql.rows(LockRow.self, """
                SELECT t.id, t.property_id, u.number AS unit_number, b.name AS building_name, t.note
                FROM lock_changes t JOIN units u ON u.id = t.unit_id JOIN buildings b ON b.id = u.building_id
                WHERE t.property_id IN (\(binds: changeAt)) AND t.completed_at IS NULL ORDER BY t.reported_at LIMIT 50
                """)
            for change in open {
                let unit = change.buildingName + " " + change.unitNumber
                items.append(ToDoItem(kind: "lock_change.complete", title: Text("更换门锁：\(unit)", "Change the lock of \(unit)"),
                                      detail: Text(change.note, change.note), link: "/lock-changes/\(change.id)",
                                      propertyID: change.propertyID, due: nil, urgent: true))
            }
        }
        return items
    }
}
