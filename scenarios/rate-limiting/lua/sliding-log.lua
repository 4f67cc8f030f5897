-- Sliding log: remember the time of every allowed request and allow a new one only while fewer
-- than `limit` fall within the last window. Exact: no window of length W ever holds more than
-- `limit` allowed requests. The price is memory: up to `limit` entries per client.
--
-- KEYS[1]  the client's log: a sorted set of allowed requests scored by their time
-- ARGV[1]  now, in milliseconds on the caller's clock
-- ARGV[2]  limit: requests allowed within any window
-- ARGV[3]  window length in milliseconds
-- ARGV[4]  request id, unique per request (the sorted-set member)
-- Returns 1 when the request is allowed, 0 when it is rejected.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

-- Entries at or before now - W have left the window (%.17g keeps the exact double: Lua's
-- default number formatting would round it to 14 digits).
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.17g', now - window))
if redis.call('ZCARD', KEYS[1]) >= limit then
  return 0
end
-- Only allowed requests are logged, so a client that keeps knocking while rejected is not
-- locked out for longer.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return 1
