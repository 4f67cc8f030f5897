-- Fixed window: one counter per client for each window [k*W, (k+1)*W). Cheap (one small hash),
-- but a client can spend its whole limit at the end of one window and again at the start of
-- the next, so up to 2 x limit can pass within one window's length.
--
-- KEYS[1]  the client's counter: a hash of w (window number) and n (allowed in it)
-- ARGV[1]  now, in milliseconds on the caller's clock
-- ARGV[2]  limit: requests allowed per window
-- ARGV[3]  window length in milliseconds
-- ARGV[4]  request id (unused here; every limiter takes the same arguments)
-- Returns 1 when the request is allowed, 0 when it is rejected.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local current = math.floor(now / window)
local stored = redis.call('HMGET', KEYS[1], 'w', 'n')
local count = 0
if tonumber(stored[1]) == current then
  count = tonumber(stored[2]) or 0
end
if count >= limit then
  return 0
end
-- One hash per client rather than one key per window keeps every key the script touches in
-- KEYS, as Redis Cluster requires.
redis.call('HSET', KEYS[1], 'w', current, 'n', count + 1)
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return 1
