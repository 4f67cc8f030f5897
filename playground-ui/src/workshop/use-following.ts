// On a learner's screen: goes where the presenter goes (scenario, run, lesson section) while
// "follow the presenter" is on. Turning it off leaves the learner where they are.
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { RoomView } from './store';
import { lessonHeadings, stepUrl } from './step-url';

const SECTION_WAIT_MS = 4000;

export function useFollowing(view: RoomView): void {
  const navigate = useNavigate();
  const location = useLocation();
  const position = view.state?.position;
  const active = view.state?.live === true && view.following && !view.presenting;
  const step = position === undefined ? undefined : view.state?.plan?.steps[position.step];
  const target = position === undefined ? undefined : stepUrl(step, position);
  const here = `${location.pathname}${location.search}`;

  useEffect(() => {
    if (!active || position === undefined || target === undefined) return;
    const samePage = here.split('?')[0] === target.split('?')[0];
    const sameRun = new URLSearchParams(here.split('?')[1]).get('run') === (position.runId ?? null);
    if (!samePage || !sameRun) navigate(target);
    // The moves count is a dependency: the same position sent again still brings a learner back.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `here` changes as we navigate
  }, [active, target, view.moves]);

  const section = position?.section;
  useEffect(() => {
    if (!active || section === undefined) return;
    // The lesson may still be loading after a navigation: look for its heading a few times.
    const deadline = Date.now() + SECTION_WAIT_MS;
    let timer: ReturnType<typeof setTimeout>;
    const find = (): void => {
      const heading = lessonHeadings().find((h) => h.textContent?.trim() === section);
      if (heading) {
        // A folded lesson (on a phone) opens first: a heading inside it has nowhere to scroll.
        const details = heading.closest('details');
        if (details && !details.open) details.querySelector('summary')?.click();
        heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
      } else if (Date.now() < deadline) timer = setTimeout(find, 150);
    };
    find();
    return () => clearTimeout(timer);
  }, [active, section, target, view.moves]);
}
