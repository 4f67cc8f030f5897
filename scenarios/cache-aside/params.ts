import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const cacheAsideParams = Type.Object(
  {
    keys: Type.Integer({
      default: 1000,
      minimum: 10,
      maximum: 100_000,
      description: 'Products in the origin database, each cached under its own Redis key.',
      'x-unit': 'keys',
    }),
    distribution: Type.Union([Type.Literal('zipf'), Type.Literal('uniform')], {
      default: 'zipf',
      description:
        'Which products are asked for: zipf (a few hot products get most reads, like a real shop) or uniform (every product equally).',
    }),
    zipfExponent: Type.Number({
      default: 1,
      minimum: 0.1,
      maximum: 3,
      description:
        'How skewed zipf is: product k is read in proportion to 1/k^s; higher s means hotter hot keys.',
    }),
    ttlSec: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 3600,
      description: 'How long a cached product lives in Redis (SET … EX) before it must be re-read.',
      'x-unit': 's',
      'x-live': true,
    }),
    readsPerSec: Type.Number({
      default: 500,
      minimum: 0,
      maximum: 50_000,
      description: 'Product reads per second across all workers (0 pauses the readers).',
      'x-unit': 'reads/s',
      'x-live': true,
    }),
    writeRatio: Type.Number({
      default: 0.05,
      minimum: 0,
      maximum: 0.5,
      description:
        'Fraction of all operations that are writes (price updates): writes/s = readsPerSec × r / (1 − r).',
    }),
    writeStrategy: Type.Union(
      [Type.Literal('invalidate'), Type.Literal('write-through'), Type.Literal('ttl-only')],
      {
        default: 'invalidate',
        description:
          'What a write does to the cache after updating the origin: invalidate (DEL the key), write-through (SET the new value), or ttl-only (nothing: the old value lives until it expires).',
      },
    ),
    originLatencyMs: Type.Number({
      default: 20,
      minimum: 0,
      maximum: 2000,
      description:
        'Delay added to every origin (SQLite) read, standing for the network hop to a remote database.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    concurrency: Type.Integer({
      default: 32,
      minimum: 1,
      maximum: 256,
      description:
        'Reader workers sharing the read rate; a miss holds its worker for originLatencyMs.',
      'x-unit': 'workers',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description:
        'Seeds the key choices, so a rerun asks for the same products in the same order.',
    }),
  },
  { additionalProperties: false },
);

export type CacheAsideParams = Static<typeof cacheAsideParams>;
