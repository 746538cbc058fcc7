/** Keeps the URL in step with the configuration: decoded at load, re-encoded on every change. */
import { decodeConfig, encodeConfig, type DecodeResult } from '../config/url.ts';
import type { ExplorerStore } from './store.ts';

export function readUrl(search: string): DecodeResult {
  return decodeConfig(search);
}

export function syncUrl(store: ExplorerStore, history: History, location: Location): () => void {
  let last = '';
  const write = () => {
    const q = '?' + encodeConfig(store.getState().config);
    if (q !== last && q !== location.search) history.replaceState(null, '', q + location.hash);
    last = q;
  };
  write();
  return store.subscribe((s, prev) => {
    if (s.config !== prev.config) write();
  });
}
