import { useEffect, useState } from 'react';
import { useExplorer } from '../state/react.ts';

/**
 * When the model worker failed (twice) on the current configuration, the numbers on screen belong to the
 * previous one: say so, plainly, and offer a retry.
 */
export function StaleNotice() {
  const stale = useExplorer((s) => s.analytic.status === 'error' && s.analytic.value !== undefined);
  const retry = useExplorer((s) => s.actions.runAnalytic);
  if (!stale) return null;
  return (
    <div className="banner stale" role="alert" data-testid="banner.stale">
      <strong>Stale:</strong> the numbers shown are from the previous configuration; the model failed on the current
      one.{' '}
      <button type="button" onClick={() => void retry()} data-testid="banner.stale.retry">
        Retry
      </button>
    </div>
  );
}

/** Event the page's service-worker registration fires when a new version has been deployed. */
export const UPDATE_EVENT = 'mram-explorer:update-available';
/** Event the Reload button fires: the registration lets the new version take over, then reloads. */
export const RELOAD_EVENT = 'mram-explorer:reload';

/** "A new version is available": the page keeps running the version it loaded until the user reloads. */
export function UpdateNotice() {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    const on = () => setAvailable(true);
    window.addEventListener(UPDATE_EVENT, on);
    return () => window.removeEventListener(UPDATE_EVENT, on);
  }, []);
  if (!available) return null;
  return (
    <div className="banner notice" role="status" data-testid="banner.update">
      A new version of the explorer is available; this page keeps working on the version it loaded.{' '}
      <button
        type="button"
        onClick={() => window.dispatchEvent(new Event(RELOAD_EVENT))}
        data-testid="banner.update.reload"
      >
        Reload
      </button>
    </div>
  );
}
