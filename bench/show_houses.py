#!/usr/bin/env python3
"""The show houses (样板房) on the bench DB: ten years of their days, then
the list, a house's day, the daily summary and sending visitor batches
through the API.

    show_houses.py load DB PROPERTY_ID [--years 10] [--houses 4] [--unsubmitted-days 7]
    show_houses.py measure BASE TOKEN PROPERTY_ID [--seconds S] [--clients N] [--requests R]

load (a LOAD FIXTURE, like load.py, violations.py and service_desk.py: rows
bypass the app and its audit chain):
  * HOUSES show houses at PROPERTY_ID, each on a unit of the property (the
    top floor's), with a version-1 inventory list of 20 lines; and a security
    post 005岗 for the keys at closing when the property has no security post
    (the bench properties have no posts).
  * For every house and every day of YEARS x 365 before today on the
    property's clock (today is left open): an opening and a closing count,
    every line present; 3 to 9 visitor batches (about 6), counted up, out and
    back, a few whose counts differ; 0 to 2 guests' feedback (about 1); the
    day closed, its keys received at 005岗 and signed by the foreman.
  * One daily summary a day, submitted and approved, its figures as the app
    would have frozen them, except for the last UNSUBMITTED_DAYS days (not
    yet submitted: their summary is generated from the records when asked).
  Prints one JSON line with the counts and seconds.

measure:
  1. One request at a time: the property's show-house list for a day five
     years ago and for today (no ?day=, the list's default); one house's day
     five years ago; the daily summary of a day three days ago (not
     submitted: generated live) and of the day five years ago (submitted:
     its stored figures). p50, p95, p99 of each.
  2. Sending visitor batches (送梯登记: a sales person and a headcount) for
     today from N clients for S seconds, the clients shared out over the
     houses: batches/s (each is the batch, its number in the house's day and
     one audit event; the answer is the house's whole day).
  Prints the figures and one line "BENCH_JSON {...}".
"""
import datetime
import json
import random
import time

from api_client import Client, figures, run_steps, timed_gets, write_spread
from fixture import uid, ms, compact, open_property

DAY = 86400.0
HOUSES = [("A户型样板房", "A户型 三室两厅 128㎡"), ("B户型样板房", "B户型 四室两厅 156㎡"), ("C户型样板房", "C户型 两室两厅 89㎡"),
          ("D户型样板房", "D户型 五室三厅 198㎡"), ("E户型样板房", "E户型 三室两厅 115㎡"), ("F户型样板房", "F户型 四室两厅 143㎡")]
INVENTORY = [
    ("客厅", "沙发靠枕", 4), ("客厅", "装饰花瓶", 2), ("客厅", "电视机", 1), ("客厅", "地毯", 1), ("客厅", "落地灯", 1),
    ("餐厅", "餐椅", 6), ("餐厅", "餐具套装", 6), ("餐厅", "装饰画", 1), ("主卧", "床头台灯", 2), ("主卧", "床品四件套", 1),
    ("主卧", "窗帘", 1), ("次卧", "书桌", 1), ("次卧", "台灯", 1), ("儿童房", "玩偶", 3), ("厨房", "咖啡机", 1),
    ("厨房", "厨具套装", 1), ("卫生间", "毛巾", 4), ("卫生间", "洗漱套装", 2), ("阳台", "绿植", 3), ("玄关", "鞋柜摆件", 2),
]
SALES = ["置业顾问 王磊", "置业顾问 李婷", "置业顾问 陈晨", "置业顾问 刘洋", "置业顾问 周敏", "置业顾问 吴昊"]
FEEDBACK = {
    "evaluation": ["客厅采光好，动线合理", "主卧空间大，收纳多", "厨房操作台高度合适", "整体装修风格很喜欢", "阳台视野开阔"],
    "opinion": ["次卧偏小", "卫生间没有窗户，通风一般", "玄关收纳不够"],
    "suggestion": ["希望增加儿童房的展示方案", "建议样板房增加全屋智能演示", "建议周末延长开放时间"],
}
FEEDBACK_KINDS = ["evaluation"] * 6 + ["opinion"] * 2 + ["suggestion"] * 2
GUESTS = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士", None, None]
CHECKS = ["doors", "windows", "lights", "air_conditioning", "audio", "main_switch"]  # ClosingCheck.allCases, in order
WORK_LOGS = ["接待参观 {n} 批，清点无误，门窗水电已关闭。", "接待参观 {n} 批，客人反馈良好；闭馆清点无异常。", "今日接待 {n} 批，已按流程闭馆，钥匙交 005岗。"]


