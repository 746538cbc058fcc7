/**
 * Entry points of the array layer: input validation, cell resolution (SRAM cell, NVSim .cell file, or
 * the device layer's write point), the organisation search, and iso-area sizing.
 */
import { checkRange, FieldError } from '../errors.ts';
import { infeasible, type ModelResult } from '../result.ts';
import { deviceWritePoint } from './device-link.ts';
import { searchOrganization, type ResolvedCell } from './model.ts';
import { DEFAULT_TEMPERATURE_K, LIMITS, SEARCH } from './params.ts';
import { technology, TECH_NAMES } from '../tech/registry.ts';
import { resolveTech, type Tech } from './tech.ts';
import type { ArrayInput, ArrayResult, CellSpec } from './types.ts';

const TARGETS = ['read-edp', 'read-latency', 'write-edp', 'area', 'leakage'] as const;

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}

/** Throws FieldError naming the first bad field of an ArrayInput. */
export function validateArrayInput(input: ArrayInput): void {
  if (input === null || typeof input !== 'object') throw new FieldError('array', input, 'an ArrayInput object');
  if (typeof input.tech !== 'string' || !TECH_NAMES.includes(input.tech))
    throw new FieldError('tech', input.tech, TECH_NAMES.join(', '));
  checkRange('capacityBytes', input.capacityBytes, LIMITS.minCapacityBytes, LIMITS.maxCapacityBytes, 'B');
  if (!isPow2(input.capacityBytes)) {
    throw new FieldError('capacityBytes', input.capacityBytes, 'a power of two from 64 KiB to 256 MiB');
  }
  checkRange('wordBits', input.wordBits, LIMITS.minWordBits, LIMITS.maxWordBits, 'bit');
  if (!isPow2(input.wordBits)) throw new FieldError('wordBits', input.wordBits, 'a power of two from 8 to 4096');
  checkRange('nodeNm', input.nodeNm, LIMITS.minNodeNm, LIMITS.maxNodeNm, 'nm');
  if (input.roadmap !== 'hp' && input.roadmap !== 'lop') throw new FieldError('roadmap', input.roadmap, 'hp or lop');
  if (!(TARGETS as readonly string[]).includes(input.target)) {
    throw new FieldError('target', input.target, TARGETS.join(', '));
  }
  if (input.banks !== undefined) {
    checkRange('banks', input.banks, 1, LIMITS.maxBanks);
    if (!isPow2(input.banks)) throw new FieldError('banks', input.banks, `a power of two from 1 to ${LIMITS.maxBanks}`);
  }
  if (input.temperatureK !== undefined) {
    checkRange('temperatureK', input.temperatureK, LIMITS.minTemperatureK, LIMITS.maxTemperatureK, 'K');
  }
  if (input.mramWrite !== undefined) {
    checkRange('mramWrite.voltageV', input.mramWrite.voltageV, 0, 5, 'V', { minExclusive: true });
    checkRange('mramWrite.pulseWidthS', input.mramWrite.pulseWidthS, 0, 1e-6, 's', { minExclusive: true });
  }
  if (input.cell !== undefined) validateCell(input.cell, input.tech);
  if (input.fixedSubarray !== undefined) {
    for (const k of ['rows', 'cols'] as const) {
      const n = input.fixedSubarray[k];
      checkRange(`fixedSubarray.${k}`, n, 32, 2048);
      if (!isPow2(n)) throw new FieldError(`fixedSubarray.${k}`, n, 'a power of two from 32 to 2048');
    }
  }
}

