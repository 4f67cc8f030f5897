// The cluster variants, live: each starts its three nodes for the comparison, carries a short
// workload with acks from a majority, reads the nodes' CPU and memory, and leaves no process and
// no directory behind. One cluster start per target, one after the other.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../../infrastructure/launcher/process.ts';
import { privateRunDir } from '../../../infrastructure/launcher/private/paths.ts';
import { addressesFromEnv } from '../engine/addresses.ts';
import { RunJournal } from '../engine/journal.ts';
import { runComparison } from './runner.ts';
import { checkWorkload } from './workload.ts';

const journalDir = mkdtempSync(join(tmpdir(), 'lab-journal-'));
afterAll(() => rmSync(journalDir, { recursive: true, force: true }));

describe('the cluster variants', () => {
  it('run kafka-cluster and rabbitmq-quorum-cluster on three nodes each, then stop them', async () => {
    const workload = checkWorkload({
      name: 'cluster-check',
      description: 'the cluster variants, acks from a majority',
      messageSize: 128,
      partitionsPerTopic: 2,
      producerRate: 300,
      warmupDurationSeconds: 1,
      testDurationSeconds: 2,
      durability: { acks: 'all', persistent: true },
    });
    const result = await runComparison({
      workload,
      targets: ['kafka-cluster', 'rabbitmq-quorum-cluster'],
      addresses: addressesFromEnv(),
      journal: new RunJournal(journalDir),
    });
    for (const t of result.targets) {
      expect(t.error, t.target).toBeUndefined();
      expect(t.status).toBe('completed');
      expect(t.publish.messages).toBeGreaterThan(400);
      expect(t.losses).toBe(0);
      expect(t.duplicates).toBe(0);
      // The three nodes' processes were read, and are gone now.
      expect(t.resources.map((r) => r.name)).toHaveLength(3);
      for (const r of t.resources) expect(isAlive(r.pid), `${r.name} still running`).toBe(false);
    }
    const [kafka, rabbit] = result.targets;
    expect(kafka?.plan.mapping.join(' ')).toMatch(/replication factor 3/);
    expect(kafka?.plan.cannot.join(' ')).not.toMatch(/acks=all waits/);
    expect(rabbit?.plan.mapping.join(' ')).toMatch(/Raft group on all 3 nodes/);
    for (const broker of ['kafka', 'rabbitmq']) {
      expect(existsSync(privateRunDir(`lab-${result.id}-${broker}`))).toBe(false);
    }
  }, 150_000);
});
