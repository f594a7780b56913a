import Fluent
import Vapor

/// 样板房 — the register, the inventory lists and the counts (篇1 6.2.3,
/// 6.3.6: SH-10…SH-13). Pages and API call these same functions.
public enum ShowHouses {
    static let noun = Text("样板房", "show house")

    /// A show house, at a property the person may act at.
    static func house(_ id: UUID?, for actor: Actor, action: Action, on req: Request) async throws -> (ShowHouse, PropertyInfo) {
        guard let id, let house = try await ShowHouse.find(id, on: req.db) else { throw WuyeError.notFound(noun, field: "showHouseID") }
        return (house, try await req.property(house.$property.id, for: actor, action: action))
    }

    /// 登记样板房: a unit of the property, shown as its unit type, with its hours.
    public static func register(propertyID: UUID?, _ input: ShowHouseInput, on req: Request) async throws -> ShowHouse {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .manageShowHouses)
        guard let unitID = try Input.uuid(input.unitID, field: "unitID") else { throw WuyeError.missing("unitID", Text("房号", "Unit"), choose: true, rule: "ORG-1") }
        guard try await Unit.query(on: req.db).filter(\.$id == unitID).filter(\.$property.$id == property.id).count() == 1 else {
            throw WuyeError.notFound(Text("房号", "unit"), field: "unitID")
        }
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("名称", "Name"), rule: "ORG-1") }
        guard let unitType = Input.text(input.unitType) else { throw WuyeError.missing("unitType", Text("户型", "Unit type"), rule: "SH-16") }
        guard let floor = Input.text(input.floor) else { throw WuyeError.missing("floor", Text("楼层", "Floor"), rule: "ORG-1") }
        guard let opens = Input.text(input.opensAt) else { throw WuyeError.missing("opensAt", Text("开放时间", "Opening time"), rule: "SH-10") }
        guard let closes = Input.text(input.closesAt) else { throw WuyeError.missing("closesAt", Text("闭馆时间", "Closing time"), rule: "SH-17") }
        guard opens < closes else { throw WuyeError.invalid("closesAt", Text("应晚于开放时间 \(opens)", "must be after the opening time \(opens)"), rule: "SH-17") }
        let now = req.now
        do {
            return try await req.write { db in
                let house = ShowHouse()
                house.$property.id = property.id; house.$unit.id = unitID; house.name = name; house.unitType = unitType; house.floor = floor
                house.opensAt = opens; house.closesAt = closes; house.$registeredBy.id = actor.id; house.registeredAt = now
                try await AuditLog.create("show_house.registered", house, by: .person(actor), property: property.id, at: now, on: db)
                // Its counts, inspections, patrols and day review are duties from now on (X-2).
                try await Duties.installDefaults(for: house, from: now, by: .person(actor), on: db)
                return house
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("已有同名的样板房，或这个房号已登记为样板房", "A show house has this name, or this unit is one already"), rule: "ORG-1", field: "name")
        }
    }

    /// 《样板房物品清点记录表》: a new version, used from the next count (SH-10).
    /// A line's placement photo is kept from an earlier version (`photoID`, one
    /// of this show house's) or new (`photos`, by line).
    public static func saveInventory(showHouseID: UUID?, _ input: InventoryInput, photos: [Int: Upload] = [:], on req: Request) async throws -> ShowHouseInventory {
        let actor = try req.actor
        let (house, property) = try await house(showHouseID, for: actor, action: .manageShowHouses, on: req)
        var lines: [InventoryLine] = []
        let known = Set(try await Attachments.ids(of: ShowHouse.auditType, house.id!, on: req.db))
        for (index, line) in (input.items ?? []).enumerated() {
            guard let room = Input.text(line.room) else { throw WuyeError.missing("items.\(index).room", Text("第 \(index + 1) 行的房间", "The room of line \(index + 1)"), rule: "SH-10") }
            guard let item = Input.text(line.item) else { throw WuyeError.missing("items.\(index).item", Text("第 \(index + 1) 行的物品", "The item of line \(index + 1)"), rule: "SH-10") }
            let kept = try Input.uuid(line.photoID, field: "items.\(index).photoID")
            if let kept, !known.contains(kept) { throw WuyeError.notFound(Text("摆放照片", "placement photo"), field: "items.\(index).photoID") }
            lines.append(InventoryLine(room: room, item: item, expected: line.expected ?? 1, photo: kept))
        }
        guard !lines.isEmpty else { throw WuyeError.missing("items", Text("至少一项物品", "At least one line"), rule: "SH-10") }
        if let stray = photos.keys.first(where: { $0 >= lines.count }) {
            throw WuyeError.invalid("items.\(stray).photo", Text("照片没有对应的物品行", "is not on a line of the list"), rule: "SH-10")
        }
        let now = req.now
        let given = lines
        return try await req.write { db in
            var lines = given
            for (index, upload) in photos.sorted(by: { $0.key < $1.key }) {
                lines[index].photo = try await Attachments.add([upload], to: ShowHouse.auditType, house.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db).first
            }
            let encoded = AuditLog.canonicalJSON(lines)
            try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
            let last = try await ShowHouseInventory.query(on: db).filter(\.$showHouse.$id == house.id!).sort(\.$version, .descending).first()?.version ?? 0
            let inventory = ShowHouseInventory()
            inventory.$property.id = property.id; inventory.$showHouse.id = house.id!; inventory.version = last + 1
            inventory.items = encoded; inventory.$editedBy.id = actor.id; inventory.editedAt = now
            try await AuditLog.create("show_house_inventory.saved", inventory, by: .person(actor), property: property.id, at: now, on: db)
            return inventory
        }
    }

    static func currentInventory(of houseID: UUID, on db: any Database) async throws -> ShowHouseInventory? {
        try await ShowHouseInventory.query(on: db).filter(\.$showHouse.$id == houseID).sort(\.$version, .descending).first()
    }

    /// 开馆 / 闭馆清点: every line marked against the current list, the
    /// hygiene check, and at opening the climate (SH-12) and the lobby (SH-13).
    /// Whatever is not normal becomes a service-desk item for the department
    /// that must resolve it, unless the same line's item is still open (SH-11).
    public static func count(showHouseID: UUID?, _ input: CountInput, photos: [Upload], on req: Request) async throws -> ShowHouseCount {
        let actor = try req.actor
        let (house, property) = try await house(showHouseID, for: actor, action: .keepShowHouse, on: req)
        guard let kind = Input.text(input.kind).flatMap(CountKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("清点类别（开馆或闭馆）", "Opening or closing count"), choose: true, rule: "SH-10") }
        guard let inventory = try await currentInventory(of: house.id!, on: req.db) else {
            throw WuyeError.conflict(Text("\(house.name)尚无物品清单，请主管先制定", "\(house.name) has no inventory list yet; a supervisor must write one first"), rule: "SH-10", field: "showHouseID")
        }
        var marks: [CountMark] = []
        for (index, mark) in (input.marks ?? []).enumerated() {
            guard let state = Input.text(mark.state).flatMap(ItemState.init(rawValue:)) else {
                throw WuyeError.missing("marks.\(index).state", Text("第 \(index + 1) 项的清点结果", "The result for line \(index + 1)"), choose: true, rule: "SH-10")
            }
            marks.append(CountMark(state: state, note: Input.text(mark.note)))
        }
        let lines = inventory.lines
        try Upload.checkPhotoCount(photos, rule: "SH-11")
        try ShowHouseRules.checkMarks(marks, lines: lines, photos: photos.count)
        let hygieneNote = Input.text(input.hygieneNote)
        let hygieneOK = try ShowHouseRules.checkHygiene(ok: input.hygieneOK, note: hygieneNote)
        let raining = input.raining ?? false, crowded = input.crowded ?? false, dehumidify = input.dehumidify ?? false
        let dayType = Input.text(input.dayType).flatMap(DayType.init(rawValue:)), shoeCovers = Input.text(input.shoeCovers).flatMap(ShoeCovers.init(rawValue:))
        if kind == .opening {
            try ShowHouseRules.checkClimate(setTemp: input.setTemp, outdoor: input.outdoorTemp, crowded: crowded, raining: raining, dehumidify: dehumidify)
            try ShowHouseRules.checkLobby(dayType: dayType, raining: raining, shoeCovers: shoeCovers, umbrellaBagger: input.umbrellaBagger ?? false, signage: input.signage ?? false)
        }
        let now = req.now
        let day = property.localTime.day(now)
        let encoded = AuditLog.canonicalJSON(marks)
        let found = marks
        do {
            return try await req.write { db in
                try await SQLLock.takeTurns(on: ShowHouse.schema, id: house.id!, in: db.sql)
                try await ShowHouseDays.requireOpen(house: house, day: day, on: db)
                let open = try await ShowHouseQueries.openFindings(of: house.id!, on: db)
                let count = ShowHouseCount()
                count.id = UUID()
                try await Attachments.add(photos, to: ShowHouseCount.auditType, count.id!, property: property.id, by: actor.id, .person(actor), at: now, on: db)
                count.$property.id = property.id; count.$showHouse.id = house.id!; count.$inventory.id = inventory.id!
                count.day = day; count.kind = kind; count.$countedBy.id = actor.id; count.countedAt = now
                count.marks = encoded; count.hygieneOK = hygieneOK; count.hygieneNote = hygieneNote
                if kind == .opening {
                    count.outdoorTemp = input.outdoorTemp; count.setTemp = input.setTemp; count.crowded = crowded; count.raining = raining; count.dehumidify = dehumidify
                    count.dayType = dayType; count.shoeCovers = shoeCovers; count.umbrellaBagger = input.umbrellaBagger ?? false; count.signage = input.signage ?? false
                }
                try await AuditLog.create("show_house_count.\(kind.rawValue)", count, by: .person(actor), property: property.id, at: now, on: db)
                try await raiseFindings(zip(lines, found), house: house, day: day, what: kind.title.zh, open: open, property: property, by: actor, at: now, on: db) {
                    $0.$count.id = count.id
                }
                return count
            }
        } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("\(house.name)今天的\(kind.title.zh)已登记", "\(house.name)'s \(kind.title.en.lowercased()) is already recorded today"), rule: "SH-10", field: "kind")
        }
    }

    /// SH-11: each line not normal becomes a service-desk item for the
    /// department that must resolve it, unless the same line is still open.
    static func raiseFindings<Lines: Sequence>(_ lines: Lines, house: ShowHouse, day: String, what: String, open: [ShowHouseQueries.OpenFinding], property: PropertyInfo,
                                               by actor: Actor, at now: Date, on db: any Database, from: (ShowHouseFinding) -> Void) async throws
        where Lines.Element == (InventoryLine, CountMark) {
        for (line, mark) in lines where mark.state != .present {
            if open.contains(where: { $0.room == line.room && $0.item == line.item }) { continue }
            let (serviceKind, department) = ShowHouseRules.incident(for: mark.state, countedBy: actor.department)
            let text = "\(house.name) \(what)：\(line.room) \(line.item) \(mark.state.title.zh)——\(mark.note ?? "")"
            let item = try await ServiceDesk.raise(serviceKind, source: .showHouse, property: property, department: department, description: text, by: actor, at: now, on: db)
            let finding = ShowHouseFinding()
            finding.$property.id = property.id; finding.$showHouse.id = house.id!; finding.day = day
            finding.room = line.room; finding.item = line.item; finding.state = mark.state; finding.note = mark.note ?? ""; finding.$serviceItem.id = item.id!
            from(finding)
            try await AuditLog.create("show_house_finding.raised", finding, by: .person(actor), property: property.id, at: now, on: db)
        }
    }
}
