// How long a frame takes from its arrival on the socket to the chart's DOM: kept as a bounded
// sample, read by the benchmark (window.__playgroundRenderStats) and reported through Faro.

const MAX_SAMPLES = 600;

export interface RenderSummary {
  frames: number;
  batches: number;
  /** Mean time React took to render and commit one batch (inside the animation frame). */
  commitMeanMs: number;
  commitMaxMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

class RenderStats {
  private samples: number[] = [];
  private next = 0;
  frames = 0;
  batches = 0;
  private commitTotal = 0;
  private commitMax = 0;
  private commits = 0;

  /** React's render and commit of one batch took `ms`. */
  recordCommit(ms: number): void {
    this.commits++;
    this.commitTotal += ms;
    if (ms > this.commitMax) this.commitMax = ms;
  }

  /** One batch of `frames` frames flushed to the DOM `ms` after the first of them arrived. */
  record(ms: number, frames: number): void {
    this.frames += frames;
    this.batches++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % MAX_SAMPLES;
  }

  summary(): RenderSummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number): number =>
      sorted.length === 0
        ? 0
        : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return {
      frames: this.frames,
      batches: this.batches,
      commitMeanMs: this.commits === 0 ? 0 : this.commitTotal / this.commits,
      commitMaxMs: this.commitMax,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
    };
  }

  reset(): void {
    this.samples = [];
    this.next = 0;
    this.frames = 0;
    this.batches = 0;
    this.commitTotal = 0;
    this.commitMax = 0;
    this.commits = 0;
  }
}

export const renderStats = new RenderStats();

declare global {
  interface Window {
    __playgroundRenderStats?: RenderStats;
  }
}
window.__playgroundRenderStats = renderStats;
