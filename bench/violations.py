#!/usr/bin/env python3
"""Public-space violations on the bench DB: ten years of them, then the
register read and the report written through the API.

    violations.py load DB PROPERTY_ID [--years 10] [--per-year 2000]
    violations.py measure BASE TOKEN PROPERTY_ID [--seconds S] [--clients N]

load (a LOAD FIXTURE, like load.py: rows bypass the app and its audit chain):
  writes YEARS x PER_YEAR violations at PROPERTY_ID in every state, numbered
  WZ-YYYY-NNNN as the app numbers them. Prints one JSON line.

measure:
  1. The register (PS-4), one request at a time: the open ones (the default
     view) and all of them, first page: p50, p95, p99.
  2. Reports with one ~60 KB photo from N clients for S seconds: reports/s
     (each is the violation, its photo, two audit events, its number).
  Prints the figures and one line "BENCH_JSON {...}".
"""
import base64
import json
import random
import sqlite3
import struct
import time
import zlib

from api_client import Client, figures, run_steps, timed_gets, write_for
from fixture import uid, ms

KINDS = ["occupation", "signage", "graffiti", "posters", "damage", "other"]
PLACES = ["1栋大堂玻璃门", "2栋外墙", "中心广场东侧", "地下车库入口", "3栋电梯厅", "南门岗亭旁", "4栋底商外窗", "儿童游乐区"]
DAY = 86400.0


def load(args):
    started = time.time()
    con = sqlite3.connect(args.db)
    con.execute("PRAGMA synchronous = OFF")
    reporters = [r[0] for r in con.execute("SELECT id FROM staff WHERE is_active = 1")]
    clerk = con.execute("SELECT id FROM staff WHERE username = 'kf.yuangong'").fetchone()[0]
    boss = con.execute("SELECT id FROM staff WHERE username = 'kf.zhuguan'").fetchone()[0]
    rnd = random.Random(7)
    now = time.time()
    rows = []
    for year_back in range(args.years):
        year = time.gmtime(now - year_back * 365 * DAY).tm_year
        taken = con.execute("SELECT COUNT(*) FROM space_violations WHERE property_id = ? AND reference_no LIKE ?",
                            (args.property, f"WZ-{year}-%")).fetchone()[0]
        for n in range(args.per_year):
            reported = now - year_back * 365 * DAY - rnd.random() * 360 * DAY
            recent = now - reported < 20 * DAY
            status = rnd.choice(["reported", "ordered"]) if recent else rnd.choice(["restored"] * 8 + ["dismissed"])
            ordered = status != "reported" and status != "dismissed"
            restore_by = time.strftime("%Y-%m-%d", time.gmtime(reported + 5 * DAY)) if ordered else None
            penalty = rnd.choice([None, None, 5000, 20000]) if ordered else None
            paid = penalty is not None and (not recent or rnd.random() < 0.5)
            rows.append((uid(), args.property, f"WZ-{year}-{taken + n + 1:04d}", None, rnd.choice(PLACES), rnd.choice(KINDS), "巡查发现",
                         rnd.choice(reporters), ms(reported), status, None, "商户" if ordered else None,
                         clerk if ordered else None, ms(reported + 3600) if ordered else None, restore_by,
                         ms(reported + 6 * DAY) if ordered else None, None, 0,
                         clerk if status in ("restored", "dismissed") else None, ms(reported + 5 * DAY) if status in ("restored", "dismissed") else None, None,
                         penalty, "《管理规约》" if penalty else None, boss if penalty else None, ms(reported + 7 * DAY) if paid else None,
                         f"FK-{n}" if paid else None))
    con.executemany("""INSERT INTO space_violations (id, property_id, reference_no, space_id, place, kind, description, reported_by_id, reported_at,
        status, customer_id, party, ordered_by_id, ordered_at, restore_by, restore_due_at, order_note, failed_checks, closed_by_id, closed_at,
        closing_note, penalty_fen, penalty_basis, penalty_by_id, penalty_paid_at, penalty_receipt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    con.commit()
    print(json.dumps({"violations": len(rows), "seconds": round(time.time() - started, 1)}))


def photo_data_url():
    """A ~60 KB PNG of noise (it does not compress), standing in for a phone's photo after the browser shrinks it."""
    rnd = random.Random(3)
    width, height = 150, 130
    raw = b"".join(b"\x00" + bytes(rnd.getrandbits(8) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode(), len(png)


def measure(args):
    client = Client(args.base, args.token)
    base = f"/api/v1/properties/{args.property}/space-violations"
    result = {"list": {}}
    for status in ["open", "all"]:
        times, reply = timed_gets(client, f"{base}?status={status}", args.requests)
        result["list"][status] = {"total": reply["total"], **figures(times)}
        r = result["list"][status]
        print(f"register ({status}, {r['total']:,} rows, first page of 50): p50 {r['p50']} ms, p95 {r['p95']} ms, p99 {r['p99']} ms")

    photo, size = photo_data_url()
    done, failed, elapsed = write_for(args.base, args.token, args.clients, args.seconds, base,
                                      {"kind": "posters", "place": "1栋大堂玻璃门", "description": "压测：玻璃门小广告", "photos": [photo]}, "report")
    result["report_per_s"] = round(done / elapsed, 1)
    result["report_failed"] = failed
    result["photo_bytes"] = size
    print(f"reports with a {size // 1024} KB photo, {args.clients} clients: {done} in {elapsed:.1f} s = {result['report_per_s']}/s ({failed} refused)")
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    run_steps(load, measure, [("--per-year", 2000)])
