// One run on one cluster start: the quorum queue and the classic queue side by side while the
// node holding both is killed and restarted.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { expectGoneFromBrokers, privateRunDir, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

function processes(): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
}

const beamsOf = (runDir: string): string[] =>
  processes().filter((line) => line.includes('beam') && line.includes(runDir));
// The machine's epmd may serve the nodes; the run must not leave one of its own behind.
const epmds = (): string[] => processes().filter((line) => /\bepmd\b/.test(line));

it('the quorum queue keeps every confirmed message through its leader’s death; the classic queue swallows what was confirmed while its node was down', async () => {
  const epmdBefore = epmds();
  // The load starts once the cluster has formed (12 s on an idle machine, 20-30 s on a busy
  // one); the kill comes 3 s into it and the restart at 9 s. The run is stopped 5 s after the
  // killed node is back, however long the cluster took to form.
  const run = await runScenario(scenario, {
    durationSec: 60,
    params: { killAtSec: 3, restartAtSec: 9, messagesPerSec: 100 },
    onStart: (r) =>
      r.on('event', (e: { message: string }) => {
        if (/^fault: rabbitmq-1 restarted/.test(e.message)) setTimeout(() => r.stop(), 5_000);
      }),
  });
  expect(run.state, run.error).toBe('stopped');
  for (const check of run.checks)
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');

  const f = run.facts;
  expect(f.killedNode).toBe('rabbitmq-1');
  expect(f.leaderAfter).not.toBe('rabbitmq-1');
  expect(Number(f['confirmed.quorum'])).toBeGreaterThan(500);
  expect(f['lost.quorum']).toBe(0);
  // Blind reconnects: the classic publisher kept getting confirms for a queue that was not there.
  expect(Number(f['lost.classic'])).toBeGreaterThan(50);
  expect(run.summary['lost.classic']).toBe(f['lost.classic']);
  // The quorum publisher was back while the killed node was still down: a new leader, not the
  // old node. How soon depends on the machine (0.3 s idle, several seconds when it is busy).
  const outageMs = Number(f.restartedAtMs) - Number(f.killedAtMs);
  expect(Number(f.quorumConfirmedWhileDown)).toBeGreaterThan(0);
  expect(Number(f.quorumBackAfterMs)).toBeLessThan(outageMs);
  expect(run.summary['unavailableMs.quorum']).toBeGreaterThan(0);
  expect(run.summary['unavailableMs.quorum']).toBeLessThan(outageMs);

  // Nothing left: no node of the run's, no run directory.
  const dir = privateRunDir(run.id);
  expect(existsSync(dir)).toBe(false);
  expect(beamsOf(dir)).toEqual([]);
  expect(epmds()).toEqual(epmdBefore);
  await expectGoneFromBrokers(run);
}, 90_000);
