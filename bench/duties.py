#!/usr/bin/env python3
"""Duties with a clock (职责, X-2) at the bench DB's show houses: ten years of
their inspections, patrol rounds, misses and rectification notices, then the
duties of a day, a duty's month, the notice list and recording patrol rounds
through the API.

    duties.py load DB PROPERTY_ID [--years 10] [--missed-per-mille 20]
    duties.py measure BASE TOKEN PROPERTY_ID [--seconds S] [--clients N] [--requests R]

load (a LOAD FIXTURE, like show_houses.py: rows bypass the app and its audit
chain). Run after `show_houses.py load` on the same property: the duties are
those of its show houses, and their opening and closing counts and signed
days are the records three of the duties are kept by.
  * Per show house the procedure's five duties as DutyRules.defaults makes
    them from the house's hours (opening_count 08:30-09:00, closing_count the
    half hour before closing, inspection in each half of the day, a patrol
    round every 30 minutes from closing to opening, day_review from closing
    to 23:30), in force from YEARS x 365 days before today.
  * The property's checklists, version 1 of each kind (the procedure's items).
  * For every day up to now on the property's clock: two inspections per
    house (one in each window, now and then late), a patrol round per house
    each half hour of the night (30 a night: due 18:30 ... 09:00), each
    missed about MISSED_PER_MILLE times in 1,000, a few late; records only
    up to the moment of the load.
  * A miss (duty_misses) for every occurrence whose grace had passed with no
    record, found as the app finds them (each occurrence takes the earliest
    record not yet taken inside its clock); about a third explained. This
    includes today's counts when the show-house load left today open.
  * About two rectification notices a week, numbered ZG-YYYY-NNNN per
    property and year after the numbers already there, half raised from an
    inspection item flagged that day: closed when their deadline is long
    past (some sent back once first), the last month's still open, answered
    or closed, the open ones past their deadline overdue (and flagged as the
    watch would have flagged them).
  Prints one JSON line with the counts and seconds.

measure:
  1. One request at a time: /healthz (the same run's floor for a request that
     reaches the database), the property's duties of a day five years ago and
     of today (no ?day=), the patrol duty's month five years ago (one house's),
     the property's rectification notices (the list's default: no filter).
     p50, p95, p99 of each.
  2. Recording patrol rounds (every checkpoint in order) from N clients for
     S seconds, the clients shared out over the houses: rounds/s (each is the
     round and one audit event; the answer is read back from the house's
     rounds of the day).
  Prints the figures and one line "BENCH_JSON {...}".
"""
import bisect
import datetime
import functools
import json
import random
import time

from api_client import Client, figures, healthz_floor, run_steps, show, timed_gets, write_spread
from fixture import uid, ms, compact, open_property

DAY = 86400.0
# ChecklistKind.defaults (Supervision/Inspection.swift), in order.
INSPECTION_ITEMS = ["物品摆放整齐、到位", "地面、台面、玻璃洁净", "空调温度与除湿符合要求", "灯光照明正常", "接待人员仪容仪表与服务规范",
                    "门窗、电器、消防通道无安全隐患", "宣传资料与指示标识齐全", "大堂鞋套、雨伞套袋等物料充足"]
PATROL_ITEMS = ["入户门已锁好", "窗户已关闭", "灯光已关闭", "空调已关闭", "电源总闸已关闭", "无异响、异味、渗漏", "无人员滞留"]
FLAGS = [(1, "主卧飘窗台面有灰尘，茶几玻璃有指纹", "cleaning", "当日重新清洁，开馆前复查"),
         (2, "客厅空调设定 20℃，低于要求", "engineering", "调整温控设定并检查温控面板"),
         (3, "次卧筒灯一只不亮", "engineering", "更换灯具，检查线路"),
         (6, "户型图展板边角翘起", "customer_service", "重新装裱展板"),
         (7, "一次性鞋套仅余半箱", "property_service", "补足鞋套、雨伞套袋，建立库存登记")]
