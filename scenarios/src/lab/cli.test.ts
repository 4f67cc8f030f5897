import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCompareArgs } from './cli-args.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error(argv: string[]): string {
  const parsed = parseCompareArgs(argv);
  if (parsed.ok) throw new Error(`accepted ${argv.join(' ')}`);
  return parsed.error;
}

describe('compare CLI arguments', () => {
  it('takes a shipped workload or a file, targets, duration and outputs', () => {
    const parsed = parseCompareArgs([
      'tiny-max',
      '--targets',
      'kafka,redis-streams',
      '--duration',
      '3',
      '--json',
      'r.json',
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.args.targets).toEqual(['kafka', 'redis-streams']);
    expect(parsed.args.workload.name).toBe('tiny-max');
    expect(parsed.args.workload.testDurationSeconds).toBe(3);
    expect(parsed.args.json).toBe('r.json');

    const file = join(dir, 'mine.yaml');
    writeFileSync(
      file,
      'name: mine\ndescription: x\nmessageSize: 100\nproducerRate: 10\ntestDurationSeconds: 2\n',
    );
    const own = parseCompareArgs([file, '-t', 'kafka']);
    expect(own.ok && own.args.workload.name).toBe('mine');
  });

  it('says in one line what is wrong', () => {
    expect(error([])).toMatch(/^which workload\?/);
    expect(error(['nope'])).toMatch(/^no workload "nope": neither a shipped one \(backlog-drain, /);
    expect(error(['tiny-max', '--targets', 'kafka,nats'])).toMatch(
      /^unknown target "nats"; valid: kafka, /,
    );
    expect(error(['tiny-max', '--duration', '0'])).toMatch(/^--duration must be a whole number/);
    expect(error(['tiny-max', '--duration', '2.5'])).toMatch(/^--duration must be/);
    expect(error(['tiny-max', '--threads', 'x'])).toMatch(/^--threads must be/);
    expect(error(['tiny-max', 'extra'])).toMatch(/^unexpected argument "extra"/);
    expect(error(['tiny-max', '--speed', '3'])).toMatch(/Unknown option '--speed'/);
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: Bad Name\nmessageSize: 4\n');
    expect(error([file])).toMatch(/bad\.yaml: .*name: .*messageSize/);
    for (const argv of [[], ['nope'], [file]]) expect(error(argv)).not.toContain('\n');
  });

  it('exits 2 with one line on stderr for bad arguments', async () => {
    const run = promisify(execFile);
    const failure = await run(
      'npx',
      ['tsx', 'scenarios/src/lab/cli.ts', 'tiny-max', '--targets', 'nats'],
      {
        cwd: new URL('../../../', import.meta.url).pathname,
      },
    ).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toMatch(/^compare: unknown target "nats"/);
  });
});
