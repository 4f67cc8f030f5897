// The lesson format's active parts, read by the contract test and by the UI (so no Node imports
// here, and TypeBox only as types): actions that set params, `[Set ttlSec to 2](try:ttlSec=2)`,
// claims tied to a check, `[confirmed by a check](check:no-stale-reads)`, and predict-first
// prompts, a blockquote opening with `**Predict:**` whose `**Answer:**` is shown after the run.
// Both link forms are plain markdown links, so a lesson read anywhere else still makes sense.
import type { ParamSchema, ParamsSchema } from './api-schemas.ts';

export const TRY_SCHEME = 'try:';
export const CHECK_SCHEME = 'check:';

/** One param an action changes: to a value (typed by the schema later), or by a signed delta. */
export type ParamChange = { param: string; set: string } | { param: string; add: number };

export interface LessonAction {
  href: string;
  changes: ParamChange[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A leading sign makes a change relative: `consumers=+2` adds two, `consumers=-1` removes one.
const DELTA = /^[+-](\d+(\.\d+)?|\.\d+)$/;

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `try:ttlSec=2`, `try:consumers=+2`, `try:keys=300&ttlSec=3&distribution=uniform`. */
export function parseAction(href: string): Parsed<LessonAction> {
  if (!href.startsWith(TRY_SCHEME)) return { ok: false, error: `"${href}" is not a try: link` };
  const body = href.slice(TRY_SCHEME.length);
  if (body === '') return { ok: false, error: `"${href}" changes nothing` };
  const changes: ParamChange[] = [];
  for (const pair of body.split('&')) {
    const at = pair.indexOf('=');
    const param = decode(at < 0 ? pair : pair.slice(0, at));
    const raw = at < 0 ? undefined : decode(pair.slice(at + 1));
    if (param === undefined || !PARAM_NAME.test(param)) {
      return { ok: false, error: `"${href}": "${pair}" does not start with a param name` };
    }
    if (raw === undefined || raw === '') {
      return { ok: false, error: `"${href}": ${param} has no value (write ${param}=<value>)` };
    }
    if (changes.some((c) => c.param === param)) {
      return { ok: false, error: `"${href}" changes ${param} twice` };
    }
    changes.push(DELTA.test(raw) ? { param, add: Number(raw) } : { param, set: raw });
  }
  return { ok: true, value: { href, changes } };
}

/** The check id of a `check:<id>` link, or undefined for any other link. */
export function parseCheckRef(href: string): string | undefined {
  if (!href.startsWith(CHECK_SCHEME)) return undefined;
  const id = decode(href.slice(CHECK_SCHEME.length));
  return id === undefined || id === '' ? undefined : id;
}

function choicesOf(schema: ParamSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((a) => a.const !== undefined)) {
    return schema.anyOf.map((a) => a.const);
  }
  return schema.const === undefined ? undefined : [schema.const];
}

function numeric(schema: ParamSchema): boolean {
  return schema.type === 'integer' || schema.type === 'number';
}

/** Why `value` is outside the schema's bounds, or undefined when it is inside them. */
function outOfBounds(name: string, schema: ParamSchema, value: number): string | undefined {
  if (schema.type === 'integer' && !Number.isInteger(value)) {
    return `${name} must be an integer (got ${value})`;
  }
  if (schema.minimum !== undefined && value < schema.minimum)
    return `${name} must be >= ${schema.minimum} (got ${value})`;
  if (schema.maximum !== undefined && value > schema.maximum)
    return `${name} must be <= ${schema.maximum} (got ${value})`;
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
    return `${name} must be > ${schema.exclusiveMinimum} (got ${value})`;
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
    return `${name} must be < ${schema.exclusiveMaximum} (got ${value})`;
  return undefined;
}

/** The nearest value within the schema's inclusive bounds (a relative change stops at an end). */
function clamp(schema: ParamSchema, value: number): number {
  const low = schema.minimum ?? -Infinity;
  const high = schema.maximum ?? Infinity;
  return Math.min(high, Math.max(low, value));
}

/** A `set` value typed as the schema says: a choice, a boolean, a bounded number, or text. */
function typedValue(name: string, schema: ParamSchema, raw: string): Parsed<unknown> {
  const choices = choicesOf(schema);
  if (choices !== undefined) {
    const found = choices.find((c) => String(c) === raw);
    return found === undefined
      ? {
          ok: false,
          error: `${name} must be one of ${choices.map(String).join(', ')} (got ${raw})`,
        }
      : { ok: true, value: found };
  }
  if (schema.type === 'boolean') {
    return raw === 'true' || raw === 'false'
      ? { ok: true, value: raw === 'true' }
      : { ok: false, error: `${name} must be true or false (got ${raw})` };
  }
  if (numeric(schema)) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      return { ok: false, error: `${name} must be a number (got ${raw})` };
    const bad = outOfBounds(name, schema, value);
    return bad === undefined ? { ok: true, value } : { ok: false, error: bad };
  }
  return { ok: true, value: raw };
}

