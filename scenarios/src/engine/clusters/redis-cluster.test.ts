// CLUSTER NODES as the handle reports it: names for addresses, replicas tied to their primary,
// failing nodes flagged, slot ranges without the migrating/importing markers.
import { expect, it } from 'vitest';
import { parseClusterNodes } from './redis-cluster.ts';
import { pairs } from './redis-sentinel.ts';

const NODES = [
  'aaa 127.0.0.1:41001@33001 myself,master - 0 0 1 connected 0-100 102 [101->-bbb]',
  'bbb 127.0.0.1:41002@33002 master - 0 0 2 connected 103-16383',
  'ccc 127.0.0.1:41003@33003 slave aaa 0 0 1 connected',
  'ddd 127.0.0.1:41004@33004 master,fail - 0 0 4 disconnected',
  '',
].join('\n');

it('parses CLUSTER NODES into named nodes, roles, primaries and slot ranges', () => {
  const names: Record<string, string> = {
    '127.0.0.1:41001': 'redis-1',
    '127.0.0.1:41002': 'redis-2',
    '127.0.0.1:41003': 'redis-3',
  };
  const view = parseClusterNodes(NODES, (a) => names[a]);
  expect(view.map((n) => n.node)).toEqual(['redis-1', 'redis-2', 'redis-3', '127.0.0.1:41004']);
  expect(view[0]).toMatchObject({
    role: 'master',
    slots: [
      [0, 100],
      [102, 102],
    ],
    failing: false,
  });
  expect(view[2]).toMatchObject({ role: 'slave', primaryOf: 'redis-1', slots: [] });
  expect(view[3]).toMatchObject({ failing: true, address: '127.0.0.1:41004' });
});

it('reads SENTINEL MASTER’s flat reply as fields', () => {
  expect(pairs(['name', 'pg', 'num-slaves', '2'])).toEqual({ name: 'pg', 'num-slaves': '2' });
  expect(pairs('nope')).toEqual({});
});
