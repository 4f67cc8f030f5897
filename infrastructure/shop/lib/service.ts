// What every service's main.ts starts from: its config, the app, Redis, the registry (its own
// heartbeat and a client to find others), calls to other services with service tokens, and the
// verifier for tokens it is called with. `start()` listens, registers and marks it ready.
import type { CommonConfig } from './config.ts';
import { commonConfig, integer } from './config.ts';
import { createServiceApp } from './app.ts';
import { registerLogShipping } from './log-shipper.ts';
import type { ServiceApp } from './app.ts';
import { connectRedis } from './redis.ts';
import type { Redis } from './redis.ts';
import { startHeartbeat } from './registry.ts';
import { RegistryClient } from './registry-client.ts';
import { ServiceClient } from './service-client.ts';
import { TokenVerifier } from './token-verifier.ts';

export interface Service extends ServiceApp {
  readonly redis: Redis;
  readonly registry: RegistryClient;
  readonly client: ServiceClient;
  readonly verifier: TokenVerifier;
  /** Listens, registers in the registry, answers /health 200. */
  start(): Promise<void>;
}

export function createService(config: CommonConfig = commonConfig()): Service {
  const base = createServiceApp(config);
  const redis = connectRedis(config.redisUrl, config.instance);
  const registry = new RegistryClient(redis, config.keyPrefix);
  const client = new ServiceClient(registry, {
    caller: config.service,
    secret: config.serviceSecret,
    timeoutMs: integer('SHOP_UPSTREAM_TIMEOUT_MS', 5_000, { min: 10, max: 120_000 }),
  });
  const verifier = new TokenVerifier(registry);
  // Registered first, so they run last of the closing steps: after a broker connection.
  base.onClose(() => redis.quit());
  base.onClose(() => client.close());
  base.onClose(() => registry.close());
  return Object.assign(base, {
    redis,
    registry,
    client,
    verifier,
    async start() {
      await registerLogShipping(base);
      const url = await base.listen();
      const heartbeat = await startHeartbeat(redis, {
        prefix: config.keyPrefix,
        service: config.service,
        instance: config.instance,
        url,
        ttlMs: config.registryTtlMs,
      });
      base.onStop(() => heartbeat.deregister());
      base.markReady();
    },
  });
}

/** Runs a service's main; a start-up failure is one line in its log and exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: Error) => {
    console.error(`start-up failed: ${error.message}`);
    process.exit(1);
  });
}
