// The run manager's bookkeeping around a run's end: a run still deleting what it created counts
// toward the limit, and a run whose ending throws is ended failed instead of left live forever.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineScenario } from '@playground/scenarios/sdk';
import { addressesFromEnv, RunJournal } from '@playground/scenarios/engine';
import type { RunRecord } from '@playground/scenarios/engine';
import { expectGoneFromBrokers } from '@playground/scenarios/testing';
import { RunLimitError, RunManager } from '../src/engine/index.ts';
import { until } from './app-harness.ts';

// Holds a key and a topic; throws after failAfterMs, or waits to be stopped.
const holding = defineScenario({
  id: 'manager-test',
  title: 'Manager test',
  summary: 'Holds a key and a topic.',
  brokers: ['redis', 'kafka'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object(
    { failAfterMs: Type.Integer({ default: 0, minimum: 0, maximum: 10_000, description: 'ms' }) },
    { additionalProperties: false },
  ),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    ctx.resources.topic(ctx.names.topic('t'));
    await (await ctx.brokers.redis()).set(ctx.names.key('k'), '1');
    if (ctx.params.failAfterMs > 0) {
      await ctx.sleep(ctx.params.failAfterMs);
      throw new Error('scenario exploded on purpose');
    }
    await ctx.sleep(ctx.durationMs);
  },
  checks: [],
});

// Nothing listens on port 1: the run's Kafka cleanup is refused after kafkajs's retries.
const deadKafka = { ...addressesFromEnv(), kafkaBrokers: ['127.0.0.1:1'] };

describe('the run manager', () => {
  it('counts a failed run toward the limit until its cleanup is done', async () => {
    const manager = new RunManager({ addresses: deadKafka, maxRuns: 1, tickMs: 250 });
    const run = manager.start(holding, { failAfterMs: 200 }, 10);
    await until(
      'the scenario to throw',
      () => run.error,
      (e) => e !== undefined,
      5000,
    );
    // Cleaning up (Kafka refuses for a while): still live, and the one slot is still taken.
    expect(run.endedAt).toBeUndefined();
    expect(run.state).toBe('running');
    expect(manager.activeIds()).toEqual(new Set([run.id]));
    expect(() => manager.start(holding, {}, 10)).toThrow(RunLimitError);

    const record = await run.done;
    expect(record.state).toBe('failed');
    expect(manager.active).toEqual([]);
    const next = manager.start(holding, {}, 10);
    next.stop();
    await next.done;
    await expectGoneFromBrokers(record, { addresses: addressesFromEnv() });
  });

  it('ends a run failed, logged and announced, when its journal cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-manager-'));
    // A file where the journal's directory should be: every write fails with ENOTDIR.
    writeFileSync(join(dir, 'runs'), '');
    const logged: object[] = [];
    const manager = new RunManager({
      addresses: addressesFromEnv(),
      maxRuns: 1,
      tickMs: 250,
      journal: new RunJournal(join(dir, 'runs', 'journal')),
      log: { error: (details) => logged.push(details) },
    });
    try {
      const ended = new Promise<RunRecord>((resolve) =>
        manager.once('ended', (_run, record) => resolve(record)),
      );
      const run = manager.start(holding, {}, 10);
      const record = await ended;
      expect(record).toMatchObject({ id: run.id, state: 'failed' });
      expect(record.error).toMatch(/ENOTDIR/);
      expect(record.endedAt).not.toBeNull();
      expect(logged).toEqual([expect.objectContaining({ runId: run.id })]);
      expect(manager.active).toEqual([]);
      await expectGoneFromBrokers(record);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
