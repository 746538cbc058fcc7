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
import { defaultDeviceParams, evaluateWrite, type DeviceParams } from '../device/index.ts';
import {
  DEFAULT_TEMPERATURE_K as DEFAULT_ARRAY_TEMPERATURE_K,
  cellOffCurrentPerM,
  evaluateArray as realEvaluateArray,
  type CellLeakageClass,
  type ArrayInput,
  type ArrayResult,
  type OptTarget,
  type Roadmap,
} from '../array/index.ts';
import type { ModelResult } from '../result.ts';
import { infeasible } from '../result.ts';
import type { MemCost, MemoryKind } from './energy.ts';
import { placementOption, technology } from '../tech/registry.ts';
import type { CellSpec, WritePoint } from '../tech/types.ts';

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
  /** The STT-MRAM cell (its access transistor's width and footprint); default: the NVSim sample cell. */
  mramCell?: CellSpec;
  temperatureK?: number;
  /**
   * Strings identifying everything above that a memory kind depends on (set by evaluateSystem): SRAM
   * ignores the MRAM write points and device, nominal MRAM the relaxed write. Enables memoising class costs.
   */
  keys?: Record<MemoryKind, string>;
}

/** The memo keys of a technology configuration, per memory kind. */
export function techKeys(mt: Omit<MemoryTechConfig, 'keys'>): Record<MemoryKind, string> {
  const { nominalWrite, relaxedWrite, device, mramCell, ...common } = mt;
  return {
    sram: JSON.stringify(common),
    'mram-nominal': JSON.stringify({ ...common, nominalWrite, device, mramCell }),
    'mram-relaxed': JSON.stringify({ ...common, nominalWrite, relaxedWrite, device, mramCell }),
    // SOT-MRAM writes at its own point with its own stack (src/models/tech/sot-mram): the device is not used.
    'sot-mram': JSON.stringify({ ...common, sot: writePointOf('sot-mram', mt) }),
  };
}

/** The array technology and write point of a memory kind (registry placement), null write for SRAM. */
function techOf(kind: MemoryKind): { arrayTech: ArrayInput['tech']; write: 'none' | 'nominal' | 'relaxed' | 'own' } {
  const o = placementOption(kind);
  if (!o) throw new Error(`unknown memory kind ${kind}`);
  // STT-MRAM keeps its original array name 'mram' (a JSON contract of the array layer).
  return { arrayTech: o.tech === 'stt-mram' ? 'mram' : o.tech, write: o.write };
}

