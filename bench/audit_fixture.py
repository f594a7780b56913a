#!/usr/bin/env python3
"""Append N audit events to a Wuye SQLite file, chained exactly as the app
chains them, so `wuye audit verify` checks them all (ten years of records).

    bench/audit_fixture.py DB --events 10000000

Run after `wuye demo` on a fresh file. The events are notes (record type
"note:bench"), which verify checks link by link and hash by hash but does not
compare with a row, so the chain stays intact. Prints one JSON line:
{"events": N, "seconds": S, "head": SEQ}.

The hash is the app's (Core/Audit.swift, AuditEvent.computedHash): SHA-256 of
seq, previous hash, time in ms, actor id, actor name, action, record type,
record id, property id, before, after, joined by newlines.
"""
import argparse
import hashlib
import json
import sqlite3
import time
import uuid


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--batch", type=int, default=50_000)
    args = ap.parse_args()
    started = time.time()
    con = sqlite3.connect(args.db, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA cache_size = -262144")
    seq, prev = con.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    # Ten years of notes, evenly spaced, ending an hour ago.
    end = time.time() - 3600
    step = (10 * 365.25 * 86400) / max(args.events, 1)
    first = end - step * args.events
    sha = hashlib.sha256
    rows = []
    con.execute("BEGIN")
    for index in range(args.events):
        seq += 1
        ms = int(round((first + index * step) * 1000))
        record = str(uuid.UUID(int=index + 1)).upper()
        text = f"{seq}\n{prev}\n{ms}\n\nbench\nbench.noted\nnote:bench\n{record}\n\n\n"
        digest = sha(text.encode()).hexdigest()
        rows.append((seq, ms / 1000.0, None, "bench", "bench.noted", "note:bench", record, None, None, None, prev, digest))
        prev = digest
        if len(rows) >= args.batch:
            con.executemany("INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, action, record_type, record_id, property_id, "
                            "before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows.clear()
    if rows:
        con.executemany("INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, action, record_type, record_id, property_id, "
                        "before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({"events": args.events, "seconds": round(time.time() - started, 1), "head": seq}))


if __name__ == "__main__":
    main()
