// A run's fault toolbox (ctx.faults, and the fault panel through the server's routes): its links
// are fault proxies in the process's registry, named `<runId>.<link>`, so Toxiproxy's API sees
// them too; its nodes are processes the run started. Every fault applied is reported to the run,
// which makes it an event and a chart marker.
import { processProxies } from '../../../infrastructure/faults/index.ts';
import type { FaultProxy, ProxyRegistry } from '../../../infrastructure/faults/index.ts';
import { NODE_ACTION_STATES } from '../sdk/spec.ts';
import type {
  FaultLink,
  FaultNodeHandle,
  FaultNodeState,
  Faults,
  FaultsView,
  NodeAction,
  Toxic,
  ToxicSpec,
} from '../sdk/index.ts';

/** No such link or node in the run (the API answers 404). */
export class UnknownFaultTarget extends Error {}
/** The action does not fit the node's state: pausing a killed node (the API answers 409). */
export class FaultConflict extends Error {}

/** How a toxic reads in the event log and on a marker: "latency 200±50 ms ↓ redis". */
export function describeToxic(link: string, toxic: Toxic): string {
  const a = toxic.attributes;
  const what: Record<Toxic['type'], () => string> = {
    latency: () => `latency ${a.latency ?? 0}${a.jitter ? `±${a.jitter}` : ''} ms`,
    bandwidth: () => `bandwidth ${a.rate ?? 0} KB/s`,
    slow_close: () => `slow close ${a.delay ?? 0} ms`,
    timeout: () => (a.timeout ? `timeout after ${a.timeout} ms` : 'black hole'),
    reset_peer: () => `reset_peer after ${a.timeout ?? 0} ms`,
    limit_data: () => `limit_data ${a.bytes ?? 0} bytes`,
    slicer: () => `slicer ${a.average_size ?? 0}±${a.size_variation ?? 0} B`,
  };
  const odds = toxic.toxicity < 1 ? ` (${Math.round(toxic.toxicity * 100)}% of connections)` : '';
  return `${what[toxic.type]()} ${toxic.stream === 'upstream' ? 'upstream' : 'downstream'} on ${link}${odds}`;
}

interface NodeEntry {
  handle: FaultNodeHandle;
  state: FaultNodeState;
}

