/**
 * Service-worker registration. A new deploy installs a new worker beside the old one; the old one keeps
 * serving this page (from its own versioned cache) until every page it controls is gone, and this page
 * shows "a new version is available, reload" (UPDATE_EVENT) instead of being switched under its feet.
 */
import { RELOAD_EVENT, UPDATE_EVENT } from '../components/StaleNotice.tsx';

export function registerServiceWorker(): void {
  const sw = navigator.serviceWorker;
  const hadController = sw.controller !== null;
  const announce = () => window.dispatchEvent(new Event(UPDATE_EVENT));
  sw.register('./sw.js')
    .then((reg) => {
      if (reg.waiting && hadController) announce();
      window.addEventListener(RELOAD_EVENT, () => {
        const waiting = reg.waiting;
        if (!waiting) return window.location.reload();
        sw.addEventListener('controllerchange', () => window.location.reload(), { once: true });
        waiting.postMessage({ type: 'skip-waiting' });
        setTimeout(() => window.location.reload(), 3000);
      });
      reg.addEventListener('updatefound', () => {
        const next = reg.installing;
        next?.addEventListener('statechange', () => {
          // installed while an older worker controls this page: a new version waits for a reload
          if (next.state === 'installed' && sw.controller) announce();
        });
      });
      // look for a new deploy when the page regains focus, and every 10 minutes
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void reg.update().catch(() => undefined);
      });
      setInterval(() => void reg.update().catch(() => undefined), 10 * 60_000);
    })
    .catch((e: unknown) => console.warn('offline cache unavailable:', e));
}