export interface ResolveOptions {
  /**
   * Stop a relative change at the param's bounds (the UI: "add two consumers" at the maximum
   * leaves it there) instead of refusing it (the contract test: the lesson's own example must fit).
   */
  clampRelative: boolean;
}

/**
 * The values an action sets, given the params' current values (a relative change is added to
 * the current value): every change names a real param and lands within its bounds.
 */
export function resolveAction(
  action: LessonAction,
  schema: ParamsSchema,
  current: Readonly<Record<string, unknown>>,
  options: ResolveOptions = { clampRelative: true },
): Parsed<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const change of action.changes) {
    const name = change.param;
    const prop = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (prop === undefined) return { ok: false, error: `there is no param "${name}"` };
    if ('set' in change) {
      const typed = typedValue(name, prop, change.set);
      if (!typed.ok) return typed;
      values[name] = typed.value;
      continue;
    }
    if (!numeric(prop)) return { ok: false, error: `${name} is not a number: it cannot go up` };
    const base = Number(current[name] ?? prop.default);
    if (!Number.isFinite(base)) return { ok: false, error: `${name} has no number to add to` };
    const sum = base + change.add;
    const next = options.clampRelative ? clamp(prop, sum) : sum;
    const bad = outOfBounds(name, prop, next);
    if (bad !== undefined) return { ok: false, error: bad };
    values[name] = next;
  }
  return { ok: true, value: values };
}

/** What is wrong with a lesson's `try:` link, applied to the defaults; undefined when nothing. */
export function actionProblem(href: string, schema: ParamsSchema): string | undefined {
  const parsed = parseAction(href);
  if (!parsed.ok) return parsed.error;
  const defaults = Object.fromEntries(
    Object.entries(schema.properties).map(([name, prop]) => [name, prop.default]),
  );
  const resolved = resolveAction(parsed.value, schema, defaults, { clampRelative: false });
  return resolved.ok ? undefined : `"${href}": ${resolved.error}`;
}

// Links whose target has no spaces or parentheses, as these schemes' targets never do.
const LINK = /\[([^\]]*)\]\(([^()\s]+)\)/g;

export interface LessonLink {
  label: string;
  href: string;
}

/** Every `try:` and `check:` link in a lesson's markdown, in order. */
export function lessonLinks(markdown: string): { actions: LessonLink[]; checks: LessonLink[] } {
  const actions: LessonLink[] = [];
  const checks: LessonLink[] = [];
  for (const match of markdown.matchAll(LINK)) {
    const [, label = '', href = ''] = match;
    if (href.startsWith(TRY_SCHEME)) actions.push({ label, href });
    else if (href.startsWith(CHECK_SCHEME)) checks.push({ label, href });
  }
  return { actions, checks };
}

export const PREDICT_MARK = '**Predict:**';
export const ANSWER_MARK = '**Answer:**';

export interface PredictPrompt {
  question: string;
  /** Undefined when the blockquote has no `**Answer:**` paragraph (a lesson error). */
  answer: string | undefined;
}

/** The predict-first prompts: blockquotes whose text opens with `**Predict:**`. */
export function predictPrompts(markdown: string): PredictPrompt[] {
  const prompts: PredictPrompt[] = [];
  let block: string[] = [];
  const flush = (): void => {
    const text = block.join('\n').trim();
    block = [];
    if (!text.startsWith(PREDICT_MARK)) return;
    const at = text.indexOf(`\n\n${ANSWER_MARK}`);
    const question = (at < 0 ? text : text.slice(0, at)).slice(PREDICT_MARK.length).trim();
    const answer = at < 0 ? undefined : text.slice(at + 2 + ANSWER_MARK.length).trim();
    prompts.push({ question, answer });
  };
  for (const line of markdown.split('\n')) {
    const quoted = /^ {0,3}>\s?(.*)$/.exec(line);
    if (quoted) block.push(quoted[1] ?? '');
    else flush();
  }
  flush();
  return prompts;
}
