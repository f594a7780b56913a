import Foundation

/// The key cabinet procedure (篇4 客服部钥匙管理制度) as checks on plain values:
/// no database, no HTTP. Each check throws a `WuyeError` naming the field and
/// the requirement, or returns what the procedure says happens next.
public enum KeyRules {
    /// The longest a borrower may keep a key before it counts as overdue.
    public static let longestLoan: TimeInterval = 30 * 24 * 3600
    /// Keys one ledger action may issue or take back together.
    public static let mostKeysAtOnce = 20
    /// How long before it is due a borrower is reminded.
    public static let reminderBefore: TimeInterval = 3600

    // MARK: Issuing (KY-2, KY-4, KY-5, KY-6, KY-7)

    /// Where a spare key stands in security's procedure (KY-6).
    public enum SpareKeyClearance: Sendable {
        case notASpareKey
        case notRequested
        case awaitingSecurity
        case confirmedBySecurity
    }

    /// A key leaves the cabinet only if it is in the cabinet: a damaged key is
    /// withdrawn for good (KY-4), a lost or retired key is gone (KY-5), and a
    /// key that is out has its one holder (KY-7). A customer's spare key also
    /// needs security's confirmation first (KY-6).
    public static func checkIssuable(tag: String, status: KeyStatus, clearance: SpareKeyClearance) throws {
        switch status {
        case .inCabinet:
            break
        case .out:
            throw WuyeError.conflict(Text("钥匙 \(tag) 已借出，须先归还才能再发放", "Key \(tag) is already out; it must be returned before it is issued again"), rule: "KY-7", field: "keyID")
        case .withdrawnDamaged:
            throw WuyeError.conflict(Text("钥匙 \(tag) 已损坏停用，不得发放", "Key \(tag) was withdrawn as damaged and can never be issued"), rule: "KY-4", field: "keyID")
        case .lost:
            throw WuyeError.conflict(Text("钥匙 \(tag) 已报失，须换锁", "Key \(tag) was reported lost; the lock must be changed"), rule: "KY-5", field: "keyID")
        case .retired:
            throw WuyeError.conflict(Text("钥匙 \(tag) 的门锁已更换，钥匙已作废", "Key \(tag) was retired when its lock was changed"), rule: "KY-5", field: "keyID")
        }
        switch clearance {
        case .notASpareKey, .confirmedBySecurity:
            break
        case .notRequested:
            throw WuyeError.conflict(Text("客户备用钥匙须先通知保安部办理手续", "A customer's spare key needs security to be notified first"), rule: "KY-6", field: "keyID")
        case .awaitingSecurity:
            throw WuyeError.conflict(Text("保安部尚未确认备用钥匙的使用手续", "Security has not yet confirmed the spare key's release"), rule: "KY-6", field: "keyID")
        }
    }

    /// Who takes the key: a staff member, or an outside person (e.g. a
    /// contractor) written down with name, phone and ID number.
    public enum Borrower: Sendable, Equatable {
        case staff(id: UUID)
        case outsider(name: String, phone: String, idNumber: String, company: String?)
    }

    /// The issuer may not issue a key to themselves: the person who takes a
    /// key and the foreman or manager who hands it over are two people (KY-2).
    public static func checkBorrower(_ borrower: Borrower, issuer: UUID) throws {
        switch borrower {
        case let .staff(id):
            if id == issuer {
                throw WuyeError.invalid("borrowerStaffID", Text("发放人不能把钥匙发给自己，须由另一位领班或经理发放", "The issuer may not issue a key to themselves; another foreman or manager must issue it"), rule: "KY-2")
            }
        case let .outsider(name, phone, idNumber, _):
            if name.isEmpty { throw WuyeError.missing("borrowerName", Text("领用人姓名", "borrower's name"), rule: "KY-2") }
            try checkPhone(phone)
            try checkIDNumber(idNumber)
        }
    }

