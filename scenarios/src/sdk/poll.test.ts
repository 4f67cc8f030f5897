import { describe, expect, it } from 'vitest';
import { poll, waitFor } from './poll.ts';
import { ThresholdNarrator, Throttle, fmt, pct, plural } from './narration.ts';

describe('poll', () => {
  it('reads now, then at its period, never twice at once, and stops on abort', async () => {
    const stop = new AbortController();
    let calls = 0;
    let inFlight = 0;
    let overlap = false;
    const started = performance.now();
    await poll(
      async () => {
        inFlight++;
        if (inFlight > 1) overlap = true;
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (calls === 4) stop.abort();
      },
      20,
      stop.signal,
    );
    expect(calls).toBe(4);
    expect(overlap).toBe(false);
    // three waits of 20 ms between four reads
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('ends on an error unless told how to report it', async () => {
    const stop = new AbortController();
    await expect(
      poll(
        () => {
          throw new Error('broker gone');
        },
        5,
        stop.signal,
      ),
    ).rejects.toThrow('broker gone');
    const errors: unknown[] = [];
    let n = 0;
    await poll(
      () => {
        if (++n === 3) stop.abort();
        throw new Error(`e${n}`);
      },
      5,
      stop.signal,
      { onError: (e) => errors.push(e) },
    );
    expect(errors).toHaveLength(3);
  });

  it('waitFor says whether the condition held in time', async () => {
    let n = 0;
    expect(await waitFor(() => ++n >= 3, { withinMs: 1000, everyMs: 5 })).toBe(true);
    expect(await waitFor(() => false, { withinMs: 30, everyMs: 5 })).toBe(false);
  });
});

describe('narration helpers', () => {
  it('formats numbers, plurals and percentages', () => {
    expect(fmt(1234567)).toBe('1,234,567');
    expect(fmt(12.345)).toBe('12.3');
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
    expect(pct(1, 3)).toBe('33.3%');
    expect(pct(1, 0)).toBe('–');
  });

  it('narrates each order of magnitude once, and the return to zero', () => {
    const said: string[] = [];
    const n = new ThresholdNarrator(
      100,
      (v) => said.push(`grew ${v}`),
      () => said.push('zero'),
    );
    for (const v of [10, 150, 160, 999, 1200, 0, 0, 120]) n.observe(v);
    expect(said).toEqual(['grew 150', 'grew 1200', 'zero', 'grew 120']);
  });

  it('throttles a repeating topic', () => {
    const t = new Throttle(1000);
    expect(t.allow('retry', 0)).toBe(true);
    expect(t.allow('retry', 500)).toBe(false);
    expect(t.allow('other', 500)).toBe(true);
    expect(t.allow('retry', 1000)).toBe(true);
  });
});
