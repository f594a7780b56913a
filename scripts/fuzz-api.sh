#!/usr/bin/env bash
# Fuzzes the JSON API against its own /openapi.json with schemathesis, signed
# in as an administrator: every phase (examples, coverage, fuzzing, and
# stateful sequences that follow the document's links), checked for no 5xx,
# every status, header and body as documented, and 405 for a method a path
# does not have. Then the audit chain must still be intact, and the operator's
# checkpoint routine (keygen, checkpoint, verify --against) must work on it.
#
#   scripts/fuzz-api.sh [BINARY]        (default .build/debug/wuye)
#
# FUZZ_EXAMPLES (default 200: about 45,000 cases over the ~200 operations in
# about 8 minutes on 2 cores; 300 when there were half as many operations)
# sets examples per operation; FUZZ_MIN_CASES (default 10000) is the fewest
# cases the run must reach.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/wuye}
examples=${FUZZ_EXAMPLES:-200}
min_cases=${FUZZ_MIN_CASES:-10000}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export WUYE_DATABASE_URL="sqlite:$work/fuzz.sqlite"
"$binary" serve --demo --hostname 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/tokens" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"wuye2026","name":"fuzz"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

checks=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance,unsupported_method
common=(--no-color --seed 2026 --generation-database none --suppress-health-check all --checks "$checks")

# DELETE is left out: revoking the fuzzer's own token would end the run.
# Creating tokens costs a bcrypt hash each, so that operation gets its own short run.
status=0
python3 scripts/schemathesis-cli.py run "http://127.0.0.1:$port/openapi.json" --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" "${common[@]}" -n "$examples" --workers 2 \
    --exclude-method DELETE --exclude-operation-id create_token \
    --phases examples,coverage,fuzzing,stateful \
    --report json --report-json-path "$work/main.json" || status=1
python3 scripts/schemathesis-cli.py run "http://127.0.0.1:$port/openapi.json" --url "http://127.0.0.1:$port" \
    "${common[@]}" -n 20 --include-operation-id create_token \
    --phases examples,coverage,fuzzing \
    --report json --report-json-path "$work/tokens.json" || status=1

cases=$(python3 -c '
import json, sys
print(sum(json.load(open(path))["test_cases"]["generated"] for path in sys.argv[1:]))' "$work/main.json" "$work/tokens.json")
errors=$(grep -c ' 50[0-9] ' "$work/server.log" || true)
echo "schemathesis: $cases cases run (at least $min_cases wanted); server 5xx responses: $errors"
kill $server; wait $server 2>/dev/null || true

"$binary" audit verify
# The operator's routine (README "Security"): a key outside the database, a signed head, a check against it.
"$binary" audit keygen --out "$work/audit.key" >/dev/null
"$binary" audit checkpoint --key "$work/audit.key" --append "$work/checkpoints.log"
"$binary" audit verify --against "$work/checkpoints.log" --key "$work/audit.key"
"$binary" audit verify --since "$work/checkpoints.log" --key "$work/audit.key"

[[ "$errors" -eq 0 ]] || status=1
[[ "$cases" -ge "$min_cases" ]] || { echo "too few cases"; status=1; }
exit $status