    static func checkPhone(_ phone: String) throws {
        let digits = phone.filter(\.isNumber)
        let allowed = phone.allSatisfy { $0.isNumber || $0 == "+" || $0 == "-" || $0 == " " }
        guard allowed, (7...15).contains(digits.count) else {
            throw WuyeError.invalid("borrowerPhone", Text("电话号码应为 7–15 位数字", "The phone number must have 7 to 15 digits"), rule: "KY-2")
        }
    }

    /// A mainland ID number (18 characters, the last may be X) or a passport-style number.
    static func checkIDNumber(_ idNumber: String) throws {
        let upper = idNumber.uppercased()
        let mainland = upper.count == 18 && upper.prefix(17).allSatisfy(\.isNumber) && (upper.last!.isNumber || upper.last == "X")
        let other = (5...20).contains(upper.count) && upper.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } && upper.count != 18
        guard mainland || other else {
            throw WuyeError.invalid("borrowerIDNumber", Text("证件号码应为 18 位身份证号或 5–20 位证件号", "The ID number must be an 18-character ID card number or a 5–20 character document number"), rule: "KY-2")
        }
    }

    /// The ledger asks for a purpose and an expected return, later than now
    /// and within the longest loan.
    public static func checkLoan(purpose: String, expectedReturn: Date, now: Date) throws {
        if purpose.isEmpty { throw WuyeError.missing("purpose", Text("事由", "purpose"), rule: "KY-2") }
        if purpose.count > 200 {
            throw WuyeError.invalid("purpose", Text("事由不能超过 200 字", "The purpose may be at most 200 characters"), rule: "KY-2")
        }
        if expectedReturn <= now {
            throw WuyeError.invalid("expectedReturnAt", Text("预计归还时间须晚于发放时间", "The expected return must be later than the time of issue"), rule: "KY-2")
        }
        if expectedReturn.timeIntervalSince(now) > longestLoan {
            throw WuyeError.invalid("expectedReturnAt", Text("借用期不能超过 30 天", "A key may be lent for at most 30 days"), rule: "KY-2")
        }
    }

    /// The borrower confirms in their own session, or signs on the issuer's
    /// screen. An outsider has no session, so must sign (KY-2, X-1).
    public static func checkConfirmation(borrower: Borrower, signature: String?) throws {
        if let signature {
            try SignatureImage.check(signature, field: "signature", rule: "X-1")
        } else if case .outsider = borrower {
            throw WuyeError.invalid("signature", Text("外来人员领用钥匙须当场签名", "An outside borrower must sign on the issuer's screen"), rule: "KY-2")
        }
    }

    // MARK: Returning (KY-2, KY-4)

    public enum ReturnCondition: String, TextColumn, Codable, Sendable, CaseIterable {
        case good
        case damaged
    }

    /// Only a key that is out can come back.
    public static func checkReturnable(tag: String, isOpen: Bool) throws {
        guard isOpen else {
            throw WuyeError.conflict(Text("钥匙 \(tag) 的这次领用已结束，不能再次归还", "This checkout of key \(tag) is already closed; the key is not out"), rule: "KY-7")
        }
    }

    /// A key returned damaged is withdrawn at once (KY-4); otherwise it goes back in the cabinet.
    public static func afterReturn(_ condition: ReturnCondition) -> (status: KeyStatus, outcome: CheckoutOutcome) {
        switch condition {
        case .good: (.inCabinet, .returned)
        case .damaged: (.withdrawnDamaged, .returnedDamaged)
        }
    }

    // MARK: Damage and loss (KY-4, KY-5)

    /// 发现钥匙有损坏现象，应立即停止使用 — a key in the cabinet found damaged is withdrawn. A key that is out is withdrawn when it comes back.
    public static func checkWithdrawable(tag: String, status: KeyStatus) throws {
        switch status {
        case .inCabinet: break
        case .out:
            throw WuyeError.conflict(Text("钥匙 \(tag) 借出中，归还时选择“损坏”即停用", "Key \(tag) is out; mark it damaged when it is returned"), rule: "KY-4")
        default:
            throw WuyeError.conflict(Text("钥匙 \(tag) 已不在使用中", "Key \(tag) is no longer in use"), rule: "KY-4")
        }
    }

    /// A key in the cabinet or out can be reported lost; it then waits for the lock change.
    public static func checkLossReportable(tag: String, status: KeyStatus) throws {
        guard status == .inCabinet || status == .out else {
            throw WuyeError.conflict(Text("钥匙 \(tag) 状态为“\(status.title.zh)”，不能报失", "Key \(tag) is \(status.title.en.lowercased()) and cannot be reported lost"), rule: "KY-5")
        }
    }

    /// A lock change is asked for from a key withdrawn as damaged; a lost key
    /// opens one by itself when it is reported.
    public static func checkLockChangeRequestable(tag: String, status: KeyStatus, unitHasOpenLockChange: Bool) throws {
        guard status == .withdrawnDamaged else {
            throw WuyeError.conflict(Text("只有损坏停用的钥匙可申请换锁（丢失的钥匙报失时即开立换锁任务）", "Only a key withdrawn as damaged can ask for a lock change (a lost key opens one when reported)"), rule: "KY-5", field: "keyID")
        }
        if unitHasOpenLockChange {
            throw WuyeError.conflict(Text("钥匙 \(tag) 所在房号已有待办的换锁任务", "The unit of key \(tag) already has an open lock change"), rule: "KY-5")
        }
    }

    // MARK: Registering keys (KY-1, KY-5: 决不许自行配制钥匙)

    public struct NewKey: Codable, Sendable, Equatable {
        public var tag: String?
        public var hook: String?
        public var kind: String?
    }

    /// Keys come only with a lock: a unit's first keys, or the keys of a new
    /// lock after a change. Adding keys to a lock that already has keys would
    /// be recording a copy, which the procedure forbids (KY-5).
    public static func checkRegistration(unitHasKeysInUse: Bool) throws {
        if unitHasKeysInUse {
            throw WuyeError.conflict(Text("该房号的门锁已有登记钥匙；决不许自行配制钥匙，新钥匙只能随换锁登记", "This unit's lock already has keys; copies are never made, new keys come only with a lock change"), rule: "KY-5", field: "keys")
        }
    }

    /// Tags, hooks and kinds of the keys to register: each filled in, tags not
    /// repeated and not already used at the property.
    public static func checkNewKeys(_ keys: [NewKey]?, tagsInUse: Set<String>) throws -> [(tag: String, hook: String, kind: KeyKind)] {
        guard let keys, !keys.isEmpty else { throw WuyeError.missing("keys", Text("新钥匙", "the new keys"), rule: "KY-1") }
        if keys.count > 20 {
            throw WuyeError.invalid("keys", Text("一次最多登记 20 把钥匙", "At most 20 keys can be registered at once"), rule: "KY-1")
        }
        var seen = Set<String>()
        return try keys.enumerated().map { index, key in
            let tag = (key.tag ?? "").trimmed(newlines: false)
            let hook = (key.hook ?? "").trimmed(newlines: false)
            if tag.isEmpty { throw WuyeError.missing("keys.\(index).tag", Text("钥匙编号", "tag"), rule: "KY-1") }
            if tag.count > 40 { throw WuyeError.invalid("keys.\(index).tag", Text("钥匙编号不能超过 40 个字符", "A tag may be at most 40 characters"), rule: "KY-1") }
            if hook.isEmpty { throw WuyeError.missing("keys.\(index).hook", Text("挂钩", "hook"), rule: "KY-1") }
            guard let kind = KeyKind(rawValue: key.kind ?? KeyKind.room.rawValue) else {
                throw WuyeError.invalid("keys.\(index).kind", Text("钥匙类型应为 room 或 spare", "kind must be room or spare"), rule: "KY-5")
            }
            if tagsInUse.contains(tag) || !seen.insert(tag).inserted {
                throw WuyeError.conflict(Text("钥匙编号 \(tag) 已被使用", "Tag \(tag) is already in use"), rule: "KY-1", field: "keys.\(index).tag")
            }
            return (tag, hook, kind)
        }
    }

    /// A lock is changed with every old key back: a key still out would
    /// leave someone holding a key that no longer opens anything.
    public static func checkLockChangeCompletable(isOpen: Bool, tagsStillOut: [String]) throws {
        guard isOpen else {
            throw WuyeError.conflict(Text("该换锁任务已完成", "This lock change is already done"), rule: "KY-5")
        }
        if !tagsStillOut.isEmpty {
            throw WuyeError.conflict(Text("旧锁的钥匙 \(tagsStillOut.joined(separator: "、")) 仍借出，须先收回", "Key \(tagsStillOut.joined(separator: ", ")) of the old lock is still out; take it back first"), rule: "KY-5")
        }
    }

    // MARK: Spare keys (KY-6)

    public static func checkSpareRequest(tag: String, kind: KeyKind, status: KeyStatus, hasPendingRelease: Bool) throws {
        guard kind == .spare else {
            throw WuyeError.invalid("keyID", Text("钥匙 \(tag) 不是客户备用钥匙", "Key \(tag) is not a customer's spare key"), rule: "KY-6")
        }
        try checkIssuable(tag: tag, status: status, clearance: .notASpareKey)
        if hasPendingRelease {
            throw WuyeError.conflict(Text("钥匙 \(tag) 已有待用的备用钥匙手续", "Key \(tag) already has a release waiting to be used"), rule: "KY-6")
        }
    }

    public static func checkSpareConfirmable(alreadyConfirmed: Bool) throws {
        if alreadyConfirmed {
            throw WuyeError.conflict(Text("保安部已确认过这次手续", "Security has already confirmed this release"), rule: "KY-6")
        }
    }

    // MARK: Chasing (催还) and batches

    /// Only a key that is out past its expected return is chased.
    public static func checkChaseable(tag: String, isOpen: Bool, expectedReturn: Date, now: Date) throws {
        guard isOverdue(expectedReturn: expectedReturn, isOpen: isOpen, now: now) else {
            throw WuyeError.conflict(Text("钥匙 \(tag) 未逾期，无需催还", "Key \(tag) is not overdue; there is nothing to chase"), rule: "KY-2")
        }
    }

    /// Whether anyone can have been sent a notice about a loan that the return
    /// must settle: a staff borrower is told of the issue, the due hour and a
    /// chase; anyone else's loan is noticed only once overdue (the issuer's
    /// reminder, and a chase, which needs an overdue key).
    public static func mayHaveNotices(borrowerIsStaff: Bool, expectedReturn: Date, now: Date) -> Bool {
        borrowerIsStaff || isOverdue(expectedReturn: expectedReturn, isOpen: true, now: now)
    }

    /// Several keys in one ledger action: at least one, at most `mostKeysAtOnce`, none twice.
    public static func checkBatch(count: Int, distinct: Int, field: String) throws {
        guard count > 0 else { throw WuyeError.missing(field, Text("钥匙", "keys"), choose: true, rule: "KY-2") }
        guard count <= mostKeysAtOnce else {
            throw WuyeError.invalid(field, Text("一次最多 \(mostKeysAtOnce) 把钥匙", "At most \(mostKeysAtOnce) keys at once"), rule: "KY-2")
        }
        guard distinct == count else { throw WuyeError.invalid(field, Text("同一把钥匙选了两次", "A key is chosen twice"), rule: "KY-2") }
    }

    /// A reminder is due when the key is out, not yet late, and due within `reminderBefore`.
    public static func isDueSoon(expectedReturn: Date, isOpen: Bool, now: Date) -> Bool {
        isOpen && expectedReturn >= now && expectedReturn.timeIntervalSince(now) <= reminderBefore
    }

    // MARK: Views

    /// Overdue: out past its expected return.
    public static func isOverdue(expectedReturn: Date, isOpen: Bool, now: Date) -> Bool { isOpen && expectedReturn < now }
}