def load(args):
    started = time.time()
    prop = args.property
    con, zone = open_property(args.db, prop, "show_houses.py")
    if con.execute("SELECT COUNT(*) FROM show_houses WHERE property_id = ?", (prop,)).fetchone()[0]:
        raise SystemExit(f"show_houses.py: property {prop} already has show houses")
    if not 1 <= args.houses <= len(HOUSES):
        raise SystemExit(f"show_houses.py: --houses 1..{len(HOUSES)}")

    # The people, as the demo casts them (DemoShowHouses.swift); any active person of the department when one is missing.
    def person(username, department):
        found = con.execute("SELECT id FROM staff WHERE username = ? AND is_active = 1", (username,)).fetchone()
        if not found:
            found = con.execute("""SELECT s.id FROM staff s JOIN departments d ON d.id = s.department_id
                WHERE d.code = ? AND s.is_active = 1 ORDER BY s.username LIMIT 1""", (department,)).fetchone()
        if not found:
            raise SystemExit(f"show_houses.py: no active {department} staff (run `wuye demo` first)")
        return found[0]
    receptionists = [person("kf.yuangong", "customer_service"), person("kf.yuangong2", "customer_service")]
    lobby = person("wy.zhuguan", "property_service")      # 大堂岗: sends the batches up; submits the daily summary
    foreman = person("kf.lingban", "customer_service")    # signs the days (never one they closed)
    guard = person("ag.yuangong", "security")             # takes the keys at 005岗
    supervisor = person("kf.zhuguan", "customer_service")  # registered the houses and wrote the lists
    leader = person("leader", "property_service")         # approves the summaries
    if foreman in receptionists:
        raise SystemExit("show_houses.py: the foreman who signs must not be a receptionist who closes")

    now = time.time()
    today = datetime.datetime.fromtimestamp(now, zone).date()
    days = args.years * 365
    registered = ms(now - (days + 30) * DAY)

    # 005岗: the property's security post, made when it has none.
    posts = []
    post = con.execute("""SELECT p.id FROM posts p JOIN departments d ON d.id = p.department_id
        WHERE p.property_id = ? AND d.code = 'security' ORDER BY p.name LIMIT 1""", (prop,)).fetchone()
    if post:
        post = post[0]
    else:
        security = con.execute("SELECT id FROM departments WHERE code = 'security'").fetchone()
        if not security:
            raise SystemExit("show_houses.py: no security department (run `wuye demo` first)")
        post = uid()
        posts.append((post, prop, security[0], "005岗"))

    # The houses, on the top floor's units (unique per unit), each with its list.
    units = con.execute("""SELECT u.id, u.number FROM units u WHERE u.property_id = ? AND u.id NOT IN (SELECT unit_id FROM show_houses)
        ORDER BY length(u.number) DESC, u.number DESC LIMIT ?""", (prop, args.houses)).fetchall()
    if len(units) < args.houses:
        raise SystemExit(f"show_houses.py: property {prop} has {len(units)} free units, wanted {args.houses}")
    lines = [{"expected": n, "item": item, "room": room} for room, item, n in INVENTORY]
    present = compact([{"state": "present"} for _ in lines])
    houses, inventories = [], []
    for (unit_id, _), (name, unit_type) in zip(sorted(units, key=lambda u: (len(u[1]), u[1])), HOUSES):
        house_id, inventory_id = uid(), uid()
        houses.append((house_id, prop, unit_id, name, unit_type, "10F", "09:00", "18:00", supervisor, registered))
        inventories.append((inventory_id, prop, house_id, 1, compact(lines), supervisor, registered))

    rnd = random.Random(11)
    counts, batches, feedback, closings, summaries = [], [], [], [], []

    def at(date, hour, minute, second=0):
        return datetime.datetime.combine(date, datetime.time(hour, minute, second), zone).timestamp()

    for d in range(days, 0, -1):  # oldest first, as the app would have written them; today (d = 0) stays open
        date = today - datetime.timedelta(days=d)
        day = date.isoformat()
        raining = rnd.random() < 0.15
        outdoor = rnd.randrange(2, 38)
        day_type = "peak" if date.weekday() >= 5 and rnd.random() < 0.3 else "normal"
        day_figures = []
        for (house_id, _, _, name, unit_type, *_), (inventory_id, *_) in zip(houses, inventories):
            receptionist = rnd.choice(receptionists)
            # 开馆清点 08:30–09:00; now and then late.
            opened = at(date, 9, rnd.randrange(1, 20)) if rnd.random() < 0.03 else at(date, 8, rnd.randrange(31, 60), rnd.randrange(60))
            crowded = day_type == "peak"
            counts.append((uid(), prop, house_id, inventory_id, day, "opening", receptionist, ms(opened), present, 1, None,
                           outdoor, 24 if (outdoor > 30 or crowded) and rnd.random() < 0.5 else 23, 1 if crowded else 0, 1 if raining else 0,
                           1 if raining else 0, day_type, "disposable" if raining or day_type != "normal" else "cloth", 1 if raining else 0, 1))
            # Batches through the day, numbered in the order they were sent.
            sent = sorted(at(date, 9, 30) + rnd.uniform(0, 7.75 * 3600) for _ in range(rnd.randrange(3, 10)))
            house_batches = []
            mismatches = 0
            for number, t in enumerate(sent, start=1):
                headcount = rnd.randrange(1, 7)
                differs = rnd.random() < 0.01
                left = headcount - 1 if differs and headcount > 1 else headcount
                mismatches += 1 if left != headcount else 0
                notes = compact(["children"]) if rnd.random() < 0.1 else None
                batch_id = uid()
                house_batches.append((batch_id, t, headcount))
                batches.append((batch_id, prop, house_id, day, number, rnd.choice(SALES), headcount, lobby, ms(t),
                                headcount, receptionist, ms(t + 120), left, receptionist, ms(t + 1500), left, lobby, ms(t + 1620),
                                notes, "一位客人先行下楼，已告知大堂" if left != headcount else None))
            # What guests said, after a batch's visit.
            ratings = []
            n_feedback = rnd.choice([0, 1, 1, 1, 2])
            for _ in range(n_feedback):
                kind = rnd.choice(FEEDBACK_KINDS)
                batch_id, t, _ = rnd.choice(house_batches)
                rating = rnd.choice([3, 4, 4, 5, 5]) if kind == "evaluation" else None
                if rating:
                    ratings.append(rating)
                guest = rnd.choice(GUESTS)
                feedback.append((uid(), prop, house_id, unit_type, day, kind, rating, rnd.choice(FEEDBACK[kind]), guest,
                                 f"139{rnd.randrange(10 ** 8):08d}" if guest and rnd.random() < 0.3 else None, batch_id, receptionist,
                                 ms(t + rnd.uniform(600, 1400)), None))
            # 闭馆清点, the closing, the keys to 005岗, the foreman's signature.
            closing = at(date, 18, rnd.randrange(2, 15), rnd.randrange(60))
            counts.append((uid(), prop, house_id, inventory_id, day, "closing", receptionist, ms(closing), present, 1, None,
                           None, None, None, None, None, None, None, None, None))
            closings.append((uid(), prop, house_id, day, receptionist, ms(closing + 600), compact(CHECKS),
                             rnd.choice(WORK_LOGS).format(n=len(sent)), post, guard, ms(closing + 900), foreman, ms(closing + 2400), None, None))
            figure = {"batches": len(sent), "closed": True, "complaints": 0, "feedback": n_feedback, "findings": 0, "mismatches": mismatches,
                      "openItems": 0, "showHouse": name, "signed": True, "turnedAway": 0, "unitType": unit_type,
                      "visitors": sum(h for _, _, h in house_batches)}
            if ratings:
                figure["ratingTenths"] = int(sum(ratings) * 10 / len(ratings) + 0.5)
            day_figures.append(figure)
        # 日报: submitted in the evening, approved the next morning; the last days' not yet submitted.
        if d > args.unsubmitted_days:
            submitted = at(date, 19, 30) + rnd.uniform(0, 1800)
            day_figures.sort(key=lambda f: f["showHouse"])
            summaries.append((uid(), prop, day, compact(day_figures), None, lobby, ms(submitted), leader,
                              ms(at(date + datetime.timedelta(days=1), 9, 30) + rnd.uniform(0, 3600)), None))

    con.executemany("INSERT INTO posts (id, property_id, department_id, name) VALUES (?, ?, ?, ?)", posts)
    con.executemany("""INSERT INTO show_houses (id, property_id, unit_id, name, unit_type, floor, opens_at, closes_at, registered_by_id, registered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", houses)
    con.executemany("INSERT INTO show_house_inventories (id, property_id, show_house_id, version, items, edited_by_id, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    inventories)
    con.executemany("""INSERT INTO show_house_counts (id, property_id, show_house_id, inventory_id, day, kind, counted_by_id, counted_at, marks, hygiene_ok,
        hygiene_note, outdoor_temp, set_temp, crowded, raining, dehumidify, day_type, shoe_covers, umbrella_bagger, signage)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", counts)
    con.executemany("""INSERT INTO visitor_batches (id, property_id, show_house_id, day, number, sales_name, headcount, sent_by_id, sent_at,
        arrived_count, arrived_by_id, arrived_at, left_count, left_by_id, left_at, returned_count, returned_by_id, returned_at, notes, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batches)
    con.executemany("""INSERT INTO guest_feedback (id, property_id, show_house_id, unit_type, day, kind, rating, text, guest_name, guest_phone, batch_id,
        recorded_by_id, recorded_at, service_item_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", feedback)
    con.executemany("""INSERT INTO show_house_days (id, property_id, show_house_id, day, closed_by_id, closed_at, checks, work_log, keys_post_id,
        keys_guard_id, keys_received_at, reviewed_by_id, reviewed_at, review_note, review_signature)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", closings)
    con.executemany("""INSERT INTO show_house_summaries (id, property_id, day, figures, note, submitted_by_id, submitted_at, approved_by_id, approved_at,
        approval_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", summaries)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({"show_houses": len(houses), "inventory_lines": len(lines), "days": days, "first_day": (today - datetime.timedelta(days=days)).isoformat(),
                      "last_day": (today - datetime.timedelta(days=1)).isoformat(), "posts_added": len(posts), "show_house_counts": len(counts),
                      "visitor_batches": len(batches), "guest_feedback": len(feedback), "show_house_days": len(closings),
                      "show_house_summaries": len(summaries), "seconds": round(time.time() - started, 1)}))


def measure(args):
    client = Client(args.base, args.token)
    listing = f"/api/v1/properties/{args.property}/show-houses"
    result = {"list": {}}

    # The list for today first (no ?day=: the list's default, today on the property's clock): it names the houses and today.
    times, reply = timed_gets(client, listing, args.requests)
    if not reply:
        raise SystemExit(f"GET {listing}: no show houses at {args.property} (run `show_houses.py load` first)")
    today = reply[0]["day"]
    houses = [(h["id"], h["name"]) for h in reply]
    past = (datetime.date.fromisoformat(today) - datetime.timedelta(days=5 * 365)).isoformat()
    live = (datetime.date.fromisoformat(today) - datetime.timedelta(days=3)).isoformat()

    times_past, reply_past = timed_gets(client, f"{listing}?day={past}", args.requests)
    for name, day, t, r in (("past", past, times_past, reply_past), ("today", today, times, reply)):
        result["list"][name] = {"day": day, "houses": len(r), "batches": sum(h["batches"] for h in r), **figures(t)}
        x = result["list"][name]
        print(f"show-house list ({name}, {day}, {x['houses']} houses, {x['batches']} batches): p50 {x['p50']} ms, p95 {x['p95']} ms, p99 {x['p99']} ms")

    house_id, house_name = houses[0]
    times, reply = timed_gets(client, f"/api/v1/show-houses/{house_id}?day={past}", args.requests)
    closing = reply["closing"]
    result["house_day"] = {"day": past, "counts": len(reply["counts"]), "batches": len(reply["batches"]), "feedback": len(reply["feedback"]),
                           "status": closing and closing["status"], **figures(times)}
    x = result["house_day"]
    print(f"a house's day ({house_name}, {past}: {x['counts']} counts, {x['batches']} batches, {x['feedback']} feedback, {x['status'] or 'not closed'}): "
          f"p50 {x['p50']} ms, p95 {x['p95']} ms, p99 {x['p99']} ms")

    result["summary"] = {}
    for name, day in (("live", live), ("stored", past)):
        times, reply = timed_gets(client, f"/api/v1/properties/{args.property}/show-house-summaries?day={day}", args.requests)
        result["summary"][name] = {"day": day, "status": reply["status"], "houses": len(reply["figures"]), **figures(times)}
        x = result["summary"][name]
        how = "generated live" if x["status"] == "draft" else "stored figures"
        print(f"daily summary ({day}, {x['status']}: {how}, {x['houses']} houses): p50 {x['p50']} ms, p95 {x['p95']} ms, p99 {x['p99']} ms")
        if name == "live" and x["status"] != "draft":
            print(f"  (expected a summary not yet submitted for {day}: load with --unsubmitted-days of 3 or more)")

    # 送梯登记 for today from N clients, shared out over the houses (each house numbers its own day's batches).
    body = {"salesName": "置业顾问 王磊", "headcount": 3}
    result["batch_per_s"], result["batch_failed"], spread = write_spread(args.base, args.token, args.clients, args.seconds, [h for h, _ in houses],
                                                                    lambda house: f"/api/v1/show-houses/{house}/batches", body, "batch")
    # The answer to each batch is its house's whole day, which grows with every batch sent: how big it had grown.
    code, payload, _ = client.call("GET", f"/api/v1/show-houses/{house_id}")
    day = json.loads(payload) if code == 200 else None
    result["batches_today"] = day and len(day["batches"])
    result["last_answer_bytes"] = len(payload) if code == 200 else None
    print(f"batches sent, {args.clients} clients over {spread} houses: {result['batch_per_s']}/s ({result['batch_failed']} refused); "
          f"{house_name} then had {result['batches_today']} batches today, its day {(result['last_answer_bytes'] or 0) // 1024} KB (each answer is the whole day)")
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    run_steps(load, measure, [("--houses", 4), ("--unsubmitted-days", 7)])
