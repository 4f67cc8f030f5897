import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const serverSideCacheParams = Type.Object(
  {
    products: Type.Integer({
      default: 500,
      minimum: 20,
      maximum: 20_000,
      description:
        'Products in each API copy’s SQLite database; each has 3 reviews and 3 related products shown on its page.',
      'x-unit': 'products',
    }),
    zipfExponent: Type.Number({
      default: 1,
      minimum: 0,
      maximum: 2,
      description:
        'How skewed the reads are: product k is asked for in proportion to 1/k^s (0 = every product equally).',
    }),
    readsPerSec: Type.Number({
      default: 150,
      minimum: 0,
      maximum: 2000,
      description:
        'Page reads per second sent to EACH of the four API copies (the same product ids, in the same order).',
      'x-unit': 'reads/s',
      'x-live': true,
    }),
    writesPerSec: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 200,
      description: 'Price updates per second, each sent to all four API copies.',
      'x-unit': 'writes/s',
      'x-live': true,
    }),
    ttlSec: Type.Integer({
      default: 30,
      minimum: 1,
      maximum: 3600,
      description: 'How long a cached response, query result or object lives in Redis.',
      'x-unit': 's',
      'x-live': true,
    }),
    pageInvalidation: Type.Union([Type.Literal('own-page'), Type.Literal('tagged')], {
      default: 'own-page',
      description:
        'What a write deletes in the response cache: own-page (only the product’s own page) or tagged (every page that shows the product, found through a tag set per product).',
      'x-live': true,
    }),
    dbLatencyMs: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 200,
      description:
        'The round trip each SQL statement costs, standing for the network to a database server.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    concurrency: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 64,
      description: 'Simulated clients per API copy, sharing its read rate.',
      'x-unit': 'clients',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the product ids and prices, so a rerun sends the same traffic.',
    }),
  },
  { additionalProperties: false },
);

export type ServerSideCacheParams = Static<typeof serverSideCacheParams>;
