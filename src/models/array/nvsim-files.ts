/**
 * NVSim exchange files: parse a `.cell` file into a CellSpec, and write the `.cfg` and `.cell` files for
 * an ArrayInput so a design point can be cross-checked in NVSim (formats: docs/formats.md).
 */
import { FieldError } from '../errors.ts';
import { deviceWritePoint } from './device-link.ts';
import { inputCellFixesWrite } from './evaluate.ts';
import { DEFAULT_TEMPERATURE_K } from './params.ts';
import { technology } from '../tech/registry.ts';
import type { ArrayInput, CellSpec, OptTarget } from './types.ts';

/** Keys we read, with the SI scale of their unit. */
const NUMERIC_KEYS: Record<string, { field: keyof CellSpec; scale: number }> = {
  'CellArea (F^2)': { field: 'areaF2', scale: 1 },
  CellAspectRatio: { field: 'aspectRatio', scale: 1 },
  'ResistanceOn (ohm)': { field: 'resistanceOnOhm', scale: 1 },
  'ResistanceOff (ohm)': { field: 'resistanceOffOhm', scale: 1 },
  'ReadVoltage (V)': { field: 'readVoltageV', scale: 1 },
  'MinSenseVoltage (mV)': { field: 'minSenseVoltageV', scale: 1e-3 },
  'ReadPower (uW)': { field: 'readPowerW', scale: 1e-6 },
  'ResetCurrent (uA)': { field: 'resetCurrentA', scale: 1e-6 },
  'ResetPulse (ns)': { field: 'resetPulseS', scale: 1e-9 },
  'ResetEnergy (pJ)': { field: 'resetEnergyJ', scale: 1e-12 },
  'SetCurrent (uA)': { field: 'setCurrentA', scale: 1e-6 },
  'SetPulse (ns)': { field: 'setPulseS', scale: 1e-9 },
  'SetEnergy (pJ)': { field: 'setEnergyJ', scale: 1e-12 },
  'VoltageDropAccessDevice (V)': { field: 'voltageDropAccessDeviceV', scale: 1 },
  'AccessCMOSWidth (F)': { field: 'accessCmosWidthF', scale: 1 },
  'SRAMCellNMOSWidth (F)': { field: 'sramNmosWidthF', scale: 1 },
  'SRAMCellPMOSWidth (F)': { field: 'sramPmosWidthF', scale: 1 },
};

/** Keys NVSim knows that do not change our model (accepted and ignored). */
const IGNORED_KEYS = new Set(['ResetMode', 'SetMode', 'ReadCurrent (uA)', 'CapacitanceOn (F)', 'CapacitanceOff (F)']);

/**
 * Parse an NVSim `.cell` file. Lines starting with `//` are comments. Throws FieldError naming the file,
 * line and field on anything malformed or unsupported.
 */
