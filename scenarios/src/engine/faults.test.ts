// ctx.faults on its own: links are proxies in the registry under the run's name, every fault is
// reported, node actions follow the node's state, scripted faults fire on time and not after the
// load, and healing lifts what is left when the load stops.
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyRegistry } from '../../../infrastructure/faults/index.ts';
import type { FaultNodeHandle } from '../sdk/index.ts';
import { FaultConflict, RunFaults, UnknownFaultTarget } from './faults.ts';

function fakeNode(): FaultNodeHandle & { calls: string[] } {
  const calls: string[] = [];
  let pid = 100;
  return {
    calls,
    get pid() {
      return pid;
    },
    kill: async () => void calls.push('kill'),
    stop: async () => void calls.push('stop'),
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    restart: async () => {
      calls.push('restart');
      pid++;
    },
  };
}

describe('RunFaults', () => {
  const registry = new ProxyRegistry();
  let loading = true;
  let elapsed = 0;
  const reports: string[] = [];
  const faults = (): RunFaults =>
    new RunFaults(
      'run1',
      (m) => reports.push(m),
      () => loading,
      () => elapsed,
      registry,
    );
  afterEach(async () => {
    await registry.closeAll();
    reports.splice(0);
    loading = true;
    elapsed = 0;
  });

  it('creates a link once per name, under the run’s name in the registry, and removes it at the end', async () => {
    const f = faults();
    const a = await f.link('redis', '127.0.0.1:6379');
    const again = await f.link('redis', '127.0.0.1:6379');
    expect(again.port).toBe(a.port);
    expect(registry.get('run1.redis').upstream).toBe('127.0.0.1:6379');
    expect(f.portFor('127.0.0.1:6379')).toBe(a.port);
    expect(f.portFor('127.0.0.1:9')).toBeUndefined();
    await f.closeAll();
    expect(registry.has('run1.redis')).toBe(false);
    await expect(f.link('redis', '127.0.0.1:6379')).rejects.toThrow(/has ended/);
  });

  it('reports each toxic added and removed, and refuses unknown links', async () => {
    const f = faults();
    await f.link('kafka', '127.0.0.1:9092');
    const name = await f.addToxic('kafka', {
      type: 'latency',
      attributes: { latency: 50, jitter: 10 },
    });
    expect(name).toBe('latency_downstream');
    await f.removeToxic('kafka', name);
    expect(reports).toEqual([
      'latency 50±10 ms downstream on kafka',
      'removed latency 50±10 ms downstream on kafka',
    ]);
    await expect(f.addToxic('nope', { type: 'latency' })).rejects.toBeInstanceOf(
      UnknownFaultTarget,
    );
  });

  it('follows a node’s state: no pause once killed, restart from anywhere', async () => {
    const f = faults();
    const node = fakeNode();
    f.node('redis-1', node);
    await f.act('redis-1', 'pause');
    await expect(f.act('redis-1', 'pause')).rejects.toBeInstanceOf(FaultConflict);
    await f.act('redis-1', 'resume');
    await f.act('redis-1', 'kill');
    await expect(f.act('redis-1', 'pause')).rejects.toBeInstanceOf(FaultConflict);
    await f.act('redis-1', 'restart');
    expect(node.calls).toEqual(['pause', 'resume', 'kill', 'restart']);
    expect(f.view().nodes).toEqual([{ name: 'redis-1', state: 'running', pid: 101 }]);
    expect(reports).toContain('redis-1 killed (SIGKILL) (pid 100)');
    expect(reports).toContain('redis-1 restarted (pid 101)');
    await expect(f.act('redis-9', 'kill')).rejects.toBeInstanceOf(UnknownFaultTarget);
  });

  it('fires a scripted fault at its second, and skips one due after the load stopped', async () => {
    const f = faults();
    const fired: string[] = [];
    f.at(0.05, async () => void fired.push('early'));
    f.at(0.3, async () => void fired.push('late'));
    f.at(0.06, async () => {
      throw new Error('boom');
    });
    await new Promise((r) => setTimeout(r, 120));
    loading = false;
    await new Promise((r) => setTimeout(r, 300));
    expect(fired).toEqual(['early']);
    expect(reports).toEqual(['scripted fault failed: boom']);
  });

  it('heals at the end of the load: toxics gone, links up, paused nodes resumed, killed ones left', async () => {
    const f = faults();
    await f.link('redis', '127.0.0.1:6379');
    await f.addToxic('redis', { type: 'timeout' });
    await f.down('redis');
    const paused = fakeNode();
    const killed = fakeNode();
    f.node('a', paused);
    f.node('b', killed);
    await f.act('a', 'pause');
    await f.act('b', 'kill');
    await f.heal();
    const view = f.view();
    expect(view.links[0]).toMatchObject({ name: 'redis', enabled: true, toxics: [] });
    expect(view.nodes.map((n) => n.state)).toEqual(['running', 'killed']);
    expect(paused.calls).toEqual(['pause', 'resume']);
    expect(reports.at(-1)).toBe('faults on the links lifted for the final count');
  });
});
