import Fluent
import Vapor

/// The parts of a show house's day page: the counts, the visitor batches
/// with the step each one waits for, feedback, and the closing with the keys
/// and the signature (SH-4, SH-10…SH-18).
enum ShowHouseDayForms {
    static func counts(_ ctx: ViewContext, _ d: ShowHouseQueries.Day, base: String, keeps: Bool, time: LocalTime) -> Node {
        H.section(.class("card"), .id("counts")) {
            H.h2 { ctx.t("开馆与闭馆清点", "Opening and closing counts") }
            for kind in CountKind.allCases {
                if let c = d.counts.first(where: { $0.kind == kind }) {
                    let late = ShowHouseRules.isLate(kind, hhmm: String(time.dateTime(c.countedAt).suffix(5)))
                    H.h3 { ctx.t(kind.title) + " · " + String(time.dateTime(c.countedAt).suffix(5)) + " · " + c.countedByName; if late { " "; H.span(.class("badge late")) { ctx.t("迟于 09:00", "after 09:00") } } }
                    H.p {
                        ctx.t("物品清单第 \(c.inventoryVersion) 版，\(c.lines.count) 项，异常 \(c.abnormal) 项；卫生", "Inventory v\(c.inventoryVersion), \(c.lines.count) lines, \(c.abnormal) not normal; hygiene ")
                            + (c.hygieneOK ? ctx.t("合格", "clean") : ctx.t("不合格：", "not clean: ") + (c.hygieneNote ?? ""))
                    }
                    if kind == .opening, let set = c.setTemp {
                        H.p {
                            ctx.t("空调 \(set) °C（室外 \(c.outdoorTemp ?? 0) °C", "Air conditioning \(set) °C (outside \(c.outdoorTemp ?? 0) °C")
                                + (c.crowded == true ? ctx.t("，人多", ", crowded") : "") + (c.raining == true ? ctx.t("，雨天", ", rain") : "")
                                + (c.dehumidify == true ? ctx.t("，除湿", ", dehumidifying") : "") + "）· "
                                + (c.dayType.map { ctx.t($0.title) } ?? "") + " · " + (c.shoeCovers.map { ctx.t($0.title) } ?? "")
                                + (c.umbrellaBagger == true ? ctx.t(" · 雨伞套袋机", " · umbrella bagger") : "") + (c.signage == true ? ctx.t(" · 指示标识", " · signage") : "")
                        }
                    }
                    let marks = c.markList
                    let abnormal = zip(c.lines, marks).filter { $0.1.state != .present }
                    if !abnormal.isEmpty {
                        H.ul(.class("plain")) { for (line, mark) in abnormal { H.li { H.span(.class("badge late")) { ctx.t(mark.state.title) }; " " + line.room + " " + line.item + " · " + (mark.note ?? "") } } }
                    }
                } else if keeps, d.house.inventoryVersion != nil {
                    H.p { H.a(.class("button"), .href(base + "/counts/new?kind=\(kind.rawValue)"), .id("start-\(kind.rawValue)")) { ctx.t("开始" + kind.title.zh, "Start the " + kind.title.en.lowercased()) } }
                } else {
                    H.p(.class("muted")) { ctx.t(kind.title) + ctx.t("：未做", ": not done") }
                }
            }
        }
    }

