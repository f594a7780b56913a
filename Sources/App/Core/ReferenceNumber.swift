import Foundation
import Fluent
import SQLKit

/// 编号 — the numbers people write on paper and quote on the phone:
/// "TZ-2026-0007", counted per property and year in the property's calendar.
enum ReferenceNumber {
    /// The next number. The caller takes turns on the property first
    /// (`SQLLock.takeTurns`), inside the transaction that writes the record,
    /// so two at once get consecutive numbers; the table's unique
    /// (property_id, reference_no) is the backstop.
    static func next(_ letters: String, in table: String, property: PropertyInfo, now: Date, on db: any Database) async throws -> String {
        try await SQLLock.takeTurns(on: Property.schema, id: property.id, in: db.sql)
        let prefix = "\(letters)-\(property.localTime.day(now).prefix(4))-"
        let count = try await db.sql.count("SELECT COUNT(*) AS n FROM \(ident: table) WHERE property_id = \(bind: property.id) AND reference_no LIKE \(bind: prefix + "%")")
        return prefix + String(format: "%04d", count + 1)
    }
}
