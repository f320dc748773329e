-- wrk script: heartbeats from the paired licences in the tokens file (wrk … -- TOKENS [DELAY_MS]).
local tokens, fingerprints = {}, {}
local delay_ms = 0
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local t, f = line:match("^(%S+) (%S+)$")
    if t then
      tokens[#tokens + 1] = t
      fingerprints[#fingerprints + 1] = f
    end
  end
  delay_ms = tonumber(args[2] or "0")
  math.randomseed(os.time() + #tokens + tonumber(tostring(counter)))
end

function request()
  counter = counter + 1
  local i = math.random(#tokens)
  local body = '{"token":"' .. tokens[i] .. '","fingerprint":"' .. fingerprints[i] ..
               '","telemetry":{"rooms":24,"users":8,"uptime":3600,"version":"bench"}}'
  return wrk.format("POST", "/api/license/heartbeat", {["Content-Type"] = "application/json"}, body)
end

if delay_ms ~= nil then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  io.write(string.format("WRK requests=%d duration_us=%d non2xx=%d errors=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
