import type { Topology } from '../src/sdk/contract.ts';
import type { ServiceAuthParams } from './params.ts';

export function serviceAuthTopology(params: ServiceAuthParams): Topology {
  return {
    nodes: [
      {
        id: 'gateway',
        kind: 'client',
        label: `gateway (${params.callers} callers)`,
        metric: 'latency.p50',
      },
      { id: 'attacker', kind: 'client', label: 'attacker (forged, expired, wrong audience)' },
      {
        id: 'auth',
        kind: 'limiter',
        label: `auth-service (rotates every ${params.rotateEveryMs} ms)`,
        metric: 'jwksKeys',
        faultNode: 'auth-service-1',
      },
      {
        id: 'user',
        kind: 'origin',
        label: 'user-service (verifies every token)',
        faultNode: 'user-service-1',
      },
    ],
    edges: [
      { from: 'gateway', to: 'auth', label: 'POST /service-token every 250 ms' },
      { from: 'gateway', to: 'user', metric: 'calls.rate', label: 'GET /users/:id + token' },
      { from: 'attacker', to: 'user', metric: 'refused.forged.rate', label: 'forged' },
      { from: 'attacker', to: 'user', metric: 'refused.expired.rate', label: 'expired' },
      { from: 'attacker', to: 'user', metric: 'refused.audience.rate', label: 'wrong audience' },
      { from: 'user', to: 'auth', label: 'GET /.well-known/jwks.json (on a new kid)' },
    ],
  };
}
