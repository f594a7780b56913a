@testable import App
import Fluent
import SQLKit
import SQLiteKit
import Testing
import Vapor

/// Wuye's own SQLite driver (`SQLiteStore`): what Fluent and the writer queue
/// rely on, checked on a real file.
@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("A transaction that throws leaves nothing behind; one that finishes is there for every connection")
    func transactionsCommitOrRollBack() async throws {
        try await withApp(.sqlite, demo: false) { t in
            struct Refused: Error {}
            try await t.db.sql.raw("CREATE TABLE probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)").run()
            await #expect(throws: Refused.self) {
                try await t.app.write { db in
                    try await db.sql.raw("INSERT INTO probe (note) VALUES (\(bind: "lost"))").run()
                    throw Refused()
                }
            }
            try await t.app.write { db in try await db.sql.raw("INSERT INTO probe (note) VALUES (\(bind: "kept"))").run() }
            struct Row: ReadRow { let note: String; init(_ row: RowReader) throws { note = try row.next("note") } }
            #expect(try await t.db.sql.rows(Row.self, "SELECT note FROM probe").map(\.note) == ["kept"])
        }
    }

    @Test("Binds written directly store what SQLiteKit's encoder stores: same type, same value, nil as NULL")
    func bindsStoreWhatSQLiteKitWould() async throws {
        try await withApp(.sqlite, demo: false) { t in
            let sql = t.db.sql
            try await sql.raw("CREATE TABLE probe (n INTEGER PRIMARY KEY, v)").run()
            let id = UUID(), at = Date(timeIntervalSince1970: 1_795_924_800.123)
            let values: [any Encodable & Sendable] = [
                id, "钥匙 'x'", Int.max, Int.min, 0.1, at, true, false,
                UUID?.some(id), UUID?.none, String?.some("a"), String?.none, Int?.some(-7), Int?.none,
                Double?.some(2.5), Double?.none, Date?.some(at), Date?.none, KeyStatus.out, Int64(3),
            ]
            for (n, value) in values.enumerated() {
                try await sql.raw("INSERT INTO probe (n, v) VALUES (\(bind: n), \(bind: value))").run()
            }
            struct Stored: ReadRow, Equatable {
                let type: String, text: String?
                init(_ row: RowReader) throws { type = try row.next("type"); text = try row.next("text") }
                init(type: String, text: String?) { self.type = type; self.text = text }
            }
            let stored = try await sql.rows(Stored.self, "SELECT typeof(v) AS type, CAST(v AS TEXT) AS text FROM probe ORDER BY n")
            let expected = try values.map { value -> Stored in
                switch try SQLiteDataEncoder().encode(value) {
                case let .text(text): Stored(type: "text", text: text)
                case let .integer(int): Stored(type: "integer", text: String(int))
                case .float: Stored(type: "real", text: nil)
                case .null: Stored(type: "null", text: nil)
                case .blob: Stored(type: "blob", text: nil)
                }
            }
            #expect(stored.map(\.type) == expected.map(\.type))
            #expect(zip(stored, expected).allSatisfy { $1.text == nil || $0.text == $1.text })
            // Ids as the app writes them everywhere (upper-case text), and times to the millisecond.
            #expect(stored[0].text == id.uuidString && stored[8].text == id.uuidString)
            let times = try await sql.raw("SELECT v FROM probe WHERE n IN (5, 16) ORDER BY n").all().map { try $0.decode(column: "v", as: Double.self) }
            #expect(times == [at.timeIntervalSince1970, at.timeIntervalSince1970])
        }
    }

    @Test("More readers at once than the store has connections all get their answer")
    func readersBeyondThePool() async throws {
        try await withApp(.sqlite, demo: false) { t in
            let db = t.db
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<64 {
                    group.addTask {
                        try await db.sql.withSession { session in
                            // Hold the connection across a suspension, so the pool runs out and callers wait.
                            try await Task.sleep(for: .milliseconds(5))
                            return try await session.raw("SELECT \(bind: n) + 1 AS n").first(decodingColumn: "n", as: Int.self) ?? -1
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(answers.sorted() == Array(1...64))
        }
    }

    // The limit catches a writer that waits for itself forever; it is generous because the whole suite
    // runs beside it on two cores (alone it takes about 5 s).
    @Test("Single writes outside a transaction queue behind open transactions for the one writer; none fails as 'database is locked'", .timeLimit(.minutes(3)))
    func writesTakeTurns() async throws {
        try await withApp(.sqlite, demo: false) { t in
            try await t.db.sql.raw("CREATE TABLE probe (id INTEGER PRIMARY KEY, source TEXT NOT NULL)").run()
            let (app, db) = (t.app, t.db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        if n % 3 == 0 {
                            try await app.write { db in
                                try await db.sql.raw("INSERT INTO probe (source) VALUES ('transaction')").run()
                                // Hold the writer across a suspension, as a request's transaction does.
                                try await Task.sleep(for: .milliseconds(10))
                            }
                        } else {
                            // An autocommit write, as a sign-in failure or a session is written.
                            try await db.sql.raw("INSERT INTO probe (source) VALUES ('single')").run()
                            _ = try await db.sql.count("SELECT COUNT(*) AS n FROM probe")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await t.db.sql.count("SELECT COUNT(*) AS n FROM probe") == 60)
        }
    }

    @Test("A write through another handle from inside a transaction is refused at once instead of waiting for itself")
    func nestedWriteRefused() async throws {
        try await withApp(.sqlite, demo: false) { t in
            try await t.db.sql.raw("CREATE TABLE probe (note TEXT NOT NULL)").run()
            let db = t.db
            await #expect(throws: SQLiteFailure.self) {
                try await t.app.write { _ in try await db.sql.raw("INSERT INTO probe (note) VALUES ('outside')").run() }
            }
            #expect(try await t.db.sql.count("SELECT COUNT(*) AS n FROM probe") == 0)
        }
    }

    @Test("A second row with the same unique value is refused as a unique violation, and the first stays")
    func uniqueViolation() async throws {
        try await withApp(.sqlite, demo: false) { t in
            try await t.db.sql.raw("CREATE TABLE probe (code TEXT NOT NULL UNIQUE)").run()
            try await t.db.sql.raw("INSERT INTO probe (code) VALUES ('A')").run()
            do {
                try await t.app.write { db in try await db.sql.raw("INSERT INTO probe (code) VALUES ('A')").run() }
                Issue.record("a duplicate was written")
            } catch {
                #expect(isUniqueViolation(error), "\(error)")
            }
            #expect(try await t.db.sql.count("SELECT COUNT(*) AS n FROM probe") == 1)
        }
    }

    @Test("Values come back as they were written: text, numbers, dates, ids, nothing")
    func valuesRoundTrip() async throws {
        try await withApp(.sqlite, demo: false) { t in
            try await t.db.sql.raw("CREATE TABLE probe (id TEXT, at REAL, n INTEGER, x REAL, note TEXT, missing TEXT)").run()
            let id = UUID(), at = Date(timeIntervalSince1970: 1_795_000_000.25)
            try await t.db.sql.raw("INSERT INTO probe VALUES (\(bind: id), \(bind: at), \(bind: 42), \(bind: 2.5), \(bind: "钥匙 \"1\"\n"), NULL)").run()
            struct Row: ReadRow {
                let id: UUID; let at: Date; let n: Int; let x: Double; let note: String; let missing: String?
                init(_ row: RowReader) throws {
                    id = try row.next("id"); at = try row.next("at"); n = try row.next("n"); x = try row.next("x")
                    note = try row.next("note"); missing = try row.next("missing")
                }
            }
            let row = try #require(try await t.db.sql.row(Row.self, "SELECT * FROM probe"))
            #expect(row.id == id && row.at == at && row.n == 42 && row.x == 2.5 && row.note == "钥匙 \"1\"\n" && row.missing == nil)
            // The id is stored as Foundation writes it, so files written before stay readable.
            #expect(try await t.db.sql.raw("SELECT id FROM probe").first(decodingColumn: "id", as: String.self) == id.uuidString)
        }
    }
}

/// The fast read (`ReadRow`): rows read by position, their names checked once.
@Suite("Read rows")
struct ReadRowTests {
    struct Pair: ReadRow {
        let tag: String; let lockNo: Int
        init(_ row: RowReader) throws { tag = try row.next("tag"); lockNo = try row.next("lock_no") }
    }

    @Test("A row type reads the SELECT's columns in order, on every row, on both databases", arguments: TestDatabase.selected)
    func readsInOrder(_ database: TestDatabase) async throws {
        try await withApp(database) { t in
            let rows = try await t.db.sql.rows(Pair.self, "SELECT tag, lock_no FROM room_keys ORDER BY tag")
            let expected = try await RoomKey.query(on: t.db).sort(\.$tag).all()
            #expect(rows.count == expected.count && rows.count > 10)
            #expect(rows.map(\.tag) == expected.map(\.tag))
            #expect(rows.map(\.lockNo) == expected.map(\.lockNo))
        }
    }

    @Test("A SELECT whose columns are not the row type's, in its order, fails naming both", arguments: TestDatabase.selected)
    func namesMustMatch(_ database: TestDatabase) async throws {
        try await withApp(database) { t in
            for (sql, expected) in [("SELECT lock_no, tag FROM room_keys", "reads tag as column 1, but the query's column 1 is lock_no"),
                                    ("SELECT tag FROM room_keys", "reads lock_no as column 2, but the query's column 2 is missing")] {
                do {
                    _ = try await t.db.sql.rows(Pair.self, SQLQueryString(sql))
                    Issue.record("\(sql) was read")
                } catch {
                    #expect("\(error)".contains(expected), "\(error)")
                }
            }
        }
    }
}

extension ReadRowTests {
    @Test("A page of a list knows the whole list's size: one page, full pages, the last page, past the end", arguments: TestDatabase.selected)
    func pageTotals(_ database: TestDatabase) async throws {
        try await withApp(database) { t in
            let all = try await t.db.sql.count("SELECT COUNT(*) AS n FROM room_keys")
            #expect(all > 12)
            for per in [1, 5, all - 1, all, all + 1, 500] {
                for page in [1, 2, all / per, all / per + 1, all / per + 2] where page >= 1 {
                    let paging = Paging(page: page, per: per)
                    let (rows, total) = try await t.db.sql.page(Pair.self, "SELECT tag, lock_no FROM room_keys ORDER BY tag, id", paging: paging,
                                                                count: "SELECT COUNT(*) AS n FROM room_keys")
                    #expect(total == all, "per \(per) page \(page)")
                    #expect(rows.count == max(0, min(per, all - paging.offset)), "per \(per) page \(page)")
                }
            }
        }
    }
}