export function parseCellFile(text: string, fileName: string): CellSpec {
  const out: Partial<CellSpec> = { fileName };
  const nums = out as Record<string, number | undefined>;
  // Any line ending: CRLF, LF, or CR alone (classic Mac files).
  const lines = text.split(/\r\n|\r|\n/);
  const seenAt = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('//')) continue;
    const where = `${fileName}:${i + 1}`;
    const m = /^-([^:]+):\s*(.*)$/.exec(raw);
    if (!m) throw new FieldError(where, raw, 'a line of the form "-Key: value" or a // comment');
    const rawKey = m[1]!.trim();
    // a key from the file appears in messages: bounded like any quoted value
    const key = rawKey.length > 40 ? `${rawKey.slice(0, 40)}… (${rawKey.length} chars)` : rawKey;
    const value = m[2]!.trim();
    const first = seenAt.get(key);
    if (first !== undefined)
      throw new FieldError(`${where} ${key}`, value, 'each key once', `already given on line ${first}`);
    seenAt.set(key, i + 1);
    if (key === 'MemCellType') {
      if (value !== 'SRAM' && value !== 'MRAM') throw new FieldError(`${where} MemCellType`, value, 'SRAM or MRAM');
      out.memCellType = value;
      continue;
    }
    if (key === 'ReadMode') {
      if (value !== 'current' && value !== 'voltage')
        throw new FieldError(`${where} ReadMode`, value, 'current or voltage');
      out.readMode = value;
      continue;
    }
    if (key === 'AccessType') {
      if (value !== 'CMOS')
        throw new FieldError(`${where} AccessType`, value, 'CMOS (the only access device modelled)');
      out.accessType = 'CMOS';
      continue;
    }
    const spec = NUMERIC_KEYS[key];
    if (spec) {
      const n = Number(value);
      if (!/^[+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(value) || !Number.isFinite(n) || n < 0)
        throw new FieldError(`${where} ${key}`, value, 'a non-negative decimal number');
      // A zero read voltage or write pulse is no operation at all: the cell could not be read or written.
      if (n === 0 && (spec.field === 'readVoltageV' || spec.field === 'setPulseS' || spec.field === 'resetPulseS'))
        throw new FieldError(`${where} ${key}`, value, 'a positive number');
      nums[spec.field] = n * spec.scale;
      continue;
    }
    if (IGNORED_KEYS.has(key)) continue;
    throw new FieldError(
      `${where} ${key}`,
      value,
      `one of MemCellType, ReadMode, AccessType, ${Object.keys(NUMERIC_KEYS).join(', ')}`,
      'unknown key',
    );
  }
  if (!out.memCellType)
    throw new FieldError(`${fileName} MemCellType`, undefined, 'SRAM or MRAM (line -MemCellType: ...)');
  if (out.areaF2 === undefined) throw new FieldError(`${fileName} CellArea (F^2)`, undefined, 'a cell area in F^2');
  if (out.areaF2 <= 0) throw new FieldError(`${fileName} CellArea (F^2)`, out.areaF2, 'a positive area in F^2');
  if (out.memCellType === 'MRAM') {
    if (out.resistanceOnOhm === undefined || out.resistanceOffOhm === undefined) {
      throw new FieldError(
        `${fileName} ResistanceOn/ResistanceOff (ohm)`,
        undefined,
        'both resistances for an MRAM cell',
      );
    }
    if (!(out.resistanceOnOhm > 0) || !(out.resistanceOffOhm > out.resistanceOnOhm))
      throw new FieldError(
        `${fileName} ResistanceOff (ohm)`,
        out.resistanceOffOhm,
        `a value above ResistanceOn (${out.resistanceOnOhm} ohm), with ResistanceOn > 0: the AP state is the high one`,
      );
    if (out.setCurrentA === undefined && out.resetCurrentA === undefined && out.setEnergyJ === undefined) {
      throw new FieldError(`${fileName} SetCurrent (uA)`, undefined, 'a set/reset current or energy for an MRAM cell');
    }
  }
  return {
    memCellType: out.memCellType,
    areaF2: out.areaF2,
    aspectRatio: out.aspectRatio ?? 1,
    readMode: out.readMode ?? (out.memCellType === 'SRAM' ? 'voltage' : 'current'),
    accessType: 'CMOS',
    accessCmosWidthF: out.accessCmosWidthF ?? (out.memCellType === 'SRAM' ? 1.31 : 8),
    ...(out.resistanceOnOhm !== undefined && { resistanceOnOhm: out.resistanceOnOhm }),
    ...(out.resistanceOffOhm !== undefined && { resistanceOffOhm: out.resistanceOffOhm }),
    ...(out.readVoltageV !== undefined && { readVoltageV: out.readVoltageV }),
    ...(out.minSenseVoltageV !== undefined && { minSenseVoltageV: out.minSenseVoltageV }),
    ...(out.readPowerW !== undefined && { readPowerW: out.readPowerW }),
    ...(out.resetCurrentA !== undefined && { resetCurrentA: out.resetCurrentA }),
    ...(out.resetPulseS !== undefined && { resetPulseS: out.resetPulseS }),
    ...(out.resetEnergyJ !== undefined && { resetEnergyJ: out.resetEnergyJ }),
    ...(out.setCurrentA !== undefined && { setCurrentA: out.setCurrentA }),
    ...(out.setPulseS !== undefined && { setPulseS: out.setPulseS }),
    ...(out.setEnergyJ !== undefined && { setEnergyJ: out.setEnergyJ }),
    ...(out.voltageDropAccessDeviceV !== undefined && { voltageDropAccessDeviceV: out.voltageDropAccessDeviceV }),
    ...(out.sramNmosWidthF !== undefined && { sramNmosWidthF: out.sramNmosWidthF }),
    ...(out.sramPmosWidthF !== undefined && { sramPmosWidthF: out.sramPmosWidthF }),
    fileName,
  };
}

