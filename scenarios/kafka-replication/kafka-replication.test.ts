// One cluster start with the defaults: the leader of every partition killed 4 s into the load,
// started again 3 s after the new leaders are in place. The run is stopped a second after
// Kafka reports every ISR full again (at most 30 s into the load).
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
} from '../src/testing/index.ts';
import type { Run } from '../src/testing/index.ts';
import scenario from './scenario.ts';

const MAX_LOAD_MS = 30_000;

it('acks=all keeps every acknowledged record through the leader’s kill, a new leader comes from the ISR, and the ISR grows back after the restart', async () => {
  let live: Run | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stopIn = (ms: number): number => timers.push(setTimeout(() => live?.stop(), ms));
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    durationSec: 120,
    onStart: (r) => (live = r),
    onEvent: (event) => {
      if (/three KRaft nodes up/.test(event.message)) stopIn(MAX_LOAD_MS);
      if (/ISR back to 3/.test(event.message)) stopIn(1_000);
    },
    onFrame: () => {
      for (const node of live?.faults.view().nodes ?? []) if (node.pid > 0) pids.add(node.pid);
    },
  });
  for (const timer of timers) clearTimeout(timer);
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('stopped');
  const { facts, summary } = run;

  expect(Number(facts.killedNode)).toBe(1);
  expect(summary['acked.acksAll']).toBeGreaterThan(1_000);
  expect(summary['acked.acks1']).toBeGreaterThan(1_000);
  expect(summary.lost).toBe(summary['lost.acks1']! + summary['lost.acksAll']!);
  expect(summary['lost.acksAll']).toBe(0);
  expect(facts['found.acksAll']).toBe(facts['ackedIds.acksAll']);
  // Fenced after the 3 s broker session timeout, then one or two metadata polls.
  expect(Number(facts.electionMs)).toBeGreaterThan(1_000);
  expect(Number(facts.electionMs)).toBeLessThan(15_000);
  expect(checkOf(run, 'acks-all-loses-nothing').status).toBe('passed');
  expect(checkOf(run, 'new-leaders-from-the-isr').status).toBe('passed');
  expect(checkOf(run, 'isr-grows-back').status, checkOf(run, 'isr-grows-back').detail).toBe(
    'passed',
  );
  // acks=1 usually loses the stretch the followers had not fetched; never a failed check.
  expect(checkOf(run, 'acks1-losses-precede-the-kill').status).not.toBe('failed');
  // The ISR went from 3 to 2 and back: the metadata gauges saw both.
  const isr = run.frames.map((f) => f.values['isr.p0']).filter((v) => v !== undefined);
  expect(isr).toContain(2);
  expect(isr.at(-1)).toBe(3);

  // Nothing left: no JVM of the cluster (restarts included), no run directory.
  expect(pids.size).toBeGreaterThanOrEqual(4);
  for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 120_000);
