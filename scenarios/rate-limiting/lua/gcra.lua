-- GCRA (generic cell rate algorithm): the token bucket stored as a single number. Requests are
-- due one every T = W / limit; TAT is when the client's next request would be on schedule. A
-- request is allowed if, counting it, the client is no more than W ahead of schedule: a burst
-- of `limit`, then one every T. One timestamp per client and no refill arithmetic.
--
-- KEYS[1]  the client's theoretical arrival time (TAT), a string
-- ARGV[1]  now, in milliseconds on the caller's clock
-- ARGV[2]  limit: the burst allowed, and the requests per window
-- ARGV[3]  window length in milliseconds
-- ARGV[4]  request id (unused here)
-- Returns 1 when the request is allowed, 0 when it is rejected.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local interval = window / limit

local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end
local newTat = tat + interval
-- A hair of tolerance, so adding T `limit` times in floating point still lands on W.
if newTat - now > window + window * 1e-9 then
  return 0
end
-- %.17g stores the exact double; Lua would otherwise round to 14 significant digits. The key
-- can go once the client is back on schedule: a missing TAT means the same thing.
redis.call('SET', KEYS[1], string.format('%.17g', newTat), 'PX', math.ceil(newTat - now))
return 1
