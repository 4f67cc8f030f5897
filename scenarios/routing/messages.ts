// The message stream: every message is an event about an order, a payment or a refund in one
// region. The same facts give its routing key (for direct and topic exchanges) and its headers
// (for a headers exchange), so one stream is routed by all three kinds.

export const REGIONS = ['eu', 'us', 'apac'] as const;
export const KINDS = ['order', 'payment', 'refund'] as const;
export const EVENTS = ['created', 'updated', 'failed'] as const;

export interface MessageFacts {
  region: (typeof REGIONS)[number];
  kind: (typeof KINDS)[number];
  event: (typeof EVENTS)[number];
  retry: boolean;
}

/** Every distinct message is one small code, so a run stores one byte per message published. */
export const MESSAGE_CODES = REGIONS.length * KINDS.length * EVENTS.length * 2;

export function encodeFacts(f: MessageFacts): number {
  const r = REGIONS.indexOf(f.region);
  const k = KINDS.indexOf(f.kind);
  const e = EVENTS.indexOf(f.event);
  return ((r * KINDS.length + k) * EVENTS.length + e) * 2 + (f.retry ? 1 : 0);
}

export function decodeFacts(code: number): MessageFacts {
  const retry = code % 2 === 1;
  let rest = Math.floor(code / 2);
  const e = rest % EVENTS.length;
  rest = Math.floor(rest / EVENTS.length);
  const k = rest % KINDS.length;
  const r = Math.floor(rest / KINDS.length);
  return {
    region: REGIONS[r] ?? 'eu',
    kind: KINDS[k] ?? 'order',
    event: EVENTS[e] ?? 'created',
    retry,
  };
}

/** 'eu.order.created', or 'eu.order.created.retry' for a retry: a retry has four words. */
export function routingKeyOf(f: MessageFacts): string {
  return `${f.region}.${f.kind}.${f.event}${f.retry ? '.retry' : ''}`;
}

/** The same facts as headers, for a headers exchange (it ignores the routing key). */
export function headersOf(f: MessageFacts): Record<string, string> {
  return { region: f.region, kind: f.kind, event: f.event, retry: f.retry ? 'yes' : 'no' };
}

/** One byte per message, growing by doubling: which message each sequence number was. */
export class MessageLog {
  private codes = new Uint8Array(1 << 12);
  length = 0;

  /** The code of message `seq`, drawing it with `draw` the first time it is asked for. */
  codeOf(seq: number, draw: () => number): number {
    while (this.length <= seq) {
      if (this.length >= this.codes.length) {
        const next = new Uint8Array(this.codes.length * 2);
        next.set(this.codes);
        this.codes = next;
      }
      this.codes[this.length++] = draw();
    }
    return this.codes[seq] ?? 0;
  }
}
