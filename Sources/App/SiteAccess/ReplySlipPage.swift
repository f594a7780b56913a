import Vapor

/// 联络回复单 — what property service hands the contractor once the form is
/// registered (SH-41 [10.2(2)]): the permit the workers show at the gate, on
/// one A4 page.
enum ReplySlipPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("work-forms", ":formID", "reply") { req async throws -> Response in
            let actor = try req.actor
            let (found, property) = try await WorkLiaisonForms.find(req.parameters.get("formID", as: UUID.self), for: actor, action: .viewSiteAccess, on: req)
            guard let replyNo = found.replyNo else {
                throw WuyeError.conflict(Text("物业服务部登记后才有回复单", "The reply slip comes when property service registers the form"), rule: "SH-41", field: "formID")
            }
            let ctx = try await req.viewContext(propertyID: property.id)
            let time = property.localTime
            let f = try await SiteAccessQueries.form(found.id!, today: time.day(ctx.now), on: req.db)
            return Layout.page(ctx, title: ctx.t("联络回复单", "Reply slip") + " " + replyNo) {
                H.p(.class("no-print")) {
                    H.a(.class("strong-link"), .href(WorkLiaisonForms.link(f.id))) { ctx.t("← 联络单", "← The form") }
                    " "
                    H.button(.data("print", "1")) { ctx.t("打印", "Print") }
                }
                H.section(.class("card slip"), .id("reply-slip")) {
                    H.h1 { property.name + " · 工作联络回复单" }
                    H.p { "回复单号 "; H.span(.class("nowrap")) { replyNo }; "　　联络单号 "; H.span(.class("nowrap")) { f.referenceNo } }
                    H.dl(.class("facts")) {
                        H.dt { "施工单位" }; H.dd { f.contractor }
                        H.dt { "施工项目" }; H.dd { f.project }
                        H.dt { "施工区域" }; H.dd { (f.showHouse.map { $0 + " · " } ?? "") + f.area }
                        H.dt { "施工时间" }; H.dd { H.span(.class("nowrap")) { time.dateTime(f.startsAt) }; " — "; H.span(.class("nowrap")) { time.dateTime(f.endsAt) } }
                        H.dt { "施工队负责人" }; H.dd { f.teamLeader + " " + f.leaderPhone }
                        H.dt { "准许进场人员" }
                        H.dd { f.workers.map { $0.name + ($0.trade.map { "（\($0.title.zh)）" } ?? "") }.joined(separator: "、") }
                        if f.needsExtraApproval {
                            H.dt { "停电停水/跨区域" }
                            H.dd { f.extraApprovedAt.map { "已经物业服务部领导同意（\(f.extraApprovedBy ?? "") \(time.dateTime($0))）" } ?? "须经物业服务部领导同意后方可进行" }
                        }
                        H.dt { "审批" }
                        H.dd {
                            "物业服务部领导 " + (f.leadershipBy ?? "") + "；工程负责人 " + (f.engineeringBy ?? "") + "；物业服务部登记 " + (f.registeredBy ?? "")
                                + " " + (f.registeredAt.map(time.dateTime) ?? "")
                        }
                    }
                    H.ol(.class("rules")) {
                        H.li { "凭本回复单到安管部登记后方可进场，按单列人员、时间、区域施工，不得跨区域施工。" }
                        H.li { "特殊工种须持有效上岗证，随时接受物业管理员检查。" }
                        H.li { "施工前做好成品保护，每次施工完成后清理现场、清走垃圾、物品复位。" }
                        H.li { "离场时接受人员、工具、携带物品检查，确认无误后放行。" }
                        H.li { "损坏物品、设施设备照价赔偿；违反规定者物业服务部有权驱逐出场。" }
                    }
                    H.div(.class("signatures")) { H.p { "物业服务部（盖章）：__________" }; H.p { "施工单位签收：__________" }; H.p { "日期：__________" } }
                }
            }
        }
    }
}
