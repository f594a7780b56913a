import Vapor

/// The form a manager writes a duty with: new on the compliance page,
/// edited on the duty's own page (from the next occurrence).
enum DutyForm {
    /// What the page's form sends: numbers as typed.
    struct Sent: CheckedInput, Content {
        var kind: String?, showHouseID: String?, postID: String?, department: String?, minimumRank: String?, cadence: String?, windows: String?
        var everyMinutes: String?, weekday: String?, monthDay: String?, graceMinutes: String?

        static let schema = InputSchema("DutyForm", DutyInput.schema.fields.map { name, field in
            ["everyMinutes", "weekday", "monthDay", "graceMinutes"].contains(name) ? (name, .text(4, pattern: "^[0-9]{0,4}$", label: field.label, rule: "X-2")) : (name, field)
        })

        var input: DutyInput {
            DutyInput(kind: kind, showHouseID: showHouseID, postID: postID, department: department, minimumRank: minimumRank, cadence: cadence, windows: windows,
                      everyMinutes: Input.text(everyMinutes).flatMap(Int.init), weekday: Input.text(weekday).flatMap(Int.init),
                      monthDay: Input.text(monthDay).flatMap(Int.init), graceMinutes: Input.text(graceMinutes).flatMap(Int.init))
        }
    }

    static func fields(_ ctx: ViewContext, _ form: FormState, duty: Duty?) -> Node {
        let schema = DutyInput.schema
        return H.div {
            Form.select(ctx, form, "department", label: ctx.t("负责部门", "Department"), options: DepartmentCode.staffDepartments.map { ($0.rawValue, ctx.t($0.title)) },
                        selected: duty?.department.rawValue, required: true)
            Form.select(ctx, form, "minimumRank", label: ctx.t("职级（以上）", "Rank (or above)"), options: Rank.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                        selected: duty?.minimumRank.rawValue ?? Rank.staff.rawValue)
            Form.select(ctx, form, "cadence", label: ctx.t("周期", "How often"), options: DutyCadence.allCases.map { ($0.rawValue, ctx.t($0.title)) },
                        selected: duty?.cadence.rawValue ?? DutyCadence.daily.rawValue, required: true)
            Form.input(ctx, form, "windows", label: ctx.t("时间", "Times"), field: schema.field("windows"), value: duty?.windows, required: true,
                       hint: ctx.t("每天：08:30-09:00,13:00-18:00；每隔：18:00-08:30；每周/每月：17:00", "Daily: 08:30-09:00,13:00-18:00; every N minutes: 18:00-08:30; weekly/monthly: 17:00"))
            Form.input(ctx, form, "everyMinutes", label: ctx.t("间隔分钟（每隔）", "Every how many minutes"), type: "number", value: duty?.everyMinutes.map(String.init),
                       extra: [.attr("min", "5"), .attr("max", "720"), .attr("inputmode", "numeric")])
            Form.input(ctx, form, "weekday", label: ctx.t("星期几（每周，1–7）", "Weekday (weekly, 1–7)"), type: "number", value: duty?.weekday.map(String.init),
                       extra: [.attr("min", "1"), .attr("max", "7"), .attr("inputmode", "numeric")])
            Form.input(ctx, form, "monthDay", label: ctx.t("几号（每月，1–28）", "Day of month (monthly, 1–28)"), type: "number", value: duty?.monthDay.map(String.init),
                       extra: [.attr("min", "1"), .attr("max", "28"), .attr("inputmode", "numeric")])
            Form.input(ctx, form, "graceMinutes", label: ctx.t("宽限分钟", "Grace in minutes"), type: "number", value: (duty?.graceMinutes ?? 30).description, required: true,
                       extra: [.attr("min", "0"), .attr("max", "1440"), .attr("inputmode", "numeric")])
        }
    }

    static func create(_ ctx: ViewContext, _ form: FormState, property: PropertyInfo, houses: [ShowHouse], posts: [Post]) -> Node {
        let action = "/properties/\(property.id)/duties"
        let form = form.for(action)
        return H.details(.class("card no-print"), .when(form.isRefused, .attr("open", "open"))) {
            H.summary { ctx.t("新增职责", "Add a duty") }
            H.form(.method("post"), .action(action), .id("duty-create")) {
                ctx.csrfField
                Form.select(ctx, form, "kind", label: ctx.t("职责类别", "Duty"), options: DutyKind.allCases.map { ($0.rawValue, ctx.t($0.title)) }, required: true)
                Form.select(ctx, form, "showHouseID", label: ctx.t("样板房（整个项目的职责不选）", "Show house (none for the whole property)"),
                            options: houses.map { ($0.id!.uuidString, $0.name) }, prompt: ctx.t("— 整个项目 —", "— the whole property —"))
                Form.select(ctx, form, "postID", label: ctx.t("岗位（岗位交接班）", "Post (shift handovers)"), options: posts.map { ($0.id!.uuidString, $0.name) },
                            prompt: ctx.t("— 无 —", "— none —"))
                fields(ctx, form, duty: nil)
                H.button(.id("duty-create-button")) { ctx.t("设定职责", "Set the duty") }
            }
        }
    }
}
