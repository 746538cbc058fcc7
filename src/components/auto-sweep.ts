/**
 * The Pareto front is there on first load: once the first analytic result is in, a default sweep
 * (DEFAULT_SWEEP_FORM over the current configuration; in talk mode, over the configuration of the scene
 * that shows the front) starts in the background (the store's startDefaultSweep). Starting a sweep of
 * one's own replaces it (the store cancels the running sweep). Tests and benchmarks can turn it off with
 * `window.__explorerAutoSweep = false` before the page loads. This hook only decides when.
 */
import { useContext, useEffect } from 'react';
import { StoreContext } from '../state/react.ts';

/**
 * The default sweep waits until the configuration has been still this long after the first result: the
 * first charts are drawn and a slider being dragged stays live before the workers start training.
 */
const START_DELAY_MS = 1500;

export function useAutoSweep(): void {
  const store = useContext(StoreContext);
  useEffect(() => {
    if (!store) return;
    if ((window as { __explorerAutoSweep?: boolean }).__explorerAutoSweep === false) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastTalk: boolean | null = null;
    let lastConfig: unknown;
    const fire = () => {
      timer = null;
      const now = store.getState();
      lastTalk = now.config.ui.talk;
      try {
        now.actions.startDefaultSweep();
      } catch {
        // no sweep workers in this context: nothing to show
      }
    };
    const schedule = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(fire, START_DELAY_MS);
    };
    const check = () => {
      const s = store.getState();
      const moved = s.config !== lastConfig;
      lastConfig = s.config;
      if (timer !== null) {
        if (moved) schedule();
        return;
      }
      if (s.analytic.status !== 'done') return;
      const talk = s.config.ui.talk;
      if (talk === lastTalk) return;
      // a sweep the user started is never replaced; an automatic one is redone for talk mode's scene
      if (s.sweep.spec !== undefined && !s.sweep.auto) {
        lastTalk = talk;
        return;
      }
      schedule();
    };
    check();
    const unsubscribe = store.subscribe(check);
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store]);
}
