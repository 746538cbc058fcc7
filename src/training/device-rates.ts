/**
 * Write-error rates from the device layer. A stored logical 1 is the AP (high-resistance) state, so a
 * 0 -> 1 switch is a P -> AP write (wer.pToAp) and 1 -> 0 is AP -> P (wer.apToP).
 */
import { type DeviceParams, defaultDeviceParams, evaluateWrite } from '../models/device/index.ts';
import { technology, type WritePoint } from '../models/tech/index.ts';
import { FieldError } from '../models/errors.ts';

export interface DeviceRates {
  /** P -> AP write error rate, used for 0 -> 1 switches. */
  rate01: number;
  /** AP -> P write error rate, used for 1 -> 0 switches. */
  rate10: number;
  /** Write energy per driven bit per direction, J. */
  writeEnergyJ: { pToAp: number; apToP: number };
}

/**
 * Rates at cell voltage `voltageV` and pulse `pulseWidthS` (throws FieldError for bad inputs). The channel uses
 * the array-mean WER (the nominal bit's WER when the device has no parameter spreads): a tensor is spread over
 * many bits, so the expected number of failed writes is set by the mean over the array's bits.
 */
export function ratesFromDevice(
  voltageV: number,
  pulseWidthS: number,
  params: DeviceParams = defaultDeviceParams,
): DeviceRates {
  const w = evaluateWrite(params, voltageV, pulseWidthS);
  return {
    rate01: w.werArrayMean.pToAp,
    rate10: w.werArrayMean.apToP,
    writeEnergyJ: { pToAp: w.writeEnergyJ.pToAp, apToP: w.writeEnergyJ.apToP },
  };
}

/**
 * Rates of a registry technology (src/models/tech) at a write point, default its own nominal write (SOT-MRAM);
 * SRAM's are 0. Throws FieldError for an unknown technology or bad write point.
 */
export function ratesFromTechnology(name: string, point?: WritePoint, temperatureK?: number): DeviceRates {
  const t = technology(name);
  const p = point ?? t.nominalWrite;
  if (!p) {
    if (t.writePath === 'latch') return { rate01: 0, rate10: 0, writeEnergyJ: { pToAp: 0, apToP: 0 } };
    throw new FieldError('writePoint', point, `a write point for ${t.id} (it has no nominal write of its own)`);
  }
  const w = t.writeModel(p, temperatureK !== undefined ? { temperatureK } : {});
  return {
    rate01: w.wer.pToAp,
    rate10: w.wer.apToP,
    writeEnergyJ: { pToAp: w.energyJ.pToAp, apToP: w.energyJ.apToP },
  };
}
