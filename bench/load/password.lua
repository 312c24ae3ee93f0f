-- wrk script: POST /v1/b2b/passwords/authenticate, cycling through the members' emails listed one
-- per line in the file named by LATCHKEY_BENCH_TOKENS, all with the password LATCHKEY_BENCH_PASSWORD,
-- in the organization LATCHKEY_BENCH_ORG; each request is a full password login (hash check and a
-- new session).
--   LATCHKEY_BENCH_AUTH   base64 of "project_id:secret" (HTTP Basic)
-- Prints one machine-readable RESULT line when done (run.sh parses it).
local auth = os.getenv("LATCHKEY_BENCH_AUTH")
local org = os.getenv("LATCHKEY_BENCH_ORG")
local password = os.getenv("LATCHKEY_BENCH_PASSWORD")
local emails = {}

for line in io.lines(os.getenv("LATCHKEY_BENCH_TOKENS")) do
  if #line > 0 then emails[#emails + 1] = line end
end

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
  local email = emails[(i % #emails) + 1]
  return wrk.format("POST", "/v1/b2b/passwords/authenticate", {
    ["Authorization"] = "Basic " .. auth,
    ["Content-Type"] = "application/json",
  }, '{"organization_id":"' .. org .. '","email_address":"' .. email .. '","password":"' .. password
    .. '","session_duration_minutes":60}')
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
