/**
 * Temperature scaling, process variation and the thermal-activation exponent of the device layer, and their
 * CLI contract (--temperature, --sigma-*, --worst-percentile, --thermal-exponent, --model; JSON werModel,
 * werArrayMean, werWorstBit). Expected numbers are hand calculations written beside each expectation.
 */
import { describe, expect, it } from 'vitest';
import { deviceCommand } from '../../src/cli/commands/device.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { FieldError } from '../../src/models/errors.ts';
import {
  defaultDeviceParams,
  deriveDevice,
  evaluateWrite,
  readDisturbProbability,
  validateDeviceParams,
  type DeviceParams,
} from '../../src/models/device/index.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('temperature: Delta and Ic0 fall as T rises (Bloch Ms(T), K ~ Ms^n)', () => {
  it('300 K -> 358 K: Delta 60 -> 44.456, Ic0 x 0.88418 (hand values)', () => {
    // Bloch, Tc = 1000 K, p = 1.5: Ms(358)/Ms(300) = (1 - 0.358^1.5) / (1 - 0.3^1.5)
    //   0.358^1.5 = 0.358 * 0.598331 = 0.214203; 0.3^1.5 = 0.3 * 0.547723 = 0.164317
    //   ratio = 0.785797 / 0.835683 = 0.940305; K ratio (n = 2) = 0.884174
    // Delta = K V / (kB T): 60 * 0.884174 * 300 / 358 = 44.456;  Ic0 ~ alpha kB T Delta ~ K V: x 0.884174
    const cold = deriveDevice(defaultDeviceParams);
    const hot = deriveDevice({ ...defaultDeviceParams, temperatureK: 358 });
    expect(cold.thermalStability).toBeCloseTo(60, 10);
    expect(rel(hot.thermalStability, 44.456)).toBeLessThan(1e-4);
    expect(rel(hot.criticalCurrentA.pToAp / cold.criticalCurrentA.pToAp, 0.884174)).toBeLessThan(1e-5);
    expect(hot.thermalStability).toBeLessThan(cold.thermalStability);
    expect(hot.criticalCurrentA.apToP).toBeLessThan(cold.criticalCurrentA.apToP);
    // Hk ~ K / Ms ~ Ms^(n-1): x 0.940305
    expect(rel(hot.hkAPerM / cold.hkAPerM, 0.940305)).toBeLessThan(1e-5);
    // a hotter bit writes more easily: the WER at the same write falls
    const wCold = evaluateWrite(defaultDeviceParams, 0.7, 10e-9);
    const wHot = evaluateWrite({ ...defaultDeviceParams, temperatureK: 358 }, 0.7, 10e-9);
    expect(wHot.wer.pToAp).toBeLessThan(wCold.wer.pToAp);
  });
  it('a temperature at or above the Curie point is a named-field error (model and CLI)', async () => {
    expect(() => validateDeviceParams({ ...defaultDeviceParams, temperatureK: 1000 })).toThrow(
      /device\.temperatureK.*Curie/,
    );
    expect(() => validateDeviceParams({ ...defaultDeviceParams, curieTemperatureK: 550, temperatureK: 600 })).toThrow(
      FieldError,
    );
    await expect(deviceCommand.run(['--temperature', '1200K'], fakeIo().io)).rejects.toMatchObject({
      field: '--temperature',
    });
  });
});

