#!/usr/bin/env bash
# bench/profile.sh BINARY WORKDIR P_ID KEY_ID — instructions per request under callgrind:
# the JSON key list, the cabinet page and a checkout+return.
# Uses the bench DB in WUYE_DATABASE_URL. Counts are stable on a noisy machine,
# unlike timings: compare them between commits.
#   - the binary is copied without DWARF (valgrind 3.19 cannot read DWARF 5)
#   - bench/valgrind_sigsuspend.c is preloaded (see its comment)
# Prints the figures and one line "BENCH_JSON {...}".
set -euo pipefail
BINARY="$1"; WORKDIR="$2"; P_ID="$3"; KEY="$4"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/lib.sh"
N_LIST=200; N_CYCLES=50
command -v valgrind >/dev/null || { apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }; }
objcopy --strip-debug "$BINARY" "$WORKDIR/wuye-nodebug"
clang -shared -fPIC -O2 -o "$WORKDIR/valgrind_sigsuspend.so" "$BENCH_DIR/valgrind_sigsuspend.c" -ldl
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
rm -f "$WORKDIR"/callgrind.out.*
LD_PRELOAD="$WORKDIR/valgrind_sigsuspend.so" valgrind --tool=callgrind --callgrind-out-file="$WORKDIR/callgrind.out.%p" \
  "$WORKDIR/wuye-nodebug" serve --hostname 127.0.0.1 --port "$PORT" --env production >"$WORKDIR/callgrind-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf -o /dev/null "$BASE/healthz" && break; sleep 0.5; done
TOKEN="$(api_token "$BASE")"
SESSION="$(page_session "$BASE" "$WORKDIR")"

instructions() { # the program's total so far, after a dump
  callgrind_control -d "$PID" >/dev/null
  sleep 1
  local file; file="$(ls -t "$WORKDIR"/callgrind.out."$PID"* | head -1)"
  callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}'
}
list() { for _ in $(seq "$1"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/properties/$P_ID/keys"; done; }
page() { for _ in $(seq "$1"); do curl -s -o /dev/null -H "Cookie: wuye_session=$SESSION" "$BASE/properties/$P_ID/keys"; done; }
cycles() { python3 "$BENCH_DIR/checkout_cycles.py" "$BASE" "$TOKEN" "$KEY" "$1"; }

list 20; page 20; cycles 10             # warm up: caches
callgrind_control -z "$PID" >/dev/null
list "$N_LIST"
LIST_IR=$(( $(instructions) / N_LIST ))
callgrind_control -z "$PID" >/dev/null
page "$N_LIST"
PAGE_IR=$(( $(instructions) / N_LIST ))
callgrind_control -z "$PID" >/dev/null
cycles "$N_CYCLES"
CYCLE_IR=$(( $(instructions) / N_CYCLES ))
echo "JSON key list: $LIST_IR instructions per request ($N_LIST requests)"
echo "cabinet page: $PAGE_IR instructions per request ($N_LIST requests)"
echo "checkout+return: $CYCLE_IR instructions per cycle ($N_CYCLES cycles; two write transactions each)"
echo "profile files: $WORKDIR/callgrind.out.$PID* (callgrind_annotate FILE | head -60)"
echo "BENCH_JSON {\"list_ir\": $LIST_IR, \"page_ir\": $PAGE_IR, \"cycle_ir\": $CYCLE_IR}"
