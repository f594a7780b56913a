-- wrk script: the key checkout + return loop.
-- Each wrk thread owns ONE key (a key has one holder at a time), so run it
-- with -tN -cN (one connection per thread) and N <= the number of keys given.
-- Env: BENCH_TOKEN (bearer token), BENCH_KEYS (comma-separated in-cabinet key ids).
-- Each thread alternates
--   POST /api/v1/keys/KEY/checkouts   (expects 201, JSON with "id")
--   POST /api/v1/checkouts/ID/return  (expects 200)
-- A "cycle" is one successful checkout followed by one successful return.
-- At the end prints "BENCH_JSON {...}".

local threads = {}
local counter = 0
local keys = {}
for k in string.gmatch(os.getenv("BENCH_KEYS") or "", "[^,]+") do keys[#keys + 1] = k end

function setup(thread)
  counter = counter + 1
  if counter > #keys then
    io.stderr:write("checkout.lua: more threads than keys in BENCH_KEYS\n")
    os.exit(2)
  end
  thread:set("key_id", keys[counter])
  thread:set("thread_no", counter)
  threads[#threads + 1] = thread
end

local token, checkout_body, headers
local state = "checkout"   -- what the next request is
local checkout_id = nil
cycles, checkouts, returns, bad_checkouts, bad_returns = 0, 0, 0, 0, 0
first_error = ""

local function expected_return()
  return os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 3600)
end

local function make_checkout_body()
  return '{"borrowerKind":"outsider","borrowerName":"压测","borrowerPhone":"13800000000",' ..
    '"borrowerIDNumber":"440106198001011234","purpose":"bench","expectedReturnAt":"' .. expected_return() .. '",' ..
    '"signature":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}'
end

function init(args)
  token = os.getenv("BENCH_TOKEN") or ""
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  checkout_body = make_checkout_body()
end

local refreshed = os.time()

function request()
  if state == "checkout" then
    if os.time() - refreshed > 60 then checkout_body = make_checkout_body(); refreshed = os.time() end
    return wrk.format("POST", "/api/v1/keys/" .. key_id .. "/checkouts", headers, checkout_body)
  else
    return wrk.format("POST", "/api/v1/checkouts/" .. checkout_id .. "/return", headers, '{"condition":"good"}')
  end
end

local function note_error(what, status, body)
  if first_error == "" then
    first_error = what .. " -> HTTP " .. status .. ": " .. string.sub(body or "", 1, 400)
  end
end

function response(status, hdrs, body)
  if state == "checkout" then
    local id = status == 201 and string.match(body or "", '"id"%s*:%s*"([0-9A-Fa-f%-]+)"')
    if id then
      checkouts = checkouts + 1
      checkout_id = id
      state = "return"
    else
      bad_checkouts = bad_checkouts + 1
      note_error("POST /api/v1/keys/" .. key_id .. "/checkouts", status, body)
    end
  else
    if status == 200 then
      returns = returns + 1
      cycles = cycles + 1
      state = "checkout"
    else
      bad_returns = bad_returns + 1
      note_error("POST /api/v1/checkouts/" .. checkout_id .. "/return", status, body)
    end
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" else return string.format("\\u%04x", string.byte(c)) end
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local c, co, re, bc, br, err = 0, 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + (t:get("cycles") or 0)
    co = co + (t:get("checkouts") or 0)
    re = re + (t:get("returns") or 0)
    bc = bc + (t:get("bad_checkouts") or 0)
    br = br + (t:get("bad_returns") or 0)
    local fe = t:get("first_error") or ""
    if err == "" and fe ~= "" then err = fe end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
    '"cycles":%d,"cycles_per_s":%.2f,"checkouts":%d,"returns":%d,"bad_checkouts":%d,"bad_returns":%d,"keys":%d,"first_error":%s}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout,
    c, c / secs, co, re, bc, br, #threads, json_string(err)))
end
