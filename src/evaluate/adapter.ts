/**
 * The one translation from an explorer configuration to each model layer's inputs. Every consumer
 * (the analytic evaluation, the sweep points, the training rates, the CLI) goes through here, so one
 * configuration means the same device, the same write points and the same system everywhere.
 *
 * - The access transistor: one resistance per configuration (accessResistanceFor), seen by the device
 *   curves, the array's MRAM writes, the system and the training rates alike.
 * - The write points: the relaxed and nominal (voltage, pulse) of the configuration, translated once
 *   (writePointsFor / writePointFor).
 */
import type { ArrayInput } from '../models/array/index.ts';
import type { DeviceParams } from '../models/device/index.ts';
import { mramAccess, type AccessSizing, type MemoryKind, type SystemConfig } from '../models/system/index.ts';
import { placementOption, systemKindOf, technology } from '../models/tech/index.ts';
import type { ExplorerConfig, Placement } from '../schema/schema.ts';

export interface WritePoint {
  voltageV: number;
  pulseWidthS: number;
}

/**
 * The MRAM cell's access transistor of a configuration: its width (system.accessWidthF, 'auto' = sized for
 * the nominal write), the cell it gives, and its resistance at the node, roadmap and temperature.
 */
export function accessFor(c: ExplorerConfig): AccessSizing {
  return mramAccess({
    device: c.deviceParams,
    nominalWrite: writePointsFor(c).nominal,
    nodeNm: c.array.nodeNm,
    roadmap: c.array.roadmap,
    temperatureK: c.deviceParams.temperatureK,
    widthF: c.system.accessWidthF,
  });
}

/**
 * The MRAM access-transistor resistance of a configuration, ohm: the array's transistor (accessFor) at the
 * node, roadmap, temperature and width (system.accessR = 'array'), or the device field (system.accessR = 'device').
 */
export function accessResistanceFor(c: ExplorerConfig): number {
  return c.system.accessR === 'array' ? accessFor(c).resistanceOhm : c.deviceParams.accessResistanceOhm;
}

/** The device parameters of a configuration, with its one access-transistor resistance. */
export function deviceParamsFor(c: ExplorerConfig): DeviceParams {
  const r = accessResistanceFor(c);
  return r === c.deviceParams.accessResistanceOhm ? c.deviceParams : { ...c.deviceParams, accessResistanceOhm: r };
}

/** The two write points of a configuration: nominal (reliable) and relaxed. */
export function writePointsFor(c: ExplorerConfig): { nominal: WritePoint; relaxed: WritePoint } {
  return {
    nominal: { voltageV: c.device.nominalVoltageV, pulseWidthS: c.device.nominalPulseWidthS },
    relaxed: { voltageV: c.device.voltageV, pulseWidthS: c.device.pulseWidthS },
  };
}

/**
 * The configuration's write point of a placement: the nominal or relaxed STT write; undefined for SRAM
 * (no MRAM write) and for a technology that writes at its own point (the registry's, e.g. SOT-MRAM).
 */
export function writePointFor(c: ExplorerConfig, p: Placement): WritePoint | undefined {
  const w = writePointsFor(c);
  const o = placementOption(p);
  return o?.write === 'nominal' ? w.nominal : o?.write === 'relaxed' ? w.relaxed : undefined;
}

/**
 * The array-layer input of a configuration at a capacity, for a technology of the registry. The
 * configuration's write points are STT-MRAM's (the technology whose read and write share the MTJ path);
 * other technologies write at their own point (the registry's).
 */
export function arrayInputFor(
  c: ExplorerConfig,
  tech: ArrayInput['tech'],
  capacityBytes: number,
  write: 'nominal' | 'relaxed',
): ArrayInput {
  const input: ArrayInput = {
    tech,
    capacityBytes,
    wordBits: c.array.wordBits,
    nodeNm: c.array.nodeNm,
    roadmap: c.array.roadmap,
    target: 'read-edp',
    // One operating temperature for device and array (the device field).
    temperatureK: c.deviceParams.temperatureK,
  };
  if (technology(tech).writePath === 'shared') {
    input.mramWrite = { ...writePointsFor(c)[write], device: deviceParamsFor(c) };
    input.cell = accessFor(c).cell;
  }
  return input;
}

/** Placement of the schema -> memory kind of the system model (the registry's vocabulary). */
export const MEMORY_KIND = (p: Placement): MemoryKind => systemKindOf(p);

/** The system-layer configuration of an explorer configuration. */
export function systemConfigFor(c: ExplorerConfig): SystemConfig {
  const w = writePointsFor(c);
  return {
    network: c.accelerator.network,
    rows: c.accelerator.rows,
    cols: c.accelerator.cols,
    dataflow: c.accelerator.dataflow,
    batch: c.accelerator.batch,
    capacity: { totalBytes: c.array.capacityBytes },
    placement: {
      weights: MEMORY_KIND(c.placement.weights),
      activations: MEMORY_KIND(c.placement.activations),
      errors: MEMORY_KIND(c.placement.errors),
      weightGradients: MEMORY_KIND(c.placement.weightGradients),
    },
    nodeNm: c.array.nodeNm,
    roadmap: c.array.roadmap,
    nominalWrite: w.nominal,
    relaxedWrite: w.relaxed,
    isoMode: c.array.iso,
    device: c.deviceParams,
    ...systemChoicesFor(c),
  };
}

/**
 * The system-model choices of an explorer configuration. One temperature (the device's field) drives the
 * device and the array; one access transistor (accessFor's inputs) the device and the system.
 */
export function systemChoicesFor(c: ExplorerConfig): Partial<SystemConfig> {
  const s = c.system;
  return {
    // The stored number format is one field, shared by energy (element size, MAC precision) and accuracy.
    precision: c.training.format,
    banks: s.banks === 'auto' ? 'auto' : Number(s.banks),
    accumulator: s.accumulator,
    gating: s.gating === 'on',
    sramCell: s.sramCell,
    readBeforeWrite: s.rbw === 'on',
    switchingFraction: { ...s.switching },
    protect: { ...c.protect },
    temperatureK: c.deviceParams.temperatureK,
    // The system sizes the same transistor from the same inputs (src/models/system/access-sizing.ts).
    accessResistanceOhm: s.accessR === 'array' ? 'array' : c.deviceParams.accessResistanceOhm,
    accessWidthF: s.accessWidthF,
    ...(s.gemmDataflow === 'best' ? { dataflowChoice: 'best' as const } : {}),
  };
}
