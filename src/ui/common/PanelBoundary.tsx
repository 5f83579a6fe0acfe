import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';

interface Props {
  /** What the panel is, for the message ("the score"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * One panel that fails to render says so in its own place; the rest of the app keeps working. When
 * an analysis is on screen it may be the cause (a record from an older version, say): the user can
 * delete it from here, and the panel tries again.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`DiveJudge: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  private retry = () => this.setState({ error: null });

  private removeAnalysis = async () => {
    const current = useSessionStore.getState().current;
    if (current) await useSessionStore.getState().remove(current.id);
    useAnalysisStore.getState().reset();
    this.retry();
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const saved = useSessionStore.getState().current;
    return (
      <section className="panel-crash error-banner" role="alert" data-testid="panel-crash" data-panel={this.props.name}>
        <div>
          <strong>The {this.props.name} could not be shown.</strong> {error.message.slice(0, 300)}. The rest of DiveJudge still works.
        </div>
        <div className="row">
          <button type="button" onClick={this.retry} data-testid="panel-crash-retry">
            Try again
          </button>
          {saved && (
            <button type="button" onClick={() => void this.removeAnalysis()} data-testid="panel-crash-remove">
              Delete the analysis on screen
            </button>
          )}
        </div>
      </section>
    );
  }
}