function validateCell(c: CellSpec, tech: string): void {
  const where = c.fileName ? `cell (${c.fileName})` : 'cell';
  const want = tech === 'sram' ? 'SRAM' : 'MRAM';
  if (c.memCellType !== want) throw new FieldError(`${where}.MemCellType`, c.memCellType, `${want} for --tech ${tech}`);
  checkRange(`${where}.CellArea`, c.areaF2, 1, 10000, 'F^2', { minExclusive: false });
  checkRange(`${where}.CellAspectRatio`, c.aspectRatio, 0.01, 100);
  checkRange(`${where}.AccessCMOSWidth`, c.accessCmosWidthF, 0.1, 100, 'F');
  if (want === 'MRAM') {
    if (c.resistanceOnOhm !== undefined) checkRange(`${where}.ResistanceOn`, c.resistanceOnOhm, 1, 1e9, 'ohm');
    if (c.resistanceOffOhm !== undefined) checkRange(`${where}.ResistanceOff`, c.resistanceOffOhm, 1, 1e9, 'ohm');
    for (const [k, v, max] of [
      ['SetCurrent', c.setCurrentA, 1],
      ['ResetCurrent', c.resetCurrentA, 1],
      ['SetPulse', c.setPulseS, 1e-3],
      ['ResetPulse', c.resetPulseS, 1e-3],
      ['SetEnergy', c.setEnergyJ, 1e-6],
      ['ResetEnergy', c.resetEnergyJ, 1e-6],
      ['ReadVoltage', c.readVoltageV, 5],
      ['ReadPower', c.readPowerW, 1],
      ['MinSenseVoltage', c.minSenseVoltageV, 5],
    ] as const) {
      if (v !== undefined) checkRange(`${where}.${k}`, v, 0, max);
    }
  }
}

/**
 * Whether the input's own cell fixes the write: it states a set/reset current or energy (NVSim semantics). A
 * cell that gives only geometry (e.g. the STT cell sized by its access transistor) takes its write and
 * resistances from the device layer when a write point is set; without a cell, the technology's own rules apply.
 */
export function inputCellFixesWrite(input: ArrayInput): boolean {
  const c = input.cell;
  return c !== undefined && [c.setCurrentA, c.resetCurrentA, c.setEnergyJ, c.resetEnergyJ].some((x) => x !== undefined);
}

