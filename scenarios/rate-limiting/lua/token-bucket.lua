-- Token bucket: each client has a bucket of `limit` tokens that refills at limit / W per
-- millisecond; a request takes one token or is rejected. A full bucket lets a burst of `limit`
-- through at once, and then the refill rate holds: up to limit + limit x (t / W) in any span t.
--
-- KEYS[1]  the client's bucket: a hash of tokens and ts (when tokens was last worked out)
-- ARGV[1]  now, in milliseconds on the caller's clock
-- ARGV[2]  limit: the bucket's capacity, and the tokens added per window
-- ARGV[3]  window length in milliseconds
-- ARGV[4]  request id (unused here)
-- Returns 1 when the request is allowed, 0 when it is rejected.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local stored = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(stored[1])
local ts = tonumber(stored[2])
if tokens == nil or ts == nil then
  -- No bucket yet (or it expired, which only happens once it has refilled): a full one.
  tokens = limit
  ts = now
end
if now > ts then
  tokens = math.min(limit, tokens + (now - ts) * limit / window)
  ts = now
end

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
-- %.17g stores the exact double; Lua would otherwise round to 14 significant digits.
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
-- An empty bucket is full again after one window; past that, a missing key means the same.
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return allowed
