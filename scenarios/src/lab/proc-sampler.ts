// CPU and memory of processes from /proc, read about once a second: CPU as `top` shows it (percent of one
// core, so a JVM busy on two cores reads 200 %), RSS from /proc/<pid>/status. Reading another
// user's /proc/<pid>/stat and status is allowed; where it is not (or the process is gone), the
// process is left out of that sample rather than counted as idle.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { nowMs } from './clock.ts';
import type { ProcessUse } from './report.ts';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** utime + stime of a process in clock ticks, or undefined when it cannot be read. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields count from its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name and state.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Resident set size in MB (2^20 bytes), or undefined. */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface WatchedProcess {
  name: string;
  pid: number;
}

export interface ProcReading {
  /** Summed over the processes read this time; null when none could be read. */
  cpuPercent: number | null;
  rssMb: number | null;
}

interface Tally {
  process: WatchedProcess;
  lastTicks: number | undefined;
  lastAt: number;
  cpuSum: number;
  cpuMax: number;
  cpuSamples: number;
  rssMax: number;
}

export class ProcSampler {
  private readonly tallies: Tally[];
  /** Only readings taken while this is set count towards `use()` (the measured phase). */
  counting = false;
  latest: ProcReading = { cpuPercent: null, rssMb: null };

  /** The caller reads `sample()` about once a second (the runner, with its own samples). */
  constructor(processes: WatchedProcess[]) {
    const at = nowMs();
    this.tallies = processes.map((process) => ({
      process,
      lastTicks: cpuTicks(process.pid),
      lastAt: at,
      cpuSum: 0,
      cpuMax: 0,
      cpuSamples: 0,
      rssMax: 0,
    }));
  }

  /** Reads every process once; the CPU share is over the time since the previous reading. */
  sample(): ProcReading {
    const at = nowMs();
    let cpu: number | null = null;
    let rss: number | null = null;
    for (const tally of this.tallies) {
      const ticks = cpuTicks(tally.process.pid);
      const mb = rssMb(tally.process.pid);
      const seconds = (at - tally.lastAt) / 1000;
      if (ticks !== undefined && tally.lastTicks !== undefined && seconds > 0) {
        const percent = ((ticks - tally.lastTicks) / clockTicks() / seconds) * 100;
        cpu = (cpu ?? 0) + percent;
        if (this.counting) {
          tally.cpuSum += percent;
          tally.cpuSamples++;
          tally.cpuMax = Math.max(tally.cpuMax, percent);
        }
      }
      if (mb !== undefined) {
        rss = (rss ?? 0) + mb;
        if (this.counting) tally.rssMax = Math.max(tally.rssMax, mb);
      }
      tally.lastTicks = ticks;
      tally.lastAt = at;
    }
    this.latest = { cpuPercent: cpu, rssMb: rss };
    return this.latest;
  }

  /** Per process, over the readings taken while counting (processes never read are left out). */
  use(): ProcessUse[] {
    return this.tallies
      .filter((t) => t.cpuSamples > 0)
      .map((t) => ({
        name: t.process.name,
        pid: t.process.pid,
        cpuPercentAvg: round1(t.cpuSum / t.cpuSamples),
        cpuPercentMax: round1(t.cpuMax),
        rssMbMax: round1(t.rssMax),
      }));
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
