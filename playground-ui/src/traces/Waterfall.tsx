// One trace as a waterfall: a row per span, indented under its parent, its bar placed and sized
// to the trace's time scale and coloured by service; a row opens to show the span's attributes.
import { useMemo, useState } from 'react';
import type { TraceSpan } from './traces-client';
import { SYSTEM_LABELS, durationTicks, formatMs, layoutWaterfall, serviceColor } from './waterfall';
import type { WaterfallRow } from './waterfall';
import { SystemBadge } from './SystemBadge';

const INDENT_EM = 1.1;

export function Waterfall({
  spans,
  traceId,
  colors,
}: {
  spans: readonly TraceSpan[];
  traceId: string;
  colors: readonly string[];
}) {
  const layout = useMemo(() => layoutWaterfall(spans), [spans]);
  const ticks = useMemo(() => durationTicks(layout.durationMs, 5), [layout.durationMs]);
  const [open, setOpen] = useState<string | undefined>();
  const color = (service: string): string => serviceColor(service, layout.services, colors);
  const names = new Map(spans.map((s) => [s.spanId, `${s.service}: ${s.name}`]));

  return (
    <div className="waterfall" data-testid="waterfall" data-trace-id={traceId}>
      <div className="waterfall-head">
        <ul className="waterfall-legend" aria-label="Services">
          {layout.services.map((s) => (
            <li key={s}>
              <span className="service-dot" style={{ background: color(s) }} aria-hidden="true" />
              {s}
            </li>
          ))}
        </ul>
        <span className="muted small">
          {spans.length} spans · {formatMs(layout.durationMs)} · trace {traceId.slice(0, 8)}…
        </span>
      </div>
      <div className="waterfall-grid">
        <div className="waterfall-axis" aria-hidden="true">
          <span className="waterfall-label" />
          <span className="waterfall-track">
            {ticks.map((t) => (
              <span
                key={t}
                className="waterfall-tick"
                style={{ left: `${layout.durationMs > 0 ? (t / layout.durationMs) * 100 : 0}%` }}
              >
                {t === 0 ? '0' : formatMs(t)}
              </span>
            ))}
          </span>
          <span className="waterfall-duration" />
        </div>
        <ol className="waterfall-rows">
          {layout.rows.map((row) => (
            <SpanRow
              key={row.span.spanId}
              row={row}
              color={color(row.span.service)}
              parentName={
                row.span.parentSpanId === undefined ? undefined : names.get(row.span.parentSpanId)
              }
              expanded={open === row.span.spanId}
              onToggle={() => setOpen((o) => (o === row.span.spanId ? undefined : row.span.spanId))}
              traceStartMs={layout.startMs}
            />
          ))}
        </ol>
      </div>
    </div>
  );
}

function SpanRow({
  row,
  color,
  parentName,
  expanded,
  onToggle,
  traceStartMs,
}: {
  row: WaterfallRow;
  color: string;
  parentName: string | undefined;
  expanded: boolean;
  onToggle(): void;
  traceStartMs: number;
}) {
  const { span, depth, offset, width } = row;
  const attributesId = `span-attributes-${span.spanId}`;
  const where =
    parentName !== undefined ? `, under ${parentName}` : row.orphan ? ', parent not received' : '';
  return (
    <li
      className={`waterfall-row${span.status === 'error' ? ' error' : ''}`}
      data-span-id={span.spanId}
      data-parent-span-id={span.parentSpanId}
      data-service={span.service}
      data-system={span.system}
      data-depth={depth}
    >
      <button
        type="button"
        className="span-button"
        aria-expanded={expanded}
        aria-controls={expanded ? attributesId : undefined}
        aria-label={`${span.service}: ${span.name}, ${formatMs(span.durationMs)}${where}`}
        onClick={onToggle}
      >
        <span className="waterfall-label" style={{ paddingLeft: `${depth * INDENT_EM}em` }}>
          {depth > 0 && (
            <span className="span-elbow" aria-hidden="true">
              └
            </span>
          )}
          {span.system && <SystemBadge system={span.system} compact />}
          <span className="span-service" style={{ color }}>
            {span.instance ?? span.service}
          </span>
          <span className="span-name" title={span.name}>
            {span.name}
          </span>
        </span>
        <span className="waterfall-track">
          <span
            className="span-bar"
            style={{ left: `${offset * 100}%`, width: `${width * 100}%`, background: color }}
          />
        </span>
        <span className="waterfall-duration">{formatMs(span.durationMs)}</span>
      </button>
      {expanded && (
        <dl className="span-attributes" id={attributesId}>
          <dt>name</dt>
          <dd>
            <code>{span.name}</code>
          </dd>
          <dt>service</dt>
          <dd>
            {span.service}
            {span.instance && span.instance !== span.service ? ` (${span.instance})` : ''}
          </dd>
          <dt>kind</dt>
          <dd>
            {span.kind}
            {span.system ? ` · ${SYSTEM_LABELS[span.system]}` : ''}
          </dd>
          <dt>status</dt>
          <dd>{span.status}</dd>
          <dt>starts</dt>
          <dd>+{formatMs(span.startMs - traceStartMs)} into the trace</dd>
          <dt>span id</dt>
          <dd>
            <code>{span.spanId}</code>
            {span.parentSpanId && (
              <>
                {' '}
                under <code>{span.parentSpanId}</code>
                {row.orphan ? ' (not received)' : ''}
              </>
            )}
          </dd>
          {Object.entries(span.attributes)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, value]) => (
              <AttributeRow key={key} name={key} value={value} />
            ))}
        </dl>
      )}
    </li>
  );
}

function AttributeRow({ name, value }: { name: string; value: string | number | boolean }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <code>{String(value)}</code>
      </dd>
    </>
  );
}
