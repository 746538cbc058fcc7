/**
 * Streamed-jobs slice: Monte Carlo, training, the tolerance study and the claim check. Each job of a kind
 * supersedes the previous one (aborted), applies partial results only while it is current, and turns a
 * failure into a notice. Runs long enough to matter are announced first (src/schema/limits.ts).
 */
import { AbortError } from '../../jobs/bridge.ts';
import type { TrainingJobs } from '../../jobs/training.ts';
import { mcConfigSteps, mcKey } from '../../evaluate/monte-carlo.ts';
import type { TrainProgress } from '../../training/index.ts';
import { estimateConfigTrainSeconds, estimateMcSeconds, longWorkWarning } from '../../schema/limits.ts';
import { configKey } from '../derive.ts';
import { notify, now, type ExplorerState, type Slice, type SliceContext } from './types.ts';

export type JobsSlice = Slice<
  'monteCarlo' | 'training' | 'study' | 'claim',
  | 'runMonteCarlo'
  | 'cancelMonteCarlo'
  | 'runTraining'
  | 'cancelTraining'
  | 'runStudy'
  | 'cancelStudy'
  | 'runClaim'
  | 'cancelClaim'
>;

type StreamKey = 'monteCarlo' | 'training' | 'study' | 'claim';

export function createJobsSlice(ctx: SliceContext): JobsSlice {
  const { set, get, deps } = ctx;
  const controllers: Partial<Record<StreamKey, AbortController>> = {};
  const needTraining = (): TrainingJobs => {
    if (!deps.training) throw new Error('no training engine in this context');
    return deps.training;
  };
  const warn = (warning: string | undefined) => {
    if (warning) notify(ctx, warning);
  };

  async function streamJob<K extends StreamKey, V>(
    key: K,
    label: string,
    initial: Omit<ExplorerState[K], 'status' | 'jobId'>,
    run: (patch: (p: (cur: ExplorerState[K]) => Partial<ExplorerState[K]>) => void, signal: AbortSignal) => Promise<V>,
    onDone: (value: V) => Partial<ExplorerState[K]>,
  ): Promise<void> {
    controllers[key]?.abort();
    const ctl = new AbortController();
    controllers[key] = ctl;
    const jobId = get()[key].jobId + 1;
    const current = () => get()[key].jobId === jobId;
    const patch = (p: (cur: ExplorerState[K]) => Partial<ExplorerState[K]>) => {
      if (current()) set((s) => ({ [key]: { ...s[key], ...p(s[key]) } }) as Partial<ExplorerState>);
    };
    set({ [key]: { ...initial, status: 'running', jobId } } as Partial<ExplorerState>);
    try {
      const value = await run(patch, ctl.signal);
      patch(() => ({ ...onDone(value), status: 'done', value }) as Partial<ExplorerState[K]>);
    } catch (e) {
      if (!current()) return;
      if (e instanceof AbortError) {
        patch(() => ({ status: 'idle', error: 'cancelled' }) as Partial<ExplorerState[K]>);
        return;
      }
      const msg = `${label} failed: ${(e as Error).message}`;
      patch(() => ({ status: 'error', error: msg }) as Partial<ExplorerState[K]>);
      notify(ctx, msg);
    }
  }

  return {
    monteCarlo: { status: 'idle', jobId: 0 },
    training: { status: 'idle', jobId: 0, progress: [] },
    study: { status: 'idle', jobId: 0, points: [] },
    claim: { status: 'idle', jobId: 0, points: [] },
    actions: {
      runMonteCarlo(req) {
        let steps = 0;
        try {
          steps = mcConfigSteps(get().config, req.trajectories);
        } catch {
          // an invalid device point: the job itself reports the named error
        }
        warn(
          longWorkWarning(
            `this Monte Carlo run (${req.trajectories} trajectories per direction)`,
            estimateMcSeconds(steps),
          ),
        );
        return streamJob(
          'monteCarlo',
          'Monte Carlo',
          { configKey: mcKey(get().config) },
          (patch, signal) =>
            deps.analytic.monteCarlo(get().config, req, (partial) => patch(() => ({ partial })), signal),
          (value) => ({ partial: value.directions }),
        );
      },
      cancelMonteCarlo() {
        controllers.monteCarlo?.abort();
      },
      runTraining() {
        const t0 = now();
        warn(longWorkWarning('this training run', estimateConfigTrainSeconds(get().config.training)));
        return streamJob(
          'training',
          'training',
          { progress: [], configKey: configKey(get().config) },
          (patch, signal) =>
            needTraining().train(
              get().config,
              // a re-issued run (after a worker crash) starts again: its first step replaces the old series
              (p) => patch((cur) => ({ progress: appendProgress(cur.progress, p) })),
              signal,
            ),
          () => ({ latencyMs: now() - t0 }),
        );
      },
      cancelTraining() {
        controllers.training?.abort();
      },
      runStudy(spec) {
        // one clean run, then every target at every rate: each a training of the current configuration
        const runs = 1 + spec.targets.length * spec.rates.length;
        const t = runs * estimateConfigTrainSeconds(get().config.training);
        warn(longWorkWarning(`this tolerance study (${runs} training runs)`, t));
        return streamJob(
          'study',
          'tolerance study',
          { points: [] },
          (patch, signal) =>
            needTraining().study(
              get().config,
              spec,
              // a re-issued study reports its points again: keep one per (target, rate)
              (p) =>
                patch((cur) => ({
                  points: [...cur.points.filter((q) => q.target !== p.target || q.rate !== p.rate), p],
                })),
              signal,
            ),
          () => ({}),
        );
      },
      cancelStudy() {
        controllers.study?.abort();
      },
      runClaim(spec) {
        return streamJob(
          'claim',
          'claim check',
          { points: [] },
          (patch, signal) => {
            const jobs = needTraining();
            if (!jobs.claim) throw new Error('no claim check in this context');
            return jobs.claim(get().config, spec, (p) => patch((cur) => ({ points: [...cur.points, p] })), signal);
          },
          () => ({}),
        );
      },
      cancelClaim() {
        controllers.claim?.abort();
      },
    },
  };
}

/** Appends a progress event; a step at or before the last one means the run restarted, so it starts a new series. */
export function appendProgress(list: TrainProgress[], p: TrainProgress): TrainProgress[] {
  const last = list[list.length - 1];
  return last && p.step <= last.step ? [p] : [...list, p];
}
