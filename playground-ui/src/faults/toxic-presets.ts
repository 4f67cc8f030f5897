// What the panel offers for each toxic: Toxiproxy's attributes with a starting value worth seeing
// (Toxiproxy's own defaults are all 0, which would change nothing) and their units.
import { TOXIC_ATTRIBUTES, TOXIC_TYPES } from '../../../infrastructure/faults/toxics.ts';
import type { ToxicType } from '../api/types';

export { TOXIC_TYPES };

export const TOXIC_HELP: Record<ToxicType, string> = {
  latency: 'delays every chunk by latency ± jitter',
  bandwidth: 'paces the bytes to a rate',
  slow_close: 'delays the close of a connection',
  timeout: 'drops everything; closes after the timeout (0: never)',
  reset_peer: 'resets the connection (TCP RST) after the timeout',
  limit_data: 'closes the connection after so many bytes',
  slicer: 'cuts the data into small pieces',
};

const STARTING: Partial<Record<string, number>> = {
  'latency.latency': 200,
  'latency.jitter': 50,
  'bandwidth.rate': 64,
  'slow_close.delay': 2000,
  'reset_peer.timeout': 500,
  'limit_data.bytes': 4096,
  'slicer.average_size': 64,
  'slicer.size_variation': 32,
  'slicer.delay': 100,
};

const UNITS: Record<string, string> = {
  latency: 'ms',
  jitter: 'ms',
  rate: 'KB/s',
  delay: 'ms',
  timeout: 'ms',
  bytes: 'bytes',
  average_size: 'bytes',
  size_variation: 'bytes',
};

export interface AttributeField {
  name: string;
  unit: string;
  start: number;
}

export function attributeFields(type: ToxicType): AttributeField[] {
  return Object.entries(TOXIC_ATTRIBUTES[type]).map(([name, base]) => ({
    name,
    // The slicer's delay is in microseconds, as in Toxiproxy.
    unit: type === 'slicer' && name === 'delay' ? 'µs' : (UNITS[name] ?? ''),
    start: STARTING[`${type}.${name}`] ?? base,
  }));
}
