// The shoppers: users logged in at auth-service, sending a mix of requests through the gateway
// at a shared rate: product pages, profiles (the gateway calls user-service and product-service)
// and orders.
import type { Agent } from 'undici';
import { request } from 'undici';
import type { ShopSession } from '../src/sdk/shop-login.ts';
import type { Pacer, Random } from '../src/sdk/index.ts';

export type Shopper = ShopSession;

const TIMEOUT_MS = 8_000;
const PRODUCTS = 100;

export interface ShopperTrafficOptions {
  agent: Agent;
  gatewayUrl: string;
  shoppers: Shopper[];
  pacer: Pacer;
  random: Random;
  signal: AbortSignal;
  /** Each answer's status (0: no answer). */
  onAnswer(status: number): void;
}

export class ShopperTraffic {
  inFlight = 0;

  constructor(private readonly o: ShopperTrafficOptions) {}

  async run(concurrency: number): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (await this.o.pacer.wait()) await this.one();
      }),
    );
  }

  private async one(): Promise<void> {
    const { random, shoppers } = this.o;
    const shopper = shoppers[random.int(shoppers.length)] as Shopper;
    const product = `p${1 + random.int(PRODUCTS)}`;
    const roll = random.next();
    const [method, path, body] =
      roll < 0.6
        ? (['GET', `/api/products/${product}`, undefined] as const)
        : roll < 0.9
          ? (['GET', `/api/users/${shopper.userId}/profile`, undefined] as const)
          : (['POST', '/api/orders', JSON.stringify({ productId: product, quantity: 1 })] as const);
    this.inFlight++;
    try {
      const res = await request(`${this.o.gatewayUrl}${path}`, {
        dispatcher: this.o.agent,
        method,
        headers: {
          authorization: `Bearer ${shopper.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      await res.body.dump();
      this.o.onAnswer(res.statusCode);
    } catch {
      this.o.onAnswer(0);
    } finally {
      this.inFlight--;
    }
  }
}
