// Live params while a run goes: a slider and a number box per live field. Changes are sent
// (PATCH /api/runs/:id/params) after a short pause in the movement, and the run's own params,
// as the server reports them back, show that the change took.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { ParamField } from './fields';
import { check } from './fields';
import { fromSlider, keyStep, SLIDER_STEPS, toSlider } from './slider-scale';

const DEBOUNCE_MS = 250;

interface Props {
  runId: string;
  fields: ParamField[];
  /** The run's current params, as the server last reported them. */
  params: Record<string, unknown>;
  disabled: boolean;
  onApplied(name: string, value: unknown): void;
}

export function LiveControls({ runId, fields, params, disabled, onApplied }: Props) {
  const live = fields.filter((f) => f.live);
  if (live.length === 0) {
    return <p className="muted">This scenario has no params that change while it runs.</p>;
  }
  return (
    <div className="live-controls" aria-label="Live params">
      {live.map((field) => (
        <LiveField
          key={field.name}
          runId={runId}
          field={field}
          serverValue={params[field.name]}
          disabled={disabled}
          onApplied={onApplied}
        />
      ))}
    </div>
  );
}

interface FieldProps {
  runId: string;
  field: ParamField;
  serverValue: unknown;
  disabled: boolean;
  onApplied(name: string, value: unknown): void;
}

function LiveField({ runId, field, serverValue, disabled, onApplied }: FieldProps) {
  const [text, setText] = useState(String(serverValue ?? ''));
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const editing = useRef(false);
  const id = `live-${field.name}`;

  // Follow the server's value (another viewer, or our own change coming back) unless mid-edit.
  useEffect(() => {
    if (!editing.current) setText(String(serverValue ?? ''));
  }, [serverValue]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const send = (value: unknown): void => {
    clearTimeout(timer.current);
    setPending(true);
    timer.current = setTimeout(() => {
      api.changeParams(runId, { [field.name]: value }).then(
        (view) => {
          editing.current = false;
          setPending(false);
          setError(undefined);
          onApplied(field.name, view.params[field.name]);
        },
        (e: unknown) => {
          editing.current = false;
          setPending(false);
          const body = e instanceof ApiError ? e.body : undefined;
          setError(
            body?.errors?.find((x) => x.field === `params.${field.name}`)?.message ??
              (e as Error).message,
          );
        },
      );
    }, DEBOUNCE_MS);
  };

  const change = (next: string): void => {
    editing.current = true;
    setText(next);
    const checked = check(field, next);
    if (!checked.ok) {
      clearTimeout(timer.current);
      setPending(false);
      setError(checked.error);
      return;
    }
    setError(undefined);
    send(checked.value);
  };

  const numeric = Number(text);
  const applied = !pending && error === undefined && String(serverValue) === text;
  return (
    <div className={error ? 'live-field invalid' : 'live-field'} data-field={field.name}>
      <div className="field-head">
        <label htmlFor={id} className="field-label">
          {field.label}
        </label>
        <span
          className={`apply-state ${pending ? 'pending' : applied ? 'applied' : ''}`}
          aria-live="polite"
        >
          {pending ? 'sending…' : applied ? 'applied' : ''}
        </span>
      </div>
      <div className="live-row">
        <input
          id={id}
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={toSlider(field, Number.isFinite(numeric) ? numeric : Number(serverValue))}
          disabled={disabled}
          aria-valuetext={`${text} ${field.unit ?? ''}`.trim()}
          aria-describedby={`${id}-hint`}
          onChange={(e) => change(String(fromSlider(field, Number(e.target.value))))}
          onKeyDown={(e) => {
            const current = Number.isFinite(numeric) ? numeric : Number(serverValue);
            const next = keyStep(field, current, e.key);
            if (next === undefined) return;
            e.preventDefault();
            if (next !== current) change(String(next));
          }}
        />
        <div className="input-with-unit small">
          <input
            type="number"
            aria-label={`${field.label}${field.unit ? ` (${field.unit})` : ''}`}
            name={field.name}
            min={field.min}
            max={field.max}
            step={field.kind === 'integer' ? 1 : 'any'}
            value={text}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            onChange={(e) => change(e.target.value)}
          />
          {field.unit && <span className="unit">{field.unit}</span>}
        </div>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {field.description}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
