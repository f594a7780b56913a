import Fluent
import Vapor

/// 客户档案 — collect, organise, archive and use customer files (篇5).
/// Pages and API call these same functions; each change is one transaction
/// with its audit events and the customer's search terms.
public enum CustomerFiles {
    static let searchIndex = SearchIndex(table: "customer_search_terms")
    static let customerNoun = Text("客户", "customer")
    static let unitNoun = Text("房号", "unit")

    /// The particulars of a form, checked and tidied.
    struct Particulars {
        var name: String
        var phone: String?, otherContact: String?, mailingAddress: String?
        var idType: IDDocumentType?, idNumber: String?, idExpiry: String?
        var emergencyName: String?, emergencyPhone: String?, emergencyRelation: String?
        var note: String?

        func apply(to customer: Customer) {
            customer.name = name; customer.nameInitials = Pinyin.initials(name).isEmpty ? name.lowercased() : Pinyin.initials(name)
            customer.phone = phone; customer.otherContact = otherContact; customer.mailingAddress = mailingAddress
            customer.idType = idType; customer.idNumber = idNumber; customer.idExpiry = idExpiry
            customer.emergencyName = emergencyName; customer.emergencyPhone = emergencyPhone; customer.emergencyRelation = emergencyRelation
            customer.note = note
        }
    }

    static func particulars(_ input: CustomerDetailsInput) throws -> Particulars {
        guard let name = Input.text(input.name) else { throw WuyeError.missing("name", Text("姓名", "Name"), rule: "CA-1") }
        let idNumber = Input.text(input.idNumber)?.uppercased()
        let idType = Input.text(input.idType).flatMap(IDDocumentType.init(rawValue:))
        if idNumber != nil && idType == nil { throw WuyeError.missing("idType", Text("证件类型", "ID type"), choose: true, rule: "CA-2") }
        if let idNumber, let idType { try CustomerRules.checkIDNumber(idNumber, type: idType, field: "idNumber") }
        let idExpiry = Input.text(input.idExpiry)
        if idExpiry != nil && idNumber == nil { throw WuyeError.missing("idNumber", Text("证件号码", "ID number"), rule: "CA-2") }
        let emergencyName = Input.text(input.emergencyName), emergencyPhone = Input.text(input.emergencyPhone)
        if emergencyName != nil && emergencyPhone == nil {
            throw WuyeError.missing("emergencyPhone", Text("紧急联系电话", "Emergency phone"), rule: "CA-2")
        }
        return Particulars(name: name, phone: Input.text(input.phone), otherContact: Input.text(input.otherContact),
                           mailingAddress: Input.text(input.mailingAddress), idType: idNumber == nil ? nil : idType, idNumber: idNumber,
                           idExpiry: idExpiry, emergencyName: emergencyName, emergencyPhone: emergencyPhone,
                           emergencyRelation: Input.text(input.emergencyRelation), note: Input.text(input.note))
    }

    // MARK: Collect (CA-1, CA-3)

    /// A new customer, with the unit they are tied to when one is given.
    public static func register(propertyID: UUID?, _ input: NewCustomerInput, on req: Request) async throws -> Customer {
        let actor = try req.actor
        let property = try await req.property(propertyID, for: actor, action: .editCustomers)
        let particulars = try particulars(input.details)
        let now = req.now
        let tie = try await tieRequest(CustomerUnitInput(unitID: input.unitID, relation: input.relation, since: input.since),
                                       property: property, now: now, optional: true, on: req.db)
        let identity = try CustomerRules.identity(name: particulars.name, phone: particulars.phone, idType: particulars.idType,
                                                  idNumber: particulars.idNumber, firstUnit: tie?.unit.id)
        return try await onFileAlready {
            try await req.write { db in try await file(particulars, identity: identity, at: tie, property: property.id, by: .person(actor), now: now, on: db) }
        }
    }

    /// A customer put on file, with their unit, inside the caller's transaction: the form's way and the import's.
    static func file(_ particulars: Particulars, identity: String, at tie: TieRequest?, property: UUID, by actor: AuditActor, now: Date, on db: any Database) async throws -> Customer {
        let customer = Customer()
        customer.id = UUID()
        customer.$property.id = property
        particulars.apply(to: customer)
        customer.identity = identity
        customer.$registeredBy.id = actor.id!
        customer.registeredAt = now
        customer.version = 1
        try await AuditLog.create("customer.registered", customer, by: actor, property: property, at: now, on: db)
        if let tie { _ = try await addTie(customer.id!, tie, property: property, by: actor, now: now, on: db) }
        try await reindex(customer, on: db)
        return customer
    }

