// One running shop service, as a scenario holds it: its process (kill / stop / restart / pause /
// resume, the node actions) and its HTTP surface (/metrics scraped, /_control posted).
import type { PrivateProcess } from '../../../../infrastructure/launcher/private/index.ts';
import type { ShopControl, ShopInstance, ShopMetrics, ShopServiceName } from '../../sdk/index.ts';
import { shopMetrics } from './prom-text.ts';

const HTTP_TIMEOUT_MS = 3_000;
/** A graceful stop's grace: deregister, leave the consumer group, flush spans. */
export const STOP_GRACE_MS = 4_000;

export class RunShopInstance implements ShopInstance {
  constructor(
    readonly service: ShopServiceName,
    readonly name: string,
    private readonly proc: PrivateProcess,
  ) {}

  get url(): string {
    return `http://${this.proc.address}`;
  }

  get port(): number {
    return this.proc.port;
  }

  get pid(): number {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  stop(): Promise<void> {
    return this.proc.stop(STOP_GRACE_MS);
  }

  restart(): Promise<void> {
    return this.proc.restart();
  }

  pause(): void {
    this.proc.pause();
  }

  resume(): void {
    this.proc.resume();
  }

  async metrics(): Promise<ShopMetrics> {
    const res = await fetch(`${this.url}/metrics`, {
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`${this.name} /metrics answered ${res.status}`);
    return shopMetrics(await res.text());
  }

  async control(body: ShopControl): Promise<ShopControl> {
    const res = await fetch(`${this.url}/_control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const answer = (await res.json()) as ShopControl & { error?: string };
    if (!res.ok) throw new Error(`${this.name} /_control refused: ${String(answer.error)}`);
    return answer;
  }
}
