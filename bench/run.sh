#!/usr/bin/env bash
# Wuye benchmark: prints figures, no pass/fail thresholds.
#
#   bench/run.sh                      build release (swift build -c release --product wuye), then bench
#   bench/run.sh --binary PATH        skip the build, bench the given wuye binary
#   bench/run.sh --binary PATH --quick   5 s per wrk run (for trying the script out)
#
# Options:
#   --binary PATH        wuye binary to use (no build)
#   --duration D         wrk duration per run (default 15s; --quick sets 5s)
#   --quick              short runs (5s) for testing the script
#   --threads N --connections N   wrk shape for the read runs a-c (default -t2 -c16)
#   --checkout-keys N    keys/connections for the parallel checkout loop d2 (default 4; 0 skips d2)
#   --commit-seconds S   length of the raw commit-rate loop e (default 5)
#   --properties N --units N --checkouts N   size of the bulk data set (default 1000 / 50 / 500000)
#   --env NAME           passed to `wuye serve --env NAME` (e.g. production: less logging)
#   --port P             server port (default: a free one)
#   --workdir DIR        where the DB and logs go (default: a fresh temp dir, removed at the end)
#   --keep               keep the work dir (DB, server log, wrk outputs)
#   --customers N        customers in the customer-file property for the search runs j
#                        (default 1,000,000; --quick sets 100,000; 0 skips)
#   --audit-events N     size of the audit chain fixture for the verify runs h (default 10,000,000;
#                        --quick sets 1,000,000; 0 skips)
#   --postgres           the same runs against a throwaway PostgreSQL 15 (fsync and synchronous_commit
#                        on, via scripts/with-postgres.sh): the data is built in SQLite and copied over;
#                        e) becomes pgbench single-row INSERTs on the same server; h) stays SQLite-only
#   --profile            also run the server under valgrind --tool=callgrind and print instructions
#                        per request for the JSON key list and per checkout+return (i)
#
# Steps: fresh SQLite DB -> wuye migrate -> wuye demo -> bulk load (bench/load.py,
# direct sqlite3 inserts: a LOAD FIXTURE that bypasses the audit chain, so
# `wuye audit verify` is not expected to pass on the bench DB) -> wuye serve ->
# API token + signed-in session -> wrk runs:
#   a0) GET /livez (no middleware, no database: the ceiling for this binary)
#   a) GET /healthz (one database round trip)
#   b) GET /properties/P_ID/keys            (page, session cookie)
#   c) GET /api/v1/properties/P_ID/keys     (JSON, bearer token)
#   d1) checkout+return loop on one key, -t1 -c1
#   d2) checkout+return loops on N keys at once, one key per thread/connection
#   f) GET /api/v1/properties/P_ID/checkouts for the last month (the ledger API), -t2 -c4
#   g) cold start: `wuye serve` on the bench DB to its first 200, three times
#   e) raw SQLite commit rate (WAL, synchronous=FULL) on a scratch file
#   e2) the checkout's and return's SQL replayed with no server on a copy of the bench DB (the write's floor)
#   h) a fresh DB with N chained audit events (bench/audit_fixture.py): `wuye audit verify`
#      in full, then `--since` a signed checkpoint after 1,000 more events
#   i) with --profile: callgrind instructions per request
#   j) customer files: search p50/p95, the plain list, registration writes/s
#   k) public-space violations (ten years at P_ID): the register p50/p95, reports with a photo/s
#   l) service desk and handover (ten years at the demo's z城, which has the posts): the desk list p50/p95
#      (open, all, a search), a day's handover sheets, items recorded/s
#   m) show houses (ten years of four show houses' days at P_ID): the list (a past day, today), a house's day,
#      the daily summary generated live, p50/p95; visitor batches sent/s
#   n) duties at the show houses (ten years of their inspections, patrol rounds, misses, rectification notices at P_ID):
#      the duties of a day (a past day, today), the patrol duty's month, the notice list, p50/p95; patrol rounds recorded/s
#   o) site access (ten years of contractors, work liaison forms, the gate's entries, site checks, incidents, emergency entries
#      and after-hours passes at P_ID): the forms list (first page, active), a form, who is on site, a day's gate register,
#      p50/p95; workers let in and out at the gate/s
# then a summary table with each ratio against its target, and peak RSS (VmHWM).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
source "$BENCH_DIR/lib.sh"

