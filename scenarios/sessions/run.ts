// The run: users arrive at loginsPerSec and browse across the instances; each tick the app's
// count of live sessions is drawn beside Redis's own (SCAN). At the end Redis is asked about
// every session the app still knows: those in use must exist and read the same from every
// instance, those ended must be gone, and the ones in use are asked again once their TTL has run.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, plural, Throttle } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { openRedisClients, scanKeys } from '../src/sdk/redis/index.ts';
import { AppInstance } from './app-instance.ts';
import type { SessionsParams } from './params.ts';
import { SessionTally } from './session-tally.ts';
import type { Session } from './session-tally.ts';
import { visit } from './visit.ts';
import type { VisitRecorders } from './visit.ts';

type Ctx = RunContext<SessionsParams>;

const SAMPLE_MS = 250;
const SCAN_EVERY_MS = 500;
// Redis starts a TTL when it runs the command, between our send and its answer.
const MARGIN_MS = 100;
// The longest the final phase waits for the sessions in use at the stop to idle out.
const IDLE_WAIT_MAX_MS = 3000;
const MAX_USERS = 5000;

export async function runSessions(ctx: Ctx): Promise<void> {
  const { instances: count } = ctx.params;
  const connections = await openRedisClients(ctx.brokers, count, {
    name: (i) => ctx.names.key('app', i + 1),
  });
  const instances = connections.map((redis, i) => new AppInstance(i, redis));
  const tally = new SessionTally();
  const recorders = createRecorders(ctx, count);
  const surprises = { unexpectedLoss: 0, viewMismatch: 0 };
  const warn = new Throttle(2000);
  let nextSession = 0;
  let nextUser = 0;

  ctx.event(
    `${plural(count, 'app instance')} share one session store; users log in at ${fmt(ctx.params.loginsPerSec)}/s and each page view slides the TTL to ${ctx.params.sessionTtlSec} s`,
  );
  ctx.onParamsChange((changed) => {
    if (changed.includes('sessionTtlSec') || changed.includes('thinkMs')) {
      const { sessionTtlSec, thinkMs } = ctx.params;
      ctx.event(
        thinkMs * 1.5 > sessionTtlSec * 1000
          ? `Pauses of up to ${fmt(thinkMs * 1.5)} ms now outlast the ${sessionTtlSec} s idle timeout: users will lose their sessions mid-visit`
          : `Idle timeout ${sessionTtlSec} s, pauses up to ${fmt(thinkMs * 1.5)} ms: sessions survive between page views`,
        { mark: true },
      );
    }
  });

  const users = new Set<Promise<void>>();
  const visitContext = {
    instances,
    tally,
    params: ctx.params,
    random: ctx.random,
    recorders,
    sleep: (ms: number) => ctx.sleep(ms),
    signal: ctx.signal,
    newSessionKey: () => ctx.names.key('session', ++nextSession),
    onSurprise(what: 'lost' | 'views', s: Session, expected: boolean) {
      if (what === 'views') surprises.viewMismatch++;
      else if (!expected) surprises.unexpectedLoss++;
      if (what === 'lost' && warn.allow('lost')) {
        ctx.event(
          `${s.user}'s session expired while they paused (idle > ${ctx.params.sessionTtlSec} s): they must log in again`,
          'warn',
        );
      }
    },
  };
  const arrivals = ctx.pacer(() => ctx.params.loginsPerSec);
  const arriving = (async () => {
    while (await arrivals.wait()) {
      if (users.size >= MAX_USERS) continue;
      const user = visit(visitContext, `user${++nextUser}`);
      users.add(user);
      void user.finally(() => users.delete(user));
    }
  })();
  const sampling = sample(ctx, tally, connections[0]);
  await arriving;
  await Promise.all(users);
  await sampling;

  ctx.fact('unexpectedLosses', surprises.unexpectedLoss);
  ctx.fact('viewMismatches', surprises.viewMismatch);
  await judge(ctx, instances, tally);
}

