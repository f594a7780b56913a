#!/usr/bin/env python3
"""The service desk (客服工单) and the shift handover sheets (交接班) on the
bench DB: ten years of each, then the desk's list, a day's sheets and
recording items through the API.

    service_desk.py load DB PROPERTY_ID [--years 10] [--per-day 30]
    service_desk.py measure BASE TOKEN PROPERTY_ID [--seconds S] [--clients N] [--requests R]

load (a LOAD FIXTURE, like load.py and violations.py: rows bypass the app and
its audit chain):
  * YEARS x 365 x PER_DAY service items at PROPERTY_ID in every state: the
    old ones closed the way their kind closes (a complaint after its
    callback, a repair after someone else checked it), the last weeks' open,
    assigned (with a follow-up person and a due time, some overdue) or done;
    some with notes. Numbered KF-YYYY-NNNN per property and year (the year on
    the property's clock), after any numbers the year already has, as the app
    numbers them: the app's next number is the count of the prefix plus one.
  * For every post of the property, its version-1 checklist (the existing one
    when the post has it), and per day a day and a night sheet, accepted
    (reviewed except for the last two days), skipping any (post, day, shift)
    that already has one (the demo's last two weeks).
  Prints one JSON line with the counts and seconds.

measure:
  1. The desk's list, one request at a time, first page: the open items (the
     default view), all of them, and all of them searched for 漏水: p50, p95,
     p99, with the total each counts.
  2. The property's handover sheets of one day about five years ago: p50, p95, p99.
  3. Recording items (a request by phone, no photo) from N clients for S
     seconds: items/s (each is the item, its number, one audit event).
  Prints the figures and one line "BENCH_JSON {...}".
"""
import datetime
import json
import random
import time
import urllib.parse

from api_client import Client, figures, run_steps, timed_gets, write_for
from fixture import uid, ms, compact, open_property

DAY = 86400.0
RANKS = ["staff", "foreman", "supervisor", "manager", "leadership"]
DEPARTMENTS = ["customer_service", "engineering", "security"]
KINDS = ["complaint"] * 20 + ["request"] * 30 + ["repair"] * 30 + ["opinion"] * 10 + ["incident"] * 10
SOURCES = ["phone"] * 40 + ["walk_in"] * 30 + ["show_house"] * 10 + ["after_hours"] * 20
WORDS = {
    "complaint": ["楼上装修噪音扰民", "快递堆放在大堂无人管理", "保洁不及时，垃圾桶满溢", "车位被外来车辆占用", "门岗保安态度生硬",
                  "晚上十点后广场仍有人跳广场舞", "楼上漏水多次报修仍未解决"],
    "request": ["更换门禁卡", "开具装修证明", "借用活动室", "代收快递", "预约看房", "办理车位月卡"],
    "repair": ["卫生间天花板漏水", "厨房水龙头漏水", "楼上漏水到客厅", "电梯按钮失灵", "门禁读卡器无反应", "走廊灯不亮", "地下车库排水沟堵塞"],
    "opinion": ["建议增加儿童游乐设施", "建议延长泳池开放时间", "建议在南门增设快递柜", "建议公告栏同时发到业主群"],
    "incident": ["样板房物品缺失", "巡查发现消防通道堆放杂物", "地下车库漏水积水", "监控画面中断", "电梯困人，已解困"],
}
GUESTS = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士", "黄先生", "赵女士"]
PLANS = {"minor": "电话致歉并说明处理办法", "ordinary": "主管上门沟通，约定整改时间", "serious": "经理牵头，三日内书面答复"}
NOTES = ["已电话联系客户，约定上门时间", "已到现场查看，需采购配件", "配件已到，明日上门", "已与相关业主沟通"]
CHECKLISTS = {
    "customer_service": [{"hint": "清点并核对台账", "title": "钥匙柜"}, {"hint": "电量、频道", "title": "对讲机"}, {"hint": "记录完整", "title": "客户登记本"}],
    "security": [{"hint": "电量、频道", "title": "对讲机"}, {"title": "巡更棒"}, {"title": "手电筒"}, {"hint": "访客、施工人员登记完整", "title": "门岗登记本"}],
    "cleaning": [{"hint": "无积水、无污渍", "title": "大堂地面"}, {"title": "垃圾桶"}, {"hint": "数量齐全", "title": "清洁工具"}],
    "engineering": [{"hint": "运行正常", "title": "水泵房"}, {"hint": "无报警", "title": "配电房"}, {"title": "工具间"}],
}
DEFAULT_CHECKLIST = [{"hint": "电量、频道", "title": "对讲机"}, {"title": "工作记录本"}]
LOGS = {
    "day": ["接待来访 {n} 批，无投诉；下午例行巡查一次。", "处理报修 {n} 项，均已派单。", "白班巡查 {n} 次，无异常。"],
    "night": ["夜间巡查 {n} 次，无异常。", "夜间接报 {n} 起，已记录待早班处理。"],
}


