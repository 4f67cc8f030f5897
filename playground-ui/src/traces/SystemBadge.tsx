// The transport a span crossed, as a small mark and its name (the name reads without colour);
// compact in a waterfall row, where the mark alone stands and the name is its title.
import type { SpanSystem } from './traces-client';
import { SYSTEM_LABELS } from './waterfall';

const GLYPHS: Record<SpanSystem, string> = { http: '⇄', rabbitmq: '✉', kafka: '☰', redis: '◆' };

export function SystemBadge({
  system,
  compact = false,
}: {
  system: SpanSystem;
  compact?: boolean;
}) {
  const label = SYSTEM_LABELS[system];
  return (
    <span
      className={`system-badge ${system}${compact ? ' compact' : ''}`}
      data-system={system}
      title={label}
      {...(compact ? { role: 'img', 'aria-label': label } : {})}
    >
      <span className="system-glyph" aria-hidden="true">
        {GLYPHS[system]}
      </span>
      {!compact && label}
    </span>
  );
}
