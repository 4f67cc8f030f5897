// What each toxic does to the bytes of one direction of one connection, chunk by chunk, as
// Toxiproxy 2.x's toxics do. Stages run one chunk at a time in the order their toxics were added;
// a stage hands its output to the next with `emit` and waits for it, so a slow stage or a full
// socket holds the chunks behind it (order kept, memory bounded). Toxics that act on the
// connection rather than its bytes (timeout's and reset_peer's timers, slow_close) live in
// connection.ts.
import type { Toxic, ToxicType } from './toxics.ts';

/** A chunk as it arrived: `at` is performance.now() when the proxy read it. */
export interface Piece {
  data: Buffer;
  at: number;
}

export type Emit = (piece: Piece) => Promise<void>;

/** What a toxic keeps per connection: limit_data's count, bandwidth's pace, slicer's owed delay. */
export interface ToxicState {
  bytes: number;
  nextFree: number;
  owedMicros: number;
}

export const freshState = (): ToxicState => ({ bytes: 0, nextFree: 0, owedMicros: 0 });

/** What a stage sees of the toxic and the connection it is applied to. */
export interface StageContext {
  /** Live: an update replaces its attributes, and the next read sees them. */
  readonly toxic: Toxic;
  readonly state: ToxicState;
  /** Still in force on this connection; once removed, whatever it holds passes on at once. */
  active(): boolean;
  /** Changes with every update of the toxic (a held chunk then re-reads the attributes). */
  revision(): number;
  /** Resolves at `due` (performance.now() ms), or sooner when any toxic changes or the connection closes. */
  sleepUntil(due: number): Promise<void>;
  closed(): boolean;
  /** Flushes what was written, then closes both sides. */
  close(): void;
}

export type Stage = (piece: Piece, context: StageContext, emit: Emit) => Promise<void>;

/** Holds until `due()` has passed, re-reading it after every change; a removed toxic lets go. */
export async function holdUntil(context: StageContext, due: () => number): Promise<void> {
  while (context.active() && !context.closed()) {
    const at = due();
    if (performance.now() >= at) return;
    await context.sleepUntil(at);
  }
}

const attribute = (context: StageContext, name: string): number =>
  context.toxic.attributes[name] ?? 0;

const latency: Stage = async (piece, context, emit) => {
  // latency ± uniform jitter, counted from when the chunk arrived: chunks behind a delayed one
  // are not delayed twice, and none overtakes another.
  const roll = (): number => {
    const jitter = attribute(context, 'jitter');
    return attribute(context, 'latency') + (jitter > 0 ? (Math.random() * 2 - 1) * jitter : 0);
  };
  let revision = context.revision();
  let delay = roll();
  await holdUntil(context, () => {
    if (context.revision() !== revision) {
      revision = context.revision();
      delay = roll();
    }
    return piece.at + delay;
  });
  await emit(piece);
};

const bandwidth: Stage = async (piece, context, emit) => {
  // rate is in KB/s (1 KB = 1000 bytes, as in Toxiproxy), i.e. bytes per millisecond. Large
  // chunks go out in 100 ms slices so the bytes trickle instead of arriving in one late burst.
  let rest = piece.data;
  while (rest.length > 0) {
    const rate = attribute(context, 'rate');
    if (!context.active() || rate <= 0) break;
    const slice = rest.subarray(0, Math.max(1, Math.floor(rate * 100)));
    rest = rest.subarray(slice.length);
    const start = Math.max(performance.now(), context.state.nextFree);
    const due = (): number => {
      const now = attribute(context, 'rate');
      return now > 0 ? start + slice.length / now : start;
    };
    await holdUntil(context, due);
    context.state.nextFree = context.active() ? due() : 0;
    await emit({ data: slice, at: piece.at });
  }
  if (rest.length > 0) await emit({ data: rest, at: piece.at });
};

/** Toxiproxy's cut: halve (± variation) until the pieces are within variation of the average. */
export function sliceSizes(
  length: number,
  averageSize: number,
  variation: number,
  random: () => number = Math.random,
): number[] {
  const average = Math.max(1, Math.floor(averageSize));
  const spread = Math.floor(variation);
  const sizes: number[] = [];
  const cut = (start: number, end: number): void => {
    if (end - start - average <= spread) {
      if (end > start) sizes.push(end - start);
      return;
    }
    let mid = start + Math.floor((end - start) / 2);
    if (spread > 0) mid += Math.floor(random() * spread * 2) - spread;
    mid = Math.min(end - 1, Math.max(start + 1, mid));
    cut(start, mid);
    cut(mid, end);
  };
  cut(0, length);
  return sizes;
}

const slicer: Stage = async (piece, context, emit) => {
  const sizes = sliceSizes(
    piece.data.length,
    attribute(context, 'average_size'),
    attribute(context, 'size_variation'),
  );
  let offset = 0;
  for (const size of sizes) {
    if (!context.active()) break;
    await emit({ data: piece.data.subarray(offset, offset + size), at: piece.at });
    offset += size;
    // delay is in microseconds; timers tick in milliseconds, so the delay is owed until it
    // adds up to one, and the total time comes out right.
    context.state.owedMicros += attribute(context, 'delay');
    if (context.state.owedMicros >= 1000) {
      const due = performance.now() + context.state.owedMicros / 1000;
      context.state.owedMicros = 0;
      await holdUntil(context, () => due);
    }
  }
  if (offset < piece.data.length) await emit({ data: piece.data.subarray(offset), at: piece.at });
};

const limitData: Stage = async (piece, context, emit) => {
  const remaining = attribute(context, 'bytes') - context.state.bytes;
  const passed = piece.data.subarray(0, Math.max(0, remaining));
  if (passed.length > 0) {
    context.state.bytes += passed.length;
    await emit({ data: passed, at: piece.at });
  }
  if (attribute(context, 'bytes') - context.state.bytes <= 0) context.close();
};

/** timeout: nothing gets through while it is in force (its timer closes the connection). */
const drop: Stage = async () => undefined;

const pass: Stage = (piece, _context, emit) => emit(piece);

export const STAGES: Record<ToxicType, Stage> = {
  latency,
  bandwidth,
  slow_close: pass,
  timeout: drop,
  reset_peer: pass,
  limit_data: limitData,
  slicer,
};

/** Toxics that leave the bytes alone: a connection with only these takes the direct path. */
export const LEAVES_BYTES: ReadonlySet<ToxicType> = new Set(['slow_close', 'reset_peer']);
