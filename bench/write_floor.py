#!/usr/bin/env python3
"""The floor under the write ratio: the SQL of a checkout and of a return,
replayed with no server around it, on a copy of the bench DB (same tables,
indexes, rows and pragmas: WAL, synchronous=FULL, foreign keys on).

    bench/write_floor.py BENCH_DB SCRATCH_DB --property P_ID [--seconds 5]

Each transaction is what the app's runs (see KeyCabinet.lend / takeBack and
AuditTail.flush): lock-read the key (and the checkout), insert or update the
checkout, update the key, move the audit head, insert the two audit events,
commit. One connection, one transaction after another, so it is the most any
server can reach for this action with one commit each on this file system:
the app's d2 rate divided by this says how much the app adds. Prints one JSON
line: {"tx_per_s", "commit_ms", "rest_ms", ...}.
"""
import argparse
import hashlib
import json
import sqlite3
import time
import uuid

import scratch_sqlite


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("scratch")
    ap.add_argument("--property", required=True)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    def copy_bench_db(con):
        source = sqlite3.connect(args.db)
        source.backup(con)  # the WAL's pages too, unlike a file copy
        source.close()
    con = scratch_sqlite.open_fresh(args.scratch, before_pragmas=copy_bench_db)
    keys = [r[0] for r in con.execute(
        "SELECT id FROM room_keys WHERE property_id = ? AND status = 'in_cabinet' AND kind = 'room' LIMIT 50", (args.property,))]
    actor = con.execute("SELECT issued_by_id FROM key_checkouts WHERE property_id = ? LIMIT 1", (args.property,)).fetchone()[0]
    # Snapshots the size of the app's (a checkout's is ~600 bytes of JSON, a key's ~300).
    checkout_snapshot, key_snapshot = json.dumps({"x": "c" * 560}), json.dumps({"x": "k" * 260})

    def audit(events):
        seq, head = con.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        rows = []
        for action, record_type, record_id, before, after in events:
            seq += 1
            link = hashlib.sha256(f"{head}{seq}{action}{record_id}{before}{after}".encode()).hexdigest()
            rows += [seq, time.time(), actor, "压测", action, record_type, record_id, args.property, before, after, head, link]
            head = link
        con.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, head))
        con.execute("INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, action, record_type, record_id, property_id,"
                    " before, after, prev_hash, hash) VALUES " + ",".join(["(?,?,?,?,?,?,?,?,?,?,?,?)"] * len(events)), rows)

    def commit():
        nonlocal commit_s
        started = time.perf_counter()
        con.execute("COMMIT")
        commit_s += time.perf_counter() - started

    transactions, commit_s, turn = 0, 0.0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        key = keys[turn % len(keys)]
        turn += 1
        now, checkout = time.time(), str(uuid.uuid4()).upper()
        con.execute("BEGIN IMMEDIATE")
        con.execute("SELECT * FROM room_keys WHERE id = ?", (key,)).fetchall()
        con.execute("INSERT INTO key_checkouts (id, property_id, key_id, open_key_id, borrower_name, borrower_phone, borrower_id_number,"
                    " purpose, issued_by_id, issued_at, expected_return_at, confirmed_at, confirmation, signature)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (checkout, args.property, key, key, "压测", "13800000000", "440106198001011234", "bench", actor, now, now + 3600,
                     now, "signature", "data:image/png;base64," + "A" * 92))
        con.execute("UPDATE room_keys SET status = 'out', status_changed_at = ? WHERE id = ?", (now, key))
        audit([("key.issued", "key_checkout", checkout, None, checkout_snapshot), ("key.issued", "room_key", key, key_snapshot, key_snapshot)])
        commit()
        con.execute("BEGIN IMMEDIATE")
        con.execute("SELECT * FROM key_checkouts WHERE id = ?", (checkout,)).fetchall()
        con.execute("SELECT * FROM room_keys WHERE id = ?", (key,)).fetchall()
        con.execute("UPDATE key_checkouts SET returned_at = ?, received_by_id = ?, outcome = 'returned', open_key_id = NULL WHERE id = ?",
                    (now, actor, checkout))
        con.execute("UPDATE room_keys SET status = 'in_cabinet', status_changed_at = ? WHERE id = ?", (now, key))
        audit([("key.returned", "key_checkout", checkout, checkout_snapshot, checkout_snapshot), ("key.returned", "room_key", key, key_snapshot, key_snapshot)])
        commit()
        transactions += 2
    elapsed = time.perf_counter() - start
    con.close()
    scratch_sqlite.remove(args.scratch)
    print(json.dumps({"transactions": transactions, "seconds": round(elapsed, 3), "tx_per_s": round(transactions / elapsed, 1),
                      "commit_ms": round(commit_s / transactions * 1000, 3),
                      "rest_ms": round((elapsed - commit_s) / transactions * 1000, 3)}))


if __name__ == "__main__":
    main()
