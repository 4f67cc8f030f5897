// How long a private Kafka node takes from start() (format with SCRAM users, then the JVM) to
// answering ApiVersions, to restart after SIGKILL, and to be gone again (docs/benchmarks.md):
// `npx tsx infrastructure/launcher/private/kafka-bench-start.ts`.
import { kafkaKind } from './kafka.ts';
import { RunInstances } from './run-instances.ts';

const ROUNDS = 3;
const starts: number[] = [];
const restarts: number[] = [];
const closes: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const run = new RunInstances(`bench-kafka-${process.pid}-${i}`);
  let t = performance.now();
  const proc = await run.start(kafkaKind({ users: [{ name: 'alice', password: 'secret' }] }));
  starts.push(performance.now() - t);
  await proc.kill();
  t = performance.now();
  await proc.restart();
  restarts.push(performance.now() - t);
  t = performance.now();
  await run.closeAll();
  closes.push(performance.now() - t);
}
const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(0);
const max = (xs: number[]): string => Math.max(...xs).toFixed(0);
console.log(
  `start (format + JVM): median ${median(starts)} ms, max ${max(starts)} ms (${ROUNDS} rounds)`,
);
console.log(`restart after SIGKILL: median ${median(restarts)} ms, max ${max(restarts)} ms`);
console.log(`close: median ${median(closes)} ms, max ${max(closes)} ms`);
