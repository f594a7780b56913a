@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Nothing a user sends can crash the server or get stored unchecked: every
/// numeric parameter at its extremes and every text field oversized or with
/// control characters, found by walking /openapi.json so new routes are
/// covered without touching this file.
@Suite("Input limits")
struct InputLimitsTests {
    /// A real id for each kind of path parameter, so a request gets past "not found" to its input.
    static func pathIDs(_ t: TestApp) async throws -> [String: String] {
        let zc = try await t.property("ZC")
        let open = try #require(try await KeyCheckout.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$openKeyID != nil).first())
        let release = try #require(try await SpareKeyRelease.query(on: t.db).filter(\.$confirmedAt == nil).first())
        let change = try #require(try await LockChange.query(on: t.db).filter(\.$completedAt == nil).first())
        let building = try #require(try await Building.query(on: t.db).filter(\.$property.$id == zc.id!).first())
        let unit = try #require(try await Unit.query(on: t.db).filter(\.$property.$id == zc.id!).first())
        let token = try #require(try await APIToken.query(on: t.db).first())
        let customer = try #require(try await Customer.query(on: t.db).filter(\.$property.$id == zc.id!).first())
        let tie = try #require(try await CustomerUnit.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$endedOn == nil).first())
        let sheet = try #require(try await CustomerImport.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .previewed).first())
        let delivery = try #require(try await NoticeDelivery.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$deliveredAt == nil).first())
        let use = try #require(try await SpaceUse.query(on: t.db).filter(\.$property.$id == zc.id!).first())
        let violation = try #require(try await SpaceViolation.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .reported).first())
        let photo = try #require(try await Attachment.query(on: t.db).filter(\.$ownerID == violation.id!).field(\.$id).field(\.$ownerID).first())
        let item = try #require(try await ServiceItem.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .open).first())
        let handover = try #require(try await DeskHandover.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$acceptedAt == nil).first())
        return [
            "itemID": item.id!.uuidString, "handoverID": handover.id!.uuidString, "month": "2026-10",
            "sheetID": try #require(try await HandoverSheet.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .offered).first()).id!.uuidString,
            "postID": try #require(try await Post.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$name == "样板房接待岗").first()).id!.uuidString,
            "showHouseID": try #require(try await ShowHouse.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
            "batchID": try #require(try await VisitorBatch.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
            "dayID": try #require(try await ShowHouseDay.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$reviewedAt == nil).first()).id!.uuidString,
            "keySetID": try #require(try await KeySet.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$keeper == .security).first()).id!.uuidString,
            "summaryID": try #require(try await ShowHouseSummary.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$approvedAt == nil).first()).id!.uuidString,
            "supplyID": try #require(try await LobbySupply.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
            "dutyID": try #require(try await Duty.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .patrol).first()).seriesID.uuidString,
            "missID": try #require(try await DutyMiss.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$explanation == nil).first()).id!.uuidString,
            "inspectionID": try #require(try await Inspection.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
            "rectificationID": try #require(try await RectificationNotice.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .issued)
                .filter(\.$department == .customerService).first()).id!.uuidString,
            "channelID": try #require(try await AlertChannel.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
            "kind": "inspection",
            "contractorID": try #require(try await Contractor.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$expelledAt == nil).first()).id!.uuidString,
            "formID": try #require(try await WorkLiaisonForm.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$status == .active).first()).id!.uuidString,
            "workerID": try #require(try await WorkFormWorker.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$trade != nil).first()).id!.uuidString,
            "siteEntryID": try #require(try await SiteEntry.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$exitedAt == nil).first()).id!.uuidString,
            "emergencyID": try #require(try await EmergencyEntry.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$reportedAt == nil).first()).id!.uuidString,
            "passID": try #require(try await AfterHoursPass.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$approved == nil).first()).id!.uuidString,
            "recordID": try #require(try await OperationsRecord.query(on: t.db).filter(\.$property.$id == zc.id!).filter(\.$kind == .fireCheck).filter(\.$reviewedAt == nil).first()).id!.uuidString,
            "propertyID": zc.id!.uuidString, "keyID": try await t.idleKey().id!.uuidString, "checkoutID": open.id!.uuidString,
            "releaseID": release.id!.uuidString, "lockChangeID": change.id!.uuidString, "buildingID": building.id!.uuidString,
            "unitID": unit.id!.uuidString, "staffID": try await t.staff("kf.yuangong").id!.uuidString, "tokenID": token.id!.uuidString,
            "customerID": customer.id!.uuidString, "tieID": tie.id!.uuidString, "importID": sheet.id!.uuidString,
            "deliveryID": delivery.id!.uuidString, "noticeID": delivery.$notice.id.uuidString, "useID": use.id!.uuidString,
            "violationID": violation.id!.uuidString, "attachmentID": photo.id!.uuidString,
            "documentID": try #require(try await CustomerDocument.query(on: t.db).filter(\.$property.$id == zc.id!).first()).id!.uuidString,
        ]
    }

    struct Operation {
        let method: HTTPMethod
        let path: String
        let operation: [String: Any]
    }

    static func operations(_ spec: [String: Any]) -> [Operation] {
        var found: [Operation] = []
        for (path, item) in spec["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                guard let operation = operation as? [String: Any] else { continue }
                found.append(Operation(method: HTTPMethod(rawValue: method.uppercased()), path: path, operation: operation))
            }
        }
        return found.sorted { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }
    }

    static func fill(_ template: String, _ ids: [String: String]) -> String {
        var path = template
        for (name, id) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: id) }
        return path.replacingOccurrences(of: "/api/v1", with: "")
    }

    /// Everything any request may write: if a refusal changed any of these, something was stored.
    static func footprint(_ t: TestApp) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in AuditVerifier.auditedTables.map(\.schema) + [AuditEvent.schema, SignInFailure.schema, StaffNotification.schema, APIToken.schema] {
            counts[table] = try await t.count(table)
        }
        return counts
    }

    @Test("Extreme integers in every numeric query parameter are refused with 400 naming it; the server keeps answering", arguments: TestDatabase.selected)
    func extremeIntegers(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let spec = try #require(try JSONSerialization.jsonObject(with: try await t.request(.GET, "/openapi.json").body) as? [String: Any])
            let ids = try await Self.pathIDs(t)
            let extremes = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999", "0", "-1",
                            "abc", "1.5", "1e3", "0x10", "１", "100001", "1%00"]
            var tried = 0
            for op in Self.operations(spec) where op.method == .GET {
                for parameter in op.operation["parameters"] as? [[String: Any]] ?? [] {
                    guard parameter["in"] as? String == "query", let schema = parameter["schema"] as? [String: Any], schema["type"] as? String == "integer",
                          let name = parameter["name"] as? String else { continue }
                    let maximum = try #require(schema["maximum"] as? Int, "\(op.path) \(name) has no maximum")
                    #expect(schema["minimum"] as? Int != nil, "\(op.path) \(name) has no minimum")
                    for value in extremes + [String(maximum + 1)] {
                        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!.replacingOccurrences(of: "%25", with: "%")
                        let reply = try await t.api(.GET, Self.fill(op.path, ids) + "?\(name)=\(encoded)", as: "admin")
                        #expect(reply.status == .badRequest, "\(op.path)?\(name)=\(value): \(reply.status) \(reply.text.prefix(200))")
                        #expect(reply.error?.field == name, "\(op.path)?\(name)=\(value): \(reply.text.prefix(200))")
                        tried += 1
                    }
                    let fine = try await t.api(.GET, Self.fill(op.path, ids) + "?\(name)=\(maximum)", as: "admin")
                    #expect(fine.status == .ok, "\(op.path)?\(name)=\(maximum): \(fine.status)")
                }
            }
            #expect(tried >= 4 * 14)
            // Pages read the same parameters.
            let session = try await PageSession.signIn(t, as: "kf.lingban")
            let zc = try await t.property("ZC")
            for path in ["/properties/\(zc.id!)/keys", "/properties/\(zc.id!)/ledger"] {
                for value in ["9223372036854775807", "-9223372036854775808", "abc", "1.5", "0"] {
                    let page = try await session.get(path + "?page=\(value)")
                    #expect(page.status == .badRequest, "\(path)?page=\(value): \(page.status)")
                    #expect(page.text.contains("页码"), "the page names the field")
                }
                #expect(try await session.get(path + "?page=100000").status == .ok)
            }
            #expect(try await t.request(.GET, "/healthz").status == .ok)
        }
    }

    /// Bodies that put `value` at `field` (a dotted path through objects and lists).
    static func bodies(for schemaRef: [String: Any], spec: [String: Any], bad: (String, [String: Any]) -> [Any]) -> [(field: String, body: [String: Any])] {
        let validator = OpenAPIValidator(spec: spec)
        let schema = validator.resolve(schemaRef)
        var out: [(String, [String: Any])] = []
        for (name, property) in schema["properties"] as? [String: [String: Any]] ?? [:] {
            let resolved = validator.resolve(property)
            switch resolved["type"] as? String {
            case "array":
                let items = validator.resolve(resolved["items"] as? [String: Any] ?? [:])
                if items["type"] as? String == "object" {
                    for (field, body) in bodies(for: items, spec: spec, bad: bad) { out.append(("\(name).0.\(field)", [name: [body]])) }
                } else if items["type"] as? String == "string" {
                    for value in bad(name, items) { out.append(("\(name).0", [name: [value]])) }
                }
            case "object":
                for (field, body) in bodies(for: resolved, spec: spec, bad: bad) { out.append(("\(name).\(field)", [name: body])) }
            case "string", "integer":
                for value in bad(name, resolved) { out.append((name, [name: value])) }
            default:
                break
            }
        }
        return out
    }

    @Test("Oversized values and control characters in every field of every write route are refused with 400 naming the field, and nothing is written", arguments: TestDatabase.selected)
    func everyTextField(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let spec = try #require(try JSONSerialization.jsonObject(with: try await t.request(.GET, "/openapi.json").body) as? [String: Any])
            let ids = try await Self.pathIDs(t)
            let before = try await Self.footprint(t)
            let megabyte = String(repeating: "a", count: 1_000_000)
            var tried = 0
            for op in Self.operations(spec) {
                guard let body = op.operation["requestBody"] as? [String: Any],
                      let schema = ((body["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else { continue }
                let cases = Self.bodies(for: schema, spec: spec) { _, field in
                    if field["type"] as? String == "integer" {
                        return [Int.max, Int.min, 1e30, "abc", (field["maximum"] as? Int ?? 0) + 1] as [Any]
                    }
                    var values: [Any] = ["a\u{0}b", "a\u{7}b", "a\u{1B}[31mb", "a\u{202E}b", "a\u{85}b"]
                    // A megabyte is oversized for every field but a whole file's text, which gets its own max + 1 below.
                    if (field["maxLength"] as? Int ?? 0) < megabyte.count { values.append(megabyte) }
                    if let max = field["maxLength"] as? Int { values.append(String(repeating: "字", count: max + 1)) }
                    return values
                }
                // A body of yes/no choices only has nothing to make oversized.
                let onlyChoices = (OpenAPIValidator(spec: spec).resolve(schema)["properties"] as? [String: [String: Any]])?.values.allSatisfy { $0["type"] as? String == "boolean" } == true
                #expect(!cases.isEmpty || onlyChoices, "\(op.method) \(op.path) has a body with no fields?")
                for (field, json) in cases {
                    // Tokens are made without signing in; everything else as an administrator who may do it.
                    let user: String? = op.path == "/api/v1/tokens" ? nil : "admin"
                    let reply = try await t.api(op.method, Self.fill(op.path, ids), as: user, json: json)
                    let shown = String(describing: json).prefix(120)
                    #expect(reply.status == .badRequest, "\(op.method) \(op.path) \(field)=\(shown): \(reply.status) \(reply.text.prefix(200))")
                    #expect(reply.error?.field == field, "\(op.method) \(op.path) \(field): \(reply.text.prefix(200))")
                    tried += 1
                }
            }
            #expect(tried >= 150)
            #expect(try await Self.footprint(t) == before)
            // The sign-in page too: a megabyte username stores no failure row.
            let session = PageSession(t)
            _ = try await session.get("/login")
            let refused = try await session.post("/login", ["username": megabyte, "password": "x"])
            #expect(refused.status == .badRequest)
            #expect(try await t.count(SignInFailure.schema) == before[SignInFailure.schema])
            #expect(try await t.request(.GET, "/healthz").status == .ok)
        }
    }

    @Test("Times and signatures are read whole: a time with anything after it, an impossible date, or a signature that is not a bounded PNG is refused", arguments: TestDatabase.selected)
    func strictParsing(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let key = try await t.idleKey()
            let borrower = try await t.staff("kf.yuangong").id!.uuidString
            let before = try await Self.footprint(t)
            let times = ["2026-11-30T18:13:03Z; DROP TABLE room_keys", "2026-11-30T18:13:03Zjunk", "2026-02-30T10:00", "2026-11-30T25:00",
                         "2026-11-30", "30/11/2026 10:00", "2026-11-30T10:00+25:00", " 2026-11-30T10:00 x"]
            for time in times {
                let reply = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban", json: ["borrowerStaffID": borrower, "purpose": "抄表", "expectedReturnAt": time])
                #expect(reply.status == .badRequest, "\(time): \(reply.status)")
                #expect(reply.error?.field == "expectedReturnAt")
            }
            let png = Data(base64Encoded: String(DemoData.demoSignature.dropFirst(SignatureImage.prefix.count)))!
            var badCRC = png
            badCRC[badCRC.count - 5] ^= 0xFF
            var wide = png
            wide.replaceSubrange(16..<20, with: [0, 0, 0x13, 0x88])   // width 5000 (its CRC then fails too)
            let signatures = [
                #"data:image/png;base64,"><script>alert(1)</script>"#,
                "data:image/png;base64,AAAA",
                "data:image/svg+xml;base64," + png.base64EncodedString(),
                SignatureImage.prefix + badCRC.base64EncodedString(),
                SignatureImage.prefix + wide.base64EncodedString(),
                SignatureImage.prefix + (png + Data([0x3C, 0x73])).base64EncodedString(),
            ]
            for signature in signatures {
                let reply = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                            json: ["borrowerStaffID": borrower, "purpose": "抄表", "expectedReturnAt": inHours(2), "signature": signature])
                #expect(reply.status == .badRequest, "\(signature.prefix(40)): \(reply.status)")
                #expect(reply.error?.field == "signature")
            }
            #expect(try await Self.footprint(t) == before)
            let good = try await t.api(.POST, "/keys/\(key.id!)/checkouts", as: "kf.lingban",
                                       json: ["borrowerStaffID": borrower, "purpose": "抄表", "expectedReturnAt": "2026-11-29T15:00", "signature": DemoData.demoSignature])
            #expect(good.status == .created, "\(good.text)")
            // 15:00 in Shanghai is 07:00 UTC.
            #expect(try good.json()["expectedReturnAt"] as? String == "2026-11-29T07:00:00Z")
        }
    }

    @Test("Strict time reading: offsets, fractions, local times and the calendar")
    func strictTime() {
        let shanghai = LocalTime("Asia/Shanghai")
        #expect(shanghai.parseDateTime("2026-11-29T15:00")?.timeIntervalSince1970 == 1_795_935_600)
        #expect(shanghai.parseDateTime("2026-11-29 15:00:30") != nil)
        #expect(shanghai.parseDateTime("2026-11-29T07:00:00Z")?.timeIntervalSince1970 == 1_795_935_600)
        #expect(shanghai.parseDateTime("2026-11-29T15:00:00+08:00")?.timeIntervalSince1970 == 1_795_935_600)
        #expect(shanghai.parseDateTime("2026-11-29T07:00:00.123456Z")?.timeIntervalSince1970 == 1_795_935_600.123)
        #expect(shanghai.parseDateTime("2028-02-29T10:00") != nil)
        for bad in ["2027-02-29T10:00", "2026-13-01T10:00", "2026-11-29T15:60", "2026-11-29T15:00Zx", "2026-11-29T15", "", "T", "2026-11-29T15:00:00.Z"] {
            #expect(shanghai.parseDateTime(bad) == nil, "\(bad)")
        }
        #expect(shanghai.startOfDay("2026-11-29") != nil)
        #expect(shanghai.startOfDay("2026-11-31") == nil)
        #expect(shanghai.startOfDay("2026-11-29x") == nil)
    }

    @Test("A request line longer than 8 KB gets 414 naming it; the server keeps answering", arguments: TestDatabase.selected)
    func longRequestLine(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let zc = try await t.property("ZC")
            let long = try await t.api(.GET, "/properties/\(zc.id!)/keys?q=" + String(repeating: "a", count: 9000), as: "kf.lingban")
            #expect(long.status == .uriTooLong)
            #expect(long.error?.field == "url")
            let search = try await t.api(.GET, "/properties/\(zc.id!)/keys?q=" + String(repeating: "a", count: 101), as: "kf.lingban")
            #expect(search.status == .badRequest)
            #expect(search.error?.field == "q")
            let twice = try await t.api(.GET, "/properties/\(zc.id!)/keys?page=1&page=2", as: "kf.lingban")
            #expect(twice.status == .badRequest)
            #expect(try await t.request(.GET, "/healthz").status == .ok)
        }
    }

    @Test("Every property of every input type is declared, so nothing reaches a service unchecked")
    func everyInputDeclared() throws {
        let inputs: [any CheckedInput.Type] = [
            IssueKeyInput.self, ReturnKeyInput.self, ReasonInput.self, NewKeysInput.self, KeyRules.NewKey.self, KeysPages.NewKeyRowsForm.self,
            OrganisationService.PropertyInput.self, OrganisationService.NameInput.self, OrganisationService.UnitsInput.self,
            OrganisationService.PostInput.self, OrganisationService.StaffInput.self, StaffPages.StaffForm.self, OrganisationService.PasswordChange.self, BatchIssueInput.self, BatchReturnInput.self,
            OrganisationPages.UnitNumbersForm.self, AccountAPI.TokenRequest.self, AccountPages.SignInForm.self, AccountPages.TokenForm.self,
            CustomerDetailsInput.self, NewCustomerInput.self, CustomerUnitInput.self, EndTieInput.self, CustomerDocumentInput.self,
            NewImportInput.self, ImportMappingInput.self, CustomerImportPage.UploadForm.self, NewNoticeInput.self, DeliveredInput.self,
            NoticeListPage.NoticeForm.self, DutyInput.self, DutyForm.Sent.self, DutyMissInput.self, InspectionInput.self, InspectionPage.Sent.self, PatrolInput.self,
            ChecklistInput.self, RectificationInput.self, InspectionNoticeInput.self, RectificationResponseInput.self, RectificationNoticePage.ResponseSent.self,
            RectificationVerificationInput.self, ExtensionRequestInput.self, ExtensionDecisionInput.self, AlertChannelInput.self, AlertChannelStateInput.self, OperationsRecordInput.self, OperationsRecordInput.Check.self,
            OperationsReviewInput.self, OperationsRecordsPage.Sent.self, NewSpaceInput.self, SpaceApplicationInput.self, SpaceCheckInput.self, SpaceDecisionInput.self, SpacePaymentInput.self,
            ContractorInput.self, ContractorAccountInput.self, SiteAccessSettingsInput.self, WorkFormInput.self, WorkFormInput.Worker.self, WorkFormNewPage.Sent.self,
            WorkFormStepInput.self, WorkFormNoteInput.self, WorkerCertificateInput.self, WorkFormPage.CertificateSent.self, SiteEntryInput.self, SiteExitInput.self,
            SiteCheckInput.self, SiteCheckInput.Line.self, ContractorIncidentInput.self, EmergencyEntryInput.self, EmergencyReportInput.self, AfterHoursPassInput.self,
            PassDecisionInput.self,
        ]
        for input in inputs {
            let declared = Set(input.schema.fields.map(\.name))
            let value = try JSONDecoder().decode(input, from: Data("{}".utf8))
            let properties = Set(Mirror(reflecting: value).children.compactMap(\.label))
            #expect(properties == declared, "\(input): properties \(properties.sorted()) vs declared \(declared.sorted())")
        }
        // And no route decodes a body any other way.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/App").standardized
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        for file in files where file.lastPathComponent != "InputLimits.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("content.decode("), "\(file.lastPathComponent) decodes a body without its limits")
            #expect(!text.contains("req.query.get("), "\(file.lastPathComponent) reads a query parameter without its limits")
        }
    }
}
