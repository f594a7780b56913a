#!/usr/bin/env python3
"""Summary table for bench/run.sh: reads RESULTS/{a0,a,b,c,d1,d2,e,e2,f,g,h,i,j,k,l,m,n,o,meta,load}.json
and the server log (one line per request: "METHOD /path STATUS N.Nms"), and
prints figures plus every non-2xx response the server logged, per endpoint."""
import collections
import json
import os
import re
import sys

results, server_log = sys.argv[1], sys.argv[2]


def load(name):
    path = os.path.join(results, name + ".json")
    try:
        with open(path) as f:
            return json.loads(f.read().strip() or "null")
    except (OSError, ValueError):
        return None


a0, a, b, c, d1, d2, e, e2, f, g, h, i, j, k, l, m, n, o, meta, loaded = (load(name) for name in ("a0", "a", "b", "c", "d1", "d2", "e", "e2", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "meta", "load"))


def f1(x, unit=""):
    return "—" if x is None else f"{x:,.1f}{unit}"


def ratio(x, y):
    return "—" if not x or not y else f"{x / y:.3f}"


def errs(r):
    if not r:
        return "—"
    parts = []
    if r.get("err_status"):
        parts.append(f"{r['err_status']} HTTP≥400")
    for k in ("connect", "read", "write", "timeout"):
        if r.get("err_" + k):
            parts.append(f"{r['err_' + k]} {k}")
    for k, label in (("bad_checkouts", "failed checkouts"), ("bad_returns", "failed returns")):
        if r.get(k):
            parts.append(f"{r[k]} {label}")
    return ", ".join(parts) or "0"


print("\n" + "=" * 100)
print(f"SUMMARY ({(meta or {}).get('engine', 'SQLite')})")
print("=" * 100)
if loaded:
    counts = loaded["counts"]
    print(f"data set: {counts['properties']:,} properties, {counts['units']:,} units, {counts['room_keys']:,} keys, {counts['key_checkouts']:,} checkouts "
          f"(bulk rows bypass the audit chain — a load fixture; `wuye audit verify` is not expected to pass)")
if meta:
    print(f"wrk duration {meta['duration']} per run; reads -t{meta['threads']} -c{meta['connections']}")
print()
rows = [
    ("a0", "GET /livez (no middleware, no DB)", a0),
    ("a", "GET /healthz", a),
    ("b", "GET /properties/P_ID/keys (page)", b),
    ("c", "GET /api/v1/properties/P_ID/keys (JSON)", c),
    ("d1", "checkout+return, 1 key, -t1 -c1", d1),
    ("d2", f"checkout+return, {d2['keys'] if d2 else '?'} keys, 1 per conn", d2),
    ("f", "GET ledger API, one month (-t2 -c4)", f),
]
def cores(name):
    """The server's CPU over the run and the machine's idle time, in cores (run.sh measures them from /proc)."""
    try:
        with open(os.path.join(results, name + "_cpu.txt")) as f:
            server, idle = f.read().split()
            return server, idle
    except (OSError, ValueError):
        return "—", "—"


print(f"{'run':<4}{'what':<44}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'server':>8}{'idle':>6}  errors / non-2xx")
for name, what, r in rows:
    if r is None and name == "d2" and meta and meta.get("checkout_keys") == 0:
        continue
    print(f"{name:<4}{what:<44}{f1(r and r['rps']):>10}{f1(r and r['p50_ms']):>10}{f1(r and r['p99_ms']):>10}{f1(r and r['max_ms']):>10}"
          f"{cores(name)[0]:>8}{cores(name)[1]:>6}  {errs(r)}")
print("(server, idle: cores the server used over the run, and cores left idle; wrk used the rest)")
print()
commit = e and e["commits_per_s"]
engine = (meta or {}).get("engine", "SQLite")
if e and "one_client_per_s" in e:
    print(f"e) raw PostgreSQL commits/s (pgbench single-row INSERT tx, fsync + synchronous_commit on): {f1(commit)} with {e['clients']} clients"
          f" (the figure d2 is compared with), {f1(e['one_client_per_s'])} with 1")
else:
    print(f"e) raw SQLite commits/s (single-row INSERT tx, WAL, synchronous=FULL): {f1(commit)}  (p99 {f1(e and e['p99_ms'])} ms)")
