// The params of a scenario before a run: one control per field of its schema, plus the run's
// duration. Values are kept as typed; nothing is sent while any of them is out of bounds.
import type { FormEvent, ReactNode } from 'react';
import type { ParamField, RawValue } from './fields';
import { ParamInput } from './ParamInput';

interface Props {
  fields: ParamField[];
  values: Record<string, RawValue>;
  errors: Record<string, string>;
  disabled: boolean;
  onChange(name: string, value: RawValue): void;
  onSubmit(): void;
  actions: ReactNode;
}

export function ParamsForm({
  fields,
  values,
  errors,
  disabled,
  onChange,
  onSubmit,
  actions,
}: Props) {
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="params-form" noValidate onSubmit={submit} aria-label="Run parameters">
      <div className="fields">
        {fields.map((field) => (
          <ParamInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={errors[field.name]}
            disabled={disabled}
            onChange={(value) => onChange(field.name, value)}
          />
        ))}
      </div>
      <div className="form-actions">{actions}</div>
    </form>
  );
}
