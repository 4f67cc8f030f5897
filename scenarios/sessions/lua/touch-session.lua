-- A page view: reads the session and slides its idle timeout, in one step. Done as separate
-- commands, a session could expire between the read and the HINCRBY, which would then create a
-- new hash with no TTL: a session that never expires.
--
-- KEYS[1]  the session hash
-- ARGV[1]  the idle timeout in milliseconds
-- ARGV[2]  the instance serving this page view
-- Returns {user, views} after counting this view, or nil when the session is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return nil
end
local views = redis.call('HINCRBY', KEYS[1], 'views', 1)
redis.call('HSET', KEYS[1], 'lastInstance', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return { redis.call('HGET', KEYS[1], 'user'), views }
