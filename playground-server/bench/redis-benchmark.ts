import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchmarkResult {
  /** Mean of the SET and GET tests' requests per second. */
  opsPerSec: number;
  /** redis-benchmark's own CPU, user plus system, per 1000 requests; undefined off Linux. */
  cpuMsPerKOp: number | undefined;
}

/** Runs redis-benchmark's SET and GET tests (`requests` each). */
export function runRedisBenchmark(
  host: string,
  port: number,
  clients: number,
  pipeline: number,
  requests: number,
): BenchmarkResult {
  const args = ['-h', host, '-p', String(port), '-c', String(clients), '-P', String(pipeline)];
  const cpu0 = childrenCpuMs();
  const result = spawnSync(
    'redis-benchmark',
    [...args, '-n', String(requests), '-t', 'set,get', '--csv'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const cpu1 = childrenCpuMs();
  if (result.error) {
    throw new Error(
      `redis-benchmark could not run: ${result.error.message} (apt-get install redis-tools)`,
    );
  }
  const rates = [...result.stdout.matchAll(/^"(SET|GET)","([\d.]+)"/gm)].map((m) => Number(m[2]));
  if (rates.length !== 2) {
    throw new Error(`unexpected redis-benchmark output:\n${result.stdout}${result.stderr}`);
  }
  return {
    opsPerSec: Math.round(((rates[0] ?? 0) + (rates[1] ?? 0)) / 2),
    cpuMsPerKOp:
      cpu0 === undefined || cpu1 === undefined
        ? undefined
        : (cpu1 - cpu0) / ((2 * requests) / 1000),
  };
}

let ticksPerSec: number | undefined;

// Node reports no rusage for children, but Linux keeps the CPU of reaped children in
// /proc/self/stat (cutime, cstime), which is how redis-benchmark's own cost can sit beside the
// driver's in the table.
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSec ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSec : undefined;
  } catch {
    return undefined;
  }
}
