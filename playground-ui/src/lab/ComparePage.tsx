// The comparison lab: choose a workload and targets, watch each target run (one at a time), then
// read the results side by side and against earlier comparisons. The open comparison and the
// ones it is compared against are in the URL (?id=…&vs=a,b), so a view can be shared.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import { usePageTitle } from '../components/use-page-title';
import { ComparisonForm } from './ComparisonForm';
import { ComparisonView } from './ComparisonView';
import { labApi } from './lab-client';
import { LiveRun } from './LiveRun';
import { SavedComparisons } from './SavedComparisons';
import { useLabStream } from './use-lab-stream';

export function ComparePage() {
  usePageTitle('Compare');
  const stream = useLabStream();
  const [search, setSearch] = useSearchParams();
  const [problem, setProblem] = useState<string | undefined>();
  // One key, reloaded: the list stays on screen while it is read again.
  const saved = useResource('lab-saved', labApi.comparisons);
  const { reload } = saved;
  const doneId = stream.lastDone?.id;
  useEffect(() => {
    if (doneId !== undefined) reload();
  }, [doneId, reload]);
  const list = saved.data ?? [];
  const open = search.get('id') ?? list[0]?.id;
  const against = (search.get('vs') ?? '').split(',').filter((id) => id !== '' && id !== open);
  const summary = list.find((c) => c.id === open);
  const earlier = against.flatMap((id) => list.filter((c) => c.id === id));

  const setAgainst = (ids: string[]): void => {
    const next = new URLSearchParams(search);
    if (open !== undefined) next.set('id', open);
    if (ids.length === 0) next.delete('vs');
    else next.set('vs', ids.join(','));
    setSearch(next, { replace: true });
  };

  const remove = async (id: string): Promise<void> => {
    if (!window.confirm(`Delete comparison ${id} for good?`)) return;
    setProblem(undefined);
    try {
      await labApi.remove(id);
      if (search.get('id') === id) setSearch(new URLSearchParams(), { replace: true });
    } catch (error) {
      setProblem(`Could not delete comparison ${id}: ${(error as Error).message}`);
    }
    reload();
  };

  return (
    <div className="page lab-page">
      <header className="page-head">
        <h1>Compare brokers</h1>
        <p className="lead">
          The same workload on Kafka, RabbitMQ and Redis, one target after another, measured from
          each message&apos;s intended send time so a stalled producer cannot hide its latency. Each
          target says how it mapped the workload and what it could not express.
        </p>
      </header>
      <ComparisonForm onQueued={() => setSearch(new URLSearchParams(), { replace: true })} />
      <LiveRun stream={stream} />
      {problem && (
        <p className="banner error" role="alert">
          {problem}
        </p>
      )}
      {open !== undefined && <ComparisonView id={open} summary={summary} earlier={earlier} />}
      <section className="lab-saved" aria-labelledby="lab-saved-title">
        <h2 id="lab-saved-title">Saved comparisons</h2>
        {saved.error && (
          <p className="banner error" role="alert">
            Could not load the saved comparisons: {saved.error.message}
          </p>
        )}
        <SavedComparisons
          list={list}
          open={open}
          against={against}
          onAgainst={setAgainst}
          onDelete={(id) => void remove(id)}
        />
      </section>
    </div>
  );
}
