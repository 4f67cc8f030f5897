import { existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { privateRunDir } from '../../../infrastructure/launcher/private/index.ts';
import { isAlive } from '../../../infrastructure/launcher/process.ts';
import { defineScenario } from '../sdk/index.ts';
import { expectGoneFromBrokers } from '../testing/index.ts';
import { missingRequirements, rabbitmqNodeOptions } from './private-instances.ts';
import { addressesFromEnv } from './addresses.ts';
import { Run } from './run.ts';

const seen: { pid: number; runId: string }[] = [];

const usesPrivateRabbitmq = defineScenario({
  id: 'private-rabbitmq-test',
  title: 'Private RabbitMQ test',
  summary: 'Starts a private RabbitMQ node, adds a vhost and a user, connects as that user.',
  brokers: ['rabbitmq'],
  requires: ['rabbitmq-server'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object({}, { additionalProperties: false }),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    const node = await ctx.privateRabbitmq({ memoryHighWatermarkMb: 200, management: false });
    seen.push({ pid: node.pid, runId: ctx.runId });
    await node.ctl('add_vhost', 'tenant-a');
    await node.ctl('add_user', 'alice', 'pw');
    await node.ctl('set_permissions', '-p', 'tenant-a', 'alice', '^alice\\.', '.*', '.*');
    const conn = await node.connect({ username: 'alice', password: 'pw', vhost: 'tenant-a' });
    const ch = await conn.createChannel();
    await ch.assertQueue('alice.q', { durable: false });
    const perms = JSON.parse(
      await node.ctl('list_permissions', '-p', 'tenant-a', '--formatter', 'json'),
    ) as {
      user: string;
      configure: string;
    }[];
    ctx.fact('aliceConfigure', perms.find((p) => p.user === 'alice')?.configure ?? '');
    ctx.fact('managementUrl', node.managementUrl ?? 'none');
  },
  checks: [],
});

describe('a run with a private RabbitMQ node', () => {
  it('runs rabbitmqctl and logins against its own node, then leaves nothing behind', async () => {
    const run = await new Run(usesPrivateRabbitmq, {
      params: {},
      // The run ends when the script returns; the node's start and four rabbitmqctl calls take
      // 4–9 s here, which a short duration would count against the 8 s finish budget.
      durationSec: 60,
      addresses: addressesFromEnv(),
    }).done;
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    expect(run.facts.aliceConfigure).toBe('^alice\\.');
    expect(run.facts.managementUrl).toBe('none');
    const instance = seen[0]!;
    expect(isAlive(instance.pid)).toBe(false);
    expect(existsSync(privateRunDir(instance.runId))).toBe(false);
    await expectGoneFromBrokers(run);
  }, 30_000);

  it('maps settings to rabbitmq.conf and finds rabbitmq-server', () => {
    expect(rabbitmqNodeOptions({ memoryHighWatermarkMb: 64 })).toEqual({
      config: { 'vm_memory_high_watermark.absolute': '64MB' },
    });
    expect(missingRequirements(['rabbitmq-server'])).toEqual([]);
  });
});
