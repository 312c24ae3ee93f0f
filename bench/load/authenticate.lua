-- wrk script: POST /v1/b2b/sessions/authenticate, cycling through the session tokens (or JWTs)
-- listed one per line in the file named by the LATCHKEY_BENCH_TOKENS environment variable.
-- LATCHKEY_BENCH_FIELD is "session_token" (default) or "session_jwt".
local tokens = {}
local field = os.getenv("LATCHKEY_BENCH_FIELD") or "session_token"
local auth = os.getenv("LATCHKEY_BENCH_AUTH")
local counter = 0

for line in io.lines(os.getenv("LATCHKEY_BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function init(args)
  i = offset or 0
end

request = function()
  i = i + 1
  local token = tokens[(i % #tokens) + 1]
  return wrk.format("POST", "/v1/b2b/sessions/authenticate", {
    ["Authorization"] = "Basic " .. auth,
    ["Content-Type"] = "application/json",
  }, '{"' .. field .. '":"' .. token .. '"}')
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", summary.status and 0 or 0))
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
