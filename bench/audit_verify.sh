#!/usr/bin/env bash
# bench/audit_verify.sh BINARY WORKDIR EVENTS — the audit chain at ten years' scale.
# A fresh DB (migrate, demo) gets EVENTS chained events (bench/audit_fixture.py);
# then: full `wuye audit verify` (wall time, peak RSS), a signed checkpoint,
# 1,000 more events and 100 checkouts and returns through the API (a day's
# work), and `wuye audit verify --since` that checkpoint.
# Prints the commands' output and one line "BENCH_JSON {...}".
set -euo pipefail
BINARY="$1"; WORKDIR="$2"; EVENTS="$3"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/lib.sh"
DB="$WORKDIR/audit.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm" "$WORKDIR/audit.key" "$WORKDIR/checkpoints.log"
export WUYE_DATABASE_URL="sqlite:$DB"
"$BINARY" migrate >/dev/null 2>&1
"$BINARY" demo >/dev/null 2>&1
echo "fixture: $(python3 "$BENCH_DIR/audit_fixture.py" "$DB" --events "$EVENTS")"
echo "DB size: $(du -h "$DB" | cut -f1)"
sync
timed() { # label command... -> prints output; sets SECONDS_TAKEN and PEAK_KB
  local out="$WORKDIR/timed.txt"
  /usr/bin/time -f '%e %M' -o "$out" "$@"
  read -r SECONDS_TAKEN PEAK_KB <"$out"
}
timed "$BINARY" audit verify
FULL_S=$SECONDS_TAKEN; FULL_KB=$PEAK_KB
"$BINARY" audit keygen --out "$WORKDIR/audit.key" >/dev/null
"$BINARY" audit checkpoint --key "$WORKDIR/audit.key" --append "$WORKDIR/checkpoints.log" >/dev/null
python3 "$BENCH_DIR/audit_fixture.py" "$DB" --events 1000 >/dev/null
PORT="$(free_port)"
"$BINARY" serve --hostname 127.0.0.1 --port "$PORT" --env production >"$WORKDIR/audit-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
TOKEN="$(api_token "http://127.0.0.1:$PORT")"
KEY="$(sqlite3 "$DB" "select k.id from room_keys k join staff_properties sp on sp.property_id = k.property_id join staff s on s.id = sp.staff_id
  where s.username = 'kf.lingban' and k.status = 'in_cabinet' and k.kind = 'room' limit 1")"
python3 "$BENCH_DIR/checkout_cycles.py" "http://127.0.0.1:$PORT" "$TOKEN" "$KEY" 50
kill $SERVER; wait $SERVER 2>/dev/null || true
timed "$BINARY" audit verify --since "$WORKDIR/checkpoints.log" --key "$WORKDIR/audit.key"
SINCE_S=$SECONDS_TAKEN; SINCE_KB=$PEAK_KB
TOTAL="$(sqlite3 "$DB" 'select count(*) from audit_events')"
echo "full verify: ${FULL_S} s for $TOTAL events, peak RSS $((FULL_KB / 1024)) MB; since the checkpoint: ${SINCE_S} s, peak RSS $((SINCE_KB / 1024)) MB (both include process start)"
echo "BENCH_JSON {\"events\": $TOTAL, \"full_s\": $FULL_S, \"full_peak_kb\": $FULL_KB, \"since_s\": $SINCE_S, \"since_peak_kb\": $SINCE_KB}"
