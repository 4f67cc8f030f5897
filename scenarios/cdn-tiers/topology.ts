import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import type { CdnTiersParams } from './params.ts';

/** The shield is the run's first nginx (nginx-1); edge i is nginx-(i + 1). */
export const shieldNode = 'nginx-1';
export const edgeNode = (i: number): string => `nginx-${i + 1}`;

export function cdnTiersTopology(params: CdnTiersParams): Topology {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  for (let i = 1; i <= params.edges; i++) {
    nodes.push({
      id: `clients-${i}`,
      kind: 'client',
      label: `${params.clientsPerEdge} clients, ${i * params.distanceStepMs} ms away`,
    });
    nodes.push({ id: `edge-${i}`, kind: 'cache', label: `edge ${i}`, faultNode: edgeNode(i) });
    edges.push({
      from: `clients-${i}`,
      to: `edge-${i}`,
      metric: `requests.edge${i}.rate`,
      label: 'GET',
    });
    edges.push({ from: `edge-${i}`, to: 'shield', label: 'edge miss' });
  }
  nodes.push({
    id: 'shield',
    kind: 'cache',
    label: 'shield',
    metric: 'hitRatio.shield',
    faultNode: shieldNode,
  });
  nodes.push({
    id: 'origin',
    kind: 'origin',
    label: 'origin (node:http)',
    metric: 'originRequests.rate',
  });
  edges.push({ from: 'shield', to: 'origin', metric: 'originRequests.rate', label: 'shield miss' });
  return { nodes, edges };
}
