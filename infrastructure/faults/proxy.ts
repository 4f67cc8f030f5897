// One TCP fault proxy: listens on a loopback port, forwards every connection to its upstream,
// and passes the bytes through the toxics in force (applied to live connections too, as in
// Toxiproxy). Disabled, it closes its listener and every connection; enabled again, it listens
// on the same port.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { sameAddress, splitAddress } from './address.ts';
import { ProxiedConnection } from './connection.ts';
import { ToxicError, attributesOf, toxicFrom } from './toxics.ts';
import type { ProxyConfig, ProxyState, Toxic } from './toxics.ts';

export interface ProxyStats {
  /** Connections open now. */
  open: number;
  accepted: number;
  bytesUpstream: number;
  bytesDownstream: number;
}

export class FaultProxy {
  private server: Server | undefined;
  private readonly connections = new Set<ProxiedConnection>();
  private readonly toxicList: Toxic[] = [];
  private listenAddress: string;
  private upstreamAddress: string;
  private isEnabled = false;
  private switching: Promise<void> = Promise.resolve();
  readonly stats: ProxyStats = { open: 0, accepted: 0, bytesUpstream: 0, bytesDownstream: 0 };

  private constructor(
    readonly name: string,
    listen: string,
    upstream: string,
  ) {
    this.listenAddress = listen;
    this.upstreamAddress = upstream;
  }

  static async create(config: {
    name: string;
    listen?: string;
    upstream: string;
    enabled?: boolean;
  }): Promise<FaultProxy> {
    splitAddress(config.upstream, false);
    if (config.listen !== undefined) splitAddress(config.listen);
    const proxy = new FaultProxy(config.name, config.listen ?? '127.0.0.1:0', config.upstream);
    if (config.enabled !== false) await proxy.setEnabled(true);
    return proxy;
  }

  get listen(): string {
    return this.listenAddress;
  }

  get port(): number {
    return splitAddress(this.listenAddress).port;
  }

  get upstream(): string {
    return this.upstreamAddress;
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  get toxics(): readonly Toxic[] {
    return this.toxicList;
  }

  toJSON(): ProxyState {
    return {
      name: this.name,
      listen: this.listenAddress,
      upstream: this.upstreamAddress,
      enabled: this.isEnabled,
      toxics: this.toxicList.map((t) => ({ ...t, attributes: { ...t.attributes } })),
    };
  }

  config(): ProxyConfig {
    const { toxics: _toxics, ...config } = this.toJSON();
    return config;
  }

  addToxic(input: Parameters<typeof toxicFrom>[0]): Toxic {
    const toxic = toxicFrom(
      input,
      this.toxicList.map((t) => t.name),
    );
    this.toxicList.push(toxic);
    for (const connection of this.connections) connection.toxicAdded(toxic);
    return toxic;
  }

  updateToxic(
    name: string,
    patch: { toxicity?: number; attributes?: Record<string, unknown> },
  ): Toxic {
    const toxic = this.toxic(name);
    if (patch.toxicity !== undefined) {
      if (!(patch.toxicity >= 0 && patch.toxicity <= 1)) {
        throw new ToxicError(`toxicity must be between 0 and 1, not ${patch.toxicity}`, 400);
      }
      toxic.toxicity = patch.toxicity;
    }
    if (patch.attributes)
      toxic.attributes = attributesOf(toxic.type, patch.attributes, toxic.attributes);
    for (const connection of this.connections) connection.toxicUpdated(toxic);
    return toxic;
  }

  removeToxic(name: string): void {
    const toxic = this.toxic(name);
    this.toxicList.splice(this.toxicList.indexOf(toxic), 1);
    for (const connection of this.connections) connection.toxicRemoved(toxic);
  }

  removeAllToxics(): void {
    for (const toxic of this.toxicList.splice(0)) {
      for (const connection of this.connections) connection.toxicRemoved(toxic);
    }
  }

  toxic(name: string): Toxic {
    const toxic = this.toxicList.find((t) => t.name === name);
    if (!toxic) throw new ToxicError(`toxic not found: ${name}`, 404);
    return toxic;
  }

  /** Down (false): no listener, every connection closed. Up (true): listening again. */
  setEnabled(enabled: boolean): Promise<void> {
    // One switch at a time: a run healing its links and an API reset may ask at once.
    const next = this.switching.then(() => this.switchTo(enabled));
    this.switching = next.catch(() => undefined);
    return next;
  }

  private async switchTo(enabled: boolean): Promise<void> {
    if (enabled === this.isEnabled) return;
    if (enabled) {
      const { host, port } = splitAddress(this.listenAddress);
      const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
      await new Promise<void>((done, fail) => {
        server.once('error', (e: NodeJS.ErrnoException) =>
          fail(listenError(this.listenAddress, e)),
        );
        server.listen(port, host, () => done());
      });
      const bound = server.address();
      if (bound && typeof bound === 'object') this.listenAddress = `${host}:${bound.port}`;
      this.server = server;
      this.isEnabled = true;
    } else {
      this.isEnabled = false;
      const server = this.server;
      this.server = undefined;
      for (const connection of this.connections) connection.destroy();
      await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    }
  }

  /**
   * Toxiproxy's proxy update: a new listen address or upstream restarts the proxy (its
   * connections are closed), then `enabled` is applied. Toxics stay.
   */
  async reconfigure(patch: {
    listen?: string;
    upstream?: string;
    enabled?: boolean;
  }): Promise<void> {
    if (patch.upstream !== undefined) splitAddress(patch.upstream, false);
    const moves = patch.listen !== undefined && !sameAddress(patch.listen, this.listenAddress);
    const retargets = patch.upstream !== undefined && patch.upstream !== this.upstreamAddress;
    const enabled = patch.enabled ?? this.isEnabled;
    if (!moves && !retargets) return this.setEnabled(enabled);
    const before = {
      listen: this.listenAddress,
      upstream: this.upstreamAddress,
      enabled: this.isEnabled,
    };
    await this.setEnabled(false);
    if (patch.listen !== undefined && moves) this.listenAddress = patch.listen;
    if (patch.upstream !== undefined) this.upstreamAddress = patch.upstream;
    try {
      await this.setEnabled(enabled);
    } catch (error) {
      // The new address cannot be had: the proxy goes back to where it was.
      this.listenAddress = before.listen;
      this.upstreamAddress = before.upstream;
      await this.setEnabled(before.enabled).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.setEnabled(false);
  }

  private accept(client: Socket): void {
    this.stats.accepted++;
    this.stats.open++;
    const { host, port } = splitAddress(this.upstreamAddress);
    const server = connect({ host, port, allowHalfOpen: true });
    const connection = new ProxiedConnection(client, server, {
      toxics: () => this.toxicList,
      counted: (stream, bytes) => {
        if (stream === 'upstream') this.stats.bytesUpstream += bytes;
        else this.stats.bytesDownstream += bytes;
      },
      closed: (done) => {
        this.stats.open--;
        this.connections.delete(done);
      },
    });
    this.connections.add(connection);
  }
}

/** A listen failure as the API answers it: taken → 409; any other is the address's fault → 400. */
function listenError(address: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EADDRINUSE') return new ToxicError(`${address} is already in use`, 409);
  return new ToxicError(`cannot listen on ${address} (${error.code ?? error.message})`, 400);
}
