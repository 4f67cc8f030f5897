import type { TopologyNodeKind } from '../api/types';

const PATHS: Record<TopologyNodeKind, string> = {
  client: 'M3 4h18v12H3z M8 20h8 M12 16v4',
  producer: 'M3 12h13 M12 6l6 6-6 6 M20 5v14',
  consumer: 'M4 5v14 M8 12h12 M14 6l6 6-6 6',
  exchange: 'M3 12h6 M9 12l9-7 M9 12h9 M9 12l9 7',
  queue: 'M4 6h16 M4 10h16 M4 14h16 M4 18h10',
  topic: 'M5 3h14v18H5z M8 7h8 M8 11h8 M8 15h5',
  partition: 'M3 9h18v6H3z M8 9v6 M13 9v6',
  group:
    'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M2 20c1-4 11-4 12 0 M10 20c1-4 11-4 12 0',
  cache: 'M13 2L4 14h7l-1 8 9-12h-7z',
  origin: 'M5 6c0-3 14-3 14 0v12c0 3-14 3-14 0z M5 6c0 3 14 3 14 0 M5 12c0 3 14 3 14 0',
  limiter: 'M3 17a9 9 0 1 1 18 0 M12 17l5-6',
  broker: 'M4 4h16v5H4z M4 10h16v5H4z M4 16h16v4H4z M7 6.5h1 M7 12.5h1',
};

export function KindIcon({ kind }: { kind: TopologyNodeKind }) {
  return (
    <svg className="kind-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path
        d={PATHS[kind] ?? PATHS.client}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
