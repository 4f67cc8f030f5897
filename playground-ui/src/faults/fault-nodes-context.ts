// Lets the topology's boxes offer node actions for the nodes they stand for (`faultNode`),
// through the same state and actions as the fault panel.
import { createContext, useContext } from 'react';
import type { FaultNodeView, NodeAction } from '../api/types';

export interface FaultNodes {
  nodes: ReadonlyMap<string, FaultNodeView>;
  busy: boolean;
  act(node: string, action: NodeAction): void;
}

export const FaultNodesContext = createContext<FaultNodes | undefined>(undefined);

export function useFaultNode(name: string | undefined) {
  const faults = useContext(FaultNodesContext);
  if (name === undefined || faults === undefined) return undefined;
  const node = faults.nodes.get(name);
  return node === undefined ? undefined : { node, faults };
}
