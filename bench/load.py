#!/usr/bin/env python3
"""Bulk-load a large key-cabinet data set straight into a Wuye SQLite file.

A LOAD FIXTURE: rows are inserted with sqlite3 directly and bypass the app's
audit chain, so `wuye audit verify` is not expected to pass on the result.

Run after `wuye migrate` and `wuye demo` (it needs the demo company, staff and
the user kf.lingban). Adds:
  * PROPERTIES properties (code B0001…), 1 building each, UNITS units each,
    1 room key per unit (status in_cabinet, kind room);
  * CHECKOUTS returned key_checkouts spread over the last ~2 years
    (each key's share is spaced out so one key's loans never overlap);
  * staff_properties rows giving kf.lingban every new property.

Prints one JSON line on stdout: {"property_id": ..., "keys": [...], ...}
with the first big property and --pick in-cabinet room keys in it.

Storage follows what the app writes: UUIDs as uppercase TEXT, dates as REAL
seconds since 1970 (whole milliseconds), enums as their raw text.
"""
import argparse
import json
import random
import sqlite3
import sys
import time
from fixture import uid, ms

SIGNATURE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PURPOSES = ["维修漏水", "业主委托保洁", "看房", "装修验收", "抄表", "消防检查", "更换门锁前查验"]
OUTSIDERS = [("黄师傅", "恒达装饰"), ("林工", "安居水电维修"), ("王师傅", "美家保洁"), ("陈经理", "链家地产"), ("刘工", "城建消防")]
DAY = 86400.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--properties", type=int, default=1000)
    ap.add_argument("--units", type=int, default=50, help="units (and room keys) per property")
    ap.add_argument("--checkouts", type=int, default=500_000)
    ap.add_argument("--days", type=float, default=730, help="history spread over this many days before now")
    ap.add_argument("--pick", type=int, default=8, help="how many in-cabinet key ids of the first big property to print")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    started = time.time()

    con = sqlite3.connect(args.db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")  # 256 MiB
    cur = con.cursor()

    company = cur.execute("SELECT id FROM companies ORDER BY rowid LIMIT 1").fetchone()
    lingban = cur.execute("SELECT id FROM staff WHERE username = 'kf.lingban'").fetchone()
    if not company or not lingban:
        sys.exit("load.py: run `wuye demo` first (no company or no kf.lingban)")
    company, lingban = company[0], lingban[0]
    if cur.execute("SELECT count(*) FROM properties WHERE code LIKE 'B____'").fetchone()[0]:
        sys.exit("load.py: this database already has bench properties")
    staff = [r[0] for r in cur.execute("SELECT id FROM staff WHERE is_active = 1 ORDER BY username")]
    cs_staff = [r[0] for r in cur.execute(
        "SELECT s.id FROM staff s JOIN departments d ON d.id = s.department_id WHERE d.code = 'customer_service' AND s.is_active = 1")] or [lingban]
    staff_names = dict(cur.execute("SELECT id, name FROM staff"))

    now = time.time()
    registered = ms(now - args.days * DAY - 30 * DAY)
    properties, buildings, units, keys, grants = [], [], [], [], []
    for p in range(1, args.properties + 1):
        pid, bid = uid(), uid()
        properties.append((pid, company, f"压测小区{p:04d}", f"B{p:04d}", "Asia/Shanghai"))
        buildings.append((bid, pid, "1栋"))
        grants.append((uid(), lingban, pid))
        for u in range(args.units):
            floor, door = divmod(u, 5)
            number = f"{floor + 1}{door + 1:02d}"
            unit_id = uid()
            units.append((unit_id, pid, bid, number))
            keys.append((uid(), pid, unit_id, f"B{p:04d}-{number}-A", f"A-{u + 1:02d}", "room", "in_cabinet", 1,
                         registered, registered, None))

    # Checkouts: share them out over the keys round-robin; each key's loans sit
    # in consecutive, non-overlapping windows across the history.
    nkeys = len(keys)
    per_key = [args.checkouts // nkeys + (1 if i < args.checkouts % nkeys else 0) for i in range(nkeys)] if nkeys else []
    span = args.days * DAY

    def checkout_rows():
        for (key_id, pid, *_), n in zip(keys, per_key):
            if n == 0:
                continue
            window = span / n
            for j in range(n):
                start = now - span + j * window
                issued = ms(start + rnd.uniform(0, max(window - 10 * 3600, 60)))
                expected = ms(issued + rnd.choice([2, 4, 8]) * 3600)
                returned = ms(issued + rnd.uniform(0.5, 9) * 3600)
                issuer, receiver = rnd.choice(cs_staff), rnd.choice(cs_staff)
                purpose = rnd.choice(PURPOSES)
                if rnd.random() < 0.7:
                    borrower = rnd.choice(staff)
                    yield (uid(), pid, key_id, None, borrower, staff_names[borrower], None, None, None, purpose, issuer,
                           issued, expected, returned, receiver, "returned", None, ms(issued + 60), "session", None, None)
                else:
                    name, company_name = rnd.choice(OUTSIDERS)
                    yield (uid(), pid, key_id, None, None, name, f"138{rnd.randrange(10**8):08d}", "440106198001011234", company_name,
                           purpose, issuer, issued, expected, returned, receiver, "returned", None, issued, "signature", SIGNATURE, None)

    cur.execute("BEGIN")
    cur.executemany("INSERT INTO properties (id, company_id, name, code, time_zone) VALUES (?,?,?,?,?)", properties)
    cur.executemany("INSERT INTO buildings (id, property_id, name) VALUES (?,?,?)", buildings)
    cur.executemany("INSERT INTO units (id, property_id, building_id, number) VALUES (?,?,?,?)", units)
    cur.executemany("INSERT INTO room_keys (id, property_id, unit_id, tag, hook, kind, status, lock_no, registered_at, status_changed_at, note)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)", keys)
    cur.executemany("INSERT INTO key_checkouts (id, property_id, key_id, open_key_id, borrower_staff_id, borrower_name, borrower_phone,"
                    " borrower_id_number, borrower_company, purpose, issued_by_id, issued_at, expected_return_at, returned_at,"
                    " received_by_id, outcome, return_note, confirmed_at, confirmation, signature, spare_release_id)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", checkout_rows())
    cur.executemany("INSERT OR IGNORE INTO staff_properties (id, staff_id, property_id) VALUES (?,?,?)", grants)
    cur.execute("COMMIT")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    first = properties[0][0] if properties else None
    picked = [r[0] for r in cur.execute(
        "SELECT id FROM room_keys WHERE property_id = ? AND status = 'in_cabinet' AND kind = 'room' ORDER BY tag LIMIT ?",
        (first, args.pick))] if first else []
    counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("properties", "buildings", "units", "room_keys", "key_checkouts", "staff_properties")}
    print(json.dumps({"property_id": first, "keys": picked, "counts": counts, "seconds": round(time.time() - started, 1)}))


if __name__ == "__main__":
    main()
