import { describe, expect, it } from 'vitest';
import { ProcSampler, cpuTicks, rssMb } from './proc-sampler.ts';

describe('ProcSampler', () => {
  it('reads this process: CPU while it spins, RSS, and nothing for a pid that is gone', () => {
    expect(cpuTicks(process.pid)).toBeGreaterThan(0);
    expect(rssMb(process.pid)).toBeGreaterThan(10);
    expect(cpuTicks(2 ** 22 + 1)).toBeUndefined();

    const sampler = new ProcSampler([
      { name: 'this test', pid: process.pid },
      { name: 'gone', pid: 2 ** 22 + 1 },
    ]);
    sampler.counting = true;
    // Busy for 300 ms: this thread alone is one core's worth.
    const until = performance.now() + 300;
    let spin = 0;
    while (performance.now() < until) spin++;
    const reading = sampler.sample();
    expect(spin).toBeGreaterThan(0);
    expect(reading.cpuPercent).toBeGreaterThan(50);
    expect(reading.rssMb).toBeGreaterThan(10);
    const [use, ...others] = sampler.use();
    expect(others).toEqual([]);
    expect(use).toMatchObject({ name: 'this test', pid: process.pid });
    expect(use?.cpuPercentMax).toBeGreaterThan(50);
    expect(use?.rssMbMax).toBeGreaterThan(10);
  });

  it('leaves readings taken while not counting out of the totals', () => {
    const sampler = new ProcSampler([{ name: 'this test', pid: process.pid }]);
    sampler.sample();
    expect(sampler.latest.rssMb).toBeGreaterThan(10);
    expect(sampler.use()).toEqual([]);
  });
});
