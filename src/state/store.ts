/**
 * The explorer store (zustand vanilla): the configuration is the single source of truth; actions turn it
 * into jobs (src/jobs) whose results stream back here. Testable in Node without rendering: jobs are
 * injected.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AnalyticOutcome, ExplainOutcome } from '../evaluate/analytic.ts';
import {
  FIELD_BY_PATH,
  defaultConfig,
  setPath,
  validateField,
  type ConfigIssue,
  type ExplorerConfig,
} from '../schema/schema.ts';
import { FieldError } from '../models/errors.ts';
import { AbortError, WorkerFailedError } from '../jobs/bridge.ts';
import type { AnalyticJobs } from '../jobs/analytic.ts';
import type { ClaimViewSpec, SweepWorker, TrainingJobs } from '../jobs/training.ts';
import { SweepRunner, type SweepStatus } from '../jobs/sweep-runner.ts';
import { enumeratePoints, type SweepSpec } from '../schema/sweep.ts';
import { type SweepRow } from '../evaluate/sweep-points.ts';
import type { StudyClaim, ValidationRow } from '../evaluate/validation.ts';
import {
  mcConfigSteps,
  mcKey,
  type McDirectionSummary,
  type McRequest,
  type McSummary,
} from '../evaluate/monte-carlo.ts';
import type { StudyPoint, StudyResult, StudySpec, TrainProgress, TrainResult } from '../training/index.ts';
import type { ClaimPoint, ClaimResult } from '../training/claim.ts';
import { DEFAULT_SCENES, hiddenFor, type Scene } from '../schema/scenes.ts';
import { decodeConfig, encodeConfig } from '../schema/url.ts';
import { estimateConfigTrainSeconds, estimateMcSeconds, longWorkWarning } from '../schema/limits.ts';

export interface JobState<T> {
  status: 'idle' | 'running' | 'done' | 'error';
  /** Increases with every job started; results of older jobs are ignored. */
  jobId: number;
  value?: T;
  error?: string;
  /** Wall time from the action to the result (ms), for the latency benchmark. */
  latencyMs?: number;
}

export interface ExplorerState {
  config: ExplorerConfig;
  /** Problems with the input (URL, JSON import, controls): shown in the banner. */
  issues: ConfigIssue[];
  /** Worker failures and other notices for the user. */
  notices: string[];
  analytic: JobState<AnalyticOutcome>;
  /** Talk-mode scenes (defaults, or a list the user loaded). */
  scenes: Scene[];
  monteCarlo: JobState<McSummary> & { partial?: McDirectionSummary[]; configKey?: string };
  validation: JobState<{ rows: ValidationRow[]; claims: StudyClaim[] }>;
  training: JobState<TrainResult> & { progress: TrainProgress[]; configKey?: string };
  study: JobState<StudyResult> & { points: StudyPoint[] };
  /** The claim checked in the tolerance view (per class and heterogeneous: lowest-energy write within 1 pp). */
  claim: JobState<ClaimResult> & { points: ClaimPoint[] };
  sweep: {
    status: SweepStatus;
    done: number;
    total: number;
    rows: SweepRow[];
    spec?: SweepSpec;
  };
  actions: {
    /** Set one field by path; an invalid value becomes an issue and leaves the config unchanged. */
    setField(path: string, value: unknown): boolean;
    /** Replace the whole configuration (already validated). */
    setConfig(config: ExplorerConfig, issues?: ConfigIssue[]): void;
    dismissIssues(): void;
    dismissNotice(i: number): void;
    runAnalytic(): Promise<void>;
    /** Talk mode: load scene i (its configuration, visible controls and panels). */
    loadValidation(): Promise<void>;
    /** NVSim .cfg/.cell files of the current configuration (computed in the model worker). */
    nvsimFiles(): Promise<Record<string, string>>;
    /** "Why this ratio": ladder and sensitivity of the current configuration (computed in the model worker). */
    explainRatio(): Promise<ExplainOutcome>;
    runMonteCarlo(req: McRequest): Promise<void>;
    cancelMonteCarlo(): void;
    /** Train the current configuration (accuracy under its write errors); cached by the worker. */
    runTraining(): Promise<void>;
    cancelTraining(): void;
    runStudy(spec: StudySpec): Promise<void>;
    cancelStudy(): void;
    runClaim(spec: ClaimViewSpec): Promise<void>;
    cancelClaim(): void;
    /** `background`: the page's own default sweep, started without a click; it gives no long-work notice. */
    startSweep(spec: SweepSpec, opts?: { background?: boolean }): void;
    pauseSweep(): void;
    resumeSweep(): void;
    cancelSweep(): void;
    goToScene(i: number): void;
    setScenes(scenes: Scene[]): void;
    exitTalk(): void;
  };
}

export interface StoreDeps {
  analytic: AnalyticJobs;
  training?: TrainingJobs;
  /** Creates the sweep worker pool (lazily, on the first sweep). */
  sweepPool?: () => SweepWorker[];
}

