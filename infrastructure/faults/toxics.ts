// Toxiproxy's toxics, as plain data: the same names, attributes and defaults as Toxiproxy 2.x
// (https://github.com/Shopify/toxiproxy#toxics), so its clients and habits carry over.
export const TOXIC_TYPES = [
  'latency',
  'bandwidth',
  'slow_close',
  'timeout',
  'reset_peer',
  'limit_data',
  'slicer',
] as const;
export type ToxicType = (typeof TOXIC_TYPES)[number];

/** upstream: client → server; downstream: server → client (Toxiproxy's default). */
export type ToxicStream = 'upstream' | 'downstream';

export interface Toxic {
  name: string;
  type: ToxicType;
  stream: ToxicStream;
  /** The probability (0–1) that a new connection gets this toxic. */
  toxicity: number;
  attributes: Record<string, number>;
}

/** Each type's attributes and their defaults (milliseconds, KB/s or bytes, as in Toxiproxy). */
export const TOXIC_ATTRIBUTES: Record<ToxicType, Record<string, number>> = {
  latency: { latency: 0, jitter: 0 },
  bandwidth: { rate: 0 },
  slow_close: { delay: 0 },
  timeout: { timeout: 0 },
  reset_peer: { timeout: 0 },
  limit_data: { bytes: 0 },
  slicer: { average_size: 0, size_variation: 0, delay: 0 },
};

export interface ProxyConfig {
  name: string;
  /** host:port it listens on; port 0 picks a free one (the proxy then reports the real one). */
  listen: string;
  /** host:port it forwards to. */
  upstream: string;
  enabled: boolean;
}

/** A proxy as Toxiproxy's `GET /proxies/{name}` shows it. */
export interface ProxyState extends ProxyConfig {
  toxics: Toxic[];
}

export class ToxicError extends Error {
  constructor(
    message: string,
    /** The HTTP status Toxiproxy answers with for it. */
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
  }
}

/** A toxic from what a caller sent (Toxiproxy's POST body), defaults filled, attributes checked. */
export function toxicFrom(
  input: {
    name?: string | undefined;
    type: string;
    stream?: string | undefined;
    toxicity?: number | undefined;
    attributes?: Record<string, unknown> | undefined;
  },
  taken: readonly string[],
): Toxic {
  if (!(TOXIC_TYPES as readonly string[]).includes(input.type)) {
    throw new ToxicError(
      `unknown toxic type "${input.type}" (one of ${TOXIC_TYPES.join(', ')})`,
      400,
    );
  }
  const type = input.type as ToxicType;
  const stream = input.stream ?? 'downstream';
  if (stream !== 'upstream' && stream !== 'downstream') {
    throw new ToxicError(`stream must be upstream or downstream, not "${stream}"`, 400);
  }
  const toxicity = input.toxicity ?? 1;
  if (!(toxicity >= 0 && toxicity <= 1)) {
    throw new ToxicError(`toxicity must be between 0 and 1, not ${toxicity}`, 400);
  }
  const name = input.name ?? `${type}_${stream}`;
  if (taken.includes(name)) throw new ToxicError(`toxic already exists: ${name}`, 409);
  return { name, type, stream, toxicity, attributes: attributesOf(type, input.attributes ?? {}) };
}

export function attributesOf(
  type: ToxicType,
  given: Record<string, unknown>,
  base: Record<string, number> = TOXIC_ATTRIBUTES[type],
): Record<string, number> {
  const attributes = { ...base };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in TOXIC_ATTRIBUTES[type])) {
      throw new ToxicError(
        `${type} has no attribute "${key}" (it has ${Object.keys(TOXIC_ATTRIBUTES[type]).join(', ')})`,
        400,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ToxicError(
        `${type}.${key} must be a number ≥ 0, not ${JSON.stringify(value)}`,
        400,
      );
    }
    attributes[key] = value;
  }
  return attributes;
}
