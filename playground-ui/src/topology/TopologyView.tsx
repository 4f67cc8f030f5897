// The picture of what a run built, drawn with @xyflow/react, with live numbers on nodes and edges.
import { useMemo } from 'react';
import { MarkerType, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { MetricSpec, Topology } from '../api/types';
import { unitForKey } from '../charts/series';
import { formatValue } from '../charts/format';
import { usePreferences } from '../prefs/preferences';
import { useWidth } from '../components/use-width';
import { layoutTopology } from './layout';
import { LiveValuesContext } from './live-values';
import type { LiveValues } from './live-values';
import { nodeTypes } from './nodes';
import type { BoxNode, ItemNode } from './nodes';
import { edgeTypes } from './FlowEdge';
import type { FlowEdgeType } from './FlowEdge';

const MAX_ZOOM = 1.2;

interface Props {
  topology: Topology;
  metrics: MetricSpec[];
  values: Record<string, number> | undefined;
  /** Animate the flow along edges (only while the run goes). */
  flowing?: boolean;
}

function describe(topology: Topology, live: LiveValues): string {
  const label = new Map(topology.nodes.map((n) => [n.id, n.label]));
  const flows = topology.edges.map((e) => {
    const rate =
      e.metric !== undefined && live.live
        ? ` (${formatValue(live.values[e.metric], live.unitOf(e.metric))})`
        : '';
    return `${label.get(e.from) ?? e.from} → ${label.get(e.to) ?? e.to}${rate}`;
  });
  const numbers = topology.nodes
    .filter((n) => n.metric !== undefined && live.live)
    .map(
      (n) => `${n.label} ${formatValue(live.values[n.metric ?? ''], live.unitOf(n.metric ?? ''))}`,
    );
  return `Topology: ${flows.join('; ') || topology.nodes.map((n) => n.label).join(', ')}.${numbers.length > 0 ? ` Now: ${numbers.join(', ')}.` : ''}`;
}

export function TopologyView({ topology, metrics, values, flowing = false }: Props) {
  const { theme } = usePreferences();
  const signature = JSON.stringify(topology);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content: a new object with the same graph keeps its layout
  const layout = useMemo(() => layoutTopology(topology), [signature]);
  const compact = layout.placed.length > 24;
  const nodes = useMemo<(ItemNode | BoxNode)[]>(
    () =>
      layout.placed.map((p) => ({
        id: p.node.id,
        type: p.isGroup ? 'box' : 'item',
        position: { x: p.x, y: p.y },
        data: { node: p.node, compact: compact || p.parentId !== undefined },
        width: p.width,
        height: p.height,
        style: { width: p.width, height: p.height },
        draggable: false,
        selectable: false,
        connectable: false,
        ...(p.parentId === undefined ? {} : { parentId: p.parentId, extent: 'parent' as const }),
      })),
    [layout, compact],
  );
  const edges = useMemo<FlowEdgeType[]>(() => {
    const ids = new Set(topology.nodes.map((n) => n.id));
    return topology.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e, i) => ({
        id: `${e.from}->${e.to}#${i}`,
        source: e.from,
        target: e.to,
        type: 'flow',
        data: {
          ...(e.metric === undefined ? {} : { metric: e.metric }),
          ...(e.label === undefined ? {} : { label: e.label }),
        },
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        selectable: false,
        focusable: false,
      }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content, as above
  }, [signature]);
  const live = useMemo<LiveValues>(
    () => ({
      values: values ?? {},
      unitOf: (key) => unitForKey(metrics, key),
      live: values !== undefined,
      flowing,
    }),
    [values, metrics, flowing],
  );

  const [box, width] = useWidth<HTMLDivElement>();
  // As tall as the picture is once scaled to the width it has, within reason.
  const scale = width > 0 ? Math.min(MAX_ZOOM, (width - 24) / Math.max(1, layout.width)) : 1;
  const height = Math.round(Math.min(Math.max(layout.height * scale + 48, 180), 640));

  if (topology.nodes.length === 0) {
    return <p className="muted">This scenario draws no topology.</p>;
  }
  return (
    <LiveValuesContext.Provider value={live}>
      <div
        className="topology"
        ref={box}
        style={{ height }}
        role="img"
        aria-label={describe(topology, live)}
        data-nodes={topology.nodes.length}
      >
        <ReactFlow
          key={`${signature}:${height}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          colorMode={theme}
          fitView
          fitViewOptions={{ padding: 0.06, maxZoom: MAX_ZOOM }}
          minZoom={0.3}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          zoomOnScroll={false}
          zoomOnDoubleClick={false}
          preventScrolling={false}
          panOnDrag={false}
          proOptions={{ hideAttribution: true }}
        />
      </div>
    </LiveValuesContext.Provider>
  );
}
