// Follow one request: the run's recent requests as its services traced them (OTLP, W3C trace
// context through HTTP headers and message headers), and for the one picked, its waterfall
// across gateway, services and brokers. Shown only for a run whose services export traces;
// mounted with the run id as its key, so another run starts with nothing picked.
import { useState } from 'react';
import { usePreferences } from '../prefs/preferences';
import { palette } from '../charts/palette';
import { useTraceDetail, useTraceList } from './use-traces';
import type { SpanSystem, TraceSummary } from './traces-client';
import { SYSTEM_LABELS, formatMs, serviceColor, sortServices, sortSystems } from './waterfall';
import { Waterfall } from './Waterfall';
import { SystemBadge } from './SystemBadge';
import './traces.css';

const FILTERS: SpanSystem[] = ['rabbitmq', 'kafka'];

export function FollowRequest({ runId, live }: { runId: string; live: boolean }) {
  const [crosses, setCrosses] = useState<SpanSystem[]>([]);
  const [picked, setPicked] = useState<string | undefined>();
  const list = useTraceList(runId, live, crosses);
  const traces = list.data?.traces ?? [];
  const pickedSummary = traces.find((t) => t.traceId === picked);
  const detail = useTraceDetail(runId, picked, pickedSummary?.spans);
  const { theme } = usePreferences();
  const colors = palette(theme);

  if (list.data === undefined || list.data.received === 0) return null;
  const services = [...new Set(traces.flatMap((t) => t.services))];
  const toggle = (system: SpanSystem, on: boolean): void =>
    setCrosses((c) => (on ? [...c, system] : c.filter((s) => s !== system)));

  return (
    <section
      className="card traces-card"
      aria-labelledby="traces-title"
      data-testid="follow-request"
    >
      <div className="card-head">
        <h2 id="traces-title">Follow one request</h2>
        <span className="muted small">
          {list.data.received.toLocaleString('en')} spans received
          {live ? ' · refreshed every 2 s' : ''}
        </span>
      </div>
      <div className="trace-filters" role="group" aria-label="Show only requests that cross">
        {FILTERS.map((system) => (
          <label key={system}>
            <input
              type="checkbox"
              name={`crosses-${system}`}
              checked={crosses.includes(system)}
              onChange={(e) => toggle(system, e.target.checked)}
            />{' '}
            crosses {SYSTEM_LABELS[system]}
          </label>
        ))}
        {list.error && (
          <span className="muted small" role="status">
            Could not refresh: {list.error}
          </span>
        )}
      </div>
      <div className="trace-layout">
        <ol
          className="trace-list"
          aria-label="Recent requests, newest first"
          aria-busy={list.stale}
        >
          {traces.length === 0 && (
            <li className="muted small">
              {crosses.length > 0 ? 'No request crossed that yet.' : 'No request yet.'}
            </li>
          )}
          {traces.map((t) => (
            <li key={t.traceId}>
              <TraceButton
                trace={t}
                picked={t.traceId === picked}
                onPick={() => setPicked(t.traceId === picked ? undefined : t.traceId)}
                color={(s) => serviceColor(s, services, colors)}
              />
            </li>
          ))}
        </ol>
        <div className="trace-detail">
          {picked === undefined ? (
            <p className="muted">Pick a request to see its waterfall: one row per span.</p>
          ) : detail.data !== undefined ? (
            <Waterfall spans={detail.data.spans} traceId={detail.data.traceId} colors={colors} />
          ) : detail.error !== undefined ? (
            <p className="banner error" role="alert">
              Could not read the trace: {detail.error}
            </p>
          ) : (
            <p className="muted" aria-busy="true">
              Reading the trace…
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

function TraceButton({
  trace,
  picked,
  onPick,
  color,
}: {
  trace: TraceSummary;
  picked: boolean;
  onPick(): void;
  color(service: string): string;
}) {
  return (
    <button
      type="button"
      className={`trace-item${trace.error ? ' error' : ''}`}
      aria-pressed={picked}
      onClick={onPick}
      data-trace-id={trace.traceId}
      data-systems={sortSystems(trace.systems).join(' ')}
    >
      <span className="trace-root">
        <span className="trace-name">{trace.root}</span>
        {trace.error && <span className="trace-error">error</span>}
        <span className="trace-duration">{formatMs(trace.durationMs)}</span>
      </span>
      <span className="trace-meta">
        <span
          className="trace-services"
          aria-label={`services: ${sortServices(trace.services).join(', ')}`}
        >
          {sortServices(trace.services).map((s) => (
            <span key={s} className="service-dot" style={{ background: color(s) }} title={s} />
          ))}
          <span className="muted small">
            {trace.spans} spans · {trace.services.length} services
          </span>
        </span>
        <span className="trace-systems">
          {sortSystems(trace.systems).map((s) => (
            <SystemBadge key={s} system={s} />
          ))}
        </span>
      </span>
    </button>
  );
}
