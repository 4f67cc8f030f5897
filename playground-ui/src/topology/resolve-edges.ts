// Edges whose endpoint names a gauge in braces ('consumer-{owner.p3}') follow the run: the edge
// goes to the node the gauge reads now (consumer-2 while it reads 2), and is not drawn while the
// gauge reads a node that does not exist (0: no owner) or before the run has measured it.
import type { TopologyEdge } from '../api/types';

const GAUGE = /\{([^}]+)\}/g;

export interface ResolvedEdge extends TopologyEdge {
  /** The endpoint came from a gauge: drawn as an assignment, not as a flow. */
  assigned: boolean;
}

function resolve(id: string, values: Record<string, number> | undefined): string | undefined {
  if (!id.includes('{')) return id;
  let missing = false;
  const out = id.replace(GAUGE, (_, key: string) => {
    const value = values?.[key];
    if (value === undefined || !Number.isFinite(value)) missing = true;
    return String(Math.round(value ?? 0));
  });
  return missing ? undefined : out;
}

export function resolveEdges(
  edges: TopologyEdge[],
  ids: ReadonlySet<string>,
  values: Record<string, number> | undefined,
): ResolvedEdge[] {
  const out: ResolvedEdge[] = [];
  for (const edge of edges) {
    const from = resolve(edge.from, values);
    const to = resolve(edge.to, values);
    if (from === undefined || to === undefined || !ids.has(from) || !ids.has(to)) continue;
    out.push({ ...edge, from, to, assigned: from !== edge.from || to !== edge.to });
  }
  return out;
}
