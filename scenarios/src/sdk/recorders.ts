// Recorders sit on the scenario's hot path: each observation is a field update or one HDR
// histogram record into preallocated buckets, never an allocation. A ticker folds them into
// frames (see frame-builder.ts).
import * as hdr from 'hdr-histogram-js';

export class Counter {
  total = 0;
  /** Total at the previous tick, to derive the per-second rate. */
  lastTotal = 0;
  inc(by = 1): void {
    this.total += by;
  }
}

export class Gauge {
  value = 0;
  touched = false;
  set(value: number): void {
    this.value = value;
    this.touched = true;
  }
}

// Microsecond resolution up to one hour keeps sub-millisecond Redis latencies visible while a
// stalled consumer's minutes-long latency still fits.
const HIGHEST_US = 3_600_000_000;

function newHistogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  count: number;
}

export class Histogram {
  /** Observations since the last tick; drawn live. */
  readonly interval = newHistogram();
  /** Every observation of the run; the summary. */
  readonly whole = newHistogram();

  /** Records a duration in milliseconds (fractions kept to the microsecond). */
  record(ms: number): void {
    const us = Math.round(ms * 1000);
    this.interval.recordValue(us < 1 ? 1 : us > HIGHEST_US ? HIGHEST_US : us);
  }

  /** Records the time since `startMs` (a `performance.now()` reading). */
  recordSince(startMs: number): void {
    this.record(performance.now() - startMs);
  }

  /** Moves this tick's observations into the whole-run histogram and returns their percentiles. */
  fold(): Percentiles | undefined {
    const h = this.interval;
    if (h.totalCount === 0) return undefined;
    const result = percentilesOf(h);
    this.whole.add(h);
    h.reset();
    return result;
  }

  summary(): Percentiles | undefined {
    return this.whole.totalCount === 0 ? undefined : percentilesOf(this.whole);
  }
}

function percentilesOf(h: hdr.Histogram): Percentiles {
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
    count: h.totalCount,
  };
}
