import Foundation

/// 钥匙管理规定 for the show houses (篇1 11.0), pure: 钥匙分组由专人持用并
/// 签字登记 (SH-50)；物业服务部钥匙当班领用、用后交还 (SH-51)；持用人不得
/// 转借，移交须先登记 (SH-52)；钥匙遗失立即报告，更换锁芯 (SH-53)；安管部
/// 钥匙封存，夜间紧急启用须有持用人或主管在场 (SH-54).
public enum KeySetRules {
    /// SH-50: the three sets and who may hold each.
    public static let keepers: [DepartmentCode: Rank] = [.security: .manager, .propertyService: .supervisor, .cleaning: .supervisor]

    /// SH-50, SH-52: the holder is of the set's department and of the rank the procedure names.
    public static func checkHolder(keeper: DepartmentCode, department: DepartmentCode, rank: Rank, field: String) throws {
        guard let least = keepers[keeper] else {
            throw WuyeError.invalid("keeper", Text("钥匙组只分安管部、物业服务部、清洁部三组", "must be security, property service or cleaning"), rule: "SH-50")
        }
        guard department == keeper, rank >= least else {
            throw WuyeError.invalid(field, Text("持用人应为\(keeper.title.zh)\(least.title.zh)以上", "must be \(keeper.title.en) of rank \(least.title.en) or above"), rule: "SH-50")
        }
    }

    /// SH-54: security's set is sealed from the day it is registered.
    public static func checkSeal(keeper: DepartmentCode, sealNo: String?) throws {
        if keeper == .security, sealNo == nil {
            throw WuyeError.missing("sealNo", Text("封条号（安管部钥匙须封存）", "The seal number (security's set is sealed)"), rule: "SH-54")
        }
    }

    /// SH-51: only property service's set goes out, and only whole, unsealed, not retired, not already out.
    public static func checkIssuable(keeper: DepartmentCode, retired: Bool, sealed: Bool, keysOut: Int) throws {
        guard keeper == .propertyService else {
            throw WuyeError.conflict(Text("只有物业服务部钥匙组当班领用；持用人不得转借", "Only property service's set is issued for a shift; holders never lend keys"), rule: "SH-52", field: "keySetID")
        }
        guard !retired else { throw WuyeError.conflict(Text("钥匙组已作废", "The set is retired"), rule: "SH-53", field: "keySetID") }
        guard !sealed else { throw WuyeError.conflict(Text("钥匙组已封存", "The set is sealed"), rule: "SH-54", field: "keySetID") }
        guard keysOut == 0 else { throw WuyeError.conflict(Text("钥匙组已领出，须先交还", "The set is out; it must come back first"), rule: "SH-51", field: "keySetID") }
    }

    /// SH-51: the set goes to show-house staff on duty.
    public static func checkTaker(department: DepartmentCode) throws {
        guard department == .customerService || department == .propertyService else {
            throw WuyeError.invalid("staffID", Text("应发给样板房当班员工（客服部或物业服务部）", "must go to show-house staff (customer service or property service)"), rule: "SH-51")
        }
    }

    /// SH-54: the seal is broken only in an emergency, with a key holder or a
    /// supervisor (or above) present who is not the one opening it.
    public static func checkSealBreak(sealed: Bool, emergency: Emergency?, reason: String?, opener: UUID, witness: UUID?, witnessIsHolder: Bool, witnessRank: Rank?) throws {
        guard sealed else { throw WuyeError.conflict(Text("钥匙组未封存（已启封）", "The set is not sealed (already opened)"), rule: "SH-54", field: "keySetID") }
        guard emergency != nil else { throw WuyeError.missing("emergency", Text("紧急情况（火灾、台风、暴雨水浸、门窗未锁等）", "The emergency (fire, typhoon, flooding, unlocked doors…)"), choose: true, rule: "SH-54") }
        guard reason != nil else { throw WuyeError.missing("reason", Text("启封经过", "What happened"), rule: "SH-54") }
        guard let witness else { throw WuyeError.missing("witnessID", Text("在场的持用人或主管", "The key holder or supervisor present"), choose: true, rule: "SH-54") }
        guard witness != opener else { throw WuyeError.invalid("witnessID", Text("在场人不能是启封人本人", "cannot be the one opening it"), rule: "SH-54") }
        guard witnessIsHolder || (witnessRank ?? .staff) >= .supervisor else {
            throw WuyeError.invalid("witnessID", Text("在场人应为钥匙持用人或主管以上", "must be a key holder or a supervisor or above"), rule: "SH-54")
        }
    }

    /// SH-54: resealed with a new seal after it was broken.
    public static func checkReseal(sealed: Bool, old: String?, new: String?) throws {
        guard !sealed else { throw WuyeError.conflict(Text("钥匙组仍在封存中", "The set is still sealed"), rule: "SH-54", field: "keySetID") }
        guard let new else { throw WuyeError.missing("sealNo", Text("新封条号", "The new seal number"), rule: "SH-54") }
        guard new != old else { throw WuyeError.invalid("sealNo", Text("应为新的封条号", "must be a new seal"), rule: "SH-54") }
    }
}