export type ExplorerStore = StoreApi<ExplorerState>;

export function createExplorerStore(
  deps: StoreDeps,
  init: { config?: ExplorerConfig; issues?: ConfigIssue[] } = {},
): ExplorerStore {
  let analyticCtl: AbortController | null = null;
  let runner: SweepRunner | null = null;
  let pool: SweepWorker[] | null = null;
  const needTraining = (): TrainingJobs => {
    if (!deps.training) throw new Error('no training engine in this context');
    return deps.training;
  };
  return createStore<ExplorerState>()((set, get) => {
    type StreamKey = 'monteCarlo' | 'training' | 'study' | 'claim';
    const controllers: Partial<Record<StreamKey, AbortController>> = {};
    /**
     * A streamed job (Monte Carlo, training, tolerance study): supersedes the previous one of its kind
     * (aborted), applies partial results only while it is current, and turns a failure into a notice.
     */
    async function streamJob<K extends StreamKey, V>(
      key: K,
      label: string,
      initial: Omit<ExplorerState[K], 'status' | 'jobId'>,
      run: (
        patch: (p: (cur: ExplorerState[K]) => Partial<ExplorerState[K]>) => void,
        signal: AbortSignal,
      ) => Promise<V>,
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
        set((s) => ({ notices: pushNotice(s.notices, msg) }));
      }
    }

    return {
      config: init.config ?? defaultConfig(),
      issues: init.issues ?? [],
      notices: [],
      analytic: { status: 'idle', jobId: 0 },
      scenes: DEFAULT_SCENES,
      validation: { status: 'idle', jobId: 0 },
      monteCarlo: { status: 'idle', jobId: 0 },
      training: { status: 'idle', jobId: 0, progress: [] },
      study: { status: 'idle', jobId: 0, points: [] },
      claim: { status: 'idle', jobId: 0, points: [] },
      sweep: { status: 'idle', done: 0, total: 0, rows: [] },
      actions: {
        setField(path, value) {
          const f = FIELD_BY_PATH.get(path);
          if (!f) {
            set((s) => ({
              issues: [
                ...s.issues,
                { field: path, value, accepted: 'a known field', message: `${path}: unknown field` },
              ],
            }));
            return false;
          }
          try {
            const v = validateField(f, value);
            set((s) => ({ config: setPath(s.config, path, v), issues: s.issues.filter((i) => i.field !== path) }));
          } catch (e) {
            if (!(e instanceof FieldError)) throw e;
            const issue = { field: path, value, accepted: e.accepted, message: e.message };
            set((s) => ({ issues: [...s.issues.filter((i) => i.field !== path), issue] }));
            return false;
          }
          void get().actions.runAnalytic();
          return true;
        },
        setConfig(config, issues = []) {
          set({ config, issues });
          void get().actions.runAnalytic();
        },
        dismissIssues() {
          set({ issues: [] });
        },
        dismissNotice(i) {
          set((s) => ({ notices: s.notices.filter((_, k) => k !== i) }));
        },
        runMonteCarlo(req) {
          let steps = 0;
          try {
            steps = mcConfigSteps(get().config, req.trajectories);
          } catch {
            // an invalid device point: the job itself reports the named error
          }
          const warning = longWorkWarning(
            `this Monte Carlo run (${req.trajectories} trajectories per direction)`,
            estimateMcSeconds(steps),
          );
          if (warning) set((s) => ({ notices: pushNotice(s.notices, warning) }));
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
        nvsimFiles() {
          return deps.analytic.nvsim(get().config, new AbortController().signal);
        },
        explainRatio() {
          if (!deps.analytic.explain) return Promise.resolve({ ok: false, reason: 'not available' });
          return deps.analytic.explain(get().config, new AbortController().signal);
        },
        async loadValidation() {
          set({ validation: { status: 'running', jobId: 1 } });
          try {
            const value = await deps.analytic.validate(new AbortController().signal);
            set({ validation: { status: 'done', jobId: 1, value } });
          } catch (e) {
            const msg = `validation failed: ${(e as Error).message}`;
            set((s) => ({
              validation: { status: 'error', jobId: 1, error: msg },
              notices: pushNotice(s.notices, msg),
            }));
          }
        },
        runTraining() {
          const t0 = now();
          const warning = longWorkWarning('this training run', estimateConfigTrainSeconds(get().config.training));
          if (warning) set((s) => ({ notices: pushNotice(s.notices, warning) }));
          return streamJob(
            'training',
            'training',
            { progress: [], configKey: encodeConfig(get().config) },
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
          const warning = longWorkWarning(`this tolerance study (${runs} training runs)`, t);
          if (warning) set((s) => ({ notices: pushNotice(s.notices, warning) }));
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
        startSweep(spec, opts) {
          runner?.cancel();
          if (!deps.sweepPool) throw new Error('no sweep workers in this context');
          pool ??= deps.sweepPool();
          const points = enumeratePoints(spec);
          if (spec.accuracy && !opts?.background) {
            const t = points.length * estimateConfigTrainSeconds(spec.base.training);
            const warning = longWorkWarning(`this sweep (${points.length} training runs)`, t);
            if (warning) set((s) => ({ notices: pushNotice(s.notices, warning) }));
          }
          set({ sweep: { status: 'running', done: 0, total: points.length, rows: [], spec } });
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
        pauseSweep() {
          runner?.pause();
        },
        resumeSweep() {
          runner?.resume();
        },
        cancelSweep() {
          runner?.cancel();
        },
        goToScene(i) {
          const scenes = get().scenes;
          const k = Math.max(0, Math.min(scenes.length - 1, i));
          const scene = scenes[k]!;
          const d = decodeConfig(scene.query);
          const config = { ...d.config, ui: { talk: true, scene: k, hide: hiddenFor(scene) } };
          get().actions.setConfig(config, d.issues);
        },
        setScenes(scenes) {
          set({ scenes });
          get().actions.goToScene(0);
        },
        exitTalk() {
          const c = get().config;
          get().actions.setConfig({ ...c, ui: { talk: false, scene: 0, hide: [] } }, get().issues);
        },
        async runAnalytic() {
          analyticCtl?.abort();
          const ctl = new AbortController();
          analyticCtl = ctl;
          const jobId = get().analytic.jobId + 1;
          const t0 = now();
          set((s) => ({ analytic: { ...s.analytic, status: 'running', jobId } }));
          try {
            const fresh = await deps.analytic.evaluate(get().config, ctl.signal);
            if (get().analytic.jobId !== jobId) return;
            const value = shareUnchanged(get().analytic.value, fresh);
            set({ analytic: { status: 'done', jobId, value, latencyMs: now() - t0 } });
          } catch (e) {
            if (e instanceof AbortError || get().analytic.jobId !== jobId) return;
            const msg = e instanceof WorkerFailedError ? e.message : `analytic job failed: ${(e as Error).message}`;
            set((s) => ({
              analytic: { ...s.analytic, status: 'error', error: msg },
              notices: pushNotice(s.notices, msg),
            }));
          }
        },
      },
    };
  });
}

/**
 * Adds a notice unless the same one is already shown, in which case its count goes up ("… (×3)"):
 * forty crashes make one notice with a count, not forty identical ones.
 */
export function pushNotice(notices: readonly string[], msg: string): string[] {
  const counted = /^(.*) \(×(\d+)\)$/s;
  for (let i = 0; i < notices.length; i++) {
    const n = notices[i]!;
    const m = counted.exec(n);
    const text = m ? m[1]! : n;
    if (text !== msg) continue;
    const out = [...notices];
    out[i] = `${msg} (×${(m ? Number(m[2]) : 1) + 1})`;
    return out;
  }
  return [...notices, msg];
}

/**
 * Structural sharing: every part of the new outcome whose numbers equal the previous one keeps the previous
 * object, so components and memoised charts of unchanged parts (the array curves, the nominal write, the
 * whole system section when a move does not touch it) see the same references and do not re-render.
 */
export function shareUnchanged(prev: AnalyticOutcome | undefined, next: AnalyticOutcome): AnalyticOutcome {
  if (!prev) return next;
  return shareDeep(prev, next);
}

const isPlain = (x: object) => {
  const p = Object.getPrototypeOf(x) as unknown;
  return p === Object.prototype || p === null;
};

/** `next`, with each subtree equal (numbers compared with Object.is) to the one of `prev` replaced by it. */
export function shareDeep<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (ArrayBuffer.isView(prev) || ArrayBuffer.isView(next)) {
    if (!ArrayBuffer.isView(prev) || !ArrayBuffer.isView(next) || prev.constructor !== next.constructor) return next;
    const a = prev as unknown as ArrayLike<unknown>;
    const b = next as unknown as ArrayLike<unknown>;
    if (a.length !== b.length) return next;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return next;
    return prev;
  }
  if (Array.isArray(prev) || Array.isArray(next)) {
    if (!Array.isArray(prev) || !Array.isArray(next)) return next;
    const out = next.map((x, i) => (i < prev.length ? shareDeep(prev[i] as unknown, x as unknown) : x));
    return (prev.length === next.length && out.every((x, i) => x === prev[i]) ? prev : out) as T;
  }
  if (!isPlain(prev) || !isPlain(next)) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = k in p ? shareDeep(p[k], n[k]) : n[k];
    if (v !== p[k] || !(k in p)) same = false;
    out[k] = v;
  }
  return (same ? prev : out) as T;
}

/** Appends a progress event; a step at or before the last one means the run restarted, so it starts a new series. */
export function appendProgress(list: TrainProgress[], p: TrainProgress): TrainProgress[] {
  const last = list[list.length - 1];
  return last && p.step <= last.step ? [p] : [...list, p];
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
