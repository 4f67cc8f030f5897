// The shoppers: users logged in at auth-service who place orders through the gateway at a shared
// rate, behind a gate the run closes while it switches modes.
import type { Agent } from 'undici';
import { request } from 'undici';
import type { ShopSession } from '../src/sdk/shop-login.ts';
import type { Counter, Histogram } from '../src/sdk/index.ts';
import type { Pacer } from '../src/sdk/index.ts';

export type Shopper = ShopSession;

const ORDER_TIMEOUT_MS = 8_000;

/** Closed: the shoppers wait before their next order; open: they go on. */
export class Gate {
  private opened: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  close(): void {
    if (this.release !== undefined) return;
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.release = undefined;
  }

  /** Resolves when the gate is open, or when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void> {
    if (this.release === undefined || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done);
      void this.opened.then(done);
    });
  }
}

export interface OrderRecorders {
  placed: Counter;
  failed: Counter;
  latency: Histogram;
}

export interface OrderClientsOptions {
  agent: Agent;
  gatewayUrl: string;
  shoppers: Shopper[];
  products: number;
  pacer: Pacer;
  gate: Gate;
  signal: AbortSignal;
  recorders: OrderRecorders;
  /** The first answer of each kind other than 201 ("502 upstream"), for the event log. */
  onFailure(kind: string): void;
}

export class OrderClients {
  /** Orders sent and not yet answered. */
  inFlight = 0;
  private next = 0;

  constructor(private readonly o: OrderClientsOptions) {}

  /** `concurrency` workers share the pacer until the run stops. */
  async run(concurrency: number): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          await this.o.gate.wait(this.o.signal);
          if (!(await this.o.pacer.wait())) return;
          await this.o.gate.wait(this.o.signal);
          if (this.o.signal.aborted) return;
          await this.placeOne();
        }
      }),
    );
  }

  private async placeOne(): Promise<void> {
    const { shoppers, products, recorders: r } = this.o;
    const n = this.next++;
    const shopper = shoppers[n % shoppers.length] as Shopper;
    const productId = `p${1 + (n % products)}`;
    const started = performance.now();
    this.inFlight++;
    try {
      const res = await request(`${this.o.gatewayUrl}/api/orders`, {
        dispatcher: this.o.agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${shopper.token}` },
        body: JSON.stringify({ productId, quantity: 1 }),
        headersTimeout: ORDER_TIMEOUT_MS,
        bodyTimeout: ORDER_TIMEOUT_MS,
      });
      const body = (await res.body.json().catch(() => ({}))) as { error?: string };
      if (res.statusCode === 201) {
        r.placed.inc();
        r.latency.recordSince(started);
      } else {
        r.failed.inc();
        this.o.onFailure(`${res.statusCode}${body.error === undefined ? '' : ` ${body.error}`}`);
      }
    } catch (error) {
      r.failed.inc();
      this.o.onFailure((error as Error).message);
    } finally {
      this.inFlight--;
    }
  }
}
