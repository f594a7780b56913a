#!/usr/bin/env python3
"""Site access (施工与进出, SH-1…SH-3, SH-40…SH-46) at the bench property:
ten years of contractors, work liaison forms, their workers, the gate's
entries and exits, site checks, incidents, emergency entries and
after-hours passes, then the forms list, a form, who is on site, a day's
gate register and letting workers in and out through the API.

    site_access.py load DB PROPERTY_ID [--years 10] [--contractors 40] [--gate-workers 24] [--open-now 5]
    site_access.py measure BASE TOKEN PROPERTY_ID [--seconds S] [--clients N] [--requests R]

load (a LOAD FIXTURE, like show_houses.py and duties.py: rows bypass the app
and its audit chain). Run after `show_houses.py load` on the same property:
the forms are mostly for its show houses, and emergency entries and
after-hours passes are always for one.
  * CONTRACTORS contractors (施工单位), registered by property service over
    the years; two expelled with the whole team (an expulsion on their last
    form; nothing of theirs after it).
  * Work liaison forms (工作联络单), about three a week over YEARS x 365
    days, numbered LL-YYYY-NNNN per property and year of filing after the
    numbers already there, as the app numbers them: filed 2-6 days ahead by
    customer service, a window of 1-28 days (day work 09:00-18:00, about one
    in ten at night 19:00-07:00), approved in the procedure's order
    (leadership, engineering, registration with its reply slip HF-YYYY-NNNN,
    security) before the start, leadership's extra approval where the work
    cuts power, water or equipment or crosses areas; about 4 % refused at one
    of the steps; closed by property service or security within a day of the
    end. The recent ones stand where their steps' times put them: active,
    or waiting at an earlier step. One small PNG drawing each.
  * 2-6 workers a form (work_form_workers), the first the team leader; about
    one in six of a special trade (电工、电焊、高处、燃气、起重) with a
    certificate valid over the window, now and then one expired (that worker
    never comes in); now and then one expelled (on a contractor incident).
  * The gate (site_entries): each worker, each session (working day or
    night) of a form once it was active, in within 45 minutes of the start
    and out before the end with what they carried out, by security; now and
    then a day or a worker missing; night entries flagged as the app flags
    them (outside the show house's hours). Up to OPEN_NOW workers inside now
    (on forms whose window runs on for at least half a day, so the watch has
    no overstay to tell of); every other entry is released.
  * Site checks (work_site_checks): protection before each session that had
    workers and the site cleared after each one that ended, a few lines not
    done with a note.
  * Incidents (contractor_incidents): 0-4 a contractor on its closed forms,
    violations, damage paid at price and expulsions of a worker; no service
    desk item (service_item_id empty: the desk's ten years are z城's).
  * Emergency entries (~1 a month, at night, a supervisor present, each
    reported within the day) and after-hours passes (~2 a week, decided by
    leadership, most admitted; the next days' ones waiting).
  * At least GATE_WORKERS (+ OPEN_NOW) workers of no special trade on active
    forms whose window covers now, with no outage or crossing: forms of 2-6
    such workers that started a day or two ago are added when the years did
    not leave that many. The gate's writers in `measure`.
  * The security guard ag.yuangong assigned to the property (staff_properties,
    as load.py assigns kf.lingban): `measure` lets workers in with their token.
  Prints one JSON line with the counts and seconds.

measure:
  1. One request at a time: /healthz (the same run's floor), the forms list
     (first page, and ?status=active), one form of a day five years ago (from
     that day's gate register), who is on site now, the gate register of the
     day five years ago. p50, p95, p99 of each. (With fewer years loaded the
     "five years ago" day is the middle of the data.)
  2. The gate, from N clients for S seconds, each working its own workers on
     the active forms whose window covers now: a worker let in (POST
     /work-forms/{id}/entries), then let out after the checks (POST
     /site-entries/{id}/exit), and the next: entries and exits per second
     (each a transaction with one audit event). As ag.yuangong (security:
     the gate is theirs), with a token asked for with the demo's password.
  Prints the figures and one line "BENCH_JSON {...}".
"""
import base64
import datetime
import http.client
import json
import random
import threading
import time
import urllib.parse

from api_client import Client, figures, healthz_floor, run_steps, show, timed_gets
from fixture import uid, ms, compact, open_property

DAY = 86400.0
HOUR = 3600.0
GATE_USER = "ag.yuangong"   # 安管员: the gate is security's (SH-44)
PASSWORD = "wuye2026"       # the demo's, as lib.sh's api_token uses
# DemoData.demoSignature: the team leader's signature as the demo stores it.
SIGNATURE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAgCAAAAADIqyKIAAAAmklEQVR42u1VQQ7AIAjr/z/NYrZkmaItblwWOAq2EEuFJQeKoAh+QYAzsghwRwrBBR2luItBC51L8swgBD2kwoA+xPbVIR6YhMBN0pa6/KJ+klrfGJPT+q1EYGTSqHraVOSeR19//vxNqQjiu/rFYpM9NdpXaoSNDNLGqtuEEVL1HM0F0YNuehp107euzO06Cd9ANr0+/SLgcQBPuviUu7lhHAAAAABJRU5ErkJggg==")
DRAWING = base64.b64decode(SIGNATURE.split(",", 1)[1])  # a small PNG standing in for the drawing
FIRMS = ["恒达", "安居", "美家", "华艺", "鑫盛", "宏图", "金匠", "佳美", "永固", "城建", "联创", "百安", "新时代", "精工", "卓越", "锦程", "天工", "嘉禾", "顺达", "立信"]
KINDS = ["装饰工程有限公司", "水电维修部", "软装设计工作室", "机电安装有限公司", "防水工程有限公司", "门窗幕墙有限公司", "消防工程有限公司", "家具安装服务部"]
CONTACTS = ["黄师傅", "林工", "陈女士", "张经理", "王师傅", "刘工", "赵经理", "周师傅", "吴工", "郑女士"]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建华", "永福", "小兵", "德明", "小虎", "磊", "国栋", "志明", "小军", "丽", "芳", "婷", "伟", "强", "军", "勇", "杰", "涛", "明", "超",
         "海波", "春生", "立新", "红兵", "卫东", "文斌", "振华", "学军", "长青", "光辉", "大伟", "晓东", "俊杰", "宏伟", "建军", "志刚", "新民", "国强"]
