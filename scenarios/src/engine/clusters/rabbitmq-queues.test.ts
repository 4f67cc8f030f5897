import { describe, expect, it } from 'vitest';
import { parseClusterQueues, pidNode } from './rabbitmq-queues.ts';

// As rabbitmqctl 3.10 prints it: a quorum queue names its leader; a classic one only its pid.
const TABLE = [
  'q\tquorum\tp-1@localhost\t[p-1@localhost, p-2@localhost, p-3@localhost]\t<p-1@localhost.1796089755.1580.0>',
  'c\tclassic\t\t\t<p-2@localhost.1796089755.1591.0>',
  'gone\trabbit_classic_queue\t\t\t<p-3@localhost.1796089755.12.0>',
  '',
].join('\n');

const NODES: Record<string, string> = {
  'p-1@localhost': 'rabbitmq-1',
  'p-2@localhost': 'rabbitmq-2',
  'p-3@localhost': 'rabbitmq-3',
};

describe('list_queues as the cluster reads it', () => {
  it('maps a quorum leader and members, and a classic queue’s node from its pid', () => {
    expect(parseClusterQueues(TABLE, (n) => NODES[n])).toEqual([
      {
        name: 'q',
        type: 'quorum',
        leader: 'rabbitmq-1',
        members: ['rabbitmq-1', 'rabbitmq-2', 'rabbitmq-3'],
      },
      { name: 'c', type: 'classic', leader: 'rabbitmq-2', members: [] },
      { name: 'gone', type: 'classic', leader: 'rabbitmq-3', members: [] },
    ]);
  });

  it('reads the node out of a pid, and nothing out of an opaque one', () => {
    expect(pidNode('<playground-private-35187@localhost.1796089755.1136.0>')).toBe(
      'playground-private-35187@localhost',
    );
    expect(pidNode('#PID<12767.1136.0>')).toBeUndefined();
  });
});