if e2:
    print(f"e2) the write's floor, the same SQL with no server: {f1(e2['tx_per_s'])} tx/s"
          f" (COMMIT {e2['commit_ms']:.3f} ms, the statements {e2['rest_ms']:.3f} ms a transaction)")
for name, r in (("d1", d1), ("d2", d2)):
    if not r:
        continue
    cps = r["cycles_per_s"]
    print(f"{name}) cycles/s: {cps:,.2f}  ({r['cycles']:,} cycles = checkout+return; app write tx/s = 2 x cycles/s = {2 * cps:,.1f})")
    if r.get("first_error"):
        print(f"    first error: {r['first_error']}")


def rate(r):
    return r and r.get("rps")


def check(value, target, at_least=True):
    if value is None:
        return "—"
    return "met" if (value >= target if at_least else value <= target) else "NOT met"


print("\nratios and limits (same run)")
print(f"{'':<50}{'now':>12}{'target':>12}  ")
table = []
for label, x, y, target in (
    ("/healthz ÷ /livez", rate(a), rate(a0), 0.50),
    ("cabinet page (b) ÷ /healthz", rate(b), rate(a), 0.20),
    ("JSON key list (c) ÷ /healthz", rate(c), rate(a), 0.30),
    ("checkout+return write tx/s (d2) ÷ raw commits/s", d2 and 2 * d2["cycles_per_s"], commit, 0.40),
    ("  the floor's own ratio (e2 ÷ raw commits/s)", e2 and e2["tx_per_s"], commit, None),
    ("  d2 ÷ the floor (e2): what the server keeps", d2 and 2 * d2["cycles_per_s"], e2 and e2["tx_per_s"], None),
    ("register customer writes/s (j) ÷ raw commits/s", j and j["register_per_s"], commit, None),
    ("violation reports with a photo/s (k) ÷ raw commits/s", k and k["report_per_s"], commit, None),
    ("service items recorded/s (l) ÷ raw commits/s", l and l["record_per_s"], commit, None),
    ("show-house batches sent/s (m) ÷ raw commits/s", m and m["batch_per_s"], commit, None),
    ("patrol rounds recorded/s (n) ÷ raw commits/s", n and n["patrol_per_s"], commit, None),
    ("gate entries+exits/s (o) ÷ raw commits/s", o and o["gate_per_s"], commit, None),
):
    value = x / y if x and y else None
    table.append((label, "—" if value is None else f"{value:.3f}", "" if target is None else f"≥ {target:.2f}",
                  "" if target is None else check(value, target)))