const TARGET_NAMES: Record<OptTarget, string> = {
  'read-edp': 'ReadEDP',
  'read-latency': 'ReadLatency',
  'write-edp': 'WriteEDP',
  area: 'Area',
  leakage: 'LeakagePower',
};

/** Short number formatting without float noise. */
function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A cell with a write of the models: resistances, the read at a voltage, and one set = reset write. */
function withWrite(
  c: CellSpec,
  rOnOhm: number,
  rOffOhm: number,
  readVoltageV: number,
  write: { currentA: number; pulseS: number; energyJ: number },
): CellSpec {
  return {
    ...c,
    resistanceOnOhm: rOnOhm,
    resistanceOffOhm: rOffOhm,
    readVoltageV,
    readPowerW: (readVoltageV * readVoltageV) / rOnOhm,
    setCurrentA: write.currentA,
    resetCurrentA: write.currentA,
    setPulseS: write.pulseS,
    resetPulseS: write.pulseS,
    setEnergyJ: write.energyJ,
    resetEnergyJ: write.energyJ,
  };
}

/** The NVSim `.cell` text for the cell this input uses (the device layer's write point when given). */
export function exportNvsimCell(input: ArrayInput): string {
  const tech = technology(input.tech);
  let c: CellSpec = input.cell ?? tech.cell;
  const lines = [`// written by mram-explorer for ${input.tech} at ${input.nodeNm} nm`];
  const sotPoint = input.mramWrite ?? tech.nominalWrite;
  // The write comes from the models unless the input's cell fixes it (a geometry-only cell, as the STT cell
  // sized by its access transistor, takes the write as the array model does: resolveCell).
  const fixed = inputCellFixesWrite(input);
  if (tech.writePath === 'separate' && !fixed && sotPoint) {
    // NVSim has no three-terminal cell: the SOT write (through the heavy-metal line) is exported as the
    // set/reset of an MRAM cell with the SOT cell's geometry.
    const w = tech.writeModel(sotPoint, { temperatureK: input.temperatureK ?? DEFAULT_TEMPERATURE_K });
    const r = tech.readModel();
    lines.push(
      `// ${tech.label}: write through the heavy-metal line at ${num(sotPoint.voltageV)} V, ${num(sotPoint.pulseWidthS * 1e9)} ns`,
    );
    c = withWrite(c, r.resistancePOhm, r.resistanceApOhm, r.readVoltageV, {
      currentA: w.currentA,
      pulseS: sotPoint.pulseWidthS,
      energyJ: w.energyJ.average,
    });
  }
  if (tech.writePath === 'shared' && !fixed && input.mramWrite) {
    const w = deviceWritePoint(input.mramWrite.device, input.mramWrite.voltageV, input.mramWrite.pulseWidthS);
    lines.push(
      `// write point from the device layer: ${num(input.mramWrite.voltageV)} V, ${num(input.mramWrite.pulseWidthS * 1e9)} ns`,
    );
    c = withWrite(c, w.resistancePOhm, w.resistanceApOhm, w.readVoltageV, {
      currentA: w.maxCurrentA,
      pulseS: input.mramWrite.pulseWidthS,
      energyJ: w.energyPerBitJ,
    });
  }
  lines.push(
    `-MemCellType: ${c.memCellType}`,
    `-CellArea (F^2): ${num(c.areaF2)}`,
    `-CellAspectRatio: ${num(c.aspectRatio)}`,
  );
  if (c.memCellType === 'MRAM') {
    const opt = (key: string, v: number | undefined, scale: number): void => {
      if (v !== undefined) lines.push(`-${key}: ${num(v / scale)}`);
    };
    opt('ResistanceOn (ohm)', c.resistanceOnOhm, 1);
    opt('ResistanceOff (ohm)', c.resistanceOffOhm, 1);
    lines.push(`-ReadMode: ${c.readMode}`);
    opt('ReadVoltage (V)', c.readVoltageV, 1);
    opt('MinSenseVoltage (mV)', c.minSenseVoltageV, 1e-3);
    opt('ReadPower (uW)', c.readPowerW, 1e-6);
    lines.push('-ResetMode: current');
    opt('ResetCurrent (uA)', c.resetCurrentA, 1e-6);
    opt('ResetPulse (ns)', c.resetPulseS, 1e-9);
    opt('ResetEnergy (pJ)', c.resetEnergyJ, 1e-12);
    lines.push('-SetMode: current');
    opt('SetCurrent (uA)', c.setCurrentA, 1e-6);
    opt('SetPulse (ns)', c.setPulseS, 1e-9);
    opt('SetEnergy (pJ)', c.setEnergyJ, 1e-12);
    lines.push('-AccessType: CMOS');
    opt('VoltageDropAccessDevice (V)', c.voltageDropAccessDeviceV, 1);
    lines.push(`-AccessCMOSWidth (F): ${num(c.accessCmosWidthF)}`);
  } else {
    lines.push(`-ReadMode: voltage`, '-AccessType: CMOS', `-AccessCMOSWidth (F): ${num(c.accessCmosWidthF)}`);
    lines.push(`-SRAMCellNMOSWidth (F): ${num(c.sramNmosWidthF ?? 2.08)}`);
    lines.push(`-SRAMCellPMOSWidth (F): ${num(c.sramPmosWidthF ?? 1.23)}`);
  }
  return lines.join('\n') + '\n';
}

