import { describe, expect, it } from 'vitest';
import { BreakerObservations } from './observations.ts';
import { OpenWindows } from './open-windows.ts';

describe('BreakerObservations', () => {
  it('counts entries into each state in the gateway order, however the answers arrived', () => {
    const seen = new BreakerObservations();
    // Arrival order differs from the gateway's (seq): sorted, it reads
    // closed, open, open, half-open, open, half-open, closed.
    const answers: [string, number][] = [
      ['open', 3],
      ['closed', 1],
      ['open', 2],
      ['half-open', 4],
      ['closed', 9],
      ['open', 5],
      ['half-open', 7],
    ];
    for (const [state, seq] of answers) seen.record(state, String(seq));
    expect(seen.transitions()).toEqual({ open: 2, 'half-open': 2, closed: 1 });
    expect(seen.count).toBe(7);
  });

  it('starts from closed, and counts unreadable headers instead of guessing', () => {
    const seen = new BreakerObservations();
    seen.record('open', '10');
    seen.record(undefined, '11');
    seen.record('opened', '12');
    seen.record('open', 'x');
    expect(seen.transitions()).toEqual({ open: 1, 'half-open': 0, closed: 0 });
    expect(seen.unreadable).toBe(3);
  });
});

describe('OpenWindows', () => {
  it('keeps only stretches open at both reads with no transition between, and what arrived in them', () => {
    const w = new OpenWindows();
    w.add({ atMs: 0, state: 'closed', transitions: 0, received: 100 });
    w.add({ atMs: 250, state: 'open', transitions: 1, received: 110 });
    w.add({ atMs: 500, state: 'open', transitions: 1, received: 110 });
    w.add({ atMs: 750, state: 'open', transitions: 1, received: 111 });
    // Half-open and open again between these two reads: not a clean stretch.
    w.add({ atMs: 1000, state: 'open', transitions: 3, received: 112 });
    w.add({ atMs: 1250, state: 'half-open', transitions: 4, received: 113 });
    expect(w.stretches).toEqual([
      { fromMs: 250, toMs: 500, received: 0 },
      { fromMs: 500, toMs: 750, received: 1 },
    ]);
    expect(w.openMs).toBe(500);
    expect(w.receivedWhileOpen).toBe(1);
    expect(w.countInside([100, 250, 400, 749, 750, 900])).toBe(3);
  });
});
