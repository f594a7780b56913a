#!/usr/bin/env python3
"""Raw PostgreSQL commit rate: pgbench running single-row INSERT transactions
on a scratch table of the same server, with 1 client and with N clients.

    bench/pg_commit_rate.py URL [--seconds 5] [--clients 4]

Prints one JSON line; "commits_per_s" is the N-client rate (the same number of
connections as the checkout loop d2 it is compared with).
"""
import argparse
import json
import os
import re
import subprocess
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    subprocess.run(["psql", args.url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                    "DROP TABLE IF EXISTS bench_commit; CREATE TABLE bench_commit (id bigserial PRIMARY KEY, note text NOT NULL)"],
                   check=True, capture_output=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_commit (note) VALUES ('x');\n")
    rates = {}
    try:
        for clients in sorted({1, max(args.clients, 1)}):
            out = subprocess.run(["pgbench", "-n", "-f", script.name, "-c", str(clients), "-j", str(min(clients, os.cpu_count() or 1)),
                                  "-T", str(args.seconds), args.url], check=True, capture_output=True, text=True).stdout
            match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out) or re.search(r"tps = ([\d.]+)", out)
            rates[clients] = float(match.group(1)) if match else None
    finally:
        os.unlink(script.name)
        subprocess.run(["psql", args.url, "-q", "-c", "DROP TABLE IF EXISTS bench_commit"], capture_output=True)
    print(json.dumps({"commits_per_s": rates.get(max(args.clients, 1)), "one_client_per_s": rates.get(1),
                      "clients": max(args.clients, 1), "p99_ms": None}))


if __name__ == "__main__":
    main()
