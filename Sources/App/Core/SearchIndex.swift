import Fluent
import Foundation
import SQLKit

/// The fast search: an inverted index in a plain table, the same SQL on
/// SQLite and PostgreSQL. Each record gets a few short terms (its name and
/// every ending of it, pinyin initials and syllables, a phone and ID number
/// written backwards, unit numbers); a search is a handful of prefix ranges
/// on the table's (property_id, term) index, each stopping at `limit` rows.
/// So "finds 赵丽 by 丽, zl, zhaoli, the phone's last digits, the ID's last
/// digits or 0101" costs a few index seeks at any size — never a scan
/// (`LIKE '%…%'` reads every row). Several words narrow: each must match.
///
/// A table is `(property_id, term, record_id)`, made by `SearchIndex.create`;
/// the feature writes a record's terms with `replace` in the same
/// transaction as the record itself.
struct SearchIndex: Sendable {
    let table: String

    /// What one record is found by.
    struct Terms {
        private(set) var terms: Set<String> = []

        /// A name: found by any part of it (each ending is a term, so a prefix
        /// search finds text inside the name), and by its pinyin.
        mutating func name(_ name: String) {
            let folded = Self.fold(name)
            let characters = Array(folded.prefix(Self.longestName))
            for start in characters.indices { terms.insert("n" + String(characters[start...])) }
            guard folded.unicodeScalars.contains(where: { $0.properties.isIdeographic }) else { return }
            let syllables = Pinyin.of(name).split(separator: " ")
            terms.insert("y" + syllables.compactMap(\.first).map(String.init).joined())
            terms.insert("y" + syllables.joined())
        }

        /// A number people quote the end of (phones, ID numbers): its last
        /// four, written backwards so a tail is a prefix, and the whole number
        /// for an exact match. Nothing in between: a search that could match
        /// any longer tail would let someone who sees only the masked number
        /// find its hidden digits one at a time.
        mutating func tail(_ text: String?, kind: Character) {
            guard let text else { return }
            let plain = Self.fold(text).filter { $0.isLetter || $0.isNumber }
            guard !plain.isEmpty else { return }
            terms.insert(String(kind) + String(plain.suffix(Self.tailLength).reversed()))
            terms.insert(String(kind).uppercased() + plain + Self.whole)
        }

        /// The digits a tail search matches; the same the masks show.
        static let tailLength = 4
        /// Ends an exact term, so no prefix of it matches.
        static let whole = "$"

        /// A code people type from its start (unit numbers).
        mutating func code(_ text: String) {
            let plain = Self.fold(text)
            if !plain.isEmpty { terms.insert("u" + plain) }
        }

        static func fold(_ text: String) -> String { text.lowercased().filter { !$0.isWhitespace && $0 != "-" } }
        /// Names longer than this are found by their first characters' endings only.
        static let longestName = 16
    }

    /// The prefixes a person's search text is looked up under, by what it looks like.
    static func probes(for query: String) -> [String] {
        let folded = Terms.fold(query)
        guard !folded.isEmpty else { return [] }
        let plain = folded.filter { $0.isLetter || $0.isNumber }
        var probes = ["n" + folded, "u" + folded]
        if folded.allSatisfy({ $0.isASCII && $0.isLetter }) { probes.append("y" + folded) }
        if folded.contains(where: \.isNumber), !plain.isEmpty {
            // Up to four: a tail; longer: only the whole number matches.
            probes += plain.count <= Terms.tailLength
                ? ["p" + String(plain.reversed()), "i" + String(plain.reversed())]
                : ["P" + plain + Terms.whole, "I" + plain + Terms.whole]
        }
        return probes
    }

    /// Replaces a record's terms (none: it is no longer found).
    func replace(recordID: UUID, propertyID: UUID, with terms: Terms, on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("DELETE FROM \(ident: table) WHERE record_id = \(bind: recordID)").run()
        guard !terms.terms.isEmpty else { return }
        var insert: SQLQueryString = "INSERT INTO \(ident: table) (property_id, term, record_id) VALUES "
        for (index, term) in terms.terms.sorted().enumerated() {
            insert += "\(unsafeRaw: index == 0 ? "" : ", ")(\(bind: propertyID), \(bind: term), \(bind: recordID))"
        }
        try await sql.raw(insert).run()
    }

