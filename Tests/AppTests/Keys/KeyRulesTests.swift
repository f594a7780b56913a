@testable import App
import Foundation
import Testing

/// The procedure's rules on plain values (篇4).
@Suite("Key rules")
struct KeyRulesTests {
    func rule(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as WuyeError { return error.rule ?? "?" } catch { return "other" }
    }

    @Test("KY-4/KY-5/KY-7: only a key in the cabinet can be issued")
    func issuable() {
        #expect(rule { try KeyRules.checkIssuable(tag: "A", status: .inCabinet, clearance: .notASpareKey) } == nil)
        #expect(rule { try KeyRules.checkIssuable(tag: "A", status: .out, clearance: .notASpareKey) } == "KY-7")
        #expect(rule { try KeyRules.checkIssuable(tag: "A", status: .withdrawnDamaged, clearance: .notASpareKey) } == "KY-4")
        #expect(rule { try KeyRules.checkIssuable(tag: "A", status: .lost, clearance: .notASpareKey) } == "KY-5")
        #expect(rule { try KeyRules.checkIssuable(tag: "A", status: .retired, clearance: .notASpareKey) } == "KY-5")
    }

    @Test("KY-6: a spare key needs security's confirmation")
    func spareClearance() {
        #expect(rule { try KeyRules.checkIssuable(tag: "B", status: .inCabinet, clearance: .notRequested) } == "KY-6")
        #expect(rule { try KeyRules.checkIssuable(tag: "B", status: .inCabinet, clearance: .awaitingSecurity) } == "KY-6")
        #expect(rule { try KeyRules.checkIssuable(tag: "B", status: .inCabinet, clearance: .confirmedBySecurity) } == nil)
    }

    @Test("KY-4: a key returned damaged is withdrawn")
    func afterReturn() {
        #expect(KeyRules.afterReturn(.good) == (KeyStatus.inCabinet, CheckoutOutcome.returned))
        #expect(KeyRules.afterReturn(.damaged) == (KeyStatus.withdrawnDamaged, CheckoutOutcome.returnedDamaged))
    }

    @Test("KY-2: outsiders give a valid phone and ID number and must sign")
    func outsider() {
        let good = KeyRules.Borrower.outsider(name: "林工", phone: "139 8765 4321", idNumber: "44010419850505234X", company: nil)
        #expect(rule { try KeyRules.checkBorrower(good, issuer: UUID()) } == nil)
        #expect(rule { try KeyRules.checkBorrower(.outsider(name: "林工", phone: "12", idNumber: "44010419850505234X", company: nil), issuer: UUID()) } == "KY-2")
        #expect(rule { try KeyRules.checkBorrower(.outsider(name: "林工", phone: "13987654321", idNumber: "4401041985050523XX", company: nil), issuer: UUID()) } == "KY-2")
        #expect(rule { try KeyRules.checkBorrower(.outsider(name: "林工", phone: "13987654321", idNumber: "E12345678", company: nil), issuer: UUID()) } == nil)
        #expect(rule { try KeyRules.checkConfirmation(borrower: good, signature: nil) } == "KY-2")
        #expect(rule { try KeyRules.checkConfirmation(borrower: .staff(id: UUID()), signature: nil) } == nil)
        #expect(rule { try KeyRules.checkConfirmation(borrower: .staff(id: UUID()), signature: "data:image/svg+xml;base64,AAAA") } == "X-1")
    }

    @Test("KY-5: keys come only with a lock; tags are not reused")
    func registration() {
        #expect(rule { try KeyRules.checkRegistration(unitHasKeysInUse: true) } == "KY-5")
        #expect(rule { try KeyRules.checkRegistration(unitHasKeysInUse: false) } == nil)
        #expect(rule { _ = try KeyRules.checkNewKeys([.init(tag: "A", hook: "1", kind: nil), .init(tag: "A", hook: "2", kind: nil)], tagsInUse: []) } == "KY-1")
        #expect(rule { _ = try KeyRules.checkNewKeys([.init(tag: "A", hook: "1", kind: "copy")], tagsInUse: []) } == "KY-5")
        #expect(rule { _ = try KeyRules.checkNewKeys([.init(tag: "Z", hook: "1", kind: "spare")], tagsInUse: ["Z"]) } == "KY-1")
        #expect(rule { try KeyRules.checkLockChangeCompletable(isOpen: true, tagsStillOut: ["Z1"]) } == "KY-5")
    }

    @Test("Personal data is masked in lists")
    func masking() {
        #expect(Mask.phone("13812345678") == "138****5678")
        #expect(Mask.idNumber("440106198001011234") == "4401**********1234")
        #expect(Mask.phone(nil) == nil)
        #expect(Mask.idNumber("123") == "********")
    }

    @Test("Local times are read in the property's zone")
    func localTime() {
        let shanghai = LocalTime("Asia/Shanghai")
        #expect(shanghai.parseDateTime("2026-11-29T12:00") == Date(timeIntervalSince1970: 1_795_924_800))
        #expect(shanghai.parseDateTime("2026-11-29T04:00:00Z") == Date(timeIntervalSince1970: 1_795_924_800))
        #expect(shanghai.parseDateTime("noon") == nil)
        #expect(shanghai.dateTime(testNow) == "2026-11-29 10:00")
    }

    @Test("HTML text is escaped by construction")
    func escaping() {
        let node = H.p(.class("a\"b")) { "<script>alert('x')</script>" }
        #expect(node.render() == "<p class=\"a&quot;b\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>")
    }

    @Test("Rows written straight into bytes are escaped as the tree is, and render the same markup")
    func markupMatchesTheTree() {
        let hostile = "<b>\"钥匙\" & 'x'</b>\u{0}"
        let tree = H.li(.class("k \"row\""), .data("tag", hostile)) {
            H.label(.class("pick")) { H.input(.type("checkbox"), .value(hostile)); H.span { "选择 " + hostile } }
            H.span(.class("empty")) { "" }
        }
        let written = Node.written { m in
            m.element("li", .class("k \"row\""), .data("tag", hostile)) { m in
                m.element("label", .class("pick")) { m in
                    m.void("input", .type("checkbox"), .value(hostile))
                    m.element("span") { m in m.text("选择 "); m.text(hostile) }
                }
                m.element("span", .class("empty"), text: "")
            }
        }
        #expect(written.render() == tree.render())
        #expect(!written.render().contains("<b>"))
        #expect(H.ul { written; written }.render() == "<ul>" + tree.render() + tree.render() + "</ul>")
    }
}
