// The gateway calls user-service with short-lived service tokens from auth-service, fetched anew
// every 250 ms; auth-service's signing key is rotated on a live schedule; an attacker sends
// forged, expired and wrong-audience tokens at live rates. user-service verifies each token itself
// against auth-service's JWKS and counts every refusal by reason in its /metrics.
import { Agent, request } from 'undici';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, Throttle } from '../src/sdk/narration.ts';
import { withDeadline } from '../src/sdk/deadline.ts';
import { poll } from '../src/sdk/poll.ts';
import { CallTally, UserServiceCaller, fetchServiceToken } from './callers.ts';
import type { CallKind, Outcome } from './callers.ts';
import { Forger } from './forger.ts';
import { BAD_KINDS, REASONS, factKeys, refusedKey, sentKey } from './metrics.ts';
import type { BadKind, Reason } from './metrics.ts';
import type { ServiceAuthParams } from './params.ts';
import { TokenSource } from './token-source.ts';

const CALLER = 'gateway';
const TARGET = 'user-service';
/** Every rotation shows in the next token: far more often than any rotation period allowed. */
const TOKEN_EVERY_MS = 250;
const JWKS_EVERY_MS = 500;
/**
 * auth-service keeps a retired key in its JWKS as long as the longest-lived token it signs (its
 * user tokens'). Set a few seconds above the service tokens' lifetime, so a replayed token that
 * expired a moment ago still meets its key and is refused as expired, not as forged.
 */
const RETENTION_MARGIN_SEC = 5;
const USERS = 100;
const FINAL_PHASE_MS = 5_000;

