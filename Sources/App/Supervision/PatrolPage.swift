import Fluent
import Vapor

/// 闭馆巡视 on a phone (SH-19): each checkpoint in order or not, one tap
/// each; anything not in order goes to security's foreman and opens an
/// urgent incident. Below, tonight's rounds and when the next is due.
enum PatrolPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "patrols", "new") { req in try await show(req, form: .blank) }
        pages.post("show-houses", ":showHouseID", "patrols", "new") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await PatrolRounds.record(showHouseID: req.parameters.get("showHouseID", as: UUID.self), try req.input(PatrolInput.self), on: req)
                return (made.anomaly ? Text("已登记巡视；异常已报安管领班并转紧急工单", "Round recorded; the anomaly went to security's foreman as an urgent item")
                                     : Text("已登记巡视，一切正常", "Round recorded; all in order"), "/show-houses/\(made.$showHouse.id)/patrols/new")
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: actor, action: .viewShowHouses, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let items = try await Inspections.items(.patrol, property: property.id, on: req.db)
        let today = time.day(ctx.now)
        let rounds = try await SupervisionQueries.rounds(houseID: house.id!, day: nil, limit: 30, on: req.db)
        let title = house.name + " · " + ctx.t("闭馆巡视", "Patrol round")
        return Layout.page(ctx, title: title) {
            H.h1 { title }
            H.p(.class("muted")) {
                ctx.t("闭馆后大堂岗每 30 分钟巡视一次。逐一检查；有异常写明情况，系统立即通知安管领班并按应急程序转紧急工单。",
                      "After closing the lobby post patrols every 30 minutes. Check each point; anything wrong is reported to security's foreman at once and becomes an urgent item.")
            }
            Form.problems(ctx, form)
            if ctx.may(.patrolShowHouse, at: property.id) {
                H.form(.class("card"), .method("post"), .action("/show-houses/\(house.id!)/patrols/new"), .data("once", "1"), .id("patrol-form")) {
                    ctx.csrfField
                    for (index, item) in items.enumerated() {
                        Form.checklistLine(ctx, form, list: "checkpoints", index: index, item: item, choice: "ok",
                                           options: [("true", ctx.t("正常", "In order")), ("false", ctx.t("异常", "Not in order"))], selected: "true",
                                           note: Text("异常情况", "What is wrong"), id: "checkpoint-\(index)")
                    }
                    H.button(.id("save-patrol")) { ctx.t("提交巡视记录", "Save the round") }
                }
            }
            H.section(.class("card"), .id("rounds")) {
                H.h2 { ctx.t("近期巡视", "Recent rounds") }
                if rounds.isEmpty { H.p(.class("muted")) { ctx.t("暂无巡视记录", "No rounds yet") } }
                H.ul(.class("plain")) {
                    for r in rounds {
                        H.li(.class(r.anomaly ? "late" : "")) {
                            H.strong { r.day == today ? String(time.dateTime(r.patrolledAt).suffix(5)) : time.dateTime(r.patrolledAt) }
                            " " + r.patrolledBy + " · "
                            if r.anomaly {
                                ctx.t("异常：", "Found: ") + r.checkpoints.filter { !$0.ok }.map { $0.item + "（\($0.note ?? "")）" }.joined(separator: "；")
                                if let item = r.serviceItemID { " "; H.a(.href("/service-items/\(item)")) { ctx.t("工单", "item") } }
                            } else { ctx.t("一切正常", "all in order") }
                        }
                    }
                }
            }
        }
    }
}
