// The picture of what a run built, drawn with @xyflow/react, with live numbers on nodes and edges.
import { useMemo } from 'react';
import { Controls, MarkerType, ReactFlow } from '@xyflow/react';
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
import type { FlowEdgeData, FlowEdgeType } from './FlowEdge';
import { resolveEdges } from './resolve-edges';

const MAX_ZOOM = 1.2;
/** Below this the labels are smaller than about 9 px. */
const MIN_READABLE = 0.7;

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
  const resolved = resolveEdges(topology.edges, new Set(topology.nodes.map((n) => n.id)), values);
  const edgeSignature = resolved.map((e) => `${e.from}>${e.to}`).join(',');
  const edges = useMemo<FlowEdgeType[]>(() => {
    // Where each node sits on the page (a child's x is relative to its box), to turn an edge that
    // points back to the left out of the nodes' left and into their right.
    const at = new Map<string, number>();
    for (const p of layout.placed) at.set(p.node.id, p.x + (at.get(p.parentId ?? '') ?? 0));
    const fanIn = new Map<string, number>();
    const fanOut = new Map<string, number>();
    for (const e of resolved) {
      fanIn.set(e.to, (fanIn.get(e.to) ?? 0) + 1);
      fanOut.set(e.from, (fanOut.get(e.from) ?? 0) + 1);
    }
    return resolved.map((e, i) => {
      const backwards = (at.get(e.from) ?? 0) > (at.get(e.to) ?? 0);
      // Several edges into one node meet at its handle, and their midpoints sit between rows:
      // their labels go at the end each edge has to itself.
      const labelAt: FlowEdgeData['labelAt'] =
        (fanIn.get(e.to) ?? 0) > 2 ? 'source' : (fanOut.get(e.from) ?? 0) > 2 ? 'target' : 'middle';
      return {
        id: `${e.from}->${e.to}#${i}`,
        source: e.from,
        target: e.to,
        ...(backwards ? { sourceHandle: 'west', targetHandle: 'east' } : {}),
        type: 'flow',
        data: {
          ...(e.metric === undefined ? {} : { metric: e.metric }),
          ...(e.label === undefined ? {} : { label: e.label }),
          labelAt,
          assigned: e.assigned,
        },
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        selectable: false,
        focusable: false,
      };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content, as above
  }, [signature, edgeSignature, layout]);
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
  // On a phone the whole picture would shrink to unreadable text: it keeps a readable scale
  // instead, and can be panned and pinch-zoomed (or zoomed with the buttons).
  const fitScale = width > 0 ? Math.min(MAX_ZOOM, (width - 24) / Math.max(1, layout.width)) : 1;
  const pannable = fitScale < MIN_READABLE;
  const scale = Math.max(fitScale, pannable ? MIN_READABLE : 0);
  // As tall as the picture is once scaled to the width it has, within reason.
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
          fitViewOptions={{
            padding: 0.06,
            maxZoom: MAX_ZOOM,
            ...(pannable ? { minZoom: MIN_READABLE } : {}),
          }}
          minZoom={0.3}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          zoomOnScroll={false}
          zoomOnDoubleClick={false}
          zoomOnPinch={pannable}
          preventScrolling={false}
          panOnDrag={pannable}
          proOptions={{ hideAttribution: true }}
        >
          {pannable && <Controls showInteractive={false} position="bottom-right" />}
        </ReactFlow>
      </div>
      {pannable && (
        <p className="muted small topology-hint">
          Drag to move the picture; pinch or use + and − to zoom.
        </p>
      )}
    </LiveValuesContext.Provider>
  );
}