/** Resolve the cell the array is built from and where its write comes from. */
export function resolveCell(input: ArrayInput, t: Tech): { cell: ResolvedCell; source: ArrayResult['writeSource'] } {
  const tech = technology(input.tech);
  if (tech.writePath === 'latch') {
    const c = input.cell ?? tech.cell;
    return {
      cell: {
        tech: input.tech,
        writePath: tech.writePath,
        areaF2: c.areaF2,
        aspectRatio: c.aspectRatio,
        accessWidthF: c.accessCmosWidthF,
        sramNmosF: c.sramNmosWidthF ?? 2.08,
        sramPmosF: c.sramPmosWidthF ?? 1.23,
        rOnOhm: 0,
        rOffOhm: 0,
        readVoltageV: 0,
        readPowerW: 0,
        writeEnergyPerBitJ: 0,
        writePulseS: 0,
        writeCurrentA: 0,
        writeVoltageV: t.vdd,
      },
      source: 'sram',
    };
  }
  const c = input.cell ?? tech.cell;
  const cellFixesWrite = inputCellFixesWrite(input);
  const base = {
    tech: input.tech,
    writePath: tech.writePath,
    areaF2: c.areaF2,
    aspectRatio: c.aspectRatio,
    accessWidthF: c.accessCmosWidthF,
    sramNmosF: 0,
    sramPmosF: 0,
  };
  if (!cellFixesWrite && tech.writePath === 'separate') {
    // A technology with its own write model (SOT-MRAM): its write point, or its nominal one.
    const point = input.mramWrite ?? tech.nominalWrite;
    if (point) {
      const w = tech.writeModel(point, { temperatureK: input.temperatureK ?? DEFAULT_TEMPERATURE_K });
      const r = tech.readModel();
      return {
        cell: {
          ...base,
          rOnOhm: r.resistancePOhm,
          rOffOhm: r.resistanceApOhm,
          readVoltageV: r.readVoltageV,
          readPowerW: (r.readVoltageV * r.readVoltageV) / r.resistancePOhm,
          ...(c.minSenseVoltageV !== undefined && { minSenseVoltageV: c.minSenseVoltageV }),
          writeEnergyPerBitJ: w.energyJ.average,
          writePulseS: point.pulseWidthS,
          writeCurrentA: w.currentA,
          writeVoltageV: point.voltageV,
        },
        source: input.mramWrite ? 'device-layer' : 'default-cell',
      };
    }
  }
  if (!cellFixesWrite && input.mramWrite !== undefined) {
    const w = deviceWritePoint(input.mramWrite.device, input.mramWrite.voltageV, input.mramWrite.pulseWidthS);
    return {
      cell: {
        ...base,
        rOnOhm: w.resistancePOhm,
        rOffOhm: w.resistanceApOhm,
        readVoltageV: w.readVoltageV,
        readPowerW: (w.readVoltageV * w.readVoltageV) / w.resistancePOhm,
        ...(c.minSenseVoltageV !== undefined && { minSenseVoltageV: c.minSenseVoltageV }),
        writeEnergyPerBitJ: w.energyPerBitJ,
        writePulseS: input.mramWrite.pulseWidthS,
        writeCurrentA: w.maxCurrentA,
        writeVoltageV: input.mramWrite.voltageV,
      },
      source: 'device-layer',
    };
  }
  // NVSim .cell semantics: explicit energies, else supply voltage x current x pulse.
  // Without a write of its own (and no device write point) a cell takes NVSim's sample STT-RAM write.
  const w = cellFixesWrite ? c : tech.cell;
  const setI = w.setCurrentA ?? 0;
  const resetI = w.resetCurrentA ?? 0;
  const setT = w.setPulseS ?? 0;
  const resetT = w.resetPulseS ?? 0;
  const setE = w.setEnergyJ ?? t.vdd * setI * setT;
  const resetE = w.resetEnergyJ ?? t.vdd * resetI * resetT;
  const rOn = c.resistanceOnOhm ?? 3000;
  const vr = c.readVoltageV ?? 0.25;
  return {
    cell: {
      ...base,
      rOnOhm: rOn,
      rOffOhm: c.resistanceOffOhm ?? 2 * rOn,
      readVoltageV: vr,
      readPowerW: c.readPowerW ?? (vr * vr) / rOn,
      ...(c.minSenseVoltageV !== undefined && { minSenseVoltageV: c.minSenseVoltageV }),
      writeEnergyPerBitJ: Math.max(setE, resetE),
      writePulseS: Math.max(setT, resetT),
      writeCurrentA: Math.max(setI, resetI),
      writeVoltageV: t.vdd,
    },
    source: cellFixesWrite ? 'cell-file' : 'default-cell',
  };
}