    static func batches(_ ctx: ViewContext, _ d: ShowHouseQueries.Day, form: FormState, base: String, keeps: Bool, time: LocalTime) -> Node {
        H.section(.class("card"), .id("batches")) {
            H.h2 { ctx.t("参观登记：\(d.batches.count) 批 \(d.visitors) 人；无销售陪同劝离 \(d.turnedAway) 人",
                         "Visitors: \(d.batches.count) batches, \(d.visitors) people; \(d.turnedAway) turned away without a sales person") }
            if !d.batches.isEmpty {
                H.table(.class("stack")) {
                    H.thead { H.tr { for h in ["#", ctx.t("陪同销售", "Sales"), ctx.t("送梯", "Sent up"), ctx.t("到达", "Arrived"), ctx.t("离开", "Left"), ctx.t("返回", "Returned"), ctx.t("情况", "Notes")] { H.th { h } } } }
                    H.tbody {
                        for b in d.batches {
                            H.tr(.id("batch-\(b.number)")) {
                                Layout.cell("#") { String(b.number); if b.mismatch { " "; H.span(.class("badge late")) { ctx.t("人数不符", "counts differ") } } }
                                Layout.cell(ctx.t("陪同销售", "Sales")) { b.salesName }
                                Layout.cell(ctx.t("送梯", "Sent up")) { "\(b.headcount) · " + String(time.dateTime(b.sentAt).suffix(5)) + " " + b.sentByName }
                                Layout.cell(ctx.t("到达", "Arrived")) { b.arrivedCount.map { "\($0) · " + String(time.dateTime(b.arrivedAt!).suffix(5)) } ?? "—" }
                                Layout.cell(ctx.t("离开", "Left")) { b.leftCount.map { "\($0) · " + String(time.dateTime(b.leftAt!).suffix(5)) } ?? "—" }
                                Layout.cell(ctx.t("返回", "Returned")) { b.returnedCount.map { "\($0) · " + String(time.dateTime(b.returnedAt!).suffix(5)) } ?? "—" }
                                Layout.cell(ctx.t("情况", "Notes")) { (b.noteList.map { ctx.t($0.title) } + [b.note].compactMap { $0 }).joined(separator: "；") }
                            }
                        }
                    }
                }
            }
            if keeps {
                for b in d.batches { if let next = b.next { stepForm(ctx, form, b, next) } }
                H.div(.class("cards no-print")) {
                    H.form(.class("card"), .method("post"), .action(base + "/batches"), .id("send-batch")) {
                        ctx.csrfField
                        H.h3 { ctx.t("大堂送梯登记", "Lobby: send a batch up") }
                        let sent = form.for(base + "/batches")
                        Form.input(ctx, sent, "salesName", label: ctx.t("陪同销售", "Sales person"), field: BatchInput.schema.field("salesName"), required: true)
                        Form.input(ctx, sent, "headcount", label: ctx.t("人数", "Headcount"), field: BatchInput.schema.field("headcount"), type: "number", required: true)
                        H.button(.id("send-batch-button")) { ctx.t("送梯", "Send up") }
                    }
                    H.form(.class("card"), .method("post"), .action(base + "/refusals"), .id("turn-away")) {
                        ctx.csrfField
                        H.h3 { ctx.t("无销售陪同，劝离至售楼处", "No sales person: turned away to the sales centre") }
                        let sent = form.for(base + "/refusals")
                        Form.input(ctx, sent, "headcount", label: ctx.t("人数", "Headcount"), field: RefusalInput.schema.field("headcount"), type: "number", required: true, scope: "refusal")
                        Form.input(ctx, sent, "note", label: ctx.t("备注", "Note"), field: RefusalInput.schema.field("note"), scope: "refusal")
                        H.button(.class("secondary"), .id("turn-away-button")) { ctx.t("登记劝离", "Record") }
                    }
                }
            }
        }
    }

    /// The one step a batch waits for: the show house confirms the arrival or counts it out (with its notes), the lobby confirms the return.
    static func stepForm(_ ctx: ViewContext, _ form: FormState, _ b: ShowHouseQueries.Batch, _ step: ShowHouseRules.BatchStep) -> Node {
        let action = "/visitor-batches/\(b.id)/\(step.rawValue)"
        let sent = form.for(action)
        let title: String = switch step {
        case .arrival: ctx.t("样板房确认第 \(b.number) 批到达（送梯 \(b.headcount) 人）", "Show house: batch \(b.number) arrived (\(b.headcount) sent)")
        case .departure: ctx.t("样板房登记第 \(b.number) 批离开", "Show house: batch \(b.number) leaves")
        case .return: ctx.t("大堂确认第 \(b.number) 批返回", "Lobby: batch \(b.number) is back")
        }
        return H.form(.class("card inline-step no-print"), .method("post"), .action(action), .id("batch-\(b.number)-\(step.rawValue)")) {
            ctx.csrfField
            H.h3 { title }
            Form.input(ctx, sent, "count", label: ctx.t("人数", "Headcount"), field: BatchCountInput.schema.field("count"), type: "number", value: String(b.headcount), required: true,
                       scope: "batch-\(b.number)")
            if step == .departure {
                H.div(.class("choices")) { for note in BatchNote.allCases { Form.checkbox(sent, "notes[]", label: ctx.t(note.title), value: note.rawValue, checked: false) } }
                Form.input(ctx, sent, "note", label: ctx.t("备注", "Note"), field: BatchCountInput.schema.field("note"), scope: "batch-\(b.number)")
            }
            H.button(.class("secondary")) { ctx.t("确认", "Confirm") }
        }
    }

