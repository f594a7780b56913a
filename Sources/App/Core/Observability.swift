import NIOConcurrencyHelpers
import Vapor

/// Request ids, one log line per request, and the Prometheus counters behind
/// `/metrics`.
struct RequestLogMiddleware: AsyncMiddleware {
    let metrics: Metrics

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let requestID = req.headers.first(name: "X-Request-Id").flatMap { $0.count <= 64 ? $0 : nil } ?? UUID().uuidString.lowercased()
        req.logger[metadataKey: "request-id"] = .string(requestID)
        let start = DispatchTime.now().uptimeNanoseconds
        let response: Response
        do {
            response = try await next.respond(to: req)
        } catch {
            let status = WuyeError.from(error).status
            record(req, status: status, start: start)
            throw error
        }
        response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        record(req, status: response.status, start: start)
        return response
    }

    private func record(_ req: Request, status: HTTPResponseStatus, start: UInt64) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The route's pattern, not the path, keeps the metric's labels few.
        let route = req.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.observe(method: req.method.rawValue, route: route, status: Int(status.code), seconds: seconds)
        req.logger.info("\(req.method) \(req.url.path) \(status.code) \(String(format: "%.1f", seconds * 1000))ms")
    }
}

/// A tiny in-process Prometheus registry: request counts by route and
/// status, and a latency histogram.
final class Metrics: Sendable {
    private struct Key: Hashable { let method: String, route: String, status: Int }
    private struct State {
        var counts: [Key: Int] = [:]
        var buckets = [Int](repeating: 0, count: Metrics.bounds.count)
        var sum = 0.0
        var total = 0
    }
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    private let state = NIOLockedValueBox(State())
    let started = Date()

    func observe(method: String, route: String, status: Int, seconds: Double) {
        state.withLockedValue { state in
            state.counts[Key(method: method, route: route, status: status), default: 0] += 1
            for (index, bound) in Metrics.bounds.enumerated() where seconds <= bound { state.buckets[index] += 1 }
            state.sum += seconds
            state.total += 1
        }
    }

    func render() -> String {
        state.withLockedValue { state in
            var out = "# HELP wuye_http_requests_total HTTP requests answered.\n# TYPE wuye_http_requests_total counter\n"
            for (key, count) in state.counts.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
                out += "wuye_http_requests_total{method=\"\(key.method)\",route=\"\(key.route)\",status=\"\(key.status)\"} \(count)\n"
            }
            out += "# HELP wuye_http_request_duration_seconds Time to answer a request.\n# TYPE wuye_http_request_duration_seconds histogram\n"
            for (index, bound) in Metrics.bounds.enumerated() {
                out += "wuye_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(state.buckets[index])\n"
            }
            out += "wuye_http_request_duration_seconds_bucket{le=\"+Inf\"} \(state.total)\n"
            out += "wuye_http_request_duration_seconds_sum \(state.sum)\n"
            out += "wuye_http_request_duration_seconds_count \(state.total)\n"
            out += "# HELP wuye_uptime_seconds Seconds since this process started.\n# TYPE wuye_uptime_seconds gauge\n"
            out += "wuye_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
            return out
        }
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
