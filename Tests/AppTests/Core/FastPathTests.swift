@testable import App
import Foundation
import Testing

/// The hand-written conversions on the hot paths agree with what they replace.
@Suite("Fast conversions")
struct FastPathTests {
    @Test("UUID text parses as Foundation parses it, and nothing else does")
    func uuidText() {
        for _ in 0..<200 {
            let uuid = UUID()
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(uuid.uuidString.lowercased()) == uuid)
        }
        for bad in ["", "51682E4B-C953-4561-B6A3-5A8EB1BD45B", "51682E4B-C953-4561-B6A3-5A8EB1BD45B77", "51682E4BXC953-4561-B6A3-5A8EB1BD45B7",
                    "51682E4B-C953-4561-B6A3-5A8EB1BD45BG", "51682E4BC953-4561-B6A3-5A8EB1BD45B7-", "５1682E4B-C953-4561-B6A3-5A8EB1BD45B7"] {
            #expect(UUIDText.parse(bad) == nil, "\(bad)")
            #expect(UUID(uuidString: bad) == nil, "\(bad)")
        }
    }

    /// What JSONEncoder writes with the options FastJSON stands in for.
    static func foundation<T: Encodable>(_ value: T, dates: FastJSON.Dates) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch dates {
        case .iso8601: encoder.dateEncodingStrategy = .custom { date, encoder in var c = encoder.singleValueContainer(); try c.encode(FastDate.iso8601(date)) }
        case .epochMilliseconds: encoder.dateEncodingStrategy = .custom { date, encoder in var c = encoder.singleValueContainer(); try c.encode(date.epochMilliseconds) }
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Mixed: Encodable {
        var text: String
        var id: UUID
        var at: Date
        var count: Int
        var small: Int8 = -7
        var big: UInt64 = .max
        var ratio: Double
        var flag: Bool
        var missing: String?
        var present: Int?
        var list: [String]
        var nested: [String: [Int]]
        var kind: KeyStatus
        var empty: [Int] = []
        var url = URL(string: "https://example.com/a/b?c=d")!
    }

    @Test("FastJSON writes what JSONEncoder writes: sorted keys, escapes, numbers, ids, dates, nesting")
    func fastJSONMatchesFoundation() throws {
        var every = ""
        for scalar in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        every += "é钥匙😀\u{2028}\u{feff}"
        let samples = [
            Mixed(text: every, id: UUID(), at: Date(timeIntervalSince1970: 1_795_000_000.123), count: -42, ratio: 0.1, flag: true,
                  missing: nil, present: 0, list: ["a", "", "b/c"], nested: ["z": [1], "a10": [], "a9": [2, 3], "B": [4], "_": [5]], kind: .inCabinet),
            Mixed(text: "", id: UUID(), at: Date(timeIntervalSince1970: 0), count: .min, ratio: 1e20, flag: false,
                  missing: "x", present: nil, list: [], nested: [:], kind: .withdrawnDamaged),
        ]
        for dates in [FastJSON.Dates.iso8601, .epochMilliseconds] {
            for sample in samples {
                #expect(try FastJSON(dates: dates).string(sample) == Self.foundation(sample, dates: dates))
            }
            #expect(try FastJSON(dates: dates).string(samples) == Self.foundation(samples, dates: dates))
            #expect(try FastJSON(dates: dates).string(Optional<Int>.none) == Self.foundation(Optional<Int>.none, dates: dates))
        }
    }

    /// A type that writes itself with a nested container by hand.
    struct HandWritten: Encodable {
        enum Keys: String, CodingKey { case outer, inner }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try nested.encode("钥匙", forKey: .inner)
        }
    }

    @Test("Streamed JSON (responses) reads as the same document JSONEncoder writes, keys in any order")
    func streamedJSONMatchesFoundation() throws {
        func same<T: Encodable>(_ value: T) throws {
            let streamed = try StreamedJSON(dates: .iso8601).encode(value)
            let foundation = try Self.foundation(value, dates: .iso8601)
            // Both read back and written again with sorted keys: the same document whatever the key order.
            func canonical(_ bytes: Data) throws -> Data {
                try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]),
                                           options: [.sortedKeys, .fragmentsAllowed])
            }
            #expect(try canonical(Data(streamed)) == canonical(Data(foundation.utf8)), "\(String(decoding: streamed, as: UTF8.self)) vs \(foundation)")
        }
        var every = ""
        for scalar in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let mixed = Mixed(text: every + "钥匙", id: UUID(), at: Date(timeIntervalSince1970: 1_795_000_000), count: 7, ratio: 2.5, flag: true,
                          missing: nil, present: 3, list: ["x"], nested: ["b": [1, 2], "a": []], kind: .out)
        try same(mixed)
        try same([mixed, mixed])
        try same(Page(items: ["钥匙", "a\\b"], paging: Paging(page: 1, per: 50), total: 2))
        try same(HandWritten())
        try same("just text")
        try same([String: Int]())
    }

    /// A document read back and written again with sorted keys: the same bytes whatever the key order.
    static func canonical(_ bytes: [UInt8]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
                                                    options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
    }

    @Test("Values that write their own JSON write the document their Encodable writes: every field, nil ones left out")
    func writtenJSONMatchesEncodable() throws {
        func same<T: JSONWritable & Encodable>(_ value: T) throws {
            let written = JSONOut.bytes(value)
            let foundation = try Self.foundation(value, dates: .iso8601)
            #expect(try Self.canonical(written) == Self.canonical(Array(foundation.utf8)), "\(String(decoding: written, as: UTF8.self)) vs \(foundation)")
        }
        var every = ""
        for scalar in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        every += "钥匙😀\u{2028}"
        let at = Date(timeIntervalSince1970: 1_795_000_000.75), early = Date(timeIntervalSince1970: -86_400.5)
        let holder = KeysAPI.HolderDTO(checkoutID: UUID(), name: every, isOutsider: true, since: at, expectedReturnAt: early, overdue: false)
        let keys = [
            KeysAPI.KeyDTO(id: UUID(), propertyID: UUID(), tag: "A-0101-1", hook: every, kind: .spare, status: .out, lockNo: Int.max,
                           unit: KeysAPI.UnitRef(id: UUID(), label: "1栋 0101"), holder: holder),
            KeysAPI.KeyDTO(id: UUID(), propertyID: UUID(), tag: "", hook: "", kind: .room, status: .retired, lockNo: Int.min, unit: nil, holder: nil),
        ]
        for key in keys { try same(key) }
        let full = KeysAPI.CheckoutDTO(id: UUID(), propertyID: UUID(), keyID: UUID(), keyTag: "T", borrowerStaffID: UUID(), borrowerName: every,
                                       borrowerCompany: "公司", borrowerPhone: "138****0000", borrowerIDNumber: "1101**********1234", purpose: every,
                                       issuedByID: UUID(), issuedAt: at, expectedReturnAt: early, returnedAt: at, receivedByID: UUID(), outcome: .returned,
                                       returnNote: "\u{0}\t", confirmedAt: at, confirmation: .signature, open: false, overdue: true)
        let bare = KeysAPI.CheckoutDTO(id: UUID(), propertyID: UUID(), keyID: UUID(), keyTag: nil, borrowerStaffID: nil, borrowerName: "",
                                       borrowerCompany: nil, borrowerPhone: nil, borrowerIDNumber: nil, purpose: "", issuedByID: UUID(), issuedAt: at,
                                       expectedReturnAt: at, returnedAt: nil, receivedByID: nil, outcome: nil, returnNote: nil, confirmedAt: nil,
                                       confirmation: nil, open: true, overdue: false)
        try same(full)
        try same(bare)
        try same(Page(items: keys, paging: Paging(page: 3, per: 7), total: 0))
        try same(Page(items: [full, bare], paging: Paging(page: 1, per: 50), total: -12))
        try same(Page(items: [KeysAPI.CheckoutDTO](), paging: Paging(page: 1, per: 1), total: 1_000_000))
        try same(KeysAPI.LockChangeDTO(id: UUID(), propertyID: UUID(), unitID: UUID(), lostKeyID: UUID(), reportedByID: UUID(), reportedAt: at,
                                       note: every, oldLockNo: 0, completedAt: nil, completedByID: nil))
        try same(KeysAPI.LockChangeDTO(id: UUID(), propertyID: UUID(), unitID: UUID(), lostKeyID: UUID(), reportedByID: UUID(), reportedAt: at,
                                       note: "", oldLockNo: 3, completedAt: early, completedByID: UUID()))
        try same(KeysAPI.SpareReleaseDTO(id: UUID(), propertyID: UUID(), keyID: UUID(), requestedByID: UUID(), reason: every, requestedAt: at,
                                         confirmedByID: UUID(), confirmedAt: at, usedByCheckoutID: UUID()))
        try same(KeysAPI.SpareReleaseDTO(id: UUID(), propertyID: UUID(), keyID: UUID(), requestedByID: UUID(), reason: "", requestedAt: at,
                                         confirmedByID: nil, confirmedAt: nil, usedByCheckoutID: nil))
        let event = try JSONDecoder().decode(AuditEventDTO.self, from: Data("""
            {"seq": 9, "occurredAt": 0, "actorName": "系统", "action": "key.issue", "recordType": "room_key", "recordID": "x", "after": "{\\"a\\":1}", "hash": "ab"}
            """.utf8))
        try same(KeysAPI.KeyDetailDTO(key: keys[0], checkouts: [full, bare], history: [event, event]))
        try same(KeysAPI.KeyDetailDTO(key: keys[1], checkouts: [], history: []))
    }

    @Test("Text is trimmed as Foundation trims it: whitespace and newlines, or spaces and tabs only, in any script")
    func trimmingMatchesFoundation() {
        let spaces = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}", "\u{2028}", "\u{2029}",
                      "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{0}", "\u{7F}"]
        let cores = ["", "a", "钥匙", "1栋 0201", "a b", "😀", "e\u{301}", "x\ny"]
        var samples: [String] = []
        for core in cores {
            samples.append(core)
            for space in spaces { samples += [space + core, core + space, space + core + space, space + space + core + space] }
        }
        for sample in samples {
            #expect(sample.trimmed() == sample.trimmingCharacters(in: .whitespacesAndNewlines), "\(sample.unicodeScalars.map { $0.value })")
            #expect(sample.trimmed(newlines: false) == sample.trimmingCharacters(in: .whitespaces), "\(sample.unicodeScalars.map { $0.value })")
        }
    }

    @Test("Local times are written as DateFormatter writes them, in zones with and without summer time")
    func localTimesMatchFoundation() {
        var generator = SystemRandomNumberGenerator()
        for zone in ["Asia/Shanghai", "America/New_York", "Australia/Adelaide", "UTC"] {
            let time = LocalTime(zone)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = time.timeZone
            var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 951_782_400.5)]
            for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...4_000_000_000, using: &generator))) }
            for date in dates {
                formatter.dateFormat = "yyyy-MM-dd HH:mm"
                #expect(time.dateTime(date) == formatter.string(from: date), "\(zone) \(date.timeIntervalSince1970)")
                formatter.dateFormat = "yyyy-MM-dd"
                #expect(time.day(date) == formatter.string(from: date))
                formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
                #expect(time.inputValue(date) == formatter.string(from: date))
            }
        }
    }

    @Test("Every audit snapshot of the demo data reads the same through FastJSON as it was written through JSONEncoder", arguments: TestDatabase.selected)
    func snapshotsUnchanged(database: TestDatabase) async throws {
        try await withApp(database) { t in
            func same<M: Audited>(_ type: M.Type) async throws -> Int {
                var checked = 0
                for record in try await M.query(on: t.db).all() {
                    #expect(AuditLog.snapshot(of: record) == (try Self.foundation(record.auditSnapshot, dates: .epochMilliseconds)))
                    checked += 1
                }
                return checked
            }
            var checked = 0
            checked += try await same(Property.self) + (try await same(Building.self)) + (try await same(Unit.self)) + (try await same(Department.self))
            checked += try await same(Post.self) + (try await same(Staff.self)) + (try await same(StaffProperty.self)) + (try await same(RoomKey.self))
            checked += try await same(KeyCheckout.self) + (try await same(SpareKeyRelease.self)) + (try await same(LockChange.self))
            #expect(checked > 100)
        }
    }

    @Test("Hex is lower-case, two digits a byte")
    func hex() {
        #expect(Hex.string([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.random(bytes: 16).count == 32)
    }
}
