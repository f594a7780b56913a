import Vapor

/// Small pieces pages share: table cells that stack on phones, one-button
/// forms, the pager, a record's history.
extension Layout {
    /// A table cell that names its column on phones, where rows stack.
    static func cell(_ label: String, @NodeBuilder _ content: () -> Node) -> Node {
        H.el("td", [.data("label", label)], content)
    }

    /// A cell with nothing to say ("—"); phones leave it out of the stacked card.
    static func emptyCell(_ label: String) -> Node {
        H.el("td", [.data("label", label), .class("empty")]) { "—" }
    }

    /// A small POST form that is just a button (with the CSRF field).
    static func postButton(_ ctx: ViewContext, action: String, label: String, style: String = "secondary", confirm: String? = nil) -> Node {
        H.form(.class("inline"), .method("post"), .action(action)) {
            ctx.csrfField
            if let confirm {
                H.button(.class(style), .data("confirm", confirm)) { label }
            } else {
                H.button(.class(style)) { label }
            }
        }
    }

    static func pager(_ ctx: ViewContext, page: Int, per: Int, total: Int, base: String) -> Node {
        let pages = max(1, (total + per - 1) / per)
        let joiner = base.contains("?") ? "&" : "?"
        return H.nav(.class("pager"), .attr("aria-label", ctx.t("分页", "Pages"))) {
            if page > 1 { H.a(.href(base + joiner + "page=\(page - 1)")) { ctx.t("上一页", "Previous") } }
            H.span { ctx.t("第 \(page)/\(pages) 页，共 \(total) 条", "Page \(page) of \(pages), \(total) in all") }
            if page < pages { H.a(.href(base + joiner + "page=\(page + 1)")) { ctx.t("下一页", "Next") } }
        }
    }

    /// The record's history from the audit chain.
    static func history(_ ctx: ViewContext, _ events: [AuditEvent], time: LocalTime) -> Node {
        H.section(.class("history")) {
            H.h2 { ctx.t("记录历史", "History") }
            if events.isEmpty {
                H.p(.class("muted")) { ctx.t("暂无记录", "Nothing yet") }
            } else {
                H.ol {
                    for event in events {
                        H.li {
                            H.span(.class("when")) { time.dateTime(event.occurredAt) }
                            " "
                            H.strong { event.actorName }
                            " "
                            H.span(.class("action"), .attr("title", event.action)) { ctx.t(actionTitle(event.action)) }
                        }
                    }
                }
            }
        }
    }
}

/// What an audit action is called on screen; unknown ones show their code.
func actionTitle(_ action: String) -> Text { actionTitles[action] ?? Text(action, action) }