    static func feedback(_ ctx: ViewContext, _ d: ShowHouseQueries.Day, form: FormState, base: String, keeps: Bool, time: LocalTime) -> Node {
        H.section(.class("card"), .id("feedback")) {
            H.h2 { ctx.t("客户意见、建议与评价", "Guests' opinions, suggestions and evaluations") }
            if d.feedback.isEmpty { H.p(.class("muted")) { ctx.t("当天暂无", "None this day") } }
            H.ul(.class("plain")) {
                for f in d.feedback {
                    H.li {
                        H.span(.class("badge")) { ctx.t(f.kind.title) }
                        (f.rating.map { " " + String(repeating: "★", count: $0) + String(repeating: "☆", count: 5 - $0) } ?? "") + " " + f.text
                        H.small(.class("muted")) { " · " + (f.guestName ?? ctx.t("客人", "guest")) + (f.batchNumber.map { ctx.t(" · 第 \($0) 批", " · batch \($0)") } ?? "") + " · " + f.recordedByName }
                        if let item = f.serviceItemID { " "; H.a(.href("/service-items/\(item)")) { f.referenceNo ?? "" } }
                    }
                }
            }
            if keeps {
                let sent = form.for(base + "/feedback")
                let schema = FeedbackInput.schema
                H.details(.class("no-print"), .when(sent.isRefused, .flag("open"))) {
                    H.summary { ctx.t("登记客户意见", "Record what a guest said") }
                    H.form(.method("post"), .action(base + "/feedback"), .id("feedback-form")) {
                        ctx.csrfField
                        Form.select(ctx, sent, "kind", label: ctx.t("类别", "Kind"), options: FeedbackKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, prompt: ctx.t("请选择", "Choose"), required: true)
                        Form.select(ctx, sent, "rating", label: ctx.t("评分（评价必填）", "Rating (for an evaluation)"), options: (1...5).reversed().map { (String($0), String(repeating: "★", count: $0)) },
                                    prompt: "—")
                        Form.textarea(ctx, sent, "text", label: ctx.t("内容", "What the guest said"), field: schema.field("text"), required: true)
                        Form.input(ctx, sent, "guestName", label: ctx.t("客人姓名", "Guest's name"), field: schema.field("guestName"))
                        Form.input(ctx, sent, "guestPhone", label: ctx.t("联系电话（投诉必填，以便回访）", "Phone (needed for a complaint's callback)"), field: schema.field("guestPhone"), type: "tel")
                        Form.select(ctx, sent, "batchID", label: ctx.t("参观批次", "Batch"), options: d.batches.map { ($0.id.text, ctx.t("第 \($0.number) 批 · \($0.salesName)", "Batch \($0.number) · \($0.salesName)")) }, prompt: "—")
                        H.button(.id("save-feedback")) { ctx.t("登记", "Record") }
                    }
                }
            }
        }
    }

    struct ClosingOptions { let posts: [(id: UUID, name: String)]; let guards: [ServiceQueries.Colleague] }

    static func closingOptions(property: UUID, on db: any Database) async throws -> ClosingOptions {
        ClosingOptions(posts: try await ShowHouseQueries.securityPosts(propertyID: property, on: db),
                       guards: try await ServiceQueries.colleagues(propertyID: property, department: .security, on: db))
    }

