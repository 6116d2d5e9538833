-- wrk script for tests/bench/checkins.bench.ts: every request is a check-in by a different valid mainland
-- mobile number (13x…19x, then nine digits of a counter), so every hub answer is a new, durable visit.
-- CHECKINS_PHONE_BASE starts the counter, so that no two rounds send the same phone. Run wrk with one
-- thread (-t1): the counter is per thread.
local base = tonumber(os.getenv("CHECKINS_PHONE_BASE") or "0")
local n = -1
local headers = { ["content-type"] = "application/json" }

request = function()
  n = n + 1
  local i = base + n
  local phone = string.format("1%d%09d", 3 + i % 7, math.floor(i / 7) % 1000000000)
  return wrk.format("POST", "/api/checkins", headers,
    '{"phone":"' .. phone .. '","platform":"meituan","purposes":["rest","charge"]}')
end
