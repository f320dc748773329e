-- wrk script: heartbeats from the paired licences in the tokens file, each licence walking its
-- own token chain as a hotel does (wrk … -- TOKENS [DELAY_MS [SLICE SLICES]]).
-- Every reply's renewed_token is presented by that licence's next heartbeat, so each request is
-- a full step of the chain (the pairing row updated, the spent token recorded), never a repeat
-- of an answered one (which only reads). SLICE/SLICES take every SLICES-th licence from SLICE
-- (0-based): runs against the same store use disjoint slices, since a run's tokens live only in
-- its own memory. Licences are taken in turn, so no licence has two requests in flight; run it
-- with wrk -t1 (two threads would each walk the same licences from their own copy).
local tokens, fingerprints, byFingerprint, mine = {}, {}, {}, {}
local delay_ms = 0
local counter = 0

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local sextet = {}
for i = 1, #alphabet do
  sextet[alphabet:byte(i)] = i - 1
end

local function base64url(text)
  local out, bits, count = {}, 0, 0
  for i = 1, #text do
    local v = sextet[text:byte(i)]
    if v then
      bits = bits * 64 + v
      count = count + 6
      if count >= 8 then
        count = count - 8
        local scale = 2 ^ count
        local byte = math.floor(bits / scale)
        out[#out + 1] = string.char(byte)
        bits = bits - byte * scale
      end
    end
  end
  return table.concat(out)
end

function init(args)
  for line in io.lines(args[1]) do
    local t, f = line:match("^(%S+) (%S+)$")
    if t then
      tokens[#tokens + 1] = t
      fingerprints[#fingerprints + 1] = f
      byFingerprint[f] = #tokens
    end
  end
  delay_ms = tonumber(args[2] or "0")
  local slice, slices = tonumber(args[3] or "0"), tonumber(args[4] or "1")
  for i = 1, #tokens do
    if (i - 1) % slices == slice then
      mine[#mine + 1] = i
    end
  end
end

function request()
  counter = counter + 1
  local i = mine[(counter - 1) % #mine + 1]
  local body = '{"token":"' .. tokens[i] .. '","fingerprint":"' .. fingerprints[i] ..
               '","telemetry":{"rooms":24,"users":8,"uptime":3600,"version":"bench"}}'
  return wrk.format("POST", "/api/license/heartbeat", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    return
  end
  local renewed = body:match('"renewed_token":"([^"]+)"')
  local payload = renewed and renewed:match("^[^.]+%.([^.]+)%.")
  local fingerprint = payload and base64url(payload):match('"fingerprint":"([^"]+)"')
  local i = fingerprint and byFingerprint[fingerprint]
  if i then
    tokens[i] = renewed
  end
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
