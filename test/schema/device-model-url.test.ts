/** URL fields of the device model: the WER model, spreads, percentile and thermal exponent are optional. */
import { describe, expect, it } from 'vitest';
import { decodeConfig, encodeConfig } from '../../src/schema/url.ts';

describe('device model URL fields', () => {
  it('a v=2 link without the new fields loads on their defaults (Fokker-Planck, no spread, b = 2)', () => {
    const r = decodeConfig('?v=2&V=0.7&pulse=5ns');
    expect(r.issues).toEqual([]);
    expect(r.config.deviceParams.werModel).toBe('fp');
    expect(r.config.deviceParams.sigmaDiameter).toBe(0);
    expect(r.config.deviceParams.worstPercentile).toBe(99);
    expect(r.config.deviceParams.thermalExponent).toBe(2);
  });
  it('round-trips the model, spreads, percentile and exponent', () => {
    const q =
      '?v=2&d.model=closed-form&d.sigma-diameter=0.05&d.sigma-delta=0.1&d.sigma-ra=0.02&d.sigma-tmr=0.03&d.worst-percentile=99.9&d.thermal-exponent=1';
    const r = decodeConfig(q);
    expect(r.issues).toEqual([]);
    const d = r.config.deviceParams;
    expect([
      d.werModel,
      d.sigmaDiameter,
      d.sigmaDelta,
      d.sigmaRa,
      d.sigmaTmr,
      d.worstPercentile,
      d.thermalExponent,
    ]).toEqual(['closed-form', 0.05, 0.1, 0.02, 0.03, 99.9, 1]);
    expect(decodeConfig(encodeConfig(r.config)).config).toEqual(r.config);
  });
  it('bad values are named issues and keep their defaults', () => {
    const r = decodeConfig('?v=2&d.model=spice&d.sigma-ra=-0.1&d.worst-percentile=100');
    expect(r.issues.map((i) => i.field).sort()).toEqual(
      ['deviceParams.sigmaRa', 'deviceParams.werModel', 'deviceParams.worstPercentile'].sort(),
    );
    expect(r.config.deviceParams.sigmaRa).toBe(0);
  });
});
