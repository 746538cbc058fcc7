/**
 * The model worker's API as plain exported functions over the pure analytic models
 * (src/evaluate/analytic.ts); model.worker.ts only exposes it. Chart arrays travel back as transferables.
 */
import * as Comlink from 'comlink';
import { evaluateAnalytic, explainAnalytic, nvsimFiles, type AnalyticOutcome } from '../src/evaluate/analytic.ts';
import type { ExplorerConfig } from '../src/schema/schema.ts';
import {
  mcPulseS,
  runMcChunk,
  runMonteCarloCpu,
  summarize,
  type McChunk,
  type McChunkResult,
  type McDirectionSummary,
  type McRequest,
  type McSummary,
} from '../src/evaluate/monte-carlo.ts';
import { probeWebGpu, runSllgWebGpu } from '../src/gpu/sllg-webgpu.ts';
import {
  studyClaims,
  validateAgainstReferences,
  type StudyClaim,
  type ValidationRow,
} from '../src/evaluate/validation.ts';
import nvsimCsv from '../src/reference/nvsim/nvsim_runs.csv?raw';
import sramCell from '../src/reference/nvsim/SRAM.cell?raw';
import sttCell from '../src/reference/nvsim/sample_STTRAM.cell?raw';
import scalesimCsv from '../src/reference/scalesim/scalesim_v2_runs.csv?raw';
import { deviceParamsFor } from '../src/evaluate/adapter.ts';

function transferables(o: AnalyticOutcome): Transferable[] {
  if (!o.ok || !o.result.device.ok) return [];
  const c = o.result.device.curves;
  return [c.pulsesS.buffer, ...c.curves.map((x) => x.wer.buffer)];
}

export const modelApi = {
  /** NVSim .cfg and .cell files of the current configuration (SRAM, and MRAM at the relaxed write). */
  nvsim(config: ExplorerConfig): Record<string, string> {
    return nvsimFiles(config);
  },
  /**
   * sLLG Monte Carlo at the relaxed write voltage, both directions, streamed as trajectories finish.
   * engine 'auto' uses WebGPU when an adapter exists, else the CPU engine (in this one worker), and says which
   * and why. The browser runs the CPU engine over a worker pool instead (src/jobs/mc-pool.ts: monteCarloGpu,
   * then monteCarloChunk on every worker).
   */
  async monteCarlo(
    config: ExplorerConfig,
    req: McRequest,
    onPartial?: (s: McDirectionSummary[]) => void,
  ): Promise<McSummary> {
    const base = { voltageV: config.device.voltageV, pulseWidthS: mcPulseS(config) };
    let note = 'CPU engine (chosen)';
    if (req.engine !== 'cpu') {
      const g = await modelApi.monteCarloGpu(config, req, onPartial);
      if (!('fallback' in g)) return g;
      note = g.fallback;
    }
    const dirs = runMonteCarloCpu(config, req, (s) => onPartial?.(s));
    return { ...base, engineNote: note, directions: dirs, workers: 1 };
  },
  /**
   * The WebGPU engine (single device), for engine 'auto' or 'webgpu'. Where 'auto' finds no usable adapter it
   * returns { fallback: why } and the caller runs the CPU engine; 'webgpu' then throws instead.
   */
  async monteCarloGpu(
    config: ExplorerConfig,
    req: McRequest,
    onPartial?: (s: McDirectionSummary[]) => void,
  ): Promise<McSummary | { fallback: string }> {
    const base = { voltageV: config.device.voltageV, pulseWidthS: mcPulseS(config) };
    if (req.engine === 'cpu') return { fallback: 'CPU engine (chosen)' };
    const probe = await probeWebGpu();
    if (!probe.ok) {
      if (req.engine === 'webgpu') throw new Error(`no WebGPU: ${probe.reason}`);
      return { fallback: `CPU engine: no WebGPU adapter (${probe.reason})` };
    }
    const a = probe.adapter;
    const sw =
      probe.isFallbackAdapter ||
      /swiftshader|llvmpipe|software/i.test(`${a.vendor} ${a.architecture} ${a.description}`);
    const label = `WebGPU (${[a.vendor, a.architecture].filter(Boolean).join(' ') || 'adapter'})${sw ? ', a software adapter' : ''}`;
    try {
      const dirs: McDirectionSummary[] = [];
      for (const dir of ['pToAp', 'apToP'] as const) {
        const r = await runSllgWebGpu(deviceParamsFor(config), base.voltageV, base.pulseWidthS, dir, {
          trajectories: req.trajectories,
          seed: config.seed,
          tablePoints: 30,
        });
        dirs.push(summarize(config, r));
        onPartial?.([...dirs]);
      }
      return { ...base, engineNote: label, directions: dirs };
    } catch (e) {
      if (req.engine === 'webgpu') throw e;
      return { fallback: `WebGPU failed (${(e as Error).message}); ran on the CPU engine` };
    }
  },
  /** One block of CPU Monte Carlo trajectories (the worker pool's unit of work); the steps travel back transferred. */
  monteCarloChunk(config: ExplorerConfig, req: Pick<McRequest, 'trajectories'>, chunk: McChunk): McChunkResult {
    const r = runMcChunk(config, req, chunk);
    return Comlink.transfer(r, [r.steps.buffer as ArrayBuffer]);
  },
  /** "Why this ratio": the ladder of cited assumptions and the sensitivity of the current configuration. */
  explain(config: ExplorerConfig): ReturnType<typeof explainAnalytic> {
    return explainAnalytic(config);
  },
  /** The validation view: recorded NVSim and SCALE-Sim runs beside our models, and the study's claims. */
  validate(): { rows: ValidationRow[]; claims: StudyClaim[] } {
    return { rows: validateAgainstReferences({ nvsimCsv, sramCell, sttCell, scalesimCsv }), claims: studyClaims() };
  },
  evaluate(config: ExplorerConfig, opts: { crashForTest?: boolean } = {}): AnalyticOutcome {
    if (opts.crashForTest) {
      // Test hook: an uncaught error kills this job without an answer, as a real crash would.
      setTimeout(() => {
        throw new Error('deliberate crash (test hook)');
      });
      return new Promise<never>(() => undefined) as never;
    }
    const t0 = performance.now();
    const out = evaluateAnalytic(config);
    if (out.ok) out.result.elapsedMs = performance.now() - t0;
    return Comlink.transfer(out, transferables(out));
  },
};

export type ModelApi = typeof modelApi;
