import { existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { privateRunDir } from '../../../infrastructure/launcher/private/index.ts';
import { isAlive } from '../../../infrastructure/launcher/process.ts';
import { defineScenario } from '../sdk/index.ts';
import { expectGoneFromBrokers } from '../testing/index.ts';
import { missingRequirements, redisConfigLines } from './private-instances.ts';
import { addressesFromEnv } from './addresses.ts';
import { Run } from './run.ts';

const seen: { pid: number; runId: string }[] = [];

const usesPrivate = defineScenario({
  id: 'private-instance-test',
  title: 'Private instance test',
  summary: 'Starts a private Redis, writes to it, then ends (or fails, or overstays).',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object(
    {
      ending: Type.Union([Type.Literal('normal'), Type.Literal('throw'), Type.Literal('hang')], {
        default: 'normal',
        description: 'how the scenario ends',
      }),
    },
    { additionalProperties: false },
  ),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    const redis = await ctx.privateRedis({ maxmemoryMb: 8, maxmemoryPolicy: 'allkeys-lru' });
    seen.push({ pid: redis.pid, runId: ctx.runId });
    const client = await redis.client();
    await client.set('k', 'v');
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as string[];
    ctx.fact('policy', String(policy));
    if (ctx.params.ending === 'throw') throw new Error('scenario failed on purpose');
    if (ctx.params.ending === 'hang') await new Promise(() => undefined);
    await ctx.sleep(60_000);
  },
  checks: [],
});

describe('a run with a private Redis', () => {
  for (const ending of ['normal', 'throw', 'hang'] as const) {
    it(`leaves no process and no directory when it ends: ${ending}`, async () => {
      const before = seen.length;
      // A short finish budget, so the one that overstays is cut off quickly.
      const run = await new Run(usesPrivate, {
        params: { ending },
        durationSec: 0.5,
        addresses: addressesFromEnv(),
        finishBudgetMs: 500,
      }).done;
      expect(run.state).toBe(ending === 'normal' ? 'completed' : 'failed');
      const instance = seen[before];
      expect(instance).toBeDefined();
      if (ending === 'normal') expect(run.facts.policy).toBe('allkeys-lru');
      expect(isAlive(instance!.pid)).toBe(false);
      expect(existsSync(privateRunDir(instance!.runId))).toBe(false);
      await expectGoneFromBrokers(run);
    }, 15_000);
  }

  it('counts the finish budget from the end of a start-up the stop arrived during', async () => {
    // Stopped 1 ms in, while redis-server boots (tens of ms); a 5 ms budget counted from the stop
    // would fail the run before the start returned. Counted from the start's end, the script's
    // next step (end at once) is in time.
    const quick = defineScenario({
      ...usesPrivate,
      async run(ctx) {
        const redis = await ctx.privateRedis({});
        seen.push({ pid: redis.pid, runId: ctx.runId });
        ctx.fact('stoppedBeforeReady', ctx.signal.aborted);
      },
    });
    const run = await new Run(quick, {
      params: { ending: 'normal' },
      durationSec: 0.001,
      addresses: addressesFromEnv(),
      finishBudgetMs: 5,
    }).done;
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    expect(run.facts.stoppedBeforeReady).toBe(true);
    expect(isAlive(seen.at(-1)!.pid)).toBe(false);
  });

  it('maps settings to redis.conf lines and names what is missing', () => {
    expect(
      redisConfigLines({ appendonly: true, appendfsync: 'always', users: ['app on >pw +get'] }),
    ).toEqual([
      ['appendonly', 'yes'],
      ['appendfsync', 'always'],
      ['user', 'app on >pw +get'],
    ]);
    expect(missingRequirements(['redis-server'])).toEqual([]);
    expect(missingRequirements(undefined)).toEqual([]);
  });
});
