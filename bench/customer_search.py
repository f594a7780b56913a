#!/usr/bin/env python3
"""Customer search and registration through the API, on the bench DB.

    customer_search.py BASE TOKEN PROPERTY_ID QUERIES.json [--seconds S] [--clients N]

1. A customer registered through the API is found again by each kind of
   search text, as the generated ones are (the fixture writes terms by the
   app's rules; this proves they agree).
2. Every sampled search text once, one request at a time: p50, p95, p99 per
   kind and overall (the target: p95 < 100 ms).
3. The list without a search text (first page, in pinyin order).
4. Registration: N clients posting new customers for S seconds: writes/s.

Prints the figures and one line "BENCH_JSON {...}".
"""
import argparse
import json
import random
import statistics
import threading
import time
import urllib.parse


from api_client import Client, percentile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("token")
    ap.add_argument("property")
    ap.add_argument("queries")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    fixture = json.load(open(args.queries))
    queries = fixture["queries"]
    client = Client(args.base, args.token, timeout=30)
    base = f"/api/v1/properties/{args.property}/customers"

    # 1. The app's terms and the fixture's agree.
    probe = {"name": "司马思雨", "phone": "13712340987", "idType": "resident_id", "idNumber": "11010519491231002X"}
    status, payload, _ = client.call("POST", base, probe)
    assert status in (201, 409), f"registering the probe customer: {status} {payload[:200]}"
    # A lone phone tail finds hundreds among a million; people add a word to narrow it.
    for text in ("司马思雨", "思雨", "smsy", "simasiyu", "思雨 0987", "smsy 002x", "13712340987"):
        status, payload, _ = client.call("GET", base + "?q=" + urllib.parse.quote(text) + "&per=100")
        names = [item["name"] for item in json.loads(payload)["items"]]
        assert status == 200 and "司马思雨" in names, f"searching {text!r} does not find the customer registered through the API: {status} {names[:5]}"
    print("terms: a customer registered through the API is found by name, name part, initials, pinyin, name with phone or ID tail, and the whole phone")

    # 2. Search latency, one request at a time.
    for kind, text in queries[:20]:
        client.call("GET", base + "?q=" + urllib.parse.quote(text))    # warm up
    by_kind = {}
    found = []
    for kind, text in queries:
        status, payload, ms = client.call("GET", base + "?q=" + urllib.parse.quote(text))
        assert status == 200, f"{text}: {status} {payload[:200]}"
        by_kind.setdefault(kind, []).append(ms)
        found.append(json.loads(payload)["total"])
    every = [ms for values in by_kind.values() for ms in values]
    print(f"search: {len(every)} queries over {fixture['customers']:,} customers; matches per query: median {statistics.median(found):.0f}, max {max(found)}")
    print(f"{'kind':10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rows = {}
    for kind, values in sorted(by_kind.items()) + [("all", every)]:
        rows[kind] = {"n": len(values), "p50": round(percentile(values, 50), 2), "p95": round(percentile(values, 95), 2), "p99": round(percentile(values, 99), 2)}
        print(f"{kind:10} {len(values):5} {rows[kind]['p50']:8.2f} {rows[kind]['p95']:8.2f} {rows[kind]['p99']:8.2f}")

    # 3. The plain list, first page.
    plain = [client.call("GET", base + "?per=50")[2] for _ in range(20)]
    print(f"list without search, first page of 50 (counts all): p50 {percentile(plain, 50):.1f} ms, p95 {percentile(plain, 95):.1f} ms")

    # 4. Registration throughput.
    counts = [0] * args.clients
    errors = []
    stop = time.time() + args.seconds

    def writer(n):
        c = Client(args.base, args.token, timeout=30)
        rnd = random.Random(n)
        while time.time() < stop:
            body = {"name": "压测客户", "phone": "199%02d%06d" % (n, rnd.randrange(10**6))}
            status, payload, _ = c.call("POST", base, body)
            if status == 201:
                counts[n] += 1
            elif status != 409:
                errors.append(f"{status} {payload[:120]}")
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.clients)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    writes = sum(counts) / elapsed
    assert not errors, f"registration errors: {errors[:3]}"
    print(f"register customer: {writes:.0f} writes/s ({args.clients} clients, {elapsed:.1f} s, {sum(counts)} customers)")
    print("BENCH_JSON " + json.dumps({"search": rows, "list_p50": round(percentile(plain, 50), 2), "list_p95": round(percentile(plain, 95), 2),
                                      "register_per_s": round(writes, 1)}))


if __name__ == "__main__":
    main()