/** The write point of a memory kind (undefined for SRAM). */
export function writePointOf(
  kind: MemoryKind,
  mt: Pick<MemoryTechConfig, 'nominalWrite' | 'relaxedWrite'>,
): WritePoint | undefined {
  const { arrayTech, write } = techOf(kind);
  if (write === 'nominal') return mt.nominalWrite;
  if (write === 'relaxed') return mt.relaxedWrite;
  if (write === 'own') return technology(arrayTech).nominalWrite ?? undefined;
  return undefined;
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
  const { arrayTech, write } = techOf(kind);
  const base: ArrayInput = {
    tech: arrayTech,
    capacityBytes,
    wordBits: mt.wordBits,
    nodeNm: mt.nodeNm,
    roadmap: mt.roadmap,
    target: mt.target,
  };
  if (mt.temperatureK !== undefined) base.temperatureK = mt.temperatureK;
  if (arrayTech === 'mram' && mt.mramCell) base.cell = mt.mramCell;
  const w = writePointOf(kind, mt);
  if (w && write !== 'own') base.mramWrite = mt.device ? { ...w, device: mt.device } : { ...w };
  else if (w) base.mramWrite = { ...w };
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

/** How one class's memory is built and written (all optional: absent = one bank, plain writes). */
export interface MemOptions {
  /** Banks (power of two, 1..64). */
  banks?: number;
  /** SRAM cell leakage class (SRAM only; default: the periphery roadmap's). */
  sramCell?: CellLeakageClass;
  /** Read-before-write: only switching bits are driven (MRAM only). */
  readBeforeWrite?: boolean;
  /** Fraction of written bits that switch 0->1 (P->AP) and 1->0 (AP->P), each in [0, 1]. */
  switching?: { p2ap: number; ap2p: number };
  /** Bits per element kept in reliable memory, charged at the nominal write (MRAM relaxed only). */
  protectedBits?: number;
}

const ZERO_BREAKDOWN = { htree: 0, decoder: 0, bitline: 0, senseOrCell: 0, other: 0 };

/** Per-bit cell write energy of each direction, relative to the mean of the two (device layer). */
function directionFactors(
  mt: MemoryTechConfig,
  w: { voltageV: number; pulseWidthS: number },
  kind: MemoryKind = 'mram-nominal',
): { p2ap: number; ap2p: number } {
  const { arrayTech, write } = techOf(kind);
  const e =
    write === 'own'
      ? technology(arrayTech).writeModel(w, mt.temperatureK !== undefined ? { temperatureK: mt.temperatureK } : {})
          .energyJ
      : evaluateWrite(mt.device ?? defaultDeviceParams, w.voltageV, w.pulseWidthS).writeEnergyJ;
  return e.average > 0 ? { p2ap: e.pToAp / e.average, ap2p: e.apToP / e.average } : { p2ap: 1, ap2p: 1 };
}

/**
 * Cost of one class's memory of `capacityBytes` holding elements of `elementBits`.
 * MRAM write of one element (word energies from the array, per element = x elementBits / wordBits):
 *   periphery (H-tree, decoders, mux) + bit-line drivers x driven fraction
 *   + elementBits x [(1 - p) (d01 e01 + d10 e10) + p (d01 e01' + d10 e10')] (+ one read with read-before-write)
 * where e01 / e10 are the per-bit cell energies of the two directions at this class's write point, e' at
 * the nominal write (protected fraction p of the bits), and d01 / d10 the driven fractions: 1/2 each
 * when every bit is driven (the array's mean per-bit energy), the switching fractions with read-before-write.
 */
export function memCostFor(
  kind: MemoryKind,
  capacityBytes: number,
  elementBits: number,
  mt: MemoryTechConfig,
  model: ArrayModel = defaultArrayModel,
  opts: MemOptions = {},
): ModelResult<MemCost> {
  const tk = mt.keys?.[kind];
  if (tk === undefined || model !== defaultArrayModel)
    return memCost(kind, capacityBytes, elementBits, mt, model, opts);
  let id = techIds.get(tk);
  if (id === undefined) {
    if (techIds.size > 500) {
      // the numbering starts over: the costs stored under the old numbers must go with it
      techIds.clear();
      costMemo.clear();
    }
    id = techIds.size;
    techIds.set(tk, id);
  }
  const o = opts;
  const sw = o.switching;
  const k = `${id}|${kind}|${capacityBytes}|${elementBits}|${o.banks ?? 1}|${o.sramCell ?? ''}|${o.readBeforeWrite ? 1 : 0}|${sw ? `${sw.p2ap},${sw.ap2p}` : ''}|${o.protectedBits ?? 0}`;
  let r = costMemo.get(k);
  if (!r) {
    r = memCost(kind, capacityBytes, elementBits, mt, model, opts);
    if (costMemo.size > 20000) costMemo.clear();
    costMemo.set(k, r);
  }
  return r;
}
const costMemo = new Map<string, ModelResult<MemCost>>();
const techIds = new Map<string, number>();

function memCost(
  kind: MemoryKind,
  capacityBytes: number,
  elementBits: number,
  mt: MemoryTechConfig,
  model: ArrayModel,
  opts: MemOptions,
): ModelResult<MemCost> {
  const banks = opts.banks ?? 1;
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
      banks,
      wordsPerElem: elementBits / mt.wordBits,
      cellLeakageW: 0,
    };
  }
  const p = arraySizeFor(capacityBytes);
  const input = arrayInputFor(kind, p, mt);
  if (banks !== 1) input.banks = banks;
  const r = cachedEvaluateArray(model, input);
  if (!r.ok) return infeasible(`${kind} array of ${p} B: ${r.reason}`, r.hint ? { hint: r.hint } : {});
  const scale = capacityBytes / p;
  const perElem = elementBits / mt.wordBits;
  let leakageW = r.leakageW;
  let cellLeak = r.cellLeakageW ?? 0;
  if (kind === 'sram' && opts.sramCell !== undefined && opts.sramCell !== mt.roadmap && cellLeak > 0) {
    const tK = mt.temperatureK ?? DEFAULT_ARRAY_TEMPERATURE_K;
    const ratio = cellOffCurrentPerM(mt.nodeNm, opts.sramCell, tK) / cellOffCurrentPerM(mt.nodeNm, mt.roadmap, tK);
    leakageW += cellLeak * (ratio - 1);
    cellLeak *= ratio;
  }
  let writeEnergyPerElemJ = r.writeEnergyJ * perElem;
  let writeLatencyS = r.writeLatencyS;
  const rbw = kind !== 'sram' && opts.readBeforeWrite === true;
  const pBits = kind === 'mram-relaxed' ? Math.min(elementBits, Math.max(0, opts.protectedBits ?? 0)) : 0;
  if (kind !== 'sram' && (rbw || pBits > 0)) {
    const wb = r.writeEnergyBreakdownJ ?? ZERO_BREAKDOWN;
    const d = rbw ? (opts.switching ?? { p2ap: 0.5, ap2p: 0.5 }) : { p2ap: 0.5, ap2p: 0.5 };
    const point = writePointOf(kind, mt) ?? mt.nominalWrite;
    const f = directionFactors(mt, point, kind);
    const eBit = wb.senseOrCell / mt.wordBits;
    let eBitNominal = eBit;
    let fN = f;
    if (pBits > 0) {
      const n = cachedEvaluateArray(model, {
        ...arrayInputFor('mram-nominal', p, mt),
        ...(banks !== 1 ? { banks } : {}),
      });
      if (!n.ok) return infeasible(`mram-nominal array of ${p} B: ${n.reason}`);
      eBitNominal = (n.writeEnergyBreakdownJ ?? ZERO_BREAKDOWN).senseOrCell / mt.wordBits;
      fN = directionFactors(mt, mt.nominalWrite);
    }
    const cellPerBit = (e: number, g: { p2ap: number; ap2p: number }) => e * (d.p2ap * g.p2ap + d.ap2p * g.ap2p);
    const periphery = (wb.htree + wb.decoder + wb.other) * perElem;
    const drivers = wb.bitline * perElem * (d.p2ap + d.ap2p);
    const cells = (elementBits - pBits) * cellPerBit(eBit, f) + pBits * cellPerBit(eBitNominal, fN);
    writeEnergyPerElemJ = periphery + drivers + cells + (rbw ? r.readEnergyJ * perElem : 0);
    if (rbw) writeLatencyS += r.readLatencyS;
  }
  return {
    ok: true,
    kind,
    capacityBytes,
    readEnergyPerElemJ: r.readEnergyJ * perElem,
    writeEnergyPerElemJ,
    leakageW: leakageW * scale,
    areaMm2: r.areaMm2 * scale,
    readLatencyS: r.readLatencyS,
    writeLatencyS,
    banks,
    wordsPerElem: perElem,
    cellLeakageW: cellLeak * scale,
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
  const key =
    mt.keys !== undefined && model === defaultArrayModel ? `${mt.keys[kind]}|${sramCapacityBytes}` : undefined;
  const hit = key !== undefined ? isoMemo.get(key) : undefined;
  if (hit) return hit;
  const r = isoArea(sramCapacityBytes, kind, mt, model);
  if (key !== undefined) {
    if (isoMemo.size > 2000) isoMemo.clear();
    isoMemo.set(key, r);
  }
  return r;
}
const isoMemo = new Map<string, ModelResult<{ capacityBytes: number; densityRatio: number }>>();

function isoArea(
  sramCapacityBytes: number,
  kind: Exclude<MemoryKind, 'sram'>,
  mt: MemoryTechConfig,
  model: ArrayModel,
): ModelResult<{ capacityBytes: number; densityRatio: number }> {
  const p = arraySizeFor(sramCapacityBytes);
  const s = cachedEvaluateArray(model, arrayInputFor('sram', p, mt));
  if (!s.ok) return infeasible(`SRAM array of ${p} B: ${s.reason}`);
  const m = cachedEvaluateArray(model, arrayInputFor(kind, p, mt));
  if (!m.ok) return infeasible(`${kind} array of ${p} B: ${m.reason}`);
  const densityRatio = s.areaMm2 / m.areaMm2;
  return { ok: true, capacityBytes: Math.floor(sramCapacityBytes * densityRatio + 1e-6), densityRatio };
}
