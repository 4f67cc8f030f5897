// The strip under the header while a workshop is live: the step, the question to ask before it,
// and either the presenter's step controls or the learner's "follow the presenter" switch.
import { Link, useNavigate } from 'react-router-dom';
import { useRoom, room } from './store';
import { stepUrl } from './step-url';
import { useFollowing } from './use-following';
import { usePresenting } from './use-presenting';

export function WorkshopBar() {
  const view = useRoom();
  const navigate = useNavigate();
  const refused = usePresenting(view);
  useFollowing(view);
  const { state } = view;
  if (state?.live !== true || state.plan === undefined) return null;
  const { plan } = state;
  const at = state.position?.step ?? 0;
  const step = plan.steps[at];

  const go = (index: number): void => {
    const next = plan.steps[index];
    if (next === undefined) return;
    const position = {
      step: index,
      scenario: next.scenario,
      ...(next.section === undefined ? {} : { section: next.section }),
    };
    void room.present(position);
    navigate(stepUrl(next, position));
  };

  return (
    <aside className="workshop-bar" aria-label="Workshop" data-presenting={view.presenting}>
      <div className="workshop-where">
        <Link to="/workshop" className="workshop-title">
          {plan.title}
        </Link>
        <span className="muted small">
          step {at + 1} of {plan.steps.length}
          {step ? ` · ${step.minutes} min` : ''}
        </span>
      </div>
      {step && (
        <p className="workshop-question" data-testid="workshop-question">
          <strong>Ask first:</strong> {step.question}
        </p>
      )}
      {view.presenting ? (
        <div className="workshop-steps" role="group" aria-label="Workshop steps">
          <button
            type="button"
            className="button secondary small"
            disabled={at === 0}
            onClick={() => go(at - 1)}
          >
            ← Previous
          </button>
          <button
            type="button"
            className="button primary small"
            disabled={at >= plan.steps.length - 1}
            onClick={() => go(at + 1)}
          >
            Next step →
          </button>
          {refused && (
            <span className="banner error small" role="alert">
              {refused}
            </span>
          )}
        </div>
      ) : (
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={view.following}
            onChange={(e) => room.setFollowing(e.target.checked)}
            data-testid="follow-toggle"
          />
          <span>Follow the presenter</span>
        </label>
      )}
    </aside>
  );
}
