import type { Topology } from '../src/sdk/contract.ts';
import type { AccessControlParams } from './params.ts';

export function accessControlTopology(p: AccessControlParams): Topology {
  const scope = p.appPatterns === 'everything' ? '~* &*' : '~pg:<run>:app:*';
  return {
    nodes: [
      { id: 'app', kind: 'client', label: `app (${p.connections} connections, user app)` },
      { id: 'intruder', kind: 'client', label: 'intruder (no password, guesses)' },
      {
        id: 'acl',
        kind: 'limiter',
        label: `ACL: app ${scope}; default ${p.defaultUser}`,
        metric: 'denied',
      },
      { id: 'redis', kind: 'cache', label: 'private Redis (ACL LOG)', metric: 'aclLogged' },
    ],
    edges: [
      { from: 'app', to: 'acl', metric: 'requests.rate', label: 'requests' },
      { from: 'intruder', to: 'acl', metric: 'logins.rate', label: 'attempts' },
      { from: 'acl', to: 'redis', metric: 'allowed.rate', label: 'allowed' },
    ],
  };
}