BINARY=""
DURATION=""
QUICK=0
THREADS=2
CONNECTIONS=16
CHECKOUT_KEYS=4
COMMIT_SECONDS=5
PROPERTIES=1000
UNITS=50
CHECKOUTS=500000
SERVE_ENV=""
PORT=""
WORKDIR=""
KEEP=0
AUDIT_EVENTS=""
CUSTOMERS=""
PROFILE=0
POSTGRES=0
ARGS=("$@")

die() { echo "bench: $*" >&2; exit 1; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) BINARY="${2:?}"; shift 2 ;;
    --duration) DURATION="${2:?}"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --threads) THREADS="${2:?}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?}"; shift 2 ;;
    --checkout-keys) CHECKOUT_KEYS="${2:?}"; shift 2 ;;
    --commit-seconds) COMMIT_SECONDS="${2:?}"; shift 2 ;;
    --properties) PROPERTIES="${2:?}"; shift 2 ;;
    --units) UNITS="${2:?}"; shift 2 ;;
    --checkouts) CHECKOUTS="${2:?}"; shift 2 ;;
    --env) SERVE_ENV="${2:?}"; shift 2 ;;
    --port) PORT="${2:?}"; shift 2 ;;
    --workdir) WORKDIR="${2:?}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --audit-events) AUDIT_EVENTS="${2:?}"; shift 2 ;;
    --customers) CUSTOMERS="${2:?}"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --postgres) POSTGRES=1; shift ;;
    -h|--help) sed -n '2,58p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
if [[ -z "$DURATION" ]]; then DURATION=$([[ $QUICK == 1 ]] && echo 5s || echo 15s); fi
if [[ -z "$AUDIT_EVENTS" ]]; then AUDIT_EVENTS=$([[ $QUICK == 1 ]] && echo 1000000 || echo 10000000); fi
if [[ -z "$CUSTOMERS" ]]; then CUSTOMERS=$([[ $QUICK == 1 ]] && echo 100000 || echo 1000000); fi

if [[ $POSTGRES == 1 && -z "${WUYE_TEST_POSTGRES_URL:-}" ]]; then
  # Again, inside a throwaway PostgreSQL server that keeps every commit durable.
  WUYE_PG_DURABLE=1 exec "$REPO_DIR/scripts/with-postgres.sh" "$0" "${ARGS[@]}"
fi
export PATH="${PGBIN:-/usr/lib/postgresql/15/bin}:$PATH"

for tool in python3 curl sqlite3; do command -v "$tool" >/dev/null || die "$tool is required"; done
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk"
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }) || die "could not install wrk"
fi

# ---- work dir, server, cleanup ------------------------------------------------
SERVER_PID=""
OWN_WORKDIR=0
if [[ -z "$WORKDIR" ]]; then WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/wuye-bench.XXXXXX")"; OWN_WORKDIR=1; else mkdir -p "$WORKDIR"; fi
WORKDIR="$(cd "$WORKDIR" && pwd)"
stop_server() { # TERM, up to 5 s grace, then KILL; only the pid this script started
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  local rc=$?
  stop_server
  if [[ $KEEP == 1 ]]; then
    echo "bench: kept $WORKDIR"
  elif [[ $OWN_WORKDIR == 1 ]]; then
    rm -rf "$WORKDIR"
  else
    rm -f "$WORKDIR"/bench.sqlite* "$WORKDIR"/commit.sqlite* "$WORKDIR"/audit.sqlite* "$WORKDIR"/cookies.txt
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

RESULTS="$WORKDIR/results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
DB="$WORKDIR/bench.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
export WUYE_DATABASE_URL="sqlite:$DB"

step() { printf '\n== %s\n' "$*"; }
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }

# ---- build ----------------------------------------------------------------------
if [[ -z "$BINARY" ]]; then
  step "swift build -c release --product wuye"
  (cd "$REPO_DIR" && swift build -c release --product wuye)
  BINARY="$(cd "$REPO_DIR" && swift build -c release --show-bin-path)/wuye"
