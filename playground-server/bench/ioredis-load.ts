// The load loop as a scenario would first write it, on ioredis: kept as a reference column in
// the benchmark to show what the bench's RESP driver buys. ioredis builds a command object, a
// promise and a parsed reply per operation, which is what caps it far below redis-benchmark.
import { Redis } from 'ioredis';
import { Counter, Histogram, createPacer } from '@playground/scenarios/sdk';
import type { LoadOptions, LoadResult } from './redis-load.ts';

export async function runIoredisLoad(options: LoadOptions): Promise<LoadResult> {
  const clients = await Promise.all(
    Array.from({ length: options.clients }, async () => {
      const c = new Redis(options.redisUrl, { lazyConnect: true });
      await c.connect();
      return c;
    }),
  );
  const controller = new AbortController();
  const pacer = createPacer(
    () => Number.POSITIVE_INFINITY,
    controller.signal,
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  const ops = new Counter();
  const latency = new Histogram();
  const value = 'x'.repeat(3);
  let issued = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client, w) => {
      const key = `${options.keyPrefix}${w}`;
      while (issued < options.requests && (await pacer.wait())) {
        issued += options.pipeline;
        const start = performance.now();
        if (options.pipeline === 1) {
          if (issued % 2 === 0) await client.set(key, value);
          else await client.get(key);
        } else {
          const p = client.pipeline();
          for (let i = 0; i < options.pipeline; i++) {
            if (i % 2 === 0) p.set(key, value);
            else p.get(key);
          }
          await p.exec();
        }
        if (options.record) {
          latency.recordSince(start);
          ops.inc(options.pipeline);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  controller.abort();
  await Promise.all(clients.map((c, w) => c.del(`${options.keyPrefix}${w}`).then(() => c.quit())));
  return {
    opsPerSec: Math.round(issued / seconds),
    cpuMsPerKOp: (cpu.user + cpu.system) / issued,
  };
}
