import { describe, expect, it } from 'vitest';
import { FIELD_BY_PATH, type FieldDef } from '../../src/schema/schema.ts';
import { acceptedDisplay, formatFieldValue, parseFieldInput } from '../../src/schema/field-input.ts';

const F = (path: string): FieldDef => FIELD_BY_PATH.get(path)!;

describe('value fields read what people type', () => {
  it('write voltage: "0.8V", "0.8 V", "800 mV", "800mV", "0.8", "800m" are all 0.8 V', () => {
    for (const t of ['0.8V', '0.8 V', '800 mV', '800mV', '0.8', ' 0.8 ', '800m'])
      expect(parseFieldInput(F('device.voltageV'), t)).toBe(0.8);
  });
  it('pulse: "5 ns", "5ns", "5e-9", "5000 ps", "0.005 µs", "0.005us" are all 5e-9 s', () => {
    for (const t of ['5 ns', '5ns', '5e-9', '5000 ps', '0.005 µs', '0.005us', '5e-9 s'])
      expect(parseFieldInput(F('device.pulseWidthS'), t)).toBe(5e-9);
  });
  it('temperature "350K", "350 K", "350" are 350 K', () => {
    for (const t of ['350K', '350 K', '350']) expect(parseFieldInput(F('deviceParams.temperatureK'), t)).toBe(350);
  });
  it('RA in Ω·µm² (display unit) or in Ω·m²; 1 Ω·µm² = 1e-12 Ω·m²', () => {
    const ra = F('deviceParams.raOhmM2');
    for (const t of ['5', '5 Ω·µm²', '5 ohm um^2', '5Ωµm2', '5 Ohm·um²', '5e-12 Ω·m²'])
      expect(parseFieldInput(ra, t)).toBe(5e-12);
    expect(formatFieldValue(ra, 5e-12)).toBe('5 Ω·µm²');
    // schema range (0, 1e-9] Ω·m² = (0, 1000] Ω·µm²
    expect(acceptedDisplay(ra)).toBe('a number in (0 Ω·µm², 1000 Ω·µm²]');
  });
  it('retention window in years: 10 yr = 10 × 365.25 × 86400 s = 315 576 000 s', () => {
    const r = F('deviceParams.retentionWindowS');
    expect(parseFieldInput(r, '10 yr')).toBe(315576000);
    expect(parseFieldInput(r, '10')).toBe(315576000);
    expect(parseFieldInput(r, '315.576 Ms')).toBe(315576000);
    expect(formatFieldValue(r, 315576000)).toBe('10 yr');
  });
  it('access resistance in kΩ, Ms in MA/m, diameter in nm, TMR in %', () => {
    expect(parseFieldInput(F('deviceParams.accessResistanceOhm'), '1.5 kΩ')).toBe(1500);
    expect(parseFieldInput(F('deviceParams.accessResistanceOhm'), '1.5k ohm')).toBe(1500);
    expect(formatFieldValue(F('deviceParams.accessResistanceOhm'), 1500)).toBe('1.5 kΩ');
    expect(parseFieldInput(F('deviceParams.msAPerM'), '1 MA/m')).toBe(1e6);
    expect(formatFieldValue(F('deviceParams.msAPerM'), 1e6)).toBe('1 MA/m');
    expect(parseFieldInput(F('deviceParams.diameterM'), '40 nm')).toBe(40e-9);
    expect(formatFieldValue(F('deviceParams.diameterM'), 40e-9)).toBe('40 nm');
    expect(parseFieldInput(F('deviceParams.tmr0'), '120 %')).toBe(1.2);
    expect(formatFieldValue(F('deviceParams.tmr0'), 1.2)).toBe('120 %');
    expect(formatFieldValue(F('device.voltageV'), 0.7)).toBe('0.7 V');
    expect(formatFieldValue(F('device.pulseWidthS'), 5e-9)).toBe('5 ns');
  });
  it('integer fields with a unit: "22 nm" and "22"', () => {
    expect(parseFieldInput(F('array.nodeNm'), '22 nm')).toBe(22);
    expect(parseFieldInput(F('array.nodeNm'), '32')).toBe(32);
    expect(parseFieldInput(F('accelerator.rows'), '48')).toBe(48);
  });
  it('refuses a wrong unit, a wrong prefix, garbage and out-of-range values, naming field, text and range', () => {
    const v = F('device.voltageV');
    expect(() => parseFieldInput(v, '0.8 s')).toThrow(
      'device.voltageV: "0.8 s" is not accepted (accepted: a number in [100mV, 1.5V])',
    );
    expect(() => parseFieldInput(v, '0.8 xV')).toThrow('"0.8 xV"');
    expect(() => parseFieldInput(v, 'abc')).toThrow('"abc"');
    expect(() => parseFieldInput(v, '2 V')).toThrow('[100mV, 1.5V]');
    expect(() => parseFieldInput(F('deviceParams.temperatureK'), '350 kK')).toThrow('deviceParams.temperatureK');
    expect(() => parseFieldInput(F('accelerator.rows'), '4.5')).toThrow('an integer in [1, 1024]');
    expect(() => parseFieldInput(F('device.pulseWidthS'), '-3ns')).toThrow('"-3ns"');
  });
});
