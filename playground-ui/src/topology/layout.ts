// Places a scenario's topology left to right: sources (clients, producers) first, each node one
// column after the furthest node that feeds it; partitions and group members sit inside their
// parent's box. Small graphs only (tens of nodes), so a layered layout by hand is enough.
import type { Topology, TopologyNode } from '../api/types';

export const LEAF = { width: 164, height: 68 };
const CHILD = { width: 132, height: 50 };
const FAULT_BAR_HEIGHT = 30;
const MIN_GAP_X = 110;
const GAP_Y = 22;
const PAD = { top: 52, side: 12, bottom: 12, between: 8 };
const MIN_BOX_WIDTH = 210;

export interface PlacedNode {
  node: TopologyNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Set for a node drawn inside its parent; x and y are then relative to the parent. */
  parentId?: string;
  isGroup: boolean;
}

export interface Layout {
  placed: PlacedNode[];
  width: number;
  height: number;
}

const SOURCE_KINDS = new Set(['client', 'producer']);

export function layoutTopology(topology: Topology): Layout {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const topOf = (id: string): string => {
    let current = byId.get(id);
    for (
      let guard = 0;
      current?.parent !== undefined && byId.has(current.parent) && guard < 10;
      guard++
    ) {
      current = byId.get(current.parent);
    }
    return current?.id ?? id;
  };
  // One level of nesting is drawn: a member of a member sits in the outermost box.
  const children = new Map<string, TopologyNode[]>();
  for (const node of topology.nodes) {
    const top = topOf(node.id);
    if (top !== node.id) {
      const list = children.get(top) ?? [];
      list.push(node);
      children.set(top, list);
    }
  }
  const tops = topology.nodes.filter((n) => topOf(n.id) === n.id);

  // Longest-path layering over the edges between top-level boxes (bounded: cycles stop growing).
  const links = topology.edges
    .map((e) => [topOf(e.from), topOf(e.to)] as const)
    .filter(([a, b]) => a !== b && byId.has(a) && byId.has(b));
  const layer = new Map<string, number>(tops.map((n) => [n.id, 0]));
  for (let pass = 0; pass < tops.length; pass++) {
    let changed = false;
    for (const [a, b] of links) {
      const next = (layer.get(a) ?? 0) + 1;
      if ((layer.get(b) ?? 0) < next && next < tops.length) {
        layer.set(b, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // A node nothing feeds that is not a source goes one column in, beside what it talks to.
  const fed = new Set(links.map(([, b]) => b));
  for (const node of tops) {
    if (!fed.has(node.id) && !SOURCE_KINDS.has(node.kind) && links.some(([a]) => a === node.id)) {
      const targets = links.filter(([a]) => a === node.id).map(([, b]) => layer.get(b) ?? 1);
      layer.set(node.id, Math.max(0, Math.min(...targets) - 1));
    }
  }

  const size = (node: TopologyNode): { width: number; height: number } => {
    const kids = children.get(node.id);
    // A long name ("Sliding window counter") widens its box rather than being cut.
    if (kids === undefined) {
      return {
        width: Math.max(LEAF.width, Math.min(280, node.label.length * 7.6 + 40)),
        // A node the run started carries its state and actions under its name.
        height: LEAF.height + (node.faultNode === undefined ? 0 : FAULT_BAR_HEIGHT),
      };
    }
    const cols = kids.length > 16 ? 3 : kids.length > 6 ? 2 : 1;
    const rows = Math.ceil(kids.length / cols);
    return {
      width: Math.max(MIN_BOX_WIDTH, PAD.side * 2 + cols * CHILD.width + (cols - 1) * PAD.between),
      height: PAD.top + rows * CHILD.height + (rows - 1) * PAD.between + PAD.bottom,
    };
  };

  const columns: TopologyNode[][] = [];
  for (const node of tops) {
    const l = layer.get(node.id) ?? 0;
    (columns[l] ??= []).push(node);
  }
  // Order each column by where its feeders sit, so edges cross less.
  const rank = new Map<string, number>();
  columns.forEach((column, l) => {
    if (l > 0) {
      const score = (n: TopologyNode): number => {
        const from = links.filter(([, b]) => b === n.id).map(([a]) => rank.get(a) ?? 0);
        return from.length === 0
          ? Number.MAX_SAFE_INTEGER
          : from.reduce((s, r) => s + r, 0) / from.length;
      };
      column.sort((a, b) => score(a) - score(b));
    }
    column.forEach((n, i) => rank.set(n.id, i));
  });

  // Room between columns for the longest edge label ("SELECT, SET · 60.2 reads/s").
  const longest = Math.max(
    0,
    ...topology.edges.map((e) => (e.label?.length ?? 0) + (e.metric ? 14 : 0)),
  );
  const GAP_X = Math.min(260, Math.max(MIN_GAP_X, longest * 6.6 + 36));

  const placed: PlacedNode[] = [];
  const heights = columns.map((column) =>
    column.reduce((h, n, i) => h + size(n).height + (i > 0 ? GAP_Y : 0), 0),
  );
  const tallest = Math.max(0, ...heights);
  let x = 0;
  columns.forEach((column, l) => {
    if (column === undefined) return;
    const width = Math.max(...column.map((n) => size(n).width));
    let y = (tallest - (heights[l] ?? 0)) / 2;
    for (const node of column) {
      const s = size(node);
      const kids = children.get(node.id);
      placed.push({
        node,
        x: x + (width - s.width) / 2,
        y,
        width: s.width,
        height: s.height,
        isGroup: kids !== undefined,
      });
      if (kids !== undefined) {
        const cols = kids.length > 16 ? 3 : kids.length > 6 ? 2 : 1;
        kids.forEach((kid, i) => {
          placed.push({
            node: kid,
            parentId: node.id,
            x:
              (s.width - (cols * CHILD.width + (cols - 1) * PAD.between)) / 2 +
              (i % cols) * (CHILD.width + PAD.between),
            y: PAD.top + Math.floor(i / cols) * (CHILD.height + PAD.between),
            width: CHILD.width,
            height: CHILD.height,
            isGroup: false,
          });
        });
      }
      y += s.height + GAP_Y;
    }
    x += width + GAP_X;
  });
  return { placed, width: Math.max(0, x - GAP_X), height: tallest };
}
