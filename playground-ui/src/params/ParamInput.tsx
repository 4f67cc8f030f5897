// One param as a form control: number box, segmented choice, or checkbox, with its unit, bounds,
// description and error wired to it for screen readers.
import type { ParamField, RawValue } from './fields';
import { bounds } from './fields';

interface Props {
  field: ParamField;
  value: RawValue;
  error: string | undefined;
  disabled?: boolean;
  onChange(value: RawValue): void;
  idPrefix?: string;
}

export function ParamInput({ field, value, error, disabled, onChange, idPrefix = 'param' }: Props) {
  const id = `${idPrefix}-${field.name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(' ');
  const range = bounds(field);

  let control;
  if (field.kind === 'boolean') {
    control = (
      <label className="checkbox">
        <input
          id={id}
          name={field.name}
          type="checkbox"
          checked={value === true}
          disabled={disabled}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{value === true ? 'on' : 'off'}</span>
      </label>
    );
  } else if (field.kind === 'choice') {
    control = (
      <div
        className="segmented"
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-describedby={describedBy}
        id={id}
      >
        {field.choices?.map((choice) => (
          <label key={choice} className={value === choice ? 'selected' : undefined}>
            <input
              type="radio"
              name={field.name}
              value={choice}
              checked={value === choice}
              disabled={disabled}
              onChange={() => onChange(choice)}
            />
            <span>{choice}</span>
          </label>
        ))}
      </div>
    );
  } else {
    const numeric = field.kind === 'integer' || field.kind === 'number';
    control = (
      <div className="input-with-unit">
        <input
          id={id}
          name={field.name}
          type={numeric ? 'number' : 'text'}
          inputMode={field.kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.min}
          max={field.max}
          value={String(value)}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        {field.unit && <span className="unit">{field.unit}</span>}
      </div>
    );
  }

  return (
    <div className={error ? 'field invalid' : 'field'} data-field={field.name}>
      <div className="field-head">
        {field.kind === 'choice' ? (
          <span className="field-label" id={`${id}-label`}>
            {field.label}
          </span>
        ) : (
          <label className="field-label" htmlFor={id} id={`${id}-label`}>
            {field.label}
          </label>
        )}
        {field.live && (
          <span className="live-tag" title="Can be changed while the run is going">
            live
          </span>
        )}
      </div>
      {control}
      <p className="field-hint" id={hintId}>
        {range && <span className="bounds">{range}</span>}
        {field.description}
      </p>
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
