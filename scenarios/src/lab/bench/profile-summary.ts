// Where a load generator's time goes, from a V8 CPU profile (`node --cpu-prof`): self time by
// function and by where the code lives (a package, the lab's own files, Node's internals, V8's
// garbage collector, idle). `tsx scenarios/src/lab/bench/profile-summary.ts <file.cpuprofile>`;
// to profile the lab side, run bench:lab with `--lab-only --threads 0` under `node --cpu-prof`.
import { readFileSync } from 'node:fs';

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  byPlace: Share[];
  byFunction: Share[];
}

/** Where a frame's code lives: its npm package, a project folder, node:, or V8's own. */
export function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1]!;
  const local = /\/(scenarios\/src\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  return local === null ? url : local[1]!;
}

function top(map: Map<string, number>, totalMs: number, n: number): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      percent: Math.round((us / 1000 / totalMs) * 1000) / 10,
    }));
}

export function summarize(profile: CpuProfile, n = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const place = new Map<string, number>();
  const fn = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) return;
    const { functionName, url, lineNumber } = node.callFrame;
    totalUs += us;
    const where = placeOf(url, functionName);
    place.set(where, (place.get(where) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${url === '' ? '' : `${where}:${lineNumber + 1}`}`;
    fn.set(name.trim(), (fn.get(name.trim()) ?? 0) + us);
  });
  const totalMs = Math.max(1, totalUs / 1000);
  return {
    totalMs: Math.round(totalMs),
    byPlace: top(place, totalMs, n),
    byFunction: top(fn, totalMs, n),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const rows = (shares: Share[]): string[] =>
    shares.map(
      (x) => `  ${x.percent.toFixed(1).padStart(5)} %  ${String(x.ms).padStart(6)} ms  ${x.name}`,
    );
  return [
    `${s.totalMs} ms sampled`,
    'self time by place:',
    ...rows(s.byPlace),
    'self time by function:',
    ...rows(s.byFunction),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write(
      'usage: tsx scenarios/src/lab/bench/profile-summary.ts <file.cpuprofile>\n',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatSummary(summarize(profile))}\n`);
}
