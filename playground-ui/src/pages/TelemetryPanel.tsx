// What this UI reported about itself through Faro: the latest web vitals and front-end errors,
// as the server received them.
import { useEffect } from 'react';
import { api } from '../api/client';
import { useResource } from '../api/use-resource';
import { formatDateTime } from '../charts/format';

const VITAL_INFO: Record<string, { label: string; unit: string; good: string }> = {
  lcp: { label: 'Largest contentful paint', unit: 'ms', good: '≤ 2500 ms' },
  fcp: { label: 'First contentful paint', unit: 'ms', good: '≤ 1800 ms' },
  inp: { label: 'Interaction to next paint', unit: 'ms', good: '≤ 200 ms' },
  cls: { label: 'Cumulative layout shift', unit: '', good: '≤ 0.1' },
  ttfb: { label: 'Time to first byte', unit: 'ms', good: '≤ 800 ms' },
};

export function TelemetryPanel() {
  const telemetry = useResource('telemetry', api.telemetryLatest);
  const { reload } = telemetry;
  useEffect(() => {
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);
  const data = telemetry.data;
  return (
    <section aria-labelledby="telemetry-title" className="telemetry">
      <h2 id="telemetry-title">This UI, observed</h2>
      <p className="muted">
        The page reports its own web vitals and errors with Grafana Faro to{' '}
        <code>POST /api/telemetry</code>; the server counts them in <a href="/metrics">/metrics</a>{' '}
        (<code>playground_ui_telemetry_total</code>).
        {data && ` ${data.reports} reports since ${formatDateTime(data.since)}.`}
      </p>
      {telemetry.error && !data && (
        <p className="banner error">Could not read the telemetry: {telemetry.error.message}</p>
      )}
      {data && (
        <div className="telemetry-grid">
          <div className="card">
            <h3>Web vitals (latest)</h3>
            {data.vitals.length === 0 ? (
              <p className="muted">
                None reported yet: browsers report most of them when a page is hidden or after an
                interaction.
              </p>
            ) : (
              <table className="vitals">
                <tbody>
                  {data.vitals.map((v) => {
                    const info = VITAL_INFO[v.name];
                    return (
                      <tr key={v.name} data-vital={v.name}>
                        <th scope="row">
                          {info?.label ?? v.name}{' '}
                          <span className="muted">({v.name.toUpperCase()})</span>
                        </th>
                        <td className="num">
                          {info?.unit === 'ms' ? `${Math.round(v.value)} ms` : v.value.toFixed(3)}
                        </td>
                        <td>
                          <span className={`rating rating-${v.rating ?? 'unknown'}`}>
                            {v.rating ?? '–'}
                          </span>
                        </td>
                        <td className="muted small">good: {info?.good ?? '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            {data.measurements.map((m) => (
              <p key={m.type} className="small">
                <strong>{m.type}</strong>:{' '}
                {Object.entries(m.values)
                  .map(([k, v]) => `${k} ${Math.round(v * 100) / 100}`)
                  .join(', ')}
              </p>
            ))}
          </div>
          <div className="card">
            <h3>Front-end errors (latest {data.errors.length})</h3>
            {data.errors.length === 0 ? (
              <p className="muted">No errors reported.</p>
            ) : (
              <ul className="errors">
                {data.errors.map((e, i) => (
                  <li key={`${e.at}-${i}`}>
                    <strong>
                      {e.type}: {e.message}
                    </strong>
                    <p className="muted small">
                      {formatDateTime(e.at)}
                      {e.where && ` · ${e.where}`}
                      {e.page && ` · ${e.page}`}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            <p className="small muted">
              Counted:{' '}
              {Object.entries(data.counts)
                .map(([k, n]) => `${k} ${n}`)
                .join(', ') || 'nothing yet'}
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
