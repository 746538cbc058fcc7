/**
 * Per-access costs of each tensor class's scratchpad, built from the array layer (src/models/array).
 * Conventions:
 * - The array model takes power-of-two capacities from 64 KiB to 256 MiB. A class of capacity c is
 *   costed as the array of P = next power of two >= max(c, 64 KiB) (256 MiB at most): per-access
 *   energies and latencies are P's; leakage and area are P's scaled by c / P (a memory built of
 *   c / P of such an array; above 256 MiB, several 256 MiB arrays).
 * - One access moves one array word (wordBits); an element of b bits costs word energy x b / wordBits.
 * - MRAM nominal / relaxed differ only in the device write point (voltage, pulse) passed to the array.
 * - Iso-area: the MRAM capacity that fits the SRAM's area is c x (SRAM area per byte / MRAM area per
 *   byte), both taken at the same array size P (a continuous version of isoAreaCapacity()).
 * Array evaluations run an organisation search (tens to hundreds of ms); results are memoised.
 */
import type { DeviceParams } from '../device/index.ts';
import {
  evaluateArray as realEvaluateArray,
  type ArrayInput,
  type ArrayResult,
  type OptTarget,
  type Roadmap,
} from '../array/index.ts';
import type { ModelResult } from '../result.ts';
import { infeasible } from '../result.ts';
import type { MemCost, MemoryKind } from './energy.ts';

/** The array-layer functions the system layer needs (injectable for tests). */
export interface ArrayModel {
  evaluateArray(input: ArrayInput): ModelResult<ArrayResult>;
}
export const defaultArrayModel: ArrayModel = { evaluateArray: realEvaluateArray };

/** Technology settings shared by every class's memory. */
export interface MemoryTechConfig {
  nodeNm: number;
  roadmap: Roadmap;
  target: OptTarget;
  /** Array word width, bits. */
  wordBits: number;
  nominalWrite: { voltageV: number; pulseWidthS: number };
  relaxedWrite: { voltageV: number; pulseWidthS: number };
  device?: DeviceParams;
  temperatureK?: number;
}

const MIN_CAP = 64 * 1024;
const MAX_CAP = 256 * 1024 * 1024;

/** The power-of-two array size used to cost a capacity. */
export function arraySizeFor(capacityBytes: number): number {
  let p = MIN_CAP;
  while (p < capacityBytes && p < MAX_CAP) p *= 2;
  return p;
}

/** The ArrayInput of a memory kind at a power-of-two capacity. */
export function arrayInputFor(kind: MemoryKind, capacityBytes: number, mt: MemoryTechConfig): ArrayInput {
  const base: ArrayInput = {
    tech: kind === 'sram' ? 'sram' : 'mram',
    capacityBytes,
    wordBits: mt.wordBits,
    nodeNm: mt.nodeNm,
    roadmap: mt.roadmap,
    target: mt.target,
  };
  if (mt.temperatureK !== undefined) base.temperatureK = mt.temperatureK;
  if (kind !== 'sram') {
    const w = kind === 'mram-nominal' ? mt.nominalWrite : mt.relaxedWrite;
    base.mramWrite = mt.device ? { ...w, device: mt.device } : { ...w };
  }
  return base;
}

const memo = new Map<string, ModelResult<ArrayResult>>();
const memoByModel = new WeakMap<ArrayModel, Map<string, ModelResult<ArrayResult>>>();

/** evaluateArray with memoisation (by model and input). */
export function cachedEvaluateArray(model: ArrayModel, input: ArrayInput): ModelResult<ArrayResult> {
  let m = model === defaultArrayModel ? memo : memoByModel.get(model);
  if (!m) {
    m = new Map();
    memoByModel.set(model, m);
  }
  const key = JSON.stringify(input);
  let r = m.get(key);
  if (!r) {
    r = model.evaluateArray(input);
    if (m.size > 2000) m.clear();
    m.set(key, r);
  }
  return r;
}

/** Cost of one class's memory of `capacityBytes` holding elements of `elementBits`. */
export function memCostFor(
  kind: MemoryKind,
  capacityBytes: number,
  elementBits: number,
  mt: MemoryTechConfig,
  model: ArrayModel = defaultArrayModel,
): ModelResult<MemCost> {
  if (capacityBytes <= 0) {
    return {
      ok: true,
      kind,
      capacityBytes: 0,
      readEnergyPerElemJ: 0,
      writeEnergyPerElemJ: 0,
      leakageW: 0,
      areaMm2: 0,
      readLatencyS: 0,
      writeLatencyS: 0,
    };
  }
  const p = arraySizeFor(capacityBytes);
  const r = cachedEvaluateArray(model, arrayInputFor(kind, p, mt));
  if (!r.ok) return infeasible(`${kind} array of ${p} B: ${r.reason}`, r.hint ? { hint: r.hint } : {});
  const scale = capacityBytes / p;
  const perElem = elementBits / mt.wordBits;
  return {
    ok: true,
    kind,
    capacityBytes,
    readEnergyPerElemJ: r.readEnergyJ * perElem,
    writeEnergyPerElemJ: r.writeEnergyJ * perElem,
    leakageW: r.leakageW * scale,
    areaMm2: r.areaMm2 * scale,
    readLatencyS: r.readLatencyS,
    writeLatencyS: r.writeLatencyS,
  };
}

/** MRAM capacity with the area of an SRAM of `sramCapacityBytes` (see the iso-area convention above). */
export function isoAreaMramCapacity(
  sramCapacityBytes: number,
  kind: Exclude<MemoryKind, 'sram'>,
  mt: MemoryTechConfig,
  model: ArrayModel = defaultArrayModel,
): ModelResult<{ capacityBytes: number; densityRatio: number }> {
  if (sramCapacityBytes <= 0) return { ok: true, capacityBytes: 0, densityRatio: 1 };
  const p = arraySizeFor(sramCapacityBytes);
  const s = cachedEvaluateArray(model, arrayInputFor('sram', p, mt));
  if (!s.ok) return infeasible(`SRAM array of ${p} B: ${s.reason}`);
  const m = cachedEvaluateArray(model, arrayInputFor(kind, p, mt));
  if (!m.ok) return infeasible(`${kind} array of ${p} B: ${m.reason}`);
  const densityRatio = s.areaMm2 / m.areaMm2;
  return { ok: true, capacityBytes: Math.floor(sramCapacityBytes * densityRatio + 1e-6), densityRatio };
}