    /// The person's particulars changed (CA-2 [3.5]), from the version the editor saw.
    public static func edit(customerID: UUID?, _ input: CustomerDetailsInput, on req: Request) async throws -> Customer {
        let actor = try req.actor
        let found = try await find(customerID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: found.$property.id)
        guard let version = input.version else { throw WuyeError.missing("version", Text("版本", "Version"), rule: "X-1") }
        let particulars = try particulars(keeping(found, unless: input))
        let now = req.now
        return try await onFileAlready {
            try await req.write { db in
                guard let locked = try await AuditLog.lock(Customer.self, found.id, on: db) else { throw WuyeError.notFound(customerNoun, field: "customerID") }
                let firstUnit = try await openTies(of: found.id!, on: db).first?.unitID
                let identity = try CustomerRules.identity(name: particulars.name, phone: particulars.phone, idType: particulars.idType,
                                                          idNumber: particulars.idNumber, firstUnit: firstUnit)
                let customer = try await AuditLog.update("customer.edited", locked, expecting: version, by: .person(actor), property: found.$property.id, at: now, on: db) {
                    particulars.apply(to: $0)
                    $0.identity = identity
                }
                try await reindex(customer, on: db)
                return customer
            }
        }
    }

    /// An edit names what changes: an absent field keeps its value, an empty one clears it.
    static func keeping(_ stored: Customer, unless input: CustomerDetailsInput) -> CustomerDetailsInput {
        CustomerDetailsInput(name: input.name ?? stored.name, phone: input.phone ?? stored.phone, otherContact: input.otherContact ?? stored.otherContact,
                             mailingAddress: input.mailingAddress ?? stored.mailingAddress, idType: input.idType ?? stored.idType?.rawValue,
                             idNumber: input.idNumber ?? stored.idNumber, idExpiry: input.idExpiry ?? stored.idExpiry,
                             emergencyName: input.emergencyName ?? stored.emergencyName, emergencyPhone: input.emergencyPhone ?? stored.emergencyPhone,
                             emergencyRelation: input.emergencyRelation ?? stored.emergencyRelation, note: input.note ?? stored.note, version: input.version)
    }