verify_rate = h and h["events"] / h["full_s"] if h and h.get("full_s") else None
peaks = [int(meta["vmhwm"].split()[0]) // 1024] if meta and meta.get("vmhwm", "?")[0].isdigit() else []
if h:
    peaks += [h["full_peak_kb"] // 1024, h["since_peak_kb"] // 1024]
for label, value, shown, target, at_least in (
    ("ledger API one month, p99 ms (f)", f and f["p99_ms"], f and f"{f['p99_ms']:.1f}", 50, False),
    ("cold start to first 200, s (g, median)", g and g["median_s"], g and g["median_s"] is not None and f"{g['median_s']:.2f}", 2, False),
    ("audit verify, events/s (h, full)", verify_rate, verify_rate and f"{verify_rate:,.0f}", 200_000, True),
    ("audit verify since a checkpoint, s (h)", h and h["since_s"], h and f"{h['since_s']:.2f}", 1, False),
    ("customer search p95 ms, one at a time (j)", j and j["search"]["all"]["p95"], j and f"{j['search']['all']['p95']:.1f}", 100, False),
    ("violation register p95 ms, all (k)", k and k["list"]["all"]["p95"], k and f"{k['list']['all']['p95']:.1f}", 100, False),
    ("service desk list p95 ms, open (l)", l and l["list"]["open"]["p95"], l and f"{l['list']['open']['p95']:.1f}", 100, False),
    ("service desk list p95 ms, all (l)", l and l["list"]["all"]["p95"], l and f"{l['list']['all']['p95']:.1f}", 100, False),
    ("service desk search p95 ms, all + q (l)", l and l["list"]["search"]["p95"], l and f"{l['list']['search']['p95']:.1f}", 100, False),
    ("a day's handover sheets p95 ms (l)", l and l["sheets"]["p95"], l and f"{l['sheets']['p95']:.1f}", 100, False),
    ("show-house list p95 ms, a past day (m)", m and m["list"]["past"]["p95"], m and f"{m['list']['past']['p95']:.1f}", 100, False),
    ("show-house list p95 ms, today (m)", m and m["list"]["today"]["p95"], m and f"{m['list']['today']['p95']:.1f}", 100, False),
    ("a show house's day p95 ms, a past day (m)", m and m["house_day"]["p95"], m and f"{m['house_day']['p95']:.1f}", 100, False),
    ("show-house daily summary p95 ms, live (m)", m and m["summary"]["live"]["p95"], m and f"{m['summary']['live']['p95']:.1f}", 100, False),
    ("duties of a day p95 ms, a past day (n)", n and n["day"]["past"]["p95"], n and f"{n['day']['past']['p95']:.1f}", 100, False),
    ("duties of a day p95 ms, today (n)", n and n["day"]["today"]["p95"], n and f"{n['day']['today']['p95']:.1f}", 100, False),
    ("a duty's month p95 ms, patrol (n)", n and n["month"]["p95"], n and f"{n['month']['p95']:.1f}", 100, False),
    ("rectification notices p95 ms, the list (n)", n and n["notices"]["p95"], n and f"{n['notices']['p95']:.1f}", 100, False),
    ("work forms list p95 ms, first page (o)", o and o["forms"]["p95"], o and f"{o['forms']['p95']:.1f}", 100, False),
    ("work forms list p95 ms, active (o)", o and o["forms_active"]["p95"], o and f"{o['forms_active']['p95']:.1f}", 100, False),
    ("a work form p95 ms, a past one (o)", o and o["form"]["p95"], o and f"{o['form']['p95']:.1f}", 100, False),
    ("who is on site p95 ms (o)", o and o["on_site"]["p95"], o and f"{o['on_site']['p95']:.1f}", 100, False),
    ("a day's gate register p95 ms, a past day (o)", o and o["register"]["p95"], o and f"{o['register']['p95']:.1f}", 100, False),
    ("peak RSS, MB (server; verify runs)", max(peaks) if peaks else None, peaks and " / ".join(map(str, peaks)), 150, False),
):
    table.append((label, shown or "—", f"{'≥' if at_least else '<'} {target:,}", check(value, target, at_least)))
for label, now, target, verdict in table:
    print(f"{label:<50}{now:>12}{target:>12}  {verdict}")
if i:
    print(f"\ncallgrind: JSON key list {i['list_ir']:,} instructions/request; cabinet page {i.get('page_ir', 0):,} instructions/request; checkout+return {i['cycle_ir']:,} instructions/cycle")
if meta:
    print(f"\nserver peak RSS (VmHWM): {meta['vmhwm']}   (VmRSS at end: {meta['vmrss']}; still running after the wrk runs: {meta['server_alive']})")
    print(f"bench DB after the runs: {meta['db_bytes'] / 2**20:,.0f} MiB, {meta['checkouts_after']:,} checkouts, {meta['open_after']} still open in P_ID"
          " (a wrk run may stop between a checkout and its return)")

# Every response the server logged, grouped by endpoint and status.
uuid = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
line = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD) (/\S*) (\d{3}) [\d.]+ms")
by = collections.Counter()
try:
    with open(server_log, errors="replace") as f:
        for text in f:
            m = line.search(text)
            if m:
                by[(m.group(1), uuid.sub(":id", m.group(2)), m.group(3))] += 1
except OSError:
    pass
print("\nresponses logged by the server (all runs, incl. set-up):")
if not by:
    print("  (none found in the server log: one line per request is logged at info level; `--env production` logs at notice)")
for (method, path, status), count in sorted(by.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
    expected = status.startswith("2") or (path == "/login" and status == "303")
    flag = "" if expected else "   <-- not 2xx"
    print(f"  {count:>9,}  {method:<5}{path:<48}{status}{flag}")
bad = {k: v for k, v in by.items() if not k[2].startswith("2") and k[1] != "/login"}
print(f"\nnon-2xx responses outside sign-in: {sum(bad.values()):,}" + ("" if not bad else "  — see above"))
if meta and meta.get("probe_errors"):
    print(f"{meta['probe_errors']} endpoint(s) failed the single-request probe before the load (body printed above)")
