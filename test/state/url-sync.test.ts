import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/schema/schema.ts';
import { encodeConfig } from '../../src/schema/url.ts';
import { createExplorerStore } from '../../src/state/store.ts';
import { URL_DELAY_MS, syncUrl } from '../../src/state/url-sync.ts';
import type { AnalyticJobs } from '../../src/jobs/analytic.ts';

const noJobs = { evaluate: () => new Promise(() => undefined) } as unknown as AnalyticJobs;

function fakeWindow() {
  const location = { search: '', hash: '' } as Location;
  const writes: string[] = [];
  const history = {
    replaceState: (_s: unknown, _t: string, url: string) => {
      writes.push(url);
      location.search = url;
    },
  } as unknown as History;
  return { location, history, writes };
}

describe('URL sync', () => {
  it('writes the configuration at once, then once after a burst of changes has settled', () => {
    vi.useFakeTimers();
    try {
      const store = createExplorerStore({ analytic: noJobs });
      const w = fakeWindow();
      const sync = syncUrl(store, w.history, w.location);
      expect(w.writes).toEqual(['?' + encodeConfig(defaultConfig())]);
      for (const v of [0.71, 0.72, 0.73]) store.getState().actions.setField('device.voltageV', v);
      expect(w.writes).toHaveLength(1); // not during the drag
      vi.advanceTimersByTime(URL_DELAY_MS + 1);
      expect(w.writes).toHaveLength(2);
      expect(w.writes[1]).toContain('V=0.73');
      store.getState().actions.setField('device.voltageV', 0.8);
      sync.flush(); // e.g. the page is hidden
      expect(w.writes[2]).toContain('V=0.8');
      sync.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
