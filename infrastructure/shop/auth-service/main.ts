// auth-service: logins (user JWT + session in Redis), the JWKS, service tokens, key rotation.
import { integer } from '../lib/config.ts';
import { createService, runMain } from '../lib/service.ts';
import { KeyRing } from './keys.ts';
import { keyRoutes } from './routes/keys.ts';
import { sessionRoutes } from './routes/sessions.ts';

runMain(async () => {
  const service = createService();
  const users = integer('SHOP_USERS', 100, { min: 1, max: 1_000_000 });
  const userTokenTtlSec = integer('SHOP_USER_TOKEN_TTL_SEC', 600, { min: 1, max: 86_400 });
  const serviceTokenTtlSec = integer('SHOP_SERVICE_TOKEN_TTL_SEC', 60, { min: 1, max: 86_400 });
  const keys = await KeyRing.create(
    service.config.instance,
    Math.max(userTokenTtlSec, serviceTokenTtlSec) * 1000,
  );
  await service.app.register(sessionRoutes, { service, keys, users, userTokenTtlSec });
  await service.app.register(keyRoutes, { service, keys, serviceTokenTtlSec });
  await service.start();
});
