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
        // SQLite: a range, not LIKE 'WZ-2026-%' — its LIKE ignores case, so it cannot narrow by the
        // index and would walk every number the property ever had ("-" + 1 is ".", the range's end).
        // PostgreSQL keeps LIKE: a range would depend on the database's collation, which may ignore punctuation.
        let matching: SQLQueryString = db.sql.dialect.name == "sqlite"
            ? "reference_no >= \(bind: prefix) AND reference_no < \(bind: String(prefix.dropLast()) + ".")"
            : "reference_no LIKE \(bind: prefix + "%")"
        let count = try await db.sql.count("SELECT COUNT(*) AS n FROM \(ident: table) WHERE property_id = \(bind: property.id) AND " + matching)
        return prefix + String(format: "%04d", count + 1)
    }
}
