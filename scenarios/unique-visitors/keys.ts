import type { Names } from '../src/sdk/names.ts';

/** The run's three structures, all counting the same visitors. */
export interface VisitorKeys {
  set: string;
  hll: string;
  bitmap: string;
}

export function visitorKeys(names: Names): VisitorKeys {
  return {
    set: names.key('visitors', 'set'),
    hll: names.key('visitors', 'hll'),
    bitmap: names.key('visitors', 'bitmap'),
  };
}
