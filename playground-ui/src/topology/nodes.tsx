// The boxes of the topology picture: a leaf (queue, producer, cache…) with its live number, and a
// container (topic, consumer group) whose partitions or members sit inside it.
import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import type { TopologyNode } from '../api/types';
import { formatValue } from '../charts/format';
import { KindIcon } from './icons';
import { useLiveValues } from './live-values';
import { useFaultNode } from '../faults/fault-nodes-context';
import { NodeActions } from '../faults/NodeActions';

export type TopologyNodeData = { node: TopologyNode; compact: boolean };
export type ItemNode = Node<TopologyNodeData, 'item'>;
export type BoxNode = Node<TopologyNodeData, 'box'>;

function LiveNumber({ metric }: { metric: string | undefined }) {
  const { values, unitOf, live } = useLiveValues();
  if (metric === undefined) return null;
  const value = values[metric];
  return (
    <span className="node-value" data-metric={metric}>
      {live && value !== undefined ? formatValue(value, unitOf(metric)) : '–'}
    </span>
  );
}

/** A broker node the run started: its state, and kill / pause / resume / restart on the box. */
function FaultNodeBar({ name }: { name: string | undefined }) {
  const found = useFaultNode(name);
  if (found === undefined) return null;
  const { node, faults } = found;
  return (
    <div className="node-fault nodrag nopan" data-fault-node={node.name}>
      <span className={`node-state ${node.state}`}>{node.state}</span>
      <NodeActions
        node={node}
        busy={faults.busy}
        only={['kill', 'pause', 'resume', 'restart']}
        onAct={(action) => faults.act(node.name, action)}
      />
    </div>
  );
}

function ItemNodeImpl({ data }: NodeProps<ItemNode>) {
  const { node, compact } = data;
  const down = useFaultNode(node.faultNode)?.node.state;
  return (
    <div
      className={`topo-node kind-${node.kind}${compact ? ' compact' : ''}${down && down !== 'running' ? ` fault-${down}` : ''}`}
      title={`${node.kind}: ${node.label}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-head">
        <KindIcon kind={node.kind} />
        {!compact && <span className="node-kind">{node.kind}</span>}
      </div>
      <div className="node-label">{node.label}</div>
      <LiveNumber metric={node.metric} />
      <FaultNodeBar name={node.faultNode} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
      {/* For an edge that points back left (a member to the partition it owns). */}
      <Handle type="source" id="west" position={Position.Left} isConnectable={false} />
      <Handle type="target" id="east" position={Position.Right} isConnectable={false} />
    </div>
  );
}

function BoxNodeImpl({ data }: NodeProps<BoxNode>) {
  const { node } = data;
  return (
    <div className={`topo-box kind-${node.kind}`} title={`${node.kind}: ${node.label}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="box-head">
        <KindIcon kind={node.kind} />
        <span className="node-kind">{node.kind}</span>
        <span className="box-label">{node.label}</span>
        <LiveNumber metric={node.metric} />
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const nodeTypes = { item: memo(ItemNodeImpl), box: memo(BoxNodeImpl) };
