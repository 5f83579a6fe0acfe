import { useClipStore } from '../../state/clipStore.ts';
import { usePackStore } from '../../state/packStore.ts';

/** Says what went wrong with the file the user just gave, next to what is still loaded. */
export function ErrorBanner() {
  const error = useClipStore((s) => s.error);
  const clip = useClipStore((s) => s.clip);
  const dismiss = useClipStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="clip-error" data-kind={error.kind}>
      <div>
        <strong>Could not load this clip.</strong> {error.message}
        {clip && <span className="error-keep"> “{clip.info.name}” is still loaded.</span>}
        {error.detail && (
          <details>
            <summary>Details</summary>
            <code>{error.detail}</code>
          </details>
        )}
      </div>
      <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss message">×</button>
    </div>
  );
}

/** A model pack that could not be loaded: why, and which pack is still active. */
export function PackErrorBanner() {
  const error = usePackStore((s) => s.error);
  const dismiss = usePackStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="pack-error">
      <div>
        <strong>Could not load this model pack.</strong> {error}
      </div>
      <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss message">×</button>
    </div>
  );
}
