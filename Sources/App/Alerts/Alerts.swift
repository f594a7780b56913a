import Crypto
import Fluent
import SQLKit
import Vapor

/// Alerts to chat groups. `enqueue` writes one delivery per group that takes
/// the kind, inside the transaction of what caused it, so nothing waits for a
/// chat server and nothing is sent for a change that rolled back. `send`
/// (a background job) posts what is due and retries with back-off.
public enum Alerts {
    /// Attempts before a delivery is given up as failed; the waits double from 30 s to at most an hour.
    static let mostAttempts = 8
    static let firstWait: TimeInterval = 30, longestWait: TimeInterval = 3_600
    /// How long a delivery is the sender's while it posts it, so a second sender leaves it alone.
    static let lease: TimeInterval = 120

    static func wait(afterAttempt attempts: Int) -> TimeInterval {
        min(longestWait, firstWait * pow(2, Double(max(0, attempts - 1))))
    }

    /// One delivery for each active group of the property that takes `event`.
    static func enqueue(_ event: AlertEvent, property propertyID: UUID, text: String, subject: UUID?, now: Date, on db: any Database) async throws {
        let channels = try await AlertChannel.query(on: db).filter(\.$property.$id == propertyID).filter(\.$active == true).all()
        for channel in channels where channel.eventList.contains(event) {
            let delivery = AlertDelivery()
            delivery.$property.id = propertyID; delivery.$channel.id = channel.id!; delivery.event = event.rawValue; delivery.subjectID = subject
            delivery.text = String(text.prefix(1_800)); delivery.status = .pending; delivery.attempts = 0; delivery.nextAttemptAt = now; delivery.createdAt = now
            try await RowWrite.insert(delivery, on: db)
        }
    }

    /// The body a group robot takes: WeCom and DingTalk both read
    /// `{"msgtype":"text","text":{"content":…}}`.
    static func payload(_ kind: AlertChannelKind, text: String) -> Data {
        struct Body: Encodable { struct Content: Encodable { let content: String }; let msgtype: String; let text: Content }
        return (try? JSONEncoder().encode(Body(msgtype: "text", text: .init(content: text)))) ?? Data()
    }

    /// DingTalk's 加签: the URL carries the time and an HMAC-SHA256 of
    /// "time\nsecret" keyed by the secret, in Base64, URL-encoded.
    static func signedURL(_ url: String, secret: String?, now: Date) -> String {
        guard let secret, !secret.isEmpty else { return url }
        let timestamp = String(Int64(now.timeIntervalSince1970 * 1000))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let sign = Data(mac).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return url + (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(sign)"
    }

    struct Due: ReadRow {
        let id: UUID; let attempts: Int; let text: String; let kind: AlertChannelKind; let url: String; let secret: String?
        init(_ row: RowReader) throws {
            id = try row.next("id"); attempts = try row.next("attempts"); text = try row.next("text")
            kind = try row.next("kind"); url = try row.next("url"); secret = try row.next("secret")
        }
    }

    /// Posts every delivery that is due. Each is claimed first (its next
    /// attempt moved on by a lease, only if no one else moved it), so two
    /// senders never post the same one. Returns how many were sent.
    @discardableResult
    static func send(app: Application, now: Date) async throws -> Int {
        let due = try await app.db.sql.rows(Due.self, """
            SELECT d.id, d.attempts, d.text, c.kind, c.url, c.secret FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now) ORDER BY d.next_attempt_at LIMIT 50
            """)
        var sent = 0
        for delivery in due {
            let claimed = try await app.write { db in
                let sql = db.sql
                let still = try await sql.raw("SELECT id FROM alert_deliveries WHERE id = \(bind: delivery.id) AND status = 'pending' AND attempts = \(bind: delivery.attempts)"
                                              + SQLLock.forUpdate(on: sql)).first()
                guard still != nil else { return false }
                try await sql.raw("""
                    UPDATE alert_deliveries SET next_attempt_at = \(bind: now.addingTimeInterval(lease)), attempts = attempts + 1 WHERE id = \(bind: delivery.id)
                    """).run()
                return true
            }
            guard claimed else { continue }
            let attempts = delivery.attempts + 1
            let failure = await post(delivery, app: app, now: now)
            try await app.write { db in
                if let failure {
                    let gaveUp = attempts >= mostAttempts
                    try await db.sql.raw("""
                        UPDATE alert_deliveries SET status = \(bind: gaveUp ? DeliveryStatus.failed.rawValue : DeliveryStatus.pending.rawValue),
                        next_attempt_at = \(bind: now.addingTimeInterval(wait(afterAttempt: attempts))), last_error = \(bind: String(failure.prefix(500)))
                        WHERE id = \(bind: delivery.id)
                        """).run()
                } else {
                    try await db.sql.raw("UPDATE alert_deliveries SET status = 'sent', sent_at = \(bind: now), last_error = NULL WHERE id = \(bind: delivery.id)").run()
                }
            }
            if failure == nil { sent += 1 } else { app.logger.warning("alert \(delivery.id) not sent (attempt \(attempts)): \(failure!)") }
        }
        return sent
    }

    /// A failure in words a manager can act on; the raw error stays in the record.
    static func explain(_ error: String) -> Text {
        if error.contains("refused") || error.contains("connect") { return Text("连接被拒绝：地址或端口不可达", "Connection refused: the address cannot be reached") }
        if error.contains("imeout") || error.contains("timed out") { return Text("连接超时", "Timed out") }
        if error.hasPrefix("HTTP ") { return Text("对方返回 " + error, "The robot answered " + error) }
        if error.hasPrefix("errcode") { return Text("机器人拒收：" + error, "The robot refused it: " + error) }
        return Text("发送失败：" + error.prefix(80), "Not sent: " + error.prefix(80))
    }

    /// One post to a group robot; what went wrong, or nil when the robot took it.
    static func post(_ delivery: Due, app: Application, now: Date) async -> String? {
        do {
            let url = URI(string: signedURL(delivery.url, secret: delivery.secret, now: now))
            let response = try await app.client.post(url) { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(data: payload(delivery.kind, text: delivery.text))
                req.timeout = .seconds(10)
            }
            guard response.status == .ok else { return "HTTP \(response.status.code)" }
            // Both robots answer 200 with {"errcode":0,"errmsg":"ok"}, and a non-zero errcode when they refuse.
            struct Answer: Decodable { let errcode: Int?; let errmsg: String? }
            let answer = response.body.flatMap { try? JSONDecoder().decode(Answer.self, from: Data(buffer: $0)) }
            if let code = answer?.errcode, code != 0 { return "errcode \(code): \(answer?.errmsg ?? "")" }
            return nil
        } catch {
            return String(describing: error)
        }
    }
}
