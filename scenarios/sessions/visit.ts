// One user's visit: log in on some instance, view pages on random instances with a pause
// between them, then log out or just leave. A page view that finds the session gone (it idled
// out during a long pause) logs the user in again, as a real site would send them to log in.
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import type { Random } from '../src/sdk/random.ts';
import type { AppInstance } from './app-instance.ts';
import type { SessionsParams } from './params.ts';
import { SessionTally } from './session-tally.ts';
import type { Session } from './session-tally.ts';

export interface VisitRecorders {
  logins: Counter;
  pageViews: Counter;
  loggedOut: Counter;
  sessionsLost: Counter;
  handoffs: Counter;
  served: Counter[];
  readLatency: Histogram;
}

export interface VisitContext {
  instances: readonly AppInstance[];
  tally: SessionTally;
  params: Readonly<SessionsParams>;
  random: Random;
  recorders: VisitRecorders;
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal;
  /** A new session's key, unique within the run. */
  newSessionKey: () => string;
  /** Told when Redis's answer disagrees with the tally; `expected` says if the app foresaw it. */
  onSurprise: (what: 'lost' | 'views', session: Session, expected: boolean) => void;
}

// A session lost within this much of its expiry by the app's clock may fairly be either.
const MARGIN_MS = 100;

export async function visit(c: VisitContext, user: string): Promise<void> {
  const { random, recorders: r, params } = c;
  const pages = 1 + random.int(Math.max(1, params.pagesPerVisit * 2 - 1));
  let session = await login(c, user);
  for (let page = 0; page < pages; page++) {
    await c.sleep(params.thinkMs * (0.5 + random.next()));
    if (c.signal.aborted) return;
    const instance = pick(c);
    const ttlMs = params.sessionTtlSec * 1000;
    const sentAt = performance.now();
    const seen = await instance.view(session.key, ttlMs);
    const answeredAt = performance.now();
    r.readLatency.record(answeredAt - sentAt);
    r.served[instance.index]?.inc();
    if (instance.index !== session.lastInstance) r.handoffs.inc();
    if (seen === null) {
      r.sessionsLost.inc();
      c.onSurprise('lost', session, !SessionTally.expectedAlive(session, sentAt, MARGIN_MS));
      if (c.tally.alive.has(session)) c.tally.sweep(answeredAt);
      session = await login(c, user);
      continue;
    }
    r.pageViews.inc();
    session.views++;
    if (seen.user !== user || seen.views !== session.views) c.onSurprise('views', session, false);
    Object.assign(session, { sentAt, answeredAt, ttlMs, lastInstance: instance.index });
  }
  if (random.next() < params.logoutShare) {
    const instance = pick(c);
    if (await instance.logout(session.key)) r.loggedOut.inc();
    c.tally.loggedOut(session);
  } else {
    session.state = 'left';
  }
}

async function login(c: VisitContext, user: string): Promise<Session> {
  const instance = pick(c);
  const key = c.newSessionKey();
  const ttlMs = c.params.sessionTtlSec * 1000;
  const sentAt = performance.now();
  await instance.login(key, user, ttlMs);
  const session: Session = {
    key,
    user,
    views: 0,
    sentAt,
    answeredAt: performance.now(),
    ttlMs,
    state: 'browsing',
    lastInstance: instance.index,
  };
  c.tally.add(session);
  c.recorders.logins.inc();
  c.recorders.served[instance.index]?.inc();
  return session;
}

function pick(c: VisitContext): AppInstance {
  return c.instances[c.random.int(c.instances.length)] as AppInstance;
}
