// One TCP fault proxy: listens on a loopback port, forwards every connection to its upstream,
// and passes the bytes through the toxics in force (applied to live connections too, as in
// Toxiproxy). Disabled, it closes its listener and every connection; enabled again, it listens
// on the same port.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { ToxicError, attributesOf, toxicFrom } from './toxics.ts';
import type { ProxyConfig, ProxyState, Toxic } from './toxics.ts';

export interface ProxyStats {
  /** Connections open now. */
  open: number;
  accepted: number;
  bytesUpstream: number;
  bytesDownstream: number;
}

function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const host = at > 0 ? address.slice(0, at) : '127.0.0.1';
  const port = Number(address.slice(at + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ToxicError(`not a host:port: "${address}"`, 400);
  }
  return { host: host.replace(/^\[|\]$/g, ''), port };
}

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly toxicList: Toxic[] = [];
  private listenAddress: string;
  private upstreamAddress: string;
  private isEnabled = false;
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
    splitAddress(config.upstream);
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
    return toxic;
  }

  removeToxic(name: string): void {
    const at = this.toxicList.indexOf(this.toxic(name));
    this.toxicList.splice(at, 1);
  }

  removeAllToxics(): void {
    this.toxicList.splice(0);
  }

  toxic(name: string): Toxic {
    const toxic = this.toxicList.find((t) => t.name === name);
    if (!toxic) throw new ToxicError(`toxic not found: ${name}`, 404);
    return toxic;
  }

  /** Down (false): no listener, every connection closed. Up (true): listening again. */
  async setEnabled(enabled: boolean): Promise<void> {
    if (enabled === this.isEnabled) return;
    if (enabled) {
      const { host, port } = splitAddress(this.listenAddress);
      const server = createServer((client) => this.accept(client));
      await new Promise<void>((done, fail) => {
        server.once('error', (e: NodeJS.ErrnoException) =>
          fail(
            e.code === 'EADDRINUSE'
              ? new ToxicError(`${this.listenAddress} is already in use`, 409)
              : e,
          ),
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
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
      await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    }
  }

  async close(): Promise<void> {
    await this.setEnabled(false);
  }

  private accept(client: Socket): void {
    this.stats.accepted++;
    this.stats.open++;
    const { host, port } = splitAddress(this.upstreamAddress);
    const upstream = connect({ host, port });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      this.stats.open--;
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.on('data', (chunk: Buffer) => {
      this.stats.bytesUpstream += chunk.length;
    });
    upstream.on('data', (chunk: Buffer) => {
      this.stats.bytesDownstream += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
