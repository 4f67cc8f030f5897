-- Moves ARGV[1] from KEYS[1] to KEYS[2] when KEYS[1] holds at least that much: the read, the
-- check and both writes run with nothing in between, because Redis runs a script atomically.
-- Returns the new balance of KEYS[1], or -1 when the transfer was declined.
local amount = tonumber(ARGV[1])
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
if balance < amount then
  return -1
end
redis.call('INCRBY', KEYS[2], amount)
return redis.call('DECRBY', KEYS[1], amount)
