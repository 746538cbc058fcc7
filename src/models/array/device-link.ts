/**
 * The array layer's only contact with the device layer: the cell write point (per-bit energy, current,
 * resistances and read voltage) at a given write voltage and pulse width.
 */
import { defaultDeviceParams, evaluateWrite, type DeviceParams } from '../device/index.ts';

/** What the array needs from the device layer for one write point (SI). */
export interface DeviceWritePoint {
  /** Expected switching energy per bit written (mean of the two directions), J. */
  energyPerBitJ: number;
  /** Largest write current of the two directions, A. */
  maxCurrentA: number;
  /** MTJ resistance in the P and AP states, Ohm. */
  resistancePOhm: number;
  resistanceApOhm: number;
  /** Read voltage across the cell, V. */
  readVoltageV: number;
}

/** Evaluate the device layer at (voltageV, pulseWidthS); throws FieldError on bad input. */
export function deviceWritePoint(
  device: DeviceParams | undefined,
  voltageV: number,
  pulseWidthS: number,
): DeviceWritePoint {
  const p = device ?? defaultDeviceParams;
  const w = evaluateWrite(p, voltageV, pulseWidthS);
  return {
    energyPerBitJ: w.writeEnergyJ.average,
    maxCurrentA: Math.max(w.writeCurrentA.pToAp, w.writeCurrentA.apToP),
    resistancePOhm: w.resistanceOhm.p,
    resistanceApOhm: w.resistanceOhm.ap,
    readVoltageV: p.readVoltageV,
  };
}