# (project, scope, area, cuts power, water, equipment, crosses areas, the trade one worker may have); "{h}" is the house, or 销售中心.
PROJECTS = [
    ("{h} 客厅墙面翻新", "客厅、餐厅墙面铲除旧漆，批荡后重新涂刷乳胶漆", "{h} 客厅、餐厅", 0, 0, 0, 0, None),
    ("{h} 主卫水管更换", "更换主卫冷热水管及角阀，试压", "{h} 主卫", 0, 1, 0, 0, "welder"),
    ("{h} 厨房插座线路检修", "检修厨房插座回路，更换漏电开关", "{h} 厨房", 1, 0, 0, 0, "electrician"),
    ("{h} 客厅吊顶修复", "拆除开裂石膏板吊顶，更换龙骨与石膏板，恢复灯带线路", "{h} 客厅", 1, 0, 0, 0, "heights"),
    ("{h} 主卧窗帘及软装更换", "更换主卧窗帘、床品与挂画", "{h} 主卧", 0, 0, 0, 0, None),
    ("{h} 次卧墙纸修补", "铲除窗下起鼓墙纸，处理基层后重贴", "{h} 次卧", 0, 0, 0, 0, None),
    ("{h} 外窗打胶防水", "窗框重新打胶，外墙窗台防水处理", "{h} 次卧外窗", 0, 0, 0, 0, "heights"),
    ("{h} 中央空调保养", "清洗空调内机与滤网，检查冷媒压力", "{h} 全屋", 0, 0, 1, 0, None),
    ("{h} 燃气热水器更换", "拆除旧热水器，安装新机并做气密性检测", "{h} 厨房阳台", 0, 0, 0, 0, "gas"),
    ("{h} 木地板打蜡保养", "全屋木地板清洁、打蜡、抛光", "{h} 客厅、卧室", 0, 0, 0, 0, None),
    ("{h} 入户门锁更换", "更换入户门智能门锁并调试", "{h} 玄关", 0, 0, 0, 0, None),
    ("{h} 家具调换", "主卧、书房家具搬出，新家具搬入安装", "{h} 主卧、书房及电梯厅", 0, 0, 0, 1, "lifting"),
    ("{h} 灯具更换", "更换客厅主灯与筒灯，检查回路", "{h} 客厅", 1, 0, 0, 0, "electrician"),
    ("{h} 卫生间防水翻新", "拆除地砖，重做防水层并闭水试验，复铺地砖", "{h} 主卫", 0, 1, 0, 0, None),
    ("{h} 阳台栏杆加固", "阳台玻璃栏杆立柱焊接加固", "{h} 阳台", 0, 0, 0, 0, "welder"),
]
REFUSALS = ["开放日期间不得施工，请改在闭馆日重新申报", "图纸未标明管线走向，请补充后重新申报", "施工人员名单与实际不符", "停电时间过长，请分段施工后重新申报"]
LEADERSHIP_NOTES = ["同意，注意成品保护", "同意，每日 18:00 前清场", None, None]
ENGINEERING_NOTES = ["图纸已审，按图施工", "按图施工，隐蔽工程验收后方可封板", None]
EXTRA_NOTES = ["同意分段停电，每次不超过 30 分钟", "同意停水，提前通知接待", "同意跨区域搬运，安管全程陪同"]
CARRIED = ["电钻、梯子", "工具箱", "拆下的旧料两袋", "梯子、电动工具", "施工垃圾一车（已登记）", "无", "切割机、工具包", "旧窗帘、包装纸箱"]
CHECK_ITEMS = {"before": ["地面已遮盖保护", "家具物品已遮盖或移开", "施工区域已隔离"],          # SiteCheckStage.items
               "after": ["施工现场已清理干净", "施工垃圾已清走", "物品已恢复原位", "门窗水电已关闭"]}
CHECK_PROBLEMS = {"before": ["茶几未遮盖，已要求补盖", "地毯未卷起，已移开"], "after": ["拆下的石膏板暂存阳台，约定次日 8 点前清运", "主卧台灯未复位，已通知施工队"]}
INCIDENTS = {"violation": ["未经许可进入其他样板房取用材料，跨区域施工，已当场制止并带离", "施工期间在室内吸烟，已制止", "超出联络单范围拆除墙面装饰线，已制止"],
             "damage": ["损坏客厅地砖一块", "搬运时刮花餐桌桌面", "打胶污染窗帘，需更换"],
             "expulsion": ["不服从安管人员管理，多次违规，驱逐出场", "酒后进场施工，驱逐出场"]}
EMERGENCIES = [("fire", 2, "{h} 烟感报警，进入查看火情"), ("typhoon", 10, "台风过境，{h} 客厅落地窗被吹开，雨水进入"),
               ("flooding", 10, "暴雨，{h} 阳台地漏倒灌，水浸客厅"), ("unlocked", 14, "夜巡发现 {h} 入户门未锁闭，进入检查有无人员滞留"),
               ("other", 4, "{h} 室内异响，进入查看")]