fi
[[ -x "$BINARY" ]] || die "no executable at $BINARY"
BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"

echo "Wuye benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "binary:   $BINARY"
echo "commit:   $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO_DIR" diff --quiet HEAD -- Sources 2>/dev/null || echo ' (+ uncommitted changes in Sources)')"
echo "machine:  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk and the server share them"
echo "workdir:  $WORKDIR"
echo "wrk:      duration $DURATION; reads -t$THREADS -c$CONNECTIONS; checkout loop -t1 -c1 and -t$CHECKOUT_KEYS -c$CHECKOUT_KEYS"

# ---- database -------------------------------------------------------------------
step "fresh database: wuye migrate, wuye demo"
"$BINARY" migrate >"$WORKDIR/setup.log" 2>&1 || { cat "$WORKDIR/setup.log"; die "wuye migrate failed"; }
"$BINARY" demo >>"$WORKDIR/setup.log" 2>&1 || { cat "$WORKDIR/setup.log"; die "wuye demo failed"; }
echo "demo loaded ($(sqlite3 "$DB" 'select count(*) from room_keys') keys, $(sqlite3 "$DB" 'select count(*) from key_checkouts') checkouts)"

step "bulk load (direct sqlite3; bypasses the audit chain: 'wuye audit verify' is NOT expected to pass on this DB)"
NPICK=$((1 + CHECKOUT_KEYS))
python3 "$BENCH_DIR/load.py" "$DB" --properties "$PROPERTIES" --units "$UNITS" --checkouts "$CHECKOUTS" --pick "$NPICK" >"$RESULTS/load.json"
python3 - "$RESULTS/load.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"loaded in {d['seconds']} s; table rows now: " + ", ".join(f"{k} {v:,}" for k, v in d["counts"].items()))
EOF
P_ID="$(json_get '["property_id"]' <"$RESULTS/load.json")"
mapfile -t KEYS < <(python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["keys"]))' <"$RESULTS/load.json")
[[ ${#KEYS[@]} -ge $NPICK ]] || die "wanted $NPICK in-cabinet keys in $P_ID, got ${#KEYS[@]}"
K_ID="${KEYS[0]}"
D2_KEYS="$(IFS=,; echo "${KEYS[*]:1}")"
echo "P_ID=$P_ID ($(sqlite3 "$DB" "select count(*) from room_keys where property_id='$P_ID'") keys, $(sqlite3 "$DB" "select count(*) from key_checkouts where property_id='$P_ID'") checkouts)"
echo "K_ID=$K_ID (loop d1); loop d2 keys: ${KEYS[*]:1}"
if [[ $CUSTOMERS -gt 0 ]]; then
  step "customer files: $CUSTOMERS customers in one property, with their units and search terms (direct sqlite3)"
  python3 "$BENCH_DIR/customers.py" "$DB" --customers "$CUSTOMERS" >"$RESULTS/customers_load.json"
  python3 -c 'import json,sys; d=json.load(sys.stdin); print("property %s: %s customers, %s units, %s search terms in %s s" % (d["property_id"], format(d["customers"], ","), format(d["units"], ","), format(d["terms"], ","), d["seconds"]))' <"$RESULTS/customers_load.json"
fi
step "public-space violations: ten years of them at P_ID (direct sqlite3)"
python3 "$BENCH_DIR/violations.py" load "$DB" "$P_ID" | tee "$RESULTS/violations_load.json"
# The service desk and the handover sheets go to the demo's z城: the bench properties (P_ID) have no posts to hand over.
SD_ID="$(sqlite3 "$DB" "select id from properties where code = 'ZC'")"
[[ -n "$SD_ID" ]] || die "no demo property ZC (z城) for the service desk runs"
step "service desk and handover: ten years of items and of handover sheets at z城 $SD_ID (direct sqlite3)"
python3 "$BENCH_DIR/service_desk.py" load "$DB" "$SD_ID" | tee "$RESULTS/service_desk_load.json"
step "show houses: ten years of four show houses' days at P_ID (direct sqlite3)"
python3 "$BENCH_DIR/show_houses.py" load "$DB" "$P_ID" | tee "$RESULTS/show_houses_load.json"
# The duties are the show houses': after their load, whose counts and signed days three of the duties are kept by.
step "duties: ten years of the show houses' inspections, patrol rounds, misses and rectification notices at P_ID (direct sqlite3)"
python3 "$BENCH_DIR/duties.py" load "$DB" "$P_ID" | tee "$RESULTS/duties_load.json"
# Site access needs the show houses too (emergency entries and after-hours passes are for one; most forms are).
step "site access: ten years of contractors, work liaison forms, gate entries, site checks, incidents, emergency entries and after-hours passes at P_ID (direct sqlite3)"
python3 "$BENCH_DIR/site_access.py" load "$DB" "$P_ID" | tee "$RESULTS/site_access_load.json"
echo "DB size: $(du -h "$DB" | cut -f1)"
sync  # the load ran with synchronous=OFF: flush it now, not under the benchmark

# dbq SQL: one value from the database the server runs on.
dbq() { sqlite3 "$DB" "$1"; }
if [[ $POSTGRES == 1 ]]; then
  PG_URL="$WUYE_TEST_POSTGRES_URL"
  PG_SUPER="${WUYE_TEST_POSTGRES_SUPERUSER_URL%/postgres?*}/app?sslmode=disable"
  step "PostgreSQL: wuye migrate, then every row of the SQLite bench DB copied over"
  WUYE_DATABASE_URL="$PG_URL" "$BINARY" migrate >>"$WORKDIR/setup.log" 2>&1 || { tail -20 "$WORKDIR/setup.log"; die "wuye migrate on PostgreSQL failed"; }
  python3 "$BENCH_DIR/sqlite_to_pg.py" "$DB" "$PG_SUPER"
  psql "$PG_SUPER" -At -c "SHOW fsync" -c "SHOW synchronous_commit" | paste -sd' ' | sed 's/^/fsync, synchronous_commit: /'
  export WUYE_DATABASE_URL="$PG_URL"
  dbq() { psql "$PG_SUPER" -At -c "$1"; }
fi

# ---- server ---------------------------------------------------------------------
if [[ -z "$PORT" ]]; then
  PORT="$(free_port)"
fi
BASE="http://127.0.0.1:$PORT"
step "wuye serve on $BASE${SERVE_ENV:+ (--env $SERVE_ENV)}"
SERVE_ARGS=(serve --hostname 127.0.0.1 --port "$PORT")
[[ -n "$SERVE_ENV" ]] && SERVE_ARGS+=(--env "$SERVE_ENV")
"$BINARY" "${SERVE_ARGS[@]}" >"$WORKDIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 600); do
  curl -sf -o /dev/null "$BASE/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORKDIR/server.log"; die "server exited"; }
  sleep 0.1
done
curl -sf -o /dev/null "$BASE/healthz" || { tail -20 "$WORKDIR/server.log"; die "server did not answer /healthz"; }
echo "server pid $SERVER_PID is up"

# API token.
TOKEN="$(api_token "$BASE")" || die "no API token"
echo "API token for kf.lingban: ${TOKEN:0:8}…"

# Signed-in session for pages.
SESSION="$(page_session "$BASE" "$WORKDIR")" || die "no signed-in session"
COOKIE="Cookie: wuye_session=$SESSION"
echo "signed in as kf.lingban (session cookie ${SESSION:0:8}…)"

# One request to each endpoint first: status, size, time; the body if it is not 2xx.
ENDPOINT_ERRORS=0
probe() { # name url [curl args...]
  local name="$1" url="$2"; shift 2
  local out="$WORKDIR/probe.body" code
  code="$(curl -s -o "$out" -w '%{http_code} %{size_download}B %{time_total}s' "$@" "$url")"
  printf '  %-4s %-58s HTTP %s\n' "$name" "${url#$BASE}" "$code"
  if [[ "${code%% *}" != 2?? ]]; then
    ENDPOINT_ERRORS=$((ENDPOINT_ERRORS + 1))
    echo "       body: $(head -c 1500 "$out")"
  fi
}
step "single requests before the load"
probe a0 "$BASE/livez"
probe a "$BASE/healthz"
probe b "$BASE/properties/$P_ID/keys" -H "$COOKIE"
probe c "$BASE/api/v1/properties/$P_ID/keys" -H "Authorization: Bearer $TOKEN"

# ---- wrk runs -------------------------------------------------------------------
# The server's CPU time so far, in clock ticks (user + system); the machine's idle time (idle + iowait).
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
idle_ticks() { awk '/^cpu / {print $5 + $6}' /proc/stat; }

run_wrk() { # name description wrk-args...
  local name="$1" desc="$2"; shift 2
  step "$name) $desc"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server is not running; skipped"; return; fi
  local ticks0 idle0 start
  ticks0="$(server_ticks)"; idle0="$(idle_ticks)"; start="$(date +%s.%N)"
  wrk --latency --timeout 10s -d "$DURATION" "$@" >"$RESULTS/wrk_$name.txt" 2>&1 || true
  # How busy the server was (cores of CPU it used over the run) and how much of the machine stayed idle:
  # a run with idle cores left is bound by something other than CPU.
  python3 -c 'import sys; t, i, s, hz = (float(x) for x in sys.argv[1:]); print(f"{t / hz / s:.2f} {i / hz / s:.2f}")' \
    "$(( $(server_ticks) - ticks0 ))" "$(( $(idle_ticks) - idle0 ))" \
    "$(python3 -c "import sys,time; print(time.time() - float(sys.argv[1]))" "$start")" "$(getconf CLK_TCK)" >"$RESULTS/${name}_cpu.txt"
  read -r SERVER_CORES IDLE_CORES <"$RESULTS/${name}_cpu.txt"
  echo "over the run: the server used $SERVER_CORES cores; $IDLE_CORES of the machine's $(nproc) stayed idle (wrk is the rest)"
  grep -v '^BENCH_JSON' "$RESULTS/wrk_$name.txt" || true
  grep '^BENCH_JSON' "$RESULTS/wrk_$name.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/$name.json" || true
  [[ -s "$RESULTS/$name.json" ]] || echo "(no figures from wrk for $name)"
}
run_wrk a0 "GET /livez (no middleware, no database)" -t"$THREADS" -c"$CONNECTIONS" -s "$BENCH_DIR/report.lua" "$BASE/livez"
run_wrk a "GET /healthz" -t"$THREADS" -c"$CONNECTIONS" -s "$BENCH_DIR/report.lua" "$BASE/healthz"
run_wrk b "GET /properties/$P_ID/keys (page, session)" -t"$THREADS" -c"$CONNECTIONS" -s "$BENCH_DIR/report.lua" -H "$COOKIE" "$BASE/properties/$P_ID/keys"
run_wrk c "GET /api/v1/properties/$P_ID/keys (JSON, bearer)" -t"$THREADS" -c"$CONNECTIONS" -s "$BENCH_DIR/report.lua" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/properties/$P_ID/keys"
export BENCH_TOKEN="$TOKEN"; BENCH_KEYS="$K_ID" \
  run_wrk d1 "checkout+return loop, 1 key, -t1 -c1" -t1 -c1 -s "$BENCH_DIR/checkout.lua" "$BASE"
if [[ $CHECKOUT_KEYS -gt 0 ]]; then
  curl -s "$BASE/metrics" >"$RESULTS/metrics_before_d2.txt" || true
  BENCH_TOKEN="$TOKEN" BENCH_KEYS="$D2_KEYS" \
    run_wrk d2 "checkout+return loops, $CHECKOUT_KEYS keys, one per connection, -t$CHECKOUT_KEYS -c$CHECKOUT_KEYS" \
      -t"$CHECKOUT_KEYS" -c"$CHECKOUT_KEYS" -s "$BENCH_DIR/checkout.lua" "$BASE"
  # Where a write's time goes during d2, from the server's own /metrics (means over the run).
  curl -s "$BASE/metrics" >"$RESULTS/metrics_after_d2.txt" || true
  python3 - "$RESULTS/metrics_before_d2.txt" "$RESULTS/metrics_after_d2.txt" <<'PY' | tee "$RESULTS/d2_writer.txt"
import re, sys
def read(path):
    values = {}
    for line in open(path):
        m = re.match(r"^(wuye_(?:write_gate_wait|write_transaction|sqlite_commit)_seconds_(?:sum|count)) ([0-9.e+-]+)$", line.strip())
        if m: values[m.group(1)] = float(m.group(2))
    return values
before, after = read(sys.argv[1]), read(sys.argv[2])
def delta(name):
    return after.get(name, 0) - before.get(name, 0)
# Means over every write transaction of the run (a transaction that found the writer free records no wait).
count = delta("wuye_write_transaction_seconds_count")
def per(name):
    return "—" if not count or name + "_sum" not in after else f"{delta(name + '_sum') / count * 1000:.3f} ms"
print(f"writes during d2 ({count:,.0f} transactions), means per transaction from /metrics:")
print(f"  the whole transaction, from asking for it: {per('wuye_write_transaction_seconds')}")
print(f"  waiting for SQLite's writer: {per('wuye_write_gate_wait_seconds')}")
held = (delta("wuye_write_transaction_seconds_sum") - delta("wuye_write_gate_wait_seconds_sum")) / count * 1000 if count else None
if "wuye_sqlite_commit_seconds_sum" in after:
    print(f"  holding the writer: {held:.3f} ms, of which the COMMIT (its fsync): {per('wuye_sqlite_commit_seconds')}")
PY
fi

MONTH_FROM="$(date -u -d '30 days ago' +%Y-%m-%d)"; MONTH_TO="$(date -u +%Y-%m-%d)"
LEDGER_URL="$BASE/api/v1/properties/$P_ID/checkouts?from=$MONTH_FROM&to=$MONTH_TO"
echo "ledger month $MONTH_FROM..$MONTH_TO for P_ID: $(curl -s -H "Authorization: Bearer $TOKEN" "$LEDGER_URL" | json_get '["total"]') checkouts, of $(dbq 'select count(*) from key_checkouts') in the table"
run_wrk f "GET ledger API, one month (-t2 -c4)" -t2 -c4 -s "$BENCH_DIR/report.lua" -H "Authorization: Bearer $TOKEN" "$LEDGER_URL"

if [[ $CUSTOMERS -gt 0 ]]; then
  step "j) customer files at $CUSTOMERS customers: search p50/p95 through the API, the plain list, registration writes/s"
  CS_ID="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["property_id"])' <"$RESULTS/customers_load.json")"
  python3 "$BENCH_DIR/customer_search.py" "$BASE" "$TOKEN" "$CS_ID" "$RESULTS/customers_load.json" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" \
    | tee "$RESULTS/j.txt"
  grep '^BENCH_JSON' "$RESULTS/j.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/j.json" || true
fi

step "k) public-space violations: the register p50/p95 through the API, reports with a photo/s"
python3 "$BENCH_DIR/violations.py" measure "$BASE" "$TOKEN" "$P_ID" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/k.txt"
grep '^BENCH_JSON' "$RESULTS/k.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/k.json" || true

step "l) service desk and handover: the desk list p50/p95 (open, all, a search), a day's handover sheets, items recorded/s"
python3 "$BENCH_DIR/service_desk.py" measure "$BASE" "$TOKEN" "$SD_ID" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/l.txt"
grep '^BENCH_JSON' "$RESULTS/l.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/l.json" || true

step "m) show houses: the list (a past day, today), a house's day, the daily summary p50/p95; visitor batches sent/s"
python3 "$BENCH_DIR/show_houses.py" measure "$BASE" "$TOKEN" "$P_ID" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/m.txt"
grep '^BENCH_JSON' "$RESULTS/m.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/m.json" || true

step "n) duties: the duties of a day (a past day, today), a duty's month, the rectification notices p50/p95; patrol rounds recorded/s"
python3 "$BENCH_DIR/duties.py" measure "$BASE" "$TOKEN" "$P_ID" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/n.txt"
grep '^BENCH_JSON' "$RESULTS/n.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/n.json" || true

step "o) site access: the forms list (first page, active), a form, who is on site, a day's gate register p50/p95; entries and exits at the gate/s"
python3 "$BENCH_DIR/site_access.py" measure "$BASE" "$TOKEN" "$P_ID" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/o.txt"
grep '^BENCH_JSON' "$RESULTS/o.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/o.json" || true

# Peak RSS while the server is still up.
VMHWM="$(awk '/^VmHWM/ {print $2" "$3}' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')"
VMRSS="$(awk '/^VmRSS/ {print $2" "$3}' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')"
SERVER_ALIVE=$(kill -0 "$SERVER_PID" 2>/dev/null && echo yes || echo no)

# Stop the server before the commit-rate loop, and before reading its log and the DB.
stop_server

step "g) cold start: wuye serve on the bench DB to the first 200 of /healthz"
python3 "$BENCH_DIR/cold_start.py" "$BINARY" --port "$PORT" --runs 3 ${SERVE_ENV:+--env "$SERVE_ENV"} | tee "$RESULTS/g.json"

if [[ $POSTGRES == 1 ]]; then
  step "e) raw PostgreSQL commit rate: pgbench, single-row INSERT transactions, ${COMMIT_SECONDS}s, 1 and $CHECKOUT_KEYS clients (same server)"
  python3 "$BENCH_DIR/pg_commit_rate.py" "$PG_SUPER" --seconds "$COMMIT_SECONDS" --clients "$CHECKOUT_KEYS" | tee "$RESULTS/e.json"
else
  step "e) raw SQLite commit rate: single-row INSERT transactions, WAL + synchronous=FULL, ${COMMIT_SECONDS}s (same file system as the bench DB)"
  sync
  python3 "$BENCH_DIR/commit_rate.py" "$WORKDIR/commit.sqlite" --seconds "$COMMIT_SECONDS" | tee "$RESULTS/e.json"
  step "e2) the write's floor: the SQL of a checkout and a return replayed with no server, on a copy of the bench DB, ${COMMIT_SECONDS}s"
  python3 "$BENCH_DIR/write_floor.py" "$DB" "$WORKDIR/floor.sqlite" --property "$P_ID" --seconds "$COMMIT_SECONDS" | tee "$RESULTS/e2.json"
fi

if [[ $AUDIT_EVENTS -gt 0 && $POSTGRES == 1 ]]; then
  echo; echo "(h, the audit verify runs, use a SQLite fixture: run without --postgres for them)"
elif [[ $AUDIT_EVENTS -gt 0 ]]; then
  step "h) audit chain of $AUDIT_EVENTS events: full verify, then verify since a signed checkpoint"
  "$BENCH_DIR/audit_verify.sh" "$BINARY" "$WORKDIR" "$AUDIT_EVENTS" | tee "$RESULTS/h.txt"
  grep '^BENCH_JSON' "$RESULTS/h.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/h.json" || true
fi

if [[ $PROFILE == 1 ]]; then
  step "i) callgrind: instructions per request (JSON key list; checkout+return)"
  # A key of P_ID in the cabinet now (a wrk run may have stopped between a checkout and its return).
  PROFILE_KEY="$(dbq "select id from room_keys where property_id = '$P_ID' and status = 'in_cabinet' and kind = 'room' order by tag desc limit 1")"
  "$BENCH_DIR/profile.sh" "$BINARY" "$WORKDIR" "$P_ID" "$PROFILE_KEY" | tee "$RESULTS/i.txt"
  grep '^BENCH_JSON' "$RESULTS/i.txt" | sed 's/^BENCH_JSON //' >"$RESULTS/i.json" || true
fi

cat >"$RESULTS/meta.json" <<EOF
{"vmhwm": "$VMHWM", "vmrss": "$VMRSS", "server_alive": "$SERVER_ALIVE", "duration": "$DURATION",
 "threads": $THREADS, "connections": $CONNECTIONS, "checkout_keys": $CHECKOUT_KEYS, "probe_errors": $ENDPOINT_ERRORS,
 "engine": "$([[ $POSTGRES == 1 ]] && echo PostgreSQL || echo SQLite)",
 "db_bytes": $([[ $POSTGRES == 1 ]] && dbq 'select pg_database_size(current_database())' || stat -c %s "$DB"), "checkouts_after": $(dbq 'select count(*) from key_checkouts'),
 "open_after": $(dbq "select count(*) from key_checkouts where open_key_id is not null and property_id = '$P_ID'")}
EOF
python3 "$BENCH_DIR/summary.py" "$RESULTS" "$WORKDIR/server.log"
