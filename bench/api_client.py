"""What the API-driving bench scripts share: a keep-alive client with a
bearer token that times each call, and percentiles."""
import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    def __init__(self, base, token, timeout=60):
        url = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        self.headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}

    def call(self, method, path, body=None):
        """(status, body bytes, milliseconds)"""
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        return response.status, payload, (time.perf_counter() - started) * 1000


def figures(times):
    """p50 (the median), p95, p99 of times in ms, rounded to 0.01 ms."""
    return {"p50": round(statistics.median(times), 2), "p95": round(percentile(times, 95), 2), "p99": round(percentile(times, 99), 2)}



def show(label, x):
    print(f"{label}: p50 {x['p50']} ms, p95 {x['p95']} ms, p99 {x['p99']} ms")


def healthz_floor(client, requests):
    """/healthz one at a time on the same kind of connection: the same run's floor for a request that reaches the database."""
    times = []
    for _ in range(requests):
        code, payload, took = client.call("GET", "/healthz")
        if code != 200:
            raise SystemExit(f"GET /healthz: {code} {payload[:200]!r}")
        times.append(took)
    floor = figures(times)
    show("/healthz (the same run's floor)", floor)
    return floor

def timed_gets(client, path, requests):
    """(times in ms, the last reply as JSON) for REQUESTS GETs of PATH, one at a time; any non-200 ends the run."""
    times, reply = [], None
    for _ in range(requests):
        code, payload, took = client.call("GET", path)
        if code != 200:
            raise SystemExit(f"GET {path}: {code} {payload[:200]!r}")
        reply = json.loads(payload)
        times.append(took)
    return times, reply


def write_for(base, token, clients, seconds, path, body, what):
    """POSTs BODY to PATH from CLIENTS keep-alive clients for SECONDS; counts
    201s and the rest, printing the first refusal. (done, failed, elapsed s)"""
    done, failed = [0], [0]
    lock = threading.Lock()
    stop = time.time() + seconds

    def writer():
        own = Client(base, token)
        while time.time() < stop:
            code, payload, _ = own.call("POST", path, body)
            with lock:
                if code == 201:
                    done[0] += 1
                else:
                    failed[0] += 1
                    if failed[0] == 1:
                        print(f"{what} refused: {code} {payload[:200]!r}")

    started = time.time()
    threads = [threading.Thread(target=writer) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], failed[0], time.time() - started


def write_spread(base, token, clients, seconds, houses, path_for, body, what):
    """N clients writing for `seconds`, shared out over `houses` (each numbers or counts its own records):
    (writes per second, failures)."""
    runs, threads = [], []
    for i, house in enumerate(houses):
        n = clients // len(houses) + (1 if i < clients % len(houses) else 0)
        if n:
            threads.append(threading.Thread(target=lambda house=house, n=n: runs.append(write_for(base, token, n, seconds, path_for(house), body, what))))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done, failed = sum(r[0] for r in runs), sum(r[1] for r in runs)
    elapsed = max((r[2] for r in runs), default=0)
    return (round(done / elapsed, 1) if elapsed else None), failed, len(threads)


def run_steps(load, measure, load_options):
    """The command line every step's script takes: `load DB PROPERTY [--years N …]`
    (the step's own options from `load_options`, a list of (flag, default)) or
    `measure BASE TOKEN PROPERTY [--seconds --clients --requests]`."""
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    lo = sub.add_parser("load")
    lo.add_argument("db")
    lo.add_argument("property")
    lo.add_argument("--years", type=int, default=10)
    for flag, default in load_options:
        lo.add_argument(flag, type=int, default=default)
    me = sub.add_parser("measure")
    me.add_argument("base")
    me.add_argument("token")
    me.add_argument("property")
    me.add_argument("--seconds", type=float, default=10)
    me.add_argument("--clients", type=int, default=4)
    me.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    load(args) if args.command == "load" else measure(args)