def load(args):
    started = time.time()
    prop = args.property
    con, zone = open_property(args.db, prop, "service_desk.py")
    # The property's active staff: id, department code, rank.
    people = con.execute("""SELECT s.id, d.code, s.rank FROM staff s JOIN departments d ON d.id = s.department_id
        JOIN staff_properties p ON p.staff_id = s.id AND p.property_id = ? WHERE s.is_active = 1 ORDER BY s.username""", (prop,)).fetchall()
    if len(people) < 2:
        raise SystemExit("service_desk.py: the property needs two active staff (run `wuye demo` first)")
    everyone = [p[0] for p in people]
    of_dept = {}
    leads = {}  # foreman or above, by department
    for pid, code, rank in people:
        of_dept.setdefault(code, []).append(pid)
        if RANKS.index(rank) >= 1:
            leads.setdefault(code, []).append(pid)
    all_leads = [p[0] for p in people if RANKS.index(p[2]) >= 1] or everyone
    supervisors = {code: [p[0] for p in people if p[1] == code and RANKS.index(p[2]) >= 2] for code in {p[1] for p in people}}

    def pick(rnd, pool, fallback, not_in=()):
        choices = [x for x in pool if x not in not_in] or [x for x in fallback if x not in not_in] or fallback
        return rnd.choice(choices)

    customers = con.execute("""SELECT c.id, (SELECT u.unit_id FROM customer_units u WHERE u.customer_id = c.id AND u.ended_on IS NULL LIMIT 1)
        FROM customers c WHERE c.property_id = ? LIMIT 2000""", (prop,)).fetchall()
    units = [r[0] for r in con.execute("SELECT id FROM units WHERE property_id = ? LIMIT 2000", (prop,))]
    rnd = random.Random(9)
    now = time.time()

    # ---- service items ------------------------------------------------------------
    items, notes = [], []
    days = args.years * 365
    for d in range(days):
        for _ in range(args.per_day):
            raised = now - (d + rnd.random()) * DAY
            age = now - raised
            kind = rnd.choice(KINDS)
            source = "record" if kind == "incident" else rnd.choice(SOURCES)
            if kind == "repair":
                department = "engineering"
            elif kind == "incident":
                department = rnd.choice(DEPARTMENTS)
            else:
                department = "security" if source == "after_hours" else "customer_service"
            checked_kind = kind in ("complaint", "repair")  # these wait for a callback or a check after "done"
            if age < 3 * DAY:
                status = rnd.choice(["open", "open", "assigned", "assigned", "done" if checked_kind else "assigned"])
            elif age < 20 * DAY:
                status = rnd.choice(["closed"] * 7 + ["assigned"] * 2 + ["done" if checked_kind else "closed"])
            else:
                status = "closed"
            urgent = 1 if rnd.random() < 0.05 else 0
            customer = unit = guest = phone = None
            who = rnd.random()
            if kind != "incident":
                if who < 0.25 and customers:
                    customer, unit = rnd.choice(customers)
                elif who < 0.75 or kind == "complaint" or not units:
                    guest, phone = rnd.choice(GUESTS), f"139{rnd.randrange(10 ** 8):08d}"
                    unit = rnd.choice(units) if units and rnd.random() < 0.5 else None
                else:
                    unit = rnd.choice(units)
            raiser_dept = "security" if source == "after_hours" else "customer_service"
            raised_by = rnd.choice(everyone) if kind == "incident" else pick(rnd, of_dept.get(raiser_dept, []), everyone)

            def later(t, hours):
                """hours after t, but never past now: recent items squeeze their steps into the time there was."""
                return min(t + hours * 3600, t + (now - t) * 0.5)

            owner = due = severity = plan = assigned_by = assigned_at = None
            done_by = done_at = done_note = checked_by = checked_at = outcome = check_note = closed_at = None
            reopened = 0
            if status != "open":
                owner = pick(rnd, of_dept.get(department, []), everyone)
                if kind == "complaint":
                    severity = rnd.choice(["minor", "minor", "ordinary", "serious"])
                    plan = PLANS[severity]
                    assigned_by = pick(rnd, supervisors.get("customer_service", []), all_leads)
                else:
                    assigned_by = pick(rnd, leads.get(department, []), all_leads)
                assigned_at = later(raised, rnd.uniform(0.2, 4))
                due = assigned_at + rnd.choice([1, 2, 3]) * DAY
            if status in ("done", "closed"):
                done_by = owner
                done_at = later(assigned_at, rnd.uniform(2, 48))
                done_note = "已处理完毕" if kind != "repair" else "已更换配件，试用正常"
            if status == "closed":
                if kind == "complaint":
                    checked_by = pick(rnd, of_dept.get("customer_service", []), everyone)
                    checked_at = later(done_at, rnd.uniform(12, 48))
                    outcome, check_note = "satisfied", "客户表示满意"
                    reopened = 1 if rnd.random() < 0.05 else 0
                    closed_at = checked_at
                elif kind == "repair":
                    checked_by = raised_by if raised_by != done_by else pick(rnd, of_dept.get("customer_service", []), everyone, not_in=(done_by,))
                    checked_at = later(done_at, rnd.uniform(1, 24))
                    outcome = "satisfied"
                    reopened = 1 if rnd.random() < 0.03 else 0
                    closed_at = checked_at
                else:
                    closed_at = done_at
            item_id = uid()
            items.append([item_id, prop, None, kind, source, urgent, rnd.choice(WORDS[kind]), customer, unit, guest, phone,
                          raised_by, ms(raised), department, None, status, owner, ms(due), severity, plan, assigned_by, ms(assigned_at),
                          done_by, ms(done_at), done_note, checked_by, ms(checked_at), outcome, check_note, reopened, ms(closed_at)])
            if owner and rnd.random() < 0.3:
                end = done_at or now
                for _ in range(rnd.choice([1, 1, 2])):
                    notes.append((uid(), prop, item_id, rnd.choice(NOTES), owner, ms(assigned_at + (end - assigned_at) * rnd.uniform(0.1, 0.9))))
    # KF-YYYY-NNNN: the year on the property's clock; each year's numbers run on from those it already has, oldest first.
    by_year = {}
    for item in items:
        by_year.setdefault(datetime.datetime.fromtimestamp(item[12], zone).year, []).append(item)
    for year, rows in by_year.items():
        taken = con.execute("SELECT COUNT(*) FROM service_items WHERE property_id = ? AND reference_no LIKE ?", (prop, f"KF-{year}-%")).fetchone()[0]
        rows.sort(key=lambda r: r[12])
        for n, item in enumerate(rows):
            item[2] = f"KF-{year}-{taken + n + 1:04d}"
    con.executemany("""INSERT INTO service_items (id, property_id, reference_no, kind, source, urgent, description, customer_id, unit_id, guest_name,
        guest_phone, raised_by_id, raised_at, department, pending_department, status, owner_id, due_at, severity, plan, assigned_by_id, assigned_at,
        done_by_id, done_at, done_note, checked_by_id, checked_at, outcome, check_note, reopen_count, closed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", items)
    con.executemany("INSERT INTO service_item_notes (id, property_id, item_id, text, written_by_id, written_at) VALUES (?, ?, ?, ?, ?, ?)", notes)

    # ---- handover sheets ------------------------------------------------------------
    posts = con.execute("SELECT p.id, d.code FROM posts p JOIN departments d ON d.id = p.department_id WHERE p.property_id = ? ORDER BY p.name",
                        (prop,)).fetchall()
    keys_in = con.execute("SELECT COUNT(*) FROM room_keys WHERE property_id = ? AND status = 'in_cabinet'", (prop,)).fetchone()[0]
    today = datetime.datetime.fromtimestamp(now, zone).date()
    templates, sheets, entries = [], [], []
    for post_id, code in posts:
        found = con.execute("SELECT id, items FROM handover_templates WHERE post_id = ? AND version = 1", (post_id,)).fetchone()
        if found:
            template_id, checklist = found[0], json.loads(found[1])
        else:
            template_id, checklist = uid(), CHECKLISTS.get(code, DEFAULT_CHECKLIST)
            templates.append((template_id, prop, post_id, 1, compact(checklist), pick(rnd, leads.get(code, []), all_leads),
                              ms(now - (days + 30) * DAY)))
        existing = set(con.execute("SELECT day, shift FROM handover_sheets WHERE post_id = ?", (post_id,)))
        crew = list(of_dept.get(code, []))
        if len(crew) < 2:
            crew += [p for p in everyone if p not in crew]
        for d in range(days):
            date = today - datetime.timedelta(days=d)
            day = date.isoformat()
            for shift in ("day", "night"):
                if (day, shift) in existing:
                    continue
                # The day shift hands over at 17:40; the night, dated the day it began, at 07:40 the next morning.
                at = datetime.datetime.combine(date if shift == "day" else date + datetime.timedelta(days=1),
                                               datetime.time(17, 40) if shift == "day" else datetime.time(7, 40), zone)
                signed = at.timestamp()
                if signed + 1800 >= now:
                    continue
                outgoing = rnd.choice(crew)
                incoming = rnd.choice([p for p in crew if p != outgoing])
                marks = [{"ok": True} for _ in checklist]
                if len(marks) > 1 and rnd.random() < 0.05:
                    marks[rnd.randrange(len(marks))] = {"note": "电量不足，已充电", "ok": False}
                reviewer = reviewed_at = None
                if d >= 2:
                    reviewer = pick(rnd, leads.get(code, []), all_leads, not_in=(outgoing, incoming))
                    reviewed_at = datetime.datetime.combine(at.date() + datetime.timedelta(days=1), datetime.time(9, 0), zone).timestamp()
                refused = rnd.random() < 0.01
                sheet_id = uid()
                cabinet = keys_in if code == "customer_service" else None
                sheets.append((sheet_id, prop, post_id, template_id, day, shift, "accepted", outgoing, ms(signed - 900), compact(marks),
                               rnd.choice(LOGS[shift]).format(n=rnd.randrange(3, 15)), "[]", cabinet, cabinet, incoming, ms(signed), None,
                               ms(signed + 600), None, 1 if refused else 0, None, reviewer, ms(reviewed_at)))
                position = 0

                def entry(kind, text, writer, t):
                    nonlocal position
                    position += 1
                    entries.append((uid(), prop, sheet_id, position, kind, text, writer, ms(t)))
                if refused:
                    entry("refusal", "对讲机少一台，不能接班", incoming, signed + 300)
                    entry("answer", "对讲机借给监控室，已取回", outgoing, signed + 420)
                    entry("resolution", "已补齐对讲机，可以接班", reviewer or pick(rnd, all_leads, everyone, not_in=(outgoing, incoming)), signed + 540)
                elif rnd.random() < 0.02:
                    entry("question", "昨晚的报修是否已派单？", incoming, signed + 200)
                    entry("answer", "已派给工程部，明早处理", outgoing, signed + 300)
    con.executemany("INSERT INTO handover_templates (id, property_id, post_id, version, items, edited_by_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    templates)
    con.executemany("""INSERT INTO handover_sheets (id, property_id, post_id, template_id, day, shift, status, outgoing_id, started_at, marks, work_log,
        carried, cabinet_expected, cabinet_counted, incoming_id, offered_at, outgoing_signature, accepted_at, incoming_signature, refusal_count,
        refusal_reason, reviewed_by_id, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", sheets)
    con.executemany("INSERT INTO handover_entries (id, property_id, sheet_id, position, kind, text, written_by_id, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    entries)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({"service_items": len(items), "service_item_notes": len(notes), "open": sum(1 for i in items if i[15] != "closed"),
                      "posts": len(posts), "handover_templates": len(templates), "handover_sheets": len(sheets), "handover_entries": len(entries),
                      "seconds": round(time.time() - started, 1)}))