export class RunFaults implements Faults {
  private readonly links = new Map<string, FaultProxy>();
  private readonly creating = new Map<string, Promise<FaultProxy>>();
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly runId: string,
    /** Records a fault applied: an event and a 'fault' marker on the run. */
    private readonly report: (message: string) => void,
    /** Tells a scripted fault apart from one in the run's finish (no new faults after the load). */
    private readonly stillLoading: () => boolean,
    private readonly elapsedMs: () => number,
    private readonly registry: ProxyRegistry = processProxies,
  ) {}

  async link(name: string, upstream: string): Promise<FaultLink> {
    if (this.closed) throw new Error(`run ${this.runId} has ended: no new link ${name}`);
    let proxy = this.links.get(name) ?? (await this.creating.get(name));
    if (!proxy) {
      const creating = this.registry.create({ name: `${this.runId}.${name}`, upstream });
      this.creating.set(name, creating);
      try {
        proxy = await creating;
      } finally {
        this.creating.delete(name);
      }
      this.links.set(name, proxy);
      if (this.closed) await this.closeAll();
    }
    return { name, listen: proxy.listen, port: proxy.port, upstream: proxy.upstream };
  }

  /** The link's proxy port for an upstream address, if the run has one (Kafka's socket factory). */
  portFor(upstream: string): number | undefined {
    for (const proxy of this.links.values()) if (proxy.upstream === upstream) return proxy.port;
    return undefined;
  }

  node(name: string, handle: FaultNodeHandle): void {
    this.nodes.set(name, { handle, state: 'running' });
  }

  async addToxic(link: string, spec: ToxicSpec): Promise<string> {
    const toxic = this.proxy(link).addToxic(spec);
    this.report(describeToxic(link, toxic));
    return Promise.resolve(toxic.name);
  }

  async removeToxic(link: string, name: string): Promise<void> {
    const proxy = this.proxy(link);
    const toxic = proxy.toxic(name);
    proxy.removeToxic(name);
    this.report(`removed ${describeToxic(link, toxic)}`);
    return Promise.resolve();
  }

  async clear(): Promise<void> {
    let cleared = 0;
    for (const proxy of this.links.values()) {
      cleared += proxy.toxics.length + (proxy.enabled ? 0 : 1);
      proxy.removeAllToxics();
      await proxy.setEnabled(true);
    }
    if (cleared > 0) this.report('every fault on the links cleared');
  }

  async down(link: string): Promise<void> {
    await this.proxy(link).setEnabled(false);
    this.report(`link ${link} down: connections closed, nothing listening`);
  }

  async up(link: string): Promise<void> {
    await this.proxy(link).setEnabled(true);
    this.report(`link ${link} up`);
  }

  async act(name: string, action: NodeAction): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) throw new UnknownFaultTarget(`no node ${name} in this run`);
    if (!NODE_ACTION_STATES[action].includes(node.state)) {
      throw new FaultConflict(`cannot ${action} ${name}: it is ${node.state}`);
    }
    const before = node.handle.pid;
    switch (action) {
      case 'kill':
        await node.handle.kill();
        node.state = 'killed';
        break;
      case 'stop':
        await node.handle.stop();
        node.state = 'stopped';
        break;
      case 'pause':
        node.handle.pause();
        node.state = 'paused';
        break;
      case 'resume':
        node.handle.resume();
        node.state = 'running';
        break;
      case 'restart':
        this.report(`${name} restarting`);
        await node.handle.restart();
        node.state = 'running';
        this.report(`${name} restarted (pid ${node.handle.pid})`);
        return;
    }
    const verb = {
      kill: 'killed (SIGKILL)',
      stop: 'stopped',
      pause: 'paused (SIGSTOP)',
      resume: 'resumed (SIGCONT)',
    };
    this.report(`${name} ${verb[action]} (pid ${before})`);
  }

  at(seconds: number, fault: () => Promise<unknown>): void {
    const delay = Math.max(0, seconds * 1000 - this.elapsedMs());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || !this.stillLoading()) return;
      fault().catch((error: Error) => this.report(`scripted fault failed: ${error.message}`));
    }, delay);
    this.timers.add(timer);
  }

  view(): FaultsView {
    return {
      links: [...this.links].map(([name, proxy]) => {
        const { listen, upstream, enabled, toxics } = proxy.toJSON();
        return { name, listen, upstream, enabled, toxics };
      }),
      nodes: [...this.nodes].map(([name, node]) => ({
        name,
        state: node.state,
        pid: node.handle.pid,
      })),
    };
  }

  /**
   * When the load stops: scripted faults cancelled, toxics removed, links up, paused nodes
   * resumed, so the scenario's final count reads the brokers as they are (a killed node stays
   * dead: what it lost stays lost).
   */
  async heal(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    let lifted = 0;
    for (const proxy of this.links.values()) {
      lifted += proxy.toxics.length + (proxy.enabled ? 0 : 1);
      proxy.removeAllToxics();
      await proxy.setEnabled(true).catch(() => undefined);
    }
    for (const [name, node] of this.nodes) {
      if (node.state !== 'paused') continue;
      node.handle.resume();
      node.state = 'running';
      lifted++;
      this.report(`${name} resumed for the final count`);
    }
    if (lifted > 0) this.report('faults on the links lifted for the final count');
  }

  /** Scripted faults cancelled; a paused node resumed (so it can be stopped); proxies deleted. */
  async closeAll(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const node of this.nodes.values()) if (node.state === 'paused') node.handle.resume();
    const names = [...this.links.values()].map((p) => p.name);
    this.links.clear();
    await Promise.all(names.map((n) => this.registry.delete(n).catch(() => undefined)));
  }

  private proxy(link: string): FaultProxy {
    const proxy = this.links.get(link);
    if (!proxy) throw new UnknownFaultTarget(`no link ${link} in this run`);
    return proxy;
  }
}
