# Shared by the bench scripts (sourced, not run).

# A free local TCP port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# api_token BASE: a bearer token for kf.lingban (the demo's 客服部 领班), or the reply on failure.
api_token() {
  local reply
  reply="$(curl -s -X POST "$1/api/v1/tokens" -H 'content-type: application/json' \
    -d '{"username":"kf.lingban","password":"wuye2026","name":"bench"}')"
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$reply" 2>/dev/null \
    || { echo "bench: POST /api/v1/tokens answered: $reply" >&2; return 1; }
}