    /// The records found by every word of `query` ("思雨 0987": the name and
    /// the phone's tail), at most `limit`. One word: the records whose terms
    /// start with any of its probes, taking turns between the probes so that
    /// "0987" lists units and phone tails alike. More words: the first word's
    /// records (up to `widest`) that the other words find too.
    func find(_ query: String, propertyID: UUID, limit: Int, widest: Int = 5_000, on db: any Database) async throws -> [UUID] {
        // A word that folds to nothing ("-") narrows nothing.
        let words = query.split(whereSeparator: \.isWhitespace).map(String.init).filter { !Self.probes(for: $0).isEmpty }.prefix(4)
        guard let first = words.first else { return [] }
        guard words.count > 1 else { return try await matches(first, propertyID: propertyID, limit: limit, on: db) }
        var found = try await matches(first, propertyID: propertyID, limit: widest, on: db)
        for word in words.dropFirst() where !found.isEmpty {
            var kept: Set<UUID> = []
            for start in stride(from: 0, to: found.count, by: 500) {
                let batch = Array(found[start..<min(found.count, start + 500)])
                var ranges: SQLQueryString = ""
                for (index, probe) in Self.probes(for: word).enumerated() {
                    ranges += "\(unsafeRaw: index == 0 ? "" : " OR ")(term >= \(bind: probe) AND term < \(bind: probe + "\u{10FFFF}"))"
                }
                let rows = try await db.sql.rows(Match.self, """
                    SELECT record_id FROM \(ident: table)
                    WHERE property_id = \(bind: propertyID) AND record_id IN (\(binds: batch)) AND (\(ranges))
                    """)
                kept.formUnion(rows.map(\.id))
            }
            found = found.filter(kept.contains)
        }
        return Array(found.prefix(limit))
    }

    /// One word's records: each probe's first `limit` in term order, merged a turn each.
    private func matches(_ word: String, propertyID: UUID, limit: Int, on db: any Database) async throws -> [UUID] {
        var lists: [[UUID]] = []
        for probe in Self.probes(for: word) {
            let rows = try await db.sql.rows(Match.self, """
                SELECT record_id FROM \(ident: table)
                WHERE property_id = \(bind: propertyID) AND term >= \(bind: probe) AND term < \(bind: probe + "\u{10FFFF}")
                ORDER BY term LIMIT \(literal: limit)
                """)
            lists.append(rows.map(\.id))
        }
        var found: [UUID] = [], seen: Set<UUID> = []
        var turn = 0
        while found.count < limit && lists.contains(where: { turn < $0.count }) {
            for list in lists where turn < list.count && found.count < limit {
                if seen.insert(list[turn]).inserted { found.append(list[turn]) }
            }
            turn += 1
        }
        return found
    }

    private struct Match: ReadRow {
        let id: UUID
        init(_ row: RowReader) throws { id = try row.next("record_id") }
    }

    /// The table, which is its own index: its primary key is (property_id,
    /// term, record_id), so a prefix range reads one b-tree and nothing else
    /// (SQLite: WITHOUT ROWID). Terms compare byte by byte on both engines
    /// (PostgreSQL's "C" collation), so a prefix is a range.
    static func create(_ table: String, on db: any Database) async throws {
        let sql = db.sql
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("""
            CREATE TABLE \(ident: table) (property_id \(unsafeRaw: postgres ? "UUID" : "TEXT") NOT NULL, \
            term TEXT\(unsafeRaw: postgres ? " COLLATE \"C\"" : "") NOT NULL, record_id \(unsafeRaw: postgres ? "UUID" : "TEXT") NOT NULL, \
            PRIMARY KEY (property_id, term, record_id))\(unsafeRaw: postgres ? "" : " WITHOUT ROWID")
            """).run()
        try await sql.create(index: table + "_record").on(table).column("record_id").run()
    }
}
