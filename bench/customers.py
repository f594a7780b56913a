#!/usr/bin/env python3
"""Bulk-load a large customer-file data set straight into a Wuye SQLite file.

A LOAD FIXTURE, like load.py: rows bypass the app and its audit chain. Adds
one property (code CS0001) with BUILDINGS buildings of UNITS_PER units,
CUSTOMERS customers at those units (owners, tenants, household members) and
their search terms, written by the same rules as `SearchIndex.Terms` in
Sources/App/Core/SearchIndex.swift (the name and each of its endings, pinyin
initials and syllables, phone and ID number backwards, unit numbers).
`customer_search.py` checks a customer registered through the API is found
like the generated ones, so the two cannot drift apart unnoticed.

Prints one JSON line: {"property_id", "customers", "terms", "seconds", "queries": [...]}
with a sample of search texts people would type (names, name parts, pinyin
initials, phone and ID tails, unit numbers) drawn from the generated rows.
"""
import argparse
import datetime
import json
import random
import sqlite3
import time
from fixture import uid

# Characters with one common reading, so their pinyin is what ICU gives.
SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
            ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
            ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
            ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("彭", "peng"), ("欧阳", "ou yang"), ("司马", "si ma")]
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
         ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
         ("超", "chao"), ("兰", "lan"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"),
         ("建", "jian"), ("文", "wen"), ("玉", "yu"), ("红", "hong"), ("梅", "mei"), ("鑫", "xin"), ("宇", "yu"), ("浩", "hao"),
         ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("晨", "chen"), ("欣", "xin"), ("佳", "jia"), ("思", "si"), ("雨", "yu")]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
DAY = 86400.0


def fold(text):
    return "".join(c for c in text.lower() if not c.isspace() and c != "-")


def name_terms(name, syllables):
    terms = set()
    folded = fold(name)[:16]
    for start in range(len(folded)):
        terms.add("n" + folded[start:])
    parts = syllables.split()
    terms.add("y" + "".join(p[0] for p in parts))
    terms.add("y" + "".join(parts))
    return terms


def tail(text, kind):
    """The last four backwards (a tail search) and the whole number, exactly."""
    plain = "".join(c for c in fold(text) if c.isalnum())
    return {kind + plain[-4:][::-1], kind.upper() + plain + "$"} if plain else set()


