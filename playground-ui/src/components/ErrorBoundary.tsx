import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { reportError } from '../telemetry/faro';

interface State {
  error: Error | undefined;
}

/** A component that throws shows a message instead of a blank page, and is reported via Faro. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    reportError(error, { componentStack: (info.componentStack ?? '').slice(0, 2000) });
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="page">
          <div className="banner error" role="alert">
            <h1>Something went wrong on this page</h1>
            <p>{this.state.error.message}</p>
            <button
              type="button"
              className="button"
              onClick={() => this.setState({ error: undefined })}
            >
              Try again
            </button>
          </div>
        </div>
      );
    }
    return this.props.children;
  }
}