/** The NVSim `.cfg` text for this input (same wire, routing and sensing options as our reference runs). */
export function exportNvsimCfg(
  input: ArrayInput,
  cellFileName = input.tech === 'sram' ? 'SRAM.cell' : `${input.tech}.cell`,
): string {
  const kb = input.capacityBytes / (input.banks ?? 1) / 1024;
  const cap = kb >= 1024 && kb % 1024 === 0 ? `-Capacity (MB): ${kb / 1024}` : `-Capacity (KB): ${kb}`;
  const lines = [
    `// written by mram-explorer: ${input.tech}, ${input.capacityBytes} B, ${input.nodeNm} nm, ${input.roadmap}`,
    '-DesignTarget: RAM',
    `-OptimizationTarget: ${TARGET_NAMES[input.target]}`,
    '-EnablePruning: Yes',
    `-ProcessNode: ${Math.round(input.nodeNm)}`,
    cap,
    `-WordWidth (bit): ${input.wordBits}`,
    `-DeviceRoadmap: ${input.roadmap.toUpperCase()}`,
    '-LocalWireType: LocalAggressive',
    '-LocalWireRepeaterType: RepeatedNone',
    '-LocalWireUseLowSwing: No',
    '-GlobalWireType: GlobalAggressive',
    '-GlobalWireRepeaterType: RepeatedNone',
    '-GlobalWireUseLowSwing: No',
    '-Routing: H-tree',
    '-InternalSensing: true',
    `-MemoryCellInputFile: ${cellFileName}`,
    `-Temperature (K): ${Math.round(input.temperatureK ?? DEFAULT_TEMPERATURE_K)}`,
    '-BufferDesignOptimization: latency',
    '-UseCactiAssumption: Yes',
  ];
  if (input.banks && input.banks > 1) {
    lines.splice(
      1,
      0,
      `// NVSim models one bank: the capacity above is per bank (${input.banks} banks in our configuration)`,
    );
  }
  return lines.join('\n') + '\n';
}
