import { createContext, useContext } from 'react';

export interface LiveValues {
  values: Record<string, number>;
  unitOf(key: string): string;
  /** False before a run has produced a frame: nodes then show no number rather than a made-up 0. */
  live: boolean;
  /** The run is going: edges with a rate above zero animate. */
  flowing: boolean;
}

export const LiveValuesContext = createContext<LiveValues>({
  values: {},
  unitOf: () => '',
  live: false,
  flowing: false,
});

export function useLiveValues(): LiveValues {
  return useContext(LiveValuesContext);
}
