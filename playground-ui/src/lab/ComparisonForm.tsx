// Choosing what to compare: a shipped workload (its description and fields shown) and the
// targets, each with how it maps the workload and what it cannot express; a target that cannot
// run the workload at all is greyed with the reason.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useResource } from '../api/use-resource';
import { labApi } from './lab-client';
import type { QueuedComparison, TargetId, TargetInfo, Workload } from './types';

const FIELDS: { key: keyof Workload; label: string }[] = [
  { key: 'messageSize', label: 'message size (B)' },
  { key: 'producerRate', label: 'producer rate (msg/s)' },
  { key: 'topics', label: 'topics' },
  { key: 'partitionsPerTopic', label: 'partitions per topic' },
  { key: 'producersPerTopic', label: 'producers per topic' },
  { key: 'subscriptionsPerTopic', label: 'subscriptions per topic' },
  { key: 'consumerPerSubscription', label: 'consumers per subscription' },
  { key: 'testDurationSeconds', label: 'duration (s)' },
  { key: 'warmupDurationSeconds', label: 'warm-up (s)' },
  { key: 'keyDistributor', label: 'keys' },
  { key: 'consumerProcessingMs', label: 'processing per message (ms)' },
  { key: 'backlog', label: 'backlog (produce first)' },
];

function fieldText(value: Workload[keyof Workload]): string {
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
  }
  return String(value);
}

function TargetOption({
  target,
  checked,
  onChange,
}: {
  target: TargetInfo;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const unsupported = target.plan?.unsupported;
  const disabled = !target.available || unsupported !== undefined;
  return (
    <li
      className={disabled ? 'lab-target disabled' : 'lab-target'}
      data-target={target.id}
      data-unsupported={unsupported === undefined ? undefined : 'true'}
    >
      <label>
        <input
          type="checkbox"
          name="target"
          value={target.id}
          checked={checked && !disabled}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        <strong>{target.title}</strong> <code className="muted small">{target.id}</code>
      </label>
      {!target.available && <p className="muted small">Not available on this server yet.</p>}
      {unsupported !== undefined && (
        <p className="lab-unsupported">Cannot run this: {unsupported}</p>
      )}
      {target.plan && target.plan.cannot.length > 0 && (
        <ul className="lab-cannot">
          {target.plan.cannot.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {target.plan && target.plan.mapping.length > 0 && (
        <details>
          <summary>Mapping</summary>
          <ul>
            {target.plan.mapping.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

export function ComparisonForm({ onQueued }: { onQueued: (queued: QueuedComparison) => void }) {
  const workloads = useResource('lab-workloads', labApi.workloads);
  const [name, setName] = useState<string | undefined>(undefined);
  const workload = workloads.data?.find((w) => w.name === name) ?? workloads.data?.[0];
  const targets = useResource(workload && `lab-targets:${workload.name}`, () =>
    labApi.targets(workload?.name ?? ''),
  );
  const [chosen, setChosen] = useState<Set<TargetId>>(new Set());
  const [duration, setDuration] = useState('');
  const [problem, setProblem] = useState<{ field?: string; message: string } | undefined>();
  const [busy, setBusy] = useState(false);

  const runnable = (targets.data ?? []).filter((t) => t.available && !t.plan?.unsupported);
  const selected = runnable.filter((t) => chosen.has(t.id)).map((t) => t.id);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!workload) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const queued = await labApi.start({
        workload: workload.name,
        targets: selected,
        ...(duration === '' ? {} : { durationSec: Number(duration) }),
      });
      onQueued(queued);
    } catch (error) {
      const body = error instanceof ApiError ? error.body : undefined;
      setProblem({
        ...(body?.field === undefined ? {} : { field: body.field }),
        message: (error as Error).message,
      });
    } finally {
      setBusy(false);
    }
  };

  if (workloads.error) {
    return (
      <p className="banner error" role="alert">
        Could not load the workloads: {workloads.error.message}
      </p>
    );
  }
  return (
    <form className="card lab-form" onSubmit={(e) => void submit(e)} data-testid="lab-form">
      <div className="lab-form-grid">
        <div>
          <label className="lab-field">
            Workload
            <select
              name="workload"
              value={workload?.name ?? ''}
              onChange={(e) => {
                setName(e.target.value);
                setProblem(undefined);
              }}
            >
              {(workloads.data ?? []).map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          {workload && (
            <>
              <p className="lab-description">{workload.description}</p>
              <dl className="lab-fields" data-testid="workload-fields">
                {FIELDS.map((f) => (
                  <div key={f.key}>
                    <dt>{f.label}</dt>
                    <dd>{fieldText(workload[f.key])}</dd>
                  </div>
                ))}
                <div>
                  <dt>durability</dt>
                  <dd>{fieldText(workload.durability)}</dd>
                </div>
              </dl>
            </>
          )}
          <label className="lab-field">
            Duration override (s)
            <input
              type="number"
              name="durationSec"
              min={1}
              max={600}
              placeholder={workload ? String(workload.testDurationSeconds) : ''}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
              aria-invalid={problem?.field === 'durationSec'}
            />
          </label>
        </div>
        <fieldset className="lab-targets" aria-invalid={problem?.field === 'targets'}>
          <legend>Targets</legend>
          {targets.error && <p className="error-text">{targets.error.message}</p>}
          <ul>
            {(targets.data ?? []).map((t) => (
              <TargetOption
                key={t.id}
                target={t}
                checked={chosen.has(t.id)}
                onChange={(on) =>
                  setChosen((s) => {
                    const next = new Set(s);
                    if (on) next.add(t.id);
                    else next.delete(t.id);
                    return next;
                  })
                }
              />
            ))}
          </ul>
        </fieldset>
      </div>
      {problem && (
        <p className="banner error" role="alert" data-field={problem.field}>
          {problem.message}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || !workload || selected.length === 0}
        >
          {busy ? 'Queueing…' : 'Start comparison'}
        </button>{' '}
        <span className="muted small">
          Targets run one after another, never two loads at once; a comparison started while another
          runs waits its turn.
        </span>
      </div>
    </form>
  );
}
