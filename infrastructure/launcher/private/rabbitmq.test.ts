import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_DIR } from '../paths.ts';
import { commandLine, isAlive, isOurs, readPid, sleep, waitForExit } from '../process.ts';
import { rabbitmqKind, rabbitmqctl, rabbitmqNodePlace } from './rabbitmq.ts';
import { RunInstances } from './run-instances.ts';

mkdirSync(PLAYGROUND_DIR, { recursive: true });
const root = mkdtempSync(join(PLAYGROUND_DIR, 'test-private-rabbitmq-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('private RabbitMQ nodes', () => {
  it('starts a node of its own that survives SIGKILL with its durable data, and is gone when closed', async () => {
    const run = new RunInstances('t-rabbit', root);
    try {
      const proc = await run.start(
        rabbitmqKind({ config: { 'vm_memory_high_watermark.absolute': '300MB' } }),
      );
      const node = rabbitmqNodePlace(proc.place);
      // The child is the VM itself, and the node's pid file agrees: SIGKILL reaches beam.smp.
      expect(commandLine(proc.pid)).toContain('beam');
      expect(readPid(join(proc.place.dir, 'rabbitmq.pid'))).toBe(proc.pid);
      // What the start-up sweep checks before it kills an orphan by its recorded pid.
      expect(isOurs(proc.pid, rabbitmqKind().markers(proc.place))).toBe(true);
      expect(await rabbitmqctl(proc.place, ['status'])).toContain(node.nodeName);
      const env = await rabbitmqctl(proc.place, ['environment']);
      expect(env).toMatch(/vm_memory_high_watermark,\s*\{absolute,\s*"300MB"\}/);
      const overview = await fetch(`${node.managementUrl}/api/overview`, {
        headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
      });
      expect(overview.status).toBe(200);

      let conn = await connect(node.url);
      const ch = await conn.createConfirmChannel();
      await ch.assertQueue('kept', { durable: true });
      ch.sendToQueue('kept', Buffer.from('x'), { persistent: true });
      await ch.waitForConfirms();
      await conn.close();

      const before = proc.pid;
      await proc.kill();
      expect(await waitForExit(before, 2_000)).toBe(true);
      await proc.restart();
      expect(proc.pid).not.toBe(before);
      // The node's vhost recovery (its durable queues) can trail its AMQP listener on a busy
      // machine: the queue must come back, with its message, within a few seconds.
      conn = await connect(node.url);
      conn.on('error', () => undefined);
      let kept: number | undefined;
      for (const deadline = Date.now() + 10_000; kept === undefined && Date.now() < deadline;) {
        const probe = await conn.createChannel();
        probe.on('error', () => undefined);
        try {
          kept = (await probe.checkQueue('kept')).messageCount;
          await probe.close();
        } catch {
          await sleep(200);
        }
      }
      expect(kept).toBe(1);
      await conn.close();

      await run.closeAll();
      expect(isAlive(proc.pid)).toBe(false);
    } finally {
      await run.closeAll();
    }
  }, 40_000);
});
