// Every scenario as a card, grouped by broker or by concept, with search and filters. A scenario
// whose broker is down is greyed out with the reason and the fix.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { BROKERS } from '../api/types';
import type { BrokerName, RunView, ScenarioView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useRuns } from '../api/use-runs';
import { BROKER_LABEL, BrokerBadge, LevelBadge } from '../components/Badges';
import { InlineCode, splitReason } from '../components/InlineCode';
import { usePageTitle } from '../components/use-page-title';

type GroupBy = 'broker' | 'concept';
const LEVEL_ORDER = { beginner: 0, intermediate: 1, advanced: 2 };

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
  const runs = useRuns();
  const [search, setSearch] = useSearchParams();
  const [groupBy, setGroupBy] = useState<GroupBy>('broker');
  const query = search.get('q') ?? '';
  const broker = search.get('broker') ?? '';
  const tag = search.get('tag') ?? '';

  const setFilter = (name: string, value: string): void => {
    const next = new URLSearchParams(search);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setSearch(next, { replace: true });
  };

  const all = useMemo(() => scenarios.data ?? [], [scenarios.data]);
  const tags = useMemo(() => [...new Set(all.flatMap((s) => s.tags))].sort(), [all]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter(
      (s) =>
        (broker === '' || s.brokers.includes(broker as BrokerName)) &&
        (tag === '' || s.tags.includes(tag)) &&
        (q === '' ||
          [s.id, s.title, s.summary, ...s.tags].some((text) => text.toLowerCase().includes(q))),
    );
  }, [all, query, broker, tag]);
  const groups = useMemo(() => {
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
  }, [shown, groupBy]);
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
          <span>Tag</span>
          <select value={tag} onChange={(e) => setFilter('tag', e.target.value)}>
            <option value="">any</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          <span>Group by</span>
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
            <option value="broker">broker</option>
            <option value="concept">concept</option>
          </select>
        </label>
      </div>

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
            {groupTitle(key, groupBy)} <span className="count">{list.length}</span>
          </h2>
          <ul className="cards">
            {list.map((s) => (
              <li key={s.id}>
                <ScenarioCard scenario={s} />
              </li>
            ))}
          </ul>
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
      <p className="summary">{s.summary}</p>
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