PASS_VISITORS = [("营销中心摄影团队 3 人", "拍摄夜景宣传照"), ("开发商工程部 2 人", "查看施工进度"), ("设计院 1 人", "复核软装陈列方案"),
                 ("营销中心 2 人", "布置次日开放活动"), ("维保单位 2 人", "检修空调")]


def load(args):
    started = time.time()
    prop = args.property
    con, zone = open_property(args.db, prop, "site_access.py")
    houses = con.execute("SELECT id, name, opens_at, closes_at FROM show_houses WHERE property_id = ? ORDER BY name", (prop,)).fetchall()
    if not houses:
        raise SystemExit(f"site_access.py: property {prop} has no show houses (run `show_houses.py load` first)")
    if con.execute("SELECT COUNT(*) FROM contractors WHERE property_id = ?", (prop,)).fetchone()[0]:
        raise SystemExit(f"site_access.py: property {prop} already has contractors")
    if args.contractors > len(FIRMS) * len(KINDS):
        raise SystemExit(f"site_access.py: at most {len(FIRMS) * len(KINDS)} contractors")

    # The people, as the demo casts them (DemoSiteAccess.swift); any active person of the department when one is missing.
    def person(username, department):
        found = con.execute("SELECT id, name FROM staff WHERE username = ? AND is_active = 1", (username,)).fetchone()
        if not found:
            found = con.execute("""SELECT s.id, s.name FROM staff s JOIN departments d ON d.id = s.department_id
                WHERE d.code = ? AND s.is_active = 1 ORDER BY s.username LIMIT 1""", (department,)).fetchone()
        if not found:
            raise SystemExit(f"site_access.py: no active {department} staff (run `wuye demo` first)")
        return found
    filers = [person(u, "customer_service")[0] for u in ("kf.zhuguan", "kf.yuangong", "kf.yuangong2")]  # take the form down (never an approver)
    leadership = [person("wy.jingli", "property_service")[0], person("leader", "property_service")[0]]    # 物业服务部领导
    leader = person("leader", "property_service")[0]                                                     # extra approvals, passes
    engineer = person("gc.lingban", "engineering")[0]                                                    # 工程负责人审图
    registrar = person("wy.zhuguan", "property_service")[0]                                              # registers, replies; contractors
    guard, guard_name = person(GATE_USER, "security")
    foreman, foreman_name = person("ag.lingban", "security")
    guards = [guard, foreman]
    supervisors = [person("ag.zhuguan", "security")[0], person("kf.zhuguan", "customer_service")[0]]    # 主管以上在场
    checkers = [person(u, "customer_service")[0] for u in ("kf.yuangong", "kf.yuangong2")] + [registrar]  # the show house's staff
    requesters = [person("kf.zhuguan", "customer_service")[0], registrar]

    now = time.time()
    today = datetime.datetime.fromtimestamp(now, zone).date()
    days = args.years * 365
    first = today - datetime.timedelta(days=days)
    rnd = random.Random(17)

    def at(date, minutes):
        """A local day's minute as a time (minutes past 1440 run into the next day)."""
        extra, rest = divmod(minutes, 1440)
        return datetime.datetime.combine(date + datetime.timedelta(days=extra), datetime.time(rest // 60, rest % 60), zone).timestamp()

    def clock(t):
        return datetime.datetime.fromtimestamp(t, zone).strftime("%H:%M")

    def night(t, house):
        """SiteAccessRules.isNight: outside the show house's reception hours."""
        opens, closes = (house[2] or "09:00", house[3] or "18:00") if house else ("09:00", "18:00")
        c = clock(t)
        return 1 if c < opens or c >= closes else 0

    # The contractors: fifteen from the first day, the rest registered over the years; two expelled in the middle years.
    names = rnd.sample([f + k for f in FIRMS for k in KINDS], args.contractors)
    contractors = []
    for n, name in enumerate(names):
        registered = at(first, 600) - 30 * DAY if n < 15 else at(first + datetime.timedelta(days=rnd.randrange(days - 60)), rnd.randrange(540, 1020))
        contractors.append({"id": uid(), "name": name, "contact": rnd.choice(CONTACTS), "phone": f"13{rnd.randrange(10**8, 10**9)}",
                            "registered": registered, "cutoff": None, "expelled": None, "reason": None})
    if args.years >= 2:
        for c, share in zip(rnd.sample(contractors[:15], 2), (0.35, 0.7)):
            c["cutoff"] = now - days * DAY * share

    def worker_name(taken):
        while True:
            name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            if name not in taken:
                return name

    forms = []

    def make_form(filed, start_date, nights, sessions, end=None, plain=False):
        """A form as filed and approved (`sessions` days or nights from `start_date`, or to `end`); its status, entries and checks are worked
        out from the times below."""
        house = rnd.choice(houses) if plain or rnd.random() < 0.85 else None
        project, scope, area, power, water, equipment, crosses, trade = rnd.choice(PROJECTS[:1] + PROJECTS[4:6] + PROJECTS[9:11] if plain else PROJECTS)
        if rnd.random() < 0.6:
            power = water = equipment = crosses = 0  # the job done without the outage or the crossing
        label = house[1] if house else "销售中心"
        start = at(start_date, 19 * 60 if nights else 9 * 60)
        if end is None:
            end = at(start_date + datetime.timedelta(days=sessions), 7 * 60) if nights else at(start_date + datetime.timedelta(days=sessions - 1), 18 * 60)
        # An expelled contractor files nothing that would run into its expulsion.
        eligible = [c for c in contractors if c["registered"] < filed and (c["cutoff"] is None or end < c["cutoff"] - 2 * DAY)]
        contractor = rnd.choice(eligible or contractors[:1])
        crew = []
        for position in range(1, rnd.randrange(2, 7) + 1):
            w = {"id": uid(), "position": position, "name": worker_name({x["name"] for x in crew}), "trade": None, "cert": None, "expires": None, "expelled": None}
            if not plain and position > 1 and (trade and position == 2 or rnd.random() < 0.04):
                w["trade"] = trade or rnd.choice(["electrician", "welder", "heights", "gas", "lifting"])
                w["cert"] = f"T{rnd.randrange(10**11, 10**12)}"
                last_day = datetime.datetime.fromtimestamp(end, zone).date()
                expired = rnd.random() < 0.05
                w["expires"] = (start_date - datetime.timedelta(days=rnd.randrange(1, 60)) if expired else last_day + datetime.timedelta(days=rnd.randrange(30, 1000))).isoformat()
            crew.append(w)
        f = {"id": uid(), "contractor": contractor, "house": house, "project": project.format(h=label), "scope": scope, "area": area.format(h=label),
             "start": start, "end": end, "nights": nights, "sessions": sessions, "start_date": start_date, "workers": crew, "filed": filed,
             "filed_by": rnd.choice(filers), "power": power, "water": water, "equipment": equipment, "crosses": crosses,
             "description": ("接待时间外施工（19:00 至次日 07:00）" if nights else "白天施工，每日 18:00 前清场") + ("；施工期间分段停电" if power else "") +
                            ("；施工期间关闭进户水阀" if water else "")}
        # The steps in the procedure's order, all before the start; leadership's extra approval after its own.
        gaps = [rnd.uniform(2, 30) * HOUR, rnd.uniform(2, 30) * HOUR, rnd.uniform(1, 20) * HOUR, rnd.uniform(1, 24) * HOUR]
        room = start - filed - 2 * HOUR
        if sum(gaps) > room:
            gaps = [g * room / sum(gaps) for g in gaps]
        steps, t = [], filed
        for g in gaps:
            t += g
            steps.append(t)
        f["steps"] = steps
        f["step_by"] = [rnd.choice(leadership), engineer, registrar, rnd.choice(guards)]
        f["refused_at_step"] = None if plain or rnd.random() >= 0.04 else rnd.randrange(4)
        needs = power or water or equipment or crosses
        f["extra"] = steps[0] + (steps[1] - steps[0]) * rnd.uniform(0.2, 0.8) if needs else None
        f["closed"] = end + rnd.uniform(0.5, 24) * HOUR
        f["closed_by"] = rnd.choice([registrar, foreman])
        forms.append(f)
        return f

    # About three forms a week: filed 2-6 days ahead, 1-28 sessions.
    durations, weights = [1, 2, 3, 4, 5, 7, 10, 14, 21, 28], [10, 14, 14, 12, 12, 12, 10, 8, 5, 3]
    for d in range(days, -1, -1):
        date = today - datetime.timedelta(days=d)
        for _ in range(rnd.choices([0, 1, 2], [0.6, 0.37, 0.03])[0]):
            filed = at(date, rnd.randrange(540, 1050)) + rnd.uniform(0, 60)
            if filed > now:
                continue
            make_form(filed, date + datetime.timedelta(days=rnd.randrange(2, 7)), rnd.random() < 0.1, rnd.choices(durations, weights)[0])

    def status(f, t):
        """Where the form stands at time t, by its steps' times."""
        refused = f["refused_at_step"]
        for i, s in enumerate(f["steps"]):
            if s > t:
                return ["filed", "leadership_approved", "drawings_approved", "registered"][i]
            if i == refused:
                return "refused"
        return "closed" if f["closed"] <= t else "active"

    def at_gate(f):
        """Whether the gate lets this form's plain workers in now: active, in its window, the outage agreed."""
        return status(f, now) == "active" and f["start"] <= now < f["end"] and (f["extra"] is None or f["extra"] <= now)

    # Enough workers of no special trade on active forms whose window covers now, with no outage or crossing, for the gate's writers
    # (and the handful inside now): forms added that started a day or two ago and run on for days.
    def plain_at_gate():
        return sum(1 for f in forms if at_gate(f) and not (f["power"] or f["water"] or f["equipment"] or f["crosses"]) for w in f["workers"] if w["trade"] is None)
    added = 0
    while plain_at_gate() < args.gate_workers + args.open_now:
        start_date = today - datetime.timedelta(days=rnd.randrange(1, 3))
        make_form(at(start_date - datetime.timedelta(days=rnd.randrange(2, 5)), rnd.randrange(540, 1050)), start_date, False, (today - start_date).days + 1,
                  end=at(today + datetime.timedelta(days=rnd.randrange(3, 15)), 18 * 60), plain=True)
        added += 1

    # The gate: each worker each session of an active form, released before the session's end; some inside now.
    entries, checks, open_candidates = [], [], []
    for f in forms:
        if status(f, now) not in ("active", "closed"):
            continue
        house = f["house"]
        for s in range(f["sessions"]):
            day = f["start_date"] + datetime.timedelta(days=s)
            begin, finish = (at(day, 19 * 60), at(day, 31 * 60)) if f["nights"] else (at(day, 9 * 60), at(day, 18 * 60))
            if begin > now or (f["sessions"] > 2 and rnd.random() < 0.08):
                continue
            came = []
            for w in f["workers"]:
                if w["expires"] and w["expires"] < day.isoformat() or rnd.random() < 0.05:
                    continue  # a certificate past its date keeps the worker out; now and then someone is away
                entered = begin + rnd.uniform(60, 45 * 60)
                left = finish - rnd.uniform(5 * 60, 60 * 60)
                if entered > now:
                    continue
                e = [uid(), prop, f["id"], w["id"], ms(entered), rnd.choice(guards), night(entered, house), None, None, None, None, None]
                if left <= now:
                    e[7], e[8], e[9] = ms(left), rnd.choice(guards), rnd.choice(CARRIED)
                    entries.append(e)
                    came.append(e)
                elif status(f, now) == "active" and f["end"] > now + 12 * HOUR:
                    open_candidates.append((f, e))  # not on a form about to end: the watch would tell of them still inside
            if came:
                first_in = min(e[4] for e in came)
                checks.append((f, "before", first_in - rnd.uniform(5 * 60, 30 * 60)))
                last_out = max(e[7] for e in came)
                after = last_out + rnd.uniform(5 * 60, 20 * 60)
                if after < now and after < f["closed"]:
                    checks.append((f, "after", after))
    # A handful inside now: those in the middle of today's session first; else some came in within the last hour and a half.
    rnd.shuffle(open_candidates)
    inside = open_candidates[:args.open_now]
    if len(inside) < args.open_now:
        taken = {e[3] for _, e in inside}
        spare = [(f, w) for f in forms if at_gate(f) and f["end"] > now + 12 * HOUR for w in f["workers"] if w["id"] not in taken and w["trade"] is None]
        for f, w in rnd.sample(spare, min(len(spare), args.open_now - len(inside))):
            entered = max(f["start"], now - rnd.uniform(10 * 60, 90 * 60))
            inside.append((f, [uid(), prop, f["id"], w["id"], ms(entered), rnd.choice(guards), night(entered, f["house"]), None, None, None, None, None]))
    entries.extend(e for _, e in inside)
    by_worker = {}
    for e in entries:
        by_worker.setdefault(e[3], []).append(e)

    # Incidents on closed forms: violations, damage at price, a worker expelled on their last day there.
    incidents = []
    closed = {}
    for f in forms:
        if status(f, now) == "closed" and any(w["id"] in by_worker for w in f["workers"]):
            closed.setdefault(f["contractor"]["id"], []).append(f)
    for c in contractors:
        mine = closed.get(c["id"], [])
        for _ in range(min(len(mine), rnd.choice([0, 1, 1, 2, 2, 3, 4]))):
            f = rnd.choice(mine)
            kind = rnd.choices(["violation", "damage", "expulsion"], [0.55, 0.35, 0.1])[0]
            came = [w for w in f["workers"] if w["id"] in by_worker and not w["expelled"]]
            if not came:
                continue
            w = rnd.choice(came)
            # A worker's entries are all on their form; an expulsion is on the worker's last day there.
            e = max(by_worker[w["id"]], key=lambda x: x[4]) if kind == "expulsion" else rnd.choice(by_worker[w["id"]])
            recorded = e[4] + (e[7] - e[4]) * rnd.uniform(0.2, 0.8)
            if kind == "expulsion":
                w["expelled"] = recorded
            incidents.append((uid(), prop, c["id"], f["id"], w["id"], kind, rnd.choice(INCIDENTS[kind]),
                              rnd.choice([8000, 12050, 35000, 60000, 150000, 280000]) if kind == "damage" else None,
                              1 if kind == "expulsion" or (kind == "violation" and rnd.random() < 0.5) or rnd.random() < 0.1 else 0,
                              None, registrar if kind == "damage" else rnd.choice(guards), ms(recorded)))
    # The two expelled with the whole team: on their last session at the gate, nothing of theirs after it.
    for c in contractors:
        if c["cutoff"] is None:
            continue
        theirs = [e for f in forms if f["contractor"] is c for w in f["workers"] for e in by_worker.get(w["id"], [])]
        if not theirs:
            c["cutoff"] = None
            continue
        last = max(theirs, key=lambda e: e[4])
        recorded = last[4] + (last[7] - last[4]) * rnd.uniform(0.2, 0.8)
        reason = rnd.choice(INCIDENTS["expulsion"])
        c["expelled"], c["reason"] = recorded, "施工队" + reason
        incidents.append((uid(), prop, c["id"], last[2], None, "expulsion", c["reason"], None, 1, None, foreman, ms(recorded)))
        # A form of theirs filed after it (refused or never worked, so nobody came in on it) was never filed.
        forms[:] = [f for f in forms if f["contractor"] is not c or f["filed"] < recorded]

    # Emergency entries, about one a month, at night, reported the next day.
    emergencies = []
    for month in range(args.years * 12):
        recorded = now - (month + rnd.random()) * 30.4 * DAY
        if recorded > now - 2 * DAY:
            recorded = now - 2 * DAY - rnd.uniform(0, 5 * DAY)
        date = datetime.datetime.fromtimestamp(recorded, zone).date()
        recorded = at(date, rnd.randrange(19 * 60, 29 * 60))
        house = rnd.choice(houses)
        kind, _, reason = rnd.choices(EMERGENCIES, [e[1] for e in EMERGENCIES])[0]
        entered = recorded + rnd.uniform(5, 25) * 60
        exited = entered + rnd.uniform(10, 70) * 60
        reported = exited + rnd.uniform(1, 20) * HOUR
        if reported > now:
            continue
        went = rnd.sample([(guard, guard_name), (foreman, foreman_name)], rnd.choice([1, 2]))
        emergencies.append((uid(), prop, house[0], kind, reason.format(h=house[1]), "、".join(n for _, n in went), went[0][0], ms(recorded),
                            rnd.choice(supervisors), ms(entered), None, ms(exited), went[0][0],
                            f"{clock(recorded)} 接报，{clock(entered)} 主管到场后进入 {house[1]} 查看处理，{clock(exited)} 离开，现场已恢复，无其他损失。", ms(reported), None))

    # After-hours passes, about two a week, for the evening after closing; the next days' ones still waiting.
    passes = []
    for d in range(days, -4, -1):
        date = today - datetime.timedelta(days=d)
        for _ in range(rnd.choices([0, 1, 2], [0.75, 0.21, 0.04])[0]):
            valid_from = at(date, rnd.randrange(18 * 60 + 30, 20 * 60 + 30))
            valid_until = valid_from + rnd.choice([1, 2, 2, 3]) * HOUR
            requested = valid_from - rnd.uniform(3 * HOUR, 3 * DAY)
            if requested > now:
                continue
            decided = min(requested + rnd.uniform(0.5, 12) * HOUR, valid_from - 600)
            approved = rnd.random() < 0.92
            decision = decided <= now
            admitted = valid_from + rnd.uniform(0, 30 * 60)
            admit = decision and approved and rnd.random() < 0.9 and admitted <= now
            visitor, purpose = rnd.choice(PASS_VISITORS)
            house = rnd.choice(houses)
            passes.append((uid(), prop, house[0], visitor, f"{house[1]} {purpose}", ms(valid_from), ms(valid_until), rnd.choice(requesters), ms(requested),
                           leader if decision else None, ms(decided) if decision else None, (1 if approved else 0) if decision else None,
                           ("同意，安管部全程陪同" if approved else "非必要，请改在接待时间") if decision else None,
                           guard if admit else None, ms(admitted) if admit else None))

    # Numbered in the order they were filed, per year on the property's clock, after the numbers already there (ReferenceNumber.next).
    forms.sort(key=lambda f: f["filed"])
    taken_numbers = {}
    for f in forms:
        year = str(datetime.datetime.fromtimestamp(f["filed"], zone).year)
        if year not in taken_numbers:
            prefix = f"LL-{year}-"
            taken_numbers[year] = con.execute("SELECT COUNT(*) FROM work_liaison_forms WHERE property_id = ? AND reference_no >= ? AND reference_no < ?",
                                              (prop, prefix, prefix[:-1] + ".")).fetchone()[0]
        taken_numbers[year] += 1
        f["reference"] = f"LL-{year}-{taken_numbers[year]:04d}"

    form_rows, worker_rows, drawings = [], [], []
    states = {}
    for f in forms:
        st = status(f, now)
        states[st] = states.get(st, 0) + 1
        steps = [s if s <= now and (f["refused_at_step"] is None or i < f["refused_at_step"]) else None for i, s in enumerate(f["steps"])]
        by = [p if steps[i] is not None else None for i, p in enumerate(f["step_by"])]
        refused = f["steps"][f["refused_at_step"]] if st == "refused" else None
        extra = f["extra"] if f["extra"] is not None and f["extra"] <= now and steps[0] is not None and st != "refused" else None
        c = f["contractor"]
        form_rows.append((f["id"], prop, f["reference"], c["id"], f["project"], f["scope"], f["house"][0] if f["house"] else None, f["area"], ms(f["start"]),
                          ms(f["end"]), len(f["workers"]), f["workers"][0]["name"], c["phone"], SIGNATURE, f["description"], f["power"], f["water"],
                          f["equipment"], f["crosses"], st, f["filed_by"], ms(f["filed"]),
                          by[0], ms(steps[0]), rnd.choice(LEADERSHIP_NOTES) if steps[0] else None,
                          by[1], ms(steps[1]), rnd.choice(ENGINEERING_NOTES) if steps[1] else None,
                          by[2], ms(steps[2]), "HF" + f["reference"][2:] if steps[2] else None,
                          by[3], ms(steps[3]),
                          leader if extra else None, ms(extra), rnd.choice(EXTRA_NOTES) if extra else None,
                          f["step_by"][f["refused_at_step"]] if refused else None, ms(refused), rnd.choice(REFUSALS) if refused else None,
                          f["closed_by"] if st == "closed" else None, ms(f["closed"]) if st == "closed" else None))
        for w in f["workers"]:
            worker_rows.append((w["id"], prop, f["id"], w["position"], w["name"], w["trade"], w["cert"], w["expires"], ms(w["expelled"])))
        drawings.append((uid(), prop, "work_liaison_form", f["id"], 0, "image/png", len(DRAWING), DRAWING, f["filed_by"], ms(f["filed"])))
    check_rows = []
    for f, stage, t in checks:
        lines = [{"item": item, "ok": True} for item in CHECK_ITEMS[stage]]
        if rnd.random() < 0.03:
            i = rnd.randrange(len(lines))
            lines[i] = {"item": lines[i]["item"], "note": rnd.choice(CHECK_PROBLEMS[stage]), "ok": False}
        check_rows.append((uid(), prop, f["id"], stage, compact(lines), 1 if all(x["ok"] for x in lines) else 0, rnd.choice(checkers), ms(t)))
    contractor_rows = [(c["id"], prop, c["name"], c["contact"], c["phone"], registrar, ms(c["registered"]), ms(c["expelled"]), c["reason"]) for c in contractors]

    # The guard lets workers in at this property in `measure` (as load.py assigns kf.lingban every bench property).
    granted = 0
    if not con.execute("SELECT 1 FROM staff_properties WHERE staff_id = ? AND property_id = ?", (guard, prop)).fetchone():
        con.execute("INSERT INTO staff_properties (id, staff_id, property_id) VALUES (?, ?, ?)", (uid(), guard, prop))
        con.execute("UPDATE staff SET assignments_version = assignments_version + 1 WHERE id = ?", (guard,))
        granted = 1

    con.executemany("""INSERT INTO contractors (id, property_id, name, contact, phone, registered_by_id, registered_at, expelled_at, expelled_reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", contractor_rows)
    con.executemany("""INSERT INTO work_liaison_forms (id, property_id, reference_no, contractor_id, project, scope, show_house_id, area, starts_at, ends_at,
        headcount, team_leader, leader_phone, leader_signature, description, cuts_power, cuts_water, cuts_equipment, crosses_areas, status, filed_by_id, filed_at,
        leadership_by_id, leadership_at, leadership_note, engineering_by_id, engineering_at, engineering_note, registered_by_id, registered_at, reply_no,
        security_by_id, security_at, extra_by_id, extra_at, extra_note, refused_by_id, refused_at, refusal_reason, closed_by_id, closed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", form_rows)
    con.executemany("""INSERT INTO work_form_workers (id, property_id, form_id, position, name, trade, certificate_no, certificate_expires, expelled_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", worker_rows)
    con.executemany("""INSERT INTO attachments (id, property_id, owner_type, owner_id, position, content_type, byte_count, bytes, added_by_id, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", drawings)
    con.executemany("""INSERT INTO site_entries (id, property_id, form_id, worker_id, entered_at, entered_by_id, night, exited_at, exited_by_id, carried_out,
        exit_note, overstay_alerted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries)
    con.executemany("INSERT INTO work_site_checks (id, property_id, form_id, stage, lines, all_ok, checked_by_id, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", check_rows)
    con.executemany("""INSERT INTO contractor_incidents (id, property_id, contractor_id, form_id, worker_id, kind, description, compensation_fen, work_stopped,
        service_item_id, recorded_by_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", incidents)
    con.executemany("""INSERT INTO emergency_entries (id, property_id, show_house_id, emergency, reason, guards, recorded_by_id, recorded_at, supervisor_id,
        entered_at, key_set_id, exited_at, exited_by_id, report, reported_at, report_alerted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", emergencies)
    con.executemany("""INSERT INTO after_hours_passes (id, property_id, show_house_id, visitor, purpose, valid_from, valid_until, requested_by_id, requested_at,
        decided_by_id, decided_at, approved, decision_note, admitted_by_id, admitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", passes)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    gate = [f for f in forms if at_gate(f)]
    inside_workers = {e[3] for _, e in inside}
    print(json.dumps({"contractors": len(contractors), "contractors_expelled": sum(1 for c in contractors if c["expelled"]), "days": days, "first_day": first.isoformat(),
                      "work_liaison_forms": len(forms), **{"forms_" + s: n for s, n in sorted(states.items())},
                      "forms_extra_approved": sum(1 for r in form_rows if r[34] is not None), "drawings": len(drawings),
                      "work_form_workers": len(worker_rows), "special_trades": sum(1 for w in worker_rows if w[5]),
                      "workers_expelled": sum(1 for w in worker_rows if w[8] is not None),
                      "site_entries": len(entries), "night_entries": sum(e[6] for e in entries), "on_site_now": len(inside),
                      "work_site_checks": len(check_rows), "contractor_incidents": len(incidents), "emergency_entries": len(emergencies),
                      "after_hours_passes": len(passes), "passes_waiting": sum(1 for p in passes if p[11] is None),
                      "forms_at_gate_now": len(gate), "forms_added_for_gate": added,
                      "gate_workers": sum(1 for f in gate for w in f["workers"] if w["trade"] is None and w["id"] not in inside_workers),
                      "guard_assigned": granted, "seconds": round(time.time() - started, 1)}))


def gate_token(base):
    """A bearer token for the security guard, asked for with the demo's password (as lib.sh's api_token asks for kf.lingban's)."""
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.request("POST", "/api/v1/tokens", body=json.dumps({"username": GATE_USER, "password": PASSWORD, "name": "bench gate"}),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = response.read()
    if response.status not in (200, 201):
        raise SystemExit(f"POST /api/v1/tokens for {GATE_USER}: {response.status} {payload[:200]!r}")
    return json.loads(payload)["token"]


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def gate_run(base, token, clients, seconds, crews):
    """Each client lets its own workers in and out in turn for SECONDS: (entries, exits, refused, elapsed s)."""
    counts = {"entries": 0, "exits": 0, "refused": 0}
    lock = threading.Lock()
    stop = time.time() + seconds

    def refused(what, code, payload):
        with lock:
            counts["refused"] += 1
            if counts["refused"] == 1:
                print(f"{what} refused: {code} {payload[:300]!r}")

    def client(crew):
        own = Client(base, token)
        crew = list(crew)
        n = 0
        while time.time() < stop and crew:
            form_id, worker_id = crew[n % len(crew)]
            code, payload, _ = own.call("POST", f"/api/v1/work-forms/{form_id}/entries", {"workerID": worker_id})
            if code != 201:
                refused("entry", code, payload)
                crew.remove((form_id, worker_id))
                continue
            entry = json.loads(payload)["id"]
            with lock:
                counts["entries"] += 1
            code, payload, _ = own.call("POST", f"/api/v1/site-entries/{entry}/exit", {"peopleChecked": True, "toolsChecked": True, "materialsChecked": True})
            if code != 200:
                refused("exit", code, payload)
                crew.remove((form_id, worker_id))  # still inside: not let in again
                continue
            with lock:
                counts["exits"] += 1
            n += 1

    started = time.time()
    threads = [threading.Thread(target=client, args=(crew,)) for crew in crews]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts["entries"], counts["exits"], counts["refused"], time.time() - started


def measure(args):
    client = Client(args.base, args.token)
    prop = args.property
    result = {}
    result["healthz"] = healthz_floor(client, args.requests)

    listing = f"/api/v1/properties/{prop}/work-forms"
    times, reply = timed_gets(client, listing, args.requests)
    if not reply["items"]:
        raise SystemExit(f"GET {listing}: no work liaison forms at {prop} (run `site_access.py load` first)")
    result["forms"] = {"listed": len(reply["items"]), "total": reply["total"], **figures(times)}
    show(f"forms list, first page ({result['forms']['listed']} of {result['forms']['total']})", result["forms"])
    times, reply = timed_gets(client, listing + "?status=active", args.requests)
    result["forms_active"] = {"listed": len(reply["items"]), "total": reply["total"], **figures(times)}
    show(f"forms list, ?status=active ({result['forms_active']['listed']} of {result['forms_active']['total']})", result["forms_active"])

    # The day five years back (or the middle of the data when fewer years are loaded), moved to the nearest day with entries at the gate.
    code, payload, _ = client.call("GET", f"{listing}?per=1&page={result['forms']['total']}")
    if code != 200:
        raise SystemExit(f"GET {listing} (the oldest): {code} {payload[:200]!r}")
    oldest = parse_time(json.loads(payload)["items"][0]["startsAt"])
    today = datetime.date.today()
    past = today - datetime.timedelta(days=5 * 365)
    if past < datetime.date.fromtimestamp(oldest):
        past = datetime.date.fromtimestamp((oldest + time.time()) / 2)
    register = None
    for shift in range(120):
        day = past + datetime.timedelta(days=(shift + 1) // 2 * (1 if shift % 2 else -1))
        code, payload, _ = client.call("GET", f"/api/v1/properties/{prop}/site-entries?day={day.isoformat()}")
        if code != 200:
            raise SystemExit(f"GET site-entries?day={day}: {code} {payload[:200]!r}")
        if json.loads(payload):
            register = f"/api/v1/properties/{prop}/site-entries?day={day.isoformat()}"
            past = day
            break
    if register is None:
        raise SystemExit(f"no day with entries at the gate within 60 days of {past}")
    times, reply = timed_gets(client, register, args.requests)
    result["register"] = {"day": past.isoformat(), "entries": len(reply), "night": sum(1 for e in reply if e["night"]), **figures(times)}
    form_id = reply[-1]["formID"]
    show(f"the gate register of {past} ({result['register']['entries']} entries, {result['register']['night']} at night)", result["register"])

    times, reply = timed_gets(client, f"/api/v1/work-forms/{form_id}", args.requests)
    result["form"] = {"referenceNo": reply["referenceNo"], "status": reply["status"], "workers": len(reply["workers"]), **figures(times)}
    show(f"a form of {past} ({reply['referenceNo']}, {reply['status']}, {len(reply['workers'])} workers)", result["form"])

    times, reply = timed_gets(client, f"/api/v1/properties/{prop}/on-site", args.requests)
    result["on_site"] = {"inside": len(reply), **figures(times)}
    show(f"who is on site now ({len(reply)} inside)", result["on_site"])

    # The gate's writers: the plain workers of active forms whose window covers now, outside, shared out over the clients.
    now = time.time()
    workers, page = [], 1
    while True:
        code, payload, _ = client.call("GET", f"{listing}?status=active&per=500&page={page}")
        if code != 200:
            raise SystemExit(f"GET {listing}?status=active: {code} {payload[:200]!r}")
        reply = json.loads(payload)
        for f in reply["items"]:
            if parse_time(f["startsAt"]) <= now < parse_time(f["endsAt"]) and (not f["needsExtraApproval"] or f.get("extraApprovedAt")):
                workers += [(f["id"], w["id"]) for w in f["workers"] if w["certificateValid"] and not w["expelled"] and not w.get("onSiteEntryID")]
        if page * reply["per"] >= reply["total"]:
            break
        page += 1
    if len(workers) < args.clients:
        raise SystemExit(f"{len(workers)} workers may come in now at {prop}, fewer than the {args.clients} clients (load with a larger --gate-workers)")
    random.Random(5).shuffle(workers)
    crews = [workers[i::args.clients] for i in range(args.clients)]
    entries, exits, refused, elapsed = gate_run(args.base, gate_token(args.base), args.clients, args.seconds, crews)
    result["gate_per_s"] = round((entries + exits) / elapsed, 1) if elapsed else None
    result["gate"] = {"entries": entries, "exits": exits, "refused": refused, "workers": len(workers), "clients": args.clients, "seconds": round(elapsed, 2),
                      "cycles_per_s": round(exits / elapsed, 1) if elapsed else None}
    print(f"the gate, {args.clients} clients over {len(workers)} workers: {result['gate_per_s']} entries+exits/s "
          f"({entries} in, {exits} out, {result['gate']['cycles_per_s']} workers in and out/s; {refused} refused)")
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    run_steps(load, measure, [("--contractors", 40), ("--gate-workers", 24), ("--open-now", 5)])
