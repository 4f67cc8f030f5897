// The fault panel: while a run is live, a toxic for any of its links (the fault proxies between
// its clients and each broker node), links down and up, and actions on the nodes it started.
// Every fault applied shows up as a marker on the charts and a line in the event log.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { FaultLinkView, NodeAction, ToxicStream, ToxicType } from '../api/types';
import type { FaultsState } from './use-faults';
import { TOXIC_HELP, TOXIC_TYPES, attributeFields } from './toxic-presets';
import { NodeActions } from './NodeActions';

interface Props {
  runId: string;
  faults: FaultsState;
  /** Shown when the server asks for the trainer token. */
  tokenPrompt: React.ReactNode;
}

function toxicLabel(link: FaultLinkView, i: number): string {
  const t = link.toxics[i]!;
  const attrs = Object.entries(t.attributes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${t.type} ${t.stream}${attrs ? ` (${attrs})` : ''}${t.toxicity < 1 ? ` · ${Math.round(t.toxicity * 100)}%` : ''}`;
}

export function FaultPanel({ runId, faults, tokenPrompt }: Props) {
  const { view, busy, act } = faults;
  const links = useMemo(() => view?.links ?? [], [view]);
  const [link, setLink] = useState('');
  const [type, setType] = useState<ToxicType>('latency');
  const [stream, setStream] = useState<ToxicStream>('downstream');
  const fields = useMemo(() => attributeFields(type), [type]);
  const [attributes, setAttributes] = useState<Record<string, string>>({});
  useEffect(() => {
    setAttributes(Object.fromEntries(fields.map((f) => [f.name, String(f.start)])));
  }, [fields]);
  useEffect(() => {
    if (!links.some((l) => l.name === link) && links[0]) setLink(links[0].name);
  }, [links, link]);

  const numbers = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, Number(v)]));
  const invalid = Object.values(numbers).some((n) => !Number.isFinite(n) || n < 0);
  const apply = (): void =>
    void act(() =>
      api.addToxic(runId, { link, type, stream, attributes: numbers, name: `${type}_${stream}` }),
    );

  if (view === undefined) {
    return <p className="muted small">Reading the run’s links…</p>;
  }
  return (
    <div className="fault-panel" data-testid="fault-panel">
      {links.length > 0 ? (
        <form
          className="fault-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!invalid) apply();
          }}
        >
          <label>
            Link
            <select value={link} onChange={(e) => setLink(e.target.value)} name="fault-link">
              {links.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name} → {l.upstream}
                </option>
              ))}
            </select>
          </label>
          <label>
            Toxic
            <select
              value={type}
              onChange={(e) => setType(e.target.value as ToxicType)}
              name="fault-type"
            >
              {TOXIC_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Direction
            <select
              value={stream}
              onChange={(e) => setStream(e.target.value as ToxicStream)}
              name="fault-stream"
            >
              <option value="downstream">downstream (broker → client)</option>
              <option value="upstream">upstream (client → broker)</option>
            </select>
          </label>
          {fields.map((f) => (
            <label key={f.name}>
              {f.name}
              {f.unit && <span className="muted small"> ({f.unit})</span>}
              <input
                type="number"
                min={0}
                name={`fault-${f.name}`}
                value={attributes[f.name] ?? ''}
                onChange={(e) => setAttributes((a) => ({ ...a, [f.name]: e.target.value }))}
              />
            </label>
          ))}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy || invalid || link === ''}>
              Apply {type}
            </button>
            <span className="muted small">{TOXIC_HELP[type]}</span>
          </div>
        </form>
      ) : (
        <p className="muted small">This run has no links (it uses no shared broker).</p>
      )}

      {links.length > 0 && (
        <ul className="fault-links" aria-label="Links">
          {links.map((l) => (
            <li key={l.name} data-link={l.name}>
              <span className={`link-state ${l.enabled ? 'up' : 'down'}`}>
                {l.enabled ? 'up' : 'down'}
              </span>{' '}
              <strong>{l.name}</strong> <span className="muted small">{l.upstream}</span>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => void act(() => api.setLink(runId, l.name, !l.enabled))}
              >
                {l.enabled ? 'Take down' : 'Bring up'}
              </button>
              {l.toxics.length > 0 && (
                <ul className="fault-toxics">
                  {l.toxics.map((t, i) => (
                    <li key={t.name}>
                      {toxicLabel(l, i)}{' '}
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        aria-label={`Remove ${t.name} from ${l.name}`}
                        onClick={() => void act(() => api.removeToxic(runId, l.name, t.name))}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}

      {view.nodes.length > 0 && (
        <ul className="fault-nodes" aria-label="Nodes">
          {view.nodes.map((n) => (
            <li key={n.name} data-node={n.name}>
              <strong>{n.name}</strong> <span className={`node-state ${n.state}`}>{n.state}</span>{' '}
              <NodeActions
                node={n}
                busy={busy}
                onAct={(action: NodeAction) =>
                  void act(() => api.nodeAction(runId, n.name, action))
                }
              />
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => void act(() => api.clearFaults(runId))}
        >
          Clear every fault
        </button>
      </div>
      {faults.error && (
        <p className="banner error" role="alert">
          {faults.error}
        </p>
      )}
      {faults.needToken && tokenPrompt}
    </div>
  );
}
