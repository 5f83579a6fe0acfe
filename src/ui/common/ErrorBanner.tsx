import { useClipStore } from '../../state/clipStore.ts';
import { useAppUpdateStore } from '../../state/appUpdateStore.ts';
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

/** The service worker's news: ready to work offline, or a new version waiting for a reload. */
export function AppUpdateBanner() {
  const { offlineReady, updateWaiting, applyUpdate, dismiss } = useAppUpdateStore();
  if (!offlineReady && !updateWaiting) return null;
  return (
    <div className="info-banner" role="status" data-testid="app-update" data-state={updateWaiting ? 'update' : 'offline-ready'}>
      <div>
        {updateWaiting ? (
          <>
            <strong>A new version of DiveJudge is ready.</strong> Reload to use it; your saved analyses stay.
          </>
        ) : (
          <>DiveJudge is ready to work offline: the app, the pose model and the default pack are on this device.</>
        )}
      </div>
      {updateWaiting && (
        <button type="button" onClick={applyUpdate} data-testid="app-update-reload">
          Reload
        </button>
      )}
      <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss message">×</button>
    </div>
  );
}
