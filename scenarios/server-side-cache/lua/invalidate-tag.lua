-- Deletes every cached page a product appears on (the members of its tag set), then the tag set:
-- in one step, so no read can fetch one of those pages between the lookup and the deletes.
-- KEYS[1]: the product's tag set. Returns how many pages were deleted.
local pages = redis.call('SMEMBERS', KEYS[1])
local deleted = 0
for i = 1, #pages, 500 do
  deleted = deleted + redis.call('DEL', unpack(pages, i, math.min(i + 499, #pages)))
end
redis.call('DEL', KEYS[1])
return deleted