def resident_id(i, rng):
    """Unique for each i: the birth day and sequence number come from it."""
    born = datetime.date(1945, 1, 1) + datetime.timedelta(days=i // 1000 * 7 % 21000)
    body = "4401%02d" % rng.randint(1, 20) + born.strftime("%Y%m%d") + "%03d" % (i % 1000)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]
    return body + check


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--buildings", type=int, default=40)
    ap.add_argument("--units-per", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=400, help="search texts to sample")
    args = ap.parse_args()
    started = time.time()
    rng = random.Random(2026)
    con = sqlite3.connect(args.db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    company = con.execute("SELECT id FROM companies LIMIT 1").fetchone()[0]
    clerk = con.execute("SELECT id FROM staff WHERE username = 'kf.yuangong'").fetchone()[0]
    leader = con.execute("SELECT id FROM staff WHERE username = 'kf.lingban'").fetchone()[0]
    now = time.time()
    prop = uid()
    con.execute("INSERT INTO properties (id, company_id, name, code, time_zone) VALUES (?, ?, ?, ?, ?)", (prop, company, "c城（百万客户）", "CS0001", "Asia/Shanghai"))
    for person in (clerk, leader):
        con.execute("INSERT INTO staff_properties (id, staff_id, property_id) VALUES (?, ?, ?)", (uid(), person, prop))
    units = []
    for b in range(args.buildings):
        building = uid()
        bname = f"{b + 1}栋"
        con.execute("INSERT INTO buildings (id, property_id, name) VALUES (?, ?, ?)", (building, prop, bname))
        rows = []
        for u in range(args.units_per):
            number = "%02d%02d" % (u // 100 + 1, u % 100 + 1)
            unit = uid()
            rows.append((unit, prop, building, number))
            units.append((unit, bname, number))
        con.executemany("INSERT INTO units (id, property_id, building_id, number) VALUES (?, ?, ?, ?)", rows)
    customers, ties, terms = [], [], []
    samples = {"name": [], "part": [], "initials": [], "phone": [], "id": [], "unit": [], "name+tail": []}
    total_terms = 0

    def flush():
        nonlocal customers, ties, terms
        con.executemany("INSERT INTO customers (id, property_id, name, name_initials, phone, id_type, id_number, identity, registered_by_id, registered_at, version) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", customers)
        con.executemany("INSERT INTO customer_units (id, property_id, customer_id, unit_id, relation, since, recorded_by_id, recorded_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ties)
        con.executemany("INSERT INTO customer_search_terms (property_id, term, record_id) VALUES (?, ?, ?)", terms)
        customers, ties, terms = [], [], []

    for i in range(args.customers):
        surname, s_py = SURNAMES[min(int(rng.expovariate(0.12)), len(SURNAMES) - 1)]
        given = [GIVEN[rng.randrange(len(GIVEN))] for _ in range(rng.choice((1, 2, 2)))]
        name = surname + "".join(g for g, _ in given)
        syllables = s_py + " " + " ".join(p for _, p in given)
        unit, bname, number = units[i % len(units)]
        relation = "owner" if i < len(units) else rng.choice(("member", "member", "tenant"))
        # Unique: a bijection of i onto nine digits.
        phone = "1%d%09d" % (rng.choice((3, 5, 8)), (i * 7919 + 12345) % 10**9) if relation != "member" or rng.random() < 0.5 else None
        id_number = resident_id(i, rng) if relation != "member" or rng.random() < 0.3 else None
        cid = uid()
        identity = f"id:resident_id:{id_number}" if id_number else (f"phone:{fold(name)}:{phone}" if phone else f"unit:{fold(name)}:{unit.lower()}:{i}")
        customers.append((cid, prop, name, "".join(p[0] for p in syllables.split()), phone, "resident_id" if id_number else None, id_number, identity,
                          clerk, now - rng.uniform(0, 3650) * DAY))
        ties.append((uid(), prop, cid, unit, relation, "20%02d-%02d-01" % (rng.randint(10, 26), rng.randint(1, 12)), clerk, now))
        t = name_terms(name, syllables) | tail(phone or "", "p") | tail(id_number or "", "i") | {"u" + fold(number), "u" + fold(bname + number)}
        total_terms += len(t)
        terms.extend((prop, term, cid) for term in t)
        if i % 997 == 0 and len(samples["name"]) < args.queries:
            samples["name"].append(name)
            samples["part"].append(name[-1])
            samples["initials"].append("".join(p[0] for p in syllables.split()))
            if phone:
                samples["phone"].append(phone[-4:])
                samples["name+tail"].append(name[-1] + " " + phone[-4:])
            if id_number:
                samples["id"].append(id_number[-4:])
            samples["unit"].append(bname + number)
        if len(customers) >= 20_000:
            flush()
    flush()
    con.commit()
    con.execute("ANALYZE")
    con.close()
    # People mostly type names, phone tails and units; fewer ID tails and pinyin.
    queries = []
    for kind, weight in (("name", 3), ("phone", 2), ("name+tail", 2), ("unit", 2), ("initials", 1), ("id", 1), ("part", 1)):
        for text in samples[kind][: args.queries * weight // 12]:
            queries.append([kind, text])
    rng.shuffle(queries)
    print(json.dumps({"property_id": prop, "customers": args.customers, "units": len(units), "terms": total_terms,
                      "seconds": round(time.time() - started, 1), "queries": queries}, ensure_ascii=False))


if __name__ == "__main__":
    main()
