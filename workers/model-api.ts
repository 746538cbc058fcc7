/**
 * The model worker's API as plain exported functions over the pure analytic models
 * (src/config/analytic.ts); model.worker.ts only exposes it. Chart arrays travel back as transferables.
 */
import * as Comlink from 'comlink';
import { evaluateAnalytic, type AnalyticOutcome } from '../src/config/analytic.ts';
import type { ExplorerConfig } from '../src/config/schema.ts';
import {
  studyClaims,
  validateAgainstReferences,
  type StudyClaim,
  type ValidationRow,
} from '../src/config/validation.ts';
import nvsimCsv from '../test/reference/nvsim/nvsim_runs.csv?raw';
import sramCell from '../test/reference/nvsim/SRAM.cell?raw';
import sttCell from '../test/reference/nvsim/sample_STTRAM.cell?raw';
import scalesimCsv from '../test/reference/scalesim/scalesim_v2_runs.csv?raw';

function transferables(o: AnalyticOutcome): Transferable[] {
  if (!o.ok) return [];
  const c = o.result.device.curves;
  return [c.pulsesS.buffer, ...c.curves.map((x) => x.wer.buffer)];
}

export const modelApi = {
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