/** Evaluate one array configuration (organisation chosen by search). Throws FieldError on bad input. */
export function evaluateArray(input: ArrayInput): ModelResult<ArrayResult> {
  validateArrayInput(input);
  const temperatureK = input.temperatureK ?? DEFAULT_TEMPERATURE_K;
  const t = resolveTech(input.nodeNm, input.roadmap, temperatureK);
  const { cell, source } = resolveCell(input, t);
  const banks = input.banks ?? 1;
  const capacityBits = input.capacityBytes * 8;
  // Smallest bank that can deliver a word: one mat whose sub-arrays have the fewest rows searched and
  // one column per bit (two for MRAM: a current-sense amplifier spans two columns).
  const isSram = technology(input.tech).writePath === 'latch';
  const minBankBits = SEARCH.rows[0] * input.wordBits * (isSram ? 1 : 2);
  if (minBankBits > capacityBits / banks) {
    const maxBanks = Math.max(1, Math.floor(capacityBits / minBankBits));
    const maxWord = (capacityBits / banks / SEARCH.rows[0] / (isSram ? 1 : 2)) | 0;
    return infeasible(
      `a ${input.wordBits}-bit word needs at least ${minBankBits / 8} B per bank (${SEARCH.rows[0]}-row sub-arrays), but each of the ${banks} bank(s) holds ${capacityBits / banks / 8} B`,
      {
        field: 'wordBits',
        hint:
          maxBanks >= 1 && minBankBits <= capacityBits
            ? `use at most ${2 ** Math.floor(Math.log2(maxBanks))} bank(s), or a word of at most ${2 ** Math.floor(Math.log2(Math.max(1, maxWord)))} bits`
            : `use a word of at most ${2 ** Math.floor(Math.log2(Math.max(1, maxWord)))} bits or a larger capacity`,
      },
    );
  }
  const { best, tried } = searchOrganization({
    tech: t,
    cell,
    capacityBits,
    wordBits: input.wordBits,
    banks,
    target: input.target,
    fixedSubarray: input.fixedSubarray,
  });
  if (!best) {
    return infeasible(
      `no valid organisation among ${tried} tried for ${input.tech} ${input.capacityBytes} B, ${input.wordBits}-bit words, ${banks} bank(s) at ${input.nodeNm} nm`,
      {
        field: cell.writeCurrentA / t.ionN > 100 * t.featureM ? 'mramWrite.voltageV' : 'capacityBytes',
        hint:
          cell.writeCurrentA / t.ionN > 100 * t.featureM
            ? `the write current ${(cell.writeCurrentA * 1e6).toFixed(0)} uA needs a driver wider than 100 F: lower the write voltage or use a larger node`
            : 'try a wider word, fewer banks or a different capacity',
      },
    );
  }
  return {
    ok: true,
    areaMm2: best.areaM2 * 1e6,
    readLatencyS: best.readLatencyS,
    writeLatencyS: best.writeLatencyS,
    readEnergyJ: best.readEnergyJ,
    writeEnergyJ: best.writeEnergyJ,
    leakageW: best.leakageW,
    cellLeakageW: best.cellLeakageW,
    capacityBytes: input.capacityBytes,
    wordBits: input.wordBits,
    tech: input.tech,
    nodeNm: input.nodeNm,
    roadmap: input.roadmap,
    target: input.target,
    organization: best.org,
    cellWriteCurrentA: cell.writeCurrentA,
    cellWriteEnergyPerBitJ: cell.writeEnergyPerBitJ,
    cellWritePulseS: cell.writePulseS,
    writeSource: source,
    cellAreaF2: cell.areaF2,
    accessWidthF: cell.accessWidthF,
    readLatencyBreakdownS: best.readLatency,
    readEnergyBreakdownJ: best.readEnergy,
    writeEnergyBreakdownJ: best.writeEnergy,
    areaEfficiency: best.cellAreaM2 / best.areaM2,
  };
}

/**
 * Iso-area sizing: the largest power-of-two MRAM capacity whose area does not exceed the SRAM's.
 * Returns infeasible when even the smallest MRAM capacity does not fit.
 */
export function isoAreaCapacity(
  sram: ArrayInput,
  mram: Omit<ArrayInput, 'capacityBytes'>,
): ModelResult<{ capacityBytes: number; result: ArrayResult; sramAreaMm2: number }> {
  const s = evaluateArray(sram);
  if (!s.ok) return infeasible(`SRAM reference: ${s.reason}`, s.hint ? { hint: s.hint } : {});
  const area = s.areaMm2;
  let bestCap = 0;
  let best: ArrayResult | null = null;
  for (let cap = LIMITS.minCapacityBytes; cap <= LIMITS.maxCapacityBytes; cap *= 2) {
    const r = evaluateArray({ ...mram, capacityBytes: cap } as ArrayInput);
    if (!r.ok) continue;
    if (r.areaMm2 <= area) {
      bestCap = cap;
      best = r;
    } else if (bestCap > 0) break;
  }
  if (!best) {
    return infeasible(`no MRAM capacity from 64 KiB fits the SRAM area of ${area.toPrecision(3)} mm^2`, {
      hint: 'use a larger SRAM reference capacity',
    });
  }
  const { ok: _ok, ...result } = best as ArrayResult & { ok?: true };
  return { ok: true, capacityBytes: bestCap, result, sramAreaMm2: area };
}
