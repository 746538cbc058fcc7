/** URL decoding: what the accepted ranges write is itself accepted; repeated keys and unknown names are reported. */
import { describe, expect, it } from 'vitest';
import { FIELDS, acceptedText } from '../../src/schema/schema.ts';
import { decodeConfig, decodeValue } from '../../src/schema/url.ts';

describe('accepted ranges are written in units the field accepts (item 9)', () => {
  it('the cases of the issue', () => {
    const d = decodeConfig('V=100mV&node=22nm&word=512bit&d.temperature=300K&nomV=1.5 V');
    expect(d.issues).toEqual([]);
    expect(d.config.device.voltageV).toBe(0.1);
    expect(d.config.array.nodeNm).toBe(22);
    expect(d.config.array.wordBits).toBe(512);
    expect(d.config.deviceParams.temperatureK).toBe(300);
    expect(d.config.device.nominalVoltageV).toBe(1.5);
  });
  it('every numeric field: both bounds, as its message writes them, decode to the bounds', () => {
    for (const f of FIELDS) {
      if (f.kind !== 'number' && f.kind !== 'int') continue;
      // "[lo, hi]", with "(" or ")" on an exclusive side (the Fokker-Planck percentile is in (0, 100))
      const m = /[[(]([^,]+), ([^\])]+)[\])]/.exec(acceptedText(f));
      expect(m, f.key).not.toBeNull();
      if (!(f.kind === 'number' && f.minExclusive)) expect(decodeValue(f, m![1]!), `${f.key} ${m![1]}`).toBe(f.min);
      if (!(f.kind === 'number' && f.maxExclusive)) expect(decodeValue(f, m![2]!), `${f.key} ${m![2]}`).toBe(f.max);
    }
  });
});

describe('refused instead of silently accepted (item 10)', () => {
  it('a repeated key keeps the first value and is reported', () => {
    const d = decodeConfig('V=0.8&V=0.9');
    expect(d.config.device.voltageV).toBe(0.8);
    expect(d.issues.length).toBe(1);
    expect(d.issues[0]!.message).toMatch(/^V: "0.9" is not accepted \(accepted: each key once\): repeated key/);
  });
  it('hide= names must be controls (URL keys)', () => {
    const d = decodeConfig('hide=V,foo');
    expect(d.issues.map((i) => i.field)).toEqual(['ui.hide']);
    expect(d.issues[0]!.message).toMatch(/"V,foo" is not accepted .*control ids/);
    expect(decodeConfig('hide=V,pulse').config.ui.hide).toEqual(['V', 'pulse']);
  });
  it('talk=1&scene=-1 reports the scene', () => {
    const d = decodeConfig('talk=1&scene=-1');
    expect(d.issues.map((i) => i.field)).toEqual(['ui.scene']);
  });
  it('a 50 MB value gives a short issue, fast (item 11)', () => {
    const t0 = performance.now();
    const d = decodeConfig('seed=' + '9'.repeat(50 * 1024 * 1024));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(d.issues.length).toBe(1);
    expect(d.issues[0]!.message.length).toBeLessThan(300);
  });
});

describe('backend= pins the training backend (item 13)', () => {
  it('is optional (auto), accepts the five names and refuses others', () => {
    expect(decodeConfig('v=2&seed=1').config.training.backend).toBe('auto');
    for (const b of ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])
      expect(decodeConfig(`backend=${b}`).config.training.backend).toBe(b);
    expect(decodeConfig('backend=tpu').issues[0]!.field).toBe('training.backend');
  });
});