FINDINGS = [("service", "security", "夜间 005 岗交接记录缺少样板房钥匙接收签名", "补全签名，并对当班保安进行交接流程培训"),
            ("service", "customer_service", "接待员未按规范引导客户穿鞋套", "重新培训接待流程，并提交培训签到表"),
            ("service", "cleaning", "入户地毯边缘有污渍", "清洗地毯，更换防滑垫"),
            ("service", "property_service", "大堂岗送梯登记漏记一批", "补记并核对当日送梯记录"),
            ("construction", "engineering", "主卫淋浴房玻璃门合页松动，开关有异响", "建议更换合页并调试，确保开关顺畅"),
            ("construction", "engineering", "次卧外墙窗框下沿雨后渗水，墙纸起鼓", "建议维保单位检查窗框打胶并重做防水，修复墙纸")]
EXPLANATIONS = ["接待外宾陪同讲解，未能按时完成", "样板房卫生间漏水，当班人员协助处理", "交接班交叉，漏记", "系统维护，补录不及"]


def hhmm(minutes):
    m = minutes % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def clock(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def defaults(opens, closes):
    """DutyRules.defaults(opensAt:closesAt:): (kind, department, rank, cadence, windows in minutes, every, grace) a house."""
    middle = (opens + closes) // 2 // 30 * 30
    to = opens + 1440 if opens <= closes else opens  # an 'every' window past midnight
    return [("opening_count", "customer_service", "staff", "daily", [(8 * 60 + 30, 9 * 60)], None, 30),
            ("closing_count", "customer_service", "staff", "daily", [(closes - 30, closes)], None, 30),
            ("inspection", "customer_service", "foreman", "daily", [(opens, middle), (middle, closes)], None, 60),
            ("patrol", "property_service", "staff", "every", [(closes, to)], 30, 10),
            ("day_review", "customer_service", "foreman", "daily", [(closes, 23 * 60 + 30)], None, 540)]


def load(args):
    started = time.time()
    prop = args.property
    con, zone = open_property(args.db, prop, "duties.py")
    houses = con.execute("SELECT id, name, opens_at, closes_at FROM show_houses WHERE property_id = ? ORDER BY name", (prop,)).fetchall()
    if not houses:
        raise SystemExit(f"duties.py: property {prop} has no show houses (run `show_houses.py load` first)")
    if con.execute("SELECT COUNT(*) FROM duties WHERE property_id = ?", (prop,)).fetchone()[0]:
        raise SystemExit(f"duties.py: property {prop} already has duties")

    def staff(username):
        found = con.execute("SELECT id FROM staff WHERE username = ? AND is_active = 1", (username,)).fetchone()
        if not found:
            raise SystemExit(f"duties.py: no active staff {username} (run `wuye demo` first)")
        return found[0]
    inspectors = [staff("kf.zhuguan"), staff("kf.lingban"), staff("kf.lingban2")]   # 主管、领班巡查 (SH-30)
    walkers = [staff("wy.zhuguan"), staff("ag.yuangong")]                            # 大堂岗; security stands in (SH-19)
    # Who answers a notice for each department, who issues one to it (never the department itself) and verifies it.
    responder = {"cleaning": staff("qj.yuangong"), "engineering": staff("gc.lingban"), "security": staff("ag.lingban"),
                 "customer_service": staff("kf.lingban2"), "property_service": staff("wy.zhuguan")}
    issuers = {d: [staff("kf.zhuguan"), staff("wy.zhuguan")] for d in responder}
    issuers["customer_service"] = [staff("wy.zhuguan")]
    issuers["property_service"] = [staff("kf.zhuguan"), staff("kf.lingban")]
    explainer = {"customer_service": staff("kf.lingban"), "property_service": staff("wy.zhuguan")}  # the duty's department

    now = time.time()
    today = datetime.datetime.fromtimestamp(now, zone).date()
    days = args.years * 365
    first = today - datetime.timedelta(days=days)

    @functools.lru_cache(maxsize=None)
    def at(date, minutes):
        """A local day's minute as a time (minutes past 1440 run into the next day), by the calendar as LocalTime.moment does."""
        extra, rest = divmod(minutes, 1440)
        return datetime.datetime.combine(date + datetime.timedelta(days=extra), datetime.time(rest // 60, rest % 60), zone).timestamp()

    def local_day(t):
        return datetime.datetime.fromtimestamp(t, zone).date().isoformat()

    effective = at(first, 0)
    rnd = random.Random(13)

    # The duties: one series per house and kind, in force from the first day.
    duties, plans = [], []  # plans: (duty id, house id, kind, department, windows, every, grace)
    for house_id, _, opens_at, closes_at in houses:
        for kind, department, rank, cadence, windows, every, grace in defaults(clock(opens_at or "09:00"), clock(closes_at or "18:00")):
            duty_id = uid()
            text = ",".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in windows)
            duties.append((duty_id, prop, uid(), kind, house_id, department, rank, cadence, text, every, None, None, grace, ms(effective), None, None, ms(effective)))
            plans.append((duty_id, house_id, kind, department, windows, every, grace))

    # The checklists, version 1, as the app writes them the first time a record is made.
    lists = {}
    checklists = []
    for kind, items in (("inspection", INSPECTION_ITEMS), ("patrol", PATROL_ITEMS)):
        found = con.execute("SELECT id FROM supervision_checklists WHERE property_id = ? AND kind = ? ORDER BY version DESC LIMIT 1", (prop, kind)).fetchone()
        if found:
            lists[kind] = found[0]
        else:
            lists[kind] = uid()
            checklists.append((lists[kind], prop, kind, 1, compact(items), None, ms(effective)))

    # Every occurrence of every duty up to today, per (house, kind): (from, due, until), in due order.
    slots = {}
    for duty_id, house_id, kind, _, windows, every, grace in plans:
        found = []
        for d in range(days, -1, -1):
            date = today - datetime.timedelta(days=d)
            if every:
                a, b = windows[0]
                due = a + every
                while due <= b:
                    found.append((at(date, due - every), at(date, due), at(date, due) + grace * 60))
                    due += every
            else:
                for a, b in windows:
                    found.append((at(date, a), at(date, b), at(date, b) + grace * 60))
        slots[(house_id, kind)] = [s for s in found if s[1] > effective]

    # The records the fixture writes: inspections and patrol rounds, one per occurrence, in its clock, up to now.
    inspections, rounds = [], []
    records = {}
    ok_marks = compact([{"item": item, "ok": True} for item in PATROL_ITEMS])
    passed = [{"item": item, "result": "pass"} for item in INSPECTION_ITEMS]
    passed_text = compact(passed)

    def flagged(flag):
        index, note, *_ = flag
        marks = [dict(r) for r in passed]
        marks[index] = {"item": INSPECTION_ITEMS[index], "note": note, "result": "flag"}
        return compact(marks)
    by_day = {}  # day -> indices in inspections, for the notices raised from one
    names = {h[0]: h[1] for h in houses}
    for house_id, *_ in houses:
        times = []
        for n, (start, due, until) in enumerate(slots[(house_id, "inspection")]):
            if rnd.random() * 1000 < args.missed_per_mille:
                continue
            if rnd.random() < 0.03:
                t = due + rnd.uniform(60, (until - due) - 60)                    # late, inside the grace
            elif n % 2 == 0:
                t = start + rnd.uniform(20 * 60, (due - start) - 5 * 60)        # the morning's
            else:
                t = start + rnd.uniform(65 * 60, (due - start) - 5 * 60)        # the afternoon's, after the morning's grace
            if t > now:
                continue
            inspection_id = uid()
            day = local_day(t)
            # Now and then an item flagged with no notice; the notices below flag the items they are raised from.
            results = flagged(rnd.choice(FLAGS)) if rnd.random() < 0.005 else passed_text
            by_day.setdefault(day, []).append(len(inspections))
            inspections.append([inspection_id, prop, house_id, lists["inspection"], day, results, None, rnd.choice(inspectors), ms(t)])
            times.append(ms(t))
        records[(house_id, "inspection")] = times
        times = []
        for start, due, until in slots[(house_id, "patrol")]:
            if rnd.random() * 1000 < args.missed_per_mille:
                continue
            # In its own half hour, after the round before's grace; now and then late.
            t = due + rnd.uniform(30, 9 * 60) if rnd.random() < 0.02 else due - rnd.uniform(60, 19 * 60)
            if t > now:
                continue
            rounds.append((uid(), prop, house_id, lists["patrol"], local_day(t), ok_marks, 0, None, rnd.choice(walkers), ms(t)))
            times.append(ms(t))
        records[(house_id, "patrol")] = times
        # The show-house load's records: counts and signed days.
        for kind, sql in (("opening_count", "SELECT counted_at FROM show_house_counts WHERE show_house_id = ? AND kind = 'opening'"),
                          ("closing_count", "SELECT counted_at FROM show_house_counts WHERE show_house_id = ? AND kind = 'closing'"),
                          ("day_review", "SELECT reviewed_at FROM show_house_days WHERE show_house_id = ? AND reviewed_at IS NOT NULL")):
            records[(house_id, kind)] = [r[0] for r in con.execute(sql, (house_id,))]

    # The misses, as DutyRules.match finds them: each occurrence takes the earliest record not yet taken inside its clock.
    misses = []
    states = {"done": 0, "late": 0, "missed": 0, "not yet": 0}
    for duty_id, house_id, kind, department, *_ in plans:
        times = sorted(records[(house_id, kind)])
        taken = [False] * len(times)
        for start, due, until in slots[(house_id, kind)]:
            i = bisect.bisect_left(times, start)
            while i < len(times) and (taken[i] or times[i] < start) and times[i] <= until:
                i += 1
            if i < len(times) and times[i] <= until:
                taken[i] = True
                states["done" if times[i] <= due else "late"] += 1
            elif until < now:
                states["missed"] += 1
                detected = until + rnd.uniform(1, 60)  # the watch runs every minute
                explained = rnd.random() < 0.35 and detected + 3 * 3600 < now
                explained_at = detected + rnd.uniform(3600, 20 * 3600) if explained else None
                misses.append((uid(), prop, duty_id, ms(due), ms(until), ms(detected), rnd.choice(EXPLANATIONS) if explained else None,
                               explainer[department] if explained else None, ms(explained_at) if explained and explained_at < now else None))
            else:
                states["not yet"] += 1
    misses = [m if m[8] is not None or m[6] is None else m[:6] + (None, None, None) for m in misses]

    # Rectification notices: about two a week, half raised in one step from an item flagged at an inspection that day (SH-30).
    notices = []
    for d in range(days, -1, -1):
        date = today - datetime.timedelta(days=d)
        for _ in range(rnd.choices([0, 1, 2], [5, 1.6, 0.2])[0]):
            that_day = [i for i in by_day.get(date.isoformat(), []) if inspections[i][5] == passed_text]
            if that_day and rnd.random() < 0.5:
                inspection = inspections[rnd.choice(that_day)]
                index, note, department, requirement = rnd.choice(FLAGS)
                inspection[5] = flagged((index, note))
                inspection_id, house, item = inspection[0], inspection[2], index
                category = "service"
                finding = f"{names[house]} 巡查：{INSPECTION_ITEMS[index]} 提醒关注——{note}"
                issued = inspection[8] + rnd.uniform(600, 3600)
            else:
                category, department, finding, requirement = rnd.choice(FINDINGS)
                house_id = rnd.choice(houses)[0] if rnd.random() < 0.8 else None
                inspection_id, item = None, None
                finding = (names[house_id] + " " if house_id else "") + finding
                issued = at(date, rnd.randrange(9 * 60, 17 * 60)) + rnd.uniform(0, 3600)
                house = house_id
            if issued > now:
                continue
            deadline = issued + rnd.uniform(1, 7) * DAY
            issuer = rnd.choice(issuers[department])
            recent = now - issued < 30 * DAY
            if recent:
                status = ("issued" if rnd.random() < 0.5 else "responded") if deadline > now else rnd.choice(["issued", "issued", "responded", "closed"])
            else:
                status = "closed"
            responded = verified = None
            returned, return_note = 0, None
            if status != "issued":
                responded = issued + (min(deadline, now) - issued) * rnd.uniform(0.3, 0.95)
                if status == "closed" and not recent and rnd.random() < 0.05:
                    returned, return_note = 1, "整改不到位，请按要求重新处理并附照片"
                if status == "closed":
                    verified = min(responded + rnd.uniform(2, 30) * 3600, now - 60)
            overdue_alerted = deadline + rnd.uniform(1, 60) if status == "issued" and deadline < now else None
            notices.append((uid(), prop, None, category, department, house, inspection_id, item, finding, requirement, ms(deadline), status, issuer, ms(issued),
                            "已按要求整改完毕，见整改后照片" if responded else None, responder[department] if responded else None, ms(responded), returned, return_note,
                            None, None, None, issuer if verified else None, ms(verified), "复查合格" if verified else None, ms(overdue_alerted)))

    # Numbered in the order they were issued, per year on the property's clock, after the numbers already there (ReferenceNumber.next).
    notices.sort(key=lambda n: n[13])
    taken_numbers = {}
    for i, n in enumerate(notices):
        year = str(datetime.datetime.fromtimestamp(n[13], zone).year)
        if year not in taken_numbers:
            prefix = f"ZG-{year}-"
            taken_numbers[year] = con.execute("SELECT COUNT(*) FROM rectification_notices WHERE property_id = ? AND reference_no >= ? AND reference_no < ?",
                                              (prop, prefix, prefix[:-1] + ".")).fetchone()[0]
        taken_numbers[year] += 1
        notices[i] = n[:2] + (f"ZG-{year}-{taken_numbers[year]:04d}",) + n[3:]

    con.executemany("""INSERT INTO duties (id, property_id, series_id, kind, show_house_id, department, minimum_rank, cadence, windows, every_minutes, weekday,
        month_day, grace_minutes, effective_from, retired_at, edited_by_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", duties)
    con.executemany("INSERT INTO supervision_checklists (id, property_id, kind, version, items, edited_by_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?)", checklists)
    con.executemany("""INSERT INTO inspections (id, property_id, show_house_id, checklist_id, day, results, note, inspected_by_id, inspected_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", inspections)
    con.executemany("""INSERT INTO patrol_rounds (id, property_id, show_house_id, checklist_id, day, checkpoints, anomaly, service_item_id, patrolled_by_id, patrolled_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rounds)
    con.executemany("""INSERT INTO duty_misses (id, property_id, duty_id, due_at, missed_at, detected_at, explanation, explained_by_id, explained_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", misses)
    con.executemany("""INSERT INTO rectification_notices (id, property_id, reference_no, category, department, show_house_id, inspection_id, inspection_item, finding,
        requirement, deadline, status, issued_by_id, issued_at, action, responded_by_id, responded_at, returned_count, return_note, extension_to, extension_reason,
        extension_by_id, verified_by_id, verified_at, verification_note, overdue_alerted_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", notices)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    by_status = {s: sum(1 for n in notices if n[11] == s) for s in ("issued", "responded", "closed")}
    print(json.dumps({"show_houses": len(houses), "duties": len(duties), "days": days, "first_day": first.isoformat(), "checklists_added": len(checklists),
                      "occurrences": sum(states.values()), "done": states["done"], "late": states["late"], "missed": states["missed"], "not_yet_due": states["not yet"],
                      "inspections": len(inspections), "patrol_rounds": len(rounds), "duty_misses": len(misses),
                      "explained": sum(1 for m in misses if m[6]), "rectification_notices": len(notices), **{"notices_" + s: n for s, n in by_status.items()},
                      "notices_overdue": sum(1 for n in notices if n[11] == "issued" and n[10] < now), "seconds": round(time.time() - started, 1)}))


def measure(args):
    client = Client(args.base, args.token)
    result = {}
    result["healthz"] = healthz_floor(client, args.requests)

    # Today first (no ?day=: the property's today): it names the duties and today.
    listing = f"/api/v1/properties/{args.property}/duties"
    times, reply = timed_gets(client, listing, args.requests)
    if not reply["duties"]:
        raise SystemExit(f"GET {listing}: no duties at {args.property} (run `duties.py load` first)")
    today = reply["day"]
    past = (datetime.date.fromisoformat(today) - datetime.timedelta(days=5 * 365)).isoformat()
    patrol = next((d["duty"] for d in reply["duties"] if d["duty"]["kind"] == "patrol"), None)
    houses = sorted({d["duty"]["showHouseID"] for d in reply["duties"] if d["duty"].get("showHouseID")})
    times_past, reply_past = timed_gets(client, f"{listing}?day={past}", args.requests)
    result["day"] = {}
    for name, day, t, r in (("past", past, times_past, reply_past), ("today", today, times, reply)):
        result["day"][name] = {"day": day, "duties": len(r["duties"]), "occurrences": sum(len(d["occurrences"]) for d in r["duties"]), **r["figures"], **figures(t)}
        x = result["day"][name]
        show(f"duties of a day ({name}, {day}: {x['duties']} duties, {x['occurrences']} occurrences: {x['done']} done, {x['late']} late, {x['missed']} missed, "
             f"{x['open']} due now, {x['upcoming']} to come)", x)

    if patrol is None:
        raise SystemExit(f"GET {listing}: no patrol duty at {args.property}")
    month = past[:7]
    times, reply = timed_gets(client, f"/api/v1/duties/{patrol['id']}?month={month}", args.requests)
    f = reply["figures"]
    result["month"] = {"month": month, "place": patrol["place"], "days": len(reply["days"]), "misses": len(reply["misses"]), **f, **figures(times)}
    x = result["month"]
    show(f"a duty's month (patrol, {x['place']}, {month}: {x['done'] + x['late'] + x['missed']} rounds due, {x['late']} late, {x['missed']} missed, "
         f"{x['misses']} misses listed)", x)

    notices = f"/api/v1/properties/{args.property}/rectification-notices"
    times, reply = timed_gets(client, notices, args.requests)
    result["notices"] = {"listed": len(reply), "overdue_listed": sum(1 for n in reply if n["overdue"]),
                         "open_listed": sum(1 for n in reply if n["status"] != "closed"), **figures(times)}
    # Not timed: how many are overdue and open in all, to set beside what the default list shows.
    code, payload, _ = client.call("GET", notices + "?overdue=true")
    result["notices"]["overdue"] = len(json.loads(payload)) if code == 200 else None
    open_total = 0
    for status in ("issued", "responded"):
        code, payload, _ = client.call("GET", f"{notices}?status={status}")
        open_total += len(json.loads(payload)) if code == 200 else 0
    result["notices"]["open"] = open_total
    x = result["notices"]
    show(f"rectification notices, the default list ({x['listed']} listed: {x['open_listed']} open of {x['open']}, {x['overdue_listed']} overdue of {x['overdue']})", x)
    if x["overdue"] and x["overdue_listed"] < x["overdue"]:
        print(f"  (the default list leaves out {x['overdue'] - x['overdue_listed']} of the {x['overdue']} overdue notices)")

    # 闭馆巡视 from N clients, shared out over the houses: every checkpoint of the property's patrol checklist in order.
    code, payload, _ = client.call("GET", f"/api/v1/properties/{args.property}/checklists/patrol")
    if code != 200:
        raise SystemExit(f"GET checklists/patrol: {code} {payload[:200]!r}")
    body = {"checkpoints": [{"ok": True} for _ in json.loads(payload)["items"]]}
    result["patrol_per_s"], result["patrol_failed"], spread = write_spread(args.base, args.token, args.clients, args.seconds, houses,
                                                                         lambda house: f"/api/v1/show-houses/{house}/patrols", body, "patrol round")
    result["checkpoints"] = len(body["checkpoints"])
    print(f"patrol rounds recorded ({len(body['checkpoints'])} checkpoints each), {args.clients} clients over {spread} houses: "
          f"{result['patrol_per_s']}/s ({result['patrol_failed']} refused)")
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    run_steps(load, measure, [("--missed-per-mille", 20)])
