// On the presenter's screen: tells the room where it is (scenario, lesson section, run) whenever
// that changes. Scrolling is sampled once per animation frame at most.
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { room } from './store';
import type { RoomView } from './store';
import { sectionInView } from './step-url';

export function usePresenting(view: RoomView): string | undefined {
  const location = useLocation();
  const [section, setSection] = useState<string | undefined>();
  const [refused, setRefused] = useState<string | undefined>();
  const sent = useRef('');
  const active = view.presenting && view.state?.live === true;
  const match = /^\/scenarios\/([^/]+)/.exec(location.pathname);
  const scenario = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const runId = new URLSearchParams(location.search).get('run') ?? undefined;
  const step = view.state?.position?.step ?? 0;

  useEffect(() => {
    if (!active || scenario === undefined) return;
    let frame = 0;
    const sample = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setSection(sectionInView()));
    };
    sample();
    window.addEventListener('scroll', sample, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', sample);
    };
  }, [active, scenario]);

  useEffect(() => {
    if (!active || scenario === undefined) return;
    const position = {
      step,
      scenario,
      ...(section === undefined ? {} : { section }),
      ...(runId === undefined ? {} : { runId }),
    };
    const signature = JSON.stringify(position);
    if (signature === sent.current) return;
    sent.current = signature;
    void room.present(position).then(setRefused);
  }, [active, scenario, section, runId, step]);

  return active ? refused : undefined;
}
