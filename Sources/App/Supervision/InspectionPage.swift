import Fluent
import Vapor

/// 样板房巡查 on a phone (SH-30): each checklist item pass, fail or flag,
/// with a note and photos; the inspection afterwards, where each failed
/// item opens a rectification notice in one step (SH-31).
enum InspectionPage {
    /// What the page's form sends: photos as files.
    struct Sent: CheckedInput, Content {
        var results: [InspectionInput.Result]?
        var note: String?
        var photos: [File]?
        static let schema = InputSchema("InspectionForm", InspectionInput.fields + [("photos", Upload.files(label: Text("照片", "photos"), rule: "SH-30"))])
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get("show-houses", ":showHouseID", "inspections", "new") { req in try await new(req, form: .blank) }
        pages.uploadForm("show-houses", ":showHouseID", "inspections", "new", megabytes: 36) { req in
            try await req.formAction(render: { try await new(req, form: $0) }) {
                let sent = try req.input(Sent.self)
                let photos = try (sent.photos ?? []).compactMap { try Upload.file($0, field: "photos", rule: "SH-30") }
                let made = try await Inspections.record(showHouseID: req.parameters.get("showHouseID", as: UUID.self), InspectionInput(results: sent.results, note: sent.note),
                                                        photos: photos, on: req)
                let failed = made.resultList.filter { $0.result != .pass }.count
                return (Text("已登记巡查" + (failed > 0 ? "，\(failed) 项待整改" : "，全部合格"), "Inspection recorded" + (failed > 0 ? "; \(failed) items to put right" : "; all passed")),
                        "/inspections/\(made.id!)")
            }
        }
        pages.get("inspections", ":inspectionID") { req in try await show(req, form: .blank) }
        pages.get("inspections", ":inspectionID", "photos", ":attachmentID") { req async throws -> Response in
            let found = try await Inspections.find(req.parameters.get("inspectionID", as: UUID.self), on: req.db)
            _ = try await req.property(found.$property.id, for: try req.actor, action: .viewShowHouses)
            return try await Attachments.response(req.parameters.get("attachmentID", as: UUID.self), of: Inspection.auditType, found.id!, on: req.db)
        }
        pages.post("inspections", ":inspectionID", "notices") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let made = try await Inspections.raiseNotice(inspectionID: req.parameters.get("inspectionID", as: UUID.self), try req.input(InspectionNoticeInput.self), on: req)
                return (Text("已开出整改通知单 \(made.referenceNo)", "Notice \(made.referenceNo) issued"), RectificationNotices.link(made))
            }
        }
    }

    static func new(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let (house, property) = try await ShowHouses.house(req.parameters.get("showHouseID", as: UUID.self), for: actor, action: .inspectShowHouse, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let items = try await Inspections.items(.inspection, property: property.id, on: req.db)
        let title = house.name + " · " + ctx.t("巡查", "Inspection")
        return Layout.page(ctx, title: title) {
            H.h1 { title }
            H.p(.class("muted")) {
                ctx.t("主管、领班每天至少巡查两次。逐项检查；不合格或需关注的写明情况，不合格须拍照。保存后可对不合格项一步开出整改通知单。",
                      "Supervisors and foremen inspect at least twice a day. Mark each item; say what is wrong with a fail or a flag, and photograph a fail. Afterwards a failed item opens a rectification notice in one step.")
            }
            Form.problems(ctx, form)
            H.form(.class("card"), .method("post"), .action("/show-houses/\(house.id!)/inspections/new"), .attr("enctype", "multipart/form-data"), .data("once", "1"), .id("inspection-form")) {
                ctx.csrfField
                for (index, item) in items.enumerated() {
                    Form.checklistLine(ctx, form, list: "results", index: index, item: item, choice: "result",
                                       options: InspectionMark.allCases.map { ($0.rawValue, ctx.t($0.title)) }, selected: nil, requiredOn: InspectionMark.pass.rawValue,
                                       note: Text("问题说明", "What is wrong"), id: "item-\(index)")
                }
                Form.textarea(ctx, form, "note", label: ctx.t("备注", "Note"), field: InspectionInput.schema.field("note"))
                Form.row(ctx, form, "photos", label: ctx.t("照片（最多 \(Upload.maxCount) 张）", "Photos (up to \(Upload.maxCount))"),
                         hint: form.wasSent ? ctx.t("请重新选择照片", "Choose the photos again") : nil) { id, problem in
                    H.input([.type("file"), .name("photos[]"), .id(id), .attr("accept", "image/jpeg,image/png,image/webp"), .attr("capture", "environment"), .flag("multiple")] + problem)
                }
                H.button(.id("save-inspection")) { ctx.t("提交巡查记录", "Save the inspection") }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let found = try await Inspections.find(req.parameters.get("inspectionID", as: UUID.self), on: req.db)
        let property = try await req.property(found.$property.id, for: actor, action: .viewShowHouses)
        let ctx = try await req.viewContext(propertyID: property.id)
        let time = property.localTime
        let v = try await SupervisionQueries.inspectionViews([found], on: req.db)[0]
        let base = "/inspections/\(v.id)"
        let mayIssue = ctx.may(.issueRectification, at: property.id)
        return Layout.page(ctx, title: v.showHouse + " · " + ctx.t("巡查记录", "Inspection")) {
            H.p(.class("print-only")) { H.strong { "《样板房巡查记录》" }; "　" + property.name }
            H.h1 { v.showHouse + " · " + ctx.t("巡查记录", "Inspection") }
            H.p(.class("no-print")) {
                H.a(.class("strong-link"), .href("/show-houses/\(v.showHouseID)")) { ctx.t("← 样板房当日记录", "← The show house's day") }
                " "
                H.button(.data("print", "1"), .class("secondary")) { ctx.t("打印", "Print") }
            }
            H.p { v.inspectedBy + " · " + time.dateTime(v.inspectedAt) + " · " + ctx.t("检查表第 \(v.checklistVersion) 版", "checklist version \(v.checklistVersion)") }
            Form.problems(ctx, form)
            H.section(.class("card")) {
                H.ol(.id("inspection-results"), .class("tap-list")) {
                    for (index, r) in v.results.enumerated() {
                        H.li {
                            H.span(.class("badge" + (r.result == .pass ? " h-accepted" : r.result == .fail ? " overdue" : " waiting"))) { ctx.t(r.result.title) }
                            " " + r.item + (r.note.map { " —— " + $0 } ?? "")
                            if let no = r.noticeNo, let id = r.rectificationID { " · "; H.a(.href("/rectification-notices/\(id)")) { ctx.t("整改通知单 ", "notice ") + no } }
                            else if r.result != .pass, mayIssue {
                                H.form(.method("post"), .action(base + "/notices"), .class("inline no-print"), .id("raise-\(index)")) {
                                    ctx.csrfField
                                    H.input(.type("hidden"), .name("item"), .value(String(index)))
                                    H.div(.class("field")) {
                                        H.label(.for("item-\(index)-department")) { ctx.t("整改部门", "Department") }
                                        H.el("select", [.name("department"), .id("item-\(index)-department")]) {
                                            for d in DepartmentCode.staffDepartments { H.option(.value(d.rawValue), .when(d == .customerService, .selected)) { ctx.t(d.title) } }
                                        }
                                    }
                                    Form.input(ctx, form, "requirement", label: ctx.t("整改要求", "Required"), field: InspectionNoticeInput.schema.field("requirement"), required: true,
                                               scope: "item-\(index)")
                                    Form.input(ctx, form, "deadline", label: ctx.t("期限", "Deadline"), type: "datetime-local", value: time.inputValue(ctx.now.addingTimeInterval(86_400)),
                                               required: true, scope: "item-\(index)")
                                    H.button(.class("secondary")) { ctx.t("开出整改通知单", "Issue a notice") }
                                }
                            }
                        }
                    }
                }
                if let note = v.note { H.p(.class("pre")) { note } }
                if !v.photos.isEmpty {
                    H.div(.class("thumbs")) {
                        for photo in v.photos { H.a(.href(base + "/photos/\(photo)")) { H.img(.attr("src", base + "/photos/\(photo)"), .class("thumb"), .attr("alt", ctx.t("巡查照片", "Photo"))) } }
                    }
                }
            }
        }
    }
}
