#!/usr/bin/env python3
"""Raw SQLite commit rate: single-row INSERT transactions, one after another,
on a scratch file with the app's settings (journal_mode=WAL, synchronous=FULL,
foreign_keys=ON). The ceiling for any write path that commits once per action.

Prints one JSON line: {"commits": N, "seconds": S, "commits_per_s": R, "p99_ms": L}.
"""
import argparse
import json
import time
import uuid

import scratch_sqlite


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path", help="scratch SQLite file (created; removed afterwards)")
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    con = scratch_sqlite.open_fresh(args.path)
    # A row about the size of a key_checkouts row, with a UUID text key like the app's.
    con.execute("CREATE TABLE t (id UUID PRIMARY KEY, at REAL NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)")
    body = "x" * 300
    n, lat = 0, []
    start = time.perf_counter()
    end = start + args.seconds
    while True:
        t0 = time.perf_counter()
        if t0 >= end:
            break
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (id, at, name, body) VALUES (?,?,?,?)", (str(uuid.uuid4()).upper(), time.time(), "压测", body))
        con.execute("COMMIT")
        lat.append(time.perf_counter() - t0)
        n += 1
    elapsed = time.perf_counter() - start
    con.close()
    scratch_sqlite.remove(args.path)
    lat.sort()
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else 0.0
    print(json.dumps({"commits": n, "seconds": round(elapsed, 3), "commits_per_s": round(n / elapsed, 1), "p99_ms": round(p99, 3)}))


if __name__ == "__main__":
    main()
