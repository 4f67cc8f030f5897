// gateway: the shop's edge. Authenticates each request (user JWT + session), rate-limits per
// user in Redis, routes to the services through the registry, aggregates the profile.
import { integer } from '../lib/config.ts';
import { createService, runMain } from '../lib/service.ts';
import { edgeAuth } from './edge-auth.ts';
import { rateLimiter } from './rate-limit.ts';
import { apiRoutes } from './routes/api.ts';
import { answerBadGateway, upstreamCaller } from './upstream.ts';
import { withProtection } from './protection.ts';
import { userRoute } from './routes/user.ts';

runMain(async () => {
  const service = createService();
  const rejected = service.metrics.counter(
    'shop_gateway_rejected_total',
    'Requests refused at the edge',
    ['reason'],
  );
  const auth = edgeAuth(service, () => rejected.inc({ reason: 'auth' }));
  const limit = rateLimiter(
    service,
    {
      perSec: integer('SHOP_RATE_LIMIT_PER_SEC', 20, { min: 0, max: 100_000 }),
      burst: integer('SHOP_RATE_LIMIT_BURST', 20, { min: 1, max: 100_000 }),
    },
    () => rejected.inc({ reason: 'rate' }),
  );
  answerBadGateway(service);
  const call = withProtection(service, upstreamCaller(service));
  await service.app.register(userRoute, { call, guards: [auth, limit] });
  await service.app.register(apiRoutes, {
    call,
    guards: [auth, limit],
    products: integer('SHOP_PRODUCTS', 100, { min: 1, max: 1_000_000 }),
  });
  await service.start();
});
