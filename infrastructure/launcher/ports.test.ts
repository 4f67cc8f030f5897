import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralRange, freePort } from './ports.ts';

describe('freePort', () => {
  it('hands out distinct listenable ports below the ephemeral range, where no client source port falls', async () => {
    const [low] = ephemeralRange();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
    }
    expect(new Set(ports).size).toBeGreaterThan(15);
    const server = createServer();
    await new Promise<void>((done) => server.listen(ports[0], '127.0.0.1', done));
    await new Promise((done) => server.close(done));
  });

  it('never hands out a port something listens on', async () => {
    const taken = await freePort();
    const server = createServer();
    await new Promise<void>((done) => server.listen(taken, '127.0.0.1', done));
    try {
      const others = await Promise.all(Array.from({ length: 50 }, () => freePort()));
      expect(others).not.toContain(taken);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
