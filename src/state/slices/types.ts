/**
 * The explorer store's state and actions, and what a slice is. The store (../store.ts) is composed from
 * typed slices: configuration, analytic results, streamed jobs, sweep, talk (one file each here).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AnalyticOutcome, ExplainOutcome } from '../../evaluate/analytic.ts';
import type { ConfigIssue, ExplorerConfig } from '../../schema/schema.ts';
import type { AnalyticJobs } from '../../jobs/analytic.ts';
import type { ClaimViewSpec, SweepWorker, TrainingJobs } from '../../jobs/training.ts';
import type { SweepStatus } from '../../jobs/sweep-runner.ts';
import type { SweepSpec } from '../../schema/sweep.ts';
import type { SweepRow } from '../../evaluate/sweep-points.ts';
import type { StudyClaim, ValidationRow } from '../../evaluate/validation.ts';
import type { McDirectionSummary, McRequest, McSummary } from '../../evaluate/monte-carlo.ts';
import type { StudyPoint, StudyResult, StudySpec, TrainProgress, TrainResult } from '../../training/index.ts';
import type { ClaimPoint, ClaimResult } from '../../training/claim.ts';
import type { Scene } from '../../schema/scenes.ts';
import type { SweepForm } from '../sweep-form.ts';

export interface JobState<T> {
  status: 'idle' | 'running' | 'done' | 'error';
  /** Increases with every job started; results of older jobs are ignored. */
  jobId: number;
  value?: T;
  error?: string;
  /** Wall time from the action to the result (ms), for the latency benchmark. */
  latencyMs?: number;
}

/** A file the user picked (the browser's File has these; tests pass a plain object). */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface SweepState {
  status: SweepStatus;
  done: number;
  total: number;
  rows: SweepRow[];
  spec?: SweepSpec;
  /** The page's own default sweep, started without a click (the panel says so; a click replaces it). */
  auto?: boolean;
  /** Why the sweep form could not start a sweep (a bad entry), until a sweep starts. */
  formError?: string;
}

export interface ExplorerActions {
  // configuration slice
  /** Set one field by path; an invalid value becomes an issue and leaves the config unchanged. */
  setField(path: string, value: unknown): boolean;
  /** Replace the whole configuration (already validated). */
  setConfig(config: ExplorerConfig, issues?: ConfigIssue[]): void;
  /** Load a configuration JSON file (bounded size and depth); its problems become named issues. */
  importConfig(file: PickedFile): Promise<void>;
  dismissIssues(): void;
  dismissNotice(i: number): void;
  // analytic slice
  runAnalytic(): Promise<void>;
  loadValidation(): Promise<void>;
  /** NVSim .cfg/.cell files of the current configuration (computed in the model worker). */
  nvsimFiles(): Promise<Record<string, string>>;
  /** "Why this ratio": ladder and sensitivity of the current configuration (computed in the model worker). */
  explainRatio(): Promise<ExplainOutcome>;
  // streamed-jobs slice
  runMonteCarlo(req: McRequest): Promise<void>;
  cancelMonteCarlo(): void;
  /** Train the current configuration (accuracy under its write errors); cached by the worker. */
  runTraining(): Promise<void>;
  cancelTraining(): void;
  runStudy(spec: StudySpec): Promise<void>;
  cancelStudy(): void;
  runClaim(spec: ClaimViewSpec): Promise<void>;
  cancelClaim(): void;
  // sweep slice
  /** `background`: the page's own default sweep, started without a click; it gives no long-work notice. */
  startSweep(spec: SweepSpec, opts?: { background?: boolean }): void;
  /** The sweep form over the current configuration; a bad entry sets `sweep.formError` and starts nothing. */
  startSweepForm(form: SweepForm): boolean;
  /**
   * The default sweep (DEFAULT_SWEEP_FORM) in the background, over the current configuration or, in talk
   * mode, over the scene that shows the front. Never replaces a sweep the user started.
   */
  startDefaultSweep(): void;
  pauseSweep(): void;
  resumeSweep(): void;
  cancelSweep(): void;
  // talk slice
  /** Talk mode: load scene i (its configuration, visible controls and panels). */
  goToScene(i: number): void;
  setScenes(scenes: Scene[]): void;
  /** Load a scenes JSON file; answers the error message, or null when the scenes were loaded. */
  importScenes(file: PickedFile): Promise<string | null>;
  exitTalk(): void;
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
  sweep: SweepState;
  actions: ExplorerActions;
}

export interface StoreDeps {
  analytic: AnalyticJobs;
  training?: TrainingJobs;
  /** Creates the sweep worker pool (lazily, on the first sweep). */
  sweepPool?: () => SweepWorker[];
}

export interface SliceContext {
  set: StoreApi<ExplorerState>['setState'];
  get: () => ExplorerState;
  deps: StoreDeps;
}

/** A slice: some of the state's fields and some of its actions. */
export type Slice<K extends Exclude<keyof ExplorerState, 'actions'>, A extends keyof ExplorerActions> = Pick<
  ExplorerState,
  K
> & { actions: Pick<ExplorerActions, A> };

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

/** Adds a notice to the store (see pushNotice). */
export function notify({ set }: SliceContext, msg: string): void {
  set((s) => ({ notices: pushNotice(s.notices, msg) }));
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
