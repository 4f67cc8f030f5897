import type { AnyScenario, Frame } from '@playground/scenarios/sdk';

/** One line: elapsed, then the scenario's first few declared keys (rates for counters, p99 for latencies). */
export function formatProgress(scenario: AnyScenario, frame: Frame, durationSec: number): string {
  const parts = [`${(frame.t / 1000).toFixed(1)}/${durationSec}s`];
  for (const spec of scenario.metrics) {
    if (parts.length > 7) break;
    if (/\{[in]\}/.test(spec.key)) continue;
    const v = frame.values;
    if (spec.kind === 'counter' && v[spec.key] !== undefined) {
      parts.push(`${spec.key} ${v[spec.key]} (${v[`${spec.key}.rate`] ?? 0}/s)`);
    } else if (spec.kind === 'gauge' && v[spec.key] !== undefined) {
      parts.push(`${spec.key} ${round(v[spec.key] ?? 0)}`);
    } else if (spec.kind === 'histogram' && v[`${spec.key}.p99`] !== undefined) {
      parts.push(`${spec.key} p99 ${v[`${spec.key}.p99`]}ms`);
    }
  }
  return parts.join(' · ');
}

function round(n: number): number {
  return Math.abs(n) < 10 ? Math.round(n * 1000) / 1000 : Math.round(n);
}