describe('thermal-activation exponent b', () => {
  it('read disturb with b = 2: Delta 60, i_r 0.25 -> barrier 33.75, P = 2 e^-33.75 = 4.4014e-15', () => {
    // t_r / tau0 = 2; e^-33.75 = e^-33 e^-0.75 = 4.65888e-15 * 0.472367 = 2.20070e-15
    expect(rel(readDisturbProbability(60, 0.25, 2e-9, 1e-9, 2), 4.4014e-15)).toBeLessThan(1e-4);
    // b = 1 keeps the linear (Sharrock) form: barrier 45
    expect(rel(readDisturbProbability(60, 0.25, 2e-9, 1e-9, 1), 2 * Math.exp(-45))).toBeLessThan(1e-9);
  });
  it('b = 2 gives the lower barrier at 0 < i < 1 ((1 - i)^2 < 1 - i), so a larger disturb; only 1 or 2 accepted', () => {
    const p2 = evaluateWrite({ ...defaultDeviceParams, thermalExponent: 2 }, 0.8, 5e-9);
    const p1 = evaluateWrite({ ...defaultDeviceParams, thermalExponent: 1 }, 0.8, 5e-9);
    expect(p2.readDisturbProbability).toBeGreaterThan(p1.readDisturbProbability);
    // retention is at zero current: the same for both
    expect(p2.retentionFailureProbability).toBe(p1.retentionFailureProbability);
    expect(() => validateDeviceParams({ ...defaultDeviceParams, thermalExponent: 1.5 })).toThrow(/thermalExponent/);
  });
});

