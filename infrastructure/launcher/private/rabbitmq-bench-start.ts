// How long a private RabbitMQ node takes from start() to accepting an AMQP login, to restart
// after SIGKILL, and to be gone again (docs/benchmarks.md):
// `npx tsx infrastructure/launcher/private/rabbitmq-bench-start.ts`.
import { RunInstances } from './run-instances.ts';
import { rabbitmqKind } from './rabbitmq.ts';

const ROUNDS = 5;
const starts: number[] = [];
const restarts: number[] = [];
const closes: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const run = new RunInstances(`bench-rabbitmq-${process.pid}-${i}`);
  let t = performance.now();
  const proc = await run.start(rabbitmqKind({ management: i % 2 === 0 }));
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
console.log(`start: median ${median(starts)} ms, max ${max(starts)} ms (${ROUNDS} rounds)`);
console.log(
  `start, rounds with management: ${starts
    .filter((_, i) => i % 2 === 0)
    .map((x) => x.toFixed(0))
    .join(', ')} ms`,
);
console.log(
  `start, rounds without: ${starts
    .filter((_, i) => i % 2 === 1)
    .map((x) => x.toFixed(0))
    .join(', ')} ms`,
);
console.log(`restart after SIGKILL: median ${median(restarts)} ms, max ${max(restarts)} ms`);
console.log(`close: median ${median(closes)} ms, max ${max(closes)} ms`);
