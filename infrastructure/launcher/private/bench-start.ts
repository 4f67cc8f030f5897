// How long a private Redis takes from start() to answering PING, and to be gone again
// (docs/benchmarks.md): `npx tsx infrastructure/launcher/private/bench-start.ts`.
import { RunInstances } from './run-instances.ts';
import { redisKind } from './redis.ts';

const ROUNDS = 10;
const starts: number[] = [];
const closes: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const run = new RunInstances(`bench-${process.pid}-${i}`);
  let t = performance.now();
  await run.start(redisKind([]));
  starts.push(performance.now() - t);
  t = performance.now();
  await run.closeAll();
  closes.push(performance.now() - t);
}
const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1);
const max = (xs: number[]): string => Math.max(...xs).toFixed(1);
console.log(`start: median ${median(starts)} ms, max ${max(starts)} ms (${ROUNDS} rounds)`);
console.log(`close: median ${median(closes)} ms, max ${max(closes)} ms`);
