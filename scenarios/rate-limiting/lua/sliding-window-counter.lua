-- Sliding window counter: keep the counts of the current and the previous fixed window and
-- estimate the last W as  previous x (share of it still inside the window) + current.
-- Two numbers per client, and it smooths fixed-window's edge; but the estimate assumes the
-- previous window's requests were spread evenly, so it can be a little off either way.
--
-- KEYS[1]  the client's counters: a hash of w (current window number), cur and prev
-- ARGV[1]  now, in milliseconds on the caller's clock
-- ARGV[2]  limit: requests allowed per window
-- ARGV[3]  window length in milliseconds
-- ARGV[4]  request id (unused here)
-- Returns 1 when the request is allowed, 0 when it is rejected.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local current = math.floor(now / window)
local stored = redis.call('HMGET', KEYS[1], 'w', 'cur', 'prev')
local w = tonumber(stored[1])
local cur = tonumber(stored[2]) or 0
local prev = tonumber(stored[3]) or 0
if w == current - 1 then
  prev = cur
  cur = 0
elseif w ~= current then
  prev = 0
  cur = 0
end

local elapsed = (now - current * window) / window
local estimate = prev * (1 - elapsed) + cur
-- Allow only if the estimate, counting this request too, stays within the limit.
if estimate + 1 > limit then
  return 0
end
redis.call('HSET', KEYS[1], 'w', current, 'cur', cur + 1, 'prev', prev)
-- The counts matter until the end of the next window, where this one becomes `prev`.
redis.call('PEXPIRE', KEYS[1], math.ceil(2 * window))
return 1
