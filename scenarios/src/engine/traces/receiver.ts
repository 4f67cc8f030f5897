// A run's OTLP/HTTP receiver: the shop's services export their spans here (POST /v1/traces,
// OTLP JSON); it keeps them in a TraceStore for the run's page, and forwards each body as is to
// $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces (Jaeger, an OTel collector) when that is set.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseOtlpJson } from './otlp-json.ts';
import { TraceStore } from './trace-store.ts';
import type { TraceStoreOptions } from './trace-store.ts';

export interface TraceReceiverOptions extends TraceStoreOptions {
  /** Epoch ms the span times are made relative to (the run's start). */
  originEpochMs: number;
  /** Where bodies are forwarded (`<endpoint>/v1/traces`); default $OTEL_EXPORTER_OTLP_ENDPOINT. */
  forwardTo?: string | undefined;
}

/** Bodies beyond this are refused: a service exports batches of at most 512 spans. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const FORWARD_TIMEOUT_MS = 3_000;

export class TraceReceiver {
  readonly store: TraceStore;
  /** Bodies the forward target did not accept (or could not be reached for). */
  forwardFailures = 0;
  forwarded = 0;
  private readonly forwardUrl: string | undefined;
  private readonly pending = new Set<Promise<void>>();

  private constructor(
    private readonly server: Server,
    private readonly options: TraceReceiverOptions,
  ) {
    this.store = new TraceStore(options);
    const endpoint = options.forwardTo ?? (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined);
    this.forwardUrl =
      endpoint === undefined ? undefined : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
    server.on('request', (req, res) => this.handle(req, res));
  }

  static async start(options: TraceReceiverOptions): Promise<TraceReceiver> {
    const server = createServer();
    server.keepAliveTimeout = 10_000;
    const receiver = new TraceReceiver(server, options);
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => done());
    });
    return receiver;
  }

  /** What the services export to. */
  get tracesUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  /** Stops listening once the forwards under way are done (each is bounded by its timeout). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      res.writeHead(415, { 'content-type': 'text/plain' }).end('OTLP JSON only');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        this.store.add(
          parseOtlpJson(JSON.parse(body.toString('utf8')), this.options.originEpochMs),
        );
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (this.forwardUrl !== undefined) this.forward(this.forwardUrl, body);
    });
  }

  private forward(url: string, body: Buffer): void {
    const sending = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) this.forwarded++;
        else this.forwardFailures++;
      })
      .catch(() => {
        this.forwardFailures++;
      })
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }
}
