// The live workshop: the plan a trainer runs, where the presenter is (relayed to the `workshop`
// Socket.IO room, so followers' screens go there too), and the room's runs-at-once limits,
// enforced on POST /api/runs before the run manager's own limit.
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { WorkshopPositionSchema } from '../routes/schemas.ts';
import type {
  Workshop,
  WorkshopLimits,
  WorkshopPosition,
  WorkshopState,
} from '../routes/schemas.ts';
import { apiError } from './errors.ts';

export interface WorkshopRoom {
  state(): WorkshopState;
  start(plan: Workshop): WorkshopState;
  end(): WorkshopState;
  setLimits(limits: WorkshopLimits): WorkshopState;
}

declare module 'fastify' {
  interface FastifyInstance {
    workshop: WorkshopRoom;
  }
}

export const WORKSHOP_ROOM = 'workshop';
const START_RUN = '/api/runs';

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

// Who started a run: the address it came from. A room's learners sit at their own machines; a
// header the browser chose would let anyone claim to be someone else.
const clientOf = (request: FastifyRequest): string => request.ip;

export default fp(
  async (app) => {
    const expected = app.playground.config.trainerToken;
    const expectedDigest = expected === undefined ? undefined : digest(expected);
    const tokenOk = (token: unknown): boolean =>
      expectedDigest === undefined ||
      (typeof token === 'string' && timingSafeEqual(digest(token), expectedDigest));

    let plan: Workshop | undefined;
    let position: WorkshopPosition | undefined;
    let limits: WorkshopLimits = { perClient: null, total: null };
    const state = (): WorkshopState => ({
      live: plan !== undefined,
      ...(plan === undefined ? {} : { plan }),
      ...(position === undefined ? {} : { position }),
      limits,
    });
    const announce = (): WorkshopState => {
      const now = state();
      app.io.emit('workshop:state', now);
      return now;
    };

    app.decorate('workshop', {
      state,
      start(next: Workshop) {
        plan = next;
        const first = next.steps[0];
        position = first && {
          step: 0,
          scenario: first.scenario,
          ...(first.section === undefined ? {} : { section: first.section }),
        };
        return announce();
      },
      end() {
        plan = undefined;
        position = undefined;
        return announce();
      },
      setLimits(next: WorkshopLimits) {
        limits = next;
        return announce();
      },
    } satisfies WorkshopRoom);

    // Runs each client has going (ids from their 201s) and starts not yet answered: two requests
    // at once must not both slip under the limit.
    const owner = new Map<string, string>();
    const pending = new Map<string, number>();
    const reserved = Symbol('workshop-reserved');
    type Reserving = FastifyRequest & { [reserved]?: string };
    const running = (): string[] => [...app.runs.activeIds()];
    const release = (request: Reserving): void => {
      const client = request[reserved];
      if (client === undefined) return;
      request[reserved] = undefined;
      const left = (pending.get(client) ?? 1) - 1;
      if (left <= 0) pending.delete(client);
      else pending.set(client, left);
    };

    app.addHook('preHandler', async (request: Reserving) => {
      if (request.method !== 'POST' || request.routeOptions.url !== START_RUN) return;
      const client = clientOf(request);
      const active = running();
      for (const id of owner.keys()) if (!active.includes(id)) owner.delete(id);
      const allPending = [...pending.values()].reduce((a, b) => a + b, 0);
      if (limits.total !== null && active.length + allPending >= limits.total) {
        throw apiError(
          429,
          `the workshop's limit of ${limits.total} run(s) at once in all is reached: wait for one to end`,
          { field: 'limits.total', bound: limits.total, value: active.length + allPending },
        );
      }
      const mine =
        [...owner.entries()].filter(([, who]) => who === client).length +
        (pending.get(client) ?? 0);
      if (limits.perClient !== null && mine >= limits.perClient) {
        throw apiError(
          429,
          `the workshop's limit of ${limits.perClient} run(s) at once per client is reached: stop yours or wait for it to end`,
          { field: 'limits.perClient', bound: limits.perClient, value: mine },
        );
      }
      pending.set(client, (pending.get(client) ?? 0) + 1);
      request[reserved] = client;
    });
    app.addHook('onSend', async (request: Reserving, reply, payload) => {
      const client = request[reserved];
      if (client === undefined) return payload;
      release(request);
      if (reply.statusCode === 201 && typeof payload === 'string') {
        const id = (JSON.parse(payload) as { id?: unknown }).id;
        if (typeof id === 'string') owner.set(id, client);
      }
      return payload;
    });
    app.addHook('onResponse', async (request: Reserving) => release(request));

    app.io.on('connection', (socket) => {
      socket.on('workshop:join', (_request, ack) => {
        void socket.join(WORKSHOP_ROOM);
        if (typeof ack === 'function') ack(state());
      });
      socket.on('workshop:leave', (_request, ack) => {
        void socket.leave(WORKSHOP_ROOM);
        if (typeof ack === 'function') ack({ ok: true });
      });
      socket.on('workshop:position', (request, ack) => {
        const answer = typeof ack === 'function' ? ack : () => undefined;
        const body = request as { token?: unknown; position?: unknown } | null;
        if (!tokenOk(body?.token)) {
          answer({ ok: false, error: 'presenting needs the trainer token' });
          return;
        }
        if (plan === undefined) {
          answer({ ok: false, error: 'no workshop is live' });
          return;
        }
        const next = body?.position;
        if (!Value.Check(WorkshopPositionSchema, next) || next.step >= plan.steps.length) {
          answer({ ok: false, error: 'not a position in this workshop' });
          return;
        }
        position = next;
        socket.to(WORKSHOP_ROOM).emit('workshop:position', next);
        answer({ ok: true });
      });
    });
  },
  { name: 'workshop', dependencies: ['playground-config', 'errors', 'runs', 'realtime'] },
);
