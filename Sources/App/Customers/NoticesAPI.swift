import Fluent
import OpenAPIKit30
import Vapor

/// Notices to customers in the JSON API (CA-4). Same service functions as the pages.
enum NoticesAPI {
    struct NoticeSummaryDTO: Content {
        let id: UUID; let referenceNo: String; let title: String; let issuedAt: Date; let households: Int; let delivered: Int; let read: Int
    }
    struct DeliveryDTO: Content {
        let id: UUID; let unitID: UUID; let unitLabel: String?; let addressedTo: String; let deliveredAt: Date?; let method: DeliveryMethod?; let readAt: Date?
    }
    struct NoticeDTO: Content {
        let id: UUID; let propertyID: UUID; let referenceNo: String; let title: String; let body: String; let issuedAt: Date; let deliveries: [DeliveryDTO]
    }

    static func notice(_ id: UUID?, on req: Request) async throws -> NoticeDTO {
        let found = try await CustomerNotices.findNotice(id, on: req.db)
        _ = try await req.property(found.$property.id, for: try req.actor, action: .viewCustomers)
        let deliveries = try await NoticeQueries.deliveries(noticeID: found.id!, on: req.db)
        return NoticeDTO(id: found.id!, propertyID: found.$property.id, referenceNo: found.referenceNo, title: found.title, body: found.body, issuedAt: found.issuedAt,
                         deliveries: deliveries.map { DeliveryDTO(id: $0.id, unitID: $0.unitID, unitLabel: $0.unitLabel, addressedTo: $0.addressedTo,
                                                                  deliveredAt: $0.deliveredAt, method: $0.method, readAt: $0.readAt) })
    }

    static func delivery(_ d: NoticeDelivery) -> DeliveryDTO {
        DeliveryDTO(id: d.id!, unitID: d.$unit.id, unitLabel: nil, addressedTo: d.addressedTo, deliveredAt: d.deliveredAt, method: d.deliveryMethod, readAt: d.readAt)
    }

    static func register(_ api: any RoutesBuilder) {
        api.get("properties", ":propertyID", "customer-notices") { req async throws -> Page<NoticeSummaryDTO> in
            let property = try await req.property(try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), for: try req.actor, action: .viewCustomers)
            let paging = try Paging.from(req)
            let (rows, total) = try await NoticeQueries.register(propertyID: property.id, paging: paging, on: req.db)
            return Page(items: rows.map { NoticeSummaryDTO(id: $0.id, referenceNo: $0.referenceNo, title: $0.title, issuedAt: $0.issuedAt,
                                                           households: $0.households, delivered: $0.delivered, read: $0.read) }, paging: paging, total: total)
        }
        api.post("properties", ":propertyID", "customer-notices") { req async throws -> Response in
            let sent = try await CustomerNotices.send(propertyID: try Input.uuid(req.parameters.get("propertyID"), field: "propertyID"), try req.input(NewNoticeInput.self), on: req)
            return try KeysAPI.created(try await notice(sent.id, on: req))
        }
        api.get("customer-notices", ":noticeID") { req async throws -> NoticeDTO in
            try await notice(try Input.uuid(req.parameters.get("noticeID"), field: "noticeID"), on: req)
        }
        api.post("notice-deliveries", ":deliveryID", "delivered") { req async throws -> DeliveryDTO in
            delivery(try await CustomerNotices.delivered(deliveryID: try Input.uuid(req.parameters.get("deliveryID"), field: "deliveryID"), try req.input(DeliveredInput.self), on: req))
        }
        api.post("customer-notices", ":noticeID", "delivered") { req async throws -> NoticeDTO in
            let id = try Input.uuid(req.parameters.get("noticeID"), field: "noticeID")
            _ = try await CustomerNotices.deliveredToAll(noticeID: id, try req.input(DeliveredInput.self), on: req)
            return try await notice(id, on: req)
        }
        api.post("notice-deliveries", ":deliveryID", "read") { req async throws -> DeliveryDTO in
            delivery(try await CustomerNotices.read(deliveryID: try Input.uuid(req.parameters.get("deliveryID"), field: "deliveryID"), on: req))
        }
    }

    static var section: APISection {
        let delivery = Schema.object([("id", Schema.uuid), ("unitID", Schema.uuid), ("unitLabel", Schema.nullable(.string)), ("addressedTo", .string),
                                      ("deliveredAt", Schema.nullable(Schema.dateTime)), ("method", Schema.nullable(Schema.enumeration(DeliveryMethod.allCases.map(\.rawValue)))),
                                      ("readAt", Schema.nullable(Schema.dateTime))], optional: ["unitLabel"])
        let schemas: [String: JSONSchema] = [
            "NoticeDelivery": delivery,
            "CustomerNotice": Schema.object([("id", Schema.uuid), ("propertyID", Schema.uuid), ("referenceNo", .string), ("title", .string), ("body", .string),
                                             ("issuedAt", Schema.dateTime), ("deliveries", Schema.array(Schema.ref("NoticeDelivery")))]),
            "CustomerNoticePage": Schema.object([("items", Schema.array(Schema.object([("id", Schema.uuid), ("referenceNo", .string), ("title", .string),
                                                                                        ("issuedAt", Schema.dateTime), ("households", .integer), ("delivered", .integer), ("read", .integer)]))),
                                                 ("page", .integer), ("per", .integer), ("total", .integer)]),
        ]
        let tag = "customers"
        return APISection(schemas: schemas, operations: [
            .get("/api/v1/properties/{propertyID}/customer-notices", "list customer notices", tag: tag, query: [("page", InputFields.page), ("per", InputFields.per)],
                 returns: Schema.ref("CustomerNoticePage"), rules: "CA-4"),
            .post("/api/v1/properties/{propertyID}/customer-notices", "send customer notice", tag: tag, body: NewNoticeInput.self, status: 201,
                  returns: Schema.ref("CustomerNotice"), rules: "CA-4")
                .linking("Notice", to: "customer_notice", parameter: "noticeID"),
            .get("/api/v1/customer-notices/{noticeID}", "customer notice", tag: tag, returns: Schema.ref("CustomerNotice"), rules: "CA-4"),
            .post("/api/v1/notice-deliveries/{deliveryID}/delivered", "notice delivered", tag: tag, body: DeliveredInput.self, returns: Schema.ref("NoticeDelivery"), rules: "CA-4"),
            .post("/api/v1/customer-notices/{noticeID}/delivered", "notice delivered to every household left", tag: tag, body: DeliveredInput.self,
                  returns: Schema.ref("CustomerNotice"), rules: "CA-4"),
            .post("/api/v1/notice-deliveries/{deliveryID}/read", "notice read", tag: tag, returns: Schema.ref("NoticeDelivery"), rules: "CA-4"),
        ])
    }
}
