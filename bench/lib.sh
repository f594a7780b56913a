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

# page_session BASE WORKDIR: signs kf.lingban in through the login page and prints the session cookie's value.
page_session() {
  local jar="$2/cookies.txt" login csrf code session
  rm -f "$jar"
  login="$(curl -s -c "$jar" -b "$jar" "$1/login")"
  csrf="$(python3 -c 'import re,sys,html; m=re.search(r"<input[^>]*name=\"_csrf\"[^>]*>", sys.stdin.read()); v=m and re.search(r"value=\"([^\"]*)\"", m.group(0)); print(html.unescape(v.group(1)) if v else "")' <<<"$login")"
  [[ -n "$csrf" ]] || { echo "bench: no _csrf field on GET /login" >&2; return 1; }
  code="$(curl -s -o "$2/login.html" -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$1/login" \
    --data-urlencode "_csrf=$csrf" --data-urlencode username=kf.lingban --data-urlencode password=wuye2026)"
  [[ "$code" == 303 ]] || { head -c 2000 "$2/login.html" >&2; echo "bench: POST /login -> HTTP $code (wanted 303)" >&2; return 1; }
  session="$(awk '$6 == "wuye_session" {v=$7} END {print v}' "$jar")"
  [[ -n "$session" ]] || { echo "bench: no wuye_session cookie after sign-in" >&2; return 1; }
  echo "$session"
}
