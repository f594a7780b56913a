import Fluent
import Vapor

/// 钥匙标签 — a sheet of printable tags, each with a QR code that opens the
/// key's page when any phone camera scans it (KY-1): the keys the cabinet
/// view shows (same filters), 24 to an A4 sheet.
enum KeyLabelsPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "key-labels", use: sheet)
    }

    @Sendable static func sheet(req: Request) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .printKeyLabels, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let filter = try KeyQueries.CabinetFilter(req)
        let paging = try Paging.from(req, per: 96, fixedPer: true)
        let (rows, total) = try await KeyQueries.cabinet(propertyID: property.id, filter: filter, actorID: actor.id, time: property.localTime,
                                                         now: ctx.now, paging: paging, on: req.db)
        let site = siteAddress(req)
        return Layout.page(ctx, title: ctx.t("钥匙标签", "Key labels"), wide: true) {
            H.h1(.class("no-print")) { property.name + " · " + ctx.t("钥匙标签", "Key labels") }
            H.p(.class("no-print muted")) {
                ctx.t("共 \(total) 把；用手机相机扫描二维码即可打开该钥匙的页面。", "\(total) keys; a phone camera scanning a code opens that key's page.") + " "
                H.button(.data("print", "1")) { ctx.t("打印", "Print") }
            }
            H.div(.class("labels"), .id("labels")) {
                for row in rows {
                    let link = site + "/keys/\(row.id)"
                    H.div(.class("label"), .data("tag", row.tag), .data("link", link)) {
                        (try? QRCode(link)).map { Node.trusted($0.svg(scale: 3, label: row.tag)) } ?? .empty
                        H.div(.class("label-text")) {
                            H.strong { row.tag }
                            H.span { row.unitLabel }
                            H.span(.class("muted")) { property.name + " · " + ctx.t(row.kind.title) + " · " + row.hook }
                        }
                    }
                }
            }
            H.div(.class("no-print")) {
                Layout.pager(ctx, page: paging.page, per: paging.per, total: total, base: req.url.path + (req.url.query.map { query in
                    "?" + query.split(separator: "&").filter { !$0.hasPrefix("page=") }.joined(separator: "&") } ?? ""))
            }
        }
    }

    /// Where phones reach this server: the public address when one is set,
    /// else the address this request came to (a well-formed host only).
    static func siteAddress(_ req: Request) -> String {
        if let url = req.application.deployment.publicURL?.absoluteString { return url.hasSuffix("/") ? String(url.dropLast()) : url }
        let host = req.headers.first(name: .host).flatMap { Patterns.matches(#"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$"#, $0) ? $0 : nil } ?? "localhost"
        return (req.application.deployment.isSecure(req) ? "https://" : "http://") + host
    }
}
