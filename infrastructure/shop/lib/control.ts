// Live chaos (`/_control`): a delay and a failure rate applied to the service's business routes
// while it runs, plus fields a service adds for its own settings (the gateway's rate limit).

export type ControlValue = number | string | boolean;

export interface ControlField {
  /** Refuses a bad value with the reason. */
  parse(value: unknown): ControlValue;
}

export const numberField = (min: number, max: number): ControlField => ({
  parse(value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new Error(`must be a number in [${min}, ${max}]`);
    }
    return value;
  },
});

export class ControlState {
  private readonly fields = new Map<string, ControlField>([
    ['delayMs', numberField(0, 60_000)],
    ['failRate', numberField(0, 1)],
    ['failStatus', numberField(400, 599)],
  ]);
  private readonly values: Record<string, ControlValue> = {
    delayMs: 0,
    failRate: 0,
    failStatus: 503,
  };
  private readonly listeners: ((values: Readonly<Record<string, ControlValue>>) => void)[] = [];

  /** A service's own live setting, with its starting value. */
  define(name: string, field: ControlField, initial: ControlValue): void {
    this.fields.set(name, field);
    this.values[name] = initial;
  }

  get(name: string): ControlValue | undefined {
    return this.values[name];
  }

  number(name: string): number {
    const value = this.values[name];
    return typeof value === 'number' ? value : 0;
  }

  snapshot(): Record<string, ControlValue> {
    return { ...this.values };
  }

  /** Validates every field first, so a bad body changes nothing. */
  apply(body: unknown): Record<string, ControlValue> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error('the body must be a JSON object');
    }
    const parsed: [string, ControlValue][] = [];
    for (const [name, value] of Object.entries(body)) {
      const field = this.fields.get(name);
      if (field === undefined) throw new Error(`unknown field ${name}`);
      try {
        parsed.push([name, field.parse(value)]);
      } catch (error) {
        throw new Error(`${name} ${(error as Error).message}`, { cause: error });
      }
    }
    for (const [name, value] of parsed) this.values[name] = value;
    for (const listener of this.listeners) listener(this.values);
    return this.snapshot();
  }

  onChange(listener: (values: Readonly<Record<string, ControlValue>>) => void): void {
    this.listeners.push(listener);
  }
}
