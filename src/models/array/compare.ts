/**
 * Helpers for the SRAM-vs-MRAM panel: both technologies at one capacity with the iso-area MRAM, and
 * each metric against capacity for both technologies.
 */
import { infeasible, type ModelResult } from '../result.ts';
import { evaluateArray, isoAreaCapacity } from './evaluate.ts';
import { LIMITS } from './params.ts';
import type { ArrayInput, ArrayResult } from './types.ts';

/** Inputs shared by the SRAM and MRAM sides (the MRAM-only fields are ignored for SRAM). */
export type CommonArrayInput = Omit<ArrayInput, 'tech'>;

function strip(r: ModelResult<ArrayResult>): ArrayResult | Extract<ModelResult<ArrayResult>, { ok: false }> {
  if (!r.ok) return r;
  const { ok: _ok, ...rest } = r;
  return rest;
}

/** SRAM and MRAM at the same capacity (iso-capacity) plus the largest MRAM in the SRAM's area (iso-area). */
export function compareTechnologies(common: CommonArrayInput): ModelResult<{
  sram: ArrayResult;
  mram: ArrayResult;
  isoArea: { capacityBytes: number; result: ArrayResult; sramAreaMm2: number };
}> {
  const { cell: _cell, mramWrite: _write, ...sramCommon } = common;
  const sramInput: ArrayInput = { ...sramCommon, tech: 'sram' };
  const mramInput: ArrayInput = { ...common, tech: 'mram' };
  const s = strip(evaluateArray(sramInput));
  if ('ok' in s) return infeasible(`SRAM: ${s.reason}`, s.hint ? { hint: s.hint } : {});
  const m = strip(evaluateArray(mramInput));
  if ('ok' in m) return infeasible(`MRAM: ${m.reason}`, m.hint ? { hint: m.hint } : {});
  const { capacityBytes: _c, ...mramNoCap } = mramInput;
  const iso = isoAreaCapacity(sramInput, mramNoCap);
  if (!iso.ok) return infeasible(`iso-area: ${iso.reason}`, iso.hint ? { hint: iso.hint } : {});
  return {
    ok: true,
    sram: s,
    mram: m,
    isoArea: { capacityBytes: iso.capacityBytes, result: iso.result, sramAreaMm2: iso.sramAreaMm2 },
  };
}

/** One point of a capacity sweep: the result, or why the point is infeasible. */
export interface SweepPoint {
  capacityBytes: number;
  sram: ArrayResult | null;
  mram: ArrayResult | null;
  /** Reasons for infeasible points, by technology. */
  reasons?: { sram?: string; mram?: string };
}

/** Every power-of-two capacity from `fromBytes` to `toBytes` (default 64 KiB .. 256 MiB), both technologies. */
export function capacitySweep(
  common: Omit<CommonArrayInput, 'capacityBytes'>,
  fromBytes: number = LIMITS.minCapacityBytes,
  toBytes: number = LIMITS.maxCapacityBytes,
): SweepPoint[] {
  const out: SweepPoint[] = [];
  const { cell: _cell, mramWrite: _write, ...sramCommon } = common;
  for (
    let cap = Math.max(fromBytes, LIMITS.minCapacityBytes);
    cap <= Math.min(toBytes, LIMITS.maxCapacityBytes);
    cap *= 2
  ) {
    const s = strip(evaluateArray({ ...sramCommon, tech: 'sram', capacityBytes: cap }));
    const m = strip(evaluateArray({ ...common, tech: 'mram', capacityBytes: cap }));
    const p: SweepPoint = { capacityBytes: cap, sram: 'ok' in s ? null : s, mram: 'ok' in m ? null : m };
    if ('ok' in s || 'ok' in m) {
      p.reasons = { ...('ok' in s && { sram: s.reason }), ...('ok' in m && { mram: m.reason }) };
    }
    out.push(p);
  }
  return out;
}