function createRecorders(ctx: Ctx, instances: number): VisitRecorders {
  const m = ctx.metrics;
  return {
    logins: m.counter('logins'),
    pageViews: m.counter('pageViews'),
    loggedOut: m.counter('loggedOut'),
    sessionsLost: m.counter('sessionsLost'),
    handoffs: m.counter('handoffs'),
    served: Array.from({ length: instances }, (_, i) => m.counter(`served.i${i + 1}`)),
    readLatency: m.histogram('readLatency'),
  };
}

/** The app's count of live sessions each tick, and Redis's (SCAN) every other. */
async function sample(ctx: Ctx, tally: SessionTally, redis: Redis | undefined): Promise<void> {
  const active = ctx.metrics.gauge('activeSessions');
  const inRedis = ctx.metrics.gauge('sessionsInRedis');
  const expired = ctx.metrics.counter('expired');
  const prefix = ctx.names.key('session', '');
  let lastScan = 0;
  let firstExpiry = true;
  while (!ctx.signal.aborted) {
    await ctx.sleep(SAMPLE_MS);
    const gone = tally.sweep(performance.now());
    expired.inc(gone);
    active.set(tally.alive.size);
    if (gone > 0 && firstExpiry) {
      firstExpiry = false;
      ctx.event(
        `First idle sessions expired at ${(ctx.elapsedMs() / 1000).toFixed(1)} s: users who left without logging out, ${ctx.params.sessionTtlSec} s after their last page view`,
      );
    }
    if (redis !== undefined && performance.now() - lastScan >= SCAN_EVERY_MS) {
      lastScan = performance.now();
      inRedis.set((await scanKeys(redis, prefix, { budgetMs: 200 })).keys.length);
    }
  }
}

/**
 * Asks Redis about the sessions the app knows. In use → EXISTS on one instance and the same
 * session (user, views) read from every instance. Ended → EXISTS 0. Then waits for the ones in
 * use to pass their TTL (the users stopped at the end of the load) and asks again.
 */
async function judge(ctx: Ctx, instances: AppInstance[], tally: SessionTally): Promise<void> {
  const first = instances[0] as AppInstance;
  const now = performance.now();
  const inUse = [...tally.alive].filter((s) => SessionTally.expectedAlive(s, now, MARGIN_MS));
  const ended = [...tally.ended, ...tally.alive].filter((s) =>
    SessionTally.expectedGone(s, now, MARGIN_MS),
  );

  const present = await first.exists(inUse.map((s) => s.key));
  ctx.fact('activeJudged', inUse.length);
  ctx.fact('activeFound', present.filter((n) => n === 1).length);
  let agreed = 0;
  for (const s of inUse) {
    const reads = await Promise.all(instances.map((i) => i.peek(s.key)));
    if (reads.every((v) => v !== null && v.user === s.user && v.views === s.views)) agreed++;
  }
  ctx.fact('instancesAgreed', agreed);

  const endedThere = await first.exists(ended.map((s) => s.key));
  ctx.fact('endedJudged', ended.length);
  ctx.fact('loggedOutJudged', ended.filter((s) => s.state === 'loggedOut').length);
  ctx.fact('endedStillThere', endedThere.filter((n) => n === 1).length);

  // The sessions in use at the stop now idle: each must be gone once its TTL has run.
  const lastExpiry = Math.max(0, ...inUse.map((s) => s.answeredAt + s.ttlMs + MARGIN_MS));
  const waitMs = lastExpiry - performance.now();
  if (inUse.length > 0 && waitMs <= IDLE_WAIT_MAX_MS) {
    await waitFor(() => performance.now() > lastExpiry, { withinMs: waitMs + 50, everyMs: 50 });
    const idled = await first.exists(inUse.map((s) => s.key));
    ctx.fact('idledJudged', inUse.length);
    ctx.fact('idledStillThere', idled.filter((n) => n === 1).length);
    ctx.event(
      `${plural(inUse.length, 'session')} in use at the stop: ${fmt(present.filter((n) => n === 1).length)} existed then; ${ctx.params.sessionTtlSec} s later ${fmt(idled.filter((n) => n === 0).length)} have idled out (EXISTS 0)`,
    );
  } else {
    ctx.fact('idledJudged', 0);
    ctx.fact('idledStillThere', 0);
  }
}
