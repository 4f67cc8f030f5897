-- Releases a refill lock only if this reader still holds it. A lock that expired (its holder
-- outlived lockTtlMs) may since belong to another reader: a plain DEL would free theirs.
--
-- KEYS[1]  the lock key
-- ARGV[1]  the token the holder set it to
-- Returns 1 when the lock was this reader's and is now deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