describe('process variation: array-mean and worst-bit WER', () => {
  const V = 0.7;
  const t = 10e-9;
  const withSigma = (s: number, extra: Partial<DeviceParams> = {}): DeviceParams => ({
    ...defaultDeviceParams,
    sigmaDiameter: s,
    sigmaDelta: s,
    sigmaRa: s,
    sigmaTmr: s,
    ...extra,
  });
  it('no spread: the array is the nominal bit', () => {
    const r = evaluateWrite(defaultDeviceParams, V, t);
    expect(r.werArrayMean).toEqual(r.wer);
    expect(r.werWorstBit).toEqual(r.wer);
  });
  it('array mean >= nominal and grows with sigma (both directions, both models)', () => {
    for (const werModel of ['fp', 'closed-form'] as const) {
      const nominal = evaluateWrite({ ...defaultDeviceParams, werModel }, V, t);
      const s5 = evaluateWrite(withSigma(0.05, { werModel }), V, t);
      const s10 = evaluateWrite(withSigma(0.1, { werModel }), V, t);
      for (const d of ['pToAp', 'apToP'] as const) {
        expect(s5.wer[d]).toBe(nominal.wer[d]); // wer.* stays the nominal bit
        expect(s5.werArrayMean[d]).toBeGreaterThan(nominal.wer[d]);
        expect(s10.werArrayMean[d]).toBeGreaterThan(s5.werArrayMean[d]);
      }
    }
  });
  it('worst-bit WER rises with the percentile', () => {
    const a = evaluateWrite(withSigma(0.05, { worstPercentile: 50 }), V, t);
    const b = evaluateWrite(withSigma(0.05, { worstPercentile: 99 }), V, t);
    const c = evaluateWrite(withSigma(0.05, { worstPercentile: 99.9 }), V, t);
    for (const d of ['pToAp', 'apToP'] as const) {
      expect(b.werWorstBit[d]).toBeGreaterThan(a.werWorstBit[d]);
      expect(c.werWorstBit[d]).toBeGreaterThan(b.werWorstBit[d]);
    }
  });
  it('the quadrature equals a brute-force integral over bits built as nominal devices (RA spread, diameter spread)', () => {
    // Independent path: each bit is a nominal device with its own RA (or diameter, with Delta ~ volume), evaluated
    // by evaluateWrite; the mean is a fine trapezoid over the log-normal factor exp(s z - s^2/2), s^2 = ln(1 + sigma^2).
    const sigma = 0.1;
    const s = Math.sqrt(Math.log1p(sigma * sigma));
    const cases: [Partial<DeviceParams>, (z: number) => Partial<DeviceParams>, number, number][] = [
      [
        { sigmaRa: sigma, werModel: 'closed-form' },
        (z) => ({ raOhmM2: 5e-12 * Math.exp(s * z - (s * s) / 2) }),
        321,
        0.01,
      ],
      [
        { sigmaDiameter: sigma, werModel: 'fp' },
        (z) => {
          const a = Math.exp(s * z - (s * s) / 2);
          return { diameterM: 40e-9 * a, delta: 60 * a * a };
        },
        61,
        0.05,
      ],
    ];
    for (const [spread, bit, n, tol] of cases) {
      const quad = evaluateWrite({ ...defaultDeviceParams, ...spread }, V, t);
      const brute = { pToAp: 0, apToP: 0 };
      const lo = -6;
      const h = 12 / (n - 1);
      for (let k = 0; k < n; k++) {
        const z = lo + k * h;
        const w = (k === 0 || k === n - 1 ? 0.5 : 1) * h * (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
        const r = evaluateWrite({ ...defaultDeviceParams, werModel: spread.werModel!, ...bit(z) }, V, t);
        brute.pToAp += w * r.wer.pToAp;
        brute.apToP += w * r.wer.apToP;
      }
      expect(rel(quad.werArrayMean.pToAp, brute.pToAp)).toBeLessThan(tol);
      expect(rel(quad.werArrayMean.apToP, brute.apToP)).toBeLessThan(tol);
    }
  });
});

function fakeIo() {
  const out: string[] = [];
  const io: CliIO = { out: (x) => out.push(x), err: () => undefined, readFile: () => '', writeFile: () => undefined };
  return { io, out };
}

type Dir = { pToAp: number; apToP: number };
interface DeviceDoc {
  werModel: string;
  wer: Dir;
  werClosedForm: Dir;
  werArrayMean: Dir;
  werWorstBit: Dir;
}

async function json(argv: string[]): Promise<DeviceDoc> {
  const f = fakeIo();
  expect(await deviceCommand.run([...argv, '--json'], f.io)).toBe(0);
  return JSON.parse(f.out[0]!) as DeviceDoc;
}

describe('device CLI: model, spreads, percentile, exponent', () => {
  it('JSON adds werModel, werArrayMean.*, werWorstBit.*; --model closed-form; 5% equals 0.05', async () => {
    const fp = await json(['--voltage', '0.7V', '--pulse', '10ns']);
    expect(fp.werModel).toBe('fp');
    const cf = await json(['--voltage', '0.7V', '--pulse', '10ns', '--model', 'closed-form']);
    expect(cf.werModel).toBe('closed-form');
    expect(cf.wer).toEqual(cf.werClosedForm);
    const a = await json(['--voltage', '0.7V', '--pulse', '10ns', '--sigma-tmr', '5%', '--model', 'closed-form']);
    const b = await json(['--voltage', '0.7V', '--pulse', '10ns', '--sigma-tmr', '0.05', '--model', 'closed-form']);
    expect(a.werArrayMean).toEqual(b.werArrayMean);
    for (const d of ['pToAp', 'apToP'] as const) {
      expect(typeof a.werArrayMean[d]).toBe('number');
      expect(typeof a.werWorstBit[d]).toBe('number');
    }
    // A TMR spread moves R_AP only: the AP->P write (which starts in AP) spreads, so its mean over the array
    // exceeds the nominal bit's (Jensen: the WER is convex in the current near the tail); the P->AP write starts
    // at R_P, which TMR does not change, so its mean is the nominal bit's up to rounding.
    expect(a.werArrayMean.apToP).toBeGreaterThan(cf.wer.apToP);
    expect(Math.abs(a.werArrayMean.pToAp / cf.wer.pToAp - 1)).toBeLessThan(1e-9);
  });
  it('bad spreads, percentiles and exponents name the flag', async () => {
    const field = async (argv: string[]) => {
      try {
        await deviceCommand.run(argv, fakeIo().io);
      } catch (e) {
        expect(e).toBeInstanceOf(FieldError);
        return (e as FieldError).field;
      }
      return 'no error';
    };
    expect(await field(['--sigma-diameter', '-0.1'])).toBe('--sigma-diameter');
    expect(await field(['--sigma-delta', '-5%'])).toBe('--sigma-delta');
    expect(await field(['--sigma-ra', 'lots'])).toBe('--sigma-ra');
    expect(await field(['--sigma-tmr', '80%'])).toBe('--sigma-tmr');
    expect(await field(['--worst-percentile', '0'])).toBe('--worst-percentile');
    expect(await field(['--worst-percentile', '100'])).toBe('--worst-percentile');
    expect(await field(['--thermal-exponent', '1.5'])).toBe('--thermal-exponent');
    expect(await field(['--model', 'spice'])).toBe('--model');
  });
});
