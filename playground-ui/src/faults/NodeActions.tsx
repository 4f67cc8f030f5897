// The actions a node allows in its state: the panel's node list and the topology's boxes share
// them, so both offer the same thing.
import { NODE_ACTION_STATES as ALLOWED } from '../../../scenarios/src/sdk/spec.ts';
import type { FaultNodeView, NodeAction } from '../api/types';

const LABEL: Record<NodeAction, string> = {
  kill: 'Kill',
  stop: 'Stop',
  pause: 'Pause',
  resume: 'Resume',
  restart: 'Restart',
};

export function NodeActions({
  node,
  busy,
  onAct,
  only,
}: {
  node: FaultNodeView;
  busy: boolean;
  onAct(action: NodeAction): void;
  /** A shorter list for small boxes. */
  only?: readonly NodeAction[];
}) {
  const actions = (only ?? (Object.keys(ALLOWED) as NodeAction[])).filter((a) =>
    ALLOWED[a].includes(node.state),
  );
  return (
    <span className="node-actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`node-action ${action}`}
          disabled={busy}
          aria-label={`${LABEL[action]} ${node.name}`}
          title={`${LABEL[action]} ${node.name} (pid ${node.pid})`}
          onClick={(e) => {
            e.stopPropagation();
            onAct(action);
          }}
        >
          {LABEL[action]}
        </button>
      ))}
    </span>
  );
}
