/**
 * The verdict in words, from the analytic result: the SRAM/MRAM energy ratio per training step, the
 * component that moves most between the two designs, and (when training results exist) the accuracies.
 * Pure: unit-tested without rendering.
 */
import { formatSI } from '../models/units.ts';

/** Energy per step by component (J), as the system model reports it (any component names). */
export type Breakdown = Readonly<Record<string, number>>;

export interface VerdictInput {
  /** SRAM energy / design energy per step, for the comparison shown. */
  ratio: number;
  iso: 'capacity' | 'area';
  sram: { energyPerStepJ: number; breakdown: Breakdown };
  design: { energyPerStepJ: number; breakdown: Breakdown };
  /** Every tensor class in SRAM: the design is the baseline itself. */
  allSram?: boolean;
  /** Test accuracy of this design and of the SRAM baseline (0..1), where trained. */
  accuracy?: { design?: number; sram?: number };
}

export const COMPONENT_WORDS: Record<string, string> = {
  compute: 'compute',
  read: 'scratchpad reads',
  write: 'scratchpad writes',
  leakage: 'leakage',
  dram: 'DRAM traffic',
};

const pct = (a: number) => `${(100 * a).toFixed(1)} %`;
const signedJ = (j: number) => `${j < 0 ? '−' : '+'}${formatSI(Math.abs(j), 'J', 3)}`;

/** The component whose energy changes most from SRAM to the design, in the direction of the net change. */
export function dominantComponent(
  sram: Breakdown,
  design: Breakdown,
): { key: string; deltaJ: number; netJ: number } | undefined {
  const keys = Object.keys(sram).filter((k) => Number.isFinite(sram[k]) && Number.isFinite(design[k]));
  if (!keys.length) return undefined;
  const delta = (k: string) => design[k]! - sram[k]!;
  const netJ = keys.reduce((s, k) => s + delta(k), 0);
  // the largest change with the sign of the net change (what the difference comes "mostly from")
  const sign = netJ < 0 ? -1 : 1;
  let best = keys[0]!;
  for (const k of keys) if (sign * delta(k) > sign * delta(best)) best = k;
  return { key: best, deltaJ: delta(best), netJ };
}

/** One sentence: "This MRAM design uses 3.10× less energy per training step than SRAM at equal capacity, …". */
export function verdictSentence(v: VerdictInput): string {
  const at = v.iso === 'area' ? 'at equal area' : 'at equal capacity';
  const acc = accuracyClause(v.accuracy);
  if (v.allSram) return `This design keeps every tensor class in SRAM: it is the baseline${acc ? `; ${acc}` : ''}.`;
  if (!Number.isFinite(v.ratio) || v.ratio <= 0) return 'No energy comparison for this design point.';
  let head: string;
  if (Math.abs(v.ratio - 1) < 0.005)
    head = `This MRAM design uses about the same energy per training step as SRAM ${at}`;
  else if (v.ratio > 1)
    head = `This MRAM design uses ${v.ratio.toFixed(2)}× less energy per training step than SRAM ${at}`;
  else head = `This MRAM design uses ${(1 / v.ratio).toFixed(2)}× more energy per training step than SRAM ${at}`;
  const dom = dominantComponent(v.sram.breakdown, v.design.breakdown);
  let why = '';
  if (dom && Math.abs(dom.netJ) > 0 && Math.abs(v.ratio - 1) >= 0.005) {
    why = `, mostly from ${COMPONENT_WORDS[dom.key] ?? dom.key} (${signedJ(dom.deltaJ)} of the ${signedJ(dom.netJ)} difference per step)`;
  }
  return `${head}${why}${acc ? `; ${acc}` : ''}.`;
}

function accuracyClause(a: VerdictInput['accuracy']): string {
  if (!a) return '';
  if (a.design !== undefined && a.sram !== undefined) return `accuracy ${pct(a.design)} vs ${pct(a.sram)} (SRAM)`;
  if (a.design !== undefined) return `accuracy ${pct(a.design)} (trained here; SRAM not trained yet)`;
  if (a.sram !== undefined) return `SRAM accuracy ${pct(a.sram)} (this design not trained yet)`;
  return '';
}
