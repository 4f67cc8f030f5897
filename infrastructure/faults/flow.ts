// One direction of a proxied connection: bytes read from `source`, passed through the stages in
// force, written to `dest`. Backpressure holds end to end: the source is paused while the
// destination's buffer is full or while more than HIGH_WATER bytes wait for the stages, so a
// slow toxic or a slow reader never makes the proxy buffer without bound.
import type { Socket } from 'node:net';
import type { ToxicStream } from './toxics.ts';
import type { Piece, Stage, StageContext } from './stages.ts';

const HIGH_WATER = 64 * 1024;

/** A stage with the context of the toxic it applies, on this connection. */
export interface BoundStage {
  stage: Stage;
  context: StageContext;
}

/** What a flow needs from its connection. */
export interface FlowOwner {
  /** Whether any toxic in force on this stream touches the bytes (else: the direct path). */
  hasStages(stream: ToxicStream): boolean;
  /** The stages in force now, in the order their toxics were added. */
  stages(stream: ToxicStream): BoundStage[];
  /** The source ended and everything before the end was delivered. */
  sourceEnded(stream: ToxicStream): Promise<void>;
  closing(): boolean;
  /** Something went wrong inside the proxy itself: close abruptly. */
  fail(): void;
}

/** Resolves when `socket` can take more, or is gone. */
export function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

export class Flow {
  private readonly queue: Piece[] = [];
  private queued = 0;
  private running = false;
  /** The direct path wrote into a full buffer and waits for 'drain'. */
  private blocked = false;
  private ended = false;

  constructor(
    readonly stream: ToxicStream,
    private readonly source: Socket,
    private readonly dest: Socket,
    private readonly owner: FlowOwner,
    private readonly counted: (bytes: number) => void,
  ) {
    source.on('data', (data: Buffer) => this.arrive(data));
    source.on('end', () => {
      this.ended = true;
      if (!this.running) void this.run();
    });
  }

  private arrive(data: Buffer): void {
    this.counted(data.length);
    if (this.owner.closing()) return;
    if (!this.running && this.queue.length === 0 && !this.owner.hasStages(this.stream)) {
      if (!this.dest.write(data)) {
        this.blocked = true;
        this.updateFlow();
        void drained(this.dest).then(() => {
          this.blocked = false;
          this.updateFlow();
        });
      }
      return;
    }
    this.queue.push({ data, at: performance.now() });
    this.queued += data.length;
    this.updateFlow();
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let piece = this.queue.shift(); piece; piece = this.queue.shift()) {
        this.queued -= piece.data.length;
        this.updateFlow();
        if (this.owner.closing()) continue;
        await this.through(piece);
      }
      if (this.ended && !this.owner.closing()) await this.owner.sourceEnded(this.stream);
    } catch {
      this.owner.fail();
    } finally {
      this.running = false;
    }
  }

  private through(piece: Piece): Promise<void> {
    // The chain is read once per chunk: a toxic added or removed meanwhile applies from the next.
    const chain = this.owner.stages(this.stream);
    const step = (at: number, next: Piece): Promise<void> => {
      const bound = chain[at];
      if (!bound) return this.write(next.data);
      return bound.stage(next, bound.context, (out) => step(at + 1, out));
    };
    return step(0, piece);
  }

  private async write(data: Buffer): Promise<void> {
    if (data.length === 0 || this.owner.closing() || this.dest.destroyed) return;
    if (!this.dest.write(data)) await drained(this.dest);
  }

  private updateFlow(): void {
    const hold = this.blocked || this.queued >= HIGH_WATER;
    if (hold && !this.source.isPaused()) this.source.pause();
    else if (!hold && this.source.isPaused()) this.source.resume();
  }
}
