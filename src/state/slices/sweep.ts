/**
 * Sweep slice: a sweep over write points and placements, streamed from the sweep worker pool (pausable,
 * cancellable), started from a spec, from the sweep form, or as the page's own default sweep.
 */
import { SweepRunner } from '../../jobs/sweep-runner.ts';
import type { SweepWorker } from '../../jobs/training.ts';
import { enumeratePoints } from '../../schema/sweep.ts';
import { decodeConfig } from '../../schema/url.ts';
import { estimateConfigTrainSeconds, longWorkWarning } from '../../schema/limits.ts';
import type { ExplorerConfig } from '../../schema/schema.ts';
import { buildSweepSpec, DEFAULT_SWEEP_FORM } from '../sweep-form.ts';
import { notify, type ExplorerState, type Slice, type SliceContext } from './types.ts';

export type SweepSlice = Slice<
  'sweep',
  'startSweep' | 'startSweepForm' | 'startDefaultSweep' | 'pauseSweep' | 'resumeSweep' | 'cancelSweep'
>;

/** The base of the default sweep: the configuration, or in talk mode the scene that shows the front. */
export function defaultSweepBase(s: Pick<ExplorerState, 'config' | 'scenes'>): ExplorerConfig | undefined {
  if (!s.config.ui.talk) return s.config;
  const scene = s.scenes.find((x) => x.panels.includes('pareto'));
  return scene ? { ...decodeConfig(scene.query).config, ui: s.config.ui } : undefined;
}

export function createSweepSlice(ctx: SliceContext): SweepSlice {
  const { set, get, deps } = ctx;
  let runner: SweepRunner | null = null;
  let pool: SweepWorker[] | null = null;
  return {
    sweep: { status: 'idle', done: 0, total: 0, rows: [] },
    actions: {
      startSweep(spec, opts) {
        runner?.cancel();
        if (!deps.sweepPool) throw new Error('no sweep workers in this context');
        pool ??= deps.sweepPool();
        const points = enumeratePoints(spec);
        const background = opts?.background === true;
        if (spec.accuracy && !background) {
          const t = points.length * estimateConfigTrainSeconds(spec.base.training);
          const warning = longWorkWarning(`this sweep (${points.length} training runs)`, t);
          if (warning) notify(ctx, warning);
        }
        set({
          sweep: {
            status: 'running',
            done: 0,
            total: points.length,
            rows: [],
            spec,
            ...(background ? { auto: true } : {}),
          },
        });
        const r = new SweepRunner(points, pool, spec.accuracy, {
          onRow: (row) => {
            if (runner === r) set((s) => ({ sweep: { ...s.sweep, rows: [...s.sweep.rows, row] } }));
          },
          onStatus: (status, done, total) => {
            if (runner === r) set((s) => ({ sweep: { ...s.sweep, status, done, total } }));
          },
        });
        runner = r;
        void r.start();
      },
      startSweepForm(form) {
        let spec;
        try {
          spec = buildSweepSpec(get().config, form);
        } catch (e) {
          set((s) => ({ sweep: { ...s.sweep, formError: (e as Error).message } }));
          return false;
        }
        get().actions.startSweep(spec);
        return true;
      },
      startDefaultSweep() {
        const s = get();
        if (s.sweep.spec !== undefined && !s.sweep.auto) return;
        const base = defaultSweepBase(s);
        if (!base || !deps.sweepPool) return;
        s.actions.startSweep(buildSweepSpec(base, DEFAULT_SWEEP_FORM), { background: true });
      },
      pauseSweep() {
        runner?.pause();
      },
      resumeSweep() {
        runner?.resume();
      },
      cancelSweep() {
        runner?.cancel();
      },
    },
  };
}
