// The simulated users: each logs in at auth-service for a JWT, then calls the gateway. What
// each answer was is counted here, on the client side, to hold against the gateway's own
// counters and the order store.
import { SignJWT, generateKeyPair } from 'jose';
import { Agent, request } from 'undici';
import type { Counter, Histogram } from '../src/sdk/index.ts';
import { logInShoppers } from '../src/sdk/shop-login.ts';
import type { ShopSession } from '../src/sdk/shop-login.ts';
import type { RouteKey } from './metrics.ts';

export type Session = ShopSession;

export interface Recorders {
  requests: Counter;
  served: Counter;
  rejectedAuth: Counter;
  rejectedRate: Counter;
  errors: Counter;
  badTokens: Counter;
  orders: Counter;
  latency: Record<RouteKey, Histogram>;
}

export type BadToken = 'missing' | 'forged';

/** What the clients know for the final checks. */
export interface ClientLedger {
  /** Order ids the gateway answered 201 with. */
  orderIds: Set<string>;
  /** 429s per user id. */
  rateLimited: Map<string, number>;
}

export class GatewayClients {
  readonly dispatcher = new Agent({ connections: 64, headersTimeout: 4_000, bodyTimeout: 4_000 });
  readonly ledger: ClientLedger = { orderIds: new Set(), rateLimited: new Map() };
  private forged: string | undefined;

  constructor(
    private readonly gatewayUrl: string,
    private readonly recorders: Recorders,
  ) {}

  async logIn(authUrl: string, userIds: readonly string[]): Promise<Session[]> {
    return logInShoppers(authUrl, userIds, { dispatcher: this.dispatcher });
  }

  /** A token that looks right (issuer, audience, a kid) but is signed by a key of our own. */
  async prepareForgery(userId: string): Promise<void> {
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    this.forged = await new SignJWT({ sid: 'forged-session' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forger-k1', typ: 'JWT' })
      .setIssuer('auth-service')
      .setSubject(userId)
      .setAudience('gateway')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  }

  /** One request for `session`, or with a bad token in its place; counted whatever happens. */
  async send(route: RouteKey, session: Session, target: string, bad?: BadToken): Promise<void> {
    const r = this.recorders;
    const token = bad === undefined ? session.token : bad === 'forged' ? this.forged : undefined;
    if (bad !== undefined) r.badTokens.inc();
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const started = performance.now();
    let status: number;
    let body: string;
    try {
      const res = await request(new URL(pathOf(route, session, target), this.gatewayUrl), {
        method: route === 'order' ? 'POST' : 'GET',
        dispatcher: this.dispatcher,
        headers: route === 'order' ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(route === 'order' ? { body: JSON.stringify({ productId: target, quantity: 1 }) } : {}),
      });
      status = res.statusCode;
      body = await res.body.text();
    } catch {
      r.requests.inc();
      r.errors.inc();
      return;
    }
    r.requests.inc();
    if (status === 401) r.rejectedAuth.inc();
    else if (status === 429) {
      r.rejectedRate.inc();
      this.ledger.rateLimited.set(
        session.userId,
        (this.ledger.rateLimited.get(session.userId) ?? 0) + 1,
      );
    } else if (status >= 200 && status < 300) {
      r.served.inc();
      r.latency[route].recordSince(started);
      if (route === 'order') {
        const orderId = (JSON.parse(body) as { orderId?: string }).orderId;
        if (orderId) this.ledger.orderIds.add(orderId);
        r.orders.inc();
      }
    } else r.errors.inc();
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }
}

function pathOf(route: RouteKey, session: Session, target: string): string {
  if (route === 'product') return `/api/products/${target}`;
  if (route === 'profile') return `/api/users/${session.userId}/profile`;
  return '/api/orders';
}
