@testable import App
import Foundation
import Testing

/// The hand-written conversions on the hot paths agree with what they replace.
@Suite("Fast conversions")
struct FastPathTests {
    @Test("Column names: camelCase properties to snake_case columns, a run of capitals one word")
    func columnNames() {
        #expect(ColumnNames.column("borrowerStaffID") == "borrower_staff_id")
        #expect(ColumnNames.column("borrowerIDNumber") == "borrower_id_number")
        #expect(ColumnNames.column("id") == "id")
        #expect(ColumnNames.column("unitNumber") == "unit_number")
        #expect(ColumnNames.column("usedByCheckoutID") == "used_by_checkout_id")
        #expect(ColumnNames.column("lockNo") == "lock_no")
    }

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

    @Test("Hex is lower-case, two digits a byte")
    func hex() {
        #expect(Hex.string([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.random(bytes: 16).count == 32)
    }
}
