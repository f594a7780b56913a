import Fluent
import Vapor

/// 备用钥匙手续 — customer spare keys waiting for security, and cleared ones
/// (KY-6). Security confirms here; the requester is told and may then issue.
enum SpareReleasePages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "spare-releases") { req in try await list(req, form: .blank) }
        pages.post("spare-releases", ":releaseID", "confirm") { req in
            let release = try await SpareKeyRelease.find(req.parameters.get("releaseID", as: UUID.self), on: req.db)
            return try await req.formAction(render: { form in
                req.parameters.set("propertyID", to: release?.$property.id.text)
                return try await list(req, form: form)
            }) {
                let confirmed = try await KeyCabinet.confirmSpareRelease(releaseID: req.parameters.get("releaseID", as: UUID.self), on: req)
                return (Text("已确认备用钥匙使用手续，已通知申请人", "Spare key cleared; the requester was told"), "/properties/\(confirmed.$property.id)/spare-releases")
            }
        }
    }

    static func list(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let releases = try await KeyQueries.spareReleases(propertyID: property.id, limit: 200, on: req.db)
        let mayConfirm = ctx.may(.confirmSpareKey)
        return Layout.page(ctx, title: ctx.t("备用钥匙手续", "Spare key releases")) {
            H.h1 { ctx.t("备用钥匙手续", "Spare key releases") }
            H.p(.class("muted")) { ctx.t("客户需要使用公司保管的备用钥匙时，须及时通知保安部办理相关手续。", "Before a customer's spare key is used, security is notified and completes its procedure.") }
            Form.problems(ctx, form)
            if releases.isEmpty { H.p(.class("empty-state")) { ctx.t("暂无申请", "No requests") } }
            else {
                H.ul(.class("plain-list"), .id("spare-releases")) {
                    for release in releases {
                        H.li(.class("card"), .id("release-\(release.id)")) {
                            H.p(.class("line")) {
                                if ctx.may(.viewKeys) { H.a(.href("/keys/\(release.keyID)"), .class("strong-link")) { release.tag } } else { H.strong { release.tag } }
                                " · " + release.unitLabel
                            }
                            H.p(.class("line muted")) { release.requestedByName + " · " + time.dateTime(release.requestedAt) + " · " + release.reason }
                            if let confirmed = release.confirmedAt {
                                H.p(.class("line")) {
                                    ctx.t("保安部已确认", "Cleared by security") + "：" + (release.confirmedByName ?? "") + " · " + time.dateTime(confirmed)
                                    + (release.usedByCheckoutID != nil ? " · " + ctx.t("已发放", "issued") : "")
                                }
                            } else if mayConfirm && release.requestedByID != actor.id {
                                H.div(.class("actions")) { Layout.postButton(ctx, action: "/spare-releases/\(release.id)/confirm", label: ctx.t("确认手续", "Confirm"), style: "") }
                            } else {
                                H.p(.class("line waiting")) { ctx.t("等待保安部确认", "Waiting for security") }
                            }
                        }
                    }
                }
            }
        }
    }
}
