// A Redis load loop lean enough that the broker, not the playground, sets its pace: one raw
// socket per client, each client's batch of `pipeline` commands encoded once and rewritten as
// is, replies counted in place in one reused read buffer (see resp.ts). Per batch the loop
// allocates only what Node and the SDK pacer must (a write request, the pacer's promise), and
// records one histogram value and one counter increment — never anything per operation, so
// pipelining divides every fixed cost.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { createPacer } from '@playground/scenarios/sdk';
import type { Counter, Histogram } from '@playground/scenarios/sdk';
import { ReplyCounter, RedisProtocolError, RedisReplyError, encodeCommand } from './resp.ts';

export type RespLoadMix = 'set-get' | 'set' | 'get';

export interface RespLoadOptions {
  /** `redis://[[user]:password@]host[:port][/db]`. */
  url: string;
  /** Every key the load touches starts with it (`pg:<runId>:...:`); all are deleted at the end. */
  keyPrefix: string;
  /** Connections, each with one batch in flight at a time. */
  clients: number;
  /** Commands per batch, written together and awaited together. */
  pipeline: number;
  /** Stop after exactly this many commands; omitted, run until `signal` aborts. */
  operations?: number;
  /**
   * Target commands per second, read before every batch so a live change applies at once;
   * omitted, unthrottled. 0 pauses.
   */
  rate?: () => number;
  /** `set-get` alternates SET and GET on each client's key (redis-benchmark's `-t set,get`). */
  mix?: RespLoadMix;
  /** SET's value size; 3 bytes is redis-benchmark's default. */
  valueBytes?: number;
  signal?: AbortSignal;
  /** When given, each batch records its round trip and adds its successful commands. */
  record?: { ops: Counter; latency: Histogram };
  connectTimeoutMs?: number;
  /** After a stop, how long in-flight batches may take before their sockets are cut. */
  drainTimeoutMs?: number;
}

export interface RespLoadResult {
  /** Commands that Redis answered without an error. */
  operations: number;
  /** Wall time of the load, from the first write to the last reply (connect and cleanup excluded). */
  elapsedMs: number;
  /** CPU the whole process used over `elapsedMs`, user plus system. */
  processCpuMs: number;
}

/**
 * Runs SET/GET load until `operations` are done or `signal` aborts, then deletes its keys.
 * Rejects with a RedisReplyError if Redis answers any command with an error.
 */
export async function runRespLoad(options: RespLoadOptions): Promise<RespLoadResult> {
  const target = parseRedisUrl(options.url);
  const { clients, pipeline } = options;
  if (!Number.isInteger(clients) || clients < 1) throw new RangeError('clients must be ≥ 1');
  if (!Number.isInteger(pipeline) || pipeline < 1) throw new RangeError('pipeline must be ≥ 1');
  if (!/^pg:[^:\s]+:(\S*:)?$/.test(options.keyPrefix)) {
    throw new RangeError(`keyPrefix must look like pg:<run>: (got ${options.keyPrefix})`);
  }
  const total = options.operations ?? Number.POSITIVE_INFINITY;
  if (!(total >= 0)) throw new RangeError('operations must be ≥ 0');

  const keys = Array.from({ length: clients }, (_, i) => `${options.keyPrefix}${i}`);
  const value = Buffer.alloc(options.valueBytes ?? 3, 'x');
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const drainTimeoutMs = options.drainTimeoutMs ?? 2000;
  const readBuffer = Buffer.allocUnsafe(64 * 1024);

  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();

  const rate = options.rate;
  const pacer = createPacer(
    // The pacer hands out one slot per batch, so it runs at 1/pipeline of the command rate.
    rate === undefined ? () => Number.POSITIVE_INFINITY : () => rate() / pipeline,
    stop.signal,
    abortableSleep(stop.signal),
  );

  const run: LoadRun = {
    pacer,
    stop,
    remaining: total,
    completed: 0,
    active: 0,
    error: undefined,
    record: options.record,
    finished: () => undefined,
  };
  const load: LoadClient[] = [];
  let result: RespLoadResult | undefined;
  let failure: unknown;
  try {
    // allSettled, so a client still connecting when another fails is not left open.
    const opened = await Promise.allSettled(
      keys.map(() => LoadClient.open(target, readBuffer, connectTimeoutMs)),
    );
    for (const o of opened) if (o.status === 'fulfilled') load.push(o.value);
    for (const o of opened) if (o.status === 'rejected') throw o.reason;
    const mix = options.mix ?? 'set-get';
    load.forEach((client, i) => client.prepare(run, batchesFor(keys[i]!, value, pipeline, mix)));
    const done = new Promise<void>((resolve) => (run.finished = resolve));
    let drainTimer: NodeJS.Timeout | undefined;
    const onStop = (): void => {
      // A batch Redis never answers must not hold the run open after a stop.
      drainTimer = setTimeout(() => {
        for (const client of load) client.cut(new Error('Redis did not answer in-flight commands'));
      }, drainTimeoutMs);
    };
    stop.signal.addEventListener('abort', onStop, { once: true });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    run.active = load.length;
    for (const client of load) client.next();
    await done;
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearTimeout(drainTimer);
    stop.signal.removeEventListener('abort', onStop);
    result = { operations: run.completed, elapsedMs, processCpuMs: (cpu.user + cpu.system) / 1000 };
  } catch (error) {
    failure = error;
  }
  options.signal?.removeEventListener('abort', onAbort);
  stop.abort();
  for (const client of load) client.close();
  try {
    await deleteKeys(target, keys, connectTimeoutMs);
  } catch (error) {
    failure ??= run.error ?? error;
  }
  failure ??= run.error;
  if (failure !== undefined || result === undefined) throw failure;
  return result;
}

