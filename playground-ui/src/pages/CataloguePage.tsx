// Every scenario as a card saying what you will see and how long it takes, grouped by broker, by
// concept or along a learning path, with search and filters (broker, level, path, tag) kept in the
// URL so a filtered catalogue is a link. A scenario whose broker is down is greyed out with the
// reason and the fix.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { BROKERS } from '../api/types';
import type { BrokerName, RunView, ScenarioView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { BROKER_LABEL, BrokerBadge, LevelBadge } from '../components/Badges';
import { InlineCode, splitReason } from '../components/InlineCode';
import { usePageTitle } from '../components/use-page-title';
import { workshopApi } from '../workshop/api';
import type { LearningPathView } from '../workshop/types';

type GroupBy = 'broker' | 'concept';
const LEVEL_ORDER = { beginner: 0, intermediate: 1, advanced: 2 };
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

function conceptOf(s: ScenarioView): string {
  const broker = new Set<string>([...BROKERS, ...s.brokers]);
  return s.tags.find((t) => !broker.has(t.toLowerCase())) ?? 'general';
}

function groupKey(s: ScenarioView, by: GroupBy): string {
  if (by === 'concept') return conceptOf(s);
  return s.brokers.length > 1 ? 'several brokers' : (s.brokers[0] ?? 'other');
}

function groupTitle(key: string, by: GroupBy): string {
  if (by === 'broker' && key in BROKER_LABEL) return BROKER_LABEL[key as BrokerName];
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export function CataloguePage() {
  usePageTitle('Scenarios');
  const scenarios = useResource('scenarios', api.scenarios);
  const paths = useResource('paths', workshopApi.paths);
  const runs = useRuns();
  const [search, setSearch] = useSearchParams();
  const groupBy: GroupBy = search.get('group') === 'concept' ? 'concept' : 'broker';
  const query = search.get('q') ?? '';
  const broker = search.get('broker') ?? '';
  const level = search.get('level') ?? '';
  const pathId = search.get('path') ?? '';
  const tag = search.get('tag') ?? '';
  const path = paths.data?.find((p) => p.id === pathId);

  const setFilter = (name: string, value: string): void => {
    const next = new URLSearchParams(search);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setSearch(next, { replace: true });
  };

  const all = useMemo(() => scenarios.data ?? [], [scenarios.data]);
  // Most used first: at sixty scenarios the long tail of one-off tags is at the bottom.
  const tags = useMemo(() => {
    const count = new Map<string, number>();
    for (const t of all.flatMap((s) => s.tags)) count.set(t, (count.get(t) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [all]);
  const shown = useMemo(() => {
    // Every word must match somewhere, so "kafka lag" narrows rather than widens.
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter(
      (s) =>
        (broker === '' || s.brokers.includes(broker as BrokerName)) &&
        (level === '' || s.level === level) &&
        (tag === '' || s.tags.includes(tag)) &&
        (pathId === '' || path === undefined || path.scenarios.includes(s.id)) &&
        words.every((w) =>
          [s.id, s.title, s.summary, s.watch ?? '', ...s.tags].some((text) =>
            text.toLowerCase().includes(w),
          ),
        ),
    );
  }, [all, query, broker, level, tag, pathId, path]);
  const groups = useMemo(() => {
    // A path is read in its own order, one numbered list.
    if (path !== undefined) {
      const inPath = path.scenarios
        .map((id) => shown.find((s) => s.id === id))
        .filter((s): s is ScenarioView => s !== undefined);
      return [{ key: path.id, list: inPath }];
    }
    const map = new Map<string, ScenarioView[]>();
    for (const s of shown) {
      const key = groupKey(s, groupBy);
      map.set(key, [...(map.get(key) ?? []), s]);
    }
    const order = (key: string): number =>
      groupBy === 'broker' ? BROKERS.indexOf(key as BrokerName) + 1 || 99 : 0;
    return [...map.entries()]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([key, list]) => ({
        key,
        list: list.sort(
          (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.title.localeCompare(b.title),
        ),
      }));
  }, [shown, groupBy, path]);
  const filtered = [query, broker, level, pathId, tag].some((v) => v !== '');
  const live = (runs.data ?? []).filter((r) => r.state === 'running');

  return (
    <div className="page catalogue">
      <header className="page-head">
        <h1>Scenarios</h1>
        <p className="lead">
          Each scenario runs a small, scripted workload against live Redis, RabbitMQ or Kafka and
          draws what happens. Open one, read the lesson beside it, press <strong>Start</strong>, and
          turn the knobs while it runs.
        </p>
      </header>
      {live.length > 0 && <LiveRuns runs={live} scenarios={all} />}
      {paths.data && (
        <PathList
          paths={paths.data}
          scenarios={all}
          selected={pathId}
          onSelect={(id) => setFilter('path', id === pathId ? '' : id)}
        />
      )}
      <div className="filters" role="search">
        <label className="search">
          <span className="visually-hidden">Search scenarios</span>
          <input
            type="search"
            placeholder="Search scenarios, e.g. lag, ttl, fanout"
            value={query}
            onChange={(e) => setFilter('q', e.target.value)}
          />
        </label>
        <div className="chips" role="group" aria-label="Filter by broker">
          <button
            type="button"
            className="chip"
            aria-pressed={broker === ''}
            onClick={() => setFilter('broker', '')}
          >
            All brokers
          </button>
          {BROKERS.map((b) => (
            <button
              key={b}
              type="button"
              className={`chip chip-${b}`}
              aria-pressed={broker === b}
              onClick={() => setFilter('broker', broker === b ? '' : b)}
            >
              {BROKER_LABEL[b]}
            </button>
          ))}
        </div>
        <label className="select">
          <span>Level</span>
          <select value={level} onChange={(e) => setFilter('level', e.target.value)}>
            <option value="">any</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          <span>Path</span>
          <select value={pathId} onChange={(e) => setFilter('path', e.target.value)}>
            <option value="">any</option>
            {paths.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          <span>Tag</span>
          <select value={tag} onChange={(e) => setFilter('tag', e.target.value)}>
            <option value="">any</option>
            {tags.map(([t, n]) => (
              <option key={t} value={t}>
                {t} ({n})
              </option>
            ))}
          </select>
        </label>
        {path === undefined && (
          <label className="select">
            <span>Group by</span>
            <select
              value={groupBy}
              onChange={(e) =>
                setFilter('group', e.target.value === 'broker' ? '' : e.target.value)
              }
            >
              <option value="broker">broker</option>
              <option value="concept">concept</option>
            </select>
          </label>
        )}
      </div>
      {scenarios.data && (
        <p className="muted small result-count" aria-live="polite">
          {filtered ? `${shown.length} of ${all.length} scenarios` : `${all.length} scenarios`}
          {filtered && (
            <>
              {' · '}
              <button
                type="button"
                className="link-button"
                onClick={() => setSearch(new URLSearchParams(), { replace: true })}
              >
                Clear the filters
              </button>
            </>
          )}
        </p>
      )}

      {scenarios.error && !scenarios.data && (
        <p className="banner error" role="alert">
          Could not load the scenarios: {scenarios.error.message}
        </p>
      )}
      {scenarios.loading && !scenarios.error && (
        <div className="skeleton-grid" aria-busy="true" aria-label="Loading scenarios" />
      )}
      {scenarios.data && shown.length === 0 && (
        <p className="muted">
          No scenario matches.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setSearch(new URLSearchParams(), { replace: true })}
          >
            Clear the filters
          </button>
        </p>
      )}
      {groups.map(({ key, list }) => (
        <section key={key} className="scenario-group" aria-labelledby={`group-${key}`}>
          <h2 id={`group-${key}`}>
            {path?.id === key ? path.title : groupTitle(key, groupBy)}{' '}
            <span className="count">{list.length}</span>
          </h2>
          {path?.id === key && <p className="muted">{path.goal}</p>}
          {path?.id === key && list.length === 0 && (
            <p className="muted">No scenario on this path yet: it is coming.</p>
          )}
          {path?.id === key ? (
            <ol className="cards path-cards">
              {list.map((s) => (
                <li key={s.id}>
                  <ScenarioCard scenario={s} />
                </li>
              ))}
            </ol>
          ) : (
            <ul className="cards">
              {list.map((s) => (
                <li key={s.id}>
                  <ScenarioCard scenario={s} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

function ScenarioCard({ scenario: s }: { scenario: ScenarioView }) {
  const reason = s.unavailableReason ? splitReason(s.unavailableReason) : undefined;
  return (
    <article
      className={s.available ? 'scenario-card' : 'scenario-card unavailable'}
      data-scenario={s.id}
      data-available={s.available}
    >
      <div className="card-top">
        <LevelBadge level={s.level} />
        {s.brokers.map((b) => (
          <BrokerBadge key={b} broker={b} />
        ))}
      </div>
      <h3>
        <Link to={`/scenarios/${s.id}`} className="stretched">
          {s.title}
        </Link>
      </h3>
      {s.watch && (
        <p className="watch">
          <span className="watch-label">You will see</span> {s.watch}
        </p>
      )}
      <p className="summary">{s.summary}</p>
      {s.minutes !== undefined && (
        <p className="minutes muted small">
          <span aria-hidden="true">◷</span> about {s.minutes} min
        </p>
      )}
      <ul className="tags" aria-label="Tags">
        {s.tags.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      {reason && (
        <div className="unavailable-reason">
          <strong>Unavailable:</strong> <InlineCode text={reason.problem} />
          {reason.fix && (
            <p className="fix">
              Fix: <InlineCode text={reason.fix} />
            </p>
          )}
        </div>
      )}
    </article>
  );
}

function LiveRuns({ runs, scenarios }: { runs: RunView[]; scenarios: ScenarioView[] }) {
  return (
    <aside className="live-strip" aria-label="Runs going now">
      <span className="pulse" aria-hidden="true" />
      <span>Live now:</span>
      {runs.map((r) => (
        <Link key={r.id} to={`/scenarios/${r.scenario}?run=${r.id}`}>
          {scenarios.find((s) => s.id === r.scenario)?.title ?? r.scenario}
        </Link>
      ))}
    </aside>
  );
}

function PathList({
  paths,
  scenarios,
  selected,
  onSelect,
}: {
  paths: LearningPathView[];
  scenarios: ScenarioView[];
  selected: string;
  onSelect(id: string): void;
}) {
  return (
    <nav className="paths" aria-label="Learning paths">
      <h2 className="visually-hidden">Learning paths</h2>
      <ul>
        {paths.map((p) => {
          const minutes = p.scenarios.reduce(
            (sum, id) => sum + (scenarios.find((s) => s.id === id)?.minutes ?? 0),
            0,
          );
          return (
            <li key={p.id}>
              <button
                type="button"
                className="path-chip"
                aria-pressed={selected === p.id}
                onClick={() => onSelect(p.id)}
                data-path={p.id}
              >
                <strong>{p.title}</strong>
                <span className="muted small">
                  {p.scenarios.length === 0
                    ? 'coming'
                    : `${p.scenarios.length} scenario${p.scenarios.length === 1 ? '' : 's'}${minutes > 0 ? ` · ${minutes} min` : ''}`}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
