// A scenario's lesson, rendered from markdown with react-markdown (no raw HTML is passed through).
// Its active parts (docs/scenario-authoring.md, "Lessons that act"): `try:` links become buttons
// that set params, `check:` links become badges with the check's outcome, and predict-first
// blockquotes hold their answer back until the run has ended.
import { memo, useMemo } from 'react';
import Markdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Components } from 'react-markdown';
import {
  CHECK_SCHEME,
  TRY_SCHEME,
  parseCheckRef,
} from '../../../scenarios/src/sdk/lesson-actions.ts';
import type { CheckOutcome, ParamsSchema, RunState } from '../api/types';
import { CheckClaim } from './CheckClaim';
import { LessonActionButton } from './LessonActionButton';
import { LessonContext } from './lesson-context';
import type { ActionHandler, LessonEnv } from './lesson-context';
import { PredictAnswer, PredictPrompt } from './PredictPrompt';
import { ANSWER_CLASS, PREDICT_CLASS, rehypePredict } from './rehype-predict';
import '../styles/lesson.css';

const hasClass = (className: string | undefined, name: string): boolean =>
  className?.split(/\s+/).includes(name) === true;

const components: Components = {
  a: ({ href, children }) => {
    if (href?.startsWith(TRY_SCHEME)) {
      return <LessonActionButton href={href}>{children}</LessonActionButton>;
    }
    const checkId = href === undefined ? undefined : parseCheckRef(href);
    if (checkId !== undefined) return <CheckClaim checkId={checkId}>{children}</CheckClaim>;
    const external = href !== undefined && /^https?:/.test(href);
    return (
      <a href={href} {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}>
        {children}
      </a>
    );
  },
  blockquote: ({ className, children }) =>
    hasClass(className, PREDICT_CLASS) ? (
      <PredictPrompt>{children}</PredictPrompt>
    ) : (
      <blockquote>{children}</blockquote>
    ),
  div: ({ className, children }) =>
    hasClass(className, ANSWER_CLASS) ? (
      <PredictAnswer>{children}</PredictAnswer>
    ) : (
      <div className={className}>{children}</div>
    ),
  // The page has the scenario's title as its h1; the lesson's headings sit under it.
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
};

// Tables and strikethrough (GitHub-flavoured markdown) appear in lessons.
const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypePredict];

// react-markdown empties links of schemes it does not know; the lesson's own two are kept.
const urlTransform = (url: string): string =>
  url.startsWith(TRY_SCHEME) || url.startsWith(CHECK_SCHEME) ? url : defaultUrlTransform(url);

/** The markdown alone: re-rendered only when the lesson text changes. */
const LessonText = memo(function LessonText({ markdown }: { markdown: string }) {
  return (
    <Markdown
      components={components}
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      urlTransform={urlTransform}
    >
      {markdown}
    </Markdown>
  );
});

interface Props {
  markdown: string;
  /** The scenario's params schema: which params an action can change while a run goes. */
  schema?: ParamsSchema;
  /** The run the page shows: its state and, once it has ended, its checks. */
  runState?: RunState;
  checks?: readonly CheckOutcome[];
  /** Applies a `try:` action; without it the action buttons are disabled. */
  onAction?: ActionHandler;
}

function LessonImpl({ markdown, schema, runState, checks, onAction }: Props) {
  const env = useMemo<LessonEnv>(
    () => ({
      schema,
      run: runState === undefined ? undefined : { state: runState, checks: checks ?? [] },
      onAction,
    }),
    [schema, runState, checks, onAction],
  );
  return (
    <article className="lesson" aria-label="Lesson">
      <LessonContext.Provider value={env}>
        <LessonText markdown={markdown} />
      </LessonContext.Provider>
    </article>
  );
}

export const Lesson = memo(LessonImpl);
