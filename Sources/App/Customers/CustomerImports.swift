import Fluent
import Vapor

/// 导入客户资料 — bringing in the spreadsheets offices already keep (CA-3
/// 收集): upload, a preview with the column mapping, then the import in
/// chunks with its progress, and a report of every refused row.
public enum CustomerImports {
    /// Rows per transaction: enough to be quick, short enough that other writers barely wait.
    static let chunk = 200
    static let mostRows = 50_000
    static let importNoun = Text("导入记录", "import")

    // MARK: Upload and mapping

    public static func upload(propertyID: UUID?, fileName: String?, bytes: [UInt8], encoding: CSV.Encoding?, on req: Request) async throws -> CustomerImport {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .editCustomers)
        let (text, found, rows) = try read(bytes, as: encoding)
        guard let headings = rows.first, rows.dropFirst().contains(where: { !$0.isEmpty }) else {
            throw WuyeError.invalid("file", Text("文件中没有数据行（第一行应为标题）", "The file has no data rows (the first row is the headings)"), rule: "CA-3")
        }
        guard rows.count - 1 <= mostRows else {
            throw WuyeError.invalid("file", Text("一次最多导入 \(mostRows) 行，请分成几个文件", "At most \(mostRows) rows at a time; split the file"), rule: "CA-3")
        }
        let mapping = CustomerImportRules.mapping(headings: headings)
        let now = req.now
        let name = Input.text(fileName).map { String($0.prefix(100)) } ?? "customers.csv"
        return try await req.write { db in
            let made = CustomerImport()
            made.id = UUID()
            made.$property.id = property.id
            made.fileName = name
            made.encoding = found
            made.content = text
            made.mapping = encode(mapping)
            made.rowCount = rows.count - 1
            made.status = .previewed
            made.rowsDone = 0; made.imported = 0; made.skipped = 0; made.failed = 0
            made.report = "[]"
            made.$uploadedBy.id = actor.id
            made.uploadedAt = now
            try await AuditLog.create("customer_import.uploaded", made, by: .person(actor), property: property.id, at: now, on: db)
            return made
        }
    }

    /// The spreadsheet's rows, and the same as CSV text (what the import keeps
    /// and reads again): an Excel workbook's first sheet, or a CSV file in
    /// UTF-8 or GB18030. `found`: "xlsx" or the CSV's encoding.
    static func read(_ bytes: [UInt8], as encoding: CSV.Encoding?) throws -> (text: String, found: String, rows: [[String]]) {
        if XLSX.looksLikeXLSX(bytes) {
            let rows: [[String]]
            do { rows = try XLSX.rows(of: bytes) } catch let unreadable as XLSX.Unreadable {
                throw WuyeError.invalid("file", Text("无法读取 Excel 文件：" + unreadable.reason.zh, "Cannot read the Excel file: " + unreadable.reason.en), rule: "CA-3")
            }
            for (index, row) in rows.enumerated() {
                if let column = row.firstIndex(where: { CSV.firstControlCharacter(in: $0) != nil }) {
                    throw WuyeError.invalid("file", Text("第 \(index + 1) 行第 \(column + 1) 列含有控制字符，请检查后重新保存", "Row \(index + 1), column \(column + 1) holds a control character; check it and save again"), rule: "CA-3")
                }
            }
            return (rows.map(CSV.storedRow).joined(), "xlsx", rows)
        }
        guard let (text, found) = CSV.text(of: bytes, as: encoding) else {
            throw WuyeError.invalid("file", Text("无法读取文件：请上传 Excel（.xlsx）文件，或另存为 UTF-8 或 GB18030 编码的 CSV",
                                                "Cannot read the file: upload an Excel (.xlsx) workbook, or save it as CSV in UTF-8 or GB18030"), rule: "CA-3")
        }
        if let line = CSV.firstControlCharacter(in: text) {
            throw WuyeError.invalid("file", Text("文件第 \(line) 行含有控制字符，请检查后另存为 CSV", "Line \(line) of the file holds a control character; check it and save it as CSV again"), rule: "CA-3")
        }
        let (rows, unclosed) = CSV.parse(text)
        if unclosed {
            throw WuyeError.invalid("file", Text("文件中有未闭合的引号，请检查后重新保存", "The file has a quote that is never closed; check it and save again"), rule: "CA-3")
        }
        return (text, found.rawValue, rows)
    }

    /// A person says which column holds which field, before the import starts.
    public static func remap(importID: UUID?, _ input: ImportMappingInput, on req: Request) async throws -> CustomerImport {
        let actor = try req.actor
        let found = try await find(importID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: found.$property.id)
        let headings = CSV.rows(found.content).first ?? []
        var mapping: [String: Int] = [:]
        for (field, column) in input.columns {
            guard let column, column >= 0 else { continue }
            guard column < headings.count else {
                throw WuyeError.invalid(field, Text("文件只有 \(headings.count) 列", "The file has \(headings.count) columns"), rule: "CA-3")
            }
            mapping[field] = column
        }
        guard mapping["name"] != nil else { throw WuyeError.missing("name", Text("姓名所在的列", "the column of names"), choose: true, rule: "CA-1") }
        let now = req.now, chosen = encode(mapping)
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(CustomerImport.self, found.id, on: db) else { throw WuyeError.notFound(importNoun) }
            guard locked.status == .previewed else { throw startedAlready(locked.record) }
            return try await AuditLog.update("customer_import.mapped", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.mapping = chosen
            }
        }
    }

    // MARK: The import

    /// Starts the import; its chunks run at once, one after the other, and a
    /// background job finishes any a restart interrupted.
    public static func start(importID: UUID?, on req: Request) async throws -> CustomerImport {
        let actor = try req.actor
        let found = try await find(importID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: found.$property.id)
        guard decode(found.mapping)["name"] != nil else {
            throw WuyeError.missing("name", Text("姓名所在的列", "the column of names"), choose: true, rule: "CA-1")
        }
        let now = req.now
        let started = try await req.write { db in
            guard let locked = try await AuditLog.lock(CustomerImport.self, found.id, on: db) else { throw WuyeError.notFound(importNoun) }
            guard locked.status == .previewed else { throw startedAlready(locked.record) }
            return try await AuditLog.update("customer_import.started", locked, by: .person(actor), property: found.$property.id, at: now, on: db) {
                $0.status = .running
                $0.startedAt = now
            }
        }
        let app = req.application, id = started.id!, by = AuditActor.person(actor)
        Task { await finish(id, by: by, app: app) }
        return started
    }

    static func startedAlready(_ record: CustomerImport) -> WuyeError {
        record.status == .finished
            ? WuyeError.conflict(Text("此导入已完成", "This import is finished"), rule: "CA-3", field: "status")
            : WuyeError.conflict(Text("此导入正在进行", "This import is already running"), rule: "CA-3", field: "status")
    }

    /// Runs the import's chunks until none is left. The file is read once,
    /// here, not inside each chunk's transaction (on SQLite that holds the one writer).
    static func finish(_ id: UUID, by actor: AuditActor, app: Application) async {
        do {
            guard let record = try await CustomerImport.find(id, on: app.db) else { return }
            let rows = CSV.rows(record.content)
            while try await advance(id, rows: rows, by: actor, app: app) {}
        } catch {
            app.logger.error("customer import \(id) stopped: \(String(reflecting: error))")
        }
    }

    /// Imports the next chunk of rows, in one transaction with the import's
    /// progress; false when the import is finished (or not running).
    static func advance(_ id: UUID, rows: [[String]], by actor: AuditActor, app: Application) async throws -> Bool {
        let now = app.clock.now()
        return try await app.write { db in
            guard let locked = try await AuditLog.lock(CustomerImport.self, id, on: db), locked.status == .running,
                  let property = try await app.propertyDirectory.info(locked.$property.id, on: db) else { return false }
            let headings = rows.first ?? []
            let mapping = decode(locked.mapping)
            let start = locked.rowsDone + 1, end = min(rows.count, start + chunk)
            let outcome = try await importRows(Array(rows[start..<end]), firstRow: start + 1, headings: headings, mapping: mapping,
                                              property: property, by: actor, now: now, on: db)
            var report = (try? JSONDecoder().decode([ImportProblem].self, from: Data(locked.report.utf8))) ?? []
            report += outcome.problems
            let done = end >= rows.count
            try await AuditLog.update(done ? "customer_import.finished" : "customer_import.progressed", locked, by: actor, property: property.id, at: now, on: db) {
                $0.rowsDone = end - 1
                $0.imported += outcome.imported
                $0.skipped += outcome.skipped
                $0.failed += outcome.problems.count
                $0.report = String(decoding: try! JSONEncoder().encode(report), as: UTF8.self)
                if done { $0.status = .finished; $0.finishedAt = now }
            }
            return !done
        }
    }

    struct Outcome { var imported = 0; var skipped = 0; var problems: [ImportProblem] = [] }

    /// Each row checked as the registration form would be; only rows with no
    /// problem are written. Rows already on file (or earlier in the file) are skipped.
    static func importRows(_ rows: [[String]], firstRow: Int, headings: [String], mapping: [String: Int], property: PropertyInfo,
                           by actor: AuditActor, now: Date, on db: any Database) async throws -> Outcome {
        var outcome = Outcome()
        let units = try await unitsNamed(in: rows, mapping: mapping, property: property.id, on: db)
        var ready: [(particulars: CustomerFiles.Particulars, identity: String, tie: CustomerFiles.TieRequest?)] = []
        for (offset, cells) in rows.enumerated() where !cells.isEmpty {
            let number = firstRow + offset
            let row = CustomerImportRules.read(cells, mapping: mapping)
            do {
                try InputCheck.check(row.details, against: CustomerDetailsInput.schema, path: "")
                let particulars = try CustomerFiles.particulars(row.details)
                var tie: CustomerFiles.TieRequest?
                if let unitNumber = row.unit {
                    guard let unit = units[UnitKey(building: row.building, number: unitNumber)] ?? (row.building == nil ? nil : units[UnitKey(building: nil, number: unitNumber)]) else {
                        throw WuyeError.invalid("unit", Text("本项目没有房号 \((row.building ?? "") + unitNumber)", "No unit \((row.building ?? "") + unitNumber) at this property"), rule: "CA-1")
                    }
                    guard let relation = row.relation.flatMap(CustomerRelation.init(rawValue:)) else {
                        throw WuyeError.invalid("relation", Text("身份应为业主、租户或家庭成员", "must be 业主, 租户 or 家庭成员"), rule: "CA-1")
                    }
                    if let since = row.since, StrictTime.day(since) == nil {
                        throw WuyeError.invalid("since", Text("入住日期应为日期，如 2024-06-01", "must be a date like 2024-06-01"), rule: "CA-2")
                    }
                    tie = CustomerFiles.TieRequest(unit: unit, relation: relation, since: row.since ?? property.localTime.day(now))
                }
                let identity = try CustomerRules.identity(name: particulars.name, phone: particulars.phone, idType: particulars.idType,
                                                          idNumber: particulars.idNumber, firstUnit: tie?.unit.id)
                ready.append((particulars, identity, tie))
            } catch let error as WuyeError where (400..<500).contains(Int(error.status.code)) {
                outcome.problems.append(ImportProblem(row: number, column: CustomerImportRules.column(for: error.field, headings: headings, mapping: mapping),
                                                      reason: error.message.zh))
            }
        }
        var filed = try await existingIdentities(ready.map(\.identity), property: property.id, on: db)
        for candidate in ready {
            if let customerID = filed[candidate.identity] {
                // On file already: no second file, but a unit of theirs this row names is added (an export lists one row per unit).
                outcome.skipped += 1
                if let tie = candidate.tie, try await !CustomerFiles.openTies(of: customerID, on: db).contains(where: { $0.unitID == tie.unit.id }),
                   let customer = try await Customer.find(customerID, on: db) {
                    _ = try await CustomerFiles.addTie(customerID, tie, property: property.id, by: actor, now: now, on: db)
                    try await CustomerFiles.reindex(customer, on: db)
                }
                continue
            }
            let made = try await CustomerFiles.file(candidate.particulars, identity: candidate.identity, at: candidate.tie, property: property.id, by: actor, now: now, on: db)
            filed[candidate.identity] = made.id!
            outcome.imported += 1
        }
        return outcome
    }

    struct UnitKey: Hashable { let building: String?; let number: String }

    /// The units the rows name, by building and number (and by number alone where it is unique at the property).
    static func unitsNamed(in rows: [[String]], mapping: [String: Int], property: UUID, on db: any Database) async throws -> [UnitKey: Unit] {
        guard mapping["unit"] != nil else { return [:] }
        // Read as the rows themselves are read, so the same cell names the same unit.
        let numbers = Set(rows.compactMap { CustomerImportRules.read($0, mapping: mapping).unit })
        guard !numbers.isEmpty else { return [:] }
        let units = try await Unit.query(on: db).filter(\.$property.$id == property).filter(\.$number ~~ Array(numbers)).with(\.$building).all()
        var found: [UnitKey: Unit] = [:]
        let byNumber = Dictionary(grouping: units, by: \.number)
        for unit in units { found[UnitKey(building: unit.building.name, number: unit.number)] = unit }
        for (number, all) in byNumber where all.count == 1 { found[UnitKey(building: nil, number: number)] = all[0] }
        return found
    }

    static func existingIdentities(_ identities: [String], property: UUID, on db: any Database) async throws -> [String: UUID] {
        guard !identities.isEmpty else { return [:] }
        struct Row: ReadRow {
            let id: UUID; let identity: String
            init(_ row: RowReader) throws { id = try row.next("id"); identity = try row.next("identity") }
        }
        let rows = try await db.sql.rows(Row.self, "SELECT id, identity FROM customers WHERE property_id = \(bind: property) AND identity IN (\(binds: Array(Set(identities))))")
        return Dictionary(rows.map { ($0.identity, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    /// Imports a restart left running: the background job's work.
    static func resume(app: Application) async throws {
        let running = try await CustomerImport.query(on: app.db).filter(\.$status == .running).with(\.$uploadedBy).all()
        for found in running {
            await finish(found.id!, by: AuditActor(id: found.$uploadedBy.id, name: found.uploadedBy.name), app: app)
        }
    }

    // MARK: Reading

    static func find(_ id: UUID?, on db: any Database) async throws -> CustomerImport {
        guard let id, let found = try await CustomerImport.find(id, on: db) else { throw WuyeError.notFound(importNoun, field: "importID") }
        return found
    }

    static func encode(_ mapping: [String: Int]) -> String {
        String(decoding: try! JSONEncoder().encode(mapping.sorted { $0.key < $1.key }.reduce(into: [String: Int]()) { $0[$1.key] = $1.value }), as: UTF8.self)
    }

    static func decode(_ mapping: String) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(mapping.utf8))) ?? [:]
    }

    static func problems(_ record: CustomerImport) -> [ImportProblem] {
        (try? JSONDecoder().decode([ImportProblem].self, from: Data(record.report.utf8))) ?? []
    }
}
