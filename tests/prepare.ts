// Run by `npm test` before the tests: lint, types, the UI build and the brokers, side by side.
// eslint and tsc each keep one core busy and the launcher mostly waits on Kafka's JVM, so on two
// cores the four together take about as long as the longest one rather than their sum. Each
// one's output is printed whole when it ends; the first failure fails the lot.
import { spawn } from 'node:child_process';

const STEPS: readonly [name: string, command: string][] = [
  ['lint', 'npm run -s lint'],
  ['typecheck', 'npm run -s typecheck'],
  ['build', 'npm run -s build'],
  ['brokers', 'tsx infrastructure/launcher/cli.ts up'],
];

function run(name: string, command: string): Promise<number> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n── ${name} (${command}): exit ${code ?? 'signal'} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      done(code ?? 1);
    });
  });
}

const codes = await Promise.all(STEPS.map(([name, command]) => run(name, command)));
const failed = STEPS.filter((_, i) => codes[i] !== 0).map(([name]) => name);
if (failed.length > 0) {
  console.error(`\nprepare: ${failed.join(', ')} failed`);
  process.exit(1);
}
