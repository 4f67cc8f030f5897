// Latency in HDR histograms (microseconds, 3 significant digits, up to an hour), mergeable
// across worker threads through their compressed encoding.
import * as hdr from 'hdr-histogram-js';

const HIGHEST_US = 3_600_000_000;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export class LatencyHistogram {
  private readonly h: hdr.Histogram;

  constructor() {
    this.h = hdr.build({
      bitBucketSize: 64,
      lowestDiscernibleValue: 1,
      highestTrackableValue: HIGHEST_US,
      numberOfSignificantValueDigits: 3,
      autoResize: false,
      useWebAssembly: false,
    });
  }

  /** A latency in milliseconds (below a microsecond counts as one; above an hour, as an hour). */
  record(ms: number): void {
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)));
    this.h.recordValue(us);
  }

  get count(): number {
    return this.h.totalCount;
  }

  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.h);
  }

  merge(encoded: string): void {
    const other = hdr.decodeFromCompressedBase64(encoded, 64, false);
    this.h.add(other);
  }

  reset(): void {
    this.h.reset();
  }

  /** Milliseconds at each percentile. */
  summary(): LatencySummary {
    const ms = (us: number): number => Math.round(us) / 1000;
    return {
      count: this.h.totalCount,
      p50: ms(this.h.getValueAtPercentile(50)),
      p90: ms(this.h.getValueAtPercentile(90)),
      p99: ms(this.h.getValueAtPercentile(99)),
      p999: ms(this.h.getValueAtPercentile(99.9)),
      max: ms(this.h.maxValue),
      mean: ms(this.h.mean),
    };
  }

  /** Percentile → ms, for the HDR-style plot (log-scaled x: 0, 90, 99, 99.9, 99.99 …). */
  distribution(): { percentile: number; ms: number }[] {
    const points = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100];
    return points.map((p) => ({ percentile: p, ms: this.h.getValueAtPercentile(p) / 1000 }));
  }
}
