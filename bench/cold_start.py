#!/usr/bin/env python3
"""Cold start: seconds from starting `wuye serve` to its first 200 on /healthz.

    bench/cold_start.py BINARY --port P [--runs 3] [--env production]

Uses the database in WUYE_DATABASE_URL. Each run starts the server, polls
every 5 ms, stops it. Prints one JSON line: {"runs": [...], "median_s": S}.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import time
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--env")
    args = ap.parse_args()
    command = [args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(args.port)] + (["--env", args.env] if args.env else [])
    runs = []
    for _ in range(args.runs):
        started = time.monotonic()
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answered = None
        try:
            while time.monotonic() - started < 30 and server.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=1) as response:
                        if response.status == 200:
                            answered = time.monotonic() - started
                            break
                except OSError:
                    time.sleep(0.005)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        runs.append(round(answered, 3) if answered is not None else None)
    good = [r for r in runs if r is not None]
    print(json.dumps({"runs": runs, "median_s": statistics.median(good) if good else None}))


if __name__ == "__main__":
    main()