    /// The same person is on file already (the property's UNIQUE identity said so).
    static func onFileAlready<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch where isUniqueViolation(error) {
            throw WuyeError.conflict(Text("此客户已在档案中（同一证件号码，或同名同电话）", "This customer is already on file (same ID number, or same name and phone)"),
                                     rule: "CA-1", field: "name")
        }
    }

    // MARK: Units and household changes (CA-1, CA-2 [3.5.4])

    struct TieRequest: Sendable { let unit: Unit; let relation: CustomerRelation; let since: String }

    static func tieRequest(_ input: CustomerUnitInput, property: PropertyInfo, now: Date, optional: Bool, on db: any Database) async throws -> TieRequest? {
        guard let unitID = try Input.uuid(input.unitID, field: "unitID") else {
            if optional { return nil }
            throw WuyeError.missing("unitID", unitNoun, choose: true, rule: "CA-1")
        }
        guard let unit = try await Unit.query(on: db).filter(\.$id == unitID).filter(\.$property.$id == property.id).with(\.$building).first() else {
            throw WuyeError.notFound(unitNoun, field: "unitID")
        }
        guard let relation = Input.text(input.relation).flatMap(CustomerRelation.init(rawValue:)) else {
            throw WuyeError.missing("relation", Text("身份（业主、租户或家庭成员）", "Relation (owner, tenant or member)"), choose: true, rule: "CA-1")
        }
        return TieRequest(unit: unit, relation: relation, since: Input.text(input.since) ?? property.localTime.day(now))
    }

    public static func tie(customerID: UUID?, _ input: CustomerUnitInput, on req: Request) async throws -> CustomerUnit {
        let actor = try req.actor
        let customer = try await find(customerID, on: req.db)
        let property = try await req.property(customer.$property.id, for: actor, action: .editCustomers)
        let now = req.now
        guard let tie = try await tieRequest(input, property: property, now: now, optional: false, on: req.db) else { throw WuyeError.missing("unitID") }
        return try await req.write { db in
            guard let locked = try await AuditLog.lock(Customer.self, customer.id, on: db) else { throw WuyeError.notFound(customerNoun, field: "customerID") }
            let made = try await addTie(locked.record.id!, tie, property: property.id, by: .person(actor), now: now, on: db)
            try await reindex(locked.record, on: db)
            return made
        }
    }

    /// Inside the caller's transaction, with the customer locked: one open tie per customer and unit.
    static func addTie(_ customerID: UUID, _ tie: TieRequest, property: UUID, by actor: AuditActor, now: Date, on db: any Database) async throws -> CustomerUnit {
        if try await openTies(of: customerID, on: db).contains(where: { $0.unitID == tie.unit.id }) {
            throw WuyeError.conflict(Text("此客户已登记在 \(UnitLabel.of(tie.unit))", "This customer is already at \(UnitLabel.of(tie.unit))"), rule: "CA-1", field: "unitID")
        }
        let made = CustomerUnit()
        made.id = UUID()
        made.$property.id = property
        made.$customer.id = customerID
        made.$unit.id = tie.unit.id!
        made.relation = tie.relation
        made.since = tie.since
        made.$recordedBy.id = actor.id!
        made.recordedAt = now
        try await AuditLog.create("customer.moved_in", made, by: actor, property: property, at: now, on: db)
        return made
    }

    /// The customer left the unit (moved out, sold, a member left the household).
    public static func endTie(tieID: UUID?, _ input: EndTieInput, on req: Request) async throws -> CustomerUnit {
        let actor = try req.actor
        guard let tieID, let found = try await CustomerUnit.find(tieID, on: req.db) else { throw WuyeError.notFound(Text("入住登记", "unit record"), field: "tieID") }
        let property = try await req.property(found.$property.id, for: actor, action: .editCustomers)
        let now = req.now
        let endedOn = Input.text(input.endedOn) ?? property.localTime.day(now)
        return try await req.write { db in
            guard let customer = try await AuditLog.lock(Customer.self, found.$customer.id, on: db),
                  let tie = try await AuditLog.lock(CustomerUnit.self, tieID, on: db) else { throw WuyeError.notFound(customerNoun) }
            guard tie.endedOn == nil else {
                throw WuyeError.conflict(Text("已于 \(tie.endedOn!) 迁出", "They already left on \(tie.endedOn!)"), rule: "CA-2", field: "endedOn")
            }
            try CustomerRules.checkEnd(since: tie.since, endedOn: endedOn)
            let ended = try await AuditLog.update("customer.moved_out", tie, by: .person(actor), property: property.id, at: now, on: db) { $0.endedOn = endedOn }
            try await reindex(customer.record, on: db)
            return ended
        }
    }

    struct OpenTie: ReadRow {
        let unitID: UUID; let unitNumber: String; let buildingName: String
        init(_ row: RowReader) throws { unitID = try row.next("unit_id"); unitNumber = try row.next("number"); buildingName = try row.next("building_name") }
    }

    static func openTies(of customerID: UUID, on db: any Database) async throws -> [OpenTie] {
        try await db.sql.rows(OpenTie.self, """
            SELECT cu.unit_id, u.number, b.name AS building_name FROM customer_units cu
            JOIN units u ON u.id = cu.unit_id JOIN buildings b ON b.id = u.building_id
            WHERE cu.customer_id = \(bind: customerID) AND cu.ended_on IS NULL ORDER BY cu.since, cu.id
            """)
    }

    /// What the customer is found by: name and pinyin, phone and ID tails, the units they are at now.
    static func reindex(_ customer: Customer, on db: any Database) async throws {
        var terms = SearchIndex.Terms()
        terms.name(customer.name)
        terms.tail(customer.phone, kind: "p")
        if let other = customer.otherContact, CustomerRules.digitsOf(other).count >= 7 { terms.tail(CustomerRules.digitsOf(other), kind: "p") }
        terms.tail(customer.idNumber, kind: "i")
        for tie in try await openTies(of: customer.id!, on: db) {
            terms.code(tie.unitNumber)
            terms.code(tie.buildingName + tie.unitNumber)
        }
        try await searchIndex.replace(recordID: customer.id!, propertyID: customer.$property.id, with: terms, on: db)
    }

    // MARK: Archive (CA-2, CA-3)

    public static func registerDocument(customerID: UUID?, _ input: CustomerDocumentInput, scans: [Upload], on req: Request) async throws -> CustomerDocument {
        let actor = try req.actor
        let customer = try await find(customerID, on: req.db)
        try Policy.authorize(actor, .editCustomers, at: customer.$property.id)
        guard let kind = Input.text(input.kind).flatMap(DocumentKind.init(rawValue:)) else { throw WuyeError.missing("kind", Text("类别", "Kind"), choose: true, rule: "CA-2") }
        guard let title = Input.text(input.title) else { throw WuyeError.missing("title", Text("名称", "Title"), rule: "CA-3") }
        guard let dated = Input.text(input.dated) else { throw WuyeError.missing("dated", Text("日期", "Date"), rule: "CA-3") }
        let amount = try Input.text(input.amountYuan).map { text in
            guard let fen = CustomerRules.fen(fromYuan: text) else {
                throw WuyeError.invalid("amountYuan", Text("金额应为元，最多两位小数", "must be yuan with up to two decimals"), rule: "CA-2")
            }
            return fen
        }
        let referenceNo = Input.text(input.referenceNo)
        try CustomerRules.checkDocument(kind: kind, amountFen: amount, referenceNo: referenceNo)
        let retainUntil = Input.text(input.retainUntil)
        if let retainUntil, retainUntil < dated {
            throw WuyeError.invalid("retainUntil", Text("保管期限不能早于文件日期", "cannot be before the document's date"), rule: "CA-3")
        }
        let corrects = try Input.uuid(input.correctsID, field: "correctsID")
        if let corrects {
            guard let original = try await CustomerDocument.find(corrects, on: req.db), original.$customer.id == customer.id else {
                throw WuyeError.notFound(Text("被更正的记录", "document to correct"), field: "correctsID")
            }
        }
        guard scans.count <= Upload.maxCount else {
            throw WuyeError.invalid("scans", Text("扫描件最多 \(Upload.maxCount) 份", "at most \(Upload.maxCount) scans"), rule: "CA-2")
        }
        let now = req.now
        let entry = DocumentEntry(kind: kind, title: title, referenceNo: referenceNo, dated: dated, amountFen: amount, retainUntil: retainUntil,
                                  note: Input.text(input.note), corrects: corrects)
        return try await req.write { db in
            let document = try await fileDocument(entry, for: customer, by: .person(actor), now: now, on: db)
            try await Attachments.add(scans, to: CustomerDocument.auditType, document.id!, property: customer.$property.id, by: actor.id, .person(actor), at: now, on: db)
            return document
        }
    }

    /// A document's checked particulars.
    struct DocumentEntry {
        var kind: DocumentKind, title: String, referenceNo: String?, dated: String, amountFen: Int?, retainUntil: String?, note: String?, corrects: UUID?
    }

    /// A document put in the file, inside the caller's transaction: the form's way and the demo's.
    @discardableResult
    static func fileDocument(_ entry: DocumentEntry, for customer: Customer, by actor: AuditActor, now: Date, on db: any Database) async throws -> CustomerDocument {
        let document = CustomerDocument()
        document.id = UUID()
        document.$property.id = customer.$property.id
        document.$customer.id = customer.id!
        document.kind = entry.kind
        document.title = entry.title
        document.referenceNo = entry.referenceNo
        document.dated = entry.dated
        document.amountFen = entry.amountFen
        document.retainUntil = entry.retainUntil
        document.note = entry.note
        document.correctsID = entry.corrects
        document.$registeredBy.id = actor.id!
        document.registeredAt = now
        try await AuditLog.create("customer_document.registered", document, by: actor, property: customer.$property.id, at: now, on: db)
        return document
    }

    // MARK: Use (CA-3), privacy (DESIGN: personal data)

    static func find(_ id: UUID?, on db: any Database) async throws -> Customer {
        guard let id, let customer = try await Customer.find(id, on: db) else { throw WuyeError.notFound(customerNoun, field: "customerID") }
        return customer
    }

    /// A document's scan: it shows whole numbers (an ID card, a contract), so
    /// it is for those who may see them, and each showing is an audit event.
    static func scan(documentID: UUID?, attachmentID: UUID?, on req: Request) async throws -> Response {
        let actor = try req.actor
        guard let documentID, let document = try await CustomerDocument.find(documentID, on: req.db) else {
            throw WuyeError.notFound(Text("档案材料", "document"), field: "documentID")
        }
        try Policy.authorize(actor, .viewCustomers, at: document.$property.id)
        try Policy.authorize(actor, .revealPersonalData, at: document.$property.id)
        let response = try await Attachments.response(attachmentID, of: CustomerDocument.auditType, documentID, personal: true, on: req.db)
        let now = req.now
        try await req.write { db in
            try await AuditLog.note("personal_data.shown", recordType: CustomerDocument.auditType, recordID: documentID,
                                    by: .person(actor), property: document.$property.id, at: now, on: db)
        }
        return response
    }

    /// The whole phone numbers and ID number, for one who may see them; the showing is an audit event.
    public static func reveal(customerID: UUID?, on req: Request) async throws -> Customer {
        let actor = try req.actor
        let customer = try await find(customerID, on: req.db)
        try Policy.authorize(actor, .viewCustomers, at: customer.$property.id)
        try Policy.authorize(actor, .revealPersonalData, at: customer.$property.id)
        let now = req.now
        try await req.write { db in
            try await AuditLog.note("personal_data.shown", recordType: Customer.auditType, recordID: customer.id!,
                                    by: .person(actor), property: customer.$property.id, at: now, on: db)
        }
        return customer
    }
}