/// Every audit action's words on screen (a convention test finds any action written without one).
let actionTitles: [String: Text] = [
    "key.registered": Text("登记钥匙", "key registered"), "key.issued": Text("发放钥匙", "key issued"),
    "key.returned": Text("归还钥匙", "key returned"), "key.withdrawn_damaged": Text("损坏停用", "withdrawn as damaged"),
    "key.reported_lost": Text("报失", "reported lost"), "key.lost_while_out": Text("借出期间丢失", "lost while out"),
    "key.retired_by_lock_change": Text("换锁作废", "retired by lock change"), "key.borrowing_confirmed": Text("领用人确认", "borrower confirmed"),
    "lock_change.opened": Text("开立换锁任务", "lock change opened"), "lock_change.completed": Text("换锁完成", "lock changed"),
    "spare_key.requested": Text("申请备用钥匙", "spare key requested"), "spare_key.confirmed_by_security": Text("保安部确认", "confirmed by security"),
    "spare_key.used": Text("备用钥匙已使用", "spare key used"), "personal_data.shown": Text("查看完整证件与电话", "personal data shown"),
    "property.created": Text("创建项目", "property created"), "staff.created": Text("添加员工", "staff added"),
    "staff.updated": Text("修改员工", "staff changed"), "staff.assigned": Text("分配项目", "assigned to property"),
    "staff.unassigned": Text("取消分配", "unassigned"), "key.chased": Text("催还", "chased"),
    "staff.password_changed": Text("修改密码", "password changed"), "audit.snapshot_upgraded": Text("系统升级记录", "record format upgraded"),
    "building.created": Text("添加楼栋", "building added"), "unit.created": Text("添加房号", "unit added"), "post.created": Text("添加岗位", "post added"),
    "department.created": Text("创建部门", "department created"),
    "customer.registered": Text("登记客户", "customer registered"), "customer.edited": Text("修改客户资料", "particulars changed"),
    "customer.moved_in": Text("登记入住", "moved in"), "customer.moved_out": Text("登记迁出", "moved out"),
    "customer_document.registered": Text("登记档案材料", "document registered"),
    "customer_import.uploaded": Text("上传导入文件", "spreadsheet uploaded"), "customer_import.mapped": Text("调整导入列", "columns mapped"),
    "customer_import.started": Text("开始导入", "import started"), "customer_import.progressed": Text("导入进行中", "import progressed"),
    "customer_import.finished": Text("导入完成", "import finished"),
    "personal_data.exported": Text("导出完整客户资料", "personal data exported"),
    "public_space.registered": Text("登记场地", "space registered"), "space_use.applied": Text("登记使用申请", "application recorded"),
    "space_use.checked": Text("现场核查", "checked"), "space_use.approved": Text("批准使用", "approved"), "space_use.refused": Text("不予批准", "refused"),
    "space_use.paid": Text("收取场地费", "fee paid"),
    "space_violation.reported": Text("报告违章", "violation reported"), "space_violation.ordered": Text("责令整改", "ordered put right"),
    "space_violation.restored": Text("复查：已恢复", "found restored"), "space_violation.not_restored": Text("复查：未恢复", "found not restored"),
    "space_violation.dismissed": Text("认定不属违章", "dismissed"), "space_violation.penalised": Text("记录处罚", "penalty recorded"),
    "space_violation.penalty_paid": Text("收取罚款", "penalty paid"), "attachment.added": Text("添加照片或扫描件", "photo or scan added"),
    "customer_notice.sent": Text("发出通知", "notice sent"), "customer_notice.addressed": Text("通知到户", "notice addressed"),
    "customer_notice.delivered": Text("通知送达", "notice delivered"), "customer_notice.read": Text("通知已阅", "notice read"),
    "service_item.recorded": Text("登记工单", "item recorded"), "service_item.assigned": Text("指派跟进人", "assigned"),
    "service_item.noted": Text("处理记录", "note added"), "service_item.done": Text("处理完毕", "done"), "service_item.closed": Text("关闭", "closed"),
    "service_item.reopened": Text("退回重办", "sent back"), "service_item.phone_revealed": Text("查看完整电话", "full phone shown"),
    "service_item.offered": Text("交接待接收", "offered at a handover"), "service_item.taken_over": Text("交接接收，换负责部门", "taken over at a handover"),
    "desk_handover.offered": Text("交出工单", "handed over"), "desk_handover.item_offered": Text("交出工单", "item handed over"),
    "desk_handover.item_accepted": Text("接收工单", "item taken"), "desk_handover.item_left": Text("未接收", "item not taken"),
    "desk_handover.accepted": Text("接收交接", "handover received"), "shift_settings.set": Text("设定交接时间", "handover times set"),
    "handover_template.saved": Text("保存交接班检查表", "checklist saved"), "handover_sheet.started": Text("开始交接记录", "sheet started"),
    "handover_sheet.signed_out": Text("交班签字", "signed out"), "handover_sheet.accepted": Text("接班签字", "accepted"),
    "handover_sheet.refused": Text("拒绝接班", "refused"), "handover_sheet.resolved": Text("领班处理拒绝", "refusal resolved"),
    "handover_sheet.reviewed": Text("领班审核", "reviewed"), "handover_entry.question": Text("接班人提问", "question"),
    "handover_entry.answer": Text("交班人答复", "answer"), "handover_entry.refusal": Text("拒绝理由", "refusal"),
    "handover_entry.resolution": Text("处理意见", "resolution"), "handover_entry.addendum": Text("补记", "addendum"),
    "api_token.created": Text("创建接口令牌", "API token created"), "api_token.revoked": Text("吊销接口令牌", "API token revoked"),
    "shift_settings.changed": Text("修改交接时间", "handover times changed"), "complaint_review.signed": Text("领导评审签字", "review signed"),
    "show_house.registered": Text("登记样板房", "show house registered"), "show_house_inventory.saved": Text("保存物品清单", "inventory list saved"),
    "show_house_count.opening": Text("开馆清点", "opening count"), "show_house_count.closing": Text("闭馆清点", "closing count"), "show_house_finding.raised": Text("清点异常转工单", "finding raised at the desk"),
    "visitor_batch.sent": Text("大堂送梯登记", "batch sent up"), "visitor_batch.arrival": Text("样板房确认到达", "arrival confirmed"),
    "visitor_batch.departure": Text("样板房登记离开", "batch counted out"), "visitor_batch.return": Text("大堂确认返回", "return confirmed"),
    "visitor_refusal.recorded": Text("无销售陪同劝离", "visitors turned away"), "guest_feedback.recorded": Text("登记客户意见", "feedback recorded"),
    "show_house_day.closed": Text("闭馆", "closed"), "show_house_day.keys_received": Text("安管确认接钥匙", "keys received"),
    "show_house_day.reviewed": Text("领班审核签字", "day signed"),
    "show_house_summary.submitted": Text("提交日报", "summary submitted"), "show_house_summary.approved": Text("领导审批", "summary approved"),
    "lobby_supply.added": Text("登记耗材", "supply added"), "lobby_supply.use": Text("耗材领用", "supply used"), "lobby_supply.replenish": Text("耗材补充", "supply replenished"),
    "supply_movement.use": Text("领用登记", "use recorded"), "supply_movement.replenish": Text("补充登记", "replenishment recorded"),
    "construction_handover.handed_over": Text("交施工方", "handed to construction"), "construction_handover.taken_back": Text("施工方交回", "taken back from construction"),
    "key_set.registered": Text("登记钥匙组持用人", "key set registered"), "key.grouped_in_set": Text("编入样板房钥匙组", "grouped in a key set"),
    "key_set.transferred": Text("移交持用人", "holder transferred"), "key_set.seal_broken": Text("紧急启封", "seal broken"),
    "key_set.resealed": Text("重新封存", "resealed"), "key_set.retired": Text("钥匙遗失，钥匙组作废", "retired after a loss"),
    "key_set_event.transfer": Text("移交登记", "transfer registered"), "key_set_event.seal_broken": Text("启封登记", "seal break registered"),
    "key_set_event.resealed": Text("封存登记", "reseal registered"),
    "duty.created": Text("设定职责", "duty set"), "duty.superseded": Text("职责修改（旧版停用）", "duty revised"), "duty.retired": Text("停用职责", "duty stopped"),
    "duty_miss.recorded": Text("记录未完成", "missed"), "duty_miss.explained": Text("说明未完成原因", "miss explained"),
    "supervision_checklist.saved": Text("保存检查表", "checklist saved"), "inspection.recorded": Text("巡查记录", "inspection recorded"),
    "patrol_round.recorded": Text("巡视记录", "patrol round recorded"),
    "rectification_notice.issued": Text("发出整改通知单", "notice issued"), "rectification_notice.responded": Text("回复整改情况", "notice answered"),
    "rectification_notice.closed": Text("验证关闭", "verified and closed"), "rectification_notice.returned": Text("验证退回", "sent back"),
    "rectification_notice.extension_requested": Text("申请延期", "extension asked"), "rectification_notice.extension_granted": Text("同意延期", "extension granted"),
    "rectification_notice.extension_refused": Text("不同意延期", "extension refused"), "rectification_notice.overdue": Text("逾期提醒", "overdue"),
    "operations_record.recorded": Text("填写记录", "recorded"), "operations_record.reviewed": Text("审阅", "reviewed"),
    "alert_channel.created": Text("添加群机器人", "alert channel added"), "alert_channel.changed": Text("修改群机器人", "alert channel changed"),
    "contractor.registered": Text("登记施工单位", "contractor registered"), "contractor.expelled": Text("驱逐出场", "expelled"),
    "contractor_account.opened": Text("开通施工单位账号", "contractor account opened"), "site_access_settings.changed": Text("修改申报规则", "filing rules changed"),
    "work_liaison_form.filed": Text("申报工作联络单", "work form filed"), "work_form_worker.named": Text("登记施工人员", "worker named"),
    "work_liaison_form.leadership": Text("物业服务部领导批准", "leadership approved"), "work_liaison_form.engineering": Text("工程审图通过", "drawings approved"),
    "work_liaison_form.registration": Text("物业登记并发回复单", "registered, reply slip issued"), "work_liaison_form.security": Text("安管登记监管", "security registered"),
    "work_liaison_form.extra_approved": Text("同意停电停水或跨区域施工", "outage or crossing agreed"), "work_liaison_form.refused": Text("不予批准", "refused"),
    "work_liaison_form.closed": Text("完工关闭", "closed"), "work_form_worker.certificate": Text("登记上岗证", "certificate recorded"),
    "work_form_worker.expelled": Text("驱逐出场", "expelled"), "site_entry.entered": Text("进场登记", "let in"), "site_entry.released": Text("离场检查放行", "checked and released"),
    "site_entry.overstay": Text("超时未离场提醒", "still inside after the form ended"), "work_site_check.before": Text("施工前成品保护检查", "protection checked"),
    "work_site_check.after": Text("完工清场检查", "site clearing checked"), "work_site_check.night": Text("夜间施工监护", "night work supervised"),
    "work_liaison_form.night_unsupervised": Text("夜间施工无人监护提醒", "night work unsupervised"), "contractor_incident.violation": Text("记录违规施工", "violation recorded"),
    "contractor_incident.damage": Text("记录损坏赔偿", "damage recorded"), "contractor_incident.expulsion": Text("记录驱逐出场", "expulsion recorded"),
    "emergency_entry.recorded": Text("记录紧急进入", "emergency entry recorded"), "emergency_entry.supervisor_present": Text("主管到场确认", "supervisor present"),
    "emergency_entry.left": Text("离开样板房", "left"), "emergency_entry.reported": Text("提交书面报告", "report written"),
    "emergency_entry.report_missing": Text("报告逾期提醒", "report late"), "after_hours_pass.requested": Text("申请非接待时间进入", "after-hours pass asked"),
    "after_hours_pass.approved": Text("领导批准", "approved"), "after_hours_pass.refused": Text("领导不批准", "refused"), "after_hours_pass.admitted": Text("凭批准放行", "admitted"),
]

extension H {
    public static func ol(_ a: Attribute..., @NodeBuilder content c: () -> Node = { .empty }) -> Node { el("ol", a, c) }
}
