-- Deletes the lock KEYS[1] only while it still holds this owner's value ARGV[1]: a holder
-- whose lock expired must not delete the next holder's lock.
-- Returns 1 when it released its own lock, 0 when the lock had expired or passed to another.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
