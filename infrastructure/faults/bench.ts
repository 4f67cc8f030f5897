// What the fault proxy costs with no toxics: round-trip latency (p50/p99 of small messages, one
// at a time) and throughput (MB/s of a bulk transfer echoed back), straight to a loopback echo
// server and through a proxy in front of it. A few seconds in all.
//   npx tsx infrastructure/faults/bench.ts
import { randomBytes } from 'node:crypto';
import { FaultProxy } from './proxy.ts';
import { TestClient, echoServer } from './test-helpers.ts';

const ROUND_TRIPS = 4000;
const MESSAGE = randomBytes(64);
const BULK_BYTES = 64 * 1024 * 1024;
const WRITE_SIZE = 64 * 1024;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function latency(port: number): Promise<{ p50: number; p99: number }> {
  const client = await TestClient.connect(port);
  for (let i = 0; i < 200; i++) await client.roundTrip(MESSAGE); // warm-up
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) times.push(await client.roundTrip(MESSAGE));
  client.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function throughput(port: number): Promise<number> {
  const client = await TestClient.connect(port);
  // Echoed bytes are not kept: only counted.
  client.socket.removeAllListeners('data');
  let received = 0;
  const block = randomBytes(WRITE_SIZE);
  const start = performance.now();
  const done = new Promise<void>((resolve) =>
    client.socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= BULK_BYTES) resolve();
    }),
  );
  for (let sent = 0; sent < BULK_BYTES; sent += WRITE_SIZE) {
    if (!client.socket.write(block)) {
      await new Promise((resolve) => client.socket.once('drain', resolve));
    }
  }
  await done;
  const seconds = (performance.now() - start) / 1000;
  client.close();
  return BULK_BYTES / 1e6 / seconds;
}

async function main(): Promise<void> {
  const echo = await echoServer();
  const proxy = await FaultProxy.create({ name: 'bench', upstream: echo.address });
  const closers: (() => Promise<void>)[] = [];
  try {
    // The third row has a toxic that does nothing (latency 0): every chunk takes the staged path.
    const staged = await FaultProxy.create({ name: 'bench-staged', upstream: echo.address });
    staged.addToxic({ type: 'latency', attributes: { latency: 0 } });
    staged.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 0 } });
    closers.push(() => staged.close());
    const rows: [string, number][] = [
      ['direct', echo.port],
      ['through the proxy', proxy.port],
      ['proxy, latency 0', staged.port],
    ];
    console.log(
      `node ${process.version}, ${ROUND_TRIPS} round trips of ${MESSAGE.length} B, ` +
        `${BULK_BYTES / 1024 / 1024} MiB echoed in ${WRITE_SIZE / 1024} KiB writes`,
    );
    console.log('path               | p50 ms | p99 ms | MB/s');
    for (const [label, port] of rows) {
      const { p50, p99 } = await latency(port);
      const rate = await throughput(port);
      console.log(
        `${label.padEnd(18)} | ${p50.toFixed(3).padStart(6)} | ${p99.toFixed(3).padStart(6)} | ${rate.toFixed(0)}`,
      );
    }
  } finally {
    for (const close of closers) await close();
    await proxy.close();
    await echo.close();
  }
}

await main();
