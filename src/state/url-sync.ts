/** Keeps the URL in step with the configuration: decoded at load, re-encoded on every change. */
import { decodeConfig, encodeConfig, type DecodeResult } from '../schema/url.ts';
import type { ExplorerStore } from './store.ts';

export function readUrl(search: string): DecodeResult {
  return decodeConfig(search);
}

/**
 * Writes the URL shortly after every configuration change: one history.replaceState once the
 * configuration has been still for URL_DELAY_MS (replaceState costs ~8 ms in Chromium and would otherwise
 * delay the chart of a dragged slider), and at once when the page is hidden or `flush()` is called.
 * The link the "Copy link" button copies is built from the store, so it never depends on this timing.
 */
export const URL_DELAY_MS = 150;

export function syncUrl(store: ExplorerStore, history: History, location: Location): { flush(): void; stop(): void } {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const q = '?' + encodeConfig(store.getState().config);
    if (q !== last && q !== location.search) history.replaceState(null, '', q + location.hash);
    last = q;
  };
  write();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.config === prev.config) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, URL_DELAY_MS);
  });
  const onHide = () => write();
  if (typeof addEventListener === 'function') addEventListener('pagehide', onHide);
  return {
    flush: write,
    stop() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (typeof removeEventListener === 'function') removeEventListener('pagehide', onHide);
    },
  };
}
