import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

const INCLUDE = [
  'infrastructure/**/*.test.ts',
  'scenarios/**/*.test.ts',
  'playground-server/**/*.test.ts',
  'tests/**/*.test.ts',
];
const EXCLUDE = ['**/node_modules/**', '**/dist/**', '.playground/**'];

// What makes a test file touch something shared (a broker, a port, a process, the server, a
// browser, the file system) or global state other files could see.
const SHARED =
  /testing\/index|\/engine\/|\/launcher\/|\/faults\/|\/lab\/|playground-server|ioredis|amqplib|kafkajs|@platformatic\/kafka|undici|fastify|socket\.io|chromium|playwright|node:(net|http|child_process|worker_threads|fs|dgram)|vi\.(mock|stub|useFakeTimers)|process\.env|\.\/run\.ts|(redis|amqp|kafka|http)\/index\.ts/;

/**
 * Pure tests: a scenario folder's own unit tests (its checks, its arithmetic), not its live
 * `<id>/<id>.test.ts`, and nothing that imports anything shared. They run first, side by side
 * and without a fresh module graph per file: each file's imports cost about a second when
 * isolated, which for the pure files was most of their time in CI.
 */
function pureTestFiles(): string[] {
  return globSync('scenarios/*/**/*.test.ts').filter((file) => {
    const [, folder, ...rest] = file.split('/');
    const base = rest.at(-1)?.replace(/\.test\.ts$/, '');
    if (folder === 'src' || base === folder) return false;
    return !touchesShared(file, `scenarios/${folder}/`, new Set());
  });
}

/** The file or what it imports from its own scenario folder names something shared. */
function touchesShared(file: string, folder: string, seen: Set<string>): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (SHARED.test(text)) return true;
  for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)) {
    const target = join(dirname(file), spec ?? '');
    if (target.startsWith(folder) && touchesShared(target, folder, seen)) return true;
  }
  return false;
}

const pure = pureTestFiles();

// Files that mock modules, fake the clock or change the environment keep a module graph of
// their own; every other live file shares one (imports were a third of the server tests' time).
const MUTATES_GLOBALS =
  /vi\.(mock|doMock|stubEnv|stubGlobal|useFakeTimers)|process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env|process\.chdir/;
const isolated = INCLUDE.flatMap((pattern) => globSync(pattern, { exclude: EXCLUDE })).filter(
  (file) => !pure.includes(file) && MUTATES_GLOBALS.test(readFileSync(file, 'utf8')),
);

// Everything else talks to live brokers, so those files run one at a time (fileParallelism
// off), sharing one module graph: two files fighting over one Kafka broker on two cores would make timings, not code,
// decide whether a test passes. The pure group runs before them (groupOrder), never alongside.
export default defineConfig({
  test: {
    exclude: EXCLUDE,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'pure',
          include: pure,
          isolate: false,
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'live',
          include: INCLUDE,
          exclude: [...EXCLUDE, ...pure, ...isolated],
          isolate: false,
          fileParallelism: false,
          // Only the contract's runs on the shared brokers are concurrent (contract.test.ts).
          maxConcurrency: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: isolated,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
