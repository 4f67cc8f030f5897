// A record's value carries its sequence number and send time, so a consumer can measure
// end-to-end latency and see gaps or reordering without a lookup. Plain text keeps it readable
// in kafka-console-consumer.

export interface RecordPayload {
  /** 0, 1, 2, … in the order the producer queued the records. */
  seq: number;
  /** Epoch milliseconds (fractional) when the record was queued. */
  sentAt: number;
}

/** Epoch milliseconds with sub-millisecond precision, comparable across this process. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export function encodePayload(payload: RecordPayload): string {
  return `${payload.seq}:${payload.sentAt}`;
}

const PAYLOAD = /^(\d+):(\d+(?:\.\d+)?)$/;

/** The payload of a record written by the paced producer; undefined for anything else. */
export function decodePayload(value: Buffer | string | null): RecordPayload | undefined {
  const match = value === null ? null : PAYLOAD.exec(value.toString());
  if (match === null) return undefined;
  return { seq: Number(match[1]), sentAt: Number(match[2]) };
}
