// Runs the session store on the live Redis: a steady run where sessions idle out between
// visits, and one with pauses longer than the TTL, where users lose their sessions mid-visit.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import type { SessionsParams } from './params.ts';
import scenario from './scenario.ts';

const base: Partial<SessionsParams> = {
  instances: 3,
  loginsPerSec: 30,
  sessionTtlSec: 1,
  thinkMs: 150,
  pagesPerVisit: 3,
};
const s = summaryOf;

describe('sessions on the live Redis', () => {
  let steady: FinishedRunView;
  let pausing: FinishedRunView;

  beforeAll(async () => {
    [steady, pausing] = await Promise.all([
      runScenario(scenario, { params: base, durationSec: 4 }),
      runScenario(scenario, { params: { ...base, thinkMs: 1500 }, durationSec: 4 }),
    ]);
  });

  it('passes every check in both runs', () => {
    for (const run of [steady, pausing]) {
      expect(run.state, run.error).toBe('completed');
      for (const check of run.checks)
        expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
  });

  it('keeps sessions in use, drops logged-out and idle ones, as EXISTS says', () => {
    expect(s(steady, 'logins')).toBeGreaterThan(80);
    expect(s(steady, 'loggedOut')).toBeGreaterThan(10);
    expect(s(steady, 'expired')).toBeGreaterThan(5);
    expect(s(steady, 'sessionsLost')).toBe(0);
    const {
      activeJudged,
      activeFound,
      endedJudged,
      endedStillThere,
      idledJudged,
      idledStillThere,
    } = steady.facts;
    expect(activeJudged).toBeGreaterThan(5);
    expect(activeFound).toBe(activeJudged);
    expect(endedJudged).toBeGreaterThan(20);
    expect(endedStillThere).toBe(0);
    // The sessions in use at the stop were all asked again once their TTL had run.
    expect(idledJudged).toBe(activeJudged);
    expect(idledStillThere).toBe(0);
  });

  it('serves users from every instance, and each reads what the others wrote', () => {
    const views = s(steady, 'pageViews');
    // Three instances picked at random: about two requests in three change instance.
    expect(s(steady, 'handoffs')).toBeGreaterThan(views * 0.45);
    for (const i of [1, 2, 3]) expect(s(steady, `served.i${i}`)).toBeGreaterThan(views * 0.2);
    expect(steady.facts.instancesAgreed).toBe(steady.facts.activeFound);
    expect(checkOf(steady, 'instances-read-the-same-session').status).toBe('passed');
  });

  it("tracks Redis's own count of session keys with the app's count of live sessions", () => {
    const late = steady.frames.filter((f) => f.t >= 2000 && f.values.sessionsInRedis !== undefined);
    expect(late.length).toBeGreaterThan(3);
    for (const f of late) {
      const [app, redis] = [f.values.activeSessions ?? 0, f.values.sessionsInRedis ?? 0];
      expect(Math.abs(app - redis), `t=${f.t}: app ${app}, Redis ${redis}`).toBeLessThanOrEqual(
        Math.max(6, app * 0.35),
      );
    }
  });

  it('loses sessions mid-visit when pauses outlast the sliding TTL, and only then', () => {
    expect(s(pausing, 'sessionsLost')).toBeGreaterThan(10);
    // Every loss came after a pause past the TTL by the app's clock: none was premature.
    expect(pausing.facts.unexpectedLosses).toBe(0);
    expect(pausing.events.some((e) => e.message.includes('must log in again'))).toBe(true);
  });

  it('leaves no key behind', async () => {
    await expectGoneFromBrokers(steady);
    await expectGoneFromBrokers(pausing);
  });
});
