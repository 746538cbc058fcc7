/**
 * The Pareto front is there on first load: once the first analytic result is in, a default sweep
 * (DEFAULT_SWEEP_FORM over the current configuration; in talk mode, over the configuration of the scene
 * that shows the front) starts in the background. Starting a sweep of one's own replaces it (the store
 * cancels the running sweep). Tests and benchmarks can turn it off with `window.__explorerAutoSweep = false`
 * before the page loads.
 */
import { useContext, useEffect } from 'react';
import { decodeConfig } from '../schema/url.ts';
import type { SweepSpec } from '../schema/sweep.ts';
import { StoreContext } from '../state/react.ts';
import type { ExplorerState } from '../state/store.ts';
import { buildSweepSpec, DEFAULT_SWEEP_FORM } from './pareto-data.ts';

/** Specs of sweeps started automatically (the panel says so). */
const autoSpecs = new WeakSet<SweepSpec>();
export const isAutoSweep = (spec: SweepSpec | undefined): boolean => !!spec && autoSpecs.has(spec);

/**
 * The default sweep waits until the configuration has been still this long after the first result: the
 * first charts are drawn and a slider being dragged stays live before the workers start training.
 */
const START_DELAY_MS = 1500;

function baseFor(s: ExplorerState) {
  if (!s.config.ui.talk) return s.config;
  const scene = s.scenes.find((x) => x.panels.includes('pareto'));
  return scene ? { ...decodeConfig(scene.query).config, ui: s.config.ui } : undefined;
}

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
      if (now.sweep.spec !== undefined && !isAutoSweep(now.sweep.spec)) return;
      const base = baseFor(now);
      if (!base) return;
      try {
        const spec = buildSweepSpec(base, DEFAULT_SWEEP_FORM);
        autoSpecs.add(spec);
        now.actions.startSweep(spec, { background: true });
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
      if (s.sweep.spec !== undefined && !isAutoSweep(s.sweep.spec)) {
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
