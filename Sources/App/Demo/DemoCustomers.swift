import Fluent
import Foundation

/// The demo's customer files: an owner at every z城 unit, households with
/// members, tenants, one family that moved out, and documents of every kind,
/// so the files, the search and the masks can be tried at once.
extension DemoData {
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "欧阳"]
    static let givenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"]

    /// Returns the owners filed, in unit order.
    @discardableResult
    static func customers(units: [(Unit, String)], property: UUID, clerk: Staff, at start: Date, now: Date, on db: any Database) async throws -> [Customer] {
        var owners: [Customer] = []
        let actor = AuditActor(id: clerk.id, name: clerk.name)
        let atProperty = units.filter { $0.0.$property.id == property }
        for (index, (unit, _)) in atProperty.enumerated() {
            let registeredAt = start.addingTimeInterval(Double(index) * 600)
            let owner = try await customer(name: surnames[index % surnames.count] + givenNames[(index * 7) % givenNames.count], index: index,
                                           withID: index % 5 != 4, property: property, clerk: clerk, at: registeredAt, on: db)
            owners.append(owner)
            // Most owners live there; every fifth unit is let to a tenant.
            try await tie(owner, to: unit, as: .owner, since: "20\(15 + index % 10)-0\(1 + index % 9)-15", by: clerk, at: registeredAt, on: db)
            if index % 5 == 1 {
                let tenant = try await customer(name: surnames[(index + 3) % surnames.count] + givenNames[(index + 5) % givenNames.count], index: index + 100,
                                                withID: true, property: property, clerk: clerk, at: registeredAt, on: db)
                try await tie(tenant, to: unit, as: .tenant, since: "2025-03-01", by: clerk, at: registeredAt, on: db)
                try await document(tenant, .deposit, "租户装修押金", amountFen: 300_000, reference: nil, dated: "2025-03-01", by: clerk, at: registeredAt, on: db)
            }
            if index % 3 == 0 {
                let member = try await customer(name: String(owner.name.prefix(owner.name.count > 2 ? 2 : 1)) + ["小宝", "思远", "雨桐"][index % 3], index: index + 200,
                                                withID: false, noPhone: true, firstUnit: unit.id, property: property, clerk: clerk, at: registeredAt, on: db)
                try await tie(member, to: unit, as: .member, since: "2020-09-01", by: clerk, at: registeredAt, on: db)
            }
            try await document(owner, .payment, "物业管理费（季度）", amountFen: 86_400 + index * 100, reference: "SF-2026-\(String(format: "%04d", index + 1))",
                               dated: "2026-10-0\(1 + index % 9)", by: clerk, at: registeredAt, on: db)
            if index % 4 == 0 {
                try await document(owner, .renovation, "装修申请表及施工图", amountFen: nil, reference: nil, dated: "2025-06-12", by: clerk, at: registeredAt, on: db)
            }
            if index % 6 == 2 {
                try await document(owner, .letterOut, "关于停水检修的通知", amountFen: nil, reference: "KF-FH-2026-0\(index % 9 + 1)", dated: "2026-11-02", by: clerk, at: registeredAt, on: db)
            }
            if index % 9 == 5 {
                try await document(owner, .violation, "阳台外墙张贴广告，已责令清除", amountFen: nil, reference: nil, dated: "2026-11-10", by: clerk, at: registeredAt, on: db)
                try await document(owner, .arrears, "欠缴物业管理费（两个季度）", amountFen: 172_800, reference: nil, dated: "2026-11-15", by: clerk, at: registeredAt, on: db)
            }
        }
        // A spreadsheet from the sales office, read and waiting for someone to check its columns and start it.
        let sheet = "业主姓名,手机号码,身份证号,楼栋,房号,身份,入住日期\r\n郑海峰,13622220001,\(residentID(501)),1栋,0101,家庭成员,2026/11/20\r\n"
            + "冯晓燕,13622220002,,2栋,0102,租户,2026/11/21\r\n曹操,1362222000X,,1栋,0201,业主,2026/11/22\r\n"
        let waiting = CustomerImport()
        waiting.id = UUID()
        waiting.$property.id = property
        waiting.fileName = "销售处移交名单.csv"
        waiting.encoding = CSV.Encoding.utf8.rawValue
        waiting.content = sheet
        waiting.mapping = CustomerImports.encode(CustomerImportRules.mapping(headings: CSV.rows(sheet)[0]))
        waiting.rowCount = 3
        waiting.status = .previewed
        waiting.rowsDone = 0; waiting.imported = 0; waiting.skipped = 0; waiting.failed = 0
        waiting.report = "[]"
        waiting.$uploadedBy.id = clerk.id!
        waiting.uploadedAt = now.addingTimeInterval(-3600)
        try await AuditLog.create("customer_import.uploaded", waiting, by: actor, property: property, at: waiting.uploadedAt, on: db)

        // A notice to one building a week ago: most households have it, some have read it (CA-4).
        let sentAt = now.addingTimeInterval(-7 * 86400)
        let notice = CustomerNotice()
        notice.id = UUID()
        notice.$property.id = property
        notice.referenceNo = "TZ-" + String(LocalTime("Asia/Shanghai").day(sentAt).prefix(4)) + "-0001"
        notice.title = "关于二次供水水箱清洗停水的通知"
        notice.body = "尊敬的业主/住户：\n为保障饮用水卫生，本周六 9:00–15:00 清洗二次供水水箱，届时 1栋 停水，请提前储水。\n不便之处，敬请谅解。"
        notice.$issuedBy.id = clerk.id!
        notice.issuedAt = sentAt
        try await AuditLog.create("customer_notice.sent", notice, by: actor, property: property, at: sentAt, on: db)
        let firstBuilding = atProperty.first?.1
        for (index, (unit, _)) in atProperty.filter({ $0.1 == firstBuilding }).enumerated() {
            let delivery = NoticeDelivery()
            delivery.id = UUID()
            delivery.$property.id = property
            delivery.$notice.id = notice.id!
            delivery.$unit.id = unit.id!
            delivery.addressedTo = try await CustomerNotices.addressees(of: [unit.id!], on: db)[unit.id!] ?? "住户"
            if index % 5 != 4 {
                delivery.deliveredAt = sentAt.addingTimeInterval(Double(index) * 900)
                delivery.deliveryMethod = index % 3 == 0 ? .inPerson : .mailbox
                delivery.$deliveredBy.id = clerk.id!
                if index % 2 == 0 {
                    delivery.readAt = sentAt.addingTimeInterval(86400 + Double(index) * 600)
                    delivery.$readRecordedBy.id = clerk.id!
                }
            }
            try await AuditLog.create("customer_notice.addressed", delivery, by: actor, property: property, at: sentAt, on: db)
        }

        // A tenant family that moved out last month.
        if let (unit, _) = atProperty.last {
            let left = try await customer(name: "郑晓东", index: 999, withID: true, property: property, clerk: clerk, at: start, on: db)
            let tie = try await tie(left, to: unit, as: .tenant, since: "2024-05-01", by: clerk, at: start, on: db)
            _ = try await AuditLog.update("customer.moved_out", try await AuditLog.lock(CustomerUnit.self, tie.id, on: db)!, by: actor, property: property,
                                          at: now.addingTimeInterval(-20 * 86400), on: db) { $0.endedOn = "2026-10-31" }
            try await CustomerFiles.reindex(left, on: db)
        }
        return owners
    }

    private static func customer(name: String, index: Int, withID: Bool, noPhone: Bool = false, firstUnit: UUID? = nil,
                                 property: UUID, clerk: Staff, at time: Date, on db: any Database) async throws -> Customer {
        let particulars = CustomerFiles.Particulars(
            name: name, phone: noPhone ? nil : "13\(5 + index % 5)" + String(format: "%08d", (index * 7_919_113) % 100_000_000),
            otherContact: index % 4 == 0 ? "wx_\(Pinyin.initials(name))\(index)" : nil,
            mailingAddress: index % 7 == 0 ? "广州市天河区体育西路\(100 + index)号" : nil,
            idType: withID ? .residentID : nil, idNumber: withID ? residentID(index) : nil, idExpiry: withID ? "2036-0\(1 + index % 9)-01" : nil,
            emergencyName: noPhone ? nil : "家属" + name.prefix(1), emergencyPhone: noPhone ? nil : "1380013" + String(format: "%04d", index),
            emergencyRelation: noPhone ? nil : "亲属", note: nil)
        let identity = try CustomerRules.identity(name: name, phone: particulars.phone, idType: particulars.idType, idNumber: particulars.idNumber, firstUnit: firstUnit)
        return try await CustomerFiles.file(particulars, identity: identity, at: nil, property: property, by: AuditActor(id: clerk.id, name: clerk.name), now: time, on: db)
    }

    @discardableResult
    private static func tie(_ customer: Customer, to unit: Unit, as relation: CustomerRelation, since: String, by clerk: Staff, at time: Date, on db: any Database) async throws -> CustomerUnit {
        let tie = try await CustomerFiles.addTie(customer.id!, CustomerFiles.TieRequest(unit: unit, relation: relation, since: since), property: customer.$property.id,
                                                 by: AuditActor(id: clerk.id, name: clerk.name), now: time, on: db)
        try await CustomerFiles.reindex(customer, on: db)
        return tie
    }

    private static func document(_ customer: Customer, _ kind: DocumentKind, _ title: String, amountFen: Int?, reference: String?, dated: String,
                                 by clerk: Staff, at time: Date, on db: any Database) async throws {
        let entry = CustomerFiles.DocumentEntry(kind: kind, title: title, referenceNo: reference, dated: dated, amountFen: amountFen,
                                                retainUntil: kind == .renovation ? "2035-12-31" : nil, note: nil, corrects: nil)
        try await CustomerFiles.fileDocument(entry, for: customer, by: AuditActor(id: clerk.id, name: clerk.name), now: time, on: db)
    }

    /// A resident ID number with a correct check digit: Guangzhou, born in the 1960s–90s.
    static func residentID(_ index: Int) -> String {
        let body = "440106" + "19\(60 + index % 35)" + String(format: "%02d", 1 + index % 12) + String(format: "%02d", 1 + index % 28) + String(format: "%03d", index % 1000)
        return body + String(CustomerRules.residentIDCheck(body))
    }
}
