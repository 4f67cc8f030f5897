-- A per-user token bucket. KEYS[1]: the bucket hash; ARGV[1]: tokens refilled per second,
-- ARGV[2]: bucket size. Time is Redis's own (TIME), so every gateway instance agrees.
-- Returns { allowed (1|0), tokens left (floored), ms until the next token when refused }.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1]) or burst
local ts = tonumber(bucket[2]) or now
if rate > 0 then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
elseif rate > 0 then
  retry = math.ceil((1 - tokens) * 1000 / rate)
else
  retry = 1000
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
local idle = 60000
if rate > 0 then idle = math.ceil(burst * 1000 / rate) + 1000 end
redis.call('PEXPIRE', KEYS[1], idle)
return { allowed, math.floor(tokens), retry }