interface RedisTarget {
  host: string;
  port: number;
  /** AUTH and SELECT, sent once per connection before any load. */
  handshake: Buffer[];
}

function parseRedisUrl(url: string): RedisTarget {
  const u = new URL(url);
  if (u.protocol !== 'redis:') throw new RangeError(`only redis: URLs are supported (got ${url})`);
  const handshake: Buffer[] = [];
  if (u.password !== '') {
    const password = decodeURIComponent(u.password);
    const username = decodeURIComponent(u.username);
    handshake.push(
      encodeCommand(username === '' ? ['AUTH', password] : ['AUTH', username, password]),
    );
  }
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && db !== '0') handshake.push(encodeCommand(['SELECT', db]));
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379), handshake };
}

/** A client's batches: the full one per phase, and where each command ends, for a short tail. */
interface Batches {
  full: Buffer[];
  ends: number[][];
}

function batchesFor(key: string, value: Buffer, pipeline: number, mix: RespLoadMix): Batches {
  const set = encodeCommand(['SET', key, value]);
  const get = encodeCommand(['GET', key]);
  // With an odd pipeline, a batch that always began with SET would skew the mix (at pipeline 1,
  // to SET only), so alternate batches start with the other command.
  const starts = mix === 'set-get' && pipeline % 2 === 1 ? [0, 1] : [0];
  const full: Buffer[] = [];
  const ends: number[][] = [];
  for (const first of starts) {
    const commands = Array.from({ length: pipeline }, (_, i) =>
      mix === 'set' ? set : mix === 'get' ? get : (first + i) % 2 === 0 ? set : get,
    );
    full.push(Buffer.concat(commands));
    let at = 0;
    ends.push([0, ...commands.map((c) => (at += c.length))]);
  }
  return { full, ends };
}

interface LoadRun {
  pacer: { wait(): Promise<boolean> };
  stop: AbortController;
  /** Commands not yet claimed by a batch. */
  remaining: number;
  completed: number;
  /** Clients still looping. */
  active: number;
  error: Error | undefined;
  record: { ops: Counter; latency: Histogram } | undefined;
  finished: () => void;
}

class LoadClient {
  private readonly counter = new ReplyCounter();
  private run: LoadRun | undefined;
  private batches: Batches | undefined;
  private pipeline = 0;
  private phase = 0;
  /** Commands in the batch in flight; 0 when none is. */
  private inFlight = 0;
  private startedAt = 0;
  private looping = false;
  /** Set while a handshake or cleanup command waits for its replies. */
  private waiter: ((error?: Error) => void) | undefined;

  private readonly socket: Socket;

