// The shop's users: each logs in at auth-service once, then asks the gateway for products, one
// request at a time, on a pacer shared by all. Every answer is written down with when it was sent
// and received and the instance the gateway says answered it (x-upstream-instance), for the
// checks to hold against the registry and the instances' own counts.
import { Agent, request } from 'undici';
import { logInShoppers, seededUsers } from '../src/sdk/shop-login.ts';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import type { Pacer } from '../src/sdk/pacer.ts';
import type { Random } from '../src/sdk/random.ts';

export interface Answer {
  sentMs: number;
  answeredMs: number;
  instance: string;
}

export interface ClientRecorders {
  answered: (instance: string) => Counter;
  errors: Counter;
  errorsAfterKill: Counter;
  latency: Histogram;
}

export class ClientLedger {
  /** Every 200, in the order received. */
  readonly answers: Answer[] = [];
  /** When each request was sent, ms into the run, in order. */
  readonly sentMs: number[] = [];
  readonly perInstance = new Map<string, number>();
  errors = 0;
  /** Errors received at or after the kill. */
  errorsAfterKill = 0;
  /** Requests that got neither a 200 nor a 502 (a 401, 429, or no answer). */
  other = 0;

  sentBetween(fromMs: number, toMs: number): number {
    return this.sentMs.filter((t) => t >= fromMs && t <= toMs).length;
  }
}

export interface ShopClientsOptions {
  gatewayUrl: string;
  authUrl: string;
  users: number;
  products: number;
  random: Random;
  now: () => number;
  /** When the kill happened, once it has. */
  killedAtMs: () => number | undefined;
  ledger: ClientLedger;
  recorders: ClientRecorders;
  onError?: (status: number, detail: string) => void;
}

const REQUEST_TIMEOUT_MS = 5_000;

export class ShopClients {
  private readonly agent: Agent;
  private tokens: string[] = [];

  constructor(private readonly options: ShopClientsOptions) {
    this.agent = new Agent({
      connections: options.users,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: 10_000,
    });
  }

  /** Logs every user in (u1…); a refusal is a failure of the run, not of a check. */
  async login(): Promise<void> {
    const sessions = await logInShoppers(this.options.authUrl, seededUsers(this.options.users), {
      dispatcher: this.agent,
    });
    this.tokens = sessions.map((s) => s.token);
  }

  /** Runs every user until the pacer says the load has stopped. */
  async run(pacer: Pacer): Promise<void> {
    await Promise.all(
      this.tokens.map(async (token) => {
        while (await pacer.wait()) await this.one(token);
      }),
    );
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }

  private async one(token: string): Promise<void> {
    const { ledger, recorders, now } = this.options;
    const product = `p${this.options.random.int(this.options.products) + 1}`;
    const sentMs = now();
    ledger.sentMs.push(sentMs);
    let status = 0;
    let detail: string;
    let instance = '';
    try {
      const res = await request(new URL(`/api/products/${product}`, this.options.gatewayUrl), {
        dispatcher: this.agent,
        headers: { authorization: `Bearer ${token}` },
      });
      status = res.statusCode;
      const header = res.headers['x-upstream-instance'];
      instance = typeof header === 'string' ? header : '';
      detail = await res.body.text();
    } catch (error) {
      detail = (error as Error).message;
    }
    const answeredMs = now();
    recorders.latency.record(answeredMs - sentMs);
    if (status === 200 && instance !== '') {
      ledger.answers.push({ sentMs, answeredMs, instance });
      ledger.perInstance.set(instance, (ledger.perInstance.get(instance) ?? 0) + 1);
      recorders.answered(instance).inc();
      return;
    }
    ledger.errors++;
    recorders.errors.inc();
    if (status !== 502) ledger.other++;
    const killedAt = this.options.killedAtMs();
    if (killedAt !== undefined && answeredMs >= killedAt) {
      ledger.errorsAfterKill++;
      recorders.errorsAfterKill.inc();
    }
    this.options.onError?.(status, detail);
  }
}
