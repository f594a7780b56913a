import Fluent
import Vapor

/// 施工交接 (SH-21): handed over whole and counted, taken back and counted
/// again; what comes back not as it went becomes a service-desk item, as at
/// a count (SH-11). Pages and API call these same functions.
public enum ConstructionHandovers {
    static let noun = Text("施工交接记录", "construction handover")

    /// The next step is the one after the show house's last handover: hand over, or take back.
    static func nextDirection(of houseID: UUID, on db: any Database) async throws -> HandoverDirection {
        let last = try await ConstructionHandover.query(on: db).filter(\.$showHouse.$id == houseID).sort(\.$at, .descending).first()
        return last?.direction == .handedOver ? .takenBack : .handedOver
    }

    public static func record(showHouseID: UUID?, _ input: ConstructionHandoverInput, on req: Request) async throws -> ConstructionHandover {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        guard let direction = Input.text(input.direction).flatMap(HandoverDirection.init(rawValue:)) else {
            throw WuyeError.missing("direction", Text("交施工方或施工方交回", "Handed over or taken back"), choose: true, rule: "SH-21")
        }
        guard let contractor = Input.text(input.contractor) else { throw WuyeError.missing("contractor", Text("施工单位", "The contractor"), rule: "SH-21") }
        guard let representative = Input.text(input.representative) else { throw WuyeError.missing("representative", Text("施工方签收人", "The contractor's representative"), rule: "SH-21") }
        guard let signature = Input.text(input.signature) else { throw WuyeError.missing("signature", Text("施工方签名", "The representative's signature"), rule: "SH-21") }
        try SignatureImage.check(signature, field: "signature", rule: "SH-21")
        guard let inventory = try await ShowHouses.currentInventory(of: house.id!, on: req.db) else {
            throw WuyeError.conflict(Text("\(house.name)尚无物品清单", "\(house.name) has no inventory list"), rule: "SH-10", field: "showHouseID")
        }
        var marks: [CountMark] = []
        for (index, mark) in (input.marks ?? []).enumerated() {
            guard let state = Input.text(mark.state).flatMap(ItemState.init(rawValue:)) else {
                throw WuyeError.missing("marks.\(index).state", Text("第 \(index + 1) 项的清点结果", "The result for line \(index + 1)"), choose: true, rule: "SH-21")
            }
            marks.append(CountMark(state: state, note: Input.text(mark.note)))
        }
        let lines = inventory.lines
        // Photos are the count's; here the representative's signature stands for what was found.
        try ShowHouseRules.checkMarks(marks, lines: lines, photos: 1)
        let now = req.now
        let day = property.localTime.day(now)
        let found = marks
        return try await req.write { db in
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            let expected = try await nextDirection(of: house.id!, on: db)
            guard direction == expected else {
                throw WuyeError.conflict(expected == .handedOver ? Text("样板房未交施工方，无从交回", "The show house was not handed over; nothing to take back")
                                                                 : Text("样板房已在施工方，须先交回", "The show house is with construction; it must be taken back first"),
                                         rule: "SH-21", field: "direction")
            }
            let open = try await ShowHouseQueries.openFindings(of: house.id!, on: db)
            let handover = ConstructionHandover()
            handover.id = UUID(); handover.$property.id = property.id; handover.$showHouse.id = house.id!; handover.$inventory.id = inventory.id!
            handover.direction = direction; handover.day = day; handover.contractor = contractor; handover.representative = representative
            handover.representativeSignature = signature; handover.marks = AuditLog.canonicalJSON(found); handover.note = Input.text(input.note)
            handover.$by.id = actor.id; handover.at = now
            try await AuditLog.create("construction_handover.\(direction.rawValue)", handover, by: .person(actor), property: property.id, at: now, on: db)
            try await ShowHouses.raiseFindings(zip(lines, found), house: house, day: day, what: direction.title.zh + "（\(contractor)）", open: open,
                                               property: property, by: actor, at: now, on: db) { $0.$handover.id = handover.id }
            return handover
        }
    }
}

/// 施工交接 (SH-21).
public struct ConstructionHandoverInput: CheckedInput, Content {
    public var direction: String?
    public var contractor: String?
    public var representative: String?
    public var signature: String?
    public var marks: [CountInput.Mark]?
    public var note: String?

    public static let schema = InputSchema("ConstructionHandover", [
        ("direction", .choice(HandoverDirection.allCases.map(\.rawValue), label: Text("交接方向", "direction"), rule: "SH-21")),
        ("contractor", .text(60, label: Text("施工单位", "contractor"), rule: "SH-21")),
        ("representative", .text(40, label: Text("施工方签收人", "representative"), rule: "SH-21")),
        ("signature", InputField(.signature, label: Text("施工方签名", "signature"), rule: "SH-21")),
        ("marks", .list(InputField(.object(CountInput.Mark.schema)), maxItems: ShowHouseRules.mostLines, label: Text("逐项清点", "marks"), rule: "SH-21")),
        ("note", .text(1000, multiline: true, label: Text("备注", "note"), rule: "SH-21")),
    ])
}
