// Which product each operation asks for. Product ids run from 1 to `keys`; under zipf, id 1 is
// the hottest, so the hot set is easy to spot in redis-cli.
import { createZipf } from '../src/sdk/random.ts';
import type { Random } from '../src/sdk/random.ts';

export type Distribution = 'zipf' | 'uniform';

export function createKeyChooser(
  keys: number,
  distribution: Distribution,
  zipfExponent: number,
  random: Random,
): () => number {
  if (distribution === 'uniform') return () => 1 + random.int(keys);
  const rank = createZipf(keys, zipfExponent, random);
  return () => 1 + rank();
}
