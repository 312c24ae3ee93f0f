-- wrk script: POST /v1/b2b/sessions/authenticate, cycling through the session tokens (or JWTs)
-- listed one per line in the file named by LATCHKEY_BENCH_TOKENS.
--   LATCHKEY_BENCH_FIELD  "session_token" (default) or "session_jwt"
--   LATCHKEY_BENCH_AUTH   base64 of "project_id:secret" (HTTP Basic)
--   LATCHKEY_BENCH_CHECK  optional JSON object sent as "authorization_check"
--   LATCHKEY_BENCH_ACCEPT_ENCODING  optional Accept-Encoding header, e.g. "gzip" as the official
--                                   SDKs' HTTP clients send it
-- Prints one machine-readable RESULT line when done (run.sh parses it).
local field = os.getenv("LATCHKEY_BENCH_FIELD") or "session_token"
local auth = os.getenv("LATCHKEY_BENCH_AUTH")
local check = os.getenv("LATCHKEY_BENCH_CHECK")
local extra = (check and #check > 0) and (',"authorization_check":' .. check) or ""
local headers = {
  ["Authorization"] = "Basic " .. auth,
  ["Content-Type"] = "application/json",
}
local accept_encoding = os.getenv("LATCHKEY_BENCH_ACCEPT_ENCODING")
if accept_encoding and #accept_encoding > 0 then headers["Accept-Encoding"] = accept_encoding end
local tokens = {}

for line in io.lines(os.getenv("LATCHKEY_BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

-- Each thread starts at a different place in the list, so the threads do not move in lockstep.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 7919)
end

function init(args)
  i = offset or 0
end

request = function()
  i = i + 1
  local token = tokens[(i % #tokens) + 1]
  return wrk.format("POST", "/v1/b2b/sessions/authenticate", headers, '{"' .. field .. '":"' .. token .. '"' .. extra .. '}')
end

-- No response() callback: it would make wrk parse every body. wrk counts non-2xx/3xx statuses
-- itself (summary.errors.status).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
