// Every lab message starts with 16 bytes the consumers read back: when it was meant to be sent
// (end-to-end latency from the intended time), and who sent it with which number (order, losses
// and duplicates). The rest is padding up to the workload's messageSize.
export const HEADER_BYTES = 16;

export interface Stamp {
  intendedMs: number;
  producer: number;
  topic: number;
  seq: number;
}

export function makePayload(size: number): Buffer {
  return Buffer.alloc(Math.max(HEADER_BYTES, size), 0x61);
}

/** Writes the stamp into a payload the caller owns (each message gets a copy when sent). */
export function stamp(payload: Buffer, s: Stamp): Buffer {
  payload.writeDoubleLE(s.intendedMs, 0);
  payload.writeUInt16LE(s.producer, 8);
  payload.writeUInt16LE(s.topic, 10);
  payload.writeUInt32LE(s.seq, 12);
  return payload;
}

export function readStamp(payload: Buffer): Stamp | undefined {
  if (payload.length < HEADER_BYTES) return undefined;
  return {
    intendedMs: payload.readDoubleLE(0),
    producer: payload.readUInt16LE(8),
    topic: payload.readUInt16LE(10),
    seq: payload.readUInt32LE(12),
  };
}
