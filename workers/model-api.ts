/**
 * The model worker's API as plain exported functions over the pure analytic models
 * (src/evaluate/analytic.ts); model.worker.ts only exposes it. Chart arrays travel back as transferables.
 */
import * as Comlink from 'comlink';
import { evaluateAnalytic, explainAnalytic, nvsimFiles, type AnalyticOutcome } from '../src/evaluate/analytic.ts';
import type { ExplorerConfig } from '../src/schema/schema.ts';
import {
  mcPulseS,
  runMonteCarloCpu,
  summarize,
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
  if (!o.ok) return [];
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
   * engine 'auto' uses WebGPU when an adapter exists, else the CPU engine, and says which and why.
   */
  async monteCarlo(
    config: ExplorerConfig,
    req: McRequest,
    onPartial?: (s: McDirectionSummary[]) => void,
  ): Promise<McSummary> {
    const base = { voltageV: config.device.voltageV, pulseWidthS: mcPulseS(config) };
    let note = '';
    if (req.engine !== 'cpu') {
      const probe = await probeWebGpu();
      if (probe.ok) {
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
          note = `WebGPU failed (${(e as Error).message}); ran on the CPU engine`;
        }
      } else {
        if (req.engine === 'webgpu') throw new Error(`no WebGPU: ${probe.reason}`);
        note = `CPU engine: no WebGPU adapter (${probe.reason})`;
      }
    }
    const dirs = runMonteCarloCpu(config, req, (s) => onPartial?.(s));
    return { ...base, engineNote: note || 'CPU engine (chosen)', directions: dirs };
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
