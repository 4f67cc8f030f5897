// A scenario's lesson, rendered from markdown with react-markdown (no raw HTML is passed through).
import { memo } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => {
    const external = href !== undefined && /^https?:/.test(href);
    return (
      <a href={href} {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}>
        {children}
      </a>
    );
  },
  // The page has the scenario's title as its h1; the lesson's headings sit under it.
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
};

// Tables and strikethrough (GitHub-flavoured markdown) appear in lessons.
const remarkPlugins = [remarkGfm];

function LessonImpl({ markdown }: { markdown: string }) {
  return (
    <article className="lesson" aria-label="Lesson">
      <Markdown components={components} remarkPlugins={remarkPlugins}>
        {markdown}
      </Markdown>
    </article>
  );
}

export const Lesson = memo(LessonImpl);
