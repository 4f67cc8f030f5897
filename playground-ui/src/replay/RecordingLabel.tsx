// Wherever a recording is shown, it says so: nothing on screen is happening now.
export function RecordingLabel({ detail }: { detail?: string }) {
  return (
    <span className="badge recording-label" data-testid="recording-label" role="note">
      <span aria-hidden="true">●</span> Recording — not live
      {detail && <span className="recording-detail"> · {detail}</span>}
    </span>
  );
}
