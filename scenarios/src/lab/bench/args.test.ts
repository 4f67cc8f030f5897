import { describe, expect, it } from 'vitest';
import { DEFAULT_JSON, parseBenchArgs } from './args.ts';
import { CASES } from './cases.ts';

const ok = (argv: string[]) => {
  const parsed = parseBenchArgs(argv);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.args;
};
const error = (argv: string[]): string => {
  const parsed = parseBenchArgs(argv);
  if (parsed.ok) throw new Error(`accepted ${argv.join(' ')}`);
  return parsed.error;
};

describe('parseBenchArgs', () => {
  it('runs every case for 10 s into .playground/bench-lab.json by default', () => {
    const args = ok([]);
    expect(args.cases.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    expect(args).toMatchObject({ seconds: 10, json: DEFAULT_JSON, labOnly: false, help: false });
    expect(ok(['--lab-only']).labOnly).toBe(true);
    expect(args.rounds).toBe(1);
    expect(ok(['--rounds', '3']).rounds).toBe(3);
    expect(args.producers).toBeUndefined();
  });

  it('picks cases in the bench’s order, whatever order they are named in', () => {
    const args = ok(['--cases', 'redis-publish,kafka', '--seconds', '3', '--producers', '2,1,2']);
    expect(args.cases.map((c) => c.id)).toEqual(['kafka', 'redis-publish']);
    expect(args.seconds).toBe(3);
    expect(args.producers).toEqual([2, 1]);
  });

  it('names what is wrong', () => {
    expect(error(['--cases', 'nats'])).toMatch(/unknown case "nats"; valid: kafka,/);
    expect(error(['--seconds', '0'])).toMatch(/--seconds: a whole number from 1 to 120/);
    expect(error(['--seconds', '2.5'])).toMatch(/got "2.5"/);
    expect(error(['--producers', '1,x'])).toMatch(/--producers/);
    expect(error(['--threads', '17'])).toMatch(/--threads/);
    expect(error(['--rounds', '6'])).toMatch(/--rounds: a whole number from 1 to 5/);
    expect(ok(['--threads', '0']).threads).toBe(0);
    expect(error(['--json', ''])).toMatch(/--json needs a file name/);
    expect(error(['extra'])).toMatch(/usage: npm run bench:lab/);
  });
});
