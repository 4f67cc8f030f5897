// The learner's own browser as one more client of the run's origin: it fetches the same
// resources, through the playground server (which passes the caching headers untouched), and
// Resource Timing says where each answer came from — the browser's HTTP cache, a 304
// revalidation, or the network. Shown only for http-caching runs.
import { VERDICT_LABELS } from './resource-timing';
import { useBrowserFetches } from './use-browser-fetches';
import type { BrowserFetch } from './use-browser-fetches';
import './http-cache.css';

function bytes(n: number | undefined): string {
  if (n === undefined) return '–';
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

function validators(etag: boolean, lastModified: boolean): string {
  if (etag && lastModified) return 'ETag, Last-Modified';
  if (etag) return 'ETag';
  if (lastModified) return 'Last-Modified';
  return 'none';
}

export function HttpCachePanel({ runId, live }: { runId: string; live: boolean }) {
  const { index, fetches, busy, fetchPaths, clear } = useBrowserFetches(runId, live);
  const resources = index.state === 'ready' ? index.resources : [];
  const usable = live && index.state === 'ready';

  return (
    <section
      className="card http-cache-card"
      aria-labelledby="http-cache-title"
      data-testid="http-cache-panel"
    >
      <div className="card-head">
        <h2 id="http-cache-title">Your browser’s cache</h2>
        <span className="muted small">
          this page fetches the run’s resources; Resource Timing says where each answer came from
        </span>
      </div>
      {index.state === 'loading' && <p className="muted small">Waiting for the run’s origin…</p>}
      {index.state === 'gone' && <p className="muted small">{index.message}</p>}
      {resources.length > 0 && (
        <table className="http-cache-resources">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Cache-Control</th>
              <th scope="col">Validators</th>
              <th scope="col" aria-label="Fetch" />
            </tr>
          </thead>
          <tbody>
            {resources.map((r) => (
              <tr key={r.path} data-resource={r.path}>
                <td>
                  <code>{r.path}</code>
                </td>
                <td>
                  <code>{r.cacheControl ?? '–'}</code>
                </td>
                <td>{validators(r.etag, r.lastModified)}</td>
                <td>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={!usable || busy}
                    onClick={() => void fetchPaths([r.path])}
                    aria-label={`Fetch ${r.path}`}
                  >
                    Fetch
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={!usable || busy}
          onClick={() => void fetchPaths(resources.map((r) => r.path))}
          data-testid="http-cache-fetch-all"
        >
          Fetch all
        </button>
        {fetches.length > 0 && (
          <button type="button" className="link-button" onClick={clear}>
            Clear
          </button>
        )}
      </div>
      {fetches.length > 0 && <FetchLog fetches={fetches} />}
    </section>
  );
}

function FetchLog({ fetches }: { fetches: BrowserFetch[] }) {
  return (
    <table className="http-cache-log" aria-label="Your browser's fetches, newest first">
      <thead>
        <tr>
          <th scope="col">Resource</th>
          <th scope="col">Answered</th>
          <th scope="col">Transferred</th>
          <th scope="col">Body</th>
          <th scope="col">Version</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {fetches.map((f) => (
          <tr
            key={f.id}
            data-path={f.path}
            data-verdict={f.verdict ?? 'unknown'}
            data-transfer-size={f.transferSize ?? ''}
          >
            <td>
              <code>{f.path}</code>
            </td>
            <td>
              <span className={`verdict ${f.verdict ?? 'unknown'}`}>
                {f.verdict === undefined
                  ? `${f.status}, no timing entry`
                  : VERDICT_LABELS[f.verdict]}
              </span>
            </td>
            <td>{bytes(f.transferSize)}</td>
            <td>{bytes(f.encodedBodySize)}</td>
            <td>{f.version ?? '–'}</td>
            <td>{f.durationMs.toFixed(1)} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
