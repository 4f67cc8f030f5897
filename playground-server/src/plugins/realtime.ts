// Socket.IO on Fastify's own server (fastify-socket.io does not support Fastify 5). Frames go
// out as volatile emits: a slow viewer loses frames instead of slowing the run or growing the
// server's memory.
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { Frame } from '@playground/scenarios/sdk';
import type { Run, RunEvent, RunRecord } from '../engine/index.ts';
import type { BrokerHealth } from '../brokers/health.ts';
import { runView } from '../routes/scenario-view.ts';

export interface ServerToClient {
  'run:frame': (frame: { runId: string } & Frame) => void;
  'run:history': (history: {
    runId: string;
    frames: Frame[];
    events: RunEvent[];
    run: ReturnType<typeof runView>;
  }) => void;
  'run:event': (event: { runId: string } & RunEvent) => void;
  'run:state': (state: ReturnType<typeof runView>) => void;
  'runs:changed': (change: { runId: string; scenario: string; state: RunRecord['state'] }) => void;
  'health:changed': (change: { broker: string; health: BrokerHealth }) => void;
}

type Ack = (answer: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServer {
  'run:join': (request: { runId: string }, ack?: Ack) => void;
  'run:leave': (request: { runId: string }, ack?: Ack) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    io: Server<ClientToServer, ServerToClient>;
  }
}

const room = (runId: string): string => `run:${runId}`;

export default fp(
  async (app) => {
    const io = new Server<ClientToServer, ServerToClient>(app.server, {
      serveClient: false,
      // Same-origin in production; the Vite dev server proxies, so no CORS is needed.
      maxHttpBufferSize: 16 * 1024,
    });
    app.decorate('io', io);

    const attach = (run: Run): void => {
      const to = room(run.id);
      run.on('frame', (frame) => {
        io.to(to).volatile.emit('run:frame', { runId: run.id, ...frame });
      });
      run.on('event', (event) => {
        io.to(to).emit('run:event', { runId: run.id, ...event });
      });
      run.on('params', () => {
        io.to(to).emit('run:state', runView(run));
      });
      run.on('state', () => {
        io.to(to).emit('run:state', runView(run));
      });
    };

    app.runs.on('started', (run) => {
      attach(run);
      io.emit('runs:changed', { runId: run.id, scenario: run.scenario.id, state: run.state });
    });
    app.runs.on('ended', (run, record) => {
      io.emit('runs:changed', { runId: run.id, scenario: record.scenario, state: record.state });
    });
    for (const broker of ['redis', 'rabbitmq', 'kafka'] as const) {
      app[broker].monitor.onChange((health) => io.emit('health:changed', { broker, health }));
    }

    io.on('connection', (socket) => {
      const valid = (request: unknown): string | undefined => {
        const runId = (request as { runId?: unknown } | null)?.runId;
        return typeof runId === 'string' && /^[a-z0-9]{6,16}$/.test(runId) ? runId : undefined;
      };
      socket.on('run:join', (request, ack) => {
        const runId = valid(request);
        const run = runId === undefined ? undefined : app.runs.get(runId);
        if (runId === undefined || run === undefined) {
          if (typeof ack === 'function')
            ack({
              ok: false,
              error: `no run ${JSON.stringify((request as { runId?: unknown } | null)?.runId)}`,
            });
          return;
        }
        // History first, then the room: a frame ticked in between is at worst sent twice, and the
        // client drops frames at or before the last t it has.
        socket.emit('run:history', {
          runId,
          frames: run.frames,
          events: run.events,
          run: runView(run),
        });
        void socket.join(room(runId));
        if (typeof ack === 'function') ack({ ok: true });
      });
      socket.on('run:leave', (request, ack) => {
        const runId = valid(request);
        if (runId !== undefined) void socket.leave(room(runId));
        if (typeof ack === 'function') ack({ ok: true });
      });
    });

    // Before the HTTP server closes: it waits for open connections, and a viewer's socket would
    // hold it open until the client gave up.
    app.addHook('preClose', async () => {
      io.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'realtime', dependencies: ['runs', 'redis', 'rabbitmq', 'kafka'] },
);
