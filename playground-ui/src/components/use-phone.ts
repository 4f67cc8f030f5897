// True on a phone-sized screen (the layout's 760 px breakpoint), following rotation and resizes.
import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 760px)';

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}

export function usePhone(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
