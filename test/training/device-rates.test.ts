/** The training channel takes the array-mean write error rate (issue: variation). */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/schema/schema.ts';
import { deviceParamsFor } from '../../src/evaluate/adapter.ts';
import { ratesFor } from '../../src/training/from-config.ts';
import { ratesFromDevice } from '../../src/training/device-rates.ts';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';

describe('training rates from the device', () => {
  it('with spreads, the channel uses the array mean (above the nominal bit), without them the nominal WER', () => {
    const spread = { ...defaultDeviceParams, werModel: 'closed-form' as const, sigmaDelta: 0.1 };
    const w = evaluateWrite(spread, 0.7, 5e-9);
    const r = ratesFromDevice(0.7, 5e-9, spread);
    expect(r.rate01).toBe(w.werArrayMean.pToAp);
    expect(r.rate10).toBe(w.werArrayMean.apToP);
    expect(r.rate01).toBeGreaterThan(w.wer.pToAp);
    const c = defaultConfig();
    const plain = ratesFor(c);
    // the configuration's device: its access transistor is the adapter's (one per configuration)
    const nominal = evaluateWrite(deviceParamsFor(c), c.device.voltageV, c.device.pulseWidthS);
    expect(plain.relaxed.rate01).toBe(nominal.wer.pToAp);
    const spreadCfg = { ...c, deviceParams: { ...c.deviceParams, werModel: 'closed-form' as const, sigmaRa: 0.1 } };
    const rs = ratesFor(spreadCfg);
    const ws = evaluateWrite(deviceParamsFor(spreadCfg), c.device.voltageV, c.device.pulseWidthS);
    expect(rs.relaxed.rate10).toBe(ws.werArrayMean.apToP);
    expect(rs.relaxed.rate10).toBeGreaterThan(ws.wer.apToP);
  });
});