  private constructor(target: RedisTarget, readBuffer: Buffer) {
    this.socket = connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      // Node reads straight into this buffer instead of allocating one per read. All clients
      // share it: each read is counted synchronously in `onRead` before the next one lands.
      onread: {
        buffer: readBuffer,
        callback: (n) => {
          this.onRead(n, readBuffer);
          return true;
        },
      },
    });
  }

  static async open(
    target: RedisTarget,
    readBuffer: Buffer,
    timeoutMs: number,
  ): Promise<LoadClient> {
    const client = new LoadClient(target, readBuffer);
    await client.connected(timeoutMs);
    try {
      for (const command of target.handshake) await client.request(command, 1, timeoutMs);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  prepare(run: LoadRun, batches: Batches): void {
    this.run = run;
    this.batches = batches;
    this.pipeline = batches.ends[0]!.length - 1;
    this.looping = true;
  }

  /** Waits for the pacer, then writes the next batch; bound once so it allocates nothing. */
  next(): void {
    this.run!.pacer.wait().then(this.onPaced, this.onPacerError);
  }

  private readonly onPaced = (go: boolean): void => {
    const run = this.run!;
    if (!this.looping) return;
    if (!go || run.remaining <= 0) return this.finish();
    const pipeline = this.pipeline;
    const n = run.remaining < pipeline ? run.remaining : pipeline;
    run.remaining -= n;
    const full = this.batches!.full[this.phase]!;
    // Only the last batch of a bounded run is short; slicing it allocates once per run.
    const batch = n === pipeline ? full : full.subarray(0, this.batches!.ends[this.phase]![n]);
    if (this.batches!.full.length > 1) this.phase ^= 1;
    this.inFlight = n;
    this.counter.replies = 0;
    this.counter.errors = 0;
    if (run.record !== undefined) this.startedAt = performance.now();
    this.socket.write(batch);
  };

  private readonly onPacerError = (error: unknown): void => {
    this.fail(error instanceof Error ? error : new Error(String(error)));
  };

  private onRead(n: number, buf: Buffer): void {
    const counter = this.counter;
    try {
      counter.feed(buf, n);
    } catch (error) {
      this.cut(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (counter.replies < this.inFlight) return;
    if (this.inFlight === 0 || counter.replies > this.inFlight || !counter.idle) {
      this.cut(new RedisProtocolError('Redis sent more replies than commands'));
      return;
    }
    const count = this.inFlight;
    this.inFlight = 0;
    if (this.waiter !== undefined) {
      const waiter = this.waiter;
      this.waiter = undefined;
      const message = counter.takeError();
      waiter(message === undefined ? undefined : new RedisReplyError(message, counter.errors));
      return;
    }
    const run = this.run!;
    const ok = count - counter.errors;
    run.completed += ok;
    if (run.record !== undefined) {
      run.record.latency.recordSince(this.startedAt);
      run.record.ops.inc(ok);
    }
    if (counter.errors > 0) {
      this.fail(new RedisReplyError(counter.takeError() ?? 'error reply', counter.errors));
      return;
    }
    this.next();
  }

  private fail(error: Error): void {
    const run = this.run;
    if (run !== undefined) {
      run.error ??= error;
      run.stop.abort();
    }
    this.finish();
  }

  /** Ends the client's loop and, with it, the run once every client has ended. */
  private finish(): void {
    if (!this.looping) return;
    this.looping = false;
    const run = this.run!;
    if (--run.active === 0) run.finished();
  }

  /** Drops the connection: used when its stream can no longer be trusted or answered. */
  cut(error: Error): void {
    this.socket.destroy();
    if (this.waiter !== undefined) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(error);
    }
    if (this.looping) this.fail(error);
  }

  close(): void {
    this.looping = false;
    this.socket.destroy();
  }

  private connected(timeoutMs: number): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to Redis within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        // From here on a dropped connection ends the run as failed instead of hanging it.
        socket.on('error', (error) => this.cut(error));
        socket.on('close', () => this.cut(new Error('Redis closed the connection')));
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends one pre-encoded batch outside the load loop and waits for its `replies`. */
  request(command: Buffer, replies: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.cut(new Error(`Redis did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiter = (error) => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.inFlight = replies;
      this.counter.replies = 0;
      this.counter.errors = 0;
      this.socket.write(command);
    });
  }
}

async function deleteKeys(target: RedisTarget, keys: string[], timeoutMs: number): Promise<void> {
  // A fresh connection, so keys are removed even when the load's connections were cut.
  const client = await LoadClient.open(target, Buffer.allocUnsafe(1024), timeoutMs);
  try {
    await client.request(encodeCommand(['DEL', ...keys]), 1, timeoutMs);
  } finally {
    client.close();
  }
}

/** The pacer's sleep, cut short by a stop so a slow rate never delays the end of a run. */
function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  const sleepers = new Set<() => void>();
  signal.addEventListener('abort', () => {
    for (const wake of sleepers) wake();
  });
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
}
