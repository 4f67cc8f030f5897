// The run's narration, newest at the bottom; it follows new events unless the reader scrolled up.
import { useEffect, useRef } from 'react';
import type { RunEvent } from '../api/types';

export function EventLog({ events }: { events: RunEvent[] }) {
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [events]);
  return (
    <ol
      className="event-log"
      ref={list}
      role="log"
      aria-label="Event log"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {events.length === 0 && <li className="muted">No events yet.</li>}
      {events.map((event, i) => (
        <li key={`${event.t}-${i}`} className={event.level === 'warn' ? 'warn' : undefined}>
          <time>{(event.t / 1000).toFixed(1)}s</time>
          <span>{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
