interface StatusLinesProps {
  /** Prefix of the test ids: `${prefix}-error`, `${prefix}-message`, `${prefix}-undo`. */
  testIdPrefix: string;
  busy: string | null;
  error: string | null;
  message: string | null;
  canUndo: boolean;
  onUndo(): void;
  onDismiss(): void;
}

/** What a panel is doing, what went wrong, and what it just did (with Undo after a delete). */
export function StatusLines({ testIdPrefix, busy, error, message, canUndo, onUndo, onDismiss }: StatusLinesProps) {
  return (
    <>
      {busy && <p className="muted small" role="status" data-testid={`${testIdPrefix}-busy`}>{busy}…</p>}
      {error && (
        <p className="warning small" role="alert" data-testid={`${testIdPrefix}-error`}>
          {error} <button type="button" className="link-button" onClick={onDismiss}>Dismiss</button>
        </p>
      )}
      {message && (
        <p className="muted small" role="status" data-testid={`${testIdPrefix}-message`}>
          {message}{' '}
          {canUndo && (
            <button type="button" className="link-button" onClick={onUndo} data-testid={`${testIdPrefix}-undo`}>
              Undo
            </button>
          )}
        </p>
      )}
    </>
  );
}
