// What every event carries: its sequence number (0, 1, 2, …, so a receiver can tell what it
// missed) and when it was sent (epoch ms, readable in redis-cli, for the latency charts).

export interface SentEvent {
  seq: number;
  sentAt: number;
}

/** Epoch milliseconds with sub-millisecond precision, comparable within this process. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** The pub/sub message: `<seq>:<sentAt>`. */
export const encodeMessage = (e: SentEvent): string => `${e.seq}:${e.sentAt}`;

export function decodeMessage(message: string): SentEvent | undefined {
  const at = message.indexOf(':');
  const seq = Number(message.slice(0, at));
  const sentAt = Number(message.slice(at + 1));
  return at > 0 && Number.isInteger(seq) && Number.isFinite(sentAt) ? { seq, sentAt } : undefined;
}

/** A stream entry's fields, flat as Redis returns them: `seq <n> sentAt <ms>`. */
export function decodeFields(fields: string[]): SentEvent | undefined {
  let seq: number | undefined;
  let sentAt: number | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'seq') seq = Number(fields[i + 1]);
    else if (fields[i] === 'sentAt') sentAt = Number(fields[i + 1]);
  }
  return seq !== undefined && sentAt !== undefined ? { seq, sentAt } : undefined;
}