def measure(args):
    client = Client(args.base, args.token)
    base = f"/api/v1/properties/{args.property}/service-items"
    result = {"list": {}}
    for name, query in (("open", ""), ("all", "?status=all"), ("search", "?status=all&q=" + urllib.parse.quote("漏水"))):
        times, reply = timed_gets(client, base + query, args.requests)
        result["list"][name] = {"total": reply["total"], **figures(times)}
        r = result["list"][name]
        print(f"desk list ({name}{' 漏水' if name == 'search' else ''}, {r['total']:,} rows, first page of {len(reply['items'])}): "
              f"p50 {r['p50']} ms, p95 {r['p95']} ms, p99 {r['p99']} ms")

    day = (datetime.date.today() - datetime.timedelta(days=5 * 365)).isoformat()
    times, reply = timed_gets(client, f"/api/v1/properties/{args.property}/handover-sheets?day={day}", args.requests)
    result["sheets"] = {"day": day, "count": len(reply["items"]), **figures(times)}
    s = result["sheets"]
    print(f"handover sheets of {day} ({s['count']} sheets): p50 {s['p50']} ms, p95 {s['p95']} ms, p99 {s['p99']} ms")

    body = {"kind": "request", "source": "phone", "description": "压测：更换门禁卡", "guestName": "王先生", "guestPhone": "13800001234"}
    done, failed, elapsed = write_for(args.base, args.token, args.clients, args.seconds, base, body, "item")
    result["record_per_s"] = round(done / elapsed, 1)
    result["record_failed"] = failed
    print(f"items recorded, {args.clients} clients: {done} in {elapsed:.1f} s = {result['record_per_s']}/s ({failed} refused)")
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    run_steps(load, measure, [("--per-day", 30)])
