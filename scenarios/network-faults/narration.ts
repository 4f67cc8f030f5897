// How the scenario's toxic reads in its own narration (the fault toolbox words the markers).
import type { ToxicSpec } from '../src/sdk/contract.ts';

export function describeToxicParams(spec: ToxicSpec): string {
  const a = spec.attributes ?? {};
  const stream = spec.stream === 'upstream' ? 'upstream (requests)' : 'downstream (replies)';
  switch (spec.type) {
    case 'latency':
      return `latency ${a.latency ?? 0}${a.jitter ? `±${a.jitter}` : ''} ms ${stream}`;
    case 'bandwidth':
      return `a bandwidth limit of ${a.rate ?? 0} KB/s ${stream}`;
    case 'reset_peer':
      return `reset_peer ${stream}: connections reset (TCP RST)${a.timeout ? ` after ${a.timeout} ms` : ' at once'}`;
    case 'timeout':
      return `a black hole ${stream}${a.timeout ? ` closing after ${a.timeout} ms` : ''}`;
    default:
      return `${spec.type} ${stream}`;
  }
}
