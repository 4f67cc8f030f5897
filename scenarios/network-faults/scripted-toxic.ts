// The scenario's one fault: a toxic added to the broker's link at faultAtSec and removed at
// liftAtSec, replaced while in force when a learner slides one of its live attributes. What the
// link really holds is read back from the fault toolbox (not from the params), so the checks
// compare the clients' measurements with the proxy's own configuration.
import type { RunContext, ToxicSpec } from '../src/sdk/contract.ts';
import type { NetworkFaultsParams } from './params.ts';
import type { FaultWindows } from './windows.ts';

const TOXIC_NAME = 'network-faults';
const COMPANION_NAME = 'network-faults-latency';

/** The toxic the params describe. */
export function toxicSpec(p: NetworkFaultsParams): ToxicSpec {
  const attributes: Record<NetworkFaultsParams['toxic'], Record<string, number>> = {
    latency: { latency: p.latencyMs, jitter: p.jitterMs },
    bandwidth: { rate: p.rateKBps },
    reset_peer: { timeout: p.timeoutMs },
    timeout: { timeout: p.timeoutMs },
  };
  return { name: TOXIC_NAME, type: p.toxic, stream: p.stream, attributes: attributes[p.toxic] };
}

/**
 * Every toxic the fault adds, in order. A reset only duplicates when it cuts a reply the broker
 * has already sent; on loopback a reply is in flight for about a millisecond of each request, so
 * a bare reset mostly meets an idle connection. Holding the replies in the link for latencyMs (a
 * slow network) first makes nearly every reset cut an acknowledgement in flight.
 */
export function toxicSpecs(p: NetworkFaultsParams): ToxicSpec[] {
  const main = toxicSpec(p);
  if (p.toxic !== 'reset_peer' || p.latencyMs === 0) return [main];
  const companion: ToxicSpec = {
    name: COMPANION_NAME,
    type: 'latency',
    stream: p.stream,
    attributes: { latency: p.latencyMs, jitter: p.jitterMs },
  };
  return [companion, main];
}

// The live params each toxic reads.
const LIVE_ATTRIBUTES: Record<NetworkFaultsParams['toxic'], readonly string[]> = {
  latency: ['latencyMs', 'jitterMs'],
  bandwidth: ['rateKBps'],
  reset_peer: [],
  timeout: [],
};

/** The link's latency toxic as read back while it was in force: its smallest and largest setting. */
export interface ReadBack {
  /** Still on the link when the fault window closed (not removed early from the fault panel). */
  intact: boolean;
  latencyMin: number;
  latencyMax: number;
  jitterMax: number;
  readings: number;
}

export class ScriptedToxic {
  readonly readBack: ReadBack = {
    intact: true,
    latencyMin: Infinity,
    latencyMax: 0,
    jitterMax: 0,
    readings: 0,
  };
  private inForce = false;
  private replacing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: RunContext<NetworkFaultsParams>,
    private readonly link: string,
    private readonly windows: FaultWindows,
  ) {}

  get applied(): boolean {
    return this.windows.appliedAt !== undefined;
  }

  schedule(): void {
    const { faultAtSec, liftAtSec } = this.ctx.params;
    this.ctx.faults.at(faultAtSec, () => this.apply());
    if (liftAtSec > faultAtSec) this.ctx.faults.at(liftAtSec, () => this.lift());
    this.ctx.onParamsChange((changed) => {
      if (!this.inForce) return;
      if (!changed.some((f) => LIVE_ATTRIBUTES[this.ctx.params.toxic].includes(f))) return;
      this.replacing = this.replacing.then(() => this.replace()).catch(() => undefined);
    });
  }

  /** The load stopped: the engine lifts every toxic now, so the fault window closes here. */
  loadStopped(): void {
    if (this.inForce && this.current() === undefined) this.readBack.intact = false;
    this.inForce = false;
    this.windows.lifted(performance.now());
  }

  private async apply(): Promise<void> {
    for (const spec of toxicSpecs(this.ctx.params)) await this.ctx.faults.addToxic(this.link, spec);
    this.windows.applied(performance.now());
    this.inForce = true;
    this.ctx.phase('fault');
    this.readBackNow();
  }

  private async lift(): Promise<void> {
    if (!this.inForce) return;
    if (this.current() === undefined) this.readBack.intact = false;
    this.inForce = false;
    this.windows.lifted(performance.now());
    this.ctx.phase('recovery');
    // Lifted from the fault panel already: nothing left to remove.
    for (const name of [TOXIC_NAME, COMPANION_NAME]) {
      if (this.current(name) !== undefined) await this.ctx.faults.removeToxic(this.link, name);
    }
  }

  private async replace(): Promise<void> {
    if (!this.inForce) return;
    if (this.current() !== undefined) await this.ctx.faults.removeToxic(this.link, TOXIC_NAME);
    await this.ctx.faults.addToxic(this.link, toxicSpec(this.ctx.params));
    this.readBackNow();
  }

  private current(name = TOXIC_NAME): { attributes: Record<string, number> } | undefined {
    const link = this.ctx.faults.view().links.find((l) => l.name === this.link);
    return link?.toxics.find((t) => t.name === name);
  }

  private readBackNow(): void {
    const toxic = this.current();
    if (toxic === undefined || this.ctx.params.toxic !== 'latency') return;
    const latency = toxic.attributes.latency ?? 0;
    const r = this.readBack;
    r.latencyMin = Math.min(r.latencyMin, latency);
    r.latencyMax = Math.max(r.latencyMax, latency);
    r.jitterMax = Math.max(r.jitterMax, toxic.attributes.jitter ?? 0);
    r.readings++;
  }
}
