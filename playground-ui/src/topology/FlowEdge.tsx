// An edge that shows what flows along it: its rate written beside it, and dots that travel from
// source to target while the rate is above zero (faster dots for higher rates).
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { formatValue } from '../charts/format';
import { useLiveValues } from './live-values';

export type FlowEdgeData = {
  metric?: string;
  label?: string;
  /** Where the label sits: mid-edge, or beside the end where it cannot collide with others. */
  labelAt?: 'middle' | 'source' | 'target';
  /** Who holds what (a member and its partition), not a flow: dashed, no dots. */
  assigned?: boolean;
};
export type FlowEdgeType = Edge<FlowEdgeData, 'flow'>;

/** Few distinct speeds, so a rate that wobbles does not restart the animation every frame. */
function travelSeconds(rate: number): number {
  if (rate >= 2000) return 0.6;
  if (rate >= 200) return 0.9;
  if (rate >= 20) return 1.4;
  return 2.2;
}

const LABEL_GAP = 10;

function labelTransform(
  at: 'middle' | 'source' | 'target',
  ends: { sourceX: number; sourceY: number; targetX: number; targetY: number },
  midX: number,
  midY: number,
): string {
  // Beside the source: starts just right of it, on its row; beside the target: ends just left.
  if (at === 'source')
    return `translate(0, -50%) translate(${ends.sourceX + LABEL_GAP}px, ${ends.sourceY}px)`;
  if (at === 'target')
    return `translate(-100%, -50%) translate(${ends.targetX - LABEL_GAP - 8}px, ${ends.targetY}px)`;
  return `translate(-50%, -50%) translate(${midX}px, ${midY}px)`;
}

function FlowEdgeImpl(props: EdgeProps<FlowEdgeType>) {
  const {
    id,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    data,
    markerEnd,
  } = props;
  const { values, unitOf, live, flowing } = useLiveValues();
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const metric = data?.metric;
  const rate = metric === undefined ? undefined : values[metric];
  const active = flowing && live && rate !== undefined && rate > 0 && data?.assigned !== true;
  const dur = active ? travelSeconds(rate) : 0;
  const text = [
    data?.label,
    metric !== undefined && live ? formatValue(rate, unitOf(metric)) : undefined,
  ]
    .filter((t) => t !== undefined && t !== '')
    .join(' · ');
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`flow-edge${active ? ' active' : ''}${data?.assigned ? ' assigned' : ''}`}
      />
      {active &&
        [0, 1, 2].map((i) => (
          <circle key={`${i}-${dur}`} r="3.5" className="flow-dot">
            <animateMotion
              dur={`${dur}s`}
              begin={`${(-i * dur) / 3}s`}
              repeatCount="indefinite"
              path={path}
            />
          </circle>
        ))}
      {text !== '' && (
        <EdgeLabelRenderer>
          <div
            className={active ? 'edge-label active' : 'edge-label'}
            style={{ transform: labelTransform(data?.labelAt ?? 'middle', props, labelX, labelY) }}
            data-metric={metric}
          >
            {text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const edgeTypes = { flow: memo(FlowEdgeImpl) };
