// Where a workshop step (or the presenter's position) lives in the app: the scenario page with
// the step's preset params in the URL, as a learner's own link would carry them.
import type { WorkshopPosition, WorkshopStep } from './types';

export function stepUrl(step: WorkshopStep | undefined, position: WorkshopPosition): string {
  const query = new URLSearchParams();
  if (step !== undefined && step.scenario === position.scenario) {
    for (const [name, value] of Object.entries(step.params ?? {})) query.set(name, String(value));
    if (step.durationSec !== undefined) query.set('durationSec', String(step.durationSec));
  }
  if (position.runId !== undefined) query.set('run', position.runId);
  const search = query.toString();
  return `/scenarios/${encodeURIComponent(position.scenario)}${search === '' ? '' : `?${search}`}`;
}

/** The lesson's section headings on the page, in order. */
export function lessonHeadings(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.lesson-col h2, .lesson-col h3')];
}

/** The section the presenter is reading: the last heading above the upper third of the screen. */
export function sectionInView(): string | undefined {
  let current: string | undefined;
  for (const heading of lessonHeadings()) {
    if (heading.getBoundingClientRect().top < window.innerHeight * 0.35)
      current = heading.textContent?.trim() || undefined;
  }
  return current;
}
