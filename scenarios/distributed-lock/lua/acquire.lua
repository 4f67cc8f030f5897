-- Takes the lock KEYS[1] for owner ARGV[1] for ARGV[2] ms if nobody holds it, and then issues
-- the next fencing token from the counter KEYS[2]. Both in one script, so every grant gets a
-- token and the tokens rise in the order the grants happened.
-- Returns the token, or 0 when someone else holds the lock.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
