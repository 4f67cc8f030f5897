// Prometheus text exposition (what prom-client serves on /metrics) read into samples.
import type { PromSample, ShopMetrics } from '../../sdk/index.ts';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

export function parsePromText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[3] ?? '').matchAll(LABEL)) {
      if (name !== undefined && value !== undefined) labels[name] = unescape(value);
    }
    const raw = match[4] ?? '';
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: match[1] ?? '', labels, value });
  }
  return samples;
}

export function shopMetrics(text: string): ShopMetrics {
  const samples = parsePromText(text);
  return {
    samples,
    value(name, labels = {}) {
      let sum = 0;
      for (const s of samples) {
        if (s.name !== name) continue;
        if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
      }
      return sum;
    },
  };
}
