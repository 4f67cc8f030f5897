// Says at once when the server or a broker goes away, and clears itself when they come back.
import { Link } from 'react-router-dom';
import { useConnection } from '../realtime/use-connection';
import { useHealth } from '../realtime/health-store';
import { BROKERS } from '../api/types';

export function ConnectionIndicator() {
  const { status } = useConnection();
  const { health } = useHealth();
  const down = health ? BROKERS.filter((b) => !health.brokers[b].ok) : [];

  let tone: 'ok' | 'warn' | 'bad' | 'wait';
  let text: string;
  if (status === 'offline') {
    tone = 'bad';
    text = 'Server unreachable · reconnecting';
  } else if (status === 'connecting') {
    tone = 'wait';
    text = 'Connecting…';
  } else if (down.length > 0) {
    tone = 'warn';
    text = `${down.join(', ')} down`;
  } else {
    tone = 'ok';
    text = 'Live';
  }
  return (
    <Link
      to="/infrastructure"
      className={`connection connection-${tone}`}
      role="status"
      aria-live="polite"
      data-status={status}
      data-brokers-down={down.join(',')}
      title="Server and broker status: open Infrastructure"
    >
      <span className="dot" aria-hidden="true" />
      <span>{text}</span>
    </Link>
  );
}

/** A banner under the header while the server is away: the page stays, the data pauses. */
export function OfflineBanner() {
  const { status } = useConnection();
  if (status !== 'offline') return null;
  return (
    <div className="offline-banner" role="alert">
      Lost the connection to the playground server. Live data is paused; this page reconnects by
      itself when the server is back (no reload needed).
    </div>
  );
}
