/** Keeps the URL in step with the configuration: decoded at load, re-encoded on every change. */
import { decodeConfig, encodeConfig, type DecodeResult } from '../config/url.ts';
import type { ExplorerStore } from './store.ts';

export function readUrl(search: string): DecodeResult {
  return decodeConfig(search);
}

/**
 * Writes the URL on every configuration change, coalesced to one history.replaceState per animation
 * frame (replaceState costs several ms in Chromium; a dragged slider changes the config every event).
 */
export function syncUrl(store: ExplorerStore, history: History, location: Location): () => void {
  let last = '';
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    const run = () => {
      pending = false;
      write();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 0);
  };
  const write = () => {
    const q = '?' + encodeConfig(store.getState().config);
    if (q !== last && q !== location.search) history.replaceState(null, '', q + location.hash);
    last = q;
  };
  write();
  return store.subscribe((s, prev) => {
    if (s.config !== prev.config) schedule();
  });
}