export async function runServiceAuth(ctx: RunContext<ServiceAuthParams>): Promise<void> {
  const p = ctx.params;
  ctx.phase('start-up');
  const env = {
    SHOP_SERVICE_TOKEN_TTL_SEC: String(p.tokenTtlSec),
    SHOP_USER_TOKEN_TTL_SEC: String(p.tokenTtlSec + RETENTION_MARGIN_SEC),
    SHOP_USERS: String(USERS),
  };
  const startedAt = performance.now();
  const [[auth], [target]] = await Promise.all([
    ctx.shop.start('auth-service', { env }),
    ctx.shop.start(TARGET, { env }),
  ]);
  if (auth === undefined || target === undefined) throw new Error('the shop did not start');
  ctx.event(
    `auth-service and user-service started in ${fmt(Math.round(performance.now() - startedAt))} ms; service tokens live ${p.tokenTtlSec} s, and a retired key stays in the JWKS for ${p.tokenTtlSec + RETENTION_MARGIN_SEC} s`,
  );

  const authAgent = new Agent({ connections: 4, headersTimeout: 5_000, bodyTimeout: 5_000 });
  const token = (audience: string) => () =>
    fetchServiceToken(authAgent, auth.url, ctx.shop.serviceSecret, CALLER, audience);
  const legitTokens = new TokenSource(token(TARGET));
  const audienceTokens = new TokenSource(token('product-service'));
  const caller = new UserServiceCaller(target.url, p.callers + BAD_KINDS.length);
  const forger = await Forger.create();
  const tally = new CallTally();
  const loops = new AbortController();
  const narrate = new Throttle(3_000);
  let unanswered = 0;
  let acceptedBad = 0;
  let rotateCalls = 0;

  const m = {
    calls: ctx.metrics.counter('calls'),
    legitRefused: ctx.metrics.counter('legitRefused'),
    rotations: ctx.metrics.counter('rotations'),
    jwksKeys: ctx.metrics.gauge('jwksKeys'),
    latency: ctx.metrics.histogram('latency'),
    sent: new Map(BAD_KINDS.map((k) => [k, ctx.metrics.counter(sentKey(k))] as const)),
    refused: new Map(REASONS.map((r) => [r, ctx.metrics.counter(refusedKey(r))] as const)),
  };
  const warn = (topic: string, message: string): void => {
    if (narrate.allow(topic)) ctx.event(message, 'warn');
  };
  const onLoopError = (what: string) => (error: unknown) =>
    warn(what, `${what}: ${(error as Error).message}`);

  const refreshTokens = async (): Promise<void> => {
    const { token: fresh, changed } = await legitTokens.refresh();
    if (changed) {
      m.rotations.inc();
      ctx.mark(`key ${fresh.kid}`);
    }
    await audienceTokens.refresh();
  };

  /** One call of `kind`; undefined token: nothing to send this time. */
  const send = async (kind: CallKind, jwt: string | undefined, n: number): Promise<void> => {
    if (jwt === undefined) return;
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await caller.call(`u${(n % USERS) + 1}`, jwt);
    } catch (error) {
      unanswered++;
      warn('unanswered', `user-service did not answer: ${(error as Error).message}`);
      return;
    }
    tally.record(kind, outcome);
    if (kind !== 'legit') m.sent.get(kind)?.inc();
    if (outcome.kind === 'refused') m.refused.get(outcome.reason)?.inc();
    if (kind === 'legit') {
      if (outcome.kind === 'answered') {
        m.calls.inc();
        m.latency.record(performance.now() - started);
      } else if (outcome.kind === 'refused') {
        m.legitRefused.inc();
        warn(
          'legit',
          `a legitimate call was refused as ${outcome.reason}: user-service did not know the key that signed it`,
        );
      } else {
        warn('other', `a legitimate call got ${outcome.status}: ${outcome.detail}`);
      }
    } else if (outcome.kind === 'answered') {
      acceptedBad++;
      warn('accepted', `user-service accepted a ${kind} token`);
    }
  };

  const badToken = async (kind: BadKind): Promise<string | undefined> => {
    switch (kind) {
      case 'forged': {
        const kid = legitTokens.latest?.kid;
        if (kid === undefined) return undefined;
        return forger.sign({ subject: CALLER, audience: TARGET, kid, lifetimeSec: p.tokenTtlSec });
      }
      case 'expired':
        return legitTokens.newestExpired(Date.now())?.token;
      case 'audience':
        return audienceTokens.latest?.token;
    }
  };

  const rates: Record<BadKind, () => number> = {
    forged: () => ctx.params.forgedPerSec,
    expired: () => ctx.params.expiredPerSec,
    audience: () => ctx.params.wrongAudiencePerSec,
  };

  const rotate = async (): Promise<void> => {
    const res = await request(new URL('/rotate', auth.url), {
      method: 'POST',
      dispatcher: authAgent,
    });
    await res.body.dump();
    if (res.statusCode !== 200)
      throw new Error(`auth-service answered ${res.statusCode} to /rotate`);
    rotateCalls++;
  };

  /** Rotates every rotateEveryMs, read live: a change applies to the rotation under way. */
  const rotations = async (): Promise<void> => {
    let last = ctx.elapsedMs();
    while (!ctx.signal.aborted) {
      await ctx.sleep(50);
      if (ctx.signal.aborted || ctx.elapsedMs() - last < ctx.params.rotateEveryMs) continue;
      last = ctx.elapsedMs();
      await rotate().catch(onLoopError('rotating the key failed'));
    }
  };

  const jwksKeys = async (): Promise<void> => {
    const res = await request(new URL('/.well-known/jwks.json', auth.url), {
      dispatcher: authAgent,
    });
    const body = (await res.body.json()) as { keys?: unknown[] };
    m.jwksKeys.set(body.keys?.length ?? 0);
  };

  let tokenLoop: Promise<void> | undefined;
  let jwksLoop: Promise<void> | undefined;
  try {
    await refreshTokens();
    tokenLoop = poll(refreshTokens, TOKEN_EVERY_MS, loops.signal, {
      onError: onLoopError('fetching a service token failed'),
    });
    jwksLoop = poll(jwksKeys, JWKS_EVERY_MS, loops.signal, {
      onError: onLoopError('reading the JWKS failed'),
    });
    ctx.phase('load');
    ctx.event(
      `the gateway calls user-service with tokens signed by ${legitTokens.latest?.kid}; the attacker signs its forged tokens with a key of its own under that same kid`,
      { mark: true },
    );
    const legitPacer = ctx.pacer(() => ctx.params.callsPerSec);
    let n = 0;
    await Promise.all([
      rotations(),
      ...Array.from({ length: p.callers }, async () => {
        while (await legitPacer.wait()) await send('legit', legitTokens.latest?.token, n++);
      }),
      ...BAD_KINDS.map(async (kind) => {
        const pacer = ctx.pacer(rates[kind]);
        while (await pacer.wait()) await send(kind, await badToken(kind), n++);
      }),
    ]);

    await withDeadline(
      (async () => {
        loops.abort();
        await tokenLoop;
        await jwksLoop;
        // A rotation made just before the stop shows in one more token.
        await refreshTokens();
        const [targetMetrics, authMetrics] = await Promise.all([target.metrics(), auth.metrics()]);
        for (const kind of BAD_KINDS) ctx.fact(factKeys.sent(kind), tally.answeredAtAll(kind));
        for (const reason of REASONS) {
          ctx.fact(
            factKeys.targetRefused(reason),
            targetMetrics.value('shop_auth_refused_total', { reason }),
          );
        }
        ctx.fact(factKeys.acceptedBad, acceptedBad);
        ctx.fact(factKeys.unanswered, unanswered);
        ctx.fact(factKeys.legitSent, tally.answeredAtAll('legit'));
        ctx.fact(factKeys.legitRefused, tally.refusedCount('legit'));
        ctx.fact(factKeys.legitOther, tally.other.get('legit') ?? 0);
        ctx.fact(
          factKeys.target200,
          targetMetrics.value('http_server_requests_total', { route: '/users/:id', status: '200' }),
        );
        ctx.fact(factKeys.kidChanges, legitTokens.kidChanges);
        const authRotations = authMetrics.value('shop_auth_key_rotations_total');
        ctx.fact(factKeys.authRotations, authRotations);
        ctx.fact(factKeys.rotateCalls, rotateCalls);
        const refusedBy = (reason: Reason): number =>
          targetMetrics.value('shop_auth_refused_total', { reason });
        ctx.event(
          `done: ${fmt(tally.answered.get('legit') ?? 0)} legitimate calls answered across ${authRotations} key rotations, ${fmt(tally.refusedCount('legit'))} refused; user-service refused ${BAD_KINDS.map((k) => `${fmt(refusedBy(k))} ${k}`).join(', ')}`,
        );
      })(),
      FINAL_PHASE_MS,
      'the final count',
    );
  } finally {
    loops.abort();
    await tokenLoop;
    await jwksLoop;
    await caller.close();
    await authAgent.close().catch(() => undefined);
  }
}
