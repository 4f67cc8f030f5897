// The body carries what the subscribers need to check delivery and latency themselves; the rest
// is padding up to `messageSize`, so the size slider changes what the broker has to move.

export const HEADER_BYTES = 16;

/** Milliseconds on the wall clock with sub-millisecond precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function encodeMessage(seq: number, sentAtMs: number, size: number): Buffer {
  const body = Buffer.alloc(Math.max(size, HEADER_BYTES));
  body.writeDoubleLE(seq, 0);
  body.writeDoubleLE(sentAtMs, 8);
  return body;
}

export interface DecodedMessage {
  seq: number;
  sentAtMs: number;
}

export function decodeMessage(body: Buffer): DecodedMessage | undefined {
  if (body.length < HEADER_BYTES) return undefined;
  const seq = body.readDoubleLE(0);
  if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { seq, sentAtMs: body.readDoubleLE(8) };
}
