// The CLI as `npm start` / `npm test` run it. The brokers are up when this file starts (npm test
// runs `up` first), and are brought back up afterwards because later files need Kafka.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../playground-server/src/config.ts';
import { brokerSpecs } from './brokers.ts';
import { brokerStatus } from './commands.ts';
import type { StatusLine } from './commands.ts';
import { kafkaProcess } from './kafka.ts';
import { brokerDir } from './paths.ts';
import { findProcesses, isAlive, readPid } from './process.ts';
import { BROKERS } from './state.ts';
import type { BrokerName } from './state.ts';
import { runCli } from './test-helpers.ts';

const specs = brokerSpecs(loadConfig());
const kafkaMarkers = kafkaProcess(brokerDir('kafka')).markers;

async function statuses(): Promise<Record<BrokerName, StatusLine>> {
  const lines = await Promise.all(BROKERS.map((name) => brokerStatus(specs[name])));
  return Object.fromEntries(lines.map((l) => [l.name, l])) as Record<BrokerName, StatusLine>;
}

/** Everything that serves this broker on this machine right now, by command line. */
function brokerProcesses(name: BrokerName): number[] {
  if (name === 'kafka') return findProcesses(kafkaMarkers);
  if (name === 'redis')
    return findProcesses(['redis-server', specs.redis.address.split(':')[1] ?? '']);
  return findProcesses(['beam', 'rabbit boot']);
}

describe('infra:up', () => {
  beforeAll(async () => {
    const first = await runCli(['up']);
    expect(first.code, first.stderr).toBe(0);
  });

  it('run twice starts nothing twice', async () => {
    const before = Object.fromEntries(BROKERS.map((b) => [b, brokerProcesses(b)]));
    const kafkaPid = readPid(specs.kafka.launched.pidFile);

    const second = await runCli(['up']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/starting locally|started at/);

    for (const b of BROKERS) expect(brokerProcesses(b), b).toEqual(before[b]);
    if ((await statuses()).kafka.who.startsWith('launcher')) {
      expect(findProcesses(kafkaMarkers)).toHaveLength(1);
      expect(readPid(specs.kafka.launched.pidFile)).toBe(kafkaPid);
    }
  });

  it('reports every broker with its version and who started it', async () => {
    const res = await runCli(['status']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    for (const b of BROKERS) {
      expect(res.stdout).toMatch(new RegExp(`^${b}\\s+\\S+\\s+ok\\s+\\d`, 'm'));
    }
    expect(res.stdout).toMatch(/^kafka\s+\S+\s+ok\s+4\.\d+ \(4\.\d+-IV\d+\)/m);
  });

  it('names the bad variable and exits 2 on a bad address', async () => {
    const res = await runCli(['status'], { KAFKA_BROKERS: 'not-an-address' });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('KAFKA_BROKERS');
  });
});

describe('infra:down', () => {
  // Later test files need the brokers; --soft so a missing one cannot fail this hook.
  afterAll(async () => {
    const res = await runCli(['up', '--soft']);
    expect(res.code, res.stderr).toBe(0);
  });

  it('stops what the launcher started and leaves brokers it found running', async () => {
    const before = await statuses();
    const pids = Object.fromEntries(
      BROKERS.map((b) => [
        b,
        before[b].who.startsWith('launcher') ? readPid(specs[b].launched.pidFile) : undefined,
      ]),
    );

    const res = await runCli(['down']);
    expect(res.code, res.stderr).toBe(0);

    const after = await statuses();
    for (const b of BROKERS) {
      if (before[b].who === 'found running') {
        // e.g. the machine's Redis on 6379 and RabbitMQ on 5672
        expect(after[b].ok, `${b} was found running and must still answer`).toBe(true);
        expect(res.stdout).toMatch(
          new RegExp(`^${b}\\s+not started by the launcher; left running`, 'm'),
        );
      } else if (before[b].who.startsWith('launcher')) {
        const pid = pids[b];
        expect(after[b].ok, `${b} was started by the launcher and must be stopped`).toBe(false);
        expect(pid !== undefined && isAlive(pid)).toBe(false);
        expect(readPid(specs[b].launched.pidFile)).toBeUndefined();
      }
    }
  });
});
