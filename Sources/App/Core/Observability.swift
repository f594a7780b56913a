import NIOConcurrencyHelpers
import Vapor

/// Request ids, one log line per request (at info), and the request's
/// figures for `/metrics`: duration by route, database statements and time.
/// Outside production each response also says how many statements it took
/// (`X-DB-Statements`), so tests and people can watch the count.
struct RequestLogMiddleware: AsyncMiddleware {
    /// Request ids: a random prefix per process and a counter; no allocation-heavy UUIDs.
    private static let prefix = String(UInt32.random(in: .min ... .max), radix: 16)
    private static let counter = NIOLockedValueBox<UInt64>(0)

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let requestID = req.headers.first(name: "X-Request-Id").flatMap { $0.count <= 64 ? $0 : nil }
            ?? Self.prefix + "-" + String(Self.counter.withLockedValue { $0 += 1; return $0 }, radix: 16)
        req.logger[metadataKey: "request-id"] = .string(requestID)
        let stats = RequestStats()
        req.logger[metadataKey: RequestStats.metadataKey] = .stringConvertible(stats)
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next.respond(to: req)
            response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
            if req.application.environment != .production {
                response.headers.replaceOrAdd(name: "X-DB-Statements", value: String(stats.statements))
            }
            record(req, status: response.status.code, start: start, stats: stats)
            return response
        } catch {
            record(req, status: WuyeError.from(error).status.code, start: start, stats: stats)
            throw error
        }
    }

    private func record(_ req: Request, status: UInt, start: UInt64, stats: RequestStats) {
        let nanoseconds = Int64(DispatchTime.now().uptimeNanoseconds - start)
        // The route's pattern, not the path, keeps the metric's labels few.
        let route = req.route?.userInfo[metricsLabelKey] as? String ?? "unmatched"
        WuyeMetrics.request(route: route, method: req.method.rawValue, status: status, nanoseconds: nanoseconds,
                            statements: stats.statements, databaseNanoseconds: stats.databaseNanoseconds)
        req.logger.info("\(req.method) \(req.url.path) \(status) \(String(format: "%.1f", Double(nanoseconds) / 1e6))ms")
    }
}

/// Errors become `{ "error", "field", "rule" }` on the API and a friendly
/// page elsewhere, in the person's language. Nothing internal leaks.
struct WuyeErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let wuye = WuyeError.from(error)
            if wuye.status == .internalServerError {
                req.logger.report(error: error)
            }
            if req.url.path.hasPrefix("/api/") || req.url.path == "/openapi.json" {
                let body = APIErrorBody(error: wuye.message.in(req.language), field: wuye.field, rule: wuye.rule)
                let response = Response(status: wuye.status)
                try response.content.encode(body, as: .json)
                if wuye.status == .unauthorized {
                    response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
                }
                return response
            }
            // Error pages keep the whole layout: navigation, notices, sign-out.
            let ctx = try await req.viewContext()
            let response = Layout.page(ctx, title: ctx.t("出错了", "Something is wrong")) {
                H.h1 { wuye.status == .notFound ? ctx.t("找不到页面", "Not found") : wuye.status == .forbidden ? ctx.t("没有权限", "Not allowed") : ctx.t("无法完成", "That did not work") }
                H.p(.class("error-box"), .attr("role", "alert")) { ctx.t(wuye.message); Form.basis(ctx, wuye.rule) }
                H.p(.class("actions")) {
                    H.a(.href("/"), .data("back", "1"), .class("button secondary")) { ctx.t("返回上一页", "Go back") }
                    H.a(.href("/"), .class("button secondary")) { ctx.t("我的待办", "To do") }
                }
            }
            response.status = wuye.status
            return response
        }
    }
}