    static func closing(_ ctx: ViewContext, _ d: ShowHouseQueries.Day, form: FormState, base: String, options: ClosingOptions?, actor: Actor, time: LocalTime) -> Node {
        H.section(.class("card"), .id("closing")) {
            H.h2 { ctx.t("闭馆与当日工作记录", "Closing and the day's record") }
            if let c = d.closing {
                H.p { ctx.t("闭馆：", "Closed: ") + time.dateTime(c.closedAt) + " · " + c.closedByName; " "; H.span(.class(c.status == .signed ? "badge h-accepted" : "badge s-out")) { ctx.t(c.status.title) } }
                H.p { ClosingCheck.allCases.map { "✓ " + ctx.t($0.title) }.joined(separator: "　") }
                H.p { ctx.t("钥匙交 ", "Keys to ") + c.keysPostName + " " + c.keysGuardName + (c.keysReceivedAt.map { ctx.t("，已确认接收 ", ", confirmed ") + time.dateTime($0) } ?? ctx.t("，待确认", ", not yet confirmed")) }
                H.h3 { ctx.t("当日工作记录", "The day's work") }
                H.p(.class("pre")) { c.workLog }
                if let by = c.reviewedByName, let at = c.reviewedAt {
                    H.p { ctx.t("审核：", "Signed: ") + by + " · " + time.dateTime(at) + (c.reviewNote.map { " · " + $0 } ?? "") }
                    if let signature = c.reviewSignature { H.img(.attr("src", signature), .attr("alt", ctx.t("签名", "Signature")), .class("signature")) }
                }
                if c.keysReceivedAt == nil, c.keysGuardID == actor.id {
                    Layout.postButton(ctx, action: "/show-house-days/\(c.id)/keys-received", label: ctx.t("确认已接收钥匙", "Confirm I have the keys"), style: "primary")
                }
                if c.keysReceivedAt != nil, c.reviewedAt == nil, ctx.may(.reviewShowHouseDay, at: d.house.propertyID), c.closedByID != actor.id {
                    H.form(.class("no-print"), .method("post"), .action("/show-house-days/\(c.id)/review"), .id("review-form")) {
                        ctx.csrfField
                        let sent = form.for("/show-house-days/\(c.id)/review")
                        Form.textarea(ctx, sent, "note", label: ctx.t("审核意见（可选）", "Note (optional)"), field: DayReviewInput.schema.field("note"))
                        SignaturePad.field(ctx, sent, legend: ctx.t("签名（可选）", "Signature (optional)"), typed: ctx.t("或输入姓名作为签名", "Or type your name as the signature"), hint: nil)
                        H.button(.id("sign-day")) { ctx.t("审核签字，关闭当日", "Sign and close the day") }
                    }
                }
            } else if options != nil, !d.counts.contains(where: { $0.kind == .closing }) {
                H.p(.class("muted")) { ctx.t("完成闭馆清点后在此闭馆：逐项确认门窗、灯、空调、音响、总闸，钥匙交安管岗。", "After the closing count, close here: confirm doors, windows, lights, air conditioning, audio and the main switch, and hand the keys to security.") }
            } else if let options {
                let sent = form.for(base + "/closing")
                H.form(.class("no-print"), .method("post"), .action(base + "/closing"), .id("closing-form")) {
                    ctx.csrfField
                    H.fieldset(.class(sent.problem("checks") == nil ? "choices" : "choices invalid"), .id(Form.fieldID("checks"))) {
                        H.legend { ctx.t("闭馆检查（逐项确认）", "Closing routine (confirm each)") }
                        for check in ClosingCheck.allCases { Form.checkbox(sent, "checks[]", label: ctx.t(check.title), value: check.rawValue, checked: false) }
                        if let problem = sent.problem("checks") { H.p(.class("field-error")) { ctx.t(problem.message); Form.basis(ctx, problem.rule) } }
                    }
                    Form.textarea(ctx, sent, "workLog", label: ctx.t("当日工作记录", "The day's work"), field: ClosingInput.schema.field("workLog"), required: true, rows: 4)
                    Form.select(ctx, sent, "keysPostID", label: ctx.t("钥匙交至", "Keys to the post"), options: options.posts.map { ($0.id.text, $0.name) },
                                selected: options.posts.first { $0.name.contains("005") }?.id.text, required: true)
                    Form.select(ctx, sent, "keysGuardID", label: ctx.t("接钥匙的安管员", "The guard who takes them"), options: options.guards.map { ($0.id.text, $0.name + " · " + ctx.t($0.rank.title)) },
                                prompt: ctx.t("请选择", "Choose"), required: true)
                    H.button(.id("close-house")) { ctx.t("闭馆", "Close") }
                }
            } else {
                H.p(.class("muted")) { ctx.t("尚未闭馆", "Not closed yet") }
            }
        }
    }
}
